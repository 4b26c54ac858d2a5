"""JSON pointers (RFC 6901): the address every finding uses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def escape(token: str | int) -> str:
    text = str(token)
    if "~" not in text and "/" not in text:
        return text  # the common case, without two scans and copies
    return text.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(*tokens: str | int) -> str:
    """Build a pointer from raw tokens: join("paths", "/a/{id}") == "/paths/~1a~1{id}"."""
    return "".join("/" + escape(t) for t in tokens)


def from_parts(parts: Iterable[str | int]) -> str:
    return join(*parts)


def append(pointer: str, *tokens: str | int) -> str:
    return pointer + join(*tokens)


def split(pointer: str) -> list[str]:
    """Split a pointer (with or without a leading '#') into unescaped tokens."""
    if pointer.startswith("#"):
        pointer = pointer[1:]
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


_MISSING: Any = object()


def lookup(root: Any, pointer: str, default: Any = None) -> Any:
    """The node at ``pointer`` below ``root`` (following no $ref), or ``default``."""
    try:
        tokens = split(pointer)
    except ValueError:
        return default
    node = root
    for token in tokens:
        if isinstance(node, dict):
            node = node.get(token, _MISSING)
            if node is _MISSING:
                return default
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return default
    return node
