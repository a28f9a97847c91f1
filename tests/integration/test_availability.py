"""Working hours, time off, closures and free slots (docs/api.md §13) through nginx, the real responder and SQLite file,
the worker and the provider emulator. Dates are computed from today: slots are only offered after now."""
import datetime
import threading
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import requests


def monday(weeks_ahead=2):
    today = datetime.date.today()
    return today + datetime.timedelta(days=7 * weeks_ahead - today.weekday())


def at(day, hhmm, offset="Z"):
    return f"{day.isoformat()}T{hhmm}:00{offset}"


class Api:
    def __init__(self, stack, tenant):
        self.stack, self.tenant = stack, tenant

    def call(self, method, path, token=None, **kw):
        return self.stack.request(method, path, host=self.tenant.host, token=token or self.tenant.token, **kw)

    def make(self, kind, body):
        r = self.call("POST", f"/api/{kind}/", json=body)
        assert r.status_code == 201, r.text
        return r.json()["id"]

    def slots(self, resource, service, start, end=None, token=None, **params):
        r = self.call("GET", f"/api/resources/{resource}/availability/", token=token, params={
            "start_date": start.isoformat(), "end_date": (end or start).isoformat(), "service_id": service, **params})
        assert r.status_code == 200, r.text
        return r.json()

    def book(self, resource, service, start, token=None):
        return self.call("POST", "/api/appointments/", token=token,
                         json={"resource_id": resource, "service_id": service, "start_time": start})


@pytest.fixture
def api(stack):
    return Api(stack, stack.new_tenant(plan="business", timezone="Europe/Berlin"))


WEEK = [{"weekday": d, "start": s, "end": e} for d in range(5) for s, e in (("09:00", "13:00"), ("14:00", "18:00"))]


def test_working_hours_time_off_and_closures_round_trip(api, stack):
    assert api.call("GET", "/api/working-hours/").json()["is_default"] is True
    r = api.call("PUT", "/api/working-hours/", json={"rules": WEEK})
    assert r.status_code == 200 and r.json()["timezone"] == "Europe/Berlin" and len(r.json()["rules"]) == 10
    bad = api.call("PUT", "/api/working-hours/", json={"timezone": "Europe/Nowhere", "rules": [
        {"weekday": 0, "start": "09:00", "end": "12:00"}, {"weekday": 0, "start": "11:00", "end": "13:00"}]})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid", bad.text
    assert set(bad.json()["fields"]) == {"timezone", "rules[1]"}
    assert len(api.call("GET", "/api/working-hours/").json()["rules"]) == 10
    resource = api.make("resources", {"name": "Ana", "type": "staff"})
    own = api.call("PUT", f"/api/resources/{resource}/working-hours/", json={
        "timezone": "America/New_York", "rules": [{"weekday": 5, "start": "22:00", "end": "02:00"}]})
    assert own.status_code == 200 and own.json()["effective"]["source"] == "resource", own.text
    day = monday()
    off = api.call("POST", f"/api/resources/{resource}/time-off/",
                   json={"start_time": at(day, "09:00"), "end_time": at(day, "08:00")})
    assert off.status_code == 400 and "end_time" in off.json()["fields"]
    off = api.call("POST", f"/api/resources/{resource}/time-off/",
                   json={"start_time": at(day, "09:00"), "end_time": at(day, "12:00"), "reason": "Doctor"})
    assert off.status_code == 201 and off.json()["reason"] == "Doctor"
    closure = api.call("POST", "/api/closures/", json={"date": day.isoformat(), "reason": "Holiday"})
    assert closure.status_code == 201
    assert api.call("POST", "/api/closures/", json={"date": day.isoformat()}).status_code == 400
    # Another tenant sees none of it.
    other = Api(stack, stack.new_tenant(plan="business"))
    assert other.call("GET", f"/api/resources/{resource}/working-hours/").status_code == 404
    assert other.call("GET", f"/api/resources/{resource}/time-off/{off.json()['id']}/").status_code == 404
    assert other.call("GET", f"/api/closures/{closure.json()['id']}/").status_code == 404
    customer = stack.new_user(api.tenant.schema, "customer")
    assert api.call("GET", f"/api/resources/{resource}/time-off/", token=customer).status_code == 403
    assert api.call("GET", "/api/closures/", token=customer).json()["count"] == 1


def test_slots_follow_hours_and_staff_book_only_inside_them(api, stack):
    api.call("PUT", "/api/working-hours/", json={"rules": WEEK})
    resource = api.make("resources", {"name": "Ana", "type": "staff"})
    service = api.make("services", {"name": "Cut", "duration_minutes": 60, "buffer_after_minutes": 15})
    day = monday()
    answer = api.slots(resource, service, day)
    assert answer["timezone"] == "Europe/Berlin" and answer["sources"] == []
    # 60 minutes plus 15 of buffer on an hourly grid: every hour of 09:00–13:00 and 14:00–18:00 (buffers may reach
    # past the end of working hours).
    assert [s["local_start"][11:16] for s in answer["slots"]] == ["09:00", "10:00", "11:00", "12:00", "14:00",
                                                                   "15:00", "16:00", "17:00"]
    staff = stack.new_user(api.tenant.schema, "staff")
    first = answer["slots"][0]["start"]
    assert api.book(resource, service, first, token=staff).status_code == 201
    # Its buffer takes the next hour's start; the slot is gone from the answer.
    assert api.book(resource, service, answer["slots"][1]["start"], token=staff).json()["code"] == "conflict"
    assert first not in [s["start"] for s in api.slots(resource, service, day)["slots"]]
    early = api.book(resource, service, at(day, "06:00"), token=staff)  # 07:00 in Berlin
    assert early.status_code == 409 and early.json()["code"] == "outside_working_hours", early.text
    assert api.book(resource, service, at(day, "06:00")).status_code == 201  # the owner may
    too_long = api.call("GET", f"/api/resources/{resource}/availability/", params={
        "start_date": day.isoformat(), "end_date": (day + datetime.timedelta(days=62)).isoformat(),
        "service_id": service})
    assert too_long.status_code == 400 and "end_date" in too_long.json()["fields"]
    other = Api(stack, stack.new_tenant(plan="business"))
    assert other.call("GET", f"/api/resources/{resource}/availability/", params={
        "start_date": day.isoformat(), "end_date": day.isoformat(), "service_id": service}).status_code == 404


def test_two_concurrent_bookings_of_one_slot_exactly_one_201(api, stack):
    resource = api.make("resources", {"name": "Room", "type": "room"})
    service = api.make("services", {"name": "Cut", "duration_minutes": 30})
    tokens = [stack.new_user(api.tenant.schema, "staff") for _ in range(4)] + [api.tenant.token] * 4
    day = monday(3)
    for round_ in range(6):
        start = at(day, f"{9 + round_:02d}:00")
        barrier = threading.Barrier(len(tokens))
        results = [None] * len(tokens)

        def attempt(i):
            barrier.wait()
            results[i] = api.book(resource, service, start, token=tokens[i])

        threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(tokens))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = sorted(r.status_code for r in results)
        assert codes == [201] + [409] * (len(tokens) - 1), [(r.status_code, r.text[:100]) for r in results]
        assert all(r.json()["code"] == "conflict" for r in results if r.status_code == 409)
    listed = api.call("GET", "/api/appointments/", params={"resource_id": resource}).json()
    assert listed["count"] == 6


def test_daylight_saving_and_a_resource_zone_through_nginx(api, stack):
    """Berlin's next spring-forward change: 09:00 local on both sides, 02:00–03:00 never offered."""
    year = datetime.date.today().year + 1
    change = max(datetime.date(year, 3, d) for d in range(25, 32) if datetime.date(year, 3, d).weekday() == 6)
    resource = api.make("resources", {"name": "Night desk", "type": "room"})
    service = api.make("services", {"name": "Call", "duration_minutes": 30})
    every_day = [{"weekday": d, "start": "00:00", "end": "04:00"} for d in range(7)]
    every_day += [{"weekday": d, "start": "09:00", "end": "09:30"} for d in range(7)]
    api.call("PUT", f"/api/resources/{resource}/working-hours/", json={"rules": every_day})
    answer = api.slots(resource, service, change - datetime.timedelta(days=1), change + datetime.timedelta(days=1))
    by_day = {}
    for slot in answer["slots"]:
        by_day.setdefault(slot["local_start"][:10], []).append(slot["local_start"][11:])
    before, on, after = (by_day[(change + datetime.timedelta(days=k)).isoformat()] for k in (-1, 0, 1))
    assert before == [f"{h:02d}:{m:02d}:00+01:00" for h in range(4) for m in (0, 30)] + ["09:00:00+01:00"]
    assert on == ["00:00:00+01:00", "00:30:00+01:00", "01:00:00+01:00", "01:30:00+01:00", "03:00:00+02:00",
                  "03:30:00+02:00", "09:00:00+02:00"]
    assert after[-1] == "09:00:00+02:00"
    # Shown in New York instead (still on its own summer time since early March).
    shown = api.slots(resource, service, change, change, timezone="America/New_York")
    assert shown["timezone"] == "America/New_York"
    assert all(s["local_start"].endswith("-04:00") for s in shown["slots"])


def test_cli_sets_hours_that_the_api_then_uses(api, stack):
    stack.cli("hours", "set", api.tenant.schema, "--rule", "mon-fri 10:00-12:00", "--rule", "sat 09:00-10:00")
    shown = api.call("GET", "/api/working-hours/").json()
    assert shown["is_default"] is False and len(shown["rules"]) == 6
    resource = api.make("resources", {"name": "Ana", "type": "staff"})
    service = api.make("services", {"name": "Cut", "duration_minutes": 60})
    day = monday()
    answer = api.slots(resource, service, day, day + datetime.timedelta(days=6))
    assert [s["local_start"][:16] for s in answer["slots"]] == (
        [f"{(day + datetime.timedelta(days=k)).isoformat()}T{h}:00" for k in range(5) for h in ("10", "11")]
        + [f"{(day + datetime.timedelta(days=5)).isoformat()}T09:00"])
    bad = stack.cli("hours", "set", api.tenant.schema, "--rule", "mon 09:00-12:00", "--rule", "mon 11:00-12:00",
                    check=False)
    assert bad.returncode != 0 and "overlap" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_a_synced_all_day_event_blocks_the_resources_local_date_and_sources_say_how_fresh(stack):
    tenant = stack.new_tenant(plan="business", timezone="America/New_York")
    api = Api(stack, tenant)
    resource = api.make("resources", {"name": "Berlin desk", "type": "room"})
    service = api.make("services", {"name": "Call", "duration_minutes": 60})
    api.call("PUT", f"/api/resources/{resource}/working-hours/", json={
        "timezone": "Europe/Berlin", "rules": [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]})
    email = f"cal-{uuid.uuid4().hex[:8]}@example.com"
    stack.emulator("POST", "/_control/next_account", json={"provider": "google", "email": email})
    r = api.call("POST", "/api/oauth/google/initiate/", json={"purpose": "calendar"})
    consent = requests.get(r.json()["authorization_url"], allow_redirects=False, timeout=30)
    location = urlsplit(consent.headers["Location"])
    stack.get(location.path, params={k: v[0] for k, v in parse_qs(location.query).items()})
    [cred] = [c["id"] for c in api.call("GET", "/api/calendar/list/").json()["calendars"] if c["email"] == email]
    day = monday(2) + datetime.timedelta(days=2)
    stack.emulator("POST", "/_control/events", json={"provider": "google", "email": email, "events": [
        {"id": "away", "summary": "Away", "start": {"date": day.isoformat()},
         "end": {"date": (day + datetime.timedelta(days=1)).isoformat()}}]})
    job = api.call("POST", "/api/calendar/sync/", json={
        "credential_id": cred, "calendar_id": email, "resource_id": resource,
        "start_date": (day - datetime.timedelta(days=7)).isoformat(),
        "end_date": (day + datetime.timedelta(days=7)).isoformat()}).json()["job_id"]
    for _ in range(600):
        state = api.call("GET", f"/api/calendar/sync/{job}/").json()
        if state["status"] in ("succeeded", "failed"):
            break
        threading.Event().wait(0.1)
    assert state["status"] == "succeeded", state
    answer = api.slots(resource, service, day - datetime.timedelta(days=1), day + datetime.timedelta(days=1))
    dates = [s["local_start"][:10] for s in answer["slots"]]
    # The whole Berlin date is blocked (not New York's midnight-to-midnight, which would free its first hours).
    assert day.isoformat() not in dates
    assert dates.count((day - datetime.timedelta(days=1)).isoformat()) == 24
    assert dates.count((day + datetime.timedelta(days=1)).isoformat()) == 24
    [source] = answer["sources"]
    assert source["credential_id"] == cred and source["calendar_id"] == email and source["health"] == "healthy"
    customer = stack.new_user(tenant.schema, "customer")
    redacted = api.slots(resource, service, day, token=customer)["sources"]
    assert redacted == [{"last_synced_at": source["last_synced_at"], "health": "healthy"}]
