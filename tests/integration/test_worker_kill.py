"""`kill -9` of one worker process under load (issue 8 §1): only that worker's in-flight requests may fail (at
most its thread count), and the supervisor has a replacement that answers within a second."""
import os
import re
import signal
import time

from conftest import LoadLoop

THREADS_PER_WORKER = 4  # scripts/stack's default --threads


def wait_for_replacement(stack, before, log, log_offset, killed_at):
    """Seconds until a new worker pid logged `worker ready`, or None after 5 s."""
    while time.monotonic() - killed_at < 5:
        now = stack.worker_pids()
        new = now - before
        if new and len(now) == len(before):
            text = log.read_text()[log_offset:]
            if any(re.search(rf"pid={pid} msg=\"worker ready\"", text) for pid in new):
                return time.monotonic() - killed_at
        time.sleep(0.01)
    return None


def test_kill_9_of_a_worker_under_load(stack):
    t = stack.new_tenant(plan="enterprise")
    log = stack.run_dir / "serve.log"
    with LoadLoop(stack, t) as load:
        time.sleep(1.0)
        before = stack.worker_pids()
        log_offset = log.stat().st_size
        killed_at = time.monotonic()
        os.kill(min(before), signal.SIGKILL)
        ready_after = wait_for_replacement(stack, before, log, log_offset, killed_at)
        time.sleep(1.0)
    print(f"\nkill -9: {load.sent} requests, {load.failed} failed, replacement ready after "
          f"{ready_after if ready_after is None else round(ready_after * 1000)} ms")
    assert ready_after is not None and ready_after < 1.0, "no replacement worker ready within a second"
    assert load.sent > 50
    assert load.failed <= THREADS_PER_WORKER, load.failures
    assert stack.get("/api/health/").status_code == 200
