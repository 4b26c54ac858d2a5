"""Canonical JSON: the one way a contract document is written to disk.

Keys keep their document order (the contract reads top-down like its docs), so the
same document always serializes to the same bytes without re-sorting anything.
"""

from __future__ import annotations

import json
from typing import Any


def dumps(document: Any) -> bytes:
    """Serialize ``document`` to canonical JSON bytes (2-space indent, UTF-8, final newline)."""
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")
