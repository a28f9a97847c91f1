"""A minimal FastCGI client for the tests that must talk to `smoothschedule serve` straight, without nginx: signal
handling mid-request, stalled readers, and parameters a test cannot vary through nginx itself (REMOTE_ADDR of an
IPv6 client: the test nginx listens on 127.0.0.1 only; a second `serve` started with other settings). Everything
else goes through nginx."""
import json
import socket
import struct

FCGI_BEGIN_REQUEST, FCGI_END_REQUEST, FCGI_PARAMS, FCGI_STDIN, FCGI_STDOUT = 1, 3, 4, 5, 6


def record(kind, content, request_id=1):
    return struct.pack("!BBHHBx", 1, kind, request_id, len(content), 0) + content


def pair(name, value):
    def length(n):
        return bytes([n]) if n < 128 else struct.pack("!I", n | 0x80000000)
    return length(len(name)) + length(len(value)) + name + value


def request_bytes(method, uri, query="", headers=None):
    """BEGIN_REQUEST, the params nginx would send, an empty STDIN: one whole request."""
    params = {"REQUEST_METHOD": method, "DOCUMENT_URI": uri, "REQUEST_URI": uri + ("?" + query if query else ""),
              "QUERY_STRING": query, "CONTENT_LENGTH": "", "REMOTE_ADDR": "127.0.0.1"}
    for name, value in (headers or {}).items():
        params["HTTP_" + name.upper().replace("-", "_")] = value
    body = b"".join(pair(k.encode(), v.encode()) for k, v in params.items())
    return (record(FCGI_BEGIN_REQUEST, struct.pack("!HB5x", 1, 0)) + record(FCGI_PARAMS, body)
            + record(FCGI_PARAMS, b"") + record(FCGI_STDIN, b""))


class Reader:
    """Reads FastCGI records from a socket: STDOUT content, and whether END_REQUEST came."""

    def __init__(self, sock):
        self.sock, self.buffer, self.out, self.ended = sock, b"", b"", False

    def _records(self):
        while len(self.buffer) >= 8:
            _, kind, _, length, padding = struct.unpack("!BBHHB", self.buffer[:7])
            if len(self.buffer) < 8 + length + padding:
                return
            content, self.buffer = self.buffer[8:8 + length], self.buffer[8 + length + padding:]
            if kind == FCGI_STDOUT:
                self.out += content
            if kind == FCGI_END_REQUEST:
                self.ended = True

    def read_until(self, done):
        """Reads until `done(self)` or the connection ends; answers False at EOF before `done`."""
        while not done(self) and not self.ended:
            chunk = self.sock.recv(65536)
            if not chunk:
                return done(self)
            self.buffer += chunk
            self._records()
        return done(self) or self.ended

    def read_all(self):
        self.read_until(lambda r: False)
        return self.out

    def status(self):
        """The CGI `Status:` code once the head has arrived (reads as needed)."""
        self.read_until(lambda r: b"\r\n\r\n" in r.out)
        return int(self.out.split(b" ", 2)[1])


def connect(path, receive_buffer=None, timeout=30):
    sock = socket.socket(socket.AF_UNIX)
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.settimeout(timeout)
    sock.connect(str(path))
    return sock


def read_response(sock):
    """STDOUT records until END_REQUEST (or EOF)."""
    return Reader(sock).read_all()


class Answer:
    """A whole CGI answer: status, lowercased headers, body (and its JSON, if any)."""

    def __init__(self, raw):
        head, _, body = raw.partition(b"\r\n\r\n")
        self.headers = {}
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        self.status = int(self.headers.get("status", "200").split()[0])
        self.body = body
        self.json = json.loads(body) if body else {}


def request(socket_path, method, path, host, remote_addr, body=None, token=None):
    """One request over the unix socket, with the parameters nginx's fastcgi_params would send."""
    data = json.dumps(body).encode() if body is not None else b""
    params = {
        "REQUEST_METHOD": method, "DOCUMENT_URI": path, "REQUEST_URI": path, "QUERY_STRING": "",
        "HTTP_HOST": host, "REMOTE_ADDR": remote_addr, "CONTENT_LENGTH": str(len(data)) if data else "",
        "CONTENT_TYPE": "application/json" if data else "",
    }
    if token:
        params["HTTP_AUTHORIZATION"] = f"Token {token}"
    encoded = b"".join(pair(k.encode(), v.encode()) for k, v in params.items())
    sock = connect(socket_path)
    try:
        stdin = (record(FCGI_STDIN, data) if data else b"") + record(FCGI_STDIN, b"")
        sock.sendall(record(FCGI_BEGIN_REQUEST, struct.pack("!HB5x", 1, 0)) + record(FCGI_PARAMS, encoded)
                     + record(FCGI_PARAMS, b"") + stdin)
        return Answer(read_response(sock))
    finally:
        sock.close()
