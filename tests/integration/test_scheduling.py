"""Scheduling data through real nginx (docs/api.md §3, §5): the quota holds under concurrent creates and counts the month
each appointment lands in."""
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone


def test_twenty_parallel_creates_against_a_limit_of_five_leave_five(stack):
    t = stack.new_tenant(plan="free", settings=("max_resources=5",))

    def create(i):
        return stack.post("/api/resources/", host=t.host, token=t.token, json={"name": f"Room {i}", "type": "room"})

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(create, range(20)))

    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 5, statuses
    refused = [r for r in responses if r.status_code != 201]
    assert all(r.status_code == 403 for r in refused), [(r.status_code, r.text) for r in refused]
    for r in refused:
        body = r.json()
        assert body["code"] == "quota_exceeded" and body["quota"] == "max_resources"
        assert body["limit"] == 5 and body["used"] == 5

    listed = stack.get("/api/resources/", host=t.host, token=t.token, params={"page_size": 200}).json()
    assert listed["count"] == 5 and len(listed["results"]) == 5
    assert stack.get("/api/tenant/", host=t.host, token=t.token).json()["quotas"]["max_resources"]["used"] == 5


def test_crud_round_trip_and_isolation_through_nginx(stack):
    a, b = stack.new_tenant(plan="enterprise"), stack.new_tenant(plan="enterprise")
    created = stack.post("/api/customers/", host=a.host, token=a.token, json={"name": "O'Brien \"Bob\" 😀"})
    assert created.status_code == 201, created.text
    path = f"/api/customers/{created.json()['id']}/"
    assert stack.get(path, host=a.host, token=a.token).json()["name"] == "O'Brien \"Bob\" 😀"
    for method in ("GET", "PATCH", "DELETE"):
        r = stack.request(method, path, host=b.host, token=b.token, json={"name": "x"} if method == "PATCH" else None)
        assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert stack.get(path, host=a.host, token=a.token).json() == created.json()
    assert stack.delete(path, host=a.host, token=a.token).status_code == 204


def _month_start(year, month):
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime(year, month, 1, tzinfo=timezone.utc)


def _at(month_start, day, hour=10):
    return (month_start + timedelta(days=day - 1, hours=hour)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _refused_for_quota(r):
    assert r.status_code == 403, r.text
    body = r.json()
    assert body["code"] == "quota_exceeded" and body["quota"] == "max_appointments_per_month", body
    assert body["limit"] == 1 and body["used"] == 1, body


class Month:
    """A fresh Free tenant allowed one appointment a month (UTC), with a resource and a service, and the current
    month and the two after it."""

    def __init__(self, stack):
        self.stack = stack
        self.t = t = stack.new_tenant(plan="free", settings=("max_appointments_per_month=1",))
        self.resource = stack.post("/api/resources/", host=t.host, token=t.token, json={"name": "C", "type": "staff"})
        self.service = stack.post("/api/services/", host=t.host, token=t.token, json={"name": "Cut", "duration_minutes": 30})
        now = datetime.now(timezone.utc)
        self.this, self.next, self.later = (_month_start(now.year, now.month + k) for k in (0, 1, 2))

    def create(self, start, status=None):
        body = {"resource_id": self.resource.json()["id"], "service_id": self.service.json()["id"], "start_time": start}
        if status:
            body["status"] = status
        return self.stack.post("/api/appointments/", host=self.t.host, token=self.t.token, json=body)

    def created(self, start, status=None):
        r = self.create(start, status)
        assert r.status_code == 201, r.text
        return r.json()

    def patch(self, appointment, body):
        path = f"/api/appointments/{appointment['id']}/"
        return self.stack.patch(path, host=self.t.host, token=self.t.token, json=body)

    def show(self, appointment):
        return self.stack.get(f"/api/appointments/{appointment['id']}/", host=self.t.host, token=self.t.token).json()


def test_monthly_quota_refuses_a_create_in_a_full_future_month(stack):
    m = Month(stack)
    m.created(_at(m.next, 1))
    _refused_for_quota(m.create(_at(m.next, 2)))
    # The quota's "used" in GET /api/tenant/ stays the current month's count.
    quota = stack.get("/api/tenant/", host=m.t.host, token=m.t.token).json()["quotas"]["max_appointments_per_month"]
    assert quota == {"limit": 1, "used": 0}


def test_monthly_quota_does_not_let_a_full_current_month_block_another_month(stack):
    m = Month(stack)
    m.created(_at(m.this, 1, 0))
    m.created(_at(m.next, 1))
    _refused_for_quota(m.create(_at(m.this, 2, 0)))


def test_monthly_quota_refuses_moving_an_appointment_into_a_full_month(stack):
    m = Month(stack)
    m.created(_at(m.next, 1))
    b = m.created(_at(m.later, 1))
    _refused_for_quota(m.patch(b, {"start_time": _at(m.next, 3)}))
    assert m.show(b) == b


def test_monthly_quota_refuses_reviving_a_cancelled_appointment_in_a_full_month(stack):
    m = Month(stack)
    a = m.created(_at(m.next, 1), status="CANCELLED")
    m.created(_at(m.next, 2))
    _refused_for_quota(m.patch(a, {"status": "CONFIRMED"}))
    assert m.show(a) == a
    # Reviving it into a month with room, in the same PATCH, is fine.
    assert m.patch(a, {"status": "CONFIRMED", "start_time": _at(m.later, 2)}).status_code == 200


def test_monthly_quota_allows_moves_within_a_month_cancelling_and_edits_over_the_limit(stack):
    m = Month(stack)
    a = m.created(_at(m.next, 1))
    b = m.created(_at(m.later, 1))
    assert m.patch(b, {"start_time": _at(m.later, 5)}).status_code == 200
    assert m.patch(a, {"status": "CANCELLED"}).status_code == 200
    assert m.patch(b, {"start_time": _at(m.next, 4)}).status_code == 200
    # Still cancelled, A may move into the full month: it counts nowhere.
    assert m.patch(a, {"start_time": _at(m.next, 6)}).status_code == 200
    # Over the limit after a downgrade: rows stay editable, and moves within their month too.
    stack.cli("tenant", "set", m.t.schema, "max_appointments_per_month=0")
    assert m.patch(b, {"notes": "still editable", "start_time": _at(m.next, 7)}).status_code == 200
    assert m.patch(b, {"status": "COMPLETED"}).status_code == 200
