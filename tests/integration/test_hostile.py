"""Hostile input through nginx (issue 8 §3): every request below is answered with the API's error envelope or
an nginx 4xx, never a 5xx, and no worker dies (the worker pids are the same before and after)."""
import json
import socket
import time

import pytest

TOTAL = {"inputs": 0}


def check(r, what, allow_ok=False):
    """A 4xx envelope (or, where the input happens to be acceptable, a 2xx); never a 5xx."""
    TOTAL["inputs"] += 1
    assert r.status_code < 500, f"{what}: {r.status_code} {r.text[:300]}"
    if 200 <= r.status_code < 300:
        assert allow_ok, f"{what}: accepted ({r.status_code}) {r.text[:200]}"
        return
    body = r.json()
    assert body["success"] is False and body["code"] and body["error"] == body["detail"], f"{what}: {body}"


def raw(stack, data: bytes, timeout=10.0):
    """Sends bytes as they are (no client library to clean them up); returns (status, body)."""
    TOTAL["inputs"] += 1
    with socket.create_connection(("127.0.0.1", stack.port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    reply = b"".join(chunks)
    status = int(reply.split(b" ", 2)[1])
    return status, reply.split(b"\r\n\r\n", 1)[-1]


@pytest.fixture(scope="module")
def target(stack):
    t = stack.new_tenant(plan="enterprise")
    ids = {}
    for kind, body in [("resources", {"name": "Room", "type": "room"}),
                       ("services", {"name": "Cut", "duration_minutes": 30, "price_cents": 1000, "currency": "EUR"}),
                       ("customers", {"name": "Ann", "email": "ann@example.com"})]:
        r = stack.post(f"/api/{kind}/", host=t.host, token=t.token, json=body)
        assert r.status_code == 201, r.text
        ids[kind] = r.json()["id"]
    pids = stack.worker_pids()
    yield t, ids
    assert stack.worker_pids() == pids, "a worker died (or was replaced) during the hostile-input tests"
    assert stack.get("/api/health/").status_code == 200
    print(f"\nhostile inputs tried: {TOTAL['inputs']}")


MALFORMED = [
    b"[" * 10000, b"{" * 10000, b'{"a":' * 10000, b"[" * 100 + b"]" * 100, b'{"name": ' + b"[" * 5000,
    b'{"name":', b"{", b"}", b"nul", b"tru", b"\xff\xfe\x00", b'{"name":"\xff"}', b'{"name":"\\ud800"}',
    b'{"name":"\\udc00x"}', b'{"name":"\\u12"}', b'{"name":"a","name":"b"}', b"[]", b"null", b'"str"', b"123",
    b"\xef\xbb\xbf{}", b'{"name":"x",}', b"{'name':'x'}", b'{"name":NaN}', b'{"n":Infinity}', b"/*c*/{}",
    b'{"name":"x"} {}', b'{"name":"\x01"}', b'{"name":"x\\q"}', b"-", b"01", b"1.", b"1e", b'{"a":-}',
    b"\x00", b'{"\x00":1}', b'{"name":"' + b"\\" * 9999 + b'"}',
]


@pytest.mark.parametrize("body", MALFORMED, ids=lambda b: repr(b[:24]))
def test_malformed_json(stack, target, body):
    t, _ = target
    for path in ("/api/customers/", "/api/auth/login/"):
        r = stack.post(path, host=t.host, token=t.token, data=body, headers={"Content-Type": "application/json"})
        check(r, f"POST {path} {body[:40]!r}")
        # The sign-in refuses bodies over 16 KiB before reading them (docs/review/parser.md).
        assert r.status_code == (413 if path == "/api/auth/login/" and len(body) > 16_384 else 400)


WRONG = [
    ("services", {"name": 123}), ("services", {"name": []}), ("services", {"name": {}}), ("services", {"name": None}),
    ("services", {"name": "x", "duration_minutes": "30"}), ("services", {"name": "x", "duration_minutes": 1.5}),
    ("services", {"name": "x", "duration_minutes": 1e308}), ("services", {"name": "x", "duration_minutes": 2**70}),
    ("services", {"name": "x", "duration_minutes": -(2**70)}), ("services", {"name": "x", "price_cents": 2**63}),
    ("services", {"name": "x", "duration_minutes": 30, "price_cents": 2**63 - 1}),
    ("services", {"name": "x", "duration_minutes": 2**63 - 1}), ("services", {"name": "x", "duration_minutes": 0}),
    ("services", {"name": "x", "price_cents": -1}), ("services", {"name": "x", "is_active": "yes"}),
    ("services", {"name": "x", "currency": "E" * 1000}), ("resources", {"name": "x", "type": "spaceship"}),
    ("resources", {"name": "a\u0000b", "type": "room"}), ("customers", {"name": "x" * 100_000}),
    ("customers", {"name": "ok", "email": "e" * 10_000}), ("customers", {"name": "ok", "notes": "n" * 900_000}),
    ("customers", {"id": 1, "name": "x"}), ("customers", {"tenant_id": 2, "name": "x"}),
    ("customers", {"name": "x", "can_export_data": True}), ("users", {"email": "x@y.z", "role": "superuser"}),
    ("users", {"email": "x@y.z", "role": "owner", "password": "p" * 5000}),
]


@pytest.mark.parametrize("kind,body", WRONG, ids=lambda v: str(v)[:30])
def test_wrong_types_and_sizes(stack, target, kind, body):
    t, _ = target
    r = stack.post(f"/api/{kind}/", host=t.host, token=t.token, json=body)
    check(r, f"POST /api/{kind}/ {str(body)[:60]}", allow_ok="price_cents" in body and r.status_code == 201)


def test_huge_number_literals(stack, target):
    t, _ = target
    for literal in [b"1e400", b"-1e400", b"1180591620717411303424", b"1" * 5000, b"0." + b"0" * 5000 + b"1",
                    b"1e-400", b"9223372036854775808", b"-9223372036854775809", b"1E+99999999999999999999"]:
        body = b'{"name":"x","duration_minutes":' + literal + b',"price_cents":' + literal + b"}"
        r = stack.post("/api/services/", host=t.host, token=t.token, data=body,
                       headers={"Content-Type": "application/json"})
        check(r, f"number {literal[:30]!r}")


DATES = ["2025-02-30T10:00:00Z", "2025-12-02T24:00:00Z", "2025-12-02T10:00:00", "2025-12-02", "",
         "2025-13-01T10:00:00Z", "2025-12-02T10:60:00Z", "2025-12-02T10:00:60Z", "2025-12-02T10:00:00+25:00",
         "0000-01-01T00:00:00Z", "99999999-01-01T00:00:00Z", "-2025-12-02T10:00:00Z", "2025-12-02_10:00:00Z",
         "2025-12-02T10:00:00.123456789012Z", "2025-12-02T10:00:00Z\u0000", "T", "2025-02-29T10:00:00Z",
         "2025-12-02T10:00:00+0100x", "９９９９-01-01T00:00:00Z"]


@pytest.mark.parametrize("value", DATES)
def test_invalid_dates(stack, target, value):
    t, ids = target
    body = {"resource_id": ids["resources"], "service_id": ids["services"], "customer_id": ids["customers"],
            "start_time": value}
    r = stack.post("/api/appointments/", host=t.host, token=t.token, json=body)
    check(r, f"start_time {value!r}")
    assert r.status_code == 400 and "start_time" in r.json().get("fields", {}), r.text
    r = stack.get("/api/appointments/", host=t.host, token=t.token, params={"start": value, "end": value})
    check(r, f"filter {value!r}", allow_ok=True)


def test_wrong_content_types(stack, target):
    t, _ = target
    for ctype in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                  "application/xml", "application/jsonx", "", "application/json; charset=latin-1"]:
        r = stack.post("/api/customers/", host=t.host, token=t.token, data=b'{"name":"ct"}',
                       headers={"Content-Type": ctype})
        check(r, f"content type {ctype!r}", allow_ok=ctype.startswith("application/json") or ctype == "")


def test_query_strings(stack, target):
    t, _ = target
    for query in ["page=1&page=2&page_size=5&page_size=500", "page=-1", "page=0", "page=abc", "page_size=0",
                  "page=99999999999999999999", "page_size=1e3", "page=%00", "search=%00", "a=%zz&%=%", "&&&==&",
                  "page=" + "9" * 5000, "status=NOPE&status=PENDING", "x=" + "%41" * 3000]:
        r = stack.get("/api/appointments/?" + query, host=t.host, token=t.token)
        check(r, f"query {query[:40]!r}", allow_ok=True)


def test_hostile_paths_and_ids(stack, target):
    t, _ = target
    for path in ["/api/customers/abc/", "/api/customers/-1/", "/api/customers/0/", "/api/customers/1e3/",
                 "/api/customers/99999999999999999999999/", "/api/customers/%00/", "/api/customers/1%00/",
                 "/api/%2e%2e/etc/passwd", "/api/customers/1/extra/", "/api/" + "a/" * 2000, "/api/customers//",
                 "/api/customers/%ff%fe/", "/api/customers/\u00e9/"]:
        for method in ("GET", "PATCH", "DELETE"):
            r = stack.request(method, path, host=t.host, token=t.token, json={} if method == "PATCH" else None)
            check(r, f"{method} {path[:40]}", allow_ok=path == "/api/customers//" and method == "GET")


def test_nul_and_raw_bytes_in_request_line(stack, target):
    t, _ = target
    for line in [b"GET /api/customers/\x00/ HTTP/1.1", b"GET /api/health/?a=\x00 HTTP/1.1",
                 b"GET /api/health/%00 HTTP/1.1", b"GET /api/\xff\xfe/ HTTP/1.1", b"GET /api/health/ HTTP/9.9",
                 b"G\x00T /api/health/ HTTP/1.1", b"GET " + b"/api/" + b"x" * 20000 + b" HTTP/1.1"]:
        status, body = raw(stack, line + b"\r\nHost: " + t.host.encode() + b"\r\nConnection: close\r\n\r\n")
        assert status < 500 or status == 505, (line[:40], status, body[:200])


def test_long_and_odd_headers(stack, target):
    t, _ = target
    cases = [{"X-Long": "a" * 20000}, {"Authorization": "Token " + "a" * 10000}, {"Authorization": "Token"},
             {"Authorization": "Basic dXNlcjpwdw=="}, {"Authorization": "Token a b c"}, {"X-Request-Id": "r" * 5000},
             {"X-Request-Id": "\u00e9\u00e9"}, {"X-Forwarded-Host": "evil.example"}, {"Cookie": "c=" + "x" * 15000}]
    for headers in cases:
        r = stack.get("/api/tenant/", host=t.host, token=None if "Authorization" in headers else t.token,
                      headers=headers)
        if r.status_code in (400, 431, 494):
            TOTAL["inputs"] += 1  # nginx refused the header itself: fine
            continue
        check(r, f"headers {str(headers)[:40]}", allow_ok=True)
        if "X-Request-Id" in headers:
            assert len(r.headers["X-Request-Id"]) <= 128
    for host in ["", "a" * 5000 + ".smoothschedule.test", "..", "x..smoothschedule.test", "\u00e9.smoothschedule.test",
                 t.host + ":99999", t.host + ".", "www." + t.host, "[::1]"]:
        r = stack.get("/api/tenant/", host=host or None, token=t.token)
        if r.status_code in (400, 431, 494):
            TOTAL["inputs"] += 1
            continue
        check(r, f"host {host[:40]!r}", allow_ok=True)


def test_body_over_the_limit_is_nginx_413_envelope(stack, target):
    t, _ = target
    r = stack.post("/api/customers/", host=t.host, token=t.token, data=b"{" + b" " * (2 * 1024 * 1024) + b"}",
                   headers={"Content-Type": "application/json"})
    check(r, "2 MiB body")
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"


def test_slow_clients_do_not_hold_workers(stack, target):
    """Twenty clients that send half their headers and stall hold nginx connections, not responder threads; a
    client that dribbles its request out a byte at a time over ~1 s is still answered."""
    t, _ = target
    stalled = []
    try:
        for _ in range(20):
            s = socket.create_connection(("127.0.0.1", stack.port), timeout=5)
            s.sendall(b"POST /api/customers/ HTTP/1.1\r\nHost: " + t.host.encode() + b"\r\nContent-Length: 100\r\n\r\n{")
            stalled.append(s)
        started = time.monotonic()
        assert stack.get("/api/health/", timeout=5).status_code == 200
        assert stack.get("/api/tenant/", host=t.host, token=t.token, timeout=5).status_code == 200
        assert time.monotonic() - started < 2.0
        request = (b"GET /api/tenant/ HTTP/1.1\r\nHost: " + t.host.encode() + b"\r\nAuthorization: Token "
                   + t.token.encode() + b"\r\nConnection: close\r\n\r\n")
        with socket.create_connection(("127.0.0.1", stack.port), timeout=10) as s:
            step = max(1, len(request) // 40)
            for i in range(0, len(request), step):
                s.sendall(request[i:i + step])
                time.sleep(0.025)
            reply = s.makefile("rb").read()
        TOTAL["inputs"] += 21
        assert reply.startswith(b"HTTP/1.1 200"), reply[:200]
    finally:
        for s in stalled:
            s.close()


def raw_response(stack, data: bytes, timeout=10.0):
    """Sends bytes as they are; answers (status, headers with lower-case names, body) of the first response."""
    with socket.create_connection(("127.0.0.1", stack.port), timeout=timeout) as s:
        s.sendall(data)
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = s.recv(65536)
            if not chunk:
                break
            reply += chunk
        head, _, body = reply.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict((k.strip().lower(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:]))
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
    return int(lines[0].split(" ")[1]), headers, body


NGINX_ERRORS = [
    # (what, raw request, status, code)
    ("lower-case method", b"get /api/health/ HTTP/1.1\r\nHost: {host}\r\n", 400, "bad_request"),
    ("garbage request line", b"GET /api/health/ HTTP/1.1 extra\r\nHost: {host}\r\n", 400, "bad_request"),
    ("NUL in the path", b"GET /api/health/%00 HTTP/1.1\r\nHost: {host}\r\n", 400, "bad_request"),
    ("HTTP/1.1 without Host", b"GET /api/health/ HTTP/1.1\r\n", 400, "bad_request"),
    ("request line over 16 KiB", b"GET /api/" + b"x" * 20000 + b" HTTP/1.1\r\nHost: {host}\r\n", 414, "uri_too_long"),
    ("header over 16 KiB", b"GET /api/health/ HTTP/1.1\r\nHost: {host}\r\nX-Big: " + b"a" * 20000 + b"\r\n",
     431, "request_header_too_large"),
    ("unknown transfer coding", b"POST /api/customers/ HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: gzip\r\n",
     501, "not_implemented"),
    ("HTTP/9.9", b"GET /api/health/ HTTP/9.9\r\nHost: {host}\r\n", 505, "http_version_not_supported"),
    ("body over 1 MiB", b"POST /api/customers/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 3000000\r\n", 413,
     "payload_too_large"),
    ("nginx's internal error location", b"GET /_errors/nginx.json HTTP/1.1\r\nHost: {host}\r\n", 404, "not_found"),
    ("TRACE outside the API", b"TRACE /index.html HTTP/1.1\r\nHost: {host}\r\n", 404, "not_found"),
]


@pytest.mark.parametrize("what,request_bytes,status,code", NGINX_ERRORS, ids=[c[0] for c in NGINX_ERRORS])
def test_errors_nginx_makes_itself_are_the_envelope(stack, target, what, request_bytes, status, code):
    """Issue 11 item 20: whatever nginx refuses itself is answered with the API's JSON envelope and an
    X-Request-Id (docs/api.md §1), never nginx's HTML page."""
    t, _ = target
    data = request_bytes.replace(b"{host}", t.host.encode())
    if not data.endswith(b"\r\n\r\n") and b"\r\n\r\n" not in data:
        data += b"Connection: close\r\n\r\n"
    TOTAL["inputs"] += 1
    got, headers, body = raw_response(stack, data)
    assert got == status, (what, got, body[:200])
    assert headers["content-type"].startswith("application/json"), (what, headers)
    assert len(headers.get("x-request-id", "")) >= 16, (what, headers)
    envelope = json.loads(body)
    assert envelope["success"] is False and envelope["code"] == code, (what, envelope)
    assert envelope["error"] == envelope["detail"] and envelope["error"]


def test_trace_and_unknown_methods_are_405_with_allow(stack, target):
    """nginx refuses TRACE itself; it is answered like any other method a route lacks: the permission chain
    first (401 without a token), then 405 with the route's Allow, in the envelope."""
    t, _ = target
    for method in ("TRACE", "FOO", "PROPFIND"):
        r = stack.request(method, "/api/customers/", host=t.host, token=t.token)
        TOTAL["inputs"] += 1
        assert r.status_code == 405, (method, r.status_code, r.text[:200])
        assert r.json()["code"] == "method_not_allowed"
        assert set(r.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}, r.headers
        assert r.headers["X-Request-Id"]
        health = stack.request(method, "/api/health/")
        assert health.status_code == 405 and health.headers["Allow"] == "GET" and health.json()["success"] is False


def test_a_trace_with_a_body_is_405_with_allow_and_its_body_is_never_read(stack, target):
    """RFC 9110 forbids a body on TRACE; nginx neither reads nor passes it on, and the responder is told there is
    none, so the answer is the same 405 with the route's Allow as without one (what schemathesis expects)."""
    t, _ = target
    TOTAL["inputs"] += 1
    data = (f"TRACE /api/health/ HTTP/1.1\r\nHost: {t.host}\r\nContent-Type: application/json\r\n"
            "Content-Length: 5\r\nConnection: close\r\n\r\nhello").encode()
    got, headers, body = raw_response(stack, data)
    assert got == 405 and headers["allow"] == "GET", (got, headers, body[:200])
    assert json.loads(body)["code"] == "method_not_allowed" and headers["x-request-id"]
    anonymous = stack.request("TRACE", "/api/customers/", host=t.host)
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "not_authenticated"
    assert stack.get("/api/health/").status_code == 200
