"""Webhooks end to end (docs/api.md §15, docs/webhooks.md): the API through nginx, the outbox written with each change, the
worker's delivery threads, and a real HTTP receiver on loopback that checks every signature.

Most tests run on a private stack with `SMOOTHSCHEDULE_WEBHOOK_ALLOW_PRIVATE=true` (the receiver is on 127.0.0.1) and
a shortened clock: retries a second apart, deactivation after a few seconds of failure. The SSRF tests use the shared
stack, where the setting is off as in production."""
import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import uuid

import pytest

from private_stack import private_stack
from webhook_receiver import Receiver, verify

SETTINGS = {
    "SMOOTHSCHEDULE_WEBHOOK_ALLOW_PRIVATE": "true",
    "SMOOTHSCHEDULE_WEBHOOK_RETRY_SECONDS": "1,1,1,1,1,1,1,1,1",
    "SMOOTHSCHEDULE_WEBHOOK_DISABLE_AFTER_SECONDS": "4",
    "SMOOTHSCHEDULE_WEBHOOK_TIMEOUT_SECONDS": "5",
    "SMOOTHSCHEDULE_WEBHOOK_LEASE_SECONDS": "7",
    "SMOOTHSCHEDULE_WEBHOOK_POLL_MS": "50",
}


@pytest.fixture(scope="module")
def hooks():
    """(stack, receiver): a private stack with the settings above, and a receiver on loopback."""
    saved = {key: os.environ.get(key) for key in SETTINGS}
    os.environ.update(SETTINGS)
    started = private_stack()
    try:
        stack = started.__enter__()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    try:
        with Receiver() as receiver:
            yield stack, receiver
    finally:
        started.__exit__(None, None, None)


def path():
    return f"/hook-{uuid.uuid4().hex[:8]}"


def subscribe(stack, receiver, route, events=("*",), tenant=None):
    """A fresh enterprise tenant (or `tenant`) with one webhook to `route`; answers (tenant, webhook with secret)."""
    tenant = tenant or stack.new_tenant(plan="enterprise")
    r = stack.post("/api/webhooks/", host=tenant.host, token=tenant.token,
                   json={"url": receiver.url(route), "events": list(events), "description": "test"})
    assert r.status_code == 201, r.text
    return tenant, r.json()


def appointment_parts(stack, t):
    resource = stack.post("/api/resources/", host=t.host, token=t.token, json={"name": "Chair", "type": "staff"}).json()
    service = stack.post("/api/services/", host=t.host, token=t.token,
                         json={"name": "Cut", "duration_minutes": 30, "price_cents": 1500}).json()
    return resource["id"], service["id"]


def deliveries(stack, t, webhook_id, **params):
    r = stack.get(f"/api/webhooks/{webhook_id}/deliveries/", host=t.host, token=t.token, params=params)
    assert r.status_code == 200, r.text
    return r.json()["results"]


def wait_until(check, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout} s")


def test_appointment_events_arrive_signed_in_order_within_seconds(hooks):
    stack, receiver = hooks
    route = path()
    t, hook = subscribe(stack, receiver, route,
                        events=["appointment.created", "appointment.updated", "appointment.cancelled"])
    resource, service = appointment_parts(stack, t)
    started = time.monotonic()
    created = stack.post("/api/appointments/", host=t.host, token=t.token, json={
        "resource_id": resource, "service_id": service, "start_time": "2031-03-04T10:00:00Z"})
    assert created.status_code == 201, created.text
    aid = created.json()["id"]
    updated = stack.patch(f"/api/appointments/{aid}/", host=t.host, token=t.token, json={"notes": "Bring ID"})
    cancelled = stack.patch(f"/api/appointments/{aid}/", host=t.host, token=t.token, json={"status": "CANCELLED"})
    calls = receiver.wait(route, 3, timeout=10)
    latency = calls[-1].at - started
    print(f"\nwebhooks: 3 appointment events arrived {latency * 1000:.0f} ms after the first request")
    assert latency < 5
    assert [c.event for c in calls] == ["appointment.created", "appointment.updated", "appointment.cancelled"]
    assert [c.json["type"] for c in calls] == [c.event for c in calls]
    for call, answer in zip(calls, [created, updated, cancelled]):
        assert verify(hook["secret"], call.signature, call.body), call.signature
        assert call.json["data"] == answer.json()  # the object exactly as the API showed it
        assert call.json["tenant"] == t.schema and set(call.json) == {"id", "type", "created_at", "tenant", "data"}
        assert call.headers["Content-Type"] == "application/json"
    assert len({c.delivery for c in calls}) == 3
    log = wait_until(lambda: (lambda ds: ds if all(d["status"] == "succeeded" for d in ds) else None)(
        deliveries(stack, t, hook["id"])))
    assert len(log) == 3 and all(d["response_status"] == 200 and d["attempts"] == 1 for d in log)


def test_customers_created_arrive_and_other_events_do_not(hooks):
    stack, receiver = hooks
    route = path()
    t, hook = subscribe(stack, receiver, route, events=["customer.created"])
    appointment_parts(stack, t)
    customer = stack.post("/api/customers/", host=t.host, token=t.token, json={"name": "Cleo", "email": "c@x.example"})
    [call] = receiver.wait(route, 1)
    assert call.event == "customer.created" and call.json["data"] == customer.json()
    time.sleep(0.5)
    assert len(receiver.at(route)) == 1


def test_retries_after_500s_succeed_with_the_same_delivery_id(hooks):
    stack, receiver = hooks
    route = path()
    receiver.plan(route, 500, (503, 0, {"Retry-After": "1"}), 200)
    t, hook = subscribe(stack, receiver, route, events=["customer.created"])
    stack.post("/api/customers/", host=t.host, token=t.token, json={"name": "Retry"})
    calls = receiver.wait(route, 3)
    assert len({c.delivery for c in calls}) == 1 and len({c.body for c in calls}) == 1
    assert all(verify(hook["secret"], c.signature, c.body) for c in calls)
    [entry] = wait_until(lambda: [d for d in deliveries(stack, t, hook["id"]) if d["status"] == "succeeded"])
    assert entry["attempts"] == 3 and entry["response_status"] == 200
    shown = stack.get(f"/api/webhooks/{hook['id']}/", host=t.host, token=t.token).json()
    assert shown["is_active"] is True and shown["failing_since"] is None and shown["last_success_at"]


@pytest.mark.parametrize("status", [410, 400])
def test_410_and_400_stop_at_once(hooks, status):
    stack, receiver = hooks
    route = path()
    receiver.plan(route, status, 200, 200)
    t, hook = subscribe(stack, receiver, route, events=["customer.created"])
    stack.post("/api/customers/", host=t.host, token=t.token, json={"name": "Stop"})
    receiver.wait(route, 1)
    [entry] = wait_until(lambda: [d for d in deliveries(stack, t, hook["id"]) if d["status"] == "failed"])
    time.sleep(2.5)  # retries are a second apart here: none may come
    assert len(receiver.at(route)) == 1
    assert entry["attempts"] == 1 and entry["response_status"] == status and entry["next_attempt_at"] is None


def test_a_webhook_failing_past_the_window_is_turned_off_audited_and_says_why(hooks):
    stack, receiver = hooks
    route = path()
    receiver.plan(route, *([500] * 50))
    t, hook = subscribe(stack, receiver, route, events=["customer.created"])
    stack.post("/api/customers/", host=t.host, token=t.token, json={"name": "Doomed"})
    shown = wait_until(lambda: (lambda w: w if not w["is_active"] else None)(
        stack.get(f"/api/webhooks/{hook['id']}/", host=t.host, token=t.token).json()), timeout=20)
    assert "without a success" in shown["disabled_reason"] and "HTTP 500" in shown["disabled_reason"]
    assert shown["disabled_at"] and shown["failing_since"]
    arrived = len(receiver.at(route))
    assert arrived >= 4
    audit = stack.get("/api/audit-log/", host=t.host, token=t.token).json()["results"]
    assert any(a["action"] == "webhook.deactivated" and a["object_id"] == str(hook["id"]) for a in audit)
    # Turned off: new events are not queued for it, nothing more arrives.
    stack.post("/api/customers/", host=t.host, token=t.token, json={"name": "Later"})
    time.sleep(1.5)
    assert len(receiver.at(route)) == arrived
    assert all(d["status"] == "failed" for d in deliveries(stack, t, hook["id"]))
    # Turned back on, it receives again and the reason is gone.
    on = stack.patch(f"/api/webhooks/{hook['id']}/", host=t.host, token=t.token, json={"is_active": True})
    assert on.json()["is_active"] is True and on.json()["disabled_reason"] is None
    receiver.plan(route, 200)
    stack.post("/api/customers/", host=t.host, token=t.token, json={"name": "Again"})
    receiver.wait(route, arrived + 1)


def test_redeliver_sends_the_same_event_under_a_new_delivery_id(hooks):
    stack, receiver = hooks
    route = path()
    t, hook = subscribe(stack, receiver, route, events=["customer.created"])
    stack.post("/api/customers/", host=t.host, token=t.token, json={"name": "Twice"})
    [first] = receiver.wait(route, 1)
    [entry] = wait_until(lambda: [d for d in deliveries(stack, t, hook["id"]) if d["status"] == "succeeded"])
    r = stack.post(f"/api/webhooks/{hook['id']}/deliveries/{entry['id']}/redeliver/", host=t.host, token=t.token)
    assert r.status_code == 202 and r.json()["redelivery_of"] == entry["id"], r.text
    second = receiver.wait(route, 2)[1]
    assert second.json == first.json and second.delivery != first.delivery
    assert second.delivery == str(r.json()["id"])
    assert verify(hook["secret"], second.signature, second.body)


def test_secret_rotation_signs_with_both_secrets_during_the_overlap(hooks):
    stack, receiver = hooks
    route = path()
    t, hook = subscribe(stack, receiver, route, events=["customer.created"])
    old = hook["secret"]
    rotated = stack.post(f"/api/webhooks/{hook['id']}/rotate-secret/", host=t.host, token=t.token)
    assert rotated.status_code == 200, rotated.text
    new = rotated.json()["secret"]
    assert new != old and new.startswith("whsec_") and rotated.json()["previous_secret_expires_at"]
    assert "secret" not in stack.get(f"/api/webhooks/{hook['id']}/", host=t.host, token=t.token).json()
    ping = stack.post(f"/api/webhooks/{hook['id']}/ping/", host=t.host, token=t.token)
    assert ping.status_code == 202 and ping.json()["event"] == "ping"
    [call] = receiver.wait(route, 1)
    assert call.event == "ping" and call.json["data"]["id"] == hook["id"]
    assert call.signature.count("v1=") == 2
    assert verify(new, call.signature, call.body) and verify(old, call.signature, call.body)
    ended = stack.post(f"/api/webhooks/{hook['id']}/rotate-secret/", host=t.host, token=t.token,
                       json={"overlap_seconds": 0}).json()["secret"]
    stack.post(f"/api/webhooks/{hook['id']}/ping/", host=t.host, token=t.token)
    call = receiver.wait(route, 2)[1]
    assert call.signature.count("v1=") == 1
    assert verify(ended, call.signature, call.body) and not verify(new, call.signature, call.body)


def test_a_tenant_without_the_feature_is_403_and_another_tenants_webhook_is_404(hooks):
    stack, receiver = hooks
    mine, hook = subscribe(stack, receiver, path())
    free = stack.new_tenant(plan="free")
    r = stack.get("/api/webhooks/", host=free.host, token=free.token)
    assert r.status_code == 403 and r.json()["code"] == "feature_not_available"
    assert r.json()["feature"] == "can_use_webhooks" and r.json()["upgrade_required"] is True
    r = stack.post("/api/webhooks/", host=free.host, token=free.token, json={"url": receiver.url("/x"), "events": ["*"]})
    assert r.status_code == 403 and r.json()["code"] == "feature_not_available"
    other = stack.new_tenant(plan="enterprise")
    for method, suffix in [("GET", ""), ("PATCH", ""), ("DELETE", ""), ("POST", "ping/"), ("POST", "rotate-secret/"),
                           ("GET", "deliveries/")]:
        r = stack.request(method, f"/api/webhooks/{hook['id']}/{suffix}", host=other.host, token=other.token,
                          json={} if method in ("POST", "PATCH") else None)
        assert r.status_code == 404 and r.json()["code"] == "not_found", f"{method} {suffix}: {r.text}"
    staff = stack.new_user(mine.schema, "staff")
    assert stack.get("/api/webhooks/", host=mine.host, token=staff).json()["code"] == "permission_denied"
    assert stack.get(f"/api/webhooks/{hook['id']}/", host=mine.host, token=mine.token).status_code == 200


def test_bad_input_is_400_with_fields(hooks):
    stack, receiver = hooks
    t = stack.new_tenant(plan="enterprise")
    for body, field in [
        ({"url": "ftp://127.0.0.1/x", "events": ["*"]}, "url"),
        ({"url": "not a url", "events": ["*"]}, "url"),
        ({"url": receiver.url("/x"), "events": ["appointment.deleted"]}, "events"),
        ({"url": receiver.url("/x"), "events": []}, "events"),
        ({"url": receiver.url("/x")}, "events"),
    ]:
        r = stack.post("/api/webhooks/", host=t.host, token=t.token, json=body)
        assert r.status_code == 400 and r.json()["code"] == "invalid" and field in r.json()["fields"], r.text
    assert stack.get("/api/webhooks/", host=t.host, token=t.token).json()["count"] == 0


def test_one_slow_receiver_does_not_delay_another_tenant(hooks):
    stack, receiver = hooks
    slow, fast = path(), path()
    receiver.plan(slow, *[(200, 2.0)] * 4)
    a, _ = subscribe(stack, receiver, slow, events=["customer.created"])
    b, _ = subscribe(stack, receiver, fast, events=["customer.created"])
    for n in range(4):
        stack.post("/api/customers/", host=a.host, token=a.token, json={"name": f"A{n}"})
    time.sleep(0.3)
    started = time.monotonic()
    stack.post("/api/customers/", host=b.host, token=b.token, json={"name": "B"})
    [call] = receiver.wait(fast, 1, timeout=10)
    waited = call.at - started
    print(f"\nwebhooks: another tenant's delivery arrived {waited * 1000:.0f} ms after its change, "
          f"while a 2 s receiver had 4 queued")
    assert waited < 1.5
    # The slow webhook had one delivery in flight at a time.
    calls = receiver.wait(slow, 4, timeout=20)
    assert all(later.at - earlier.at >= 1.9 for earlier, later in zip(calls, calls[1:]))


def test_kill_9_of_the_worker_mid_delivery_loses_nothing(hooks):
    stack, receiver = hooks
    route = path()
    receiver.plan(route, (200, 3.0), 200)  # the first answer takes 3 s: the worker dies while waiting for it
    t, hook = subscribe(stack, receiver, route, events=["customer.created"])
    worker_pid = int((stack.run_dir / "jobs.pid").read_text())
    stack.post("/api/customers/", host=t.host, token=t.token, json={"name": "Crash"})
    [first] = receiver.wait(route, 1)
    os.kill(worker_pid, signal.SIGKILL)
    log = open(stack.run_dir / "jobs-2.log", "w")
    replacement = subprocess.Popen([stack.bin, "jobs", "--poll-ms", "50"], env=stack.env, stdout=log,
                                   stderr=subprocess.STDOUT)
    try:
        (stack.run_dir / "jobs.pid").write_text(str(replacement.pid))
        calls = receiver.wait(route, 2, timeout=20)
        assert calls[1].delivery == first.delivery and calls[1].body == first.body
        [entry] = wait_until(lambda: [d for d in deliveries(stack, t, hook["id"]) if d["status"] == "succeeded"])
        assert entry["attempts"] == 2
        time.sleep(1.0)
        assert len(receiver.at(route)) == 2  # at most one extra arrival, which the receiver dedupes by delivery id
        # The new worker goes on delivering.
        stack.post("/api/customers/", host=t.host, token=t.token, json={"name": "After"})
        receiver.wait(route, 3)
    finally:
        # scripts/stack stop ends the replacement through jobs.pid.
        log.close()


# MARK: - SSRF, on the shared stack (private targets not allowed)


@contextlib.contextmanager
def listener():
    """A TCP listener on loopback that counts connections (nothing should ever connect)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    accepted = []
    stop = threading.Event()

    def run():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                accepted.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        server.close()


@pytest.mark.parametrize("url", [
    "https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://169.254.169.254/latest/meta-data/",
    "https://192.168.0.1/", "https://[::1]/hook", "https://localhost/hook", "https://2130706433/",
    "http://93.184.216.34/hook",
])
def test_private_and_metadata_targets_are_refused_at_create(stack, url):
    t = stack.new_tenant(plan="enterprise")
    r = stack.post("/api/webhooks/", host=t.host, token=t.token, json={"url": url, "events": ["*"]})
    assert r.status_code == 400 and "url" in r.json()["fields"], r.text
    assert stack.get("/api/webhooks/", host=t.host, token=t.token).json()["count"] == 0


def test_a_url_that_turns_private_is_refused_again_at_delivery(stack):
    """The host of a stored URL now resolves to loopback (as a DNS change would make it): the worker checks again
    and never connects."""
    t = stack.new_tenant(plan="enterprise")
    r = stack.post("/api/webhooks/", host=t.host, token=t.token,
                   json={"url": "https://93.184.216.34/hook", "events": ["customer.created"]})
    assert r.status_code == 201, r.text
    hook = r.json()
    with listener() as (port, accepted):
        database = stack.config["SMOOTHSCHEDULE_DATABASE"]
        with contextlib.closing(sqlite3.connect(database, timeout=10)) as db:
            db.execute("UPDATE webhooks SET url = ? WHERE id = ?", (f"https://127.0.0.1:{port}/hook", hook["id"]))
            db.commit()
        stack.post("/api/customers/", host=t.host, token=t.token, json={"name": "Rebind"})
        [entry] = wait_until(lambda: [d for d in deliveries(stack, t, hook["id"]) if d["status"] == "failed"])
        assert "127.0.0.1" in entry["error"] and entry["attempts"] == 1, entry
        assert accepted == []
