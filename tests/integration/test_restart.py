"""Zero-downtime restarts: `scripts/restart` under a load of concurrent GETs and POSTs through nginx."""
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESTARTS = 3
CLIENTS = 6


def test_restart_three_times_under_load_fails_no_request(stack):
    t = stack.new_tenant(plan="enterprise")
    stop = threading.Event()
    lock = threading.Lock()
    counts = {"sent": 0, "failed": 0}
    failures = []

    def client(n):
        i = 0
        while not stop.is_set():
            i += 1
            try:
                if i % 2:
                    r = stack.get("/api/tenant/", host=t.host, token=t.token, timeout=30)
                else:
                    r = stack.post("/api/customers/", host=t.host, token=t.token, timeout=30,
                                   json={"name": f"Load {n}-{i}", "email": f"load{n}-{i}@example.com"})
                ok = 200 <= r.status_code < 300
                detail = f"{r.status_code} {r.text[:120]}"
            except Exception as error:  # a socket error is a failure too
                ok, detail = False, repr(error)
            with lock:
                counts["sent"] += 1
                if not ok:
                    counts["failed"] += 1
                    failures.append(detail)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for th in threads:
        th.start()
    replaced = []
    try:
        time.sleep(1.0)
        for _ in range(RESTARTS):
            before = stack.worker_pids()
            subprocess.run([str(ROOT / "scripts" / "restart"), str(stack.run_dir / "serve.pid")], check=True, timeout=60)
            after = stack.worker_pids()
            replaced.append(before.isdisjoint(after) and len(after) == len(before))
            time.sleep(1.0)
    finally:
        stop.set()
        for th in threads:
            th.join()
    print(f"\nrestart test: {counts['sent']} requests, {counts['failed']} failed, {RESTARTS} restarts")
    assert counts["sent"] > 100
    assert counts["failed"] == 0, failures[:5]
    assert all(replaced), "every restart must replace every worker process"
