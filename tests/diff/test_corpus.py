"""The diff on real published documents: no crash, no duplicated finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.diff import compare
from contract.errors import SourceError
from contract.load import load

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
PAIRS = [
    ("cloudflare/615695d86d03.json", "cloudflare/cca3064f1aba.json"),
    ("github/octokit-openapi-23.0.0.json", "github/octokit-openapi-23.0.1.json"),
    ("openai/13c6a94fca98.yaml", "openai/f85dbe223d40.yaml"),
    ("openai-json/13c6a94fca98.json", "openai-json/f85dbe223d40.json"),
    ("stripe/fc5a2b929316.json", "stripe/e0123a38b40c.json"),
    ("twilio/5fc16b940196.json", "twilio/d50069b44ea8.json"),
]


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus absent")
@pytest.mark.parametrize(("base", "revision"), PAIRS, ids=[p[0].split("/")[0] for p in PAIRS])
def test_consecutive_pair(base: str, revision: str) -> None:
    try:
        old, new = load(CORPUS / base), load(CORPUS / revision)
    except SourceError as exc:  # a published document our strict loader refuses
        pytest.skip(str(exc))
    for profile in ("strict",):
        findings = compare(old, new, profile=profile)
        keys = [(f.rule, f.operation, f.base_pointer, f.revision_pointer, f.message) for f in findings]
        assert len(keys) == len(set(keys))
        assert all(f.base_pointer is not None or f.revision_pointer is not None for f in findings)
    assert compare(new, new, profile="strict") == []
