"""Tests for the provider emulator: run it as a subprocess on port 0 and drive it over HTTP."""

import base64
import hashlib
import os
import secrets
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
EMULATOR = os.path.join(HERE, "provider_emulator.py")
REDIRECT = "http://127.0.0.1:9/api/oauth/google/callback/"
CLIENT = {"client_id": "test-client", "client_secret": "test-secret"}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """Start the emulator on a free port; stop it (SIGTERM) after the module."""
    port_file = tmp_path_factory.mktemp("emu") / "port"
    proc = subprocess.Popen([sys.executable, EMULATOR, "--port", "0", "--port-file", str(port_file)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("provider emulator listening on http://127.0.0.1:"), line
        port = int(port_file.read_text())
        assert line.strip().endswith(f":{port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        # Quiet by default: nothing on stderr (no tokens, no access log).
        assert proc.stderr.read() == ""


@pytest.fixture(autouse=True)
def reset(base):
    ctl(base, "reset")


def ctl(base, name, body=None):
    r = requests.post(f"{base}/_control/{name}", json=body or {})
    assert r.status_code == 200, r.text
    return r.json()


def pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


AUTH = {"google": "/google/o/oauth2/v2/auth", "microsoft": "/microsoft/oauth2/v2.0/authorize"}
TOKEN = {"google": "/google/token", "microsoft": "/microsoft/oauth2/v2.0/token"}
SCOPE = {"google": "openid email https://www.googleapis.com/auth/calendar.readonly",
         "microsoft": "offline_access User.Read Calendars.Read"}


def authorize(base, provider="google", challenge=None, state="st-1", **extra):
    params = {"client_id": CLIENT["client_id"], "redirect_uri": REDIRECT, "response_type": "code",
              "scope": SCOPE[provider], "state": state, "code_challenge": challenge,
              "code_challenge_method": "S256", "access_type": "offline", "prompt": "consent"}
    params.update(extra)
    return requests.get(base + AUTH[provider], params=params, allow_redirects=False)


def get_code(base, provider="google"):
    verifier, challenge = pkce()
    r = authorize(base, provider, challenge)
    assert r.status_code == 302
    q = parse_qs(urlsplit(r.headers["Location"]).query)
    return q["code"][0], verifier


def exchange(base, provider, code, verifier, redirect=REDIRECT):
    return requests.post(base + TOKEN[provider], data={"grant_type": "authorization_code", "code": code,
                                                       "code_verifier": verifier, "redirect_uri": redirect, **CLIENT})


def connect(base, provider="google"):
    code, verifier = get_code(base, provider)
    r = exchange(base, provider, code, verifier)
    assert r.status_code == 200, r.text
    return r.json()


def refresh(base, provider, token):
    return requests.post(base + TOKEN[provider], data={"grant_type": "refresh_token", "refresh_token": token, **CLIENT})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


# ----------------------------------------------------------------- OAuth


def test_google_auth_code_flow_with_pkce(base):
    verifier, challenge = pkce()
    r = authorize(base, "google", challenge, state="xyz")
    assert r.status_code == 302
    loc = urlsplit(r.headers["Location"])
    assert f"{loc.scheme}://{loc.netloc}{loc.path}" == REDIRECT
    q = parse_qs(loc.query)
    assert q["state"] == ["xyz"]
    tok = exchange(base, "google", q["code"][0], verifier)
    assert tok.status_code == 200
    body = tok.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3599
    assert body["scope"] == SCOPE["google"]
    assert body["access_token"] and body["refresh_token"]
    info = requests.get(f"{base}/google/oauth2/v3/userinfo", headers=bearer(body["access_token"]))
    assert info.status_code == 200
    assert info.json()["email"] == "alice@example.com" and info.json()["email_verified"] is True
    assert info.json()["sub"]
    issued = requests.get(f"{base}/_control/issued").json()
    assert body["access_token"] in issued["access_tokens"] and body["refresh_token"] in issued["refresh_tokens"]
    assert q["code"][0] in issued["codes"]
    # Requests are logged without Authorization values.
    log = requests.get(f"{base}/_control/requests").json()
    assert [e["path"] for e in log] == ["/google/o/oauth2/v2/auth", "/google/token", "/google/oauth2/v3/userinfo"]
    assert body["access_token"] not in str(log)


def test_authorize_validation_deny_and_next_account(base):
    _, challenge = pkce()
    r = authorize(base, "google", challenge, code_challenge_method="plain")
    assert r.status_code == 400
    r = requests.get(base + AUTH["google"], params={"client_id": "x"}, allow_redirects=False)
    assert r.status_code == 400 and "redirect_uri" in r.text
    ctl(base, "deny_next", {"provider": "google"})
    r = authorize(base, "google", challenge, state="s9")
    q = parse_qs(urlsplit(r.headers["Location"]).query)
    assert q == {"error": ["access_denied"], "state": ["s9"]}
    ctl(base, "next_account", {"provider": "google", "email": "carol@example.com"})
    tok = connect(base, "google")
    info = requests.get(f"{base}/google/oauth2/v3/userinfo", headers=bearer(tok["access_token"])).json()
    assert info["email"] == "carol@example.com"


def test_verifier_mismatch_and_code_reuse_are_invalid_grant(base):
    code, verifier = get_code(base)
    other, _ = pkce()
    r = exchange(base, "google", code, other)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    r = exchange(base, "google", code, verifier, redirect="http://127.0.0.1:9/elsewhere")
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    assert exchange(base, "google", code, verifier).status_code == 200
    r = exchange(base, "google", code, verifier)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    r = exchange(base, "google", "4/0Anot-a-code", verifier)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


def test_google_refresh_does_not_rotate(base):
    tok = connect(base, "google")
    for _ in range(2):
        r = refresh(base, "google", tok["refresh_token"])
        assert r.status_code == 200
        assert "refresh_token" not in r.json() and r.json()["access_token"] != tok["access_token"]
    stats = requests.get(f"{base}/_control/stats").json()["google"]
    assert stats["grants"] == {"authorization_code": 1, "refresh_token": 2} and stats["refreshes"] == 2


def test_microsoft_rotating_refresh_tokens(base):
    tok = connect(base, "microsoft")
    me = requests.get(f"{base}/microsoft/graph/v1.0/me", headers=bearer(tok["access_token"])).json()
    assert me["mail"] == "bob@contoso.example" and me["userPrincipalName"] == "bob@contoso.example" and me["id"]
    r1 = refresh(base, "microsoft", tok["refresh_token"])
    assert r1.status_code == 200
    new_rt = r1.json()["refresh_token"]
    assert new_rt != tok["refresh_token"]
    old = refresh(base, "microsoft", tok["refresh_token"])
    assert old.status_code == 400 and old.json()["error"] == "invalid_grant"
    r2 = refresh(base, "microsoft", new_rt)
    assert r2.status_code == 200 and r2.json()["refresh_token"] not in (new_rt, tok["refresh_token"])


def test_expire_access_tokens_and_revoke_refresh(base):
    tok = connect(base, "google")
    url = f"{base}/google/calendar/v3/users/me/calendarList"
    assert requests.get(url, headers=bearer(tok["access_token"])).status_code == 200
    ctl(base, "expire_access_tokens", {"provider": "google"})
    r = requests.get(url, headers=bearer(tok["access_token"]))
    assert r.status_code == 401 and r.json()["error"]["code"] == 401
    r = requests.get(f"{base}/google/oauth2/v3/userinfo", headers=bearer(tok["access_token"]))
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"
    fresh = refresh(base, "google", tok["refresh_token"]).json()["access_token"]
    assert requests.get(url, headers=bearer(fresh)).status_code == 200
    ctl(base, "revoke_refresh", {"provider": "google", "email": "alice@example.com"})
    r = refresh(base, "google", tok["refresh_token"])
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


def test_revoke_endpoint(base):
    tok = connect(base, "google")
    assert requests.post(f"{base}/google/revoke", data={"token": tok["refresh_token"]}).status_code == 200
    assert refresh(base, "google", tok["refresh_token"]).json()["error"] == "invalid_grant"
    r = requests.get(f"{base}/google/oauth2/v3/userinfo", headers=bearer(tok["access_token"]))
    assert r.status_code == 401
    ms = connect(base, "microsoft")
    assert requests.post(f"{base}/microsoft/oauth2/v2.0/revoke", data={"token": ms["refresh_token"]}).status_code == 200
    assert requests.get(f"{base}/_control/stats").json()["google"]["revocations"] == 1


# ----------------------------------------------------- Google Calendar API


def google_events(base, token, **params):
    r = requests.get(f"{base}/google/calendar/v3/calendars/primary/events", headers=bearer(token), params=params)
    return r


def google_pages(base, token, **params):
    pages = []
    while True:
        r = google_events(base, token, **params)
        assert r.status_code == 200, r.text
        pages.append(r.json())
        if "nextPageToken" not in r.json():
            return pages
        params = {"pageToken": r.json()["nextPageToken"]}


def test_google_calendar_list(base):
    ctl(base, "calendars", {"provider": "google", "email": "alice@example.com",
                            "calendars": [{"id": "team@group.calendar.example", "summary": "Team"}]})
    tok = connect(base, "google")
    items = requests.get(f"{base}/google/calendar/v3/users/me/calendarList",
                         headers=bearer(tok["access_token"])).json()["items"]
    assert items[0] == {"kind": "calendar#calendarListEntry", "id": "alice@example.com", "summary": "alice@example.com",
                        "timeZone": "UTC", "accessRole": "owner", "primary": True}
    assert items[1]["id"] == "team@group.calendar.example" and "primary" not in items[1]


def test_google_paging_sync_token_only_on_last_page(base):
    ctl(base, "events/generate", {"provider": "google", "email": "alice@example.com", "calendar_id": "primary",
                                  "count": 25, "start": "2025-12-01T00:00:00Z", "days": 5})
    tok = connect(base, "google")["access_token"]
    pages = google_pages(base, tok, timeMin="2025-11-30T00:00:00Z", timeMax="2026-01-01T00:00:00Z",
                         singleEvents="true", maxResults=10)
    assert [len(p["items"]) for p in pages] == [10, 10, 5]
    assert all("nextSyncToken" not in p for p in pages[:-1]) and "nextSyncToken" in pages[-1]
    assert all("nextPageToken" in p for p in pages[:-1]) and "nextPageToken" not in pages[-1]
    ids = [e["id"] for p in pages for e in p["items"]]
    assert len(set(ids)) == 25
    # Time window filters; encoded calendar id of the primary works too.
    r = requests.get(f"{base}/google/calendar/v3/calendars/alice%40example.com/events", headers=bearer(tok),
                     params={"timeMin": "2025-12-01T00:00:00Z", "timeMax": "2025-12-02T00:00:00Z"})
    assert r.status_code == 200 and len(r.json()["items"]) == 5


def test_google_incremental_sync_and_cancellations(base):
    email = "alice@example.com"
    ids = ctl(base, "events", {"provider": "google", "email": email, "calendar_id": "primary", "events": [
        {"summary": "A", "start": {"dateTime": "2025-12-02T10:30:00+01:00", "timeZone": "Europe/Berlin"},
         "end": {"dateTime": "2025-12-02T11:30:00+01:00", "timeZone": "Europe/Berlin"}},
        {"summary": "B", "start": {"date": "2025-12-03"}, "end": {"date": "2025-12-04"}, "transparency": "transparent"},
        {"summary": "C", "start": {"dateTime": "2025-12-05T09:00:00", "timeZone": "Europe/Berlin"}},
    ]})["ids"]
    tok = connect(base, "google")["access_token"]
    first = google_pages(base, tok, singleEvents="true")[-1]
    events = {e["summary"]: e for e in first["items"]}
    assert events["A"]["start"] == {"dateTime": "2025-12-02T10:30:00+01:00", "timeZone": "Europe/Berlin"}
    assert events["B"]["start"] == {"date": "2025-12-03"} and events["B"]["end"] == {"date": "2025-12-04"}
    assert events["C"]["start"]["dateTime"] == "2025-12-05T09:00:00+01:00"
    assert all(e["status"] == "confirmed" and e["updated"] for e in first["items"])
    sync = first["nextSyncToken"]
    # No changes: empty page with a new token.
    r = google_events(base, tok, syncToken=sync)
    assert r.status_code == 200 and r.json()["items"] == [] and "nextSyncToken" in r.json()
    # Change one, cancel one, add one.
    ctl(base, "events", {"provider": "google", "email": email, "calendar_id": "primary", "events": [
        {"id": ids[0], "summary": "A2", "start": {"dateTime": "2025-12-02T12:00:00Z"},
         "end": {"dateTime": "2025-12-02T13:00:00Z"}},
        {"summary": "D", "start": {"dateTime": "2025-12-06T09:00:00Z"}}]})
    ctl(base, "events/delete", {"provider": "google", "email": email, "calendar_id": "primary", "ids": [ids[1]]})
    pages = google_pages(base, tok, syncToken=sync, maxResults=2)
    assert len(pages) == 2 and "nextSyncToken" in pages[-1] and "nextSyncToken" not in pages[0]
    items = [e for p in pages for e in p["items"]]
    assert {e.get("summary") for e in items if e["status"] != "cancelled"} == {"A2", "D"}
    assert {"kind": "calendar#event", "id": ids[1], "status": "cancelled"} in items
    assert len(items) == 3
    # A full list hides the cancelled one unless showDeleted=true.
    full = google_pages(base, tok)[-1]["items"]
    assert ids[1] not in [e["id"] for e in full]
    full = google_pages(base, tok, showDeleted="true")[-1]["items"]
    assert ids[1] in [e["id"] for e in full]


def test_google_sync_token_errors(base):
    tok = connect(base, "google")["access_token"]
    sync = google_pages(base, tok)[-1]["nextSyncToken"]
    r = google_events(base, tok, syncToken=sync, timeMin="2025-12-01T00:00:00Z")
    assert r.status_code == 400
    r = google_events(base, tok, syncToken="bogus")
    assert r.status_code == 410 and r.json()["error"]["errors"][0]["reason"] == "fullSyncRequired"
    assert google_events(base, tok, syncToken=sync).status_code == 200
    ctl(base, "invalidate_sync", {"provider": "google"})
    r = google_events(base, tok, syncToken=sync)
    assert r.status_code == 410
    assert r.json() == {"error": {"code": 410, "errors": [{"domain": "global", "reason": "fullSyncRequired",
                                                           "message": "Sync token is no longer valid, a full sync is required."}],
                                  "message": "Sync token is no longer valid, a full sync is required."}}
    assert google_events(base, tok, syncToken=sync).status_code == 410


def test_google_requires_valid_bearer(base):
    r = google_events(base, "ya29.nope")
    assert r.status_code == 401 and "WWW-Authenticate" in r.headers


# ------------------------------------------------------------ Graph delta


def graph_pages(url, token, page_size=None, **params):
    headers = bearer(token)
    if page_size:
        headers["Prefer"] = f"odata.maxpagesize={page_size}"
    pages = []
    while True:
        r = requests.get(url, headers=headers, params=params)
        assert r.status_code == 200, r.text
        pages.append(r.json())
        if "@odata.nextLink" not in r.json():
            return pages
        url, params = r.json()["@odata.nextLink"], None


def test_graph_calendars_and_delta_paging_and_removed(base):
    email = "bob@contoso.example"
    ctl(base, "calendars", {"provider": "microsoft", "email": email, "calendars": [{"id": "AAMk-team", "summary": "Team"}]})
    ctl(base, "events/generate", {"provider": "microsoft", "email": email, "calendar_id": "AAMk-default",
                                  "count": 7, "start": "2025-12-01T00:00:00Z", "days": 7})
    ids = ctl(base, "events", {"provider": "microsoft", "email": email, "calendar_id": "AAMk-default", "events": [
        {"subject": "Offsite", "isAllDay": True, "start": {"dateTime": "2025-12-10T00:00:00", "timeZone": "UTC"},
         "end": {"dateTime": "2025-12-11T00:00:00", "timeZone": "UTC"}, "showAs": "oof"},
        {"subject": "Berlin", "start": {"dateTime": "2025-12-02T10:30:00", "timeZone": "Europe/Berlin"},
         "end": {"dateTime": "2025-12-02T11:00:00", "timeZone": "Europe/Berlin"}}]})["ids"]
    tok = connect(base, "microsoft")["access_token"]
    cals = requests.get(f"{base}/microsoft/graph/v1.0/me/calendars", headers=bearer(tok)).json()["value"]
    assert {(c["id"], c["isDefaultCalendar"]) for c in cals} == {("AAMk-default", True), ("AAMk-team", False)}
    url = f"{base}/microsoft/graph/v1.0/me/calendarView/delta"
    pages = graph_pages(url, tok, page_size=4, startDateTime="2025-12-01T00:00:00Z", endDateTime="2026-01-01T00:00:00Z")
    assert [len(p["value"]) for p in pages] == [4, 4, 1]
    assert all("@odata.deltaLink" not in p for p in pages[:-1])
    delta = pages[-1]["@odata.deltaLink"]
    assert delta.startswith(url + "?$deltatoken=")
    assert pages[0]["@odata.nextLink"].startswith(url + "?$skiptoken=")
    events = {e["subject"]: e for p in pages for e in p["value"]}
    assert events["Berlin"]["start"] == {"dateTime": "2025-12-02T09:30:00.0000000", "timeZone": "UTC"}
    assert events["Offsite"]["isAllDay"] is True
    assert events["Offsite"]["end"]["dateTime"] == "2025-12-11T00:00:00.0000000"
    assert events["Offsite"]["showAs"] == "oof" and events["Offsite"]["isCancelled"] is False
    assert events["Offsite"]["lastModifiedDateTime"]
    # Changes since the delta link: one updated, one removed.
    ctl(base, "events", {"provider": "microsoft", "email": email, "calendar_id": "AAMk-default", "events": [
        {"id": ids[1], "subject": "Berlin moved", "start": "2025-12-02T12:00:00Z", "end": "2025-12-02T13:00:00Z"}]})
    ctl(base, "events/delete", {"provider": "microsoft", "email": email, "calendar_id": "AAMk-default", "ids": [ids[0]]})
    pages = graph_pages(delta, tok)
    changes = [e for p in pages for e in p["value"]]
    assert {"id": ids[0], "@removed": {"reason": "deleted"}} in changes
    assert [e["subject"] for e in changes if "@removed" not in e] == ["Berlin moved"]
    delta2 = pages[-1]["@odata.deltaLink"]
    assert graph_pages(delta2, tok)[-1]["value"] == []
    # Per-calendar delta path works; invalidated delta → 410 SyncStateNotFound.
    team = graph_pages(f"{base}/microsoft/graph/v1.0/me/calendars/AAMk-team/calendarView/delta", tok,
                       startDateTime="2025-12-01T00:00:00Z", endDateTime="2026-01-01T00:00:00Z")
    assert team[-1]["value"] == [] and "@odata.deltaLink" in team[-1]
    ctl(base, "invalidate_sync", {"provider": "microsoft"})
    r = requests.get(delta2, headers=bearer(tok))
    assert r.status_code == 410 and r.json()["error"]["code"] == "SyncStateNotFound"


def test_graph_delta_requires_window(base):
    tok = connect(base, "microsoft")["access_token"]
    r = requests.get(f"{base}/microsoft/graph/v1.0/me/calendarView/delta", headers=bearer(tok))
    assert r.status_code == 400


# ------------------------------------------------------- failure injection


def test_fail_injection_with_retry_after(base):
    tok = connect(base, "google")["access_token"]
    ctl(base, "fail", {"provider": "google", "endpoint": "events", "status": 429, "count": 2, "retry_after": 3,
                       "after": 1})
    assert google_events(base, tok).status_code == 200  # the one allowed by "after"
    for _ in range(2):
        r = google_events(base, tok)
        assert r.status_code == 429 and r.headers["Retry-After"] == "3"
    assert google_events(base, tok).status_code == 200
    ctl(base, "fail", {"provider": "google", "endpoint": "events", "status": 403, "count": 1,
                       "google_reason": "userRateLimitExceeded"})
    r = google_events(base, tok)
    assert r.status_code == 403 and r.json()["error"]["errors"][0]["reason"] == "userRateLimitExceeded"
    assert r.json()["error"]["code"] == 403
    ctl(base, "fail", {"provider": "microsoft", "endpoint": "token", "status": 500, "count": 1})
    code, verifier = get_code(base, "microsoft")
    assert exchange(base, "microsoft", code, verifier).status_code == 500
    assert exchange(base, "microsoft", code, verifier).status_code == 200  # code not consumed by the failure
    ctl(base, "fail", {"provider": "google", "endpoint": "userinfo", "hang_seconds": 0.3, "count": 1})
    t0 = time.monotonic()
    assert requests.get(f"{base}/google/oauth2/v3/userinfo", headers=bearer(tok)).status_code == 200
    assert time.monotonic() - t0 >= 0.3


def test_request_log_clear_and_reset(base):
    tok = connect(base, "google")["access_token"]
    google_events(base, tok, timeMin="2025-12-01T00:00:00Z")
    log = requests.get(f"{base}/_control/requests").json()
    assert log[-1] == {"method": "GET", "path": "/google/calendar/v3/calendars/primary/events",
                       "query": {"timeMin": "2025-12-01T00:00:00Z"}}
    ctl(base, "requests/clear")
    assert requests.get(f"{base}/_control/requests").json() == []
    ctl(base, "reset")
    assert requests.get(f"{base}/_control/issued").json()["all"] == []
    assert google_events(base, tok).status_code == 401


def test_generate_ten_thousand_quickly(base):
    t0 = time.monotonic()
    ctl(base, "events/generate", {"provider": "google", "email": "alice@example.com", "calendar_id": "primary",
                                  "count": 10000, "start": "2025-12-01T00:00:00Z", "days": 30})
    tok = connect(base, "google")["access_token"]
    pages = google_pages(base, tok, maxResults=2500, singleEvents="true")
    assert sum(len(p["items"]) for p in pages) == 10000 and len(pages) == 4
    assert time.monotonic() - t0 < 20
