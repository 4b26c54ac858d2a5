"""The pieces of the generic engine on real inputs: boundary values, media kinds, links
(declared and inferred), the error-shape-agnostic reference exemption, signatures."""

from __future__ import annotations

import copy
import re
from datetime import datetime
from typing import Any

import pytest

from rivya_contract.document import Document
from rivya_contract.proptest import coverage, media, schema_view, stateful
from rivya_contract.proptest.checks import Exchange, OperationChecks
from rivya_contract.proptest.requests import OperationRequests, Request, find_operation
from rivya_contract.proptest.runner import request_is_valid
from tests.proptest import inventory_app as app

DOC = Document(app.SPEC, "inventory.json")
CREATE = find_operation(DOC, "POST /items")


def _edges(schema: dict[str, Any]) -> list[coverage.Edge]:
    space, _ = schema_view.for_schema(schema)
    return coverage.values(space, schema, "")


def test_date_time_edges_carry_offsets_and_a_leap_day_and_all_validate() -> None:
    edges = [e.value for e in _edges({"type": "string", "format": "date-time"})]
    offsets = [v for v in edges if isinstance(v, str) and re.search(r"[+-]\d\d:\d\d$", v)]
    assert len(offsets) >= 3 and any(v.startswith("2024-02-29") for v in offsets)
    assert all(datetime.fromisoformat(v) for v in offsets)


def test_number_edges_are_the_bounds_and_one_past() -> None:
    values = {e.value for e in _edges({"type": "integer", "minimum": 1, "maximum": 50})}
    assert {0, 1, 50, 51} <= values


def test_a_patterned_field_gets_max_length_plus_one_that_still_matches() -> None:
    sku = app.SPEC["components"]["schemas"]["Item"]["properties"]["sku"]
    values = [e.value for e in _edges(sku) if isinstance(e.value, str)]
    longer = [v for v in values if len(v) == sku["maxLength"] + 1]
    assert longer and all(re.fullmatch(sku["pattern"], v) for v in longer)


def test_strings_get_empty_longest_unicode_and_null_where_not_nullable() -> None:
    edges = _edges({"type": "string", "maxLength": 5})
    values = [e.value for e in edges]
    assert "" in values and "aaaaa" in values and "aaaaaa" in values
    assert any(isinstance(v, str) and not v.isascii() for v in values)
    assert None in values  # null where the schema does not allow it: an invalid case


def test_boundary_requests_skip_read_only_required_fields_and_are_classified() -> None:
    builder = OperationRequests(DOC, CREATE)
    base = Request(
        "POST /items", "POST", "/items",
        body={"name": "a", "sku": "ABC-1", "quantity": 1, "price": 1, "tags": []},
        media_type="application/json", has_body=True,
    )  # fmt: skip
    assert request_is_valid(builder, base)  # "id" is required in Item, but read-only
    cases = coverage.boundary_requests(builder, base)
    missing = {c.violation.detail for c in cases if c.violation and c.violation.keyword == "required"}
    assert "required 'name' missing" in missing and not any("'id'" in m for m in missing)
    by_value = {c.body.get("quantity"): request_is_valid(builder, c) for c in cases if "quantity" in c.body}
    assert by_value[10000] is True and by_value[10001] is False and by_value[-1] is False


@pytest.mark.parametrize(
    ("content_type", "body", "values"),
    [
        ("application/x-ndjson", b"", []),
        ("application/x-ndjson", b'{"a":1}\n{"a":2}\n', [{"a": 1}, {"a": 2}]),
        ("application/problem+json", b'{"title":"x"}', [{"title": "x"}]),
        ("text/csv", b"a,b\n1,2\n", []),
        ("application/octet-stream", b"\xff\x00", []),
    ],
)
def test_bodies_are_read_by_their_media_kind(content_type: str, body: bytes, values: list[Any]) -> None:
    assert media.documents(media.kind(content_type), body) == values


def test_unreadable_bodies_say_why() -> None:
    with pytest.raises(media.BodyError, match="line 2 is not JSON"):
        media.documents(media.MediaKind.NDJSON, b'{"a":1}\nnope\n')
    with pytest.raises(media.BodyError, match="not UTF-8"):
        media.documents(media.MediaKind.TEXT, b"\xff")


def test_links_declared_and_inferred() -> None:
    space = schema_view.view(DOC)
    (items,) = stateful.resources(DOC, list(DOC.operations()), space)
    assert items.get == "GET /items/{item_id}"  # the declared link (GetItem)
    assert items.updates == ["PATCH /items/{item_id}"] and items.delete == "DELETE /items/{item_id}"  # inferred
    assert items.consumers["DELETE /items/{item_id}"] == {"item_id": "/id"}
    bare = copy.deepcopy(app.SPEC)
    del bare["paths"]["/items"]["post"]["responses"]["201"]["links"]
    doc = Document(bare, "bare.json")
    (inferred,) = stateful.resources(doc, list(doc.operations()), schema_view.view(doc))
    assert inferred.get == "GET /items/{item_id}" and set(inferred.consumers) == set(items.consumers)


def _rejected(body: bytes, query: dict[str, Any], media_type: str = "application/json") -> list[str]:
    op = find_operation(DOC, "GET /items")
    request = Request("GET /items", "GET", "/items", query=query)
    exchange = Exchange(request, request.prepare("http://x"), 400, [("content-type", media_type)], body, "valid")
    return [rule for rule, _ in OperationChecks(DOC, op).run(exchange) if rule == "valid-request-accepted"]


@pytest.mark.parametrize(
    "body",
    [
        b'{"type":"about:blank","title":"bad","status":400,"invalid-params":[{"name":"cursor"}]}',  # RFC 7807
        b'{"errors":{"cursor":["unknown"]}}',  # the field name as a key
        b'{"message":"no such page: zzqx91"}',  # the value echoed
        b'{"error":{"param":"cursor","code":"invalid_cursor"}}',  # an envelope naming the parameter
    ],
)
def test_a_documented_400_for_an_opaque_value_is_no_failure_whatever_its_shape(body: bytes) -> None:
    assert _rejected(body, {"cursor": "zzqx91"}) == []


def test_a_400_blaming_a_constrained_value_is_a_failure() -> None:
    body = b'{"type":"about:blank","title":"bad","status":400,"invalid-params":[{"name":"limit"}]}'
    assert _rejected(body, {"limit": 5}) == ["valid-request-accepted"]


def test_a_cursor_the_server_issued_is_no_longer_exempt() -> None:
    op = find_operation(DOC, "GET /items")
    request = Request("GET /items", "GET", "/items", query={"cursor": "c20"}, linked=frozenset({"cursor"}))
    body = b'{"type":"about:blank","title":"bad","status":400,"invalid-params":[{"name":"cursor"}]}'
    headers = [("content-type", "application/problem+json")]
    exchange = Exchange(request, request.prepare("http://x"), 400, headers, body)
    assert [r for r, _ in OperationChecks(DOC, op).run(exchange)] == ["valid-request-accepted"]
