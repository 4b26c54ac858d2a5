"""Rule family: the OpenAPI specification itself, checked by openapi-spec-validator.

openapi-spec-validator validates each schema, parameter and response separately, so
the paths on its errors are relative to the object being checked. Each keyword
validator is wrapped here to prefix its errors' paths with the absolute location of
the object it was checking (the innermost one wins), which turns every error into a
JSON pointer into the document.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.document import Document
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Rule
from rivya_contract.validate.base import finding

RULES = [
    Rule(
        id="openapi-spec",
        level=Level.ERROR,
        description="The document breaks the OpenAPI specification (openapi-spec-validator).",
        message="{detail}",
        area="validate",
        mirror_reason="validation rule: it judges one document, not a change",
    ),
    Rule(
        id="openapi-version-unsupported",
        level=Level.ERROR,
        description="The document declares an OpenAPI version no validator supports.",
        message="unsupported OpenAPI version {version!r}",
        area="validate",
        mirror_reason="validation rule: it judges one document, not a change",
    ),
]

_STAMP = "_rivya_parts"


# Which engine checks the spec: "fast" (contract.validate.fast_spec, the default) or
# "reference" (openapi-spec-validator itself). Both report the same errors; the
# reference stays to prove it (tests/validate_fast) and for versions the fast path
# does not cover (Swagger 2.0, OpenAPI 3.2).
ENGINE_VARIABLE = "RIVYA_CONTRACT_VALIDATOR"
ENGINES = ("fast", "reference")


def check(doc: Document, *, engine: str | None = None) -> Iterator[Finding]:
    engine = engine or os.environ.get(ENGINE_VARIABLE) or "fast"
    if engine not in ENGINES:
        from rivya_contract.errors import SourceError

        raise SourceError(
            ENGINE_VARIABLE, f"unknown validator engine {engine!r} (expected one of {', '.join(ENGINES)})"
        )
    if engine == "fast":
        from rivya_contract.validate import fast_spec

        version = fast_spec.version_of(doc)
        if version is not None:
            for pointer, message in fast_spec.spec_errors(doc, version):
                yield finding(doc, "openapi-spec", pointer, detail=_describe(message))
            return

    # Imported only here: importing openapi-spec-validator alone takes about 0.3 s.
    from openapi_spec_validator.shortcuts import get_validator_cls
    from openapi_spec_validator.validation.exceptions import ValidatorDetectError

    try:
        validator_cls = get_validator_cls(doc.tree)
    except (ValidatorDetectError, KeyError, ValueError):
        yield finding(doc, "openapi-version-unsupported", "/openapi", version=doc.openapi_version)
        return
    from referencing.exceptions import Unresolvable

    validator = _located(validator_cls)(doc.tree, base_uri=doc.base_uri)
    errors = validator.iter_errors()
    while True:
        try:
            error = next(errors)
        except StopIteration:
            return
        except Unresolvable:
            return  # the library stops at a $ref to nothing; ref-unresolved reports it
        pointer = jp.from_parts(str(part) for part in error.absolute_path)
        yield finding(doc, "openapi-spec", pointer, detail=_describe(str(getattr(error, "message", error))))


def _describe(message: str) -> str:
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
        # The document-level check pinned to pure-Python jsonschema: with jsonschema-rs
        # installed the library would switch to it, and its messages differ.
        schema_validator = _python_validator(validator_cls.schema_validator.schema)  # type: ignore[attr-defined]
        _LOCATED[validator_cls] = type(
            "Located" + validator_cls.__name__,
            (validator_cls,),
            {"keyword_validators": keywords, "schema_validator": schema_validator},
        )
    return _LOCATED[validator_cls]


def _python_validator(schema: Any) -> Any:
    from jsonschema.validators import validator_for

    return validator_for(schema)(schema)


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
