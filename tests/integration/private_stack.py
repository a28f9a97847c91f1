"""A second, private stack (scripts/stack) for tests that need other settings than the shared session stack
(fewer threads) or that break it (stop the responder)."""
import contextlib
import os
import subprocess
import tempfile
from pathlib import Path

import conftest


@contextlib.contextmanager
def private_stack(*stack_args):
    """Starts a stack with extra `scripts/stack start` arguments (e.g. "--threads", "1"); stops it at the end."""
    script = str(conftest.ROOT / "scripts" / "stack")
    for _ in range(3):  # a free port can be taken by another test run before nginx binds it
        run_dir = Path(tempfile.mkdtemp(prefix="smoothschedule-itp-"))
        port = int(subprocess.check_output(
            ["python3", "-c", "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"]))
        env = dict(os.environ, SMOOTHSCHEDULE_PASSWORD_ITERATIONS="20000")
        start = [script, "start", "--run-dir", str(run_dir), "--port", str(port), "--bin", conftest._binary(),
                 *stack_args]
        if subprocess.run(start, env=env).returncode == 0:
            break
        subprocess.run([script, "stop", "--run-dir", str(run_dir)], check=False)
        subprocess.run(["rm", "-rf", str(run_dir)], check=False)
    else:
        raise AssertionError("a private stack did not start")
    try:
        yield conftest.Stack(run_dir, port, conftest._binary())
    finally:
        subprocess.run([script, "stop", "--run-dir", str(run_dir)], check=False)
        subprocess.run(["rm", "-rf", str(run_dir)], check=False)
