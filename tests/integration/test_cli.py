"""The command line (docs/api.md §11): bad arguments and configuration errors exit non-zero with one clear line."""
import os
import subprocess


def run(stack, *args, env=None):
    return subprocess.run([stack.bin, *args], env=env or stack.env, capture_output=True, text=True, timeout=60)


def test_unknown_flag_and_bad_values_exit_non_zero_with_one_line(stack):
    for args in (["tenant", "create", "x1", "--name", "X", "--colour", "red"], ["tenant", "create", "Bad_Name", "--name", "X"],
                 ["tenant", "set", "nobody", "plan=free"], ["user", "create", "--email", "a@b.example", "--role", "king"],
                 ["plan", "set", "free", "max_users=lots"], ["frobnicate"]):
        result = run(stack, *args)
        assert result.returncode != 0, args
        assert len(result.stderr.strip().splitlines()) >= 1 and result.stderr.startswith("smoothschedule: "), args


def test_serve_refuses_a_missing_or_short_secret_key(stack, tmp_path):
    for key in ("", "short"):
        env = dict(os.environ, SMOOTHSCHEDULE_DATABASE=str(tmp_path / "db.sqlite3"), SMOOTHSCHEDULE_SECRET_KEY=key)
        env.pop("SMOOTHSCHEDULE_CONFIG", None)
        result = run(stack, "serve", "--socket", str(tmp_path / "s.sock"), env=env)
        assert result.returncode != 0
        assert "SMOOTHSCHEDULE_SECRET_KEY" in result.stderr
        assert not (tmp_path / "s.sock").exists()


def test_jobs_refuses_a_missing_or_short_secret_key(stack, tmp_path):
    """Issue 11 §19: the job runner (`jobs`, and `worker`, its old name) reads stored tokens, so like `serve` it
    refuses to start without a usable key."""
    db = tmp_path / "jobs.sqlite3"
    good = dict(os.environ, SMOOTHSCHEDULE_DATABASE=str(db), SMOOTHSCHEDULE_SECRET_KEY="k" * 40)
    good.pop("SMOOTHSCHEDULE_CONFIG", None)
    assert run(stack, "migrate", env=good).returncode == 0
    for key in ("", "short"):
        env = dict(good, SMOOTHSCHEDULE_SECRET_KEY=key)
        result = run(stack, "jobs", "--once", env=env)
        assert result.returncode != 0, result.stderr
        assert "SMOOTHSCHEDULE_SECRET_KEY" in result.stderr
        assert result.stderr.startswith("smoothschedule: ") and len(result.stderr.strip().splitlines()) == 1
    assert run(stack, "jobs", "--once", env=good).returncode == 0
    assert run(stack, "worker", "--once", env=good).returncode == 0
    assert run(stack, "worker", "--once", env=dict(good, SMOOTHSCHEDULE_SECRET_KEY="")).returncode != 0


def test_unwritable_database_stops_start_up(stack, tmp_path):
    env = dict(os.environ, SMOOTHSCHEDULE_DATABASE="/proc/smoothschedule/db.sqlite3", SMOOTHSCHEDULE_SECRET_KEY="k" * 40)
    env.pop("SMOOTHSCHEDULE_CONFIG", None)
    result = run(stack, "migrate", env=env)
    assert result.returncode != 0
    assert "SMOOTHSCHEDULE_DATABASE" in result.stderr


def test_serve_refuses_pending_migrations(stack, tmp_path):
    env = dict(os.environ, SMOOTHSCHEDULE_DATABASE=str(tmp_path / "fresh.sqlite3"), SMOOTHSCHEDULE_SECRET_KEY="k" * 40)
    env.pop("SMOOTHSCHEDULE_CONFIG", None)
    result = run(stack, "serve", "--socket", str(tmp_path / "s.sock"), env=env)
    assert result.returncode != 0 and "migrate" in result.stderr


def test_tenant_show_and_plan_list_are_json(stack):
    import json
    t = stack.new_tenant(plan="business", settings=["max_users=unlimited", "can_create_plugins=true"])
    shown = json.loads(stack.cli("tenant", "show", t.schema))
    assert shown["plan"] == "business" and shown["overrides"]["max_users"] == "unlimited"
    assert shown["features"]["can_create_plugins"] is True
    plans = json.loads(stack.cli("plan", "list"))
    assert [p["key"] for p in plans] == ["free", "professional", "business", "enterprise"]
    assert stack.cli("token", "create", t.email).strip().isalnum()
