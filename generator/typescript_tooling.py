"""The npm tools the TypeScript SDK needs: prettier (formatting) and typescript (checks).

Both are pinned in templates/typescript/tooling/package-lock.json and installed once, with
``npm ci``, into a cache folder keyed by the lock file's hash (``$RIVYA_TS_TOOLING`` picks
another folder). Only node and npm are needed on the machine.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from rivya_contract.errors import SourceError

TOOLING_SOURCE = Path(__file__).resolve().parent.parent / "templates" / "typescript" / "tooling"
_NPM_TIMEOUT = 600


class ToolingMissing(SourceError):
    """node or npm is not installed, or the install failed."""


def node_available() -> str | None:
    """Why the TypeScript tools cannot run here, or None when node and npm are present."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            return f"{tool} was not found on PATH (the TypeScript SDK needs node >= 18 and npm)"
    return None


def tooling_dir(source: Path = TOOLING_SOURCE) -> Path:
    override = os.environ.get("RIVYA_TS_TOOLING")
    if override and source == TOOLING_SOURCE:
        return Path(override)
    lock = (source / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    label = "typescript-tooling" if source == TOOLING_SOURCE else f"{source.parent.name}-{source.name}"
    return cache / "rivya-contract" / f"{label}-{digest}"


def ensure_tooling(source: Path = TOOLING_SOURCE, tools: tuple[str, ...] = ("prettier", "tsc")) -> Path:
    """A folder whose node_modules/.bin holds ``tools``, installed from ``source``'s lock
    file when absent (``npm ci``: exactly the pinned versions)."""
    root = tooling_dir(source)
    if _complete(root, tools):
        return root
    missing = node_available()
    if missing:
        raise ToolingMissing("typescript", missing)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".install.lock", "w") as lock:  # two pytest workers, one install
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _complete(root, tools):
            return root
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(source / name, root / name)
        npm = shutil.which("npm") or "npm"
        done = subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=_NPM_TIMEOUT,
            check=False,
        )
        if done.returncode != 0 or not all(bin_path(root, tool).exists() for tool in tools):
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise ToolingMissing("npm ci", f"installing {', '.join(tools)} failed: {detail[-1] if detail else ''}")
        (root / ".complete").write_text("ok\n")
    return root


def _complete(root: Path, tools: tuple[str, ...]) -> bool:
    return (root / ".complete").exists() and all(bin_path(root, tool).exists() for tool in tools)


def bin_path(root: Path, tool: str) -> Path:
    return root / "node_modules" / ".bin" / tool


def format_typescript(files: dict[str, bytes]) -> dict[str, bytes]:
    """prettier --write over the package in a scratch folder (its .prettierrc.json applies)."""
    root = ensure_tooling()
    with tempfile.TemporaryDirectory(prefix="rivya-ts-fmt-") as scratch:
        base = Path(scratch)
        for path, content in files.items():
            target = base / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        done = subprocess.run(
            [str(bin_path(root, "prettier")), "--write", "--log-level", "warn", "--no-editorconfig", "."],
            cwd=base,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SourceError("generated code", f"prettier failed: {done.stderr.strip()[:2000]}")
        return {path: (base / path).read_bytes() for path in files}
