"""`serve` signal handling straight over FastCGI (no nginx): SIGTERM lets an in-flight request finish, then the
supervisor exits 0 and removes its socket and pid file (docs/api.md §11)."""
import signal
import socket
import struct
import subprocess
import time

from fastcgi_client import FCGI_BEGIN_REQUEST, FCGI_PARAMS, FCGI_STDIN, pair, read_response, record


def wait_for(check, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_sigterm_finishes_the_request_in_flight_then_exits_0(stack, tmp_path):
    path, pid_file = tmp_path / "serve.sock", tmp_path / "serve.pid"
    serve = subprocess.Popen([stack.bin, "serve", "--socket", str(path), "--workers", "1", "--threads", "2",
                              "--pid-file", str(pid_file)], env=stack.env, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: path.exists() and pid_file.exists())
        sock = socket.socket(socket.AF_UNIX)
        sock.connect(str(path))
        params = b"".join(pair(k.encode(), v.encode()) for k, v in {
            "REQUEST_METHOD": "GET", "DOCUMENT_URI": "/api/health/", "QUERY_STRING": "",
            "HTTP_HOST": stack.base_domain, "CONTENT_LENGTH": ""}.items())
        # The request is in flight: accepted and half sent when SIGTERM arrives.
        sock.sendall(record(FCGI_BEGIN_REQUEST, struct.pack("!HB5x", 1, 0)) + record(FCGI_PARAMS, params))
        time.sleep(0.3)
        serve.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        sock.sendall(record(FCGI_PARAMS, b"") + record(FCGI_STDIN, b""))
        response = read_response(sock)
        sock.close()
        assert response.startswith(b"Status: 200"), response[:200]
        assert b'"status":"ok"' in response
        assert serve.wait(timeout=20) == 0
        assert not path.exists() and not pid_file.exists()
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()


def other_group():
    """A group the socket can be given that is not this process's own (root may pick any), else our own."""
    import grp
    import os
    if os.geteuid() == 0:
        for name in ("www-data", "nogroup"):
            try:
                return grp.getgrnam(name).gr_gid, name
            except KeyError:
                pass
    return os.getegid(), grp.getgrgid(os.getegid()).gr_name


def test_unix_socket_is_0660_with_the_configured_group(stack, tmp_path):
    """Security review F13: only the owner and nginx's group may connect (no local user can forge REMOTE_ADDR)."""
    import os
    import stat
    gid, name = other_group()
    path, pid_file = tmp_path / "serve.sock", tmp_path / "serve.pid"
    env = dict(stack.env, SMOOTHSCHEDULE_SOCKET_GROUP=name)
    serve = subprocess.Popen([stack.bin, "serve", "--socket", str(path), "--workers", "1", "--threads", "1",
                              "--pid-file", str(pid_file)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: path.exists() and pid_file.exists())
        info = os.stat(path)
        assert stat.S_ISSOCK(info.st_mode)
        assert stat.S_IMODE(info.st_mode) == 0o660, oct(info.st_mode)
        assert info.st_gid == gid
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=20)


def run_serve(stack, args, env):
    """Runs `serve` expecting it to refuse to start; one that starts anyway is stopped with its workers."""
    import os
    serve = subprocess.Popen([stack.bin, "serve", *args], env=env, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    try:
        _, err = serve.communicate(timeout=20)
        return serve.returncode, err
    except subprocess.TimeoutExpired:
        os.killpg(serve.pid, signal.SIGKILL)  # its own session: the supervisor and the workers it started
        serve.communicate()
        return 0, "serve started instead of refusing"


def test_unknown_socket_group_and_listen_without_host_are_refused(stack, tmp_path):
    env = dict(stack.env, SMOOTHSCHEDULE_SOCKET_GROUP="no-such-group-smoothschedule")
    code, err = run_serve(stack, ["--socket", str(tmp_path / "s.sock"), "--workers", "1"], env)
    assert code != 0 and "no-such-group-smoothschedule" in err, err
    assert not (tmp_path / "s.sock").exists()
    code, err = run_serve(stack, ["--listen", ":19999", "--workers", "1"], stack.env)
    assert code != 0 and "explicit host" in err, err
