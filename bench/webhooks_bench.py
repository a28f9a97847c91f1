"""The webhook figures of scripts/bench (docs/webhooks.md), on a stack of their own (private targets allowed, so the
receiver can be on loopback):

1. deliveries per second one `smoothschedule worker` sustains to a fast local receiver (nginx answering 204): a
   backlog of deliveries is queued through the API with the worker stopped, then one worker drains it;
2. what three subscribed webhooks add to `POST /api/appointments/` (the outbox rows written in the create's
   transaction), against a tenant with none, interleaved in the same run, the worker stopped.

Prints a markdown section; without --quick it is appended to --out (after run_bench.py has written it)."""
import argparse
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class WebhookBench:
    def __init__(self, args):
        self.bin, self.quick = args.bin, bool(args.quick)
        self.out = args.out
        self.run_dir = Path(tempfile.mkdtemp(prefix="smoothschedule-webhook-bench-"))
        self.customers = 500 if self.quick else 2500
        self.creates = 100 if self.quick else 400
        self.lines = []

    # MARK: - set-up

    def start(self):
        self.receiver_port, self.port = free_port(), free_port()
        receiver = self.run_dir / "receiver"
        (receiver / "nginx-tmp").mkdir(parents=True)
        (receiver / "site.conf").write_text(
            f"server {{ listen 127.0.0.1:{self.receiver_port}; access_log off; location / {{ return 204; }} }}\n")
        conf = (ROOT / "nginx" / "nginx.conf").read_text().replace("@RUN_DIR@", str(receiver)) \
            .replace("@SITE@", str(receiver / "site.conf")).replace("@WORKERS@", "1") \
            .replace("@USER@", os.environ.get("USER") or subprocess.check_output(["id", "-un"], text=True).strip())
        (receiver / "nginx.conf").write_text(conf)
        subprocess.run(["nginx", "-p", str(receiver), "-c", str(receiver / "nginx.conf")], check=True)
        env = dict(os.environ, SMOOTHSCHEDULE_PASSWORD_ITERATIONS="20000", SMOOTHSCHEDULE_WEBHOOK_ALLOW_PRIVATE="true")
        subprocess.run([str(ROOT / "scripts" / "stack"), "start", "--run-dir", str(self.run_dir / "stack"),
                        "--port", str(self.port), "--bin", self.bin], check=True, env=env)
        self.env = dict(env, SMOOTHSCHEDULE_CONFIG=str(self.run_dir / "stack" / "smoothschedule.env"))
        self.db = str(self.run_dir / "stack" / "smoothschedule.sqlite3")
        self.stop_worker()

    def stop(self):
        subprocess.run([str(ROOT / "scripts" / "stack"), "stop", "--run-dir", str(self.run_dir / "stack")], check=False)
        receiver = self.run_dir / "receiver"
        subprocess.run(["nginx", "-p", str(receiver), "-c", str(receiver / "nginx.conf"), "-s", "quit"], check=False)
        time.sleep(0.3)
        shutil.rmtree(self.run_dir, ignore_errors=True)

    def stop_worker(self):
        pid_file = self.run_dir / "stack" / "jobs.pid"
        pid = int(pid_file.read_text())
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    def cli(self, *args):
        return subprocess.run([self.bin, *args], env=self.env, check=True, capture_output=True, text=True).stdout

    def tenant(self, name):
        self.cli("tenant", "create", name, "--name", name, "--plan", "enterprise")
        self.cli("user", "create", "--tenant", name, "--email", f"owner@{name}.example", "--role", "owner")
        token = self.cli("token", "create", f"owner@{name}.example").strip()
        session = requests.Session()
        session.headers.update({"Host": f"{name}.smoothschedule.test", "Authorization": f"Token {token}"})
        return session

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def subscribe(self, session, events, path):
        r = session.post(self.url("/api/webhooks/"), json={
            "url": f"http://127.0.0.1:{self.receiver_port}{path}", "events": events})
        assert r.status_code == 201, r.text

    # MARK: - measurements

    def throughput(self):
        """Four tenants, two webhooks each: every customer created makes two deliveries."""
        sessions = []
        for n in range(4):
            s = self.tenant(f"hooks{n}")
            for k in range(2):
                self.subscribe(s, ["customer.created"], f"/t{n}/w{k}")
            sessions.append(s)

        def create(index):
            s = sessions[index % 4]
            for i in range(index, self.customers, 8):
                r = s.post(self.url("/api/customers/"), json={"name": f"C{i}", "email": f"c{i}@x.example"})
                assert r.status_code == 201, r.text

        threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        total = self.customers * 2
        db = sqlite3.connect(self.db)
        queued = db.execute("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'").fetchone()[0]
        assert queued == total, f"{queued} queued, expected {total}"
        log = open(self.run_dir / "stack" / "bench-worker.log", "w")
        started = time.monotonic()
        worker = subprocess.Popen([self.bin, "worker"], env=self.env, stdout=log, stderr=subprocess.STDOUT)
        done = 0
        while time.monotonic() - started < 300:
            done = db.execute("SELECT count(*) FROM webhook_deliveries WHERE status = 'succeeded'").fetchone()[0]
            if done >= total:
                break
            time.sleep(0.02)
        elapsed = time.monotonic() - started
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        log.close()
        failed = db.execute("SELECT count(*) FROM webhook_deliveries WHERE status != 'succeeded'").fetchone()[0]
        db.close()
        rate = done / elapsed
        print(f"webhook deliveries: {done} in {elapsed:.2f} s = {rate:,.0f}/s ({failed} not succeeded)", flush=True)
        senders = 4
        self.lines.append(
            f"| webhook deliveries one worker sustains (nginx `return 204` on loopback) | {rate:,.0f} /s | "
            f"{done:,} deliveries of {total:,} queued, 8 webhooks of 4 tenants, {senders} sender threads, "
            f"drained in {elapsed:.2f} s (worker start-up included) |")

    def create_latency(self):
        plain, hooked = self.tenant("plain"), self.tenant("hooked")
        for k in range(3):
            self.subscribe(hooked, ["*"], f"/latency/w{k}")
        ids = {}
        for name, s in (("plain", plain), ("hooked", hooked)):
            resource = s.post(self.url("/api/resources/"), json={"name": "Chair", "type": "staff"}).json()["id"]
            service = s.post(self.url("/api/services/"), json={"name": "Cut", "duration_minutes": 30}).json()["id"]
            ids[name] = (resource, service)
        times = {"plain": [], "hooked": []}
        for i in range(self.creates + 20):
            for name, s in (("plain", plain), ("hooked", hooked)) if i % 2 else (("hooked", hooked), ("plain", plain)):
                resource, service = ids[name]
                hour = 2_000_000_000 + i * 3600
                body = {"resource_id": resource, "service_id": service,
                        "start_time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(hour))}
                started = time.perf_counter()
                r = s.post(self.url("/api/appointments/"), json=body)
                elapsed = (time.perf_counter() - started) * 1000
                assert r.status_code == 201, r.text
                if i >= 20:  # warm-up: connections, caches, statements
                    times[name].append(elapsed)
        db = sqlite3.connect(self.db)
        queued = db.execute("SELECT count(*) FROM webhook_deliveries d JOIN tenants t ON t.id = d.tenant_id "
                            "WHERE t.schema_name = 'hooked'").fetchone()[0]
        db.close()
        assert queued >= 3 * self.creates, queued
        median = {k: statistics.median(v) for k, v in times.items()}
        p90 = {k: statistics.quantiles(v, n=10)[-1] for k, v in times.items()}
        ratio = median["hooked"] / median["plain"]
        print(f"appointment create: none {median['plain']:.2f} ms, three webhooks {median['hooked']:.2f} ms "
              f"(ratio {ratio:.2f}); p90 {p90['plain']:.2f} / {p90['hooked']:.2f} ms", flush=True)
        self.lines.append(
            f"| `POST /api/appointments/` with three webhooks subscribed, median (p90) | {median['hooked']:.2f} "
            f"({p90['hooked']:.2f}) ms | against {median['plain']:.2f} ({p90['plain']:.2f}) ms with none: ratio "
            f"{ratio:.2f}, +{median['hooked'] - median['plain']:.2f} ms; {self.creates} sequential creates each, "
            f"interleaved, one client, worker stopped |")

    def run(self):
        try:
            self.start()
            for step in (self.throughput, self.create_latency):
                try:
                    step()
                except Exception as error:  # keep measuring the rest; the table says what failed
                    self.lines.append(f"| {step.__name__} | failed | {error!r} |"[:300])
                    print(f"{step.__name__} failed: {error!r}", flush=True)
        finally:
            self.stop()
        text = "\n".join(["", "## Webhooks", "", "Measured by `bench/webhooks_bench.py` (scripts/bench) on a stack of "
                          "its own, release build, same machine.", "", "| measurement | value | notes |",
                          "|---|---|---|", *self.lines]) + "\n"
        print(text)
        if not self.quick and self.out:
            with open(self.out, "a") as f:
                f.write(text)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--out", default="")
    p.add_argument("--quick", type=int, default=0)
    WebhookBench(p.parse_args()).run()
