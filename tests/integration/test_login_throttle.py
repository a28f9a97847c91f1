"""Login brute-force protection through nginx: the responder sees nginx's REMOTE_ADDR, so each caller connects
from its own loopback address (127.0.0.x) and the attacker's block stays the attacker's. The block lengths,
their doubling, cap and decay run on the DB clock in Tests/.../LoginThrottleTests.swift (no sleeping here)."""
import http.client
import json


def login(stack, host, email, password, source):
    conn = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=30, source_address=(source, 0))
    body = json.dumps({"email": email, "password": password})
    conn.request("POST", "/api/auth/login/", body=body, headers={"Host": host, "Content-Type": "application/json"})
    r = conn.getresponse()
    data = json.loads(r.read() or b"{}")
    conn.close()
    return r.status, data, r.getheader("Retry-After")


def test_attacker_is_slowed_and_other_users_are_not(stack):
    t = stack.new_tenant()
    password = "pw-" + t.schema
    attacker, user = "127.0.0.23", "127.0.0.24"
    statuses = [login(stack, t.host, t.email, "guess", attacker)[0] for _ in range(5)]
    assert statuses == [400] * 5
    status, body, retry = login(stack, t.host, t.email, password, attacker)
    assert status == 429 and body["code"] == "too_many_attempts" and 0 < int(retry) <= 30
    # The account is blocked for everyone while the block lasts (at most 15 minutes, API.md-style 429)...
    status, body, _ = login(stack, t.host, t.email, password, user)
    assert status == 429
    # ...but another account of the same tenant signs in from a clean address, and the attacker's address is
    # blocked for every account it tries next.
    other = stack.new_tenant()
    assert login(stack, other.host, other.email, "pw-" + other.schema, user)[0] == 200
    status, body, _ = login(stack, other.host, "nobody@" + other.schema + ".example", "guess", attacker)
    assert status == 429 and body["code"] == "too_many_attempts"
    assert stack.get("/api/health/").status_code == 200
