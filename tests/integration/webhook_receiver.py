"""A real webhook receiver on loopback for the tests and the benchmark: an HTTP server in a thread that records every
request (path, headers, raw body, arrival time), answers by a per-path plan (statuses, delays, headers), and checks
signatures the way docs/webhooks.md tells receivers to."""
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """The receiver's check from docs/webhooks.md, verbatim: a fresh `t` and one `v1` that the secret made."""
    parts = [p.split("=", 1) for p in header.split(",") if "=" in p]
    t = next((v for k, v in parts if k == "t"), None)
    if t is None or abs(time.time() - int(t)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, v) for k, v in parts if k == "v1")


class Call:
    def __init__(self, path, headers, body, at):
        self.path, self.headers, self.body, self.at = path, headers, body, at

    @property
    def json(self):
        return json.loads(self.body)

    @property
    def delivery(self):
        return self.headers.get("X-SmoothSchedule-Delivery")

    @property
    def event(self):
        return self.headers.get("X-SmoothSchedule-Event")

    @property
    def signature(self):
        return self.headers.get("X-SmoothSchedule-Signature", "")


class Receiver:
    """`with Receiver() as r:` … `r.url("/x")`, `r.plan("/x", 500, 500, 200)`, `r.wait(lambda calls: …)`."""

    def __init__(self, quiet=True):
        self.calls = []
        self._plans = {}
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver._lock:
                    receiver.calls.append(Call(self.path, dict(self.headers.items()), body, time.monotonic()))
                    plan = receiver._plans.get(self.path)
                    step = plan.pop(0) if plan else (200, 0, {})
                status, delay, headers = step
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                if not quiet:
                    super().log_message(*args)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a sender that went away mid-answer (the kill -9 test) is expected, not news

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        return False

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def plan(self, path, *steps):
        """Answers for the next requests to `path`, in order: a status, or (status, delay seconds[, headers])."""
        with self._lock:
            self._plans[path] = [
                (s, 0, {}) if isinstance(s, int) else (s[0], s[1], s[2] if len(s) > 2 else {}) for s in steps
            ]

    def at(self, path):
        with self._lock:
            return [c for c in self.calls if c.path == path]

    def wait(self, path, count, timeout=15.0):
        """The calls to `path` once there are at least `count` (fails after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.at(path)
            if len(calls) >= count:
                return calls
            time.sleep(0.02)
        raise AssertionError(f"{path}: {len(self.at(path))} of {count} deliveries after {timeout} s")
