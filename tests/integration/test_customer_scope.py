"""What a `customer` user sees, through nginx (docs/api.md §5, review F5): their own customer record and its
appointments, nothing of users, e-mail templates or automated tasks, and calendar events as busy time only."""
import uuid

import pytest

HIDDEN_EVENT_KEYS = {"credential_id", "calendar_id", "provider_event_id", "source", "notes", "description"}


def ok(r, status=200):
    assert r.status_code == status, f"{r.request.method} {r.request.path_url}: {r.status_code} {r.text[:300]}"
    return r.json()


def envelope(r, status, code):
    assert r.status_code == status, f"{r.request.method} {r.request.path_url}: {r.status_code} {r.text[:300]}"
    body = r.json()
    assert body["success"] is False and body["code"] == code, body
    return body


def customer_token(stack, schema, email):
    stack.cli("user", "create", "--tenant", schema, "--email", email, "--role", "customer")
    return stack.cli("token", "create", email).strip()


@pytest.fixture(scope="module")
def shop(stack):
    """An enterprise tenant with two customers (C matches the customer user, D does not), one appointment each,
    one without a customer, a busy block and a free block on the calendar."""
    t = stack.new_tenant(plan="enterprise")

    def post(path, body):
        return ok(stack.post(path, host=t.host, token=t.token, json=body), 201)

    email = f"Cleo.{uuid.uuid4().hex[:6]}@Example.com"
    resource = post("/api/resources/", {"name": "Dr. X", "type": "staff"})
    service = post("/api/services/", {"name": "Biopsy", "duration_minutes": 30, "price_cents": 9000})
    mine = post("/api/customers/", {"name": "Cleo", "email": email, "notes": "allergic to latex"})
    theirs = post("/api/customers/", {"name": "Dora", "email": "dora@example.com", "notes": "private"})

    def appointment(hour, customer):
        body = {"resource_id": resource["id"], "service_id": service["id"],
                "start_time": f"2031-03-04T{hour:02d}:00:00Z", "notes": f"note {hour}"}
        if customer:
            body["customer_id"] = customer["id"]
        return post("/api/appointments/", body)

    appointments = {"mine": appointment(9, mine), "theirs": appointment(10, theirs), "nobody": appointment(11, None),
                    "mine_later": appointment(12, mine)}
    busy = post("/api/events/", {"title": "Dr. X - biopsy for Dora", "start_time": "2031-03-05T09:00:00Z",
                                 "end_time": "2031-03-05T10:00:00Z", "resource_id": resource["id"]})
    free = post("/api/events/", {"title": "Dr. X - lunch with family", "start_time": "2031-03-05T12:00:00Z",
                                 "end_time": "2031-03-05T13:00:00Z", "is_busy": False})
    token = customer_token(stack, t.schema, email.lower())
    return dict(t=t, token=token, mine=mine, theirs=theirs, appointments=appointments, busy=busy, free=free,
                resource=resource, service=service)


def get(stack, shop, path, **kw):
    return stack.get(path, host=shop["t"].host, token=shop["token"], **kw)


def test_customer_lists_and_reads_only_their_own_customer_record(stack, shop):
    listed = ok(get(stack, shop, "/api/customers/"))
    assert listed["count"] == 1 and [c["id"] for c in listed["results"]] == [shop["mine"]["id"]]
    assert ok(get(stack, shop, f"/api/customers/{shop['mine']['id']}/")) == shop["mine"]
    envelope(get(stack, shop, f"/api/customers/{shop['theirs']['id']}/"), 404, "not_found")
    # The owner still sees both.
    owner = ok(stack.get("/api/customers/", host=shop["t"].host, token=shop["t"].token))
    assert owner["count"] == 2


def test_customer_lists_and_reads_only_their_own_appointments(stack, shop):
    mine = [shop["appointments"]["mine"]["id"], shop["appointments"]["mine_later"]["id"]]
    listed = ok(get(stack, shop, "/api/appointments/"))
    assert listed["count"] == 2 and [a["id"] for a in listed["results"]] == mine
    # Counts follow the filtered rows, with and without list filters, on every page.
    first = ok(get(stack, shop, "/api/appointments/", params={"page_size": 1}))
    assert first["count"] == 2 and len(first["results"]) == 1 and first["next"]
    filtered = ok(get(stack, shop, "/api/appointments/", params={"resource_id": shop["resource"]["id"]}))
    assert filtered["count"] == 2 and [a["id"] for a in filtered["results"]] == mine
    assert ok(get(stack, shop, f"/api/appointments/{mine[0]}/")) == shop["appointments"]["mine"]
    for other in ("theirs", "nobody"):
        envelope(get(stack, shop, f"/api/appointments/{shop['appointments'][other]['id']}/"), 404, "not_found")
    owner = ok(stack.get("/api/appointments/", host=shop["t"].host, token=shop["t"].token))
    assert owner["count"] == 4


def test_customer_without_a_matching_record_sees_no_customers_or_appointments(stack, shop):
    stranger = customer_token(stack, shop["t"].schema, f"nobody-{uuid.uuid4().hex[:6]}@example.com")
    for kind in ("customers", "appointments"):
        listed = ok(stack.get(f"/api/{kind}/", host=shop["t"].host, token=stranger))
        assert listed["count"] == 0 and listed["results"] == []


@pytest.mark.parametrize("kind", ["users", "email-templates", "automated-tasks"])
def test_customer_is_refused_team_kinds(stack, shop, kind):
    t = shop["t"]
    row = None
    if kind != "users":
        body = {"name": "Reminder"}
        row = ok(stack.post(f"/api/{kind}/", host=t.host, token=t.token, json=body), 201)
    item = f"/api/{kind}/{row['id'] if row else 1}/"
    for method, path, body in [("GET", f"/api/{kind}/", None), ("GET", item, None),
                               ("POST", f"/api/{kind}/", {"name": "x"}), ("PATCH", item, {"name": "x"}),
                               ("DELETE", item, None)]:
        r = stack.request(method, path, host=t.host, token=shop["token"], json=body)
        envelope(r, 403, "permission_denied")


def test_customer_may_not_write_customers_or_appointments(stack, shop):
    t = shop["t"]
    mine = shop["appointments"]["mine"]
    body = {"resource_id": shop["resource"]["id"], "service_id": shop["service"]["id"],
            "customer_id": shop["mine"]["id"], "start_time": "2031-03-06T09:00:00Z"}
    for method, path, json in [("POST", "/api/appointments/", body),
                               ("PATCH", f"/api/appointments/{mine['id']}/", {"notes": "x"}),
                               ("DELETE", f"/api/appointments/{mine['id']}/", None),
                               ("PATCH", f"/api/customers/{shop['mine']['id']}/", {"notes": "x"})]:
        envelope(stack.request(method, path, host=t.host, token=shop["token"], json=json), 403, "permission_denied")


def test_customer_reads_resources_and_services_for_booking(stack, shop):
    assert ok(get(stack, shop, "/api/resources/"))["count"] == 1
    assert ok(get(stack, shop, "/api/services/"))["count"] == 1


def test_customer_sees_events_as_busy_time_only(stack, shop):
    listed = ok(get(stack, shop, "/api/events/"))
    assert listed["count"] == 1 and len(listed["results"]) == 1
    event = listed["results"][0]
    assert event["id"] == shop["busy"]["id"] and event["title"] == "Busy"
    assert event["start_time"] == shop["busy"]["start_time"] and event["end_time"] == shop["busy"]["end_time"]
    assert event["resource_id"] == shop["resource"]["id"] and event["is_busy"] is True
    assert not HIDDEN_EVENT_KEYS & event.keys(), event
    shown = ok(get(stack, shop, f"/api/events/{shop['busy']['id']}/"))
    assert shown == event
    # Free time is not busy time: not listed, and 404 by id.
    envelope(get(stack, shop, f"/api/events/{shop['free']['id']}/"), 404, "not_found")
    # The team still sees the titles.
    staff = stack.new_user(shop["t"].schema, "staff")
    full = ok(stack.get("/api/events/", host=shop["t"].host, token=staff))
    assert full["count"] == 2 and full["results"][0]["title"] == "Dr. X - biopsy for Dora"
