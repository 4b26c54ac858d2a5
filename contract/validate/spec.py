"""Rule family: the OpenAPI specification itself, checked by openapi-spec-validator.

openapi-spec-validator validates each schema, parameter and response separately, so
the paths on its errors are relative to the object being checked. Each keyword
validator is wrapped here to prefix its errors' paths with the absolute location of
the object it was checking (the innermost one wins), which turns every error into a
JSON pointer into the document.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from contract import pointer as jp
from contract.document import Document
from contract.findings import Finding
from contract.rules import Rule
from contract.validate.base import finding

RULES = [
    Rule(
        id="openapi-spec",
        level="error",
        description="The document breaks the OpenAPI specification (openapi-spec-validator).",
        message="{detail}",
        area="validate",
        mirror_reason="validation rule: it judges one document, not a change",
    ),
    Rule(
        id="openapi-version-unsupported",
        level="error",
        description="The document declares an OpenAPI version no validator supports.",
        message="unsupported OpenAPI version {version!r}",
        area="validate",
        mirror_reason="validation rule: it judges one document, not a change",
    ),
]

_STAMP = "_rivya_parts"


def check(doc: Document) -> Iterator[Finding]:
    from openapi_spec_validator.shortcuts import get_validator_cls
    from openapi_spec_validator.validation.exceptions import ValidatorDetectError

    try:
        validator_cls = get_validator_cls(doc.tree)
    except (ValidatorDetectError, KeyError, ValueError):
        yield finding(doc, "openapi-version-unsupported", "/openapi", version=doc.openapi_version)
        return
    validator = _located(validator_cls)(doc.tree, base_uri=doc.base_uri)
    for error in validator.iter_errors():
        pointer = jp.from_parts(str(part) for part in error.absolute_path)
        yield finding(doc, "openapi-spec", pointer, detail=_describe(error))


def _describe(error: Any) -> str:
    message = str(getattr(error, "message", error))
    if len(message) > 400:
        message = message[:400] + "…"
    return message


_LOCATED: dict[type, type] = {}


def _located(validator_cls: type) -> type:
    """A subclass of ``validator_cls`` whose keyword validators stamp locations."""
    if validator_cls not in _LOCATED:
        keywords = {
            name: _stamping(keyword_cls)
            for name, keyword_cls in validator_cls.keyword_validators.items()  # type: ignore[attr-defined]
        }
        _LOCATED[validator_cls] = type(
            "Located" + validator_cls.__name__, (validator_cls,), {"keyword_validators": keywords}
        )
    return _LOCATED[validator_cls]


def _stamping(keyword_cls: type) -> type:
    original: Callable[..., Iterator[Any]] = keyword_cls.__call__  # type: ignore[operator]

    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        where = next((a.parts for a in args if hasattr(a, "parts") and hasattr(a, "read_value")), None)
        for error in original(self, *args, **kwargs):
            # The library re-creates errors on the way out, keeping only their standard
            # fields, so the location goes into the error's own path; the marker only
            # stops the outer wrappers from prefixing it again.
            if where is not None and not getattr(error, _STAMP, False):
                with contextlib.suppress(AttributeError):
                    error.path.extendleft(reversed(where))
                    setattr(error, _STAMP, True)
            yield error

    return type(keyword_cls.__name__, (keyword_cls,), {"__call__": __call__})
