"""A minimal FastCGI client for the few integration tests that must send the responder parameters nginx sets and a
test cannot vary through nginx itself: REMOTE_ADDR of an IPv6 client (the test nginx listens on 127.0.0.1 only), or a
second `serve` started with other settings. Everything else goes through nginx."""
import json
import socket
import struct

FCGI_BEGIN_REQUEST, FCGI_END_REQUEST, FCGI_PARAMS, FCGI_STDIN, FCGI_STDOUT = 1, 3, 4, 5, 6


def _record(kind, content, request_id=1):
    return struct.pack("!BBHHBx", 1, kind, request_id, len(content), 0) + content


def _pair(name, value):
    def length(n):
        return bytes([n]) if n < 128 else struct.pack("!I", n | 0x80000000)
    return length(len(name)) + length(len(value)) + name + value


def _read_stdout(sock):
    out, buffer = b"", b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return out
        buffer += chunk
        while len(buffer) >= 8:
            _, kind, _, length, padding = struct.unpack("!BBHHB", buffer[:7])
            if len(buffer) < 8 + length + padding:
                break
            content, buffer = buffer[8:8 + length], buffer[8 + length + padding:]
            if kind == FCGI_STDOUT:
                out += content
            if kind == FCGI_END_REQUEST:
                return out


class Answer:
    def __init__(self, raw):
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.headers = {}
        for line in lines:
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
    encoded = b"".join(_pair(k.encode(), v.encode()) for k, v in params.items())
    sock = socket.socket(socket.AF_UNIX)
    sock.settimeout(30)
    try:
        sock.connect(str(socket_path))
        stdin = (_record(FCGI_STDIN, data) if data else b"") + _record(FCGI_STDIN, b"")
        sock.sendall(_record(FCGI_BEGIN_REQUEST, struct.pack("!HB5x", 1, 0)) + _record(FCGI_PARAMS, encoded)
                     + _record(FCGI_PARAMS, b"") + stdin)
        return Answer(_read_stdout(sock))
    finally:
        sock.close()
