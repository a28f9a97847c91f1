"""Scheduling data through real nginx (API.md §3, §5): the quota holds under concurrent creates."""
from concurrent.futures import ThreadPoolExecutor


def test_twenty_parallel_creates_against_a_limit_of_five_leave_five(stack):
    t = stack.new_tenant(plan="free", settings=("max_resources=5",))

    def create(i):
        return stack.post("/api/resources/", host=t.host, token=t.token, json={"name": f"Room {i}", "type": "room"})

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(create, range(20)))

    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 5, statuses
    refused = [r for r in responses if r.status_code != 201]
    assert all(r.status_code == 403 for r in refused), [(r.status_code, r.text) for r in refused]
    for r in refused:
        body = r.json()
        assert body["code"] == "quota_exceeded" and body["quota"] == "max_resources"
        assert body["limit"] == 5 and body["used"] == 5

    listed = stack.get("/api/resources/", host=t.host, token=t.token, params={"page_size": 200}).json()
    assert listed["count"] == 5 and len(listed["results"]) == 5
    assert stack.get("/api/tenant/", host=t.host, token=t.token).json()["quotas"]["max_resources"]["used"] == 5


def test_crud_round_trip_and_isolation_through_nginx(stack):
    a, b = stack.new_tenant(plan="enterprise"), stack.new_tenant(plan="enterprise")
    created = stack.post("/api/customers/", host=a.host, token=a.token, json={"name": "O'Brien \"Bob\" 😀"})
    assert created.status_code == 201, created.text
    path = f"/api/customers/{created.json()['id']}/"
    assert stack.get(path, host=a.host, token=a.token).json()["name"] == "O'Brien \"Bob\" 😀"
    for method in ("GET", "PATCH", "DELETE"):
        r = stack.request(method, path, host=b.host, token=b.token, json={"name": "x"} if method == "PATCH" else None)
        assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert stack.get(path, host=a.host, token=a.token).json() == created.json()
    assert stack.delete(path, host=a.host, token=a.token).status_code == 204
