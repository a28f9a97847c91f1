"""Data export (API.md §8) through real nginx and the real responder: a CSV round trip through Python's csv
module, the feature gate, and a streamed export of 1,000,000 appointments with its time to first byte, rows per
second and the responder workers' peak resident memory (VmHWM) against a fixed bound."""
import csv
import io
import json
import sqlite3
import time

import fastcgi_client as fcgi
import pytest

# The responder's workers must stay under this peak resident set size while streaming 1,000,000 rows.
PEAK_RSS_BOUND_KIB = 64 * 1024
# The first byte of a 1,000,000-row export must arrive within this many seconds.
FIRST_BYTE_BOUND_S = 2.0
INJECTION = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "  =x", "\tx", "\rx"]
AWKWARD = ["a, b", 'say "hi"', "line1\nline2", "crlf\r\nend", "Zoë 🌷 日本", "plain"]


def db(stack):
    conn = sqlite3.connect(stack.config["SMOOTHSCHEDULE_DATABASE"], timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def tenant_id(conn, schema):
    return conn.execute("SELECT id FROM tenants WHERE schema_name = ?", (schema,)).fetchone()[0]


def seed_basics(conn, tid, names):
    """One resource, one service and one customer per name; answers their ids."""
    ids = []
    for name in names:
        r = conn.execute("INSERT INTO resources (tenant_id, name, type, is_active, created_at, updated_at) "
                         "VALUES (?, ?, 'staff', 1, 0, 0)", (tid, name)).lastrowid
        s = conn.execute("INSERT INTO services (tenant_id, name, description, duration_minutes, price_cents, currency, "
                         "is_active, created_at, updated_at) VALUES (?, ?, ?, 30, 2500, 'USD', 1, 0, 0)",
                         (tid, name, name)).lastrowid
        c = conn.execute("INSERT INTO customers (tenant_id, name, email, phone, notes, created_at, updated_at) "
                         "VALUES (?, ?, 'c@example.com', '+1 555', ?, 0, 0)", (tid, name, name)).lastrowid
        ids.append((r, s, c))
    return ids


def expected_cell(value):
    lead = value.lstrip(" ")
    dangerous = value[:1] in ("\t", "\r") or lead[:1] in ("=", "+", "-", "@")
    return "'" + value if dangerous else value


def test_csv_round_trip_with_awkward_text_and_injection_corpus(stack):
    t = stack.new_tenant(plan="business", timezone="America/New_York")
    other = stack.new_tenant(plan="business")
    values = AWKWARD + INJECTION
    with db(stack) as conn:
        tid = tenant_id(conn, t.schema)
        ids = seed_basics(conn, tid, values)
        seed_basics(conn, tenant_id(conn, other.schema), ["OTHER TENANT"])
        # 2025-11-30 23:30 in New York = 2025-12-01T04:30Z.
        for i, (r, s, c) in enumerate(ids):
            conn.execute("INSERT INTO appointments (tenant_id, resource_id, service_id, customer_id, start_time, "
                         "end_time, status, price_cents, notes, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, 'COMPLETED', ?, ?, 0, 0)",
                         (tid, r, s, c, 1764563400 + i * 3600, 1764563400 + i * 3600 + 1800, i, values[i]))

    r = stack.get("/api/export/appointments/", host=t.host, token=t.token)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/csv")
    assert r.headers["Content-Disposition"] == 'attachment; filename="appointments_all.csv"'
    assert b"\r\n" in r.content and "OTHER TENANT" not in r.content.decode()
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8"), newline="")))
    assert len(rows) == len(values)
    for i, row in enumerate(rows):
        assert row["notes"] == expected_cell(values[i])
        assert row["customer_name"] == expected_cell(values[i])
        assert row["resource_name"] == expected_cell(values[i])
        assert row["price_cents"] == str(i) and row["id"].isdigit() and row["customer_id"].isdigit()
        assert row["timezone"] == "America/New_York" and row["currency"] == "USD"
    assert rows[0]["start_time"] == "2025-12-01T04:30:00Z"
    assert (rows[0]["local_date"], rows[0]["local_start_time"], rows[0]["local_end_time"]) == ("2025-11-30", "23:30", "00:00")

    customers = list(csv.reader(io.StringIO(stack.get("/api/export/customers/", host=t.host, token=t.token)
                                            .content.decode(), newline="")))
    assert customers[0] == ["id", "name", "email", "phone", "notes", "created_at"]
    assert [row[1] for row in customers[1:]] == [expected_cell(v) for v in values]
    assert all(row[3] == "'+1 555" for row in customers[1:])

    j = stack.get("/api/export/services/", host=t.host, token=t.token, params={"format": "json"})
    body = j.json()
    assert body["kind"] == "services" and body["count"] == len(values)
    assert [s["name"] for s in body["results"]] == values  # JSON carries the raw values
    assert j.headers["Content-Disposition"] == 'attachment; filename="services_all.json"'


def test_export_gate_roles_and_validation(stack):
    free = stack.new_tenant(plan="free")
    r = stack.get("/api/export/customers/", host=free.host, token=free.token)
    assert r.status_code == 403 and r.json()["feature"] == "can_export_data"
    t = stack.new_tenant(plan="business")
    staff = stack.new_user(t.schema, "staff")
    assert stack.get("/api/export/customers/", host=t.host, token=staff).status_code == 403
    bad = stack.get("/api/export/appointments/", host=t.host, token=t.token,
                    params={"start_date": "2025-12-10", "end_date": "2025-12-01", "format": "xml"})
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"end_date", "format"}


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def test_million_appointment_export_streams_with_flat_memory(stack):
    t = stack.new_tenant(plan="business", timezone="Europe/Berlin")
    n = 1_000_000
    with db(stack) as conn:
        tid = tenant_id(conn, t.schema)
        (r, s, c), = seed_basics(conn, tid, ["Room"])
        conn.execute(
            """
            WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
            INSERT INTO appointments (tenant_id, resource_id, service_id, customer_id, start_time, end_time, status,
                                      price_cents, notes, created_at, updated_at)
            SELECT ?, ?, ?, ?, 1704067200 + i * 600, 1704067200 + i * 600 + 1800,
                   CASE i % 5 WHEN 0 THEN 'COMPLETED' WHEN 1 THEN 'CANCELLED' ELSE 'CONFIRMED' END,
                   i % 10000, 'note, "' || i || '"', 1704067200, 1704067200 FROM k
            """, (n, tid, r, s, c))
    workers = stack.worker_pids()
    assert workers, "no serve workers"
    before = {pid: vm_hwm_kib(pid) for pid in workers}

    started = time.monotonic()
    response = stack.get("/api/export/appointments/", host=t.host, token=t.token, stream=True, timeout=600)
    assert response.status_code == 200
    chunks = response.iter_content(chunk_size=None)
    first = next(chunks)
    first_byte = time.monotonic() - started
    total, newlines = len(first), first.count(b"\n")
    peak = 0
    for i, chunk in enumerate(chunks):
        total += len(chunk)
        newlines += chunk.count(b"\n")
        if i % 200 == 0:
            peak = max([peak] + [vm_hwm_kib(pid) for pid in workers])
    elapsed = time.monotonic() - started
    peak = max([peak] + [vm_hwm_kib(pid) for pid in workers])
    rows = newlines - 1  # header; notes hold no newlines
    report = {"rows": rows, "bytes": total, "seconds": round(elapsed, 2), "rows_per_second": int(rows / elapsed),
              "first_byte_s": round(first_byte, 3), "peak_rss_kib": peak, "rss_before_kib": before,
              "bound_kib": PEAK_RSS_BOUND_KIB}
    print("EXPORT-1M " + json.dumps(report))
    assert rows == n
    assert first_byte < FIRST_BYTE_BOUND_S, report
    assert peak < PEAK_RSS_BOUND_KIB, report


def test_client_that_disconnects_mid_export_kills_no_worker(stack):
    """A client going away mid-stream (EPIPE) stops the export and never kills a worker (issue 2 §2)."""
    import socket

    t = stack.new_tenant(plan="business")
    with db(stack) as conn:
        tid = tenant_id(conn, t.schema)
        (r, s, c), = seed_basics(conn, tid, ["Room"])
        conn.execute(
            """
            WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 200000)
            INSERT INTO appointments (tenant_id, resource_id, service_id, customer_id, start_time, end_time, status,
                                      price_cents, notes, created_at, updated_at)
            SELECT ?, ?, ?, ?, 1704067200 + i * 600, 1704067200 + i * 600 + 1800, 'CONFIRMED', 100, '', 0, 0 FROM k
            """, (tid, r, s, c))
    workers = stack.worker_pids()
    for _ in range(3):
        sock = socket.create_connection(("127.0.0.1", stack.port), timeout=30)
        sock.sendall((f"GET /api/export/appointments/?format=csv HTTP/1.1\r\nHost: {t.host}\r\n"
                      f"Authorization: Token {t.token}\r\nConnection: close\r\n\r\n").encode())
        received = b""
        while len(received) < 64 * 1024:
            chunk = sock.recv(65536)
            assert chunk, "the export ended before 64 KiB"
            received += chunk
        assert received.startswith(b"HTTP/1.1 200")
        sock.close()
    time.sleep(1.0)
    assert stack.worker_pids() == workers
    assert stack.get("/api/health/").status_code == 200
    assert stack.get("/api/tenant/", host=t.host, token=t.token).status_code == 200


# --- Slow readers (security review F8): a client that stops reading must not hold a responder thread or the
# export's SQLite read snapshot for longer than a fixed bound.

STALL_ROWS = 30_000


def seed_appointments(stack, t, n):
    with db(stack) as conn:
        tid = tenant_id(conn, t.schema)
        (r, s, c), = seed_basics(conn, tid, ["Room"])
        conn.execute(
            """
            WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
            INSERT INTO appointments (tenant_id, resource_id, service_id, customer_id, start_time, end_time, status,
                                      price_cents, notes, created_at, updated_at)
            SELECT ?, ?, ?, ?, 1704067200 + i * 600, 1704067200 + i * 600 + 1800, 'CONFIRMED', 100,
                   'a note long enough to make the export a few tens of megabytes', 0, 0 FROM k
            """, (n, tid, r, s, c))


def checkpoint_completes(stack):
    """A write, then a TRUNCATE checkpoint: it completes (busy = 0) only if no reader pins an old snapshot."""
    conn = sqlite3.connect(stack.config["SMOOTHSCHEDULE_DATABASE"], timeout=5)
    try:
        conn.execute("PRAGMA busy_timeout = 3000")
        conn.execute("UPDATE tenants SET name = name WHERE id = (SELECT min(id) FROM tenants)")
        conn.commit()
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return busy == 0
    finally:
        conn.close()


def stalled_download(port, host, token, path="/api/export/appointments/?format=csv"):
    """Asks nginx for an export with a tiny receive buffer, reads the first 64 KiB, then stops reading."""
    import socket
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(30)
    sock.connect(("127.0.0.1", port))
    # HTTP/1.0: no chunked encoding, the body is the file and ends when the connection does.
    sock.sendall((f"GET {path} HTTP/1.0\r\nHost: {host}\r\nAuthorization: Token {token}\r\n\r\n").encode())
    received = b""
    while len(received) < 64 * 1024:
        chunk = sock.recv(65536)
        assert chunk, "the export ended before 64 KiB"
        received += chunk
    assert received.startswith(b"HTTP/1.1 200"), received[:200]
    return sock, received


@pytest.fixture(scope="module")
def one_thread_stack():
    """A private stack whose responder has one worker process of one thread: one stuck request shows."""
    from private_stack import private_stack
    with private_stack("--workers", "1", "--threads", "1") as small:
        yield small


def test_a_client_that_stops_reading_holds_neither_the_thread_nor_the_snapshot(one_thread_stack):
    """Through nginx, on a responder with a single thread: a download that stops reading after 64 KiB leaves the
    thread free for the next request and the read snapshot released (the WAL checkpoints) within seconds, long
    before nginx's 60 s send_timeout; and the slow client still gets the whole file when it reads on."""
    stack = one_thread_stack
    t = stack.new_tenant(plan="business")
    seed_appointments(stack, t, STALL_ROWS)
    sock, received = stalled_download(stack.port, t.host, t.token)
    try:
        started = time.monotonic()
        health = stack.get("/api/health/", timeout=20)
        assert health.status_code == 200
        assert time.monotonic() - started < 20
        assert checkpoint_completes(stack), "the export's read snapshot is still open"
        sock.settimeout(60)
        while True:
            chunk = sock.recv(1 << 20)
            if not chunk:
                break
            received += chunk
    finally:
        sock.close()
    body = received.split(b"\r\n\r\n", 1)[1]
    assert body.count(b"\n") == STALL_ROWS + 1, "the download was cut short"


class OwnServe:
    """`smoothschedule serve` on a private unix socket over the shared stack's database, spoken to straight over
    FastCGI (no nginx to buffer for it); stopped with its workers at the end, its log kept in `.log`."""

    def __init__(self, stack, tmp_path, threads, **settings):
        self.stack, self.path, self.threads = stack, tmp_path / "own.sock", threads
        self.env = dict(stack.env, **settings)
        self.sockets, self.log = [], ""

    def __enter__(self):
        import subprocess
        self.serve = subprocess.Popen(
            [self.stack.bin, "serve", "--socket", str(self.path), "--workers", "1", "--threads", str(self.threads)],
            env=self.env, stderr=subprocess.PIPE, text=True, start_new_session=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                probe = self.connect()
                probe.sendall(fcgi.request_bytes("GET", "/api/health/", "", {"Host": self.stack.base_domain}))
                if fcgi.Reader(probe).status() == 200:
                    probe.close()
                    return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError("own serve did not come up")

    def connect(self, **kw):
        self.sockets.append(fcgi.connect(self.path, **kw))
        return self.sockets[-1]

    def send(self, request, **kw):
        sock = self.connect(**kw)
        sock.sendall(request)
        return fcgi.Reader(sock)

    def __exit__(self, *exc):
        import os
        import signal
        import subprocess
        for sock in self.sockets:
            sock.close()
        os.killpg(self.serve.pid, signal.SIGTERM)
        try:
            _, self.log = self.serve.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.serve.pid, signal.SIGKILL)  # its own session: the supervisor and its workers
            _, self.log = self.serve.communicate()
        return False


def export_request(t):
    headers = {"Host": t.host, "Authorization": f"Token {t.token}"}
    return fcgi.request_bytes("GET", "/api/export/appointments/", "format=csv", headers)


def test_a_stream_is_cut_at_its_time_limit_without_nginx(stack, tmp_path):
    """Straight over FastCGI, one thread, a 2 s stream limit: a client that stops reading is cut off at the limit
    (its connection ends without END_REQUEST), and the thread and the read snapshot are released: the next
    request, queued behind it, is answered and the WAL checkpoints."""
    t = stack.new_tenant(plan="business")
    seed_appointments(stack, t, STALL_ROWS)
    own = OwnServe(stack, tmp_path, threads=1, SMOOTHSCHEDULE_EXPORT_TIME_LIMIT_SECONDS="2")
    with own:
        stalled = own.send(export_request(t), receive_buffer=4096)
        assert stalled.status() == 200
        assert stalled.read_until(lambda r: len(r.out) >= 64 * 1024)
        started = time.monotonic()
        health = own.send(fcgi.request_bytes("GET", "/api/health/", "", {"Host": stack.base_domain}))
        assert health.status() == 200  # the only thread was given back
        assert time.monotonic() - started < 10
        assert checkpoint_completes(stack), "the cut export's read snapshot is still open"
        stalled.read_all()
        assert not stalled.ended and stalled.out.count(b"\n") < STALL_ROWS
    assert "stopped at its time limit" in own.log, own.log[-2000:]


def test_exports_beyond_the_per_process_cap_get_503_without_nginx(stack, tmp_path):
    """Two threads, one export at a time: while one export runs, a second gets 503 `exports_busy` with
    Retry-After (the envelope, with X-Request-Id), other requests are still answered, and once the first ends
    an export is accepted again."""
    t = stack.new_tenant(plan="business")
    seed_appointments(stack, t, STALL_ROWS)
    own = OwnServe(stack, tmp_path, threads=2, SMOOTHSCHEDULE_MAX_CONCURRENT_EXPORTS="1")
    with own:
        first = own.send(export_request(t), receive_buffer=4096)
        assert first.status() == 200
        busy = own.send(export_request(t))
        assert busy.status() == 503, busy.out[:300]
        busy.read_all()
        head, body = busy.out.split(b"\r\n\r\n", 1)
        assert b"Retry-After: 5" in head and b"X-Request-Id:" in head
        envelope = json.loads(body)
        assert envelope["code"] == "exports_busy" and envelope["success"] is False
        health = own.send(fcgi.request_bytes("GET", "/api/health/", "", {"Host": stack.base_domain}))
        assert health.status() == 200
        first.sock.close()  # the first client goes away: its export ends (EPIPE) and frees the slot
        deadline, status = time.monotonic() + 10, None
        while time.monotonic() < deadline and status != 200:
            again = own.send(export_request(t))
            status = again.status()
            again.sock.close()
            time.sleep(0.2)
        assert status == 200
