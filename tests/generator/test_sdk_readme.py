"""The generated README's examples, run as a user would: against the mock, in a fresh interpreter.

Every ```python block of the golden README runs, in order, in one script (the blocks share
``client`` as a reader's session would); the reference list's calls are checked to be valid
Python. A README example that stops working fails here.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from rivya_contract.load import load_bundled
from rivya_contract.mock import serve
from tests.generator.conftest import GOLDEN
from tests.generator.test_sdk_mock import png

_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
_REFERENCE = re.compile(r"^- `(client\..*)` — ", re.MULTILINE)


def test_every_readme_example_runs_against_the_mock(tmp_path: Path) -> None:
    readme = (GOLDEN / "README.md").read_text()
    blocks = _BLOCK.findall(readme)
    assert len(blocks) >= 10  # usage, async, errors, retries, timeouts, pages, streams, uploads, wait, hooks, raw
    for heading in (
        "## Usage",
        "## Handling errors",
        "## Retries",
        "## Timeouts",
        "## Pagination",
        "## Streaming",
        "## File uploads",
        "## Webhooks",
        "## Raw responses",
        "## Logging",
        "## Installation",
    ):
        assert heading in readme
    script = "\n\n".join(blocks) + "\nprint('README OK')\n"
    shutil.copytree(GOLDEN, tmp_path / "sdk")
    for name in re.findall(r'Path\("([^"]+)"\)', readme):
        (tmp_path / "sdk" / name).write_bytes(png())
    (tmp_path / "sdk" / "readme_examples.py").write_text(script)
    with serve(load_bundled(), seed=0) as mock:
        env = {**os.environ, "RIVYA_API_KEY": mock.demo_key, "RIVYA_BASE_URL": mock.url, "RIVYA_LOG": "info"}
        done = subprocess.run(
            [sys.executable, "readme_examples.py"],
            cwd=tmp_path / "sdk",
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert done.stdout.rstrip().endswith("README OK")
    assert "HTTP Request: POST" in done.stderr  # RIVYA_LOG=info, as the Logging section says
    references = _REFERENCE.findall(readme)
    assert len(references) == 20  # every operation has an example call
    for call in references:
        ast.parse(call)
