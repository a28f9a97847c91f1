"""SMOOTHSCHEDULE_PASSWORD_ITERATIONS is checked when any command starts (security review F16): a value that
would weaken new hashes, or make them unverifiable (above 10,000,000, `verify`'s cap), stops start-up."""
import subprocess

import pytest


@pytest.mark.parametrize("value", ["1", "10000001", "99999999999999999999"])
@pytest.mark.parametrize("command", [["migrate"], ["jobs", "--once"]])
def test_an_unsafe_iteration_count_stops_start_up(stack, command, value):
    env = dict(stack.env, SMOOTHSCHEDULE_PASSWORD_ITERATIONS=value)
    result = subprocess.run([stack.bin, *command], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert (f"SMOOTHSCHEDULE_PASSWORD_ITERATIONS must be a whole number from 10000 to 10000000, got '{value}'."
            in result.stderr)


def test_the_range_s_ends_are_accepted(stack):
    for value in ("10000", "10000000"):
        env = dict(stack.env, SMOOTHSCHEDULE_PASSWORD_ITERATIONS=value)
        result = subprocess.run([stack.bin, "migrate"], env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
