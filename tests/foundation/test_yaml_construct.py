"""YAML: the plain fast constructor builds exactly what PyYAML's general constructor builds."""

from __future__ import annotations

import json

import pytest
import yaml

from rivya_contract import parse
from rivya_contract.errors import SourceError
from rivya_contract.load import BUNDLED_CONTRACT
from tests.corpus import corpus_path


def _both(text: str) -> tuple[object, object]:
    fast_loader, general_loader = parse._StrictLoader(text), parse._StrictLoader(text)
    try:
        fast = parse._construct_plain(fast_loader.get_single_node(), fast_loader)
        general = general_loader.construct_document(general_loader.get_single_node())
    finally:
        fast_loader.dispose()
        general_loader.dispose()
    return fast, general


def test_the_bundled_contract_as_yaml_builds_the_same_tree_both_ways() -> None:
    tree = json.loads(BUNDLED_CONTRACT.read_text())
    fast, general = _both(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True))
    assert fast == general == tree


@pytest.mark.parametrize(
    "text",
    [
        "d: 2026-05-11\nf: 1.5\ni: 0x10\nn: ~\nb: yes\ne: 1e3\nbig: 9223372036854776000\n",
        "200: {d: x}\ntrue: 1\nnull: 2\n3.5: f\n",
        "a: [1, [2, {b: c}], '', \"q\"]\n",
        "s: |\n  line\n  two\nt: >\n  folded\n",
    ],
)
def test_scalars_keys_and_nesting_match_the_general_constructor(text: str) -> None:
    fast, general = _both(text)
    assert fast == general


@pytest.mark.parametrize(
    "text",
    ["a: &x {p: 1}\nb:\n  <<: *x\n  q: 2\n", "a: &x [1]\nb: *x\n", "x: !!binary aGVsbG8=\n", "? [a, b]\n: 1\n"],
)
def test_aliases_merges_and_other_tags_take_the_general_path(text: str) -> None:
    loader = parse._StrictLoader(text)
    try:
        with pytest.raises(parse._NotPlain):
            parse._construct_plain(loader.get_single_node(), loader)
    finally:
        loader.dispose()


def test_a_key_written_once_as_number_and_once_as_string_is_a_duplicate() -> None:
    with pytest.raises(SourceError, match="duplicate key '1'") as info:
        parse.parse(b"1: a\n'1': b\n", "keys.yaml")
    assert info.value.line == 2


@pytest.mark.corpus
def test_openai_yaml_builds_the_same_tree_both_ways() -> None:
    path = corpus_path("openai/f85dbe223d40.yaml")
    fast, general = _both(path.read_text())
    assert fast == general


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\ninf: .inf\n", 2, "infinity or NaN"),
        ("a: 1\nn: .nan\n", 2, "infinity or NaN"),
        ("a: 1\nx: !!binary aGVsbG8=\n", 2, "!!binary"),
        ("a: 1\ns: !!set {a, b}\n", 2, "!!set"),
        ("a: 1\no: !!omap [a: 1]\n", 2, "!!omap"),
        ("a: 1\nn: " + "7" * 5000 + "\n", 2, "too large"),
    ],
)
def test_values_without_a_json_form_are_refused_with_their_line(text: str, line: int, message: str) -> None:
    with pytest.raises(SourceError, match=message) as info:
        parse.parse(text.encode(), "odd.yaml")
    assert info.value.line == line


def test_an_explicit_timestamp_stays_the_text_written() -> None:
    tree = parse.parse(b"when: !!timestamp 2001-12-14t21:59:43.10-05:00\n", "t.yaml").tree
    assert tree == {"when": "2001-12-14t21:59:43.10-05:00"}


def test_an_integer_beyond_64_bits_becomes_the_double_a_json_reader_makes() -> None:
    # OpenAI's contract writes int64's bounds as doubles print them; orjson reads the JSON
    # twin as a double, so the YAML reads the same.
    import orjson

    tree = parse.parse(b"min: -9223372036854776000\n", "t.yaml").tree
    assert tree == orjson.loads(b'{"min": -9223372036854776000}') and isinstance(tree["min"], float)
