"""Positions: one locator answering many pointers (resuming its scans) agrees with fresh ones."""

from __future__ import annotations

import json
import random

from rivya_contract.load import BUNDLED_CONTRACT
from rivya_contract.positions import JsonLocator


def _random_pointers(tree: object, count: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    pointers = []
    for _ in range(count):
        node, tokens = tree, []
        while isinstance(node, dict | list) and node and rng.random() < 0.85:
            if isinstance(node, dict):
                key = rng.choice(list(node))
                tokens.append(key)
                node = node[key]
            else:
                index = rng.randrange(len(node))
                tokens.append(str(index))
                node = node[index]
        pointers.append(tokens)
    return pointers


def _naive_position(text: str, tokens: list[str]) -> tuple[int, int]:
    """The (line, column) of the value's key (or of the value in an array), by json.loads on prefixes."""
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    for token in tokens:
        opener = text[pos]
        pos += 1
        index = 0
        while True:
            pos += len(text[pos:]) - len(text[pos:].lstrip())
            member_start = pos
            if opener == "{":
                key, pos = decoder.raw_decode(text, pos)
                pos = text.index(":", pos) + 1
                pos += len(text[pos:]) - len(text[pos:].lstrip())
            else:
                key = str(index)
                index += 1
            if key == token:
                break
            _, pos = decoder.raw_decode(text, pos)
            pos = text.index(",", pos) + 1
        last_member = member_start
    if not tokens:
        last_member = pos
    line = text.count("\n", 0, last_member) + 1
    return line, last_member - (text.rfind("\n", 0, last_member) + 1) + 1


def test_a_shared_locator_agrees_with_fresh_ones_and_with_a_naive_walk() -> None:
    text = BUNDLED_CONTRACT.read_text()
    tree = json.loads(text)
    shared = JsonLocator(text)
    pointers = _random_pointers(tree, 300, seed=7)
    for tokens in pointers:
        expected = JsonLocator(text).locate(tokens)
        assert shared.locate(tokens) == expected, tokens
        assert expected == _naive_position(text, tokens), tokens


def test_an_absent_member_is_none_and_does_not_disturb_later_lookups() -> None:
    text = '{"a": {"x": 1, "y": [10, 20]}, "b": 2}'
    locator = JsonLocator(text)
    assert locator.locate(["a", "missing"]) is None
    assert locator.locate(["a", "y", "1"]) == (1, 26)
    assert locator.locate(["a", "x"]) == (1, 8)
    assert locator.locate(["b"]) == (1, 32)
