"""The models module, produced by datamodel-code-generator in-process, finished by our templates.

What we change and why (the record the issue asks for):
- names: ``schemas.SchemaRegistry`` hands dmcg only named, flat schemas, so no class is
  ever numbered or moved into a dotted sub-module;
- templates (``templates/models``): every model derives from ``SdkModel`` (extra fields
  allowed, read-only fields dropped from request bodies), every string enum keeps values
  it does not know (``_missing_``), every discriminated union falls back to an
  ``...Unknown`` class;
- formatting: dmcg's own formatters (black, isort) are switched off; ruff formats the
  whole package once, which is faster and deterministic.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from rivya_contract.errors import SourceError
from rivya_contract.generator import dmcg_cache, dmcg_slices
from rivya_contract.generator.naming import pascal, safe_attribute
from rivya_contract.generator.schemas import COMPONENT_PREFIX, SchemaRegistry

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "models"


def render_models(registry: SchemaRegistry, header: str, openapi_version: str, package: str) -> str:
    """The source of ``types.py``: one class per named schema."""
    if not registry.schemas:
        return header + "\nfrom __future__ import annotations\n"
    document = {
        "openapi": openapi_version if openapi_version.startswith("3.") else "3.1.0",
        "info": {"title": "models", "version": "0"},
        "paths": {},
        "components": {"schemas": {name + _MARK: _mark_refs(schema) for name, schema in registry.schemas.items()}},
    }
    unions = {
        name: {
            "fallback": info.fallback,
            "property_literal": repr(info.property),
            "field_name": _tag_field(info.property),
            "tagged": info.tagged,
        }
        for name, info in registry.unions.items()
    }
    aliases = _nfkc_aliases(registry.schemas)
    key = dmcg_cache.cache_key(
        {
            "document": document,
            "unions": unions,
            "read_only": registry.read_only,
            "aliases": aliases,
            "header": header,
            "package": package,
        }
    )
    output = dmcg_cache.load(key)
    if output is None:
        job = _DmcgJob(unions, registry.read_only, header, package, aliases)
        output = dmcg_slices.generate(document, job, _SliceCache(job))
        dmcg_cache.store(key, output)
    source = output.replace(_MARK, "")
    known = set(registry.schemas) | {info.fallback for info in registry.unions.values()}
    defined = [klass or alias for klass, alias in _CLASS.findall(source)]
    missing = sorted(known - set(defined))
    if missing:
        raise SourceError("models", f"datamodel-code-generator did not write {missing[:5]}")
    invented = [name for name in defined if name not in known]
    if invented:
        # Not dropped, but named by dmcg (merged allOf of a union, say): report it.
        shown = ", ".join(invented[:10]) + (", …" if len(invented) > 10 else "")
        registry.notes.append(f"{len(invented)} classes named by datamodel-code-generator itself: {shown}")
    return _finish(source)


@dataclass(frozen=True)
class _DmcgJob:
    """One dmcg run over any part of the schemas; plain data, so a worker process can take it."""

    unions: dict[str, dict[str, Any]]
    read_only: dict[str, list[str]]
    header: str
    package: str
    aliases: dict[str, str]

    def __call__(self, document: dict[str, Any]) -> str:
        # A namespace, not a dict: dmcg deep-copies every dict of the "#all#" data into each
        # model it renders (on Cloudflare, 7,800 copies of every union and read-only field:
        # 29 s of a 125 s profiled run). Templates read it by attribute either way.
        sdk_data = SimpleNamespace(
            default=lambda field: _default(field, self.unions), read_only=self.read_only, unions=self.unions
        )
        return _run_dmcg(document, sdk_data, self.header, self.package, self.aliases)


@dataclass(frozen=True)
class _SliceCache:
    """One slice's module in generator/dmcg_cache.py, keyed by the slice's schemas and the
    template data of its classes only: a contract change reruns the slices it touches."""

    job: _DmcgJob

    def key(self, document: dict[str, Any]) -> str | None:
        names = [name.removesuffix(_MARK) for name in document["components"]["schemas"]]
        return dmcg_cache.cache_key(
            {
                "slice": document,
                "unions": {n: self.job.unions[n] for n in names if n in self.job.unions},
                "read_only": {n: self.job.read_only[n] for n in names if n in self.job.read_only},
                "aliases": self.job.aliases,
                "header": self.job.header,
                "package": self.job.package,
            }
        )

    def load(self, key: str | None) -> str | None:
        return dmcg_cache.load(key)

    def store(self, key: str | None, source: str) -> None:
        dmcg_cache.store(key, source)


def _run_dmcg(
    document: dict[str, Any], sdk_data: SimpleNamespace, header: str, package: str, aliases: dict[str, str]
) -> str:
    from datamodel_code_generator import InputFileType, PythonVersion, generate
    from datamodel_code_generator.enums import DataModelType

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            output = generate(
                document,
                input_file_type=InputFileType.OpenAPI,
                output_model_type=DataModelType.PydanticV2BaseModel,
                target_python_version=PythonVersion.PY_311,
                custom_template_dir=TEMPLATES,
                extra_template_data=defaultdict(dict, {"#all#": {"sdk": sdk_data}}),
                additional_imports=[
                    "typing.Any",
                    "typing.Annotated",
                    "typing.ClassVar",
                    "pydantic.Field",
                    "pydantic.RootModel",
                    "pydantic.TypeAdapter",
                    "typing.TypeAlias",
                    "typing.TYPE_CHECKING",
                    f"{package}._models.SdkModel",
                    f"{package}._models.SdkRootModel",
                ],
                use_schema_description=True,
                use_field_description=True,
                use_union_operator=True,
                use_standard_collections=True,
                use_annotated=True,
                field_constraints=True,
                use_double_quotes=True,
                strict_nullable=True,
                disable_timestamp=True,
                keep_model_order=False,
                capitalise_enum_members=False,
                use_subclass_enum=True,
                set_default_enum_member=True,
                custom_file_header=header.rstrip("\n"),
                formatters=[],
                custom_class_name_generator=_class_name,
                base_class=f"{package}._models.SdkModel",
                aliases=aliases,
            )
    except Exception as exc:  # dmcg raises many types; one clear line instead
        raise SourceError("models", f"datamodel-code-generator failed: {exc}") from None
    if not isinstance(output, str):
        modules = output if isinstance(output, dict) else {}
        raise SourceError("models", f"datamodel-code-generator split the models into {sorted(modules)}")
    return output


# Every class we named reaches dmcg as ``<name><_MARK>``; a class dmcg names itself (a
# constrained member of a union, an ``allOf`` inside a property) has no mark and gets the
# ``Inline`` suffix. So dmcg can never take one of our names and push our class to ``Name1``
# (``Subscription`` must stay Stripe's subscription object, not a constrained string).
_MARK = "ZqRcMarkZq"
_CLASS = re.compile(r"^(?:class (\w+)\(|(\w+): TypeAlias = )", re.MULTILINE)
INLINE_SUFFIX = "Inline"


def _tag_field(wire: str) -> str:
    """The fallback class's tag field, named as datamodel-code-generator names it in the
    variants (``type`` stays ``type``), so ``event.type`` works on a variant added later."""
    from pydantic import BaseModel

    if wire.isidentifier() and not keyword.iskeyword(wire) and not hasattr(BaseModel, wire):
        return wire
    return safe_attribute(wire, frozenset(n for n in dir(BaseModel) if not n.startswith("_")))


def _class_name(name: str) -> str:
    if name.endswith(_MARK):
        return name[: -len(_MARK)]
    if name.endswith(INLINE_SUFFIX):
        return name
    return pascal(name.replace(_MARK, "_"), "Model") + INLINE_SUFFIX


def _default(field: Any, unions: Any = None) -> str:
    """A field's default as source; a class-typed field gets an instance, not the raw value.

    ``voice: VoiceIdsShared = "alloy"`` (a RootModel) is right for pydantic, which validates
    the default, but not for mypy; a factory builds the instance when it is needed (lazily,
    so the class may be defined further down the module).
    """
    represented = str(field.represented_default)
    data_type = field.data_type
    members = [t for t in (data_type.data_types or [data_type]) if t.type != "None"]
    if field.default is None or len(members) != 1 or members[0].reference is None:
        return represented
    source = members[0].reference.source
    if type(source).__name__ != "RootModel":
        return represented
    name = members[0].reference.short_name
    if unions and name in unions:  # a union is a type alias (no model_validate)
        return f"Field(default_factory=lambda: TypeAdapter({name}).validate_python({represented}))"
    return f"Field(default_factory=lambda: {name}.model_validate({represented}))"


def _nfkc_aliases(schemas: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Property names Python would read as another (``ａｂｃ`` is the identifier ``abc``).

    Python normalises identifiers with NFKC, so a class with fields ``ａｂｃ`` and ``abc`` would
    have one attribute. Such names get an ASCII field name of their own (``abc_nfkc``); the
    wire name stays the alias.
    """
    names: set[str] = set()
    stack: list[Any] = list(schemas.values())
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                names.update(k for k in props if isinstance(k, str))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    aliases: dict[str, str] = {}
    for name in sorted(names):
        if unicodedata.normalize("NFKC", name) != name:
            aliases[name] = safe_attribute(name) + "_nfkc"
        elif name in _AMBIGUOUS_NAMES:
            aliases[name] = name + "_"  # SendGrid's segment queries ``{l, op, r}``: ruff E741
    return aliases


# Names ruff (E741) refuses as variables: ``l``, ``O`` and ``I`` look like ``1`` and ``0``.
_AMBIGUOUS_NAMES = frozenset({"l", "O", "I"})


def _mark_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _mark_refs(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_mark_refs(value) for value in node]
    if isinstance(node, str) and node.startswith(COMPONENT_PREFIX):
        return node + _MARK
    return node


# dmcg ends a module with ``Model.model_rebuild()`` for every class with forward references.
# That builds the validator of the class and of everything it reaches at import, defeating
# ``defer_build`` (on Stripe: 70 calls, 2.4 s of a 3.5 s import). Deferred models resolve their
# forward references from the module on first use, so the calls are dropped.
_REBUILD = re.compile(r"^\w+\.model_rebuild\(\)$\n?", re.MULTILINE)


def _finish(source: str) -> str:
    source = _REBUILD.sub("", source)
    return source if source.endswith("\n") else source + "\n"


def dmcg_alone(document: dict[str, Any]) -> str:
    """datamodel-code-generator with its defaults, for the benchmark's comparison."""
    from datamodel_code_generator import InputFileType, generate
    from datamodel_code_generator.enums import DataModelType

    result = generate(
        document,
        input_file_type=InputFileType.OpenAPI,
        output_model_type=DataModelType.PydanticV2BaseModel,
    )
    return str(result)
