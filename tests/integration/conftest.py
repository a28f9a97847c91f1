"""Integration harness: the real stack (nginx with the project's config, `smoothschedule serve`, SQLite file,
provider emulator) started once per session by `scripts/stack`, and helpers to talk to it through nginx.

Fixture `stack` (session scope) offers:
    stack.url                      http://127.0.0.1:PORT (nginx)
    stack.base_domain              smoothschedule.test
    stack.host(schema)             "<schema>.smoothschedule.test"
    stack.request(method, path, host=None, token=None, json=None, data=None, headers=None, params=None, **kw)
    stack.get / post / patch / delete (same arguments)
    stack.cli(*args, check=True)   runs the smoothschedule binary against the same database; returns stdout
    stack.new_tenant(plan="free", timezone="UTC", settings=()) -> Tenant(schema, host, token, email)
                                   a fresh tenant with an owner and its token; settings are `tenant set` pairs
    stack.new_user(schema, role)   -> token of a new user of that role
    stack.superuser_token()        -> token of a platform superuser
    stack.emulator(method, path, json=None) -> requests.Response from the provider emulator
    stack.supervisor_pid(), stack.worker_pids()
    stack.env                      environment for subprocesses (SMOOTHSCHEDULE_CONFIG set)

`LoadLoop(stack, tenant, clients=6)` is a context manager: concurrent clients alternating GET /api/tenant/ and
POST /api/customers/ through nginx until the block ends; then `.sent`, `.failed` and `.failures` tell the story.
"""
import os
import subprocess
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Tenant:
    schema: str
    host: str
    token: str
    email: str


class Stack:
    def __init__(self, run_dir: Path, port: int, binary: str):
        self.run_dir = run_dir
        self.port = port
        self.bin = binary
        self.url = f"http://127.0.0.1:{port}"
        self.env = dict(os.environ, SMOOTHSCHEDULE_CONFIG=str(run_dir / "smoothschedule.env"))
        values = dict(
            line.split("=", 1) for line in (run_dir / "smoothschedule.env").read_text().splitlines() if "=" in line
        )
        self.config = values
        self.base_domain = values["SMOOTHSCHEDULE_BASE_DOMAIN"]
        self.emulator_url = values["SMOOTHSCHEDULE_EMULATOR_URL"]
        self._superuser = None

    def host(self, schema: str) -> str:
        return f"{schema}.{self.base_domain}"

    def request(self, method, path, host=None, token=None, json=None, data=None, headers=None, params=None, **kw):
        all_headers = {"Host": host or self.base_domain}
        if token:
            all_headers["Authorization"] = f"Token {token}"
        all_headers.update(headers or {})
        kw.setdefault("timeout", 60)
        kw.setdefault("allow_redirects", False)
        return requests.request(
            method, self.url + path, headers=all_headers, json=json, data=data, params=params, **kw
        )

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def patch(self, path, **kw):
        return self.request("PATCH", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def cli(self, *args, check=True, timeout=600):
        result = subprocess.run(
            [self.bin, *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if check and result.returncode != 0:
            raise AssertionError(f"smoothschedule {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout if check else result

    def new_tenant(self, plan="free", timezone="UTC", settings=()) -> Tenant:
        schema = "t" + uuid.uuid4().hex[:10]
        self.cli("tenant", "create", schema, "--name", f"Tenant {schema}", "--plan", plan, "--timezone", timezone)
        if settings:
            self.cli("tenant", "set", schema, *settings)
        email = f"owner@{schema}.example"
        self.cli("user", "create", "--tenant", schema, "--email", email, "--role", "owner", "--password", "pw-" + schema)
        token = self.cli("token", "create", email).strip()
        return Tenant(schema, self.host(schema), token, email)

    def new_user(self, schema, role) -> str:
        email = f"{role}-{uuid.uuid4().hex[:8]}@{schema}.example"
        self.cli("user", "create", "--tenant", schema, "--email", email, "--role", role)
        return self.cli("token", "create", email).strip()

    def superuser_token(self) -> str:
        if self._superuser is None:
            email = f"root-{uuid.uuid4().hex[:8]}@platform.example"
            self.cli("user", "create", "--email", email, "--role", "superuser")
            self._superuser = self.cli("token", "create", email).strip()
        return self._superuser

    def emulator(self, method, path, json=None, **kw):
        kw.setdefault("timeout", 30)
        return requests.request(method, self.emulator_url + path, json=json, allow_redirects=False, **kw)

    def supervisor_pid(self) -> int:
        return int((self.run_dir / "serve.pid").read_text().strip())

    def worker_pids(self) -> set:
        out = subprocess.run(
            ["pgrep", "-P", str(self.supervisor_pid())], capture_output=True, text=True
        ).stdout
        return {int(p) for p in out.split()}


class LoadLoop:
    """Mixed load through nginx while a test restarts or kills things; every non-2xx or socket error counts."""

    def __init__(self, stack, tenant, clients=6):
        self.stack, self.tenant, self.clients = stack, tenant, clients
        self.sent = self.failed = 0
        self.failures = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._client, args=(n,)) for n in range(clients)]

    def _client(self, n):
        i = 0
        while not self._stop.is_set():
            i += 1
            try:
                if i % 2:
                    r = self.stack.get("/api/tenant/", host=self.tenant.host, token=self.tenant.token, timeout=30)
                else:
                    r = self.stack.post("/api/customers/", host=self.tenant.host, token=self.tenant.token, timeout=30,
                                        json={"name": f"Load {n}-{i}", "email": f"load{n}-{i}@example.com"})
                ok, detail = 200 <= r.status_code < 300, f"{r.status_code} {r.text[:120]}"
            except Exception as error:  # a socket error is a failure too
                ok, detail = False, repr(error)
            with self._lock:
                self.sent += 1
                if not ok:
                    self.failed += 1
                    self.failures.append(detail)

    def __enter__(self):
        for th in self._threads:
            th.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for th in self._threads:
            th.join()
        return False


def _binary() -> str:
    binary = os.environ.get("SMOOTHSCHEDULE_BIN") or str(ROOT / ".build" / "debug" / "smoothschedule")
    if not os.access(binary, os.X_OK):
        pytest.exit(f"no smoothschedule binary at {binary}: run scripts/test (it builds first)", returncode=2)
    return binary


@pytest.fixture(scope="session")
def stack():
    run_dir = Path(tempfile.mkdtemp(prefix="smoothschedule-it-"))
    port = int(
        subprocess.check_output(
            ["python3", "-c", "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"]
        )
    )
    env = dict(os.environ, SMOOTHSCHEDULE_PASSWORD_ITERATIONS="20000")
    start = [str(ROOT / "scripts" / "stack"), "start", "--run-dir", str(run_dir), "--port", str(port), "--bin", _binary()]
    subprocess.run(start, check=True, env=env)
    try:
        yield Stack(run_dir, port, _binary())
    finally:
        subprocess.run([str(ROOT / "scripts" / "stack"), "stop", "--run-dir", str(run_dir)], check=False)
        if os.environ.get("SMOOTHSCHEDULE_KEEP_RUN_DIR") != "1":
            subprocess.run(["rm", "-rf", str(run_dir)], check=False)
