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
        "d: 2026-05-11\nf: 1.5\ni: 0x10\nn: ~\nb: yes\ne: 1e3\ninf: .inf\n",
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
