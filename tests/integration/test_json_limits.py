"""Request-body limits through nginx and the real responder (security review F1; docs/review/parser.md).

Before the fix, the 535 KB body of 60,000 distinct keys cost about 8 s of a worker thread in the JSON parser's
duplicate-key check (quadratic), and the public sign-in parsed it before any throttle."""
import json

import pytest

MEMBER_LIMIT = "A JSON object has more than 1000 members."


def keys_body(count):
    # Hexadecimal keys, as in the review: 60,000 of them make 535 KB.
    return ("{" + ",".join(f'"{i:x}":0' for i in range(count)) + "}").encode()


def post_json(stack, path, body, **kw):
    # Generous: the assertions are on what the answer says, not on how fast it came.
    return stack.post(path, data=body, headers={"Content-Type": "application/json"}, timeout=30, **kw)


@pytest.fixture(scope="module")
def tenant(stack):
    return stack.new_tenant(plan="free")


def test_login_refuses_the_sixty_thousand_key_body_before_reading_it(stack):
    body = keys_body(60_000)
    assert 500_000 < len(body) < 1_048_576
    r = post_json(stack, "/api/auth/login/", body)
    assert r.status_code == 413, r.text[:300]
    assert r.json()["code"] == "payload_too_large"
    assert r.headers.get("X-Request-Id")


def test_login_body_at_its_longest_is_still_a_credential_check(stack):
    # A 1,024-character password of emoji, escaped by json.dumps as surrogate pairs (12 bytes each), and a long
    # e-mail: about 13 KB, under the 16 KiB sign-in limit of nginx and of the responder.
    body = json.dumps({"email": "a" * 240 + "@example.test", "password": "\U0001F600" * 1024}).encode()
    assert 12_288 < len(body) <= 16_384
    r = post_json(stack, "/api/auth/login/", body)
    assert r.status_code == 400, r.text[:300]
    assert r.json()["code"] == "invalid_credentials"


def test_sixty_thousand_keys_are_refused_by_the_member_limit(stack, tenant):
    r = post_json(stack, "/api/customers/", keys_body(60_000), host=tenant.host, token=tenant.token)
    assert r.status_code == 400, r.text[:300]
    assert r.json()["error"] == MEMBER_LIMIT and r.json()["success"] is False


def test_a_same_size_string_is_refused_by_the_string_limit(stack, tenant):
    body = b'{"name":"' + b"x" * (len(keys_body(60_000)) - 11) + b'"}'
    r = post_json(stack, "/api/customers/", body, host=tenant.host, token=tenant.token)
    assert r.status_code == 400, r.text[:300]
    assert r.json()["error"] == "A JSON string is longer than 65536 bytes."


def test_too_many_values_are_refused(stack, tenant):
    body = b'{"name":"x","notes":[' + b",".join([b"0"] * 20_000) + b"]}"
    r = post_json(stack, "/api/customers/", body, host=tenant.host, token=tenant.token)
    assert r.status_code == 400, r.text[:300]
    assert r.json()["error"] == "The JSON document has more than 10000 values."


def test_a_body_within_the_limits_is_read_as_before(stack, tenant):
    # 999 unknown keys plus a name: every unknown key is reported, grouped per field.
    body = json.dumps({"name": "Ann", **{f"k{i}": 0 for i in range(999)}}).encode()
    r = post_json(stack, "/api/customers/", body, host=tenant.host, token=tenant.token)
    assert r.status_code == 400, r.text[:300]
    fields = r.json()["fields"]
    assert len(fields) == 999 and fields["k0"] == ["Unknown field."]
