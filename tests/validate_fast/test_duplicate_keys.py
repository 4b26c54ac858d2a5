"""The quick duplicate-key proof in contract.parse never lets a duplicate through.

It counts `":` in the raw text against the members of the parsed tree; these texts
are built to fool a naive count (colons inside strings, escaped quotes, spaced
colons), each with and without a duplicate key.
"""

from __future__ import annotations

import json

import orjson
import pytest

from rivya_contract.errors import SourceError
from rivya_contract.parse import _surely_no_duplicate_keys, parse

TRICKY = [
    '{"a": ":starts with a colon", "b": 1}',
    '{"a": "quote \\": colon", "b": {"c": "\\\\"}}',
    '{"back\\\\": 1, "slash\\\\\\"": 2}',
    '{"a" : 1, "b"\n:\t2, "c":3}',
    '{"list": [{"x": 1}, {"x": 2}, [{"y": ":"}]], "s": "\\"\\":"}',
]


@pytest.mark.parametrize("text", TRICKY)
def test_documents_without_duplicates_load(text):
    assert parse(text.encode(), "t.json", hint="json").tree == json.loads(text)


@pytest.mark.parametrize("text", TRICKY)
def test_a_duplicate_is_always_found(text):
    # repeat the first key of the outermost object
    first_key = next(iter(json.loads(text)))
    with_duplicate = text[:-1] + f", {json.dumps(first_key)}: 0}}"
    with pytest.raises(SourceError, match="duplicate key"):
        parse(with_duplicate.encode(), "t.json", hint="json")


@pytest.mark.parametrize("text", TRICKY)
def test_the_proof_never_claims_a_duplicate_free_text_with_a_duplicate(text):
    inner = '{"deep": {"k": ":", "k": "\\":"}}'
    combined = text[:-1] + f', "nested": {inner}}}'
    raw = combined.encode()
    assert not _surely_no_duplicate_keys(raw, orjson.loads(raw))
    with pytest.raises(SourceError, match="duplicate key 'k'"):
        parse(raw, "t.json", hint="json")


def test_the_proof_holds_for_plain_documents():
    raw = json.dumps({"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": {}}}}}, indent=2).encode()
    assert _surely_no_duplicate_keys(raw, orjson.loads(raw))
