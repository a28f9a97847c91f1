#!/usr/bin/env python3
"""Local provider emulator for the smoothschedule test suite.

Plays Google's and Microsoft's OAuth 2.0 (authorization code + PKCE S256) and
calendar APIs on loopback, so that no test or demo ever calls the real
providers.  Standard library only.

    python3 tests/emulator/provider_emulator.py --port 0 [--host 127.0.0.1] \
        [--port-file PATH] [--verbose]

Path prefixes:
    /google/...     Google OAuth, userinfo, revoke and Calendar API v3
    /microsoft/...  Microsoft identity platform v2.0 and Graph v1.0
    /_control/...   test control API (reset, seed accounts/calendars/events,
                    failure injection, request log, issued secrets, stats)

All state lives in one `Emulator` object behind one lock.  Nothing secret is
ever written to stdout/stderr: with --verbose only method and path are logged.
"""

import argparse
import base64
import hashlib
import json
import os
import re
import secrets
import signal
import sys
import threading
import time
import traceback
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover - zoneinfo is in 3.9+
    ZoneInfo = None

PROVIDERS = ("google", "microsoft")
DEFAULT_ACCOUNT = {"google": "alice@example.com", "microsoft": "bob@contoso.example"}
MS_DEFAULT_CALENDAR = "AAMk-default"
CODE_TTL = 600  # seconds an authorization code stays redeemable
ACCESS_TTL = 3599  # seconds an access token lives (expires_in)
GOOGLE_DEFAULT_PAGE = 250
GOOGLE_MAX_PAGE = 2500
MS_DEFAULT_PAGE = 100
MS_MAX_PAGE = 1000
UTC = timezone.utc

# Endpoint names usable with /_control/fail, per provider, plus aliases.
FAIL_ENDPOINTS = {
    "google": {"authorize", "token", "userinfo", "revoke", "calendar_list", "events"},
    "microsoft": {"authorize", "token", "me", "revoke", "calendar_list", "delta"},
}
FAIL_ALIASES = {
    "google": {"delta": "events", "me": "userinfo"},
    "microsoft": {"events": "delta", "userinfo": "me"},
}


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


class HttpError(Exception):
    """Raised by endpoint functions to answer with an error response."""

    def __init__(self, status, body, headers=None):
        super().__init__(status)
        self.response = Response(status, body, headers)


class Response:
    """An HTTP response: dict/list bodies are sent as JSON, str as text."""

    def __init__(self, status=200, body=None, headers=None):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})


class Request:
    """The parts of an incoming HTTP request the endpoints need."""

    def __init__(self, handler, method):
        split = urlsplit(handler.path)
        self.method = method
        self.raw_path = split.path
        self.path = split.path
        self.query_multi = parse_qs(split.query, keep_blank_values=True)
        self.query = {k: v[0] for k, v in self.query_multi.items()}
        self.headers = handler.headers
        length = int(handler.headers.get("Content-Length") or 0)
        self.body = handler.rfile.read(length) if length > 0 else b""
        host, port = handler.server.server_address[:2]
        self.host = handler.headers.get("Host") or f"{host}:{port}"
        self.match = {}

    def form(self):
        """The body as application/x-www-form-urlencoded (first value each)."""
        parsed = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[0] for k, v in parsed.items()}

    def json(self):
        """The body as a JSON object ({} when empty)."""
        if not self.body.strip():
            return {}
        try:
            data = json.loads(self.body)
        except ValueError:
            raise HttpError(400, {"error": "body is not valid JSON"})
        if not isinstance(data, dict):
            raise HttpError(400, {"error": "body must be a JSON object"})
        return data

    def log_entry(self):
        """Entry for /_control/requests: no headers, hence no Authorization."""
        query = {k: (v[0] if len(v) == 1 else v) for k, v in self.query_multi.items()}
        return {"method": self.method, "path": self.path, "query": query}


def now():
    return time.time()


def utcnow():
    return datetime.now(UTC)


def rfc3339_ms(dt):
    """2025-12-02T09:30:00.000Z (Google `updated` style)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def graph_datetime(dt):
    """2025-12-02T09:30:00.0000000 (Graph dateTimeTimeZone style, UTC)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond * 10:07d}"


def google_datetime(dt):
    """RFC 3339 with offset; UTC written as Z."""
    text = dt.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def tz_of(name):
    """ZoneInfo for an IANA name, UTC for unknown/empty names."""
    if not name or name.upper() in ("UTC", "Z", "GMT", "ETC/UTC"):
        return UTC
    if ZoneInfo is not None:
        try:
            return ZoneInfo(name)
        except Exception:
            pass
    return UTC


def parse_instant(text, default_tz=UTC, require_offset=False):
    """Parse an ISO 8601 / RFC 3339 string into an aware datetime.

    Returns None when unparseable, or when require_offset is set and the
    string carries no offset.
    """
    if not isinstance(text, str) or not text:
        return None
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    if dt.tzinfo is None:
        if require_offset:
            return None
        dt = dt.replace(tzinfo=default_tz)
    return dt


def pkce_challenge(verifier):
    """BASE64URL(SHA256(verifier)) without padding (RFC 7636 S256)."""
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def stable_id(prefix, email, length=21, digits=False):
    """A stable per-account identifier derived from the email."""
    h = hashlib.sha256(f"{prefix}:{email}".encode()).hexdigest()
    if digits:
        return str(int(h, 16))[:length]
    return h[:length]


def overlaps(start, end, lo, hi):
    """Event [start, end) intersects the window (lo exclusive for end, hi exclusive for start)."""
    if lo is not None and not end > lo:
        return False
    if hi is not None and not start < hi:
        return False
    return True


# --------------------------------------------------------------------------
# State
# --------------------------------------------------------------------------


class EventRecord:
    """One stored event: provider-shaped data plus bookkeeping."""

    __slots__ = ("id", "data", "start", "end", "seq", "deleted")

    def __init__(self, event_id, data, start, end, seq):
        self.id = event_id
        self.data = data  # never mutated in place: replaced on change
        self.start = start
        self.end = end
        self.seq = seq
        self.deleted = False  # Microsoft tombstone (Google uses status=cancelled)


class Calendar:
    def __init__(self, cal_id, summary, tz="UTC", primary=False):
        self.id = cal_id
        self.summary = summary
        self.tz = tz
        self.primary = primary
        self.events = {}  # id -> EventRecord


class Account:
    def __init__(self, provider, email):
        self.email = email
        self.calendars = {}
        if provider == "google":
            self.calendars[email] = Calendar(email, email, "UTC", primary=True)
        else:
            self.calendars[MS_DEFAULT_CALENDAR] = Calendar(MS_DEFAULT_CALENDAR, "Calendar", "UTC", primary=True)

    def primary(self):
        return next(c for c in self.calendars.values() if c.primary)


class ProviderState:
    """Everything one provider remembers; reset() forgets it all."""

    def __init__(self, name):
        self.name = name
        self.reset()

    def reset(self):
        self.next_account = DEFAULT_ACCOUNT[self.name]
        self.deny_next = False
        self.client_id = None  # None: accept any non-empty client credentials
        self.client_secret = None
        self.access_ttl = ACCESS_TTL
        self.code_ttl = CODE_TTL
        self.codes = {}  # code -> dict
        self.access = {}  # token -> dict(email, scope, expires, grant, client_id)
        self.refresh = {}  # token -> dict(email, scope, valid, grant, client_id)
        self.revoked_grants = set()
        self.accounts = {}
        self.seq = 0  # change sequence over all of this provider's events
        self.sync_tokens = {}  # Google syncToken / Graph $deltatoken -> dict
        self.page_tokens = {}  # Google pageToken / Graph $skiptoken -> (listing, offset)
        self.dead_page_tokens = set()
        self.failures = {}  # endpoint -> [rule, ...]
        self.stats = {
            "authorizations": 0,
            "denials": 0,
            "grants": {"authorization_code": 0, "refresh_token": 0},
            "refreshes": 0,
            "refresh_token_rotations": 0,
            "invalid_grant": 0,
            "revocations": 0,
            "injected_failures": 0,
        }

    def account(self, email):
        acct = self.accounts.get(email)
        if acct is None:
            acct = self.accounts[email] = Account(self.name, email)
        return acct

    def next_seq(self):
        self.seq += 1
        return self.seq


# --------------------------------------------------------------------------
# Event normalisation
# --------------------------------------------------------------------------


def normalize_google_event(raw, event_id, cal_tz):
    """Turn a control-API event dict into a stored Google event.

    Returns (data, start_instant, end_instant).  dateTime values without an
    offset are read in their timeZone (or the calendar's).  All-day events
    keep `date` with an exclusive end (default: the next day).
    """
    data = dict(raw)
    data["id"] = event_id
    data.setdefault("status", "confirmed")
    data.setdefault("summary", "")
    data.setdefault("transparency", "opaque")
    data["kind"] = "calendar#event"
    start = dict(data.get("start") or {})
    end = dict(data.get("end") or {})
    if "date" in start:
        try:
            d0 = date.fromisoformat(start["date"])
            d1 = date.fromisoformat(end["date"]) if "date" in end else d0 + timedelta(days=1)
        except (TypeError, ValueError):
            raise HttpError(400, {"error": f"bad all-day date in event {event_id}"})
        tz = tz_of(start.get("timeZone") or cal_tz)
        s = datetime(d0.year, d0.month, d0.day, tzinfo=tz)
        e = datetime(d1.year, d1.month, d1.day, tzinfo=tz)
        data["start"] = {"date": d0.isoformat()}
        data["end"] = {"date": d1.isoformat()}
    else:
        s = parse_instant(start.get("dateTime"), tz_of(start.get("timeZone") or cal_tz))
        if s is None:
            raise HttpError(400, {"error": f"event {event_id} needs start.dateTime or start.date"})
        e = parse_instant(end.get("dateTime"), tz_of(end.get("timeZone") or start.get("timeZone") or cal_tz))
        if e is None:
            e = s + timedelta(hours=1)
        start["dateTime"] = google_datetime(s)
        end["dateTime"] = google_datetime(e)
        start.setdefault("timeZone", start.get("timeZone") or cal_tz)
        end.setdefault("timeZone", start["timeZone"])
        end.pop("date", None)
        data["start"], data["end"] = start, end
    data["updated"] = rfc3339_ms(utcnow())
    return data, s, e


def normalize_ms_event(raw, event_id):
    """Turn a control-API event dict into a stored Graph event (UTC times).

    start/end may be {"dateTime", "timeZone"} in any zone (or a plain
    string); all-day events become midnight-to-midnight UTC.
    """
    data = dict(raw)
    data["id"] = event_id
    data.setdefault("subject", "")
    data.setdefault("isCancelled", False)
    data.setdefault("showAs", "busy")
    data.setdefault("type", "singleInstance")
    all_day = bool(data.get("isAllDay"))
    data["isAllDay"] = all_day

    def read(value, fallback_tz):
        if isinstance(value, str):
            value = {"dateTime": value}
        value = value or {}
        if "date" in value and "dateTime" not in value:
            value = {"dateTime": value["date"] + "T00:00:00", "timeZone": value.get("timeZone")}
        return parse_instant(value.get("dateTime"), tz_of(value.get("timeZone") or fallback_tz))

    start_raw = data.get("start")
    s = read(start_raw, "UTC")
    if s is None:
        raise HttpError(400, {"error": f"event {event_id} needs start.dateTime"})
    start_tz = start_raw.get("timeZone") if isinstance(start_raw, dict) else None
    e = read(data.get("end"), start_tz or "UTC")
    if all_day:
        s = datetime(s.year, s.month, s.day, tzinfo=UTC)
        e = datetime(e.year, e.month, e.day, tzinfo=UTC) if e is not None else s + timedelta(days=1)
        if e <= s:
            e = s + timedelta(days=1)
    elif e is None:
        e = s + timedelta(hours=1)
    s, e = s.astimezone(UTC), e.astimezone(UTC)
    data["start"] = {"dateTime": graph_datetime(s), "timeZone": "UTC"}
    data["end"] = {"dateTime": graph_datetime(e), "timeZone": "UTC"}
    data["lastModifiedDateTime"] = graph_datetime(utcnow())[:-1] + "Z"
    return data, s, e


def new_event_id(provider):
    if provider == "google":
        return secrets.token_hex(13)  # hex is a subset of Google's base32hex
    return "AAMkAG" + secrets.token_hex(16)


# --------------------------------------------------------------------------
# The emulator
# --------------------------------------------------------------------------


class Emulator:
    """Holds all state and implements every endpoint (one method each)."""

    def __init__(self):
        self.lock = threading.RLock()
        self.p = {name: ProviderState(name) for name in PROVIDERS}
        self.requests = []
        self.issued = {"access_tokens": [], "refresh_tokens": [], "codes": []}
        g, m = "google", "microsoft"
        # (method, path) -> (function, provider or None, failure endpoint or None)
        self.routes = {
            ("GET", "/google/o/oauth2/v2/auth"): (lambda r: self.authorize(r, g), g, "authorize"),
            ("POST", "/google/token"): (lambda r: self.token(r, g), g, "token"),
            ("GET", "/google/oauth2/v3/userinfo"): (self.google_userinfo, g, "userinfo"),
            ("POST", "/google/revoke"): (lambda r: self.revoke(r, g), g, "revoke"),
            ("GET", "/google/calendar/v3/users/me/calendarList"): (self.google_calendar_list, g, "calendar_list"),
            ("GET", "/microsoft/oauth2/v2.0/authorize"): (lambda r: self.authorize(r, m), m, "authorize"),
            ("POST", "/microsoft/oauth2/v2.0/token"): (lambda r: self.token(r, m), m, "token"),
            ("POST", "/microsoft/oauth2/v2.0/revoke"): (lambda r: self.revoke(r, m), m, "revoke"),
            ("GET", "/microsoft/graph/v1.0/me"): (self.ms_me, m, "me"),
            ("GET", "/microsoft/graph/v1.0/me/calendars"): (self.ms_calendars, m, "calendar_list"),
            ("GET", "/microsoft/graph/v1.0/me/calendarView/delta"): (self.ms_delta, m, "delta"),
            ("GET", "/_control/health"): (self.c_health, None, None),
            ("POST", "/_control/reset"): (self.c_reset, None, None),
            ("POST", "/_control/config"): (self.c_config, None, None),
            ("POST", "/_control/next_account"): (self.c_next_account, None, None),
            ("POST", "/_control/deny_next"): (self.c_deny_next, None, None),
            ("POST", "/_control/calendars"): (self.c_calendars, None, None),
            ("POST", "/_control/events"): (self.c_events, None, None),
            ("POST", "/_control/events/delete"): (self.c_events_delete, None, None),
            ("POST", "/_control/events/generate"): (self.c_events_generate, None, None),
            ("POST", "/_control/invalidate_sync"): (self.c_invalidate_sync, None, None),
            ("POST", "/_control/expire_access_tokens"): (self.c_expire_access_tokens, None, None),
            ("POST", "/_control/revoke_refresh"): (self.c_revoke_refresh, None, None),
            ("POST", "/_control/fail"): (self.c_fail, None, None),
            ("GET", "/_control/requests"): (self.c_requests, None, None),
            ("POST", "/_control/requests/clear"): (self.c_requests_clear, None, None),
            ("GET", "/_control/issued"): (self.c_issued, None, None),
            ("GET", "/_control/stats"): (self.c_stats, None, None),
        }
        # Parameterised paths, matched against the raw (still %-encoded) path.
        self.pattern_routes = [
            ("GET", re.compile(r"^/google/calendar/v3/calendars/(?P<cal>[^/]+)/events$"),
             self.google_events, g, "events"),
            ("GET", re.compile(r"^/microsoft/graph/v1\.0/me/calendars/(?P<cal>[^/]+)/calendarView/delta$"),
             self.ms_delta, m, "delta"),
        ]

    # ---------------------------------------------------------------- dispatch

    def route(self, req):
        """Find (function, provider, failure endpoint) for a request."""
        entry = self.routes.get((req.method, req.path))
        if entry:
            return entry
        for method, pattern, fn, provider, endpoint in self.pattern_routes:
            m = pattern.match(req.raw_path)
            if m and method == req.method:
                req.match = {k: unquote(v) for k, v in m.groupdict().items()}
                return fn, provider, endpoint
        known = {p for (_, p) in self.routes} 
        if req.path in known or any(p.match(req.raw_path) for _, p, *_ in self.pattern_routes):
            raise HttpError(405, {"error": "method_not_allowed"})
        raise HttpError(404, {"error": "not_found", "path": req.path})

    def handle(self, req):
        """Route, apply failure injection, run the endpoint; return a Response."""
        try:
            if not req.path.startswith("/_control"):
                with self.lock:
                    self.requests.append(req.log_entry())
            fn, provider, endpoint = self.route(req)
            if endpoint:
                with self.lock:
                    rule = self.take_failure(provider, endpoint)
                if rule:
                    if rule.get("hang_seconds"):
                        time.sleep(float(rule["hang_seconds"]))
                    if rule.get("status"):
                        return self.failure_response(provider, endpoint, rule)
            with self.lock:
                return fn(req)
        except HttpError as err:
            return err.response

    # ------------------------------------------------------- failure injection

    def take_failure(self, provider, endpoint):
        """Consume one call against the endpoint's first failure rule, if any."""
        rules = self.p[provider].failures.get(endpoint)
        if not rules:
            return None
        rule = rules[0]
        if rule["after"] > 0:
            rule["after"] -= 1
            return None
        rule["count"] -= 1
        if rule["count"] <= 0:
            rules.pop(0)
        self.p[provider].stats["injected_failures"] += 1
        return rule

    def failure_response(self, provider, endpoint, rule):
        """Provider-shaped error for an injected failure."""
        status = int(rule["status"])
        headers = {}
        if rule.get("retry_after") is not None:
            headers["Retry-After"] = str(int(rule["retry_after"]))
        messages = {429: "Rate Limit Exceeded", 403: "Rate Limit Exceeded", 500: "Backend Error",
                    503: "Service Unavailable"}
        message = messages.get(status, "Injected failure")
        if endpoint in ("token", "authorize", "revoke") or (provider == "google" and endpoint == "userinfo"):
            error = {429: "rate_limit_exceeded", 403: "access_denied"}.get(status, "server_error")
            return Response(status, {"error": error, "error_description": message}, headers)
        if provider == "google":
            reason = rule.get("google_reason") or {429: "rateLimitExceeded", 403: "rateLimitExceeded",
                                                   500: "backendError", 503: "backendError"}.get(status, "unknown")
            domain = "usageLimits" if "RateLimit" in reason or "rateLimit" in reason else "global"
            body = {"error": {"errors": [{"domain": domain, "reason": reason, "message": message}],
                              "code": status, "message": message}}
            return Response(status, body, headers)
        code = {429: "TooManyRequests", 403: "ErrorAccessDenied", 500: "InternalServerError",
                503: "ServiceNotAvailable"}.get(status, "UnknownError")
        return Response(status, {"error": {"code": code, "message": message}}, headers)

    # --------------------------------------------------------------- issuing

    def _issue(self, kind, value):
        self.issued[kind].append(value)
        return value

    def issue_tokens(self, ps, email, scope, client_id, grant, with_refresh):
        """Create an access token (and optionally a refresh token) for a grant."""
        prefix_access, prefix_refresh = ("ya29.", "1//") if ps.name == "google" else ("EwB", "M.C5")
        access = self._issue("access_tokens", prefix_access + secrets.token_urlsafe(48))
        ps.access[access] = {"email": email, "scope": scope, "client_id": client_id, "grant": grant,
                             "expires": now() + ps.access_ttl}
        body = {"access_token": access, "expires_in": ps.access_ttl, "scope": scope, "token_type": "Bearer"}
        if ps.name == "microsoft":
            body["ext_expires_in"] = ps.access_ttl
        if with_refresh:
            refresh = self._issue("refresh_tokens", prefix_refresh + secrets.token_urlsafe(48))
            ps.refresh[refresh] = {"email": email, "scope": scope, "client_id": client_id, "grant": grant,
                                   "valid": True}
            body["refresh_token"] = refresh
        return body

    # ------------------------------------------------------------------ OAuth

    def authorize(self, req, provider):
        """Auto-consent: 302 back to redirect_uri with code (or access_denied)."""
        ps = self.p[provider]
        q = {k: v for k, v in req.query.items() if v != ""}
        for name in ("client_id", "redirect_uri", "response_type", "scope", "state",
                     "code_challenge", "code_challenge_method"):
            if name not in q:
                raise HttpError(400, f"Missing required parameter: {name}\n")
        if q["response_type"] != "code":
            raise HttpError(400, "Unsupported response_type (only 'code')\n")
        if q["code_challenge_method"] != "S256":
            raise HttpError(400, "Unsupported code_challenge_method (only 'S256')\n")
        if not re.fullmatch(r"[A-Za-z0-9._~-]{43,128}", q["code_challenge"]):
            raise HttpError(400, "Invalid code_challenge\n")
        if not re.match(r"^https?://", q["redirect_uri"]):
            raise HttpError(400, "redirect_uri must be an absolute http(s) URL\n")
        if ps.client_id is not None and q["client_id"] != ps.client_id:
            raise HttpError(400, "invalid_client: The OAuth client was not found.\n")
        sep = "&" if "?" in q["redirect_uri"] else "?"
        if ps.deny_next:
            ps.deny_next = False
            ps.stats["denials"] += 1
            params = {"error": "access_denied", "state": q["state"]}
            if provider == "microsoft":
                params["error_description"] = "The user has denied access to the scope requested by the client application."
            return Response(302, "", {"Location": q["redirect_uri"] + sep + urlencode(params)})
        email = ps.next_account
        ps.account(email)
        prefix = "4/0A" if provider == "google" else "M.C5_BAY."
        code = self._issue("codes", prefix + secrets.token_urlsafe(32))
        scopes = q["scope"].split()
        offline = ("offline_access" in scopes) if provider == "microsoft" else (q.get("access_type") == "offline")
        ps.codes[code] = {"client_id": q["client_id"], "redirect_uri": q["redirect_uri"],
                          "scope": " ".join(scopes), "challenge": q["code_challenge"], "email": email,
                          "expires": now() + ps.code_ttl, "used": False, "offline": offline}
        ps.stats["authorizations"] += 1
        params = {"code": code, "state": q["state"]}
        if provider == "google":
            params["scope"] = " ".join(scopes)
        return Response(302, "", {"Location": q["redirect_uri"] + sep + urlencode(params)})

    def _client_credentials(self, req, form):
        """client_id/secret from the form, or from HTTP Basic auth."""
        cid, secret = form.get("client_id", ""), form.get("client_secret", "")
        auth = req.headers.get("Authorization", "")
        if auth.startswith("Basic ") and not (cid and secret):
            try:
                cid, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                cid, secret = unquote(cid), unquote(secret)
            except Exception:
                pass
        return cid, secret

    def _invalid_grant(self, ps, description):
        ps.stats["invalid_grant"] += 1
        return HttpError(400, {"error": "invalid_grant", "error_description": description})

    def token(self, req, provider):
        """Token endpoint: authorization_code (PKCE) and refresh_token grants."""
        ps = self.p[provider]
        form = req.form()
        cid, secret = self._client_credentials(req, form)
        if not cid or not secret or (ps.client_id is not None and cid != ps.client_id) \
                or (ps.client_secret is not None and secret != ps.client_secret):
            raise HttpError(401, {"error": "invalid_client", "error_description": "Unauthorized"})
        grant_type = form.get("grant_type")
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        if grant_type == "authorization_code":
            rec = ps.codes.get(form.get("code", ""))
            if rec is None:
                raise self._invalid_grant(ps, "Malformed auth code.")
            if rec["used"]:
                raise self._invalid_grant(ps, "Code was already redeemed.")
            if rec["expires"] < now():
                raise self._invalid_grant(ps, "Code has expired.")
            if rec["client_id"] != cid:
                raise self._invalid_grant(ps, "Code was issued to another client.")
            if form.get("redirect_uri") != rec["redirect_uri"]:
                raise self._invalid_grant(ps, "redirect_uri does not match the authorization request.")
            verifier = form.get("code_verifier", "")
            if not verifier:
                raise self._invalid_grant(ps, "Missing code verifier.")
            if not re.fullmatch(r"[A-Za-z0-9._~-]{43,128}", verifier) \
                    or not secrets.compare_digest(pkce_challenge(verifier), rec["challenge"]):
                raise self._invalid_grant(ps, "Invalid code verifier.")
            rec["used"] = True
            ps.stats["grants"]["authorization_code"] += 1
            grant = secrets.token_hex(8)
            body = self.issue_tokens(ps, rec["email"], rec["scope"], cid, grant, rec["offline"])
            return Response(200, body, headers)
        if grant_type == "refresh_token":
            rt = ps.refresh.get(form.get("refresh_token", ""))
            if rt is None or not rt["valid"] or rt["grant"] in ps.revoked_grants:
                raise self._invalid_grant(ps, "Token has been expired or revoked.")
            if rt["client_id"] != cid:
                raise self._invalid_grant(ps, "Token was issued to another client.")
            ps.stats["grants"]["refresh_token"] += 1
            ps.stats["refreshes"] += 1
            rotate = provider == "microsoft"
            if rotate:
                rt["valid"] = False
                ps.stats["refresh_token_rotations"] += 1
            body = self.issue_tokens(ps, rt["email"], rt["scope"], cid, rt["grant"], with_refresh=rotate)
            return Response(200, body, headers)
        raise HttpError(400, {"error": "unsupported_grant_type",
                              "error_description": f"Invalid grant_type: {grant_type or ''}"})

    def revoke(self, req, provider):
        """Revoke an access or refresh token (and with it the whole grant)."""
        ps = self.p[provider]
        token = req.form().get("token") or req.query.get("token", "")
        rec = ps.access.get(token) or ps.refresh.get(token)
        if rec is None or rec["grant"] in ps.revoked_grants:
            if provider == "google":
                raise HttpError(400, {"error": "invalid_token", "error_description": "Token expired or revoked"})
            return Response(200, {})
        ps.revoked_grants.add(rec["grant"])
        ps.stats["revocations"] += 1
        return Response(200, {})

    def bearer(self, req, provider, style):
        """The email behind a valid Bearer access token, else a 401 HttpError.

        style: "oauth" (userinfo), "google" (Calendar API) or "graph".
        """
        ps = self.p[provider]
        auth = req.headers.get("Authorization", "")
        token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        rec = ps.access.get(token)
        if rec is not None and rec["expires"] > now() and rec["grant"] not in ps.revoked_grants:
            return rec["email"]
        headers = {"WWW-Authenticate": 'Bearer realm="emulator", error="invalid_token"'}
        if style == "oauth":
            body = {"error": "invalid_token", "error_description": "Invalid Credentials"}
        elif style == "google":
            body = {"error": {"code": 401, "status": "UNAUTHENTICATED",
                              "message": "Request had invalid authentication credentials.",
                              "errors": [{"domain": "global", "reason": "authError", "message": "Invalid Credentials",
                                          "locationType": "header", "location": "Authorization"}]}}
        else:
            body = {"error": {"code": "InvalidAuthenticationToken",
                              "message": "Access token has expired or is not yet valid."}}
        raise HttpError(401, body, headers)

    # ----------------------------------------------------------------- Google

    def google_userinfo(self, req):
        email = self.bearer(req, "google", "oauth")
        return Response(200, {"sub": stable_id("sub", email, 21, digits=True), "email": email,
                              "email_verified": True, "name": email.split("@")[0]})

    def google_calendar_list(self, req):
        email = self.bearer(req, "google", "google")
        acct = self.p["google"].account(email)
        items = []
        for cal in sorted(acct.calendars.values(), key=lambda c: not c.primary):
            item = {"kind": "calendar#calendarListEntry", "id": cal.id, "summary": cal.summary,
                    "timeZone": cal.tz, "accessRole": "owner"}
            if cal.primary:
                item["primary"] = True
            items.append(item)
        return Response(200, {"kind": "calendar#calendarList", "items": items})

    def _google_error(self, status, reason, message):
        return HttpError(status, {"error": {"code": status, "message": message,
                                            "errors": [{"domain": "global", "reason": reason, "message": message}]}})

    def _google_calendar(self, ps, email, cal_id):
        acct = ps.account(email)
        cal = acct.primary() if cal_id == "primary" else acct.calendars.get(cal_id)
        if cal is None:
            raise self._google_error(404, "notFound", "Not Found")
        return cal

    def _google_gone(self):
        return HttpError(410, {"error": {"code": 410, "errors": [{"domain": "global", "reason": "fullSyncRequired",
                                                                  "message": "Sync token is no longer valid, a full sync is required."}],
                                         "message": "Sync token is no longer valid, a full sync is required."}})

    def google_events(self, req):
        """events.list: time window, paging, syncToken incremental sync, showDeleted."""
        ps = self.p["google"]
        email = self.bearer(req, "google", "google")
        cal = self._google_calendar(ps, email, req.match["cal"])
        q = req.query
        page_token = q.get("pageToken")
        if page_token:
            entry = ps.page_tokens.get(page_token)
            if entry is None:
                if page_token in ps.dead_page_tokens:
                    raise self._google_gone()
                raise self._google_error(400, "invalid", "Invalid pageToken")
            listing, offset = entry
            if listing["cal"] is not cal:
                raise self._google_error(400, "invalid", "Invalid pageToken")
        else:
            try:
                size = int(q.get("maxResults", GOOGLE_DEFAULT_PAGE))
            except ValueError:
                raise self._google_error(400, "invalid", "Invalid value for maxResults")
            if size < 1:
                raise self._google_error(400, "invalid", "Invalid value for maxResults")
            size = min(size, GOOGLE_MAX_PAGE)
            if q.get("orderBy") == "startTime" and q.get("singleEvents") != "true":
                raise self._google_error(400, "invalid", "The requested ordering is not available for the particular query.")
            sync = q.get("syncToken")
            if sync is not None:
                bad = [k for k in ("timeMin", "timeMax", "updatedMin", "q", "orderBy", "iCalUID", "privateExtendedProperty",
                                   "sharedExtendedProperty") if k in q]
                if bad or q.get("showDeleted") == "false":
                    raise self._google_error(400, "invalid",
                                             "Sync token cannot be combined with " + ", ".join(bad or ["showDeleted=false"]))
                tok = ps.sync_tokens.get(sync)
                if tok is None or tok["cal"] is not cal:
                    raise self._google_gone()
                changed = sorted((r for r in cal.events.values() if r.seq > tok["seq"]), key=lambda r: r.seq)
                items = [self._google_render(r) for r in changed]
            else:
                lo = hi = None
                for name in ("timeMin", "timeMax"):
                    if name in q:
                        dt = parse_instant(q[name], require_offset=True)
                        if dt is None:
                            raise self._google_error(400, "badRequest", f"Bad Request: {name} must be RFC 3339 with offset")
                        if name == "timeMin":
                            lo = dt
                        else:
                            hi = dt
                if lo is not None and hi is not None and hi <= lo:
                    raise self._google_error(400, "timeRangeEmpty", "The specified time range is empty.")
                show_deleted = q.get("showDeleted") == "true"
                recs = [r for r in cal.events.values()
                        if (show_deleted or r.data.get("status") != "cancelled") and overlaps(r.start, r.end, lo, hi)]
                recs.sort(key=lambda r: (r.start, r.id))
                items = [self._google_render(r) for r in recs]
            listing = {"items": items, "seq": ps.seq, "cal": cal, "size": size}
            offset = 0
        size = listing["size"]
        page = listing["items"][offset:offset + size]
        body = {"kind": "calendar#events", "summary": cal.summary, "timeZone": cal.tz, "accessRole": "owner",
                "updated": rfc3339_ms(utcnow()), "defaultReminders": [], "items": page}
        if offset + size < len(listing["items"]):
            token = secrets.token_urlsafe(24)
            ps.page_tokens[token] = (listing, offset + size)
            body["nextPageToken"] = token
        else:
            token = "CPj" + secrets.token_urlsafe(24)
            ps.sync_tokens[token] = {"cal": cal, "seq": listing["seq"]}
            body["nextSyncToken"] = token
        return Response(200, body)

    @staticmethod
    def _google_render(rec):
        if rec.data.get("status") == "cancelled":
            return {"kind": "calendar#event", "id": rec.id, "status": "cancelled"}
        return rec.data

    # -------------------------------------------------------------- Microsoft

    def ms_me(self, req):
        email = self.bearer(req, "microsoft", "graph")
        return Response(200, {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
                              "id": stable_id("oid", email, 8) + "-" + stable_id("oid2", email, 4) + "-4"
                                    + stable_id("oid3", email, 3) + "-a" + stable_id("oid4", email, 3) + "-"
                                    + stable_id("oid5", email, 12),
                              "displayName": email.split("@")[0], "mail": email, "userPrincipalName": email})

    def ms_calendars(self, req):
        email = self.bearer(req, "microsoft", "graph")
        acct = self.p["microsoft"].account(email)
        value = [{"id": c.id, "name": c.summary, "isDefaultCalendar": c.primary, "canEdit": True,
                  "owner": {"name": email.split("@")[0], "address": email}}
                 for c in sorted(acct.calendars.values(), key=lambda c: not c.primary)]
        return Response(200, {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('me')/calendars",
                              "value": value})

    def _graph_error(self, status, code, message):
        return HttpError(status, {"error": {"code": code, "message": message}})

    def _ms_calendar(self, ps, email, cal_id):
        acct = ps.account(email)
        if cal_id is None or cal_id in ("primary", "default"):
            return acct.primary()
        cal = acct.calendars.get(cal_id)
        if cal is None:
            raise self._graph_error(404, "ErrorItemNotFound", "The specified object was not found in the store.")
        return cal

    @staticmethod
    def _page_size(req):
        m = re.search(r"odata\.maxpagesize\s*=\s*(\d+)", req.headers.get("Prefer", ""))
        if not m:
            return None
        return max(1, min(int(m.group(1)), MS_MAX_PAGE))

    def ms_delta(self, req):
        """calendarView/delta: initial round over a window, then changes via $deltatoken."""
        ps = self.p["microsoft"]
        email = self.bearer(req, "microsoft", "graph")
        cal = self._ms_calendar(ps, email, req.match.get("cal"))
        q = req.query
        requested_size = self._page_size(req)
        if "$skiptoken" in q:
            entry = ps.page_tokens.get(q["$skiptoken"])
            if entry is None:
                if q["$skiptoken"] in ps.dead_page_tokens:
                    raise self._graph_error(410, "SyncStateNotFound", "The sync state generation is no longer valid.")
                raise self._graph_error(400, "ErrorInvalidUrlQuery", "The skip token is not valid.")
            listing, offset = entry
        elif "$deltatoken" in q:
            tok = ps.sync_tokens.get(q["$deltatoken"])
            if tok is None or tok["cal"] is not cal:
                raise self._graph_error(410, "SyncStateNotFound",
                                        "The sync state is no longer valid; restart the sync without a delta token.")
            lo, hi = tok["window"]
            known = set(tok["known"])
            items = []
            for rec in sorted((r for r in cal.events.values() if r.seq > tok["seq"]), key=lambda r: r.seq):
                if not rec.deleted and overlaps(rec.start, rec.end, lo, hi):
                    items.append(rec.data)
                    known.add(rec.id)
                elif rec.id in known:
                    items.append({"id": rec.id, "@removed": {"reason": "deleted"}})
                    known.discard(rec.id)
            listing = {"items": items, "seq": ps.seq, "cal": cal, "window": (lo, hi), "known": known,
                       "size": requested_size or tok["size"]}
            offset = 0
        else:
            bounds = []
            for name in ("startDateTime", "endDateTime"):
                if not q.get(name):
                    raise self._graph_error(400, "ErrorInvalidParameter",
                                            f"This request requires a time window specified by the query string "
                                            f"parameters StartDateTime and EndDateTime. Missing: {name}")
                dt = parse_instant(q[name])
                if dt is None:
                    raise self._graph_error(400, "ErrorInvalidParameter", f"Invalid {name}")
                bounds.append(dt)
            lo, hi = bounds
            recs = [r for r in cal.events.values() if not r.deleted and overlaps(r.start, r.end, lo, hi)]
            recs.sort(key=lambda r: (r.start, r.id))
            listing = {"items": [r.data for r in recs], "seq": ps.seq, "cal": cal, "window": (lo, hi),
                       "known": {r.id for r in recs}, "size": requested_size or MS_DEFAULT_PAGE}
            offset = 0
        size = requested_size or listing["size"]
        page = listing["items"][offset:offset + size]
        base = f"http://{req.host}{req.raw_path}"
        body = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(event)", "value": page}
        if offset + size < len(listing["items"]):
            token = secrets.token_urlsafe(24)
            ps.page_tokens[token] = (listing, offset + size)
            body["@odata.nextLink"] = f"{base}?$skiptoken={token}"
        else:
            token = secrets.token_urlsafe(24)
            ps.sync_tokens[token] = {"cal": cal, "seq": listing["seq"], "window": listing["window"],
                                     "known": frozenset(listing["known"]), "size": listing["size"]}
            body["@odata.deltaLink"] = f"{base}?$deltatoken={token}"
        return Response(200, body, {"Preference-Applied": f"odata.maxpagesize={size}"})

    # ------------------------------------------------------------ control API

    def _provider(self, body, required=True):
        provider = body.get("provider")
        if provider is None and not required:
            return None
        if provider not in PROVIDERS:
            raise HttpError(400, {"error": "provider must be 'google' or 'microsoft'"})
        return provider

    def _providers(self, body):
        """The named provider, or both when none is given."""
        provider = self._provider(body, required=False)
        return [provider] if provider else list(PROVIDERS)

    def _control_calendar(self, provider, body):
        ps = self.p[provider]
        email = body.get("email") or ps.next_account
        acct = ps.account(email)
        cal_id = body.get("calendar_id") or "primary"
        if cal_id in ("primary", "default"):
            return acct.primary()
        cal = acct.calendars.get(cal_id)
        if cal is None:
            raise HttpError(404, {"error": f"unknown calendar {cal_id!r} for {email}"})
        return cal

    def c_health(self, req):
        return Response(200, {"ok": True})

    def c_reset(self, req):
        for ps in self.p.values():
            ps.reset()
        self.requests.clear()
        for values in self.issued.values():
            values.clear()
        return Response(200, {"ok": True})

    def c_config(self, req):
        """{"provider", "client_id"?, "client_secret"?, "access_token_ttl"?, "code_ttl"?}"""
        body = req.json()
        ps = self.p[self._provider(body)]
        for key, attr in (("client_id", "client_id"), ("client_secret", "client_secret"),
                          ("access_token_ttl", "access_ttl"), ("code_ttl", "code_ttl")):
            if key in body:
                setattr(ps, attr, body[key])
        return Response(200, {"ok": True})

    def c_next_account(self, req):
        body = req.json()
        ps = self.p[self._provider(body)]
        if not body.get("email"):
            raise HttpError(400, {"error": "email required"})
        ps.next_account = body["email"]
        ps.account(ps.next_account)
        return Response(200, {"ok": True})

    def c_deny_next(self, req):
        self.p[self._provider(req.json())].deny_next = True
        return Response(200, {"ok": True})

    def c_calendars(self, req):
        """Add or update calendars of an account (the primary one always exists)."""
        body = req.json()
        provider = self._provider(body)
        ps = self.p[provider]
        acct = ps.account(body.get("email") or ps.next_account)
        for entry in body.get("calendars") or []:
            cal_id = entry.get("id") or new_event_id(provider)
            if cal_id in ("primary", "default", acct.email):
                cal = acct.primary()
            else:
                cal = acct.calendars.get(cal_id)
            summary = entry.get("summary") or entry.get("name") or cal_id
            tz = entry.get("timeZone") or "UTC"
            if cal is None:
                acct.calendars[cal_id] = Calendar(cal_id, summary, tz)
            else:
                cal.summary = entry.get("summary") or entry.get("name") or cal.summary
                cal.tz = entry.get("timeZone") or cal.tz
        return Response(200, {"ok": True, "calendars": list(acct.calendars)})

    def _upsert(self, provider, cal, raw):
        ps = self.p[provider]
        event_id = raw.get("id") or new_event_id(provider)
        if provider == "google":
            data, s, e = normalize_google_event(raw, event_id, cal.tz)
        else:
            data, s, e = normalize_ms_event(raw, event_id)
        cal.events[event_id] = EventRecord(event_id, data, s, e, ps.next_seq())
        return event_id

    def c_events(self, req):
        """Upsert provider-shaped events; each bumps the change sequence."""
        body = req.json()
        provider = self._provider(body)
        cal = self._control_calendar(provider, body)
        ids = [self._upsert(provider, cal, raw) for raw in body.get("events") or []]
        return Response(200, {"ok": True, "ids": ids})

    def c_events_delete(self, req):
        """Google: mark cancelled; Microsoft: remove (tombstone for delta)."""
        body = req.json()
        provider = self._provider(body)
        ps = self.p[provider]
        cal = self._control_calendar(provider, body)
        deleted = []
        for event_id in body.get("ids") or []:
            rec = cal.events.get(event_id)
            if rec is None or rec.deleted:
                continue
            if provider == "google":
                rec.data = {**rec.data, "status": "cancelled", "updated": rfc3339_ms(utcnow())}
            else:
                rec.deleted = True
            rec.seq = ps.next_seq()
            deleted.append(event_id)
        return Response(200, {"ok": True, "deleted": deleted})

    def c_events_generate(self, req):
        """Bulk-create `count` 30-minute busy events spread over `days` from `start`."""
        body = req.json()
        provider = self._provider(body)
        ps = self.p[provider]
        cal = self._control_calendar(provider, body)
        count = int(body.get("count", 100))
        days = float(body.get("days", 30))
        start = parse_instant(body.get("start") or "2025-12-01T00:00:00Z")
        if start is None:
            raise HttpError(400, {"error": "bad start"})
        start = start.astimezone(UTC)
        step = (days * 86400) / max(count, 1)
        stamp = utcnow()
        ids = []
        for i in range(count):
            s = start + timedelta(seconds=int(i * step) // 60 * 60)
            e = s + timedelta(minutes=30)
            event_id = new_event_id(provider)
            if provider == "google":
                data = {"kind": "calendar#event", "id": event_id, "status": "confirmed", "summary": f"Busy {i + 1}",
                        "start": {"dateTime": google_datetime(s), "timeZone": "UTC"},
                        "end": {"dateTime": google_datetime(e), "timeZone": "UTC"},
                        "transparency": "opaque", "updated": rfc3339_ms(stamp)}
            else:
                data = {"id": event_id, "subject": f"Busy {i + 1}", "isAllDay": False, "isCancelled": False,
                        "showAs": "busy", "type": "singleInstance",
                        "start": {"dateTime": graph_datetime(s), "timeZone": "UTC"},
                        "end": {"dateTime": graph_datetime(e), "timeZone": "UTC"},
                        "lastModifiedDateTime": graph_datetime(stamp)[:-1] + "Z"}
            cal.events[event_id] = EventRecord(event_id, data, s, e, ps.next_seq())
            ids.append(event_id)
        return Response(200, {"ok": True, "created": count, "first_id": ids[0] if ids else None,
                              "last_id": ids[-1] if ids else None})

    def c_invalidate_sync(self, req):
        """Every sync/delta token (and in-flight page token) answers 410 from now on."""
        for provider in self._providers(req.json()):
            ps = self.p[provider]
            ps.sync_tokens.clear()
            ps.dead_page_tokens.update(ps.page_tokens)
            ps.page_tokens.clear()
        return Response(200, {"ok": True})

    def c_expire_access_tokens(self, req):
        count = 0
        for provider in self._providers(req.json()):
            for rec in self.p[provider].access.values():
                rec["expires"] = 0
                count += 1
        return Response(200, {"ok": True, "expired": count})

    def c_revoke_refresh(self, req):
        body = req.json()
        email = body.get("email")
        count = 0
        for provider in self._providers(body):
            for rec in self.p[provider].refresh.values():
                if rec["valid"] and (email is None or rec["email"] == email):
                    rec["valid"] = False
                    count += 1
        return Response(200, {"ok": True, "revoked": count})

    def c_fail(self, req):
        """Queue a failure rule for the next `count` calls of one endpoint."""
        body = req.json()
        provider = self._provider(body)
        endpoint = body.get("endpoint")
        endpoint = FAIL_ALIASES[provider].get(endpoint, endpoint)
        if endpoint not in FAIL_ENDPOINTS[provider]:
            raise HttpError(400, {"error": f"endpoint must be one of {sorted(FAIL_ENDPOINTS[provider])}"})
        status = body.get("status")
        if status is None and not body.get("hang_seconds"):
            raise HttpError(400, {"error": "status or hang_seconds required"})
        rule = {"status": int(status) if status is not None else None, "count": int(body.get("count", 1)),
                "retry_after": body.get("retry_after"), "hang_seconds": body.get("hang_seconds"),
                "google_reason": body.get("google_reason"), "after": int(body.get("after", 0))}
        if rule["count"] < 1:
            raise HttpError(400, {"error": "count must be >= 1"})
        self.p[provider].failures.setdefault(endpoint, []).append(rule)
        return Response(200, {"ok": True, "endpoint": endpoint})

    def c_requests(self, req):
        return Response(200, list(self.requests))

    def c_requests_clear(self, req):
        self.requests.clear()
        return Response(200, {"ok": True})

    def c_issued(self, req):
        result = {k: list(v) for k, v in self.issued.items()}
        result["all"] = [s for v in self.issued.values() for s in v]
        return Response(200, result)

    def c_stats(self, req):
        return Response(200, {name: json.loads(json.dumps(ps.stats)) for name, ps in self.p.items()})


# --------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    """Turns HTTP requests into Request objects for the Emulator."""

    protocol_version = "HTTP/1.1"
    server_version = "ProviderEmulator/1.0"

    def _dispatch(self):
        try:
            req = Request(self, self.command)
            resp = self.server.emulator.handle(req)
        except Exception:  # a bug in the emulator: say so, keep serving
            traceback.print_exc(file=sys.stderr)
            resp = Response(500, {"error": "emulator_internal_error"})
        self._send(resp)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _dispatch

    def _send(self, resp):
        body = resp.body
        if isinstance(body, (dict, list)):
            data, ctype = json.dumps(body).encode(), "application/json; charset=UTF-8"
        else:
            data, ctype = (body or "").encode(), "text/plain; charset=UTF-8"
        self.send_response(resp.status)
        for name, value in resp.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        """Quiet unless --verbose; then method and path only (never the query)."""
        if getattr(self.server, "verbose", False):
            path = urlsplit(getattr(self, "path", "") or "").path
            sys.stderr.write(f"{getattr(self, 'command', '-')} {path}\n")


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, verbose=False):
        super().__init__(address, Handler)
        self.emulator = Emulator()
        self.verbose = verbose


def write_port_file(path, port):
    """Write the port atomically so a poller never reads a partial file."""
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w") as fh:
        fh.write(f"{port}\n")
    os.replace(tmp, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Google/Microsoft OAuth + calendar emulator for tests")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--port-file", help="write the chosen port to this file")
    parser.add_argument("--verbose", action="store_true", help="log method + path to stderr")
    args = parser.parse_args(argv)

    server = EmulatorServer((args.host, args.port), verbose=args.verbose)
    port = server.server_address[1]
    if args.port_file:
        write_port_file(args.port_file, port)

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"provider emulator listening on http://{args.host}:{port}", flush=True)
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
