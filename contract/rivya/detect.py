"""Is this document Rivya's contract? One answer for validate, the mock and proptest."""

from __future__ import annotations

from typing import Any

from rivya_contract.document import Document

# Root and info keys only Rivya's contract carries (the compiler writes the first three).
MARKERS = ("x-rivya-limits", "x-rivya-webhooks", "x-rivya-migrations")


def detect(doc: Document) -> bool:
    """True for Rivya's contract: it carries a root ``x-rivya-*`` marker or
    ``info.x-rivya-api-version``, or its title names Rivya."""
    tree: dict[str, Any] = doc.tree if isinstance(doc.tree, dict) else {}
    info = tree.get("info")
    info = info if isinstance(info, dict) else {}
    if any(key in tree for key in MARKERS) or "x-rivya-api-version" in info:
        return True
    return doc.title.lower().startswith("rivya")
