"""The access matrix of docs/api.md §2: every operation of the served OpenAPI document (paths × methods) × every kind
of caller, through nginx. Expected cells come from each operation's `x-access` extension (the route's merged
Access), so routes added later are covered without editing this file."""
import re
import uuid

import pytest

CALLERS = ["none", "revoked", "other_tenant", "owner", "manager", "staff", "customer", "superuser",
           "public_host_owner", "public_host_superuser"]
ENVELOPE = {"success", "error", "detail", "code"}
# docs/api.md §5: a `customer` user reaches nothing of these kinds, read or write (403 `permission_denied`).
CUSTOMER_REFUSED = ("/api/users/", "/api/email-templates/", "/api/automated-tasks/")


def operations(stack):
    doc = stack.get("/api/schema/").json()
    ops = []
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            assert "x-access" in op, f"{method.upper()} {path} has no x-access extension"
            ops.append((path, method.upper(), op["x-access"]))
    # Logout revokes the token in use: run it last so it cannot spoil the other cells.
    return sorted(ops, key=lambda o: o[0] == "/api/auth/logout/")


def concrete(path):
    return re.sub(r"\{[^}]+\}|<[^>]+>", "999999", path)


def expect_envelope(r, status, code, cell):
    assert r.status_code == status, f"{cell}: {r.status_code} {r.text[:200]}"
    body = r.json()
    assert ENVELOPE <= body.keys() and body["success"] is False, f"{cell}: {body}"
    assert body["code"] == code, f"{cell}: {body}"


def fresh_token(stack, home, role):
    if role == "superuser":
        return _new_superuser(stack)
    return stack.new_user(home.schema, role)


def _new_superuser(stack):
    email = f"root-{uuid.uuid4().hex[:8]}@platform.example"
    stack.cli("user", "create", "--email", email, "--role", "superuser")
    return stack.cli("token", "create", email).strip()


@pytest.fixture(scope="module")
def callers(stack):
    home = stack.new_tenant(plan="enterprise")
    other = stack.new_tenant(plan="enterprise")
    revoked = stack.new_user(home.schema, "manager")
    assert stack.post("/api/auth/logout/", host=home.host, token=revoked).status_code == 200
    tokens = {
        "none": None, "revoked": revoked, "other_tenant": other.token, "owner": home.token,
        "manager": stack.new_user(home.schema, "manager"), "staff": stack.new_user(home.schema, "staff"),
        "customer": stack.new_user(home.schema, "customer"), "superuser": stack.superuser_token(),
    }
    tokens["public_host_owner"] = tokens["owner"]
    tokens["public_host_superuser"] = tokens["superuser"]
    return home, tokens


def test_x_access_refuses_customers_the_team_only_kinds(stack):
    ops = operations(stack)
    refused = [(path, method, access) for path, method, access in ops if path.startswith(CUSTOMER_REFUSED)]
    assert len(refused) == 3 * 5
    for path, method, access in refused:
        assert "customer" not in access["roles"], f"{method} {path}: {access}"


def test_every_operation_times_every_caller(stack, callers):
    home, tokens = callers
    ops = operations(stack)
    assert len(ops) >= 30
    cells = 0
    for path, method, access in ops:
        for caller in CALLERS:
            # Logout: a fresh token per cell, so the shared ones stay valid.
            token = tokens[caller]
            if path == "/api/auth/logout/" and caller not in ("none", "revoked", "other_tenant"):
                token = fresh_token(stack, home, caller.replace("public_host_", ""))
            public_host = caller.startswith("public_host")
            host = stack.base_domain if public_host else home.host
            body = {} if method in ("POST", "PATCH", "PUT") else None
            r = stack.request(method, concrete(path), host=host, token=token, json=body)
            cell = f"{method} {path} as {caller}"
            cells += 1
            assert r.status_code < 500, f"{cell}: {r.status_code} {r.text[:200]}"
            role = caller.replace("public_host_", "")
            if access["auth"] == "public":
                assert r.status_code not in (401, 403), f"{cell}: public route answered {r.status_code}"
            elif caller == "none":
                expect_envelope(r, 401, "not_authenticated", cell)
                assert r.headers.get("WWW-Authenticate", "").startswith("Token"), cell
            elif caller in ("revoked", "other_tenant"):
                expect_envelope(r, 401, "invalid_token", cell)
                assert r.headers.get("WWW-Authenticate", "").startswith("Token"), cell
            elif public_host and access["auth"] == "tenant":
                expect_envelope(r, 400, "no_tenant_context", cell)
            elif role not in access["roles"]:
                expect_envelope(r, 403, "permission_denied", cell)
            else:
                # Allowed: past the chain (an enterprise tenant has every feature and no quota reached), so
                # whatever the handler says about the made-up id or the empty body, it is not an auth answer.
                assert r.status_code not in (401, 403, 405), f"{cell}: {r.status_code} {r.text[:200]}"
    print(f"\naccess matrix: {len(ops)} operations x {len(CALLERS)} callers = {cells} cells")
    assert stack.get("/api/health/").status_code == 200

