"""OAuth connect (docs/api.md §6) through nginx, the real responder and the provider emulator."""
import hashlib
import json
import sqlite3
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

PROVIDERS = ["google", "microsoft"]


def frontend(stack, schema):
    return stack.config["SMOOTHSCHEDULE_FRONTEND_URL"].replace("{tenant}", schema)


def credentials(stack, schema):
    return json.loads(stack.cli("oauth", "list", schema))


def initiate(stack, tenant, provider, purpose="calendar"):
    r = stack.post(f"/api/oauth/{provider}/initiate/", host=tenant.host, token=tenant.token, json={"purpose": purpose})
    assert r.status_code == 200, r.text
    assert r.json()["success"] is True
    return r.json()["authorization_url"]


def authorize(stack, tenant, provider, purpose="calendar"):
    """Initiate, then let the emulator auto-consent: answers our callback path with its query (code, state)."""
    url = initiate(stack, tenant, provider, purpose)
    consent = requests.get(url, allow_redirects=False, timeout=30)
    assert consent.status_code == 302, consent.text
    location = urlsplit(consent.headers["Location"])
    assert f"{location.scheme}://{location.netloc}" == stack.config["SMOOTHSCHEDULE_PUBLIC_URL"]
    assert location.path == f"/api/oauth/{provider}/callback/"
    return location.path, parse_qs(location.query)


def callback(stack, path, query):
    """The browser following the provider's redirect to the public host (Host = base domain)."""
    return stack.get(path, params={k: v[0] for k, v in query.items()})


def expect_redirect(response, location):
    assert response.status_code == 302, response.text
    assert response.headers["Location"] == location


def next_account(stack, provider, email):
    stack.emulator("POST", "/_control/next_account", json={"provider": provider, "email": email}).raise_for_status()


@pytest.fixture
def tenant(stack):
    return stack.new_tenant(plan="professional")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_whole_browser_flow_stores_one_credential(stack, tenant, provider):
    email = f"{provider}-{tenant.schema}@example.com"
    next_account(stack, provider, email)
    path, query = authorize(stack, tenant, provider)
    expect_redirect(callback(stack, path, query), f"{frontend(stack, tenant.schema)}?connected={provider}")
    [c] = credentials(stack, tenant.schema)
    assert (c["provider"], c["purpose"], c["email"], c["is_valid"]) == (provider, "calendar", email, True)
    # Connecting the same account again updates the row, never duplicates it.
    next_account(stack, provider, email)
    path, query = authorize(stack, tenant, provider)
    expect_redirect(callback(stack, path, query), f"{frontend(stack, tenant.schema)}?connected={provider}")
    assert [x["id"] for x in credentials(stack, tenant.schema)] == [c["id"]]


def test_email_purpose_on_free_plan_is_allowed_calendar_is_403(stack):
    free = stack.new_tenant(plan="free")
    r = stack.post("/api/oauth/google/initiate/", host=free.host, token=free.token, json={"purpose": "calendar"})
    assert r.status_code == 403
    body = r.json()
    assert body["success"] is False and body["code"] == "feature_not_available"
    assert body["feature"] == "can_use_calendar_sync" and body["upgrade_required"] is True
    path, query = authorize(stack, free, "microsoft", purpose="email")
    expect_redirect(callback(stack, path, query), f"{frontend(stack, free.schema)}?connected=microsoft")
    assert [c["purpose"] for c in credentials(stack, free.schema)] == ["email"]


def test_unknown_provider_is_404(stack, tenant):
    r = stack.post("/api/oauth/yahoo/initiate/", host=tenant.host, token=tenant.token, json={})
    assert r.status_code == 404


def invalid_state(stack, schema=None):
    base = frontend(stack, schema) if schema else stack.config["SMOOTHSCHEDULE_PUBLIC_URL"] + "/"
    return f"{base}?error=invalid_state"


def test_missing_unknown_and_forged_state_leave_no_credential(stack, tenant):
    path, query = authorize(stack, tenant, "google")
    code, state = query["code"][0], query["state"][0]
    expect_redirect(stack.get(path, params={"code": code}), invalid_state(stack))
    expect_redirect(stack.get(path, params={"code": code, "state": "x" * 43}), invalid_state(stack))
    forged = state[:-1] + ("A" if state[-1] != "A" else "B")
    expect_redirect(stack.get(path, params={"code": code, "state": forged}), invalid_state(stack))
    assert credentials(stack, tenant.schema) == []


def test_state_for_the_other_provider_is_rejected(stack, tenant):
    _, query = authorize(stack, tenant, "google")
    r = stack.get("/api/oauth/microsoft/callback/", params={k: v[0] for k, v in query.items()})
    expect_redirect(r, invalid_state(stack, tenant.schema))
    assert credentials(stack, tenant.schema) == []


def test_expired_state_is_rejected(stack, tenant):
    path, query = authorize(stack, tenant, "google")
    digest = hashlib.sha256(query["state"][0].encode()).digest()
    with sqlite3.connect(stack.config["SMOOTHSCHEDULE_DATABASE"], timeout=10) as db:
        assert db.execute("UPDATE oauth_states SET expires_at = 0 WHERE state_hash = ?", (digest,)).rowcount == 1
    expect_redirect(callback(stack, path, query), invalid_state(stack, tenant.schema))
    assert credentials(stack, tenant.schema) == []


def test_reused_state_is_rejected(stack, tenant):
    path, query = authorize(stack, tenant, "microsoft")
    expect_redirect(callback(stack, path, query), f"{frontend(stack, tenant.schema)}?connected=microsoft")
    before = credentials(stack, tenant.schema)
    expect_redirect(callback(stack, path, query), invalid_state(stack, tenant.schema))
    assert credentials(stack, tenant.schema) == before


@pytest.mark.parametrize("provider", PROVIDERS)
def test_access_denied_leaves_no_credential(stack, tenant, provider):
    stack.emulator("POST", "/_control/deny_next", json={"provider": provider}).raise_for_status()
    path, query = authorize(stack, tenant, provider)
    assert query["error"] == ["access_denied"] and "code" not in query
    expect_redirect(callback(stack, path, query), f"{frontend(stack, tenant.schema)}?error=access_denied")
    assert credentials(stack, tenant.schema) == []


@pytest.mark.parametrize("provider", PROVIDERS)
def test_token_endpoint_500_leaves_no_credential(stack, tenant, provider):
    path, query = authorize(stack, tenant, provider)
    stack.emulator("POST", "/_control/fail", json={"provider": provider, "endpoint": "token", "status": 500}).raise_for_status()
    expect_redirect(callback(stack, path, query), f"{frontend(stack, tenant.schema)}?error=token_exchange_failed")
    assert credentials(stack, tenant.schema) == []


def test_hanging_token_endpoint_is_bounded_by_the_timeout(stack, tenant):
    timeout = float(stack.config.get("SMOOTHSCHEDULE_OUTBOUND_TIMEOUT_SECONDS", 10))
    path, query = authorize(stack, tenant, "google")
    stack.emulator("POST", "/_control/fail",
                   json={"provider": "google", "endpoint": "token", "hang_seconds": timeout + 20}).raise_for_status()
    started = time.monotonic()
    r = callback(stack, path, query)
    elapsed = time.monotonic() - started
    expect_redirect(r, f"{frontend(stack, tenant.schema)}?error=token_exchange_failed")
    assert timeout - 1 <= elapsed < timeout + 5
    assert credentials(stack, tenant.schema) == []


def expire_access_token(stack, credential_id):
    with sqlite3.connect(stack.config["SMOOTHSCHEDULE_DATABASE"], timeout=10) as db:
        db.execute("UPDATE oauth_credentials SET access_expires_at = 0 WHERE id = ?", (credential_id,))


def refreshes(stack, provider):
    return stack.emulator("GET", "/_control/stats").json()[provider]["refreshes"]


def test_expired_token_is_refreshed_once_even_by_concurrent_processes(stack, tenant):
    email = f"refresh-{tenant.schema}@example.com"
    next_account(stack, "microsoft", email)
    path, query = authorize(stack, tenant, "microsoft")
    expect_redirect(callback(stack, path, query), f"{frontend(stack, tenant.schema)}?connected=microsoft")
    [c] = credentials(stack, tenant.schema)
    before = refreshes(stack, "microsoft")
    stack.cli("oauth", "refresh", tenant.schema, str(c["id"]))
    assert refreshes(stack, "microsoft") == before  # still fresh: no provider call
    expire_access_token(stack, c["id"])
    procs = [subprocess.Popen([stack.bin, "oauth", "refresh", tenant.schema, str(c["id"])], env=stack.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert refreshes(stack, "microsoft") == before + 1
    [after] = credentials(stack, tenant.schema)
    assert after["is_valid"] is True and after["access_expires_at"] > c["access_expires_at"] - 3600


def test_revoked_refresh_token_marks_credential_invalid(stack, tenant):
    email = f"revoked-{tenant.schema}@example.com"
    next_account(stack, "google", email)
    path, query = authorize(stack, tenant, "google")
    expect_redirect(callback(stack, path, query), f"{frontend(stack, tenant.schema)}?connected=google")
    [c] = credentials(stack, tenant.schema)
    stack.emulator("POST", "/_control/revoke_refresh", json={"provider": "google", "email": email}).raise_for_status()
    expire_access_token(stack, c["id"])
    result = stack.cli("oauth", "refresh", tenant.schema, str(c["id"]), check=False)
    assert result.returncode != 0 and "invalid_grant" in result.stderr
    [after] = credentials(stack, tenant.schema)
    assert after["is_valid"] is False
    with sqlite3.connect(stack.config["SMOOTHSCHEDULE_DATABASE"], timeout=10) as db:
        rows = db.execute(
            "SELECT outcome FROM audit_log WHERE action = 'oauth.refresh_failed' AND object_id = ?", (str(c["id"]),)
        ).fetchall()
    assert rows == [("failure",)]


def test_no_issued_secret_is_stored_or_logged_in_the_clear(stack, tenant):
    """Runs last: every code and token the emulator ever issued in this session, refreshed ones included."""
    for provider in PROVIDERS:
        path, query = authorize(stack, tenant, provider)
        expect_redirect(callback(stack, path, query), f"{frontend(stack, tenant.schema)}?connected={provider}")
    issued = stack.emulator("GET", "/_control/issued").json()["all"]
    assert len(issued) >= 6
    database = Path(stack.config["SMOOTHSCHEDULE_DATABASE"])
    files = [database, Path(str(database) + "-wal"), stack.run_dir / "serve.log"]
    blobs = {f.name: f.read_bytes() for f in files if f.exists()}
    assert database.name in blobs and database.name + "-wal" in blobs
    # Positive control: the scan does see plain text written by this test (the tenant's schema name).
    assert any(tenant.schema.encode() in blobs[n] for n in (database.name, database.name + "-wal"))
    leaks = [(name, secret[:8]) for secret in issued for name, data in blobs.items() if secret.encode() in data]
    assert leaks == []
