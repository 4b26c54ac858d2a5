"""The generated TypeScript SDK driven by node's test runner against the real mock on 127.0.0.1."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from rivya_contract.load import load_bundled
from rivya_contract.mock import MockOptions, serve
from tests.typescript.conftest import HERE

CASES = 10  # the tests in sdk.test.mjs


def test_the_sdk_against_the_mock(golden_dist: Path) -> None:
    doc = load_bundled()
    limited_options = MockOptions(seed=3, rate_limit=1, rate_window=1.0)
    with (
        serve(doc, MockOptions(seed=7, webhook_retry_delays=(0.01,) * 7)) as mock,
        serve(doc, limited_options) as limited,
    ):
        env = {
            **os.environ,
            "RIVYA_SDK_DIST": str(golden_dist),
            "MOCK_URL": mock.url,
            "LIMITED_URL": limited.url,
            "DEMO_KEY": mock.demo_key,
        }
        done = subprocess.run(
            ["node", "--test", "--test-reporter=tap", str(HERE / "sdk.test.mjs")],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report[-6000:]
    passed = re.search(r"^# pass (\d+)$", done.stdout, re.M)
    assert passed and int(passed.group(1)) == CASES, report[-3000:]
    assert re.search(r"^# (skipped|todo) 0$", done.stdout, re.M), report[-3000:]
