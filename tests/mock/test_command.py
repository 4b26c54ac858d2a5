"""``rivya-contract mock`` as a real process: starts, serves, stops on SIGTERM/SIGINT."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from rivya_contract.cli import main
from rivya_contract.mock.options import DEFAULT_CREDITS

MOCK = [sys.executable, "-m", "rivya_contract", "mock"]
BUNDLED = Path(__file__).resolve().parents[2] / "contract" / "bundled" / "openapi.json"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serves_and_stops_gracefully(stop: signal.Signals) -> None:
    loopback = ["--loopback-webhooks"] if stop == signal.SIGINT else []  # one run with, one without
    process = subprocess.Popen(
        [*MOCK, "--port", "0", "--seed", "3", "--key", "rvya_sk_b@acme=credits:read,generations:read", *loopback],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", first)
        assert url, first
        key = process.stdout.readline().split(":")[-1].strip()
        contract = httpx.get(f"{url.group(0)}/api/v1/openapi.json")
        assert contract.status_code == 200 and contract.json()["openapi"] == "3.1.0"
        credits = httpx.get(f"{url.group(0)}/api/v1/credits", headers={"Authorization": f"Bearer {key}"})
        assert credits.status_code == 200 and credits.json()["available_credits"] == DEFAULT_CREDITS
        local = {"url": "http://127.0.0.1:9/hook", "enabled_events": ["generation.failed"]}
        hook = httpx.post(f"{url.group(0)}/api/v1/webhooks", json=local, headers={"Authorization": f"Bearer {key}"})
        assert hook.status_code == (201 if loopback else 400), hook.text
        created = httpx.post(
            f"{url.group(0)}/api/v1/generations",
            json={"model": "rivya-image-1", "prompt": "x"},
            headers={"Authorization": f"Bearer {key}"},
        )
        assert created.status_code == 202
        seen = [
            httpx.get(
                f"{url.group(0)}/api/v1/generations/{created.json()['id']}", headers={"Authorization": f"Bearer {k}"}
            )
            for k in (key, "rvya_sk_b")
        ]
        assert [s.status_code for s in seen] == [200, 404]  # rvya_sk_b is another account's key
        process.send_signal(stop)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_usage_errors_exit_2() -> None:
    runner = CliRunner()
    for args, words in [
        (["mock", "--fault", "nope"], "unknown fault"),
        (["mock", "--key", "=x"], "key is empty"),
        (["mock", "--rate-limit", "fast"], "--rate-limit"),
        (["mock", "/no/such/contract.json"], "no such file"),
    ]:
        result = runner.invoke(main, args)
        assert result.exit_code == 2 and words in result.output, (args, result.output)


def test_list_faults_names_the_checks() -> None:
    result = CliRunner().invoke(main, ["mock", "--list-faults"])
    assert result.exit_code == 0
    assert "terminal-state-flip" in result.output and "terminal-state-stable" in result.output


def test_a_rivya_contract_without_its_facts_is_one_line_and_exit_2(tmp_path: Path) -> None:
    tree = json.loads(BUNDLED.read_text())
    del tree["x-rivya-limits"]
    source = tmp_path / "no-facts.json"
    source.write_text(json.dumps(tree))
    result = CliRunner().invoke(main, ["mock", str(source), "--port", "0"])
    assert result.exit_code == 2
    expected = f"error: {source}: /x-rivya-limits: missing a mapping (Rivya's profile needs it)"
    assert result.output.strip().splitlines() == [expected]
