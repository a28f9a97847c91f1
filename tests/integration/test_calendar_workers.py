"""The job worker under failure and concurrency (API.md §7, issue 5 §2): a job whose worker died is picked up
again, and several workers at once run every job exactly once."""
import sqlite3
import subprocess
import time

from test_calendar import connect, emu, event_count, wait_job, WINDOW


def database(stack):
    return sqlite3.connect(stack.config["SMOOTHSCHEDULE_DATABASE"], timeout=30)


def tenant_id(stack, schema):
    with database(stack) as conn:
        return conn.execute("SELECT id FROM tenants WHERE schema_name = ?", (schema,)).fetchone()[0]


def test_a_job_whose_worker_died_is_claimed_again_and_finishes(stack):
    t = stack.new_tenant(plan="professional")
    cred, email = connect(stack, t, "google")
    emu(stack, "/_control/events/generate", provider="google", email=email, count=300, days=20,
        start="2025-12-02T00:00:00Z")
    with database(stack) as conn:
        # As a worker leaves it when it is killed mid-job: running, claimed, heartbeat long stopped.
        job_id = conn.execute(
            """INSERT INTO sync_jobs (tenant_id, credential_id, calendar_id, start_date, end_date, status, attempts,
                                      claimed_by, heartbeat_at, created_at, started_at)
               VALUES (?, ?, ?, ?, ?, 'running', 1, 'dead-worker', strftime('%s','now') - 3600,
                       strftime('%s','now') - 3600, strftime('%s','now') - 3600)""",
            (tenant_id(stack, t.schema), cred, email, WINDOW["start_date"], WINDOW["end_date"])).lastrowid
    job = wait_job(stack, t, job_id, timeout=180)
    assert job["status"] == "succeeded" and job["created"] == 300, job
    with database(stack) as conn:
        claimed_by, attempts = conn.execute("SELECT claimed_by, attempts FROM sync_jobs WHERE id = ?", (job_id,)).fetchone()
    assert claimed_by != "dead-worker" and attempts == 2
    assert event_count(stack, t) == 300


def test_two_workers_run_every_job_exactly_once(stack):
    second = subprocess.Popen([stack.bin, "worker", "--poll-ms", "20"], env=stack.env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        jobs = []
        for n in range(4):
            t = stack.new_tenant(plan="professional")
            cred, email = connect(stack, t, "google")
            emu(stack, "/_control/events/generate", provider="google", email=email, count=200 + n, days=20,
                start="2025-12-02T00:00:00Z")
            jobs.append((t, cred, email, 200 + n))
        started = []
        for t, cred, email, count in jobs:
            r = stack.post("/api/calendar/sync/", host=t.host, token=t.token,
                           json={"credential_id": cred, "calendar_id": email, **WINDOW})
            assert r.status_code == 202, r.text
            started.append((t, r.json()["job_id"], count))
        for t, job_id, count in started:
            job = wait_job(stack, t, job_id, timeout=180)
            assert job["status"] == "succeeded" and job["created"] == count, job
            assert event_count(stack, t) == count
        with database(stack) as conn:
            attempts = [conn.execute("SELECT attempts FROM sync_jobs WHERE id = ?", (job_id,)).fetchone()[0]
                        for _, job_id, _ in started]
        assert attempts == [1, 1, 1, 1]
    finally:
        second.terminate()
        second.wait(timeout=30)
