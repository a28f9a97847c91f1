"""A provider's absurd `expires_in` (security review F12): the connect still succeeds, through nginx, the real
responder and the provider emulator. Before the clamp, `now + expires_in` overflowed: a trap that killed the
worker in a checked build, undefined behaviour under -Ounchecked."""
import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

INT64_MAX = 2**63 - 1
DEFAULT_TTL = 3599  # tests/emulator/provider_emulator.py ACCESS_TTL


@pytest.fixture
def huge_ttl(stack):
    def set_ttl(provider, ttl):
        stack.emulator("POST", "/_control/config", json={"provider": provider, "access_token_ttl": ttl}).raise_for_status()

    for provider in ("google", "microsoft"):
        set_ttl(provider, INT64_MAX)
    yield
    for provider in ("google", "microsoft"):
        set_ttl(provider, DEFAULT_TTL)


@pytest.mark.parametrize("provider", ["google", "microsoft"])
def test_connect_with_the_largest_expires_in_succeeds(stack, huge_ttl, provider):
    tenant = stack.new_tenant(plan="professional")
    pids = stack.worker_pids()
    email = f"huge-ttl-{tenant.schema}@example.com"
    stack.emulator("POST", "/_control/next_account", json={"provider": provider, "email": email}).raise_for_status()
    r = stack.post(f"/api/oauth/{provider}/initiate/", host=tenant.host, token=tenant.token, json={"purpose": "calendar"})
    assert r.status_code == 200, r.text
    consent = requests.get(r.json()["authorization_url"], allow_redirects=False, timeout=30)
    assert consent.status_code == 302, consent.text
    location = urlsplit(consent.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    r = stack.get(location.path, params=query)
    assert r.status_code == 302, r.text
    assert r.headers["Location"].endswith(f"?connected={provider}")
    [credential] = json.loads(stack.cli("oauth", "list", tenant.schema))
    assert credential["email"] == email and credential["is_valid"] is True
    # The stored token is used as it is (not "expired", so no refresh), and the provider accepts it.
    r = stack.get("/api/calendar/list/", host=tenant.host, token=tenant.token)
    assert r.status_code == 200, r.text
    assert stack.worker_pids() == pids, "a worker died during the connect"
