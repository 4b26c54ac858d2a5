"""Regular expressions of a contract (``pattern``, ``patternProperties``): one policy.

OpenAPI 3.1 patterns are ECMA-262 regular expressions; every consumer here checks
them with Python's ``re``. The two languages mostly agree. Where they do not:

- ECMA's named group ``(?<name>...)`` is translated to Python's ``(?P<name>...)``
  (the only translation; look-behind ``(?<=``/``(?<!`` is the same in both);
- a pattern Python still cannot compile (``[`` unterminated, ``\\p{L}``, an unknown
  ``(?`` extension) is *unknown*: ``python_pattern`` returns None, ``search`` answers
  None, and a consumer skips the check with a note instead of raising. ``validate``
  reports every such pattern once, as the error ``pattern-invalid`` at its pointer
  (``rivya_contract.validate.patterns``), so nothing is skipped silently.

Every consumer that compiles a contract's pattern goes through this module: the
validator's example and default checks and proptest's validators (``pattern_aware``,
a jsonschema validator class whose ``pattern``, ``patternProperties`` and
``additionalProperties`` keywords use ``search``), proptest's strategies and edge
cases (``compiled``), and the SDK generator (``generator.schemas.usable_pattern``,
which further requires that pydantic's Rust engine accepts the result).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

_NAMED_GROUP = re.compile(r"\(\?<(?![=!])")


def python_pattern(pattern: Any) -> str | None:
    """``pattern`` in Python's syntax, or None when Python cannot compile it."""
    return None if compiled(pattern) is None else _translated(pattern)


def _translated(pattern: str) -> str:
    return _NAMED_GROUP.sub("(?P<", pattern)


@functools.lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(_translated(pattern))
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


def compiled(pattern: Any) -> re.Pattern[str] | None:
    """The compiled pattern (ECMA named groups translated), or None when unknown."""
    return _compile(pattern) if isinstance(pattern, str) else None


def why_not(pattern: str) -> str:
    """Python's reason for refusing ``pattern`` (for the ``pattern-invalid`` message)."""
    try:
        re.compile(_translated(pattern))
    except re.error as exc:
        return str(exc)
    except (RecursionError, OverflowError, ValueError) as exc:
        return type(exc).__name__
    return "it compiles"


def search(pattern: Any, text: str) -> bool | None:
    """Whether ``pattern`` matches somewhere in ``text``; None when the pattern is unknown."""
    found = compiled(pattern)
    return None if found is None else found.search(text) is not None


# -- jsonschema ---------------------------------------------------------------------


def _pattern(validator: Any, pattern: Any, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and search(pattern, instance) is False:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, patterns: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if search(pattern, key):  # an unknown pattern applies to nothing
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator: Any, additional: Any, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "object"):
        return
    properties = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    # A key an unknown pattern might match is not judged "additional" (not checked).
    extras = {key for key in instance if key not in properties and all(search(p, key) is False for p in patterns)}
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        if "patternProperties" in schema:
            verb = "does" if len(extras) == 1 else "do"
            joined = ", ".join(repr(each) for each in sorted(extras))
            shown = ", ".join(repr(each) for each in sorted(patterns))
            yield ValidationError(f"{joined} {verb} not match any of the regexes: {shown}")
        else:
            unexpected = ", ".join(repr(extra) for extra in sorted(extras, key=str))
            was = "was" if len(extras) == 1 else "were"
            yield ValidationError(f"Additional properties are not allowed ({unexpected} {was} unexpected)")


_AWARE: dict[type, type] = {}


def pattern_aware(validator_cls: Any) -> Any:
    """``validator_cls`` (a jsonschema validator class) with the patterns of this policy."""
    if validator_cls not in _AWARE:
        from jsonschema import validators

        keywords: dict[str, Callable[[Any, Any, Any, Any], Iterator[Any]]] = {"pattern": _pattern}
        if "patternProperties" in validator_cls.VALIDATORS:
            keywords["patternProperties"] = _pattern_properties
            keywords["additionalProperties"] = _additional_properties
        _AWARE[validator_cls] = validators.extend(validator_cls, keywords)
    return _AWARE[validator_cls]
