"""The generated README's examples, run as a user would: against the mock, in a fresh interpreter.

Every ```python block of the golden README runs, in order, in one script (the blocks share
``client`` as a reader's session would), the Resources section's example of every method
included: a README example that stops working, or whose arguments the API refuses, fails here.
"""

from __future__ import annotations

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
_RESOURCE = re.compile(r"^### `(client\.[\w.]+)`\n\n```python\n(.*?)```", re.MULTILINE | re.DOTALL)
_KEY = re.compile(r"^# ((?:GET|POST|PUT|PATCH|DELETE) \S+?)(?::\s|$)", re.MULTILINE)


def test_every_readme_example_runs_against_the_mock(tmp_path: Path) -> None:
    readme = (GOLDEN / "README.md").read_text()
    blocks = _BLOCK.findall(readme)
    assert len(blocks) >= 10  # usage, async, errors, retries, timeouts, pages, streams, uploads, wait, hooks, raw
    for heading in (
        "## Authentication",
        "## Usage",
        "### Values added after this SDK",
        "## Async usage",
        "## Resources",
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
    assert "rejected: 401" in done.stdout  # Authentication: a wrong key raises AuthenticationError
    # every resource has a runnable block, and every operation an example call in it
    resources = dict(_RESOURCE.findall(readme))
    assert set(resources) == _resource_paths(), sorted(resources)
    documented = [key for block in resources.values() for key in _KEY.findall(block)]
    assert sorted(documented) == sorted(op.key for op in load_bundled().operations()), documented
    for path, block in resources.items():
        assert f"{path}." in block


def _resource_paths() -> set[str]:
    """Every resource of the golden SDK that has methods, as ``client.a.b``."""
    from rivya_contract.generator.client import build_sdk
    from rivya_contract.generator.options import GenerateOptions
    from rivya_contract.generator.schemas import SchemaRegistry

    doc = load_bundled()
    sdk = build_sdk(doc, SchemaRegistry.from_document(doc), GenerateOptions(source_label="openapi.json"))
    found: set[str] = set()
    stack = [(resource, f"client.{resource.attr}") for resource in sdk.resources]
    while stack:
        resource, path = stack.pop()
        if resource.operations:
            found.add(path)
        stack += [(child, f"{path}.{child.attr}") for child in resource.children]
    return found
