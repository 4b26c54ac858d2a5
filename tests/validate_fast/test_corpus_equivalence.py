"""On real documents the fast engine reports what openapi-spec-validator reports.

The reference takes about 1.4 s (Twilio) to 16 s (Cloudflare) here, so the suite
compares four documents; GitHub (about 25 s for the reference) is compared by
``bench/bench_validate.py --compare`` and recorded in docs/performance.md.
"""

from __future__ import annotations

import pytest

from rivya_contract.load import load
from tests.corpus import INVALID_AS_PUBLISHED, corpus_path
from tests.validate_fast.engines import same_errors

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

COMPARED = (
    "twilio/d50069b44ea8.json",
    "stripe/e0123a38b40c.json",
    "openai-json/f85dbe223d40.json",
    "cloudflare/cca3064f1aba.json",
)


@pytest.mark.parametrize("name", COMPARED)
def test_fast_engine_matches_the_reference(name):
    doc = load(corpus_path(name))
    found = same_errors(doc)
    assert bool(found) is (name.split("/")[0] in INVALID_AS_PUBLISHED)
