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


@pytest.mark.corpus
@pytest.mark.slow
def test_stripe_two_years_apart_is_about_one_finding_per_logical_change() -> None:
    """Issue 14: 16,099 findings (one per operation and route) for about 190 changes."""
    old = load(corpus_path("stripe/c67165155137.json"))
    new = load(corpus_path("stripe/e0123a38b40c.json"))
    findings = compare(old, new, profile="strict")
    assert 100 < len(findings) < 400
    shared = [f for f in findings if len(f.operations) > 1]
    assert shared and all(f.operation is None for f in shared)
    # no change is reported twice: one finding per (rule, place)
    places = [(f.rule, f.base_pointer, f.revision_pointer, f.message) for f in findings]
    assert len(places) == len(set(places))


@pytest.mark.corpus
@pytest.mark.slow
def test_cloudflare_envelope_removal_is_reported() -> None:
    """`allOf: [common, {properties: {result: {$ref: X}}}]`: a property removed from X."""
    old = load(corpus_path("cloudflare/6c24002b8f11.json"))
    new = load(corpus_path("cloudflare/cca3064f1aba.json"))
    findings = compare(old, new, profile="strict")
    removed = [
        f
        for f in findings
        if f.rule == "response-property-property-removed-optional"
        and f.base_pointer == "/components/schemas/zero-trust-gateway_certificates/properties/enabled"
    ]
    assert len(removed) == 1
    assert "GET /accounts/{account_id}/gateway/certificates/{certificate_id}" in removed[0].operations
    assert removed[0].line is not None and removed[0].base_line is not None
    # Cloudflare writes minLength on arrays: never judged
    assert not [f for f in findings if "min-length" in f.rule]
