"""The fast path of the spec rule family: openapi-spec-validator's verdict, quickly.

It reports the same errors, at the same JSON pointers and with the same messages, as
``openapi_spec_validator`` 0.9 collecting every error (``iter_errors``) through the
reference path in ``contract.validate.spec``, for OpenAPI 3.0 and 3.1 documents.
Where the reference spent its time (profiled on the corpus, see docs/performance.md):

- the whole document against the OpenAPI schema, in pure-Python jsonschema: now
  jsonschema-rs, with Python re-run only on the entries that fail (``fast_meta``);
- each top-level schema against its dialect's meta-schema, again in pure Python:
  now jsonschema-rs, with the reference's own ``check_schema`` only for the failing
  ones, to report the same first error;
- walking the tree through jsonschema-path (every step a $ref resolution) and
  de-duplicating schemas by ``id`` in lists (quadratic): now plain dict look-ups and
  sets (``fast_keywords``).

One difference, on purpose: where the reference lists the required properties that
no allOf branch defines in set (hash) order, this lists them sorted.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.document import Document
from rivya_contract.patterns import pattern_aware
from rivya_contract.validate import fast_meta
from rivya_contract.validate.fast_keywords import DefaultCheck, KeywordPass, MetaCheck
from rivya_contract.validate.fast_meta import Parts, SpecError
from rivya_contract.validate.loops import loops

SUPPORTED_VERSIONS = ("3.0", "3.1")
# The keyword checks mirror this release line of openapi-spec-validator; with another
# one installed the reference engine runs instead.
MIRRORED_RELEASE = "0.9."
_UNDEFINED_REQUIRED = "Required list has not defined properties: "


_VERSION = re.compile(r"(?P<major>\d+)\.(?P<minor>\d+)(\..*)?")
# The reference's detection order: the first keyword whose version it knows wins.
_KNOWN_VERSIONS = (("swagger", "2.0"), ("openapi", "3.0"), ("openapi", "3.1"), ("openapi", "3.2"))


def version_of(doc: Document) -> str | None:
    """The version, 3.0 or 3.1, when the fast path handles the document; else None.

    Read as openapi-spec-validator reads it, without importing it (that alone costs
    about 0.3 s); anything else (Swagger 2.0, 3.2, unknown) goes to the reference.
    """
    tree = doc.tree
    if not isinstance(tree, dict) or not _mirrored_release_installed():
        return None
    for keyword, known in _KNOWN_VERSIONS:
        if keyword in tree:
            declared = tree[keyword]
            if not isinstance(declared, str):
                return None
            match = _VERSION.match(declared)
            if match and f"{match['major']}.{match['minor']}" == known:
                return known if keyword == "openapi" and known in SUPPORTED_VERSIONS else None
    return None


@functools.cache
def _mirrored_release_installed() -> bool:
    from importlib.metadata import version

    return version("openapi-spec-validator").startswith(MIRRORED_RELEASE)


def spec_errors(doc: Document, version: str) -> list[tuple[str, str]]:
    """Every spec error as (JSON pointer, message), sorted and without repeats."""
    tree = doc.tree
    errors = fast_meta.document_errors(tree, version)
    keyword_pass = KeywordPass(_resolver(doc), _meta_check(tree, version), _default_check(doc, version))
    errors += keyword_pass.run(tree)
    return sorted({(jp.from_parts(str(part) for part in parts), message) for parts, message in errors})


def _resolver(doc: Document) -> Callable[[Any], Any]:
    """``doc.resolve``, remembering where each $ref string leads (refs repeat a lot)."""
    targets: dict[str, Any] = {}

    def resolve(node: Any) -> Any:
        if not (isinstance(node, dict) and "$ref" in node):
            return node
        ref = node["$ref"]
        if not isinstance(ref, str):
            return node
        if ref in targets:
            return targets[ref]
        target = doc.resolve(node)
        if target is not node:  # an unresolvable $ref stays itself, so is not shared
            targets[ref] = target
        return target

    return resolve


def comparable(message: str) -> str:
    """``message`` with the one part that the reference words in hash order sorted.

    The reference lists required-but-undefined properties in set order, which varies
    from run to run; comparing the two engines, or two runs, needs it sorted.
    """
    if not message.startswith(_UNDEFINED_REQUIRED):
        return message
    try:
        names = ast.literal_eval(message[len(_UNDEFINED_REQUIRED) :])
    except (ValueError, SyntaxError):  # cut short by the report (400 characters)
        return message
    return _UNDEFINED_REQUIRED + repr(sorted(names, key=str))


# -- the dialect meta-check of a top-level schema --------------------------------------


def _meta_check(tree: dict[str, Any], version: str) -> MetaCheck:
    # openapi_schema_validator is imported only when a schema fails the compiled check
    # (see _reference_check): importing it costs a small document 0.3 s.
    if version == "3.0":
        # OAS30Validator.check_schema: the draft-04 meta-schema, OAS 3.0 formats.
        return functools.partial(_checked, dialect=fast_meta.DRAFT4, reference=_reference_check("3.0"))

    default_dialect = tree.get("jsonSchemaDialect", fast_meta.OAS31_BASE_DIALECT)
    by_dialect = _reference_check("3.1")

    def check(schema: Any, parts: Parts) -> SpecError | None:
        dialect = default_dialect
        if isinstance(schema, dict) and "$schema" in schema:
            dialect = schema["$schema"]
            if not isinstance(dialect, str):
                return parts, f"Unknown JSON Schema dialect: {dialect!r}"
        if dialect == fast_meta.OAS31_BASE_DIALECT:
            return _checked(schema, parts, dialect=dialect, reference=by_dialect)
        other = _other_dialect(dialect)
        if other is None:
            return parts, f"Unknown JSON Schema dialect: {dialect!r}"
        found = fast_meta.first_schema_error(schema, other)
        return ((*parts, *found[0]), found[1]) if found else None

    return check


def _reference_check(version: str) -> Callable[..., Any]:
    """The reference's ``check_schema`` for ``version``, imported on first use."""

    def check_schema(schema: Any, *args: Any, **kwargs: Any) -> Any:
        from openapi_schema_validator import oas31_format_checker
        from openapi_schema_validator.validators import OAS30Validator, OAS31Validator

        if version == "3.0":
            return OAS30Validator.check_schema(schema, *args, **kwargs)
        return OAS31Validator.check_schema(schema, *args, format_checker=oas31_format_checker, **kwargs)

    return check_schema


def _checked(schema: Any, parts: Parts, *, dialect: str, reference: Any) -> SpecError | None:
    if fast_meta.schema_is_valid(schema, dialect):
        return None
    found = fast_meta.first_schema_error(schema, reference)
    return ((*parts, *found[0]), found[1]) if found else None


@functools.cache
def _other_dialect(dialect: str) -> Any:
    """The reference's check for a dialect other than the OAS base one (None: unknown)."""
    from jsonschema.validators import validator_for
    from openapi_schema_validator import oas31_format_checker

    validator_cls = validator_for({"$schema": dialect}, default=None)
    if validator_cls is None:
        return None
    return functools.partial(validator_cls.check_schema, format_checker=oas31_format_checker)


# -- defaults against their own schema ----------------------------------------------


def _default_check(doc: Document, version: str) -> DefaultCheck:
    validate_default: DefaultCheck | None = None

    def check(schema: Any, value: Any) -> list[SpecError]:
        if loops(doc).reaches_loop(schema):
            return []  # validating it would never end: schema-ref-loop reports the cycle
        # Most defaults are valid against a self-contained schema, which the compiled
        # validator settles without the reference (0.3 s to import). The reference
        # builds the messages of an invalid one, and judges $refs and formats.
        if fast_meta.default_is_surely_valid(schema, value, version):
            return []
        nonlocal validate_default
        if validate_default is None:
            validate_default = _reference_default_check(doc, version)
        return validate_default(schema, value)

    return check


def _single_types(validator_cls: Any) -> Any:
    """The 3.0 validator, with a ``type`` that is not one string (``[string, null]``,
    3.1's form) left to the meta-check, which reports it: OAS30Validator's own ``type``
    looks the list up as a type name and raises TypeError."""
    from jsonschema import validators

    own = validator_cls.VALIDATORS["type"]

    def single_type(validator: Any, data_type: Any, instance: Any, schema: Any) -> Any:
        if isinstance(data_type, str):
            yield from own(validator, data_type, instance, schema)

    return validators.extend(validator_cls, {"type": single_type})


def _reference_default_check(doc: Document, version: str) -> DefaultCheck:
    from openapi_schema_validator import oas30_format_checker, oas31_format_checker
    from openapi_schema_validator.validators import OAS30Validator, OAS31Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    validator_cls, format_checker = (
        (OAS30Validator, oas30_format_checker) if version == "3.0" else (OAS31Validator, oas31_format_checker)
    )
    # Patterns Python cannot compile are skipped here; pattern-invalid reports each one.
    validator_cls = pattern_aware(validator_cls)
    if version == "3.0":
        validator_cls = _single_types(validator_cls)
    # The same registry jsonschema-path builds: the document (and the files its
    # $refs reach) as draft 2020-12 resources at their URIs.
    resources = [(doc.base_uri, DRAFT202012.create_resource(doc.tree))]
    resources += [(uri, DRAFT202012.create_resource(tree)) for uri, tree in doc.externals.items() if tree is not None]
    resolver = Registry().with_resources(resources).resolver(doc.base_uri)

    from referencing.exceptions import Unresolvable

    def check(schema: Any, value: Any) -> list[SpecError]:
        validator = validator_cls(schema, _resolver=resolver, format_checker=format_checker)
        try:
            return [(tuple(error.path), str(error.message)) for error in validator.iter_errors(value)]
        except Unresolvable:
            return []  # a $ref to nothing cannot judge a default: ref-unresolved reports the $ref

    return check
