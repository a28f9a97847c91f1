"""Login brute-force protection through nginx (review F4, docs/review/login.md). The responder sees nginx's
REMOTE_ADDR, so each caller connects from its own loopback address (127.0.x.y) and the attacker's counts stay the
attacker's. IPv6 clients cannot reach the test nginx (it listens on 127.0.0.1), so the /64 test sends the FastCGI
parameters nginx would send straight to the stack's responder socket. Block lengths, doubling, decay and the
hashing budget run on the DB clock in Tests/.../Handlers/Auth/LoginThrottleTests.swift (no sleeping here).

The two properties: (a) an attacker cannot guess quickly — 5 failures block an (account, address) pair, 5 failures
from anywhere block the account for every address that never signed in to it, 20 failures block an address (an
IPv6 /64) for every account; a superuser's account is one budget on every host. (b) the attacker cannot lock the
real user out — an address that signed in to the account before is not held by the account-wide block."""
import http.client
import json
import uuid

import fastcgi_client


def login(stack, host, email, password, source):
    conn = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=30, source_address=(source, 0))
    body = json.dumps({"email": email, "password": password})
    conn.request("POST", "/api/auth/login/", body=body, headers={"Host": host, "Content-Type": "application/json"})
    r = conn.getresponse()
    data = json.loads(r.read() or b"{}")
    conn.close()
    return r.status, data, r.getheader("Retry-After")


def login6(stack, host, email, password, address):
    """The same request as nginx would pass it for an IPv6 client."""
    r = fastcgi_client.request(stack.run_dir / "fcgi.sock", "POST", "/api/auth/login/", host, address,
                            body={"email": email, "password": password})
    return r.status, r.json


def test_guessing_from_one_address_is_blocked_and_other_users_are_not(stack):
    t = stack.new_tenant()
    password = "pw-" + t.schema
    attacker, user = "127.0.1.1", "127.0.1.2"
    statuses = [login(stack, t.host, t.email, "guess", attacker)[0] for _ in range(5)]
    assert statuses == [400] * 5
    status, body, retry = login(stack, t.host, t.email, password, attacker)
    assert status == 429 and body["code"] == "too_many_attempts" and 0 < int(retry) <= 30
    # An address that never signed in to this account waits out the account's block too...
    status, body, _ = login(stack, t.host, t.email, password, user)
    assert status == 429 and body["code"] == "too_many_attempts"
    # ...but another account signs in from a clean address, and from the attacker's (20 failures block an address).
    other = stack.new_tenant()
    assert login(stack, other.host, other.email, "pw-" + other.schema, user)[0] == 200
    assert login(stack, other.host, other.email, "pw-" + other.schema, attacker)[0] == 200
    assert stack.get("/api/health/").status_code == 200


def test_a_superuser_has_one_budget_on_every_host(stack):
    email, password = f"root-{uuid.uuid4().hex[:8]}@platform.example", "root-password-1"
    stack.cli("user", "create", "--email", email, "--role", "superuser", "--password", password)
    hosts = [stack.new_tenant().host for _ in range(5)] + [stack.base_domain]
    # Five wrong guesses, each on another host from another address: one account, one budget.
    for n, host in enumerate(hosts[:5]):
        assert login(stack, host, email, "guess", f"127.0.2.{n + 1}")[0] == 400
    status, body, retry = login(stack, hosts[5], email, password, "127.0.2.9")
    assert status == 429 and body["code"] == "too_many_attempts" and int(retry) > 0


def test_ipv6_addresses_of_one_64_share_a_budget(stack):
    t = stack.new_tenant()
    prefix = "2001:db8:" + uuid.uuid4().hex[:4] + ":1:"
    # 20 failures spread over 20 addresses of one /64 and 20 e-mails: the /64 is blocked for every account...
    for n in range(20):
        status, _ = login6(stack, t.host, f"nobody{n}@{t.schema}.example", "guess", f"{prefix}:{n + 1:x}")
        assert status == 400
    status, body = login6(stack, t.host, t.email, "pw-" + t.schema, f"{prefix}a:b:c:d")
    assert status == 429 and body["code"] == "too_many_attempts"
    # ...while a client of the next /64 signs in.
    neighbour = prefix.replace(":1:", ":2:") + ":1"
    assert login6(stack, t.host, t.email, "pw-" + t.schema, neighbour)[0] == 200


def test_an_attacker_cannot_lock_out_a_user_who_signed_in_before(stack):
    t = stack.new_tenant()
    password = "pw-" + t.schema
    home = "127.0.3.1"
    assert login(stack, t.host, t.email, password, home)[0] == 200  # the real user, some day before
    # The attacker fails from one address, then keeps trying from fresh ones: the account is blocked...
    for _ in range(5):
        assert login(stack, t.host, t.email, "guess", "127.0.3.2")[0] == 400
    for n in range(3, 8):
        status, body, _ = login(stack, t.host, t.email, "guess", f"127.0.3.{n}")
        assert status == 429 and body["code"] == "too_many_attempts"
    # ...for addresses that never signed in to it, even with the right password...
    assert login(stack, t.host, t.email, password, "127.0.3.20")[0] == 429
    # ...but not for the real user's own address, who signs in at once.
    status, body, _ = login(stack, t.host, t.email, password, home)
    assert status == 200 and body["token"]
    assert login(stack, t.host, t.email, "guess", "127.0.3.2")[0] == 429  # the attacker is still held


def test_a_known_ipv6_client_is_recognised_anywhere_in_its_64(stack):
    t = stack.new_tenant()
    password = "pw-" + t.schema
    home = "2001:db8:" + uuid.uuid4().hex[:4] + ":7:"
    assert login6(stack, t.host, t.email, password, home + ":10")[0] == 200
    for n in range(5):
        assert login6(stack, t.host, t.email, "guess", f"2001:db8:bad:{n}::1")[0] == 400
    assert login6(stack, t.host, t.email, password, "2001:db8:bad:99::1")[0] == 429
    # Privacy addressing picked another interface id in the same /64: still the user's known address.
    assert login6(stack, t.host, t.email, password, home + ":abcd:1234")[0] == 200
