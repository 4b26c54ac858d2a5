"""``generate --check``: is a committed SDK what the contract would generate now?

Only the files the SDK owns are compared: those its manifest lists and those the contract
produces now. Build artefacts (``build/``, ``*.egg-info``), caches and a user's own files
beside the package are not the SDK's and never make it stale. A folder without a manifest
(an SDK written before there was one) is compared whole, minus caches.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from rivya_contract.document import Document
from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.render import generate_files
from rivya_contract.generator.write import MANIFEST, read_manifest

_IGNORED_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "node_modules", "dist"}


@dataclass
class Staleness:
    added: list[str]  # files the contract now produces that are missing
    removed: list[str]  # files on disk the contract no longer produces
    changed: list[str]
    diff: str  # unified diff of the changed files

    @property
    def stale(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def summary(self) -> str:
        lines = [f"+ {p} (missing)" for p in self.added]
        lines += [f"- {p} (no longer generated)" for p in self.removed]
        lines += [f"~ {p}" for p in self.changed]
        return "\n".join(lines)


def check_sdk(doc: Document, out: Path, options: GenerateOptions) -> Staleness:
    return compare_tree(generate_files(doc, options).files, out)


def compare_tree(expected: dict[str, bytes], out: Path) -> Staleness:
    """What differs between rendered files and the files the tree at ``out`` owns."""
    expected = {p: c for p, c in expected.items() if p != MANIFEST}
    actual = _read_owned(out, expected)
    added = sorted(set(expected) - set(actual))
    removed = sorted(set(actual) - set(expected))
    changed = sorted(p for p in set(expected) & set(actual) if expected[p] != actual[p])
    chunks: list[str] = []
    for path in changed:
        before = actual[path].decode("utf-8", "replace").splitlines(keepends=True)
        after = expected[path].decode("utf-8", "replace").splitlines(keepends=True)
        chunks.extend(difflib.unified_diff(before, after, f"committed/{path}", f"generated/{path}"))
    return Staleness(added, removed, changed, "".join(chunks))


def _read_owned(root: Path, expected: dict[str, bytes]) -> dict[str, bytes]:
    if not root.is_dir():
        return {}
    owned = read_manifest(root)
    if owned is None:
        return _read_tree(root)
    return {p: (root / p).read_bytes() for p in sorted(set(owned) | set(expected)) if (root / p).is_file()}


def _read_tree(root: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not _IGNORED_PARTS & set(relative.parts) and relative.as_posix() != MANIFEST:
            files[relative.as_posix()] = path.read_bytes()
    return files
