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

import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

from contract.errors import SourceError
from generator.naming import safe_attribute
from generator.schemas import SchemaRegistry

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "models"


def render_models(registry: SchemaRegistry, header: str, openapi_version: str, package: str) -> str:
    """The source of ``types.py``: one class per named schema."""
    if not registry.schemas:
        return header + "\nfrom __future__ import annotations\n"
    from datamodel_code_generator import InputFileType, PythonVersion, generate
    from datamodel_code_generator.enums import DataModelType

    document = {
        "openapi": openapi_version if openapi_version.startswith("3.") else "3.1.0",
        "info": {"title": "models", "version": "0"},
        "paths": {},
        "components": {"schemas": registry.schemas},
    }
    sdk_data = {
        "read_only": registry.read_only,
        "unions": {
            name: {
                "fallback": info.fallback,
                "property_literal": repr(info.property),
                "field_name": safe_attribute(info.property),
            }
            for name, info in registry.unions.items()
        },
    }
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
                    f"{package}._models.SdkModel",
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
            )
    except Exception as exc:  # dmcg raises many types; one clear line instead
        raise SourceError("models", f"datamodel-code-generator failed: {exc}") from None
    if not isinstance(output, str):
        modules = output if isinstance(output, dict) else {}
        raise SourceError("models", f"datamodel-code-generator split the models into {sorted(modules)}")
    return _finish(output)


def _finish(source: str) -> str:
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
