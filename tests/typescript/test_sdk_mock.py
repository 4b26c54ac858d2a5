"""The generated TypeScript SDK driven by node's test runner against the real mock on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from rivya_contract.load import load_bundled
from rivya_contract.mock import MockOptions, serve
from tests.typescript.conftest import GOLDEN, HERE, tsc

CASES = 11  # the tests in sdk.test.mjs


def test_the_sdk_against_the_mock(golden_dist: Path) -> None:
    doc = load_bundled()
    limited_options = MockOptions(seed=3, rate_limit=1, rate_window=1.0)
    with (
        serve(doc, MockOptions(seed=7, webhook_retry_delays=(0.01,) * 7, loopback_webhooks=True)) as mock,
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


def test_the_readme_example_type_checks_and_runs_against_the_mock(
    tooling: Path, golden_dist: Path, tmp_path: Path
) -> None:
    """The generated README's usage block, as a user copies it: tsc accepts it, node runs it."""
    readme = (GOLDEN / "README.md").read_text()
    block = re.search(r"```ts\n(.*?)```", readme, re.S)
    assert block is not None
    example = block.group(1)
    assert 'from "rivya-sdk"' in example
    package = tmp_path / "pkg"
    shutil.copytree(GOLDEN, package)
    (package / "src" / "readme_example.ts").write_text(example.replace('from "rivya-sdk"', 'from "./index.js"'))
    checked = tsc(tooling, package, "--noEmit")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    script = tmp_path / "example.mjs"  # the example has no type annotations: it is JavaScript too
    dist = (golden_dist / "index.js").as_uri()
    script.write_text(example.replace('from "rivya-sdk"', f"from {json.dumps(dist)}"))
    with serve(load_bundled(), MockOptions(seed=5)) as mock:
        env = {**os.environ, "RIVYA_API_KEY": mock.demo_key, "RIVYA_BASE_URL": mock.url}
        done = subprocess.run(["node", str(script)], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "available_credits" in done.stdout
