"""A live catalog: every page of ``GET /api/v1/models``, read into catalog records.

``fetch(base_url, api_key)`` follows ``next_cursor`` while ``has_more`` is true and
returns the ``PublicApiModel`` objects in the order served. ``to_model(entry)`` turns one
into a :class:`rivya.data.Model` (leniently: response objects are open, enums may grow),
and ``from_facts`` does the same for the contract's own catalog, so both sides of a drift
go through one compiler. Problems are :class:`LiveError` lines naming the URL and the
JSON pointer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from rivya_contract.rivya.data import MISSING, Credits, Lifecycle, Model, Param
from rivya_contract.rivya.facts import CatalogModel

MODELS_PATH = "/api/v1/models"
MAX_PAGES = 1000


class LiveError(ValueError):
    """One line: ``url: /pointer: what is wrong``."""


@dataclass(frozen=True)
class LiveCatalog:
    url: str
    entries: tuple[dict[str, Any], ...]  # PublicApiModel objects, in served order
    pages: int

    def models(self) -> tuple[Model, ...]:
        return tuple(to_model(entry, self.url, f"/data/{i}") for i, entry in enumerate(self.entries))

    def pointer(self, model_id: str) -> str | None:
        """The JSON pointer of ``model_id`` in the concatenated ``data`` of all pages."""
        for i, entry in enumerate(self.entries):
            if entry.get("id") == model_id:
                return f"/data/{i}"
        return None


def models_url(base_url: str) -> str:
    base = base_url.rstrip("/")
    if base.endswith("/api/v1"):
        base = base[: -len("/api/v1")]
    return base + MODELS_PATH


def fetch(
    base_url: str, api_key: str | None = None, *, timeout: float = 30.0, client: httpx.Client | None = None
) -> LiveCatalog:
    url = models_url(base_url)
    if not url.startswith(("http://", "https://")):
        raise LiveError(f"{base_url}: --base-url must be an http(s) URL")
    headers = {"Accept": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    own = client is None
    http = client or httpx.Client(timeout=timeout, follow_redirects=False)
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    params: dict[str, str] = {}
    pages = 0
    try:
        while True:
            pages += 1
            if pages > MAX_PAGES:
                raise LiveError(f"{url}: more than {MAX_PAGES} pages; stopping")
            try:
                response = http.get(url, params=params, headers=headers)
            except httpx.HTTPError as exc:
                raise LiveError(f"{url}: cannot fetch: {exc}") from None
            where = url + (f"?after={params['after']}" if params else "")
            if response.status_code != 200:
                raise LiveError(f"{where}: HTTP {response.status_code}{_error_text(response)}")
            try:
                body = response.json()
            except ValueError:
                raise LiveError(f"{where}: the response is not JSON") from None
            if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                raise LiveError(f"{where}: /data: expected a ModelList (an object with a `data` list)")
            for i, entry in enumerate(body["data"]):
                if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                    raise LiveError(f"{where}: /data/{i}: expected a PublicApiModel with a string `id`")
                entries.append(entry)
            cursor = body.get("next_cursor")
            if not body.get("has_more"):
                break
            if not isinstance(cursor, str) or not cursor:
                raise LiveError(f"{where}: /next_cursor: has_more is true but there is no cursor")
            if cursor in seen:
                raise LiveError(f"{where}: /next_cursor: the cursor {cursor!r} repeats; stopping")
            seen.add(cursor)
            params = {"after": cursor}
    finally:
        if own:
            http.close()
    ids = [e["id"] for e in entries]
    for i, model_id in enumerate(ids):
        if model_id in ids[:i]:
            raise LiveError(f"{url}: /data/{i}/id: model {model_id!r} is served twice")
    return LiveCatalog(url, tuple(entries), pages)


def _error_text(response: httpx.Response) -> str:
    try:
        error = response.json().get("error") or {}
        return f" ({error.get('code')}: {error.get('message')})" if error else ""
    except (ValueError, AttributeError):
        return ""


def to_model(entry: dict[str, Any], source: str, where: str) -> Model:
    """One live PublicApiModel as a catalog record. Open objects: extra fields are ignored."""

    def text(node: dict[str, Any], key: str, at: str, *, nullable: bool = False) -> Any:
        value = node.get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise LiveError(f"{source}: {at}/{key}: expected a string")
        return value

    credits_node = entry.get("credits")
    if not isinstance(credits_node, dict) or not isinstance(credits_node.get("unit"), str):
        raise LiveError(f"{source}: {where}/credits: expected ModelCredits with a `unit`")
    raw_params = entry.get("params") or []
    if not isinstance(raw_params, list):
        raise LiveError(f"{source}: {where}/params: expected a list of ModelParam")
    params = tuple(_param(p, source, f"{where}/params/{j}") for j, p in enumerate(raw_params))
    return Model(
        id=text(entry, "id", where),
        name=text(entry, "name", where),
        kind=text(entry, "kind", where),
        status=text(entry, "status", where),
        description=_text_or_empty(entry.get("description")),
        prompt_required=bool(entry.get("prompt_required")),
        credits=Credits(
            unit=credits_node["unit"],
            amount=_number(credits_node.get("amount")),
            input_amount=_number(credits_node.get("input_amount")),
            output_amount=_number(credits_node.get("output_amount")),
        ),
        lifecycle=Lifecycle(
            deprecated_at=text(entry, "deprecated_at", where, nullable=True),
            sunset_at=text(entry, "sunset_at", where, nullable=True),
            replaced_by=text(entry, "replaced_by", where, nullable=True),
        ),
        params=params,
        context_window=entry.get("context_window") if isinstance(entry.get("context_window"), int) else None,
        source=f"{source}#{where}",
    )


def _text_or_empty(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _number(value: Any) -> float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _param(node: Any, source: str, at: str) -> Param:
    if not isinstance(node, dict) or not isinstance(node.get("name"), str):
        raise LiveError(f"{source}: {at}: expected a ModelParam with a string `name`")
    type_ = node.get("type")
    if not isinstance(type_, str):
        raise LiveError(f"{source}: {at}/type: expected a string")
    enum = node.get("enum")
    kinds = node.get("accepted_kinds")
    return Param(
        name=node["name"],
        type=type_,
        required=bool(node.get("required")),
        description=_text_or_empty(node.get("description")),
        default=node.get("default", MISSING),
        enum=tuple(enum) if isinstance(enum, list) else None,
        minimum=_number(node.get("minimum")),
        maximum=_number(node.get("maximum")),
        min_length=_int(node.get("min_length")),
        max_length=_int(node.get("max_length")),
        min_items=_int(node.get("min_items")),
        max_items=_int(node.get("max_items")),
        item_schema=node.get("item_schema") if isinstance(node.get("item_schema"), str) else None,
        accepted_kinds=tuple(str(k) for k in kinds) if isinstance(kinds, list) else None,
    )


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def from_facts(m: CatalogModel) -> Model:
    """The contract's view of one model, as a catalog record."""
    credits = m.credits
    return Model(
        id=m.id,
        name=m.name,
        kind=m.kind,
        status=m.status,
        description=m.description,
        prompt_required=m.prompt_required,
        credits=Credits(
            unit=str(credits.get("unit")),
            amount=_number(credits.get("amount")),
            input_amount=_number(credits.get("input_amount")),
            output_amount=_number(credits.get("output_amount")),
        ),
        lifecycle=Lifecycle(m.deprecated_at, m.sunset_at, m.replaced_by),
        params=tuple(
            Param(
                name=p.name,
                type=p.type or "string",
                required=p.required,
                description=p.description or "",
                default=p.default if p.has_default else MISSING,
                enum=p.enum,
                minimum=p.minimum,
                maximum=p.maximum,
                min_length=p.min_length,
                max_length=p.max_length,
                min_items=p.min_items,
                max_items=p.max_items,
                item_schema=p.item_schema,
                accepted_kinds=p.accepted_kinds,
            )
            for p in m.params
        ),
        context_window=m.context_window,
        source=m.pointer,
    )
