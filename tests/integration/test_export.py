"""Data export (API.md §8) through real nginx and the real responder: a CSV round trip through Python's csv
module, the feature gate, and a streamed export of 1,000,000 appointments with its time to first byte, rows per
second and the responder workers' peak resident memory (VmHWM) against a fixed bound."""
import csv
import io
import json
import sqlite3
import time

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
