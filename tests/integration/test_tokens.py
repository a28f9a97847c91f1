"""Token lifecycle through nginx (docs/api.md §4, review F11 and F15): logout revokes whatever header form authenticated,
a password change, deactivation or deletion revokes the user's tokens, answers carrying a token are not stored,
and the optional lifetime SMOOTHSCHEDULE_TOKEN_TTL_DAYS is enforced (a second `serve` over FastCGI carries it)."""
import hashlib
import sqlite3
import subprocess
import time

import fastcgi_client


def me(stack, host, token, scheme="Token"):
    return stack.get("/api/auth/me/", host=host, headers={"Authorization": f"{scheme} {token}"})


def user_id(stack, host, token):
    r = me(stack, host, token)
    assert r.status_code == 200, r.text
    return r.json()["id"]


def test_logout_with_two_spaces_revokes_the_token(stack):
    t = stack.new_tenant()
    token = stack.new_user(t.schema, "staff")
    assert me(stack, t.host, token, scheme="Token ").status_code == 200  # "Token  <key>" authenticates...
    r = stack.post("/api/auth/logout/", host=t.host, headers={"Authorization": f"Token  {token}"})
    assert r.status_code == 200 and r.json() == {"success": True}
    # ...so logout with it revokes that very token.
    gone = me(stack, t.host, token)
    assert gone.status_code == 401 and gone.json()["code"] == "invalid_token"


def test_logout_with_a_trailing_space_revokes_the_token(stack):
    t = stack.new_tenant()
    token = stack.new_user(t.schema, "staff")
    r = stack.post("/api/auth/logout/", host=t.host, headers={"Authorization": f"Bearer {token} "})
    assert r.status_code == 200
    assert me(stack, t.host, token).status_code == 401


def test_answers_carrying_a_token_are_not_stored(stack):
    t = stack.new_tenant()
    r = stack.post("/api/auth/login/", host=t.host, json={"email": t.email, "password": "pw-" + t.schema})
    assert r.status_code == 200 and r.json()["token"]
    assert r.headers.get("Cache-Control") == "no-store"
    assert me(stack, t.host, r.json()["token"]).headers.get("Cache-Control") == "no-store"


def test_password_change_revokes_all_the_users_tokens(stack):
    t = stack.new_tenant()
    token = stack.new_user(t.schema, "manager")
    uid, email = user_id(stack, t.host, token), me(stack, t.host, token).json()["email"]
    r = stack.patch(f"/api/users/{uid}/", host=t.host, token=t.token, json={"password": "a-new-password"})
    assert r.status_code == 200, r.text
    gone = me(stack, t.host, token)
    assert gone.status_code == 401 and gone.json()["code"] == "invalid_token"
    # The owner who changed it keeps their token; the new password signs in and gives a working token.
    assert me(stack, t.host, t.token).status_code == 200
    login = stack.post("/api/auth/login/", host=t.host, json={"email": email, "password": "a-new-password"})
    assert login.status_code == 200 and me(stack, t.host, login.json()["token"]).status_code == 200


def test_other_changes_keep_the_users_tokens(stack):
    t = stack.new_tenant()
    token = stack.new_user(t.schema, "staff")
    uid = user_id(stack, t.host, token)
    assert stack.patch(f"/api/users/{uid}/", host=t.host, token=t.token, json={"name": "Renamed"}).status_code == 200
    assert me(stack, t.host, token).status_code == 200


def test_deactivation_revokes_tokens_for_good(stack):
    t = stack.new_tenant()
    token = stack.new_user(t.schema, "staff")
    uid = user_id(stack, t.host, token)
    assert stack.patch(f"/api/users/{uid}/", host=t.host, token=t.token, json={"is_active": False}).status_code == 200
    assert me(stack, t.host, token).status_code == 401
    # Reactivating the user does not bring the old token back.
    assert stack.patch(f"/api/users/{uid}/", host=t.host, token=t.token, json={"is_active": True}).status_code == 200
    gone = me(stack, t.host, token)
    assert gone.status_code == 401 and gone.json()["code"] == "invalid_token"


def test_deletion_revokes_tokens(stack):
    t = stack.new_tenant(plan="professional")
    token = stack.new_user(t.schema, "staff")
    uid = user_id(stack, t.host, token)
    assert stack.delete(f"/api/users/{uid}/", host=t.host, token=t.token).status_code == 204
    assert me(stack, t.host, token).status_code == 401


def age_token(stack, token, days):
    db = sqlite3.connect(stack.config["SMOOTHSCHEDULE_DATABASE"], timeout=30)
    with db:
        changed = db.execute("UPDATE api_tokens SET created_at = created_at - ? WHERE token_hash = ?",
                             (days * 86400, hashlib.sha256(token.encode()).digest())).rowcount
    db.close()
    assert changed == 1


def test_token_lifetime_is_enforced_when_configured(stack, tmp_path):
    t = stack.new_tenant()
    old, fresh = stack.new_user(t.schema, "staff"), stack.new_user(t.schema, "staff")
    age_token(stack, old, 3)
    # The shared stack sets no lifetime: an old token still works there.
    assert me(stack, t.host, old).status_code == 200
    sock, pid_file = tmp_path / "ttl.sock", tmp_path / "ttl.pid"
    serve = subprocess.Popen([stack.bin, "serve", "--socket", str(sock), "--workers", "1", "--threads", "2",
                              "--pid-file", str(pid_file)], env=dict(stack.env, SMOOTHSCHEDULE_TOKEN_TTL_DAYS="2"),
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 15
        while not (sock.exists() and pid_file.exists()) and time.monotonic() < deadline:
            time.sleep(0.05)
        expired = fastcgi_client.request(sock, "GET", "/api/auth/me/", t.host, "127.0.0.1", token=old)
        assert expired.status == 401 and expired.json["code"] == "invalid_token"
        assert fastcgi_client.request(sock, "GET", "/api/auth/me/", t.host, "127.0.0.1", token=fresh).status == 200
    finally:
        serve.terminate()
        serve.wait(timeout=20)


def test_a_bad_token_lifetime_stops_start_up(stack, tmp_path):
    for bad in ("0", "-1", "soon", "36501"):
        serve = subprocess.Popen([stack.bin, "serve", "--socket", str(tmp_path / "bad.sock")],
                                 env=dict(stack.env, SMOOTHSCHEDULE_TOKEN_TTL_DAYS=bad), stderr=subprocess.PIPE,
                                 text=True)
        try:
            _, err = serve.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            serve.terminate()  # it started serving: SIGTERM lets the supervisor stop its workers too
            serve.communicate(timeout=20)
            raise AssertionError(f"serve started with SMOOTHSCHEDULE_TOKEN_TTL_DAYS={bad}")
        assert serve.returncode != 0 and "SMOOTHSCHEDULE_TOKEN_TTL_DAYS" in err, (bad, err)
