"""Calendar sync (API.md §7) through nginx, the real responder, the `worker` and the provider emulator."""
import time
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

PROVIDERS = ["google", "microsoft"]
WINDOW = {"start_date": "2025-12-01", "end_date": "2025-12-31"}


# ---------------------------------------------------------------- helpers


def emu(stack, path, **body):
    r = stack.emulator("POST", path, json=body)
    assert r.status_code == 200, r.text
    return r.json()


def connect(stack, tenant, provider, email=None):
    """The real OAuth flow (initiate → emulator consent → callback); answers (credential id, account email)."""
    email = email or f"{provider}-{uuid.uuid4().hex[:8]}@example.com"
    emu(stack, "/_control/next_account", provider=provider, email=email)
    r = stack.post(f"/api/oauth/{provider}/initiate/", host=tenant.host, token=tenant.token, json={"purpose": "calendar"})
    assert r.status_code == 200, r.text
    consent = requests.get(r.json()["authorization_url"], allow_redirects=False, timeout=30)
    location = urlsplit(consent.headers["Location"])
    back = stack.get(location.path, params={k: v[0] for k, v in parse_qs(location.query).items()})
    assert back.status_code == 302 and "connected=" in back.headers["Location"], back.headers.get("Location")
    listed = stack.get("/api/calendar/list/", host=tenant.host, token=tenant.token).json()["calendars"]
    [cred] = [c for c in listed if c["email"] == email]
    return cred["id"], email


def calendar_of(provider, email):
    return email if provider == "google" else "primary"


def sync(stack, tenant, cred, provider, email, expect="succeeded", timeout=120, **extra):
    body = {"credential_id": cred, "calendar_id": calendar_of(provider, email), **WINDOW, **extra}
    r = stack.post("/api/calendar/sync/", host=tenant.host, token=tenant.token, json=body)
    assert r.status_code == 202, r.text
    started = r.json()
    assert started["success"] is True and started["message"] == f"Calendar sync started for {email}"
    job = wait_job(stack, tenant, started["job_id"], timeout)
    if expect:
        assert job["status"] == expect, job
    return job


def wait_job(stack, tenant, job_id, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = stack.get(f"/api/calendar/sync/{job_id}/", host=tenant.host, token=tenant.token).json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {job['status']} after {timeout}s")


def events(stack, tenant):
    out, page = [], 1
    while True:
        r = stack.get("/api/events/", host=tenant.host, token=tenant.token, params={"page": page, "page_size": 200})
        assert r.status_code == 200, r.text
        out += r.json()["results"]
        if not r.json()["next"]:
            return out
        page += 1


def event_count(stack, tenant):
    return stack.get("/api/events/", host=tenant.host, token=tenant.token, params={"page_size": 1}).json()["count"]


def provider_requests(stack):
    return [r for r in stack.emulator("GET", "/_control/requests").json()
            if "/events" in r["path"] or "/calendarView/delta" in r["path"]]


def clear_requests(stack):
    emu(stack, "/_control/requests/clear")


def put_events(stack, provider, email, items):
    return emu(stack, "/_control/events", provider=provider, email=email, events=items)["ids"]


def event_item(provider, eid, title, start, end, **extra):
    if provider == "google":
        return {"id": eid, "summary": title, "start": {"dateTime": start}, "end": {"dateTime": end}, **extra}
    return {"id": eid, "subject": title, "start": {"dateTime": start, "timeZone": "UTC"},
            "end": {"dateTime": end, "timeZone": "UTC"}, **extra}


@pytest.fixture
def tenant(stack):
    return stack.new_tenant(plan="professional")


# ---------------------------------------------------------------- sync


@pytest.mark.parametrize("provider,count", [("google", 2300), ("microsoft", 1200)])
def test_full_sync_of_several_pages_then_resync_creates_no_duplicates(stack, tenant, provider, count):
    cred, email = connect(stack, tenant, provider)
    emu(stack, "/_control/events/generate", provider=provider, email=email, count=count, days=25,
        start="2025-12-02T00:00:00Z")
    clear_requests(stack)
    job = sync(stack, tenant, cred, provider, email)
    assert (job["created"], job["updated"], job["deleted"], job["error"]) == (count, 0, 0, None)
    pages = provider_requests(stack)
    assert len(pages) >= 3
    if provider == "google":
        first = pages[0]["query"]
        assert first["singleEvents"] == "true" and "timeMin" in first and "timeMax" in first and "maxResults" in first
        assert all("pageToken" in p["query"] for p in pages[1:])
    else:
        assert "startDateTime" in pages[0]["query"] and all("$skiptoken" in p["query"] for p in pages[1:])
    assert event_count(stack, tenant) == count
    again = sync(stack, tenant, cred, provider, email)
    assert (again["created"], again["updated"], again["deleted"]) == (0, 0, 0)
    assert event_count(stack, tenant) == count


@pytest.mark.parametrize("provider", PROVIDERS)
def test_incremental_sync_sends_the_token_and_applies_edits_and_cancellations(stack, tenant, provider):
    cred, email = connect(stack, tenant, provider)
    ids = put_events(stack, provider, email, [
        event_item(provider, None, f"E{i}", f"2025-12-1{i}T10:00:00Z", f"2025-12-1{i}T11:00:00Z") for i in range(5)])
    assert sync(stack, tenant, cred, provider, email)["created"] == 5
    put_events(stack, provider, email, [event_item(provider, ids[0], "Moved", "2025-12-20T15:00:00Z", "2025-12-20T16:00:00Z")])
    emu(stack, "/_control/events/delete", provider=provider, email=email, ids=[ids[1]])
    put_events(stack, provider, email, [event_item(provider, None, "New", "2025-12-21T09:00:00Z", "2025-12-21T09:30:00Z")])
    clear_requests(stack)
    job = sync(stack, tenant, cred, provider, email)
    assert (job["kind"], job["created"], job["updated"], job["deleted"]) == ("incremental", 1, 1, 1)
    [request] = provider_requests(stack)
    if provider == "google":
        assert "syncToken" in request["query"] and "timeMin" not in request["query"]
    else:
        assert "$deltatoken" in request["query"]
    stored = {e["provider_event_id"]: e for e in events(stack, tenant)}
    assert len(stored) == 5 and ids[1] not in stored
    assert stored[ids[0]]["title"] == "Moved" and stored[ids[0]]["start_time"] == "2025-12-20T15:00:00Z"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_410_falls_back_to_a_full_sync_without_duplicates(stack, tenant, provider):
    cred, email = connect(stack, tenant, provider)
    emu(stack, "/_control/events/generate", provider=provider, email=email, count=30, days=10, start="2025-12-03T00:00:00Z")
    sync(stack, tenant, cred, provider, email)
    emu(stack, "/_control/invalidate_sync", provider=provider)
    job = sync(stack, tenant, cred, provider, email)
    assert (job["kind"], job["created"], job["deleted"]) == ("full", 0, 0)
    assert event_count(stack, tenant) == 30


@pytest.mark.parametrize("provider", PROVIDERS)
def test_expired_access_token_is_refreshed_and_the_sync_succeeds(stack, tenant, provider):
    cred, email = connect(stack, tenant, provider)
    put_events(stack, provider, email, [event_item(provider, None, "A", "2025-12-05T10:00:00Z", "2025-12-05T11:00:00Z")])
    before = stack.emulator("GET", "/_control/stats").json()[provider]["refreshes"]
    emu(stack, "/_control/expire_access_tokens", provider=provider)
    assert sync(stack, tenant, cred, provider, email)["created"] == 1
    assert stack.emulator("GET", "/_control/stats").json()[provider]["refreshes"] > before


@pytest.mark.parametrize("provider", PROVIDERS)
def test_revoked_refresh_token_fails_the_job_and_marks_the_credential_invalid(stack, tenant, provider):
    cred, email = connect(stack, tenant, provider)
    emu(stack, "/_control/revoke_refresh", provider=provider, email=email)
    emu(stack, "/_control/expire_access_tokens", provider=provider)
    job = sync(stack, tenant, cred, provider, email, expect="failed")
    assert "invalid_grant" in job["error"]
    [listed] = stack.get("/api/calendar/list/", host=tenant.host, token=tenant.token).json()["calendars"]
    assert listed["is_valid"] is False
    log = stack.get("/api/audit-log/", host=tenant.host, token=tenant.token).json()["results"]
    assert any(e["action"] == "oauth.refresh_failed" for e in log)
    assert any(e["action"] == "calendar.sync_end" and e["outcome"] == "failure" for e in log)


def test_provider_500_midway_fails_the_job_and_the_retry_creates_no_duplicates(stack, tenant):
    cred, email = connect(stack, tenant, "google")
    emu(stack, "/_control/events/generate", provider="google", email=email, count=2500, days=20, start="2025-12-02T00:00:00Z")
    emu(stack, "/_control/fail", provider="google", endpoint="events", status=500, after=1, count=1)
    job = sync(stack, tenant, cred, "google", email, expect="failed")
    assert "500" in job["error"]
    assert event_count(stack, tenant) < 2500
    retry = sync(stack, tenant, cred, "google", email)
    assert retry["kind"] == "full"
    assert event_count(stack, tenant) == 2500


def test_throttling_is_retried_honouring_retry_after_then_fails_saying_so(stack, tenant):
    cred, email = connect(stack, tenant, "google")
    put_events(stack, "google", email, [event_item("google", None, "A", "2025-12-05T10:00:00Z", "2025-12-05T11:00:00Z")])
    emu(stack, "/_control/fail", provider="google", endpoint="events", status=429, retry_after=1, count=2)
    assert sync(stack, tenant, cred, "google", email)["created"] == 1
    emu(stack, "/_control/fail", provider="google", endpoint="events", status=403, retry_after=0, count=4,
        google_reason="userRateLimitExceeded")
    job = sync(stack, tenant, cred, "google", email, expect="failed")
    assert "throttl" in job["error"]


def test_all_day_and_foreign_time_zone_events_land_at_the_right_instants(stack):
    tenant = stack.new_tenant(plan="professional", timezone="America/New_York")
    g, g_email = connect(stack, tenant, "google")
    put_events(stack, "google", g_email, [
        {"id": "allday1", "summary": "Holiday", "start": {"date": "2025-12-10"}, "end": {"date": "2025-12-12"}},
        {"id": "tokyo1", "summary": "Tokyo", "start": {"dateTime": "2025-12-10T09:00:00+09:00"},
         "end": {"dateTime": "2025-12-10T10:00:00+09:00"}},
    ])
    sync(stack, tenant, g, "google", g_email)
    m, m_email = connect(stack, tenant, "microsoft")
    put_events(stack, "microsoft", m_email, [
        {"id": "msallday", "subject": "Off", "isAllDay": True, "start": {"dateTime": "2025-12-12T00:00:00", "timeZone": "UTC"},
         "end": {"dateTime": "2025-12-13T00:00:00", "timeZone": "UTC"}},
        {"id": "mstokyo", "subject": "Tokyo", "start": {"dateTime": "2025-12-12T09:00:00", "timeZone": "Asia/Tokyo"},
         "end": {"dateTime": "2025-12-12T10:00:00", "timeZone": "Asia/Tokyo"}},
    ])
    sync(stack, tenant, m, "microsoft", m_email)
    got = {e["provider_event_id"]: (e["start_time"], e["end_time"], e["is_all_day"]) for e in events(stack, tenant)}
    assert got["allday1"] == ("2025-12-10T05:00:00Z", "2025-12-12T05:00:00Z", True)
    assert got["tokyo1"] == ("2025-12-10T00:00:00Z", "2025-12-10T01:00:00Z", False)
    assert got["msallday"] == ("2025-12-12T05:00:00Z", "2025-12-13T05:00:00Z", True)
    assert got["mstokyo"] == ("2025-12-12T00:00:00Z", "2025-12-12T01:00:00Z", False)


# ---------------------------------------------------------------- busy time and appointments


def make(stack, tenant, kind, body):
    r = stack.post(f"/api/{kind}/", host=tenant.host, token=tenant.token, json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def book(stack, tenant, resource, service, start):
    return stack.post("/api/appointments/", host=tenant.host, token=tenant.token,
                      json={"resource_id": resource, "service_id": service, "start_time": start})


@pytest.mark.parametrize("provider", PROVIDERS)
def test_busy_events_block_the_resource_free_ones_do_not(stack, tenant, provider):
    room = make(stack, tenant, "resources", {"name": "Room", "type": "room"})
    other = make(stack, tenant, "resources", {"name": "Other", "type": "room"})
    service = make(stack, tenant, "services", {"name": "Cut", "duration_minutes": 60, "price_cents": 1000})
    cred, email = connect(stack, tenant, provider)
    free = {"transparency": "transparent"} if provider == "google" else {"showAs": "free"}
    put_events(stack, provider, email, [
        event_item(provider, "busy1", "Busy", "2025-12-15T10:00:00Z", "2025-12-15T11:00:00Z"),
        event_item(provider, "free1", "Free", "2025-12-15T14:00:00Z", "2025-12-15T15:00:00Z", **free),
    ])
    sync(stack, tenant, cred, provider, email, resource_id=room)
    r = book(stack, tenant, room, service, "2025-12-15T10:30:00Z")
    assert r.status_code == 409 and r.json()["code"] == "conflict", r.text
    assert book(stack, tenant, room, service, "2025-12-15T14:00:00Z").status_code == 201
    assert book(stack, tenant, other, service, "2025-12-15T10:30:00Z").status_code == 201
    # A later sync without resource_id keeps the resource.
    sync(stack, tenant, cred, provider, email)
    assert book(stack, tenant, room, service, "2025-12-15T10:00:00Z").status_code == 409


def test_a_calendar_synced_without_a_resource_blocks_nothing(stack, tenant):
    room = make(stack, tenant, "resources", {"name": "Room", "type": "room"})
    service = make(stack, tenant, "services", {"name": "Cut", "duration_minutes": 60})
    cred, email = connect(stack, tenant, "google")
    put_events(stack, "google", email, [event_item("google", "b1", "Busy", "2025-12-15T10:00:00Z", "2025-12-15T11:00:00Z")])
    sync(stack, tenant, cred, "google", email)
    assert book(stack, tenant, room, service, "2025-12-15T10:00:00Z").status_code == 201


# ---------------------------------------------------------------- disconnect, events, gate


@pytest.mark.parametrize("delete_events", [False, True])
def test_disconnect_with_and_without_delete_events(stack, tenant, delete_events):
    cred, email = connect(stack, tenant, "google")
    put_events(stack, "google", email, [event_item("google", None, "A", "2025-12-05T10:00:00Z", "2025-12-05T11:00:00Z")])
    sync(stack, tenant, cred, "google", email)
    params = {"delete_events": "true"} if delete_events else None
    r = stack.delete(f"/api/calendar/{cred}/", host=tenant.host, token=tenant.token, params=params)
    assert r.status_code == 200, r.text
    assert r.json()["events_deleted"] == (1 if delete_events else 0)
    assert stack.get("/api/calendar/list/", host=tenant.host, token=tenant.token).json()["calendars"] == []
    assert event_count(stack, tenant) == (0 if delete_events else 1)
    assert stack.delete(f"/api/calendar/{cred}/", host=tenant.host, token=tenant.token).status_code == 404
    status = stack.get("/api/calendar/status/", host=tenant.host, token=tenant.token).json()
    assert status == {"success": True, "can_use_calendar_sync": True, "total_connected": 0, "feature_enabled": True}
    actions = [e["action"] for e in stack.get("/api/audit-log/", host=tenant.host, token=tenant.token).json()["results"]]
    assert "calendar.disconnect" in actions and "calendar.sync_start" in actions


def test_provider_calendars_manual_blocks_and_sync_validation(stack, tenant):
    cred, email = connect(stack, tenant, "google")
    r = stack.get(f"/api/calendar/{cred}/calendars/", host=tenant.host, token=tenant.token)
    assert r.status_code == 200 and r.json()["calendars"][0]["id"] == email, r.text
    bad = stack.post("/api/calendar/sync/", host=tenant.host, token=tenant.token,
                     json={"credential_id": cred, "start_date": "2025-12-31", "end_date": "2025-12-01"})
    assert bad.status_code == 400 and "end_date" in bad.json()["fields"]
    other = stack.new_tenant(plan="professional")
    r = stack.post("/api/calendar/sync/", host=other.host, token=other.token, json={"credential_id": cred, **WINDOW})
    assert r.status_code == 400 and "credential_id" in r.json()["fields"]
    block = stack.post("/api/events/", host=tenant.host, token=tenant.token,
                       json={"title": "Lunch", "start_time": "2025-12-05T12:00:00Z", "end_time": "2025-12-05T13:00:00Z"})
    assert block.status_code == 201, block.text
    bid = block.json()["id"]
    r = stack.patch(f"/api/events/{bid}/", host=tenant.host, token=tenant.token, json={"title": "Long lunch"})
    assert r.status_code == 200 and r.json()["title"] == "Long lunch"
    assert stack.get(f"/api/events/{bid}/", host=other.host, token=other.token).status_code == 404
    r = stack.get("/api/events/", host=tenant.host, token=tenant.token,
                  params={"start": "2025-12-06T00:00:00Z"})
    assert r.json()["count"] == 0
    assert stack.delete(f"/api/events/{bid}/", host=tenant.host, token=tenant.token).status_code == 204


def test_every_endpoint_but_status_and_event_reads_needs_the_feature(stack):
    free = stack.new_tenant(plan="free")
    gated = [("GET", "/api/calendar/list/"), ("POST", "/api/calendar/sync/"), ("GET", "/api/calendar/sync/1/"),
             ("DELETE", "/api/calendar/1/"), ("GET", "/api/calendar/1/calendars/"), ("POST", "/api/events/"),
             ("PATCH", "/api/events/1/"), ("DELETE", "/api/events/1/"), ("POST", "/api/events/sync_from_calendar/"),
             ("GET", "/api/events/sync_from_calendar/")]
    for method, path in gated:
        r = stack.request(method, path, host=free.host, token=free.token, json={})
        assert r.status_code == 403, (method, path, r.text)
        body = r.json()
        assert body["code"] == "feature_not_available" and body["feature"] == "can_use_calendar_sync", (method, path)
    r = stack.get("/api/calendar/status/", host=free.host, token=free.token)
    assert r.status_code == 200 and r.json() == {
        "success": True, "can_use_calendar_sync": False,
        "message": "Calendar Sync feature is not available for your plan", "total_connected": 0}
    assert stack.get("/api/events/", host=free.host, token=free.token).status_code == 200
    assert stack.get("/api/events/1/", host=free.host, token=free.token).status_code == 404
    assert stack.get("/api/calendar/status/", host=free.host).status_code == 401


# ---------------------------------------------------------------- tenant isolation (review F2)


def disconnect(stack, tenant, cred, **params):
    r = stack.delete(f"/api/calendar/{cred}/", host=tenant.host, token=tenant.token, params=params or None)
    assert r.status_code == 200, r.text
    return r.json()


def seen(stack, tenant):
    return sorted((e["title"], e["resource_id"]) for e in events(stack, tenant))


def test_a_reused_credential_id_cannot_touch_another_tenants_kept_events(stack):
    """Review F2: A syncs, disconnects keeping its events; B connects next (it was given A's old id) and syncs
    `primary`. A's busy block must survive and keep blocking A's resource; B sees only its own."""
    a, b = stack.new_tenant(plan="professional"), stack.new_tenant(plan="professional")
    room = make(stack, a, "resources", {"name": "Room", "type": "room"})
    service = make(stack, a, "services", {"name": "Cut", "duration_minutes": 60})
    cred_a, email_a = connect(stack, a, "microsoft")
    put_events(stack, "microsoft", email_a,
               [event_item("microsoft", None, "A busy", "2025-12-05T10:00:00Z", "2025-12-05T11:00:00Z")])
    sync(stack, a, cred_a, "microsoft", email_a, resource_id=room)
    assert disconnect(stack, a, cred_a)["events_deleted"] == 0
    [kept] = events(stack, a)
    assert kept["title"] == "A busy" and kept["credential_id"] is None and kept["resource_id"] == room
    cred_b, email_b = connect(stack, b, "microsoft")
    assert cred_b > cred_a, "a credential id was handed out again"
    put_events(stack, "microsoft", email_b,
               [event_item("microsoft", None, "B busy", "2025-12-06T10:00:00Z", "2025-12-06T11:00:00Z")])
    job = sync(stack, b, cred_b, "microsoft", email_b)
    assert (job["created"], job["deleted"]) == (1, 0)
    assert seen(stack, a) == [("A busy", room)]
    assert seen(stack, b) == [("B busy", None)]
    r = book(stack, a, room, service, "2025-12-05T10:30:00Z")
    assert r.status_code == 409 and r.json()["code"] == "conflict", r.text


def test_tenants_connecting_the_same_account_each_keep_only_their_own_events(stack):
    """Review F2, same provider account: B's sync must neither rewrite A's kept rows nor A's live ones."""
    a, b, c = (stack.new_tenant(plan="professional") for _ in range(3))
    rooms = {t.schema: make(stack, t, "resources", {"name": "Room", "type": "room"}) for t in (a, b, c)}
    email = f"shared-{uuid.uuid4().hex[:8]}@example.com"
    put_events(stack, "microsoft", email,
               [event_item("microsoft", "shared1", "Shared", "2025-12-05T10:00:00Z", "2025-12-05T11:00:00Z")])
    cred_a, _ = connect(stack, a, "microsoft", email=email)
    sync(stack, a, cred_a, "microsoft", email, resource_id=rooms[a.schema])
    disconnect(stack, a, cred_a)
    cred_b, _ = connect(stack, b, "microsoft", email=email)
    assert sync(stack, b, cred_b, "microsoft", email, resource_id=rooms[b.schema])["created"] == 1
    cred_c, _ = connect(stack, c, "microsoft", email=email)
    assert sync(stack, c, cred_c, "microsoft", email, resource_id=rooms[c.schema])["created"] == 1
    put_events(stack, "microsoft", email,
               [event_item("microsoft", "shared1", "Moved", "2025-12-05T12:00:00Z", "2025-12-05T13:00:00Z")])
    assert sync(stack, b, cred_b, "microsoft", email)["updated"] == 1
    assert seen(stack, a) == [("Shared", rooms[a.schema])]
    assert seen(stack, b) == [("Moved", rooms[b.schema])]
    assert seen(stack, c) == [("Shared", rooms[c.schema])]
    assert [e["credential_id"] for e in events(stack, c)] == [cred_c]


# ---------------------------------------------------------------- provider paths (review F17)


@pytest.mark.parametrize("calendar_id", [".", "..", ""])
def test_a_calendar_id_that_is_a_dot_segment_or_empty_is_refused(stack, tenant, calendar_id):
    cred, _ = connect(stack, tenant, "microsoft")
    clear_requests(stack)
    r = stack.post("/api/calendar/sync/", host=tenant.host, token=tenant.token,
                   json={"credential_id": cred, "calendar_id": calendar_id, **WINDOW})
    assert r.status_code == 400 and r.json()["code"] == "invalid" and "calendar_id" in r.json()["fields"], r.text
    time.sleep(0.5)
    assert provider_requests(stack) == []


# ---------------------------------------------------------------- figures for the issue


def test_figures_full_sync_rate_and_incremental_request_count(stack, tenant):
    cred, email = connect(stack, tenant, "google")
    ids = [emu(stack, "/_control/events/generate", provider="google", email=email, count=10_000, days=28,
               start="2025-12-02T00:00:00Z")["first_id"]]
    started = time.time()
    job = sync(stack, tenant, cred, "google", email, timeout=300)
    elapsed = time.time() - started
    assert job["created"] == 10_000
    rate = 10_000 / elapsed
    stored = events(stack, tenant)[:10]
    put_events(stack, "google", email, [
        event_item("google", e["provider_event_id"], "Changed", e["start_time"], e["end_time"]) for e in stored])
    clear_requests(stack)
    job = sync(stack, tenant, cred, "google", email)
    assert (job["kind"], job["updated"]) == ("incremental", 10)
    sent = stack.emulator("GET", "/_control/requests").json()
    print(f"\nFIGURE full sync: 10000 events in {elapsed:.2f}s = {rate:.0f} events/s (submit to succeeded, via nginx)")
    print(f"FIGURE incremental sync with 10 changes: {len(sent)} provider request(s): {[r['path'] for r in sent]}")
    assert len(sent) == 1 and ids
