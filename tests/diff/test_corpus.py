"""The diff on real published documents: no crash, no duplicated finding."""

from __future__ import annotations

import pytest

from rivya_contract.diff import compare
from rivya_contract.errors import SourceError
from rivya_contract.load import load
from tests.corpus import CONSECUTIVE_PAIRS, corpus_path


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize(("base", "revision"), CONSECUTIVE_PAIRS, ids=[p[0].split("/")[0] for p in CONSECUTIVE_PAIRS])
def test_consecutive_pair(base: str, revision: str) -> None:
    try:
        old, new = load(corpus_path(base)), load(corpus_path(revision))
    except SourceError as exc:  # a published document our strict loader refuses
        pytest.skip(str(exc))
    for profile in ("strict",):
        findings = compare(old, new, profile=profile)
        keys = [(f.rule, f.operation, f.base_pointer, f.revision_pointer, f.message) for f in findings]
        assert len(keys) == len(set(keys))
        assert all(f.base_pointer is not None or f.revision_pointer is not None for f in findings)
    assert compare(new, new, profile="strict") == []
