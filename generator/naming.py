"""Safe, stable Python identifiers made from whatever names a spec contains."""

from __future__ import annotations

import keyword
import re
import unicodedata

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
# Names a generated module or class body must not shadow.
_BUILTIN_CLASH = frozenset({"self", "cls", "print", "type", "object", "list", "dict", "str", "int"})


def words(name: str) -> list[str]:
    """Split any name (camelCase, kebab-case, dotted, unicode) into ASCII words."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _WORDS.findall(ascii_name)


def pascal(name: str, fallback: str = "Model") -> str:
    """``GenerationRequest.rivya-image-1`` -> ``GenerationRequestRivyaImage1``."""
    parts = words(name)
    result = "".join(part[:1].upper() + part[1:] for part in parts) or fallback
    if result[0].isdigit():
        result = fallback + result
    if keyword.iskeyword(result):  # True, False, None
        result += fallback
    return result


def snake(name: str, fallback: str = "value") -> str:
    """``rotate-secret`` -> ``rotate_secret``; keywords gain a trailing underscore."""
    result = "_".join(part.lower() for part in words(name)) or fallback
    if result[0].isdigit():
        result = f"{fallback}_{result}"
    if keyword.iskeyword(result) or keyword.issoftkeyword(result):
        result += "_"
    return result


def safe_attribute(name: str, reserved: frozenset[str] = _BUILTIN_CLASH) -> str:
    """A snake_case name that is neither a keyword nor one of ``reserved``."""
    result = snake(name)
    while result in reserved:
        result += "_"
    return result


class NameAllocator:
    """Hands out unique names; a clash is resolved by a meaningful suffix, then a counter.

    ``taken`` are names that are never handed out (keywords, helpers of the module).
    """

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        self._used: set[str] = set(taken)

    def claim(self, wanted: str, suffixes: tuple[str, ...] = ()) -> str:
        for candidate in (wanted, *(wanted + suffix for suffix in suffixes)):
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate
        counter = 2
        while f"{wanted}{counter}" in self._used:
            counter += 1
        self._used.add(f"{wanted}{counter}")
        return f"{wanted}{counter}"

    def __contains__(self, name: str) -> bool:
        return name in self._used
