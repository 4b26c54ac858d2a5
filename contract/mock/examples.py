"""The contract's examples as the mock's initial world (Rivya profile, default account).

An id, cursor, file or URL the contract shows in an example must work against the mock:
a client that copies the documentation, or a tool that replays the examples
(schemathesis' first phase), reaches real objects. Read from the 2xx response examples
by their schema (``PublicApiFile``, ``PublicGeneration``, ``ChatSession``, the webhook
schemas and lists) and from the files that request examples reference in
``params.referenceMediaItems``.

Files are re-dated to the mock's start (uploaded now, expiring after the files' TTL),
so the example files stay referenceable; everything else keeps its example dates.
The example webhook endpoint is stored ``disabled``: the mock never sends deliveries
to a host it was not given.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from rivya_contract.document import Document
from rivya_contract.mock.state import Endpoint, Generation, Session, StoredFile, iso

if TYPE_CHECKING:
    from rivya_contract.mock.rivya import RivyaState

_SCHEMAS = "#/components/schemas/"


def seed(state: RivyaState) -> None:
    doc = state.app.doc
    found: dict[str, list[dict[str, Any]]] = {}
    for schema_name, value in _response_examples(doc):
        found.setdefault(schema_name, []).append(value)
    for name in ("ChatSessionList", "WebhookEndpointList", "WebhookEventList", "WebhookDeliveryList"):
        for envelope in found.pop(name, []):
            item_schema = name.removesuffix("List")
            found.setdefault(item_schema, []).extend(i for i in envelope.get("data") or [] if isinstance(i, dict))
    for value in found.get("PublicApiFile", []):
        _add_file(state, dict(value))
    for item in _reference_items(doc):
        _add_referenced_file(state, item)
    generations: dict[str, dict[str, Any]] = {}
    for value in found.get("PublicGeneration", []):
        if _terminal_last(state, generations.get(str(value.get("id"))), value):
            generations[str(value.get("id"))] = value
    for value in generations.values():
        _add_generation(state, value)
    for value in found.get("ChatSession", []):
        _add_session(state, value)
    for value in found.get("WebhookEndpoint", []) + found.get("WebhookEndpointWithSecret", []):
        _add_endpoint(state, value)
    seen = {e["id"] for e in state.events}
    for value in sorted(found.get("WebhookEvent", []), key=lambda e: str(e.get("created_at")), reverse=True):
        if value.get("id") not in seen:
            state.events.append(value)
            seen.add(value.get("id"))
    for value in found.get("WebhookDelivery", []):
        log = state.deliverer.log.get(str(value.get("endpoint_id")))
        if log is not None and all(d.get("id") != value.get("id") for d in log):
            log.append(value)


def _response_examples(doc: Document) -> list[tuple[str, dict[str, Any]]]:
    """(schema name, example value) of every 2xx JSON response example."""
    found = []
    for op in doc.operations():
        for status, response in (op.node.get("responses") or {}).items():
            if not str(status).startswith("2"):
                continue
            content = (doc.resolve(response) or {}).get("content") or {}
            media = content.get("application/json")
            if not isinstance(media, dict):
                continue
            ref = (media.get("schema") or {}).get("$ref", "")
            if not isinstance(ref, str) or not ref.startswith(_SCHEMAS):
                continue
            for example in (media.get("examples") or {}).values():
                value = doc.resolve(example).get("value") if isinstance(example, dict) else None
                if isinstance(value, dict):
                    found.append((ref[len(_SCHEMAS) :], value))
    return found


def _reference_items(doc: Document) -> list[dict[str, Any]]:
    items = []
    for op in doc.operations():
        body = doc.resolve(op.node.get("requestBody")) or {}
        for media in (body.get("content") or {}).values():
            for example in ((media or {}).get("examples") or {}).values():
                value = doc.resolve(example).get("value") if isinstance(example, dict) else None
                params = value.get("params") if isinstance(value, dict) else None
                listed = params.get("referenceMediaItems") if isinstance(params, dict) else None
                items += [i for i in listed or [] if isinstance(i, dict) and isinstance(i.get("url"), str)]
    return items


def _seconds(text: Any, default: float) -> float:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return default


def _add_file(state: RivyaState, public: dict[str, Any]) -> None:
    file_id = str(public.get("id"))
    known = state.files.get(file_id)
    if known is not None:
        if isinstance(public.get("url"), str):
            state.add_url(known, public["url"])
        return
    now = state.clock()
    expires = int(now + state.limits.file_ttl_seconds)
    public = {**public, "created_at": iso(now), "expires_at": iso(expires)}
    urls = {public["url"]} if isinstance(public.get("url"), str) else set()
    state.add_file(StoredFile(public, int(public.get("size_bytes") or 0), expires, urls))


def _add_referenced_file(state: RivyaState, item: dict[str, Any]) -> None:
    """A file that a request example references by URL (``/v1/<file_id>/<name>``)."""
    url = item["url"]
    parts = urlsplit(url).path.strip("/").split("/")
    file_id = next((p for p in parts if p.startswith("file_")), None)
    if file_id is None:
        return
    duration = item.get("durationSeconds")
    _add_file(
        state,
        {
            "id": file_id,
            "kind": item.get("kind"),
            "filename": item.get("name") or parts[-1],
            "mime_type": item.get("mimeType"),
            "size_bytes": 0,
            "width": None,
            "height": None,
            "duration_seconds": duration,
            "duration_token": item.get("durationToken"),
            "url": url,
            "model": None,
            "client_request_id": None,
        },
    )


def _terminal_last(state: RivyaState, old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    """Whether ``new`` should replace ``old``: a later state of the same generation wins."""
    if old is None:
        return True
    return old.get("status") not in state.terminal or new.get("status") in state.terminal


def _add_generation(state: RivyaState, public: dict[str, Any]) -> None:
    model = state.models.get(str(public.get("model")))
    created = _seconds(public.get("created_at"), state.clock())
    gen = Generation(
        id=str(public["id"]),
        model=str(public.get("model")),
        kind=model.kind if model else "image",
        prompt=None,
        params={},
        client_request_id=public.get("client_request_id"),
        reserved=float(public.get("reserved_credits") or 0),
        created=created,
        status=str(public.get("status", "queued")),
        updated=_seconds(public.get("updated_at"), created),
        final=public.get("final_credits"),
        result=public.get("result"),
        error=public.get("error"),
    )
    state.add_generation(gen)


def _add_session(state: RivyaState, public: dict[str, Any]) -> None:
    created = _seconds(public.get("created_at"), state.clock())
    session = Session(
        id=str(public["id"]),
        model=str(public.get("model")),
        created=created,
        updated=_seconds(public.get("updated_at"), created),
        title=public.get("title"),
        messages=[m for m in public.get("messages") or [] if isinstance(m, dict)],
    )
    session.usage.update({k: int(v) for k, v in (public.get("usage") or {}).items() if isinstance(v, int)})
    known = state.sessions.get(session.id)
    if known is None or len(session.messages) > len(known.messages):
        state.sessions[session.id] = session


def _add_endpoint(state: RivyaState, public: dict[str, Any]) -> None:
    endpoint_id = str(public["id"])
    if endpoint_id in state.endpoints:
        return
    created = _seconds(public.get("created_at"), state.clock())
    state.endpoints[endpoint_id] = Endpoint(
        id=endpoint_id,
        url=str(public.get("url")),
        description=public.get("description"),
        events=list(public.get("enabled_events") or []),
        status="disabled",
        secret=str(public.get("secret") or "whsec_" + state.ids.hex(32)),
        created=created,
        updated=_seconds(public.get("updated_at"), created),
    )
    state.deliverer.log.setdefault(endpoint_id, [])
