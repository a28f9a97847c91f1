"""`kill -9` of one worker process under load (issue 8 §1): only that worker's in-flight requests may fail (at
most its thread count), and the supervisor has a replacement that answers within a second."""
import os
import re
import signal
import threading
import time

CLIENTS = 6
THREADS_PER_WORKER = 4  # scripts/stack's default --threads


def test_kill_9_of_a_worker_under_load(stack):
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
                                   json={"name": f"Kill {n}-{i}"})
                ok, detail = 200 <= r.status_code < 300, f"{r.status_code} {r.text[:100]}"
            except Exception as error:
                ok, detail = False, repr(error)
            with lock:
                counts["sent"] += 1
                if not ok:
                    counts["failed"] += 1
                    failures.append(detail)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for th in threads:
        th.start()
    log = stack.run_dir / "serve.log"
    try:
        time.sleep(1.0)
        before = stack.worker_pids()
        victim = min(before)
        log_offset = log.stat().st_size
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        ready_after = None
        while time.monotonic() - killed_at < 5:
            now = stack.worker_pids()
            new = now - before
            if new and len(now) == len(before):
                text = log.read_text()[log_offset:]
                if any(re.search(rf"pid={pid} msg=\"worker ready\"", text) for pid in new):
                    ready_after = time.monotonic() - killed_at
                    break
            time.sleep(0.01)
        time.sleep(1.0)
    finally:
        stop.set()
        for th in threads:
            th.join()
    print(f"\nkill -9: {counts['sent']} requests, {counts['failed']} failed, replacement ready after "
          f"{ready_after if ready_after is None else round(ready_after * 1000)} ms")
    assert ready_after is not None and ready_after < 1.0, "no replacement worker ready within a second"
    assert counts["sent"] > 50
    assert counts["failed"] <= THREADS_PER_WORKER, failures
    assert stack.get("/api/health/").status_code == 200
