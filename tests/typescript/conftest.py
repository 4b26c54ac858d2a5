"""Fixtures: the npm tools (installed once from the pinned lock file), the golden TS SDK compiled."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from rivya_contract.generator.typescript_tooling import bin_path, ensure_tooling, node_available

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
# The checks the issue asks for, on top of the package's own tsconfig (which has them too).
STRICT = ["--strict", "--noUncheckedIndexedAccess"]


@pytest.fixture(scope="session")
def tooling() -> Path:
    """The tooling folder (node_modules/.bin/tsc, prettier); skips where node or npm is missing."""
    missing = node_available()
    if missing:
        pytest.skip(f"TypeScript SDK tests skipped: {missing}")
    return ensure_tooling()


def tsc(tooling: Path, project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_path(tooling, "tsc")), "-p", str(project), *STRICT, *extra],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture(scope="session")
def golden_dist(tooling: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden package compiled with tsc --strict --noUncheckedIndexedAccess (0 errors)."""
    out = tmp_path_factory.mktemp("ts-dist")
    done = tsc(tooling, GOLDEN, "--outDir", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    return out
