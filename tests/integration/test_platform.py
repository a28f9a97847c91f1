"""The request pipeline of API.md §2 through real nginx and the real responder."""
import re

import pytest


def envelope(response, status, code):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["success"] is False and body["code"] == code
    assert body["error"] and body["detail"] == body["error"]
    return body


def test_health_and_request_id(stack):
    r = stack.get("/api/health/")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["database"] == "ok"
    assert re.fullmatch(r"[0-9a-f]{32}", r.headers["X-Request-Id"])
    echoed = stack.get("/api/health/", headers={"X-Request-Id": "trace-42"})
    assert echoed.headers["X-Request-Id"] == "trace-42"


def test_schema_is_openapi_3(stack):
    doc = stack.get("/api/schema/").json()
    assert doc["openapi"].startswith("3.")
    assert "/api/tenant/" in doc["paths"]


def test_unknown_host_is_404_before_authentication(stack):
    envelope(stack.get("/api/tenant/", host="nobody.smoothschedule.test"), 404, "tenant_not_found")
    envelope(stack.get("/api/tenant/", host="nobody.smoothschedule.test", token="x"), 404, "tenant_not_found")


def test_missing_and_bad_token_are_401_with_www_authenticate(stack):
    t = stack.new_tenant()
    r = stack.get("/api/tenant/", host=t.host)
    envelope(r, 401, "not_authenticated")
    assert r.headers["WWW-Authenticate"] == "Token"
    r = stack.get("/api/tenant/", host=t.host, token="not-a-token")
    envelope(r, 401, "invalid_token")
    assert r.headers["WWW-Authenticate"] == "Token"
    bearer = stack.get("/api/tenant/", host=t.host, headers={"Authorization": f"Bearer {t.token}"})
    assert bearer.status_code == 200


def test_other_tenants_token_is_401(stack):
    a, b = stack.new_tenant(), stack.new_tenant()
    envelope(stack.get("/api/tenant/", host=a.host, token=b.token), 401, "invalid_token")


def test_public_host_is_400_no_tenant_context(stack):
    t = stack.new_tenant()
    envelope(stack.get("/api/tenant/", token=t.token), 400, "no_tenant_context")
    envelope(stack.get("/api/tenant/", token=stack.superuser_token()), 400, "no_tenant_context")


def test_role_is_403_permission_denied(stack):
    t = stack.new_tenant(plan="enterprise")
    customer = stack.new_user(t.schema, "customer")
    body = {"name": "Room", "type": "room"}
    envelope(stack.post("/api/resources/", host=t.host, token=customer, json=body), 403, "permission_denied")


def test_feature_is_403_and_says_upgrade(stack):
    t = stack.new_tenant(plan="free")
    body = envelope(stack.get("/api/export/appointments/", host=t.host, token=t.token), 403, "feature_not_available")
    assert body["feature"] == "can_export_data" and body["upgrade_required"] is True
    assert "Data Export" in body["error"] and "upgrade" in body["error"].lower()


def test_post_to_get_only_gated_route_without_feature_is_403_not_405(stack):
    t = stack.new_tenant(plan="free")
    envelope(stack.post("/api/export/appointments/", host=t.host, token=t.token, json={}), 403, "feature_not_available")
    t2 = stack.new_tenant(plan="free", settings=["can_export_data=true"])
    r = stack.post("/api/export/appointments/", host=t2.host, token=t2.token, json={})
    envelope(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "GET"


def test_quota_is_403_with_limit_and_used(stack):
    t = stack.new_tenant(plan="free", settings=["max_resources=1"])
    ok = stack.post("/api/resources/", host=t.host, token=t.token, json={"name": "Room 1", "type": "room"})
    assert ok.status_code == 201, ok.text
    r = stack.post("/api/resources/", host=t.host, token=t.token, json={"name": "Room 2", "type": "room"})
    body = envelope(r, 403, "quota_exceeded")
    assert body["quota"] == "max_resources" and body["limit"] == 1 and body["used"] == 1


def test_tenant_endpoint_reports_features_and_quotas(stack):
    t = stack.new_tenant(plan="professional", settings=["can_access_analytics=true", "max_users=unlimited"])
    body = stack.get("/api/tenant/", host=t.host, token=t.token).json()
    assert body["schema_name"] == t.schema and body["plan"] == "professional"
    assert body["features"]["can_access_analytics"] is True
    assert body["features"]["can_create_plugins"] is False
    assert body["quotas"]["max_users"] == {"limit": None, "used": 1}
    assert body["quotas"]["max_resources"]["limit"] == 15


@pytest.mark.parametrize(
    "host_header",
    ["{schema}.SMOOTHSCHEDULE.test", "{schema}.smoothschedule.test:8080", "{schema}.smoothschedule.test.",
     "www.{schema}.smoothschedule.test"],
)
def test_host_normalisation(stack, host_header):
    t = stack.new_tenant()
    r = stack.get("/api/tenant/", host=host_header.format(schema=t.schema), token=t.token)
    assert r.status_code == 200 and r.json()["schema_name"] == t.schema


def test_custom_domain_and_forwarded_host(stack):
    t = stack.new_tenant()
    domain = f"book.{t.schema}.example"
    stack.cli("domain", "add", t.schema, domain)
    assert stack.get("/api/tenant/", host=domain, token=t.token).json()["schema_name"] == t.schema
    assert stack.get("/api/tenant/", host="www." + domain, token=t.token).json()["schema_name"] == t.schema
    forwarded = stack.get("/api/tenant/", host="nobody.smoothschedule.test", token=t.token,
                          headers={"X-Forwarded-Host": t.host})
    envelope(forwarded, 404, "tenant_not_found")


def test_unknown_subdomain_never_falls_back(stack):
    t = stack.new_tenant()
    envelope(stack.get("/api/tenant/", host=f"x.{t.schema}.smoothschedule.test", token=t.token), 404, "tenant_not_found")
    envelope(stack.get("/api/tenant/", host=t.schema + "x.smoothschedule.test", token=t.token), 404, "tenant_not_found")


def test_login_logout_me(stack):
    t = stack.new_tenant()
    r = stack.post("/api/auth/login/", host=t.host, json={"email": t.email, "password": "pw-" + t.schema})
    assert r.status_code == 200, r.text
    token = r.json()["token"]
    me = stack.get("/api/auth/me/", host=t.host, token=token).json()
    assert me["email"] == t.email and me["role"] == "owner" and me["schema_name"] == t.schema
    assert stack.post("/api/auth/logout/", host=t.host, token=token).status_code == 200
    envelope(stack.get("/api/auth/me/", host=t.host, token=token), 401, "invalid_token")


def test_login_failures_are_one_answer(stack):
    a, b = stack.new_tenant(), stack.new_tenant()
    wrong = stack.post("/api/auth/login/", host=a.host, json={"email": a.email, "password": "nope"})
    unknown = stack.post("/api/auth/login/", host=a.host, json={"email": "ghost@x.example", "password": "nope"})
    other = stack.post("/api/auth/login/", host=a.host, json={"email": b.email, "password": "pw-" + b.schema})
    for r in (wrong, unknown, other):
        envelope(r, 400, "invalid_credentials")


def test_body_limit_and_bad_json_use_the_envelope(stack):
    t = stack.new_tenant()
    big = stack.post("/api/auth/login/", host=t.host, data=b"x" * (2 * 1024 * 1024),
                     headers={"Content-Type": "application/json"})
    envelope(big, 413, "payload_too_large")
    assert re.fullmatch(r"[0-9a-f]{32}", big.headers["X-Request-Id"])
    bad = stack.post("/api/auth/login/", host=t.host, data=b'{"email": ', headers={"Content-Type": "application/json"})
    envelope(bad, 400, "invalid")


def test_method_not_allowed_carries_allow(stack):
    r = stack.delete("/api/health/")
    envelope(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "GET"


def test_paths_outside_the_api_get_the_envelope_and_a_request_id(stack):
    r = stack.get("/index.html")
    envelope(r, 404, "not_found")
    assert re.fullmatch(r"[0-9a-f]{32}", r.headers["X-Request-Id"])


def test_responder_down_is_503_envelope_for_every_method():
    """With the responder stopped, nginx's own 502 (and a TRACE it would hand to the responder) is the 503
    envelope with an X-Request-Id (API.md §1), not nginx's HTML page."""
    import os
    import signal
    import time

    from private_stack import private_stack

    with private_stack("--workers", "1", "--threads", "1") as own:
        supervisor = own.supervisor_pid()
        os.kill(supervisor, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while (own.run_dir / "fcgi.sock").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        for method in ("GET", "POST", "TRACE"):
            r = own.request(method, "/api/health/")
            body = envelope(r, 503, "service_unavailable")
            assert body["error"] and re.fullmatch(r"[0-9a-f]{32}", r.headers["X-Request-Id"])
