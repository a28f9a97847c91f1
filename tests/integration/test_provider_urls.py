"""Issue 11 item 18 (API.md §11): with only the contract's configuration variables, every provider URL that is not
set follows the ones that are; in particular Microsoft's account e-mail comes from `<MICROSOFT_GRAPH_URL>/me`.

A stack of its own (scripts/stack) whose configuration file is cut down to the contract's variables; the responder
picks it up on SIGHUP (fresh workers read the file), the job worker is started again with it.
"""
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ROOT, Stack, _binary
from test_calendar import connect, event_item, put_events, sync

# API.md §11: the variables the contract names (the MICROSOFT_ twins are AUTH, TOKEN and GRAPH URLs).
CONTRACT = {
    "SMOOTHSCHEDULE_DATABASE", "SMOOTHSCHEDULE_BASE_DOMAIN", "SMOOTHSCHEDULE_SECRET_KEY", "SMOOTHSCHEDULE_PUBLIC_URL",
    "SMOOTHSCHEDULE_FRONTEND_URL", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GOOGLE_AUTH_URL", "GOOGLE_TOKEN_URL",
    "GOOGLE_REVOKE_URL", "GOOGLE_USERINFO_URL", "GOOGLE_CALENDAR_API_URL", "MICROSOFT_CLIENT_ID",
    "MICROSOFT_CLIENT_SECRET", "MICROSOFT_AUTH_URL", "MICROSOFT_TOKEN_URL", "MICROSOFT_GRAPH_URL",
}


@pytest.fixture(scope="module")
def contract_stack():
    run_dir = Path(tempfile.mkdtemp(prefix="smoothschedule-urls-"))
    port = int(subprocess.check_output(
        ["python3", "-c", "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"]))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOOGLE_", "MICROSOFT_"))}
    env["SMOOTHSCHEDULE_PASSWORD_ITERATIONS"] = "20000"
    script = str(ROOT / "scripts" / "stack")
    subprocess.run([script, "start", "--run-dir", str(run_dir), "--port", str(port), "--bin", _binary()],
                   check=True, env=env)
    try:
        stack = Stack(run_dir, port, _binary())  # reads the emulator's address before the file is cut down
        config = run_dir / "smoothschedule.env"
        lines = config.read_text().splitlines()
        kept = [line for line in lines if line.split("=", 1)[0] in CONTRACT]
        assert len(kept) == len(CONTRACT) and len(kept) < len(lines)
        config.write_text("\n".join(kept) + "\n")
        stack.env = dict(env, SMOOTHSCHEDULE_CONFIG=str(config))
        old = stack.worker_pids()
        os.kill(stack.supervisor_pid(), signal.SIGHUP)
        deadline = time.time() + 30
        while time.time() < deadline and (not stack.worker_pids() or stack.worker_pids() & old):
            time.sleep(0.1)
        assert stack.worker_pids() and not stack.worker_pids() & old, "serve did not replace its workers"
        jobs = run_dir / "jobs.pid"
        os.kill(int(jobs.read_text()), signal.SIGTERM)
        with open(run_dir / "jobs-contract.log", "w") as log:
            worker = subprocess.Popen([_binary(), "worker"], env=stack.env, stdout=log, stderr=subprocess.STDOUT)
        jobs.write_text(str(worker.pid))
        yield stack
    finally:
        subprocess.run([script, "stop", "--run-dir", str(run_dir)], check=False)
        if os.environ.get("SMOOTHSCHEDULE_KEEP_RUN_DIR") != "1":
            subprocess.run(["rm", "-rf", str(run_dir)], check=False)


def test_the_config_file_names_no_microsoft_userinfo_url(contract_stack):
    text = (contract_stack.run_dir / "smoothschedule.env").read_text()
    assert "MICROSOFT_USERINFO_URL" not in text and "MICROSOFT_GRAPH_URL=" in text


@pytest.mark.parametrize("provider", ["microsoft", "google"])
def test_connect_and_sync_with_only_the_contracts_variables(contract_stack, provider):
    stack = contract_stack
    tenant = stack.new_tenant(plan="professional")
    cred, email = connect(stack, tenant, provider)
    put_events(stack, provider, email,
               [event_item(provider, None, "Busy", "2025-12-05T10:00:00Z", "2025-12-05T11:00:00Z")])
    job = sync(stack, tenant, cred, provider, email)
    assert (job["created"], job["error"]) == (1, None)
    r = stack.get(f"/api/calendar/{cred}/calendars/", host=tenant.host, token=tenant.token)
    assert r.status_code == 200 and r.json()["calendars"], r.text
    profile = [q for q in stack.emulator("GET", "/_control/requests").json()
               if q["path"] in ("/microsoft/graph/v1.0/me", "/google/oauth2/v3/userinfo")]
    assert profile, "the account's e-mail was not read from the emulator"
