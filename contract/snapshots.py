"""Accepted contracts: ``snapshots/<api>/<major>/<YYYY-MM-DD>.json``.

A snapshot is the canonical JSON of a validated revision. ``latest`` finds the newest
one of an API's major version; ``accept`` writes one atomically (never half a file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rivya_contract import canonical
from rivya_contract.atomic import write_atomic
from rivya_contract.diff.checks.info import major
from rivya_contract.document import Document
from rivya_contract.errors import SourceError

_DATE_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")
_MAJOR_DIR = re.compile(r"^v(\d+)$")


@dataclass(frozen=True)
class Snapshot:
    api: str
    major: str  # "v1"
    date: str  # "2026-05-11"
    path: Path


def all_snapshots(root: Path) -> list[Snapshot]:
    found: list[Snapshot] = []
    if not root.is_dir():
        return found
    for api_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for major_dir in sorted(p for p in api_dir.iterdir() if p.is_dir()):
            if not _MAJOR_DIR.match(major_dir.name):
                continue
            for file in sorted(major_dir.iterdir()):
                match = _DATE_FILE.match(file.name)
                if match and file.is_file():
                    found.append(Snapshot(api_dir.name, major_dir.name, match.group(1), file))
    return found


def latest(root: Path, api: str, major_name: str) -> Snapshot | None:
    """The newest snapshot of ``api`` at ``major_name`` (dates sort as text)."""
    mine = [s for s in all_snapshots(root) if s.api == api and s.major == major_name]
    return mine[-1] if mine else None


def major_of(doc: Document) -> str:
    """``v<major>`` from ``info.version`` (the lineage a document belongs to)."""
    info = doc.tree.get("info") if isinstance(doc.tree, dict) else None
    number = major(info.get("version")) if isinstance(info, dict) else None
    if number is None:
        raise SourceError(doc.source, "info.version has no major number", pointer="/info/version")
    return f"v{number}"


def api_name(doc: Document, root: Path) -> str:
    """The API a document belongs to: the snapshot folder holding the same title, else
    the title in kebab case (the bundled contract, "Rivya API", is ``rivya``)."""
    title = doc.title.strip()
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    for candidate in (slug, slug.removesuffix("-api"), slug.split("-")[0] if slug else ""):
        if candidate and (root / candidate).is_dir():
            return candidate
    return slug.removesuffix("-api") or "api"


def parse_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise SourceError("--date", f"{text!r} is not a date (YYYY-MM-DD)") from None


def path_for(root: Path, api: str, major_name: str, day: str) -> Path:
    return root / api / major_name / f"{day}.json"


def write(root: Path, api: str, major_name: str, day: str, doc: Document) -> Path:
    target = path_for(root, api, major_name, day)
    write_atomic(target, canonical.dumps(doc.tree))
    return target
