"""Zero-downtime restarts: `scripts/restart` under a load of concurrent GETs and POSTs through nginx."""
import subprocess
import time
from pathlib import Path

from conftest import LoadLoop

ROOT = Path(__file__).resolve().parents[2]
RESTARTS = 3


def test_restart_three_times_under_load_fails_no_request(stack):
    t = stack.new_tenant(plan="enterprise")
    replaced = []
    with LoadLoop(stack, t) as load:
        time.sleep(1.0)
        for _ in range(RESTARTS):
            before = stack.worker_pids()
            subprocess.run([str(ROOT / "scripts" / "restart"), str(stack.run_dir / "serve.pid")], check=True, timeout=60)
            after = stack.worker_pids()
            replaced.append(before.isdisjoint(after) and len(after) == len(before))
            time.sleep(1.0)
    print(f"\nrestart test: {load.sent} requests, {load.failed} failed, {RESTARTS} restarts")
    assert load.sent > 100
    assert load.failed == 0, load.failures[:5]
    assert all(replaced), "every restart must replace every worker process"
