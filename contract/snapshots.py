"""Accepted contracts: ``snapshots/<api>/<major>/<YYYY-MM-DD>.json``.

A snapshot is the canonical JSON of a validated revision. ``latest`` finds the newest
one of an API's major version; ``accept`` writes one atomically (never half a file).
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
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


# An API name is one folder below the snapshot root: no separators, no dot-names.
_API_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str) -> str:
    """A snapshot date, exactly YYYY-MM-DD (it becomes a file name)."""
    try:
        if not _ISO_DAY.match(text):
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise SourceError("--date", f"{text!r} is not a date (YYYY-MM-DD)") from None


def check_api_name(name: str) -> str:
    """Refuse an --api that would leave its folder (``../x``, ``a/b``, ``.``)."""
    if not _API_NAME.match(name) or ".." in name:
        raise SourceError(
            "--api",
            f"{name!r} is not an API name (lower-case letters, digits, '.', '_' and '-'; one folder, no '..')",
        )
    return name


def path_for(root: Path, api: str, major_name: str, day: str) -> Path:
    check_api_name(api)
    if not _MAJOR_DIR.match(major_name):
        raise SourceError(str(root), f"{major_name!r} is not a major version folder (v1, v2, …)")
    target = root / api / major_name / f"{parse_date(day)}.json"
    # Belt and braces: whatever the names, the file lands inside the snapshot folder.
    if not target.resolve().is_relative_to(root.resolve()):
        raise SourceError(str(root), f"{target} would be written outside the snapshot folder")
    return target


@contextmanager
def lineage_lock(root: Path, api: str, major_name: str) -> Iterator[None]:
    """Hold an exclusive lock on one API's major version while a snapshot is judged and
    written, so two concurrent accepts cannot both pass against the same latest snapshot."""
    folder = root / check_api_name(api) / major_name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # The folder itself is locked (flock works on a directory's descriptor), so no
        # lock file is left in the user's repository.
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise SourceError(str(folder), f"cannot lock the snapshot folder: {exc.strerror or exc}") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def check_new_date(root: Path, api: str, major_name: str, day: str, *, replace: bool) -> None:
    """A snapshot never goes back in time, and never replaces another unless asked to."""
    newest = latest(root, api, major_name)
    if newest is None:
        return
    if day < newest.date:
        raise SourceError(
            "--date",
            f"{day} is older than the latest snapshot {api}/{major_name}/{newest.date}; snapshots only go forward",
        )
    if day == newest.date and not replace:
        raise SourceError(str(newest.path), "a snapshot of that date already exists; pass --replace to replace it")


def write(root: Path, api: str, major_name: str, day: str, doc: Document, *, replace: bool = False) -> Path:
    """Write the snapshot: atomically, 0644, and — unless ``replace`` — only if no file of
    that name exists (an exclusive create, so a racing writer cannot be overwritten)."""
    target = path_for(root, api, major_name, day)
    try:
        write_atomic(target, canonical.dumps(doc.tree), mode=0o644, exclusive=not replace)
    except FileExistsError:
        raise SourceError(str(target), "a snapshot of that date already exists; pass --replace to replace it") from None
    except OSError as exc:
        raise SourceError(str(target), f"cannot write the snapshot: {exc.strerror or exc}") from None
    return target


def missing_message(root: Path, api: str, major_name: str) -> str:
    """What `check` says when it has nothing to compare against: what to do about it."""
    if not root.is_dir():
        where = f"the snapshot folder {root} does not exist"
    else:
        where = f"no snapshot of {api}/{major_name} in {root}"
        others = sorted({f"{s.api}/{s.major}" for s in all_snapshots(root)})
        if others:
            where += f" (it holds {', '.join(others)}; --api names another)"
    return (
        f"{where}: nothing to compare against, so the check cannot pass. "
        f"Accept the current contract first (rivya-contract snapshot accept SOURCE --snapshots {root}), "
        "or point --snapshots at the folder that holds them"
    )
