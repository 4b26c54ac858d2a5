"""datamodel-code-generator's output kept across runs, keyed by everything that shapes it.

dmcg is most of ``generate`` (Twilio: 15 of 20 s profiled). Its output is a pure function
of what we hand it: the schema document, the template data, its options, its templates,
its version and our code that calls it. The key is a SHA-256 over all of these, so a
regeneration of an unchanged contract (``generate --check`` in CI, a re-run after a
template fix elsewhere in the SDK) reuses the models and anything else makes a new key.

Entries live in ``$RIVYA_CONTRACT_CACHE`` (``off`` disables), else
``$XDG_CACHE_HOME/rivya-contract/dmcg``, else ``~/.cache/rivya-contract/dmcg``. Each file
starts with the digest of its body: a truncated, edited or unreadable entry is a miss
(and is rewritten), never a wrong SDK. Writes go to a temporary file renamed into place,
so concurrent runs see an old entry or a new one, never half of one. A cache that cannot
be written (read-only home, full disk) only costs the time it would have saved. The
newest ``MAX_ENTRIES`` entries are kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_ENV = "RIVYA_CONTRACT_CACHE"
MAX_ENTRIES = 64  # the oldest go first (Cloudflare's entry is 4 MB, Rivya's 90 KB)
_FORMAT = "rivya-contract dmcg cache 1"
_GENERATOR = Path(__file__).resolve().parent
_MODEL_TEMPLATES = _GENERATOR.parent / "templates" / "models"


def cache_dir() -> Path | None:
    configured = os.environ.get(CACHE_ENV, "")
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rivya-contract" / "dmcg"


def cache_key(inputs: dict[str, Any]) -> str | None:
    """The digest of the dmcg inputs, its version, its templates and the code around it.

    None when the inputs have no canonical JSON form (a YAML document with mixed key types,
    say): such a document is generated every time, not cached under a doubtful key.
    """
    try:
        canonical = json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=_plain).encode()
    except (TypeError, ValueError):
        return None
    digest = hashlib.sha256(_FORMAT.encode())
    for package in ("datamodel-code-generator", "pydantic"):
        digest.update(f"\0{package}={_version(package)}".encode())
    for path in sorted([*_GENERATOR.glob("*.py"), *_MODEL_TEMPLATES.rglob("*.jinja2")]):
        digest.update(b"\0" + path.relative_to(_GENERATOR.parent).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(b"\0" + canonical)
    return digest.hexdigest()


def load(key: str | None) -> str | None:
    folder = cache_dir()
    if folder is None or key is None:
        return None
    try:
        raw = (folder / f"{key}.py").read_bytes()
    except OSError:
        return None
    head, _, body = raw.partition(b"\n")
    if head != f"# {_FORMAT} sha256={hashlib.sha256(body).hexdigest()}".encode():
        return None  # corrupt or from another format: a miss, rewritten by the next store
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def store(key: str | None, source: str) -> None:
    folder = cache_dir()
    if folder is None or key is None:
        return
    body = source.encode("utf-8")
    data = f"# {_FORMAT} sha256={hashlib.sha256(body).hexdigest()}\n".encode() + body
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(scratch, folder / f"{key}.py")
        except BaseException:
            Path(scratch).unlink(missing_ok=True)
            raise
        _prune(folder)
    except OSError:
        return  # no cache, no harm: the next run generates again


def _prune(folder: Path) -> None:
    """Keep the ``MAX_ENTRIES`` most recently written entries (each is one contract's models)."""
    entries = sorted(folder.glob("*.py"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
    for stale in entries[MAX_ENTRIES:]:
        stale.unlink(missing_ok=True)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _plain(value: object) -> object:
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    # YAML dates and the like: their type and repr are as canonical as the value itself
    return {"~type": type(value).__name__, "~repr": repr(value)}
