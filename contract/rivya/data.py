"""The Rivya model catalog as data: typed records and the loader of the catalog folder.

The folder (``contract/rivya/catalog/`` in the package) holds one YAML file per model under
``models/``, plus ``errors.yaml``, ``scopes.yaml`` and ``limits.yaml``. ``load(folder)``
reads and checks all of it; a problem is one :class:`CatalogError` line naming the file,
the field and what is wrong. Nothing here knows about OpenAPI: ``rivya.build`` compiles
these records into the contract.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"

PARAM_TYPES = ("string", "integer", "number", "boolean", "array")
CREDIT_UNITS = ("output", "second", "1k_characters", "1k_tokens")
# ModelParam field order, as GET /api/v1/models serves each parameter.
PARAM_KEYS = (
    "name",
    "type",
    "required",
    "description",
    "default",
    "enum",
    "minimum",
    "maximum",
    "min_length",
    "max_length",
    "min_items",
    "max_items",
    "item_schema",
    "accepted_kinds",
)
_NUMERIC = ("minimum", "maximum")
_LENGTHS = ("min_length", "max_length")
_ITEMS = ("min_items", "max_items")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")


class CatalogError(ValueError):
    """One line: ``file: field: what is wrong``."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Param:
    """One model parameter in ModelParam form (what GET /api/v1/models serves)."""

    name: str
    type: str
    required: bool
    description: str
    default: Any = MISSING
    enum: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    item_schema: str | None = None
    accepted_kinds: tuple[str, ...] | None = None

    @property
    def has_default(self) -> bool:
        return self.default is not MISSING

    def to_model_param(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in PARAM_KEYS:
            value = getattr(self, key)
            if value is None or value is MISSING:
                continue
            out[key] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True)
class Credits:
    unit: str
    amount: float | None = None
    input_amount: float | None = None
    output_amount: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"unit": self.unit}
        for key in ("amount", "input_amount", "output_amount"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True)
class Lifecycle:
    deprecated_at: str | None = None
    sunset_at: str | None = None
    replaced_by: str | None = None


@dataclass(frozen=True)
class Model:
    id: str
    name: str
    kind: str
    status: str
    description: str
    prompt_required: bool
    credits: Credits
    lifecycle: Lifecycle
    params: tuple[Param, ...] = ()
    example: Mapping[str, Any] | None = None  # a generation request without `model`
    context_window: int | None = None  # chat models: tokens
    position: int | None = None
    source: str = ""

    @property
    def is_chat(self) -> bool:
        return self.kind == "chat"


@dataclass(frozen=True)
class ErrorCode:
    code: str
    http_status: int | None
    meaning: str
    example_message: str
    example_param: str | None = None


@dataclass(frozen=True)
class ErrorResponse:
    name: str
    status: int
    description: str
    headers: Mapping[str, str] = field(default_factory=dict)  # header name -> components/headers name


@dataclass(frozen=True)
class Errors:
    example_request_id: str
    doc_url: str
    codes: tuple[ErrorCode, ...]
    responses: tuple[ErrorResponse, ...]


@dataclass(frozen=True)
class Scope:
    scope: str
    grants: str


@dataclass(frozen=True)
class Limits:
    max_upload_bytes: int
    max_json_body_bytes: int
    prompt_max_length: int
    max_active_generations: int
    max_webhook_endpoints: int
    file_ttl_seconds: int
    result_ttl_seconds: int
    accepted_upload_types: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Webhooks:
    signature_tolerance_seconds: int
    max_attempts: int
    retry_delays_seconds: tuple[int, ...]


@dataclass(frozen=True)
class Enums:
    media_kinds: tuple[str, ...]
    model_kinds: tuple[str, ...]
    model_statuses: tuple[str, ...]
    generation_statuses: tuple[str, ...]
    terminal_generation_statuses: tuple[str, ...]
    webhook_event_types: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    models: tuple[Model, ...]
    errors: Errors
    scopes: tuple[Scope, ...]
    limits: Limits
    webhooks: Webhooks
    enums: Enums

    @property
    def generation_models(self) -> tuple[Model, ...]:
        return tuple(m for m in self.models if not m.is_chat)

    @property
    def chat_models(self) -> tuple[Model, ...]:
        return tuple(m for m in self.models if m.is_chat)

    def model(self, model_id: str) -> Model | None:
        return next((m for m in self.models if m.id == model_id), None)


# ----- reading ----------------------------------------------------------------------


class _Reader:
    """Typed reads from one mapping, each error naming the file and the field."""

    def __init__(self, source: str, node: Any, where: str = "") -> None:
        self.source, self.where = source, where
        if not isinstance(node, dict):
            raise self.error(f"expected a mapping, got {_kind(node)}")
        self.node: dict[str, Any] = node
        self.seen: set[str] = set()

    def error(self, what: str, key: str | None = None) -> CatalogError:
        at = self.where + ("." if self.where and key else "") + (key or "")
        return CatalogError(f"{self.source}: {at or '(top level)'}: {what}")

    def child(self, key: str, node: Any) -> _Reader:
        return _Reader(self.source, node, self.where + ("." if self.where else "") + key)

    def get(self, key: str, required: bool = True) -> Any:
        self.seen.add(key)
        if key not in self.node:
            if required:
                raise self.error("required field is missing", key)
            return MISSING
        return self.node[key]

    def str_(self, key: str, *, required: bool = True, nullable: bool = False, choices: Sequence[str] = ()) -> Any:
        value = self.get(key, required)
        if value is MISSING or (nullable and value is None):
            return None
        if not isinstance(value, str) or not value:
            raise self.error(f"expected a non-empty string, got {_kind(value)}", key)
        if choices and value not in choices:
            raise self.error(f"{value!r} is not one of {', '.join(choices)}", key)
        return value

    def int_(self, key: str, *, required: bool = True, nullable: bool = False, minimum: int = 0) -> Any:
        value = self.get(key, required)
        if value is MISSING or (nullable and value is None):
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.error(f"expected an integer, got {_kind(value)}", key)
        if value < minimum:
            raise self.error(f"must be at least {minimum}, got {value}", key)
        return value

    def num(self, key: str, *, required: bool = True) -> Any:
        value = self.get(key, required)
        if value is MISSING:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self.error(f"expected a number, got {_kind(value)}", key)
        return value

    def bool_(self, key: str) -> bool:
        value = self.get(key)
        if not isinstance(value, bool):
            raise self.error(f"expected true or false, got {_kind(value)}", key)
        return value

    def strs(self, key: str, *, required: bool = True, choices: Sequence[str] = ()) -> Any:
        value = self.get(key, required)
        if value is MISSING:
            return None
        if not isinstance(value, list) or not value:
            raise self.error(f"expected a non-empty list of strings, got {_kind(value)}", key)
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise self.error(f"expected a string, got {_kind(item)}", f"{key}[{i}]")
            if choices and item not in choices:
                raise self.error(f"{item!r} is not one of {', '.join(choices)}", f"{key}[{i}]")
        if len(set(value)) != len(value):
            raise self.error("lists a value twice", key)
        return tuple(value)

    def list_(self, key: str, *, required: bool = True) -> list[Any]:
        value = self.get(key, required)
        if value is MISSING:
            return []
        if not isinstance(value, list):
            raise self.error(f"expected a list, got {_kind(value)}", key)
        return value

    def done(self) -> None:
        extra = sorted(set(self.node) - self.seen)
        if extra:
            raise self.error(f"unknown field (expected one of {', '.join(sorted(self.seen))})", extra[0])


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return {dict: "a mapping", list: "a list", str: "a string", int: "an integer", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _yaml(path: Path, root: Path) -> tuple[str, Any]:
    source = path.relative_to(root.parent).as_posix() if path.is_relative_to(root.parent) else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{source}: cannot read: {exc}") from None
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return source, yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        raise CatalogError(f"{source}: {line}not valid YAML: {getattr(exc, 'problem', exc)}") from None


def load(folder: Path = CATALOG_DIR) -> Catalog:
    """Read and check the catalog folder. Raises CatalogError (file: field: what)."""
    if not folder.is_dir():
        raise CatalogError(f"{folder}: not a catalog folder")
    limits, webhooks, enums = _limits(*_yaml(folder / "limits.yaml", folder))
    errors = _errors(*_yaml(folder / "errors.yaml", folder))
    scopes = _scopes(*_yaml(folder / "scopes.yaml", folder))
    models_dir = folder / "models"
    files = sorted(models_dir.glob("*.yaml")) if models_dir.is_dir() else []
    if not files:
        raise CatalogError(f"{models_dir}: no model files (models/<id>.yaml)")
    models = [_model(*_yaml(path, folder), path.stem, enums) for path in files]
    models.sort(key=lambda m: (m.position is None, m.position or 0, m.id))
    _check_models(models)
    return Catalog(tuple(models), errors, scopes, limits, webhooks, enums)


def _limits(source: str, node: Any) -> tuple[Limits, Webhooks, Enums]:
    top = _Reader(source, node)
    lim = top.child("limits", top.get("limits"))
    types = lim.child("accepted_upload_types", lim.get("accepted_upload_types"))
    accepted = {kind: types.strs(kind) for kind in list(types.node)}
    types.done()
    limits = Limits(
        max_upload_bytes=lim.int_("max_upload_bytes", minimum=1),
        max_json_body_bytes=lim.int_("max_json_body_bytes", minimum=1),
        prompt_max_length=lim.int_("prompt_max_length", minimum=1),
        max_active_generations=lim.int_("max_active_generations", minimum=1),
        max_webhook_endpoints=lim.int_("max_webhook_endpoints", minimum=1),
        file_ttl_seconds=lim.int_("file_ttl_seconds", minimum=1),
        result_ttl_seconds=lim.int_("result_ttl_seconds", minimum=1),
        accepted_upload_types=accepted,
    )
    lim.done()
    hooks = top.child("webhooks", top.get("webhooks"))
    delays = hooks.list_("retry_delays_seconds")
    for i, delay in enumerate(delays):
        if not isinstance(delay, int) or isinstance(delay, bool) or delay <= 0:
            raise hooks.error(f"expected a positive integer, got {_kind(delay)}", f"retry_delays_seconds[{i}]")
    webhooks = Webhooks(
        signature_tolerance_seconds=hooks.int_("signature_tolerance_seconds", minimum=1),
        max_attempts=hooks.int_("max_attempts", minimum=1),
        retry_delays_seconds=tuple(delays),
    )
    if len(delays) != webhooks.max_attempts - 1:
        raise hooks.error(f"lists {len(delays)} delays; max_attempts {webhooks.max_attempts} needs one fewer")
    hooks.done()
    en = top.child("enums", top.get("enums"))
    statuses = en.strs("generation_statuses")
    enums = Enums(
        media_kinds=en.strs("media_kinds"),
        model_kinds=en.strs("model_kinds"),
        model_statuses=en.strs("model_statuses"),
        generation_statuses=statuses,
        terminal_generation_statuses=en.strs("terminal_generation_statuses", choices=statuses),
        webhook_event_types=en.strs("webhook_event_types"),
    )
    en.done()
    unknown = sorted(set(accepted) - set(enums.media_kinds))
    if unknown:
        raise types.error(f"{unknown[0]!r} is not a media kind ({', '.join(enums.media_kinds)})")
    top.done()
    return limits, webhooks, enums


def _errors(source: str, node: Any) -> Errors:
    top = _Reader(source, node)
    codes: list[ErrorCode] = []
    for i, item in enumerate(top.list_("codes")):
        r = top.child(f"codes[{i}]", item)
        codes.append(
            ErrorCode(
                code=r.str_("code"),
                http_status=r.int_("http_status", nullable=True, minimum=400),
                meaning=r.str_("meaning"),
                example_message=r.str_("example_message"),
                example_param=r.str_("example_param", required=False),
            )
        )
        r.done()
    seen = [c.code for c in codes]
    for i, code in enumerate(seen):
        if code in seen[:i]:
            raise top.error(f"error code {code!r} is declared twice", f"codes[{i}].code")
    responses: list[ErrorResponse] = []
    for i, item in enumerate(top.list_("responses")):
        r = top.child(f"responses[{i}]", item)
        headers_node = r.get("headers", required=False)
        headers: dict[str, str] = {}
        if headers_node is not MISSING:
            h = r.child("headers", headers_node)
            headers = {name: h.str_(name) for name in list(h.node)}
            h.done()
        responses.append(ErrorResponse(r.str_("name"), r.int_("status", minimum=400), r.str_("description"), headers))
        r.done()
    errors = Errors(top.str_("example_request_id"), top.str_("doc_url"), tuple(codes), tuple(responses))
    top.done()
    return errors


def _scopes(source: str, node: Any) -> tuple[Scope, ...]:
    top = _Reader(source, node)
    scopes = []
    for i, item in enumerate(top.list_("scopes")):
        r = top.child(f"scopes[{i}]", item)
        scopes.append(Scope(r.str_("scope"), r.str_("grants")))
        r.done()
    top.done()
    return tuple(scopes)


def _model(source: str, node: Any, stem: str, enums: Enums) -> Model:
    r = _Reader(source, node)
    model_id = r.str_("id")
    if model_id != stem:
        raise r.error(f"{model_id!r} does not match the file name ({stem}.yaml)", "id")
    if not _MODEL_ID.match(model_id):
        raise r.error(f"{model_id!r} is not a model ID (lowercase letters, digits, '.', '-')", "id")
    kind = r.str_("kind", choices=enums.model_kinds)
    status = r.str_("status", choices=enums.model_statuses)
    credits = _credits(r.child("credits", r.get("credits")))
    life = r.child("lifecycle", r.get("lifecycle"))
    lifecycle = Lifecycle(
        deprecated_at=_date(life, "deprecated_at"),
        sunset_at=_date(life, "sunset_at"),
        replaced_by=life.str_("replaced_by", nullable=True),
    )
    life.done()
    if status == "deprecated" and (lifecycle.sunset_at is None or lifecycle.replaced_by is None):
        raise life.error("a deprecated model needs sunset_at and replaced_by")
    if lifecycle.sunset_at and lifecycle.deprecated_at and lifecycle.sunset_at < lifecycle.deprecated_at:
        raise life.error(f"sunset_at {lifecycle.sunset_at} is before deprecated_at {lifecycle.deprecated_at}")
    chat = kind == "chat"
    params: list[Param] = []
    for i, item in enumerate(r.list_("params", required=not chat)):
        params.append(_param(r.child(f"params[{i}]", item), enums))
    names = [p.name for p in params]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise r.error(f"parameter {name!r} is declared twice", f"params[{i}].name")
    example = r.get("example", required=not chat)
    if example is not MISSING and not isinstance(example, dict):
        raise r.error(f"expected a mapping (a generation request without `model`), got {_kind(example)}", "example")
    if chat and (params or example is not MISSING):
        raise r.error("chat models take no params and no example (they run on the Chat API)", "params")
    context = r.int_("context_window", required=chat, minimum=1)
    if context is not None and not chat:
        raise r.error("only chat models have a context window", "context_window")
    model = Model(
        id=model_id,
        name=r.str_("name"),
        kind=kind,
        status=status,
        description=r.str_("description"),
        prompt_required=r.bool_("prompt_required"),
        credits=credits,
        lifecycle=lifecycle,
        params=tuple(params),
        example=None if example is MISSING else example,
        context_window=context,
        position=r.int_("position", required=False),
        source=source,
    )
    r.done()
    if chat != (credits.unit == "1k_tokens"):
        raise r.error(f"unit {credits.unit!r} does not fit a {kind} model", "credits.unit")
    return model


def _date(r: _Reader, key: str) -> str | None:
    value = r.get(key)
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else value
    if not isinstance(text, str) or not _DATE.match(text):
        raise r.error(f"expected a date YYYY-MM-DD or null, got {_kind(value)}", key)
    return text


def _credits(r: _Reader) -> Credits:
    unit = r.str_("unit", choices=CREDIT_UNITS)
    tokens = unit == "1k_tokens"
    credits = Credits(
        unit=unit,
        amount=r.num("amount", required=not tokens),
        input_amount=r.num("input_amount", required=tokens),
        output_amount=r.num("output_amount", required=tokens),
    )
    r.done()
    if tokens and credits.amount is not None:
        raise r.error("1k_tokens prices use input_amount and output_amount, not amount", "amount")
    if not tokens and (credits.input_amount is not None or credits.output_amount is not None):
        raise r.error(f"unit {unit!r} takes amount only", "input_amount")
    for key in ("amount", "input_amount", "output_amount"):
        value = getattr(credits, key)
        if value is not None and value < 0:
            raise r.error(f"must not be negative, got {value}", key)
    return credits


def _param(r: _Reader, enums: Enums) -> Param:
    type_ = r.str_("type", choices=PARAM_TYPES)
    enum = r.get("enum", required=False)
    if enum is not MISSING and (not isinstance(enum, list) or not enum):
        raise r.error(f"expected a non-empty list, got {_kind(enum)}", "enum")
    p = Param(
        name=r.str_("name"),
        type=type_,
        required=r.bool_("required"),
        description=r.str_("description"),
        default=r.get("default", required=False),
        enum=None if enum is MISSING else tuple(enum),
        minimum=r.num("minimum", required=False),
        maximum=r.num("maximum", required=False),
        min_length=r.int_("min_length", required=False),
        max_length=r.int_("max_length", required=False),
        min_items=r.int_("min_items", required=False),
        max_items=r.int_("max_items", required=False),
        item_schema=r.str_("item_schema", required=False),
        accepted_kinds=r.strs("accepted_kinds", required=False, choices=enums.media_kinds),
    )
    r.done()
    allowed = {
        "string": ("enum", *_LENGTHS),
        "integer": ("enum", *_NUMERIC),
        "number": ("enum", *_NUMERIC),
        "boolean": (),
        "array": (*_ITEMS, "item_schema", "accepted_kinds"),
    }[type_]
    for key in ("enum", *_NUMERIC, *_LENGTHS, *_ITEMS, "item_schema", "accepted_kinds"):
        if getattr(p, key) is not None and key not in allowed:
            raise r.error(f"does not apply to a {type_} parameter", key)
    if type_ == "array" and p.item_schema is None:
        raise r.error("an array parameter names its item_schema", "item_schema")
    for low, high in (_NUMERIC, _LENGTHS, _ITEMS):
        lo, hi = getattr(p, low), getattr(p, high)
        if lo is not None and hi is not None and lo > hi:
            raise r.error(f"{low} {lo} is above {high} {hi}", low)
    if p.enum is not None:
        for i, value in enumerate(p.enum):
            if not _fits_type(value, type_):
                raise r.error(f"{value!r} is not a {type_}", f"enum[{i}]")
    if p.has_default:
        problem = _default_problem(p)
        if problem:
            raise r.error(problem, "default")
    return p


def _fits_type(value: Any, type_: str) -> bool:
    if type_ == "string":
        return isinstance(value, str)
    if type_ == "boolean":
        return isinstance(value, bool)
    if type_ == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_ == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, list)


def _default_problem(p: Param) -> str | None:
    value = p.default
    if not _fits_type(value, p.type):
        return f"{value!r} is not a {p.type}"
    if p.enum is not None and value not in p.enum:
        return f"{value!r} is not one of the enum values"
    if p.minimum is not None and value < p.minimum:
        return f"{value!r} is below minimum {p.minimum}"
    if p.maximum is not None and value > p.maximum:
        return f"{value!r} is above maximum {p.maximum}"
    if p.type == "string" and p.max_length is not None and len(value) > p.max_length:
        return f"is longer than max_length {p.max_length}"
    return None


def _check_models(models: list[Model]) -> None:
    ids = {m.id for m in models}
    for m in models:
        target = m.lifecycle.replaced_by
        if target is not None and target not in ids:
            raise CatalogError(f"{m.source}: lifecycle.replaced_by: {target!r} is not a model of the catalog")
        if target == m.id:
            raise CatalogError(f"{m.source}: lifecycle.replaced_by: a model cannot replace itself")
        if m.example is not None:
            params = m.example.get("params") or {}
            known = {p.name for p in m.params}
            for name in params if isinstance(params, dict) else ():
                if name not in known:
                    raise CatalogError(f"{m.source}: example.params.{name}: not a parameter of this model")


def iter_files(folder: Path = CATALOG_DIR) -> Iterator[Path]:
    """Every data file of the catalog folder (for the packaging test and `catalog build`)."""
    yield from sorted(p for p in folder.rglob("*.yaml") if p.is_file())
