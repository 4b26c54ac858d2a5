"""The facts accessor and detect(): what the mock and proptest read from the contract."""

from __future__ import annotations

import copy

import pytest

from rivya_contract.document import Document
from rivya_contract.load import load, load_bundled
from rivya_contract.rivya import data, detect
from rivya_contract.rivya.facts import MissingFact, RivyaFacts
from tests.catalog.helpers import SNAPSHOT

MODELS_EXAMPLE = "/paths/~1api~1v1~1models/get/responses/200/content/application~1json/examples/catalog/value"


def test_facts_read_from_the_bundled_contract_are_the_catalog_data() -> None:
    facts = RivyaFacts.from_document(load_bundled())
    catalog = data.load()
    assert facts.limits.max_upload_bytes == catalog.limits.max_upload_bytes == 52_428_800
    assert facts.limits.accepted_upload_types == catalog.limits.accepted_upload_types
    assert facts.webhooks.signature_tolerance_seconds == 300
    assert facts.webhooks.retry_delays_seconds == catalog.webhooks.retry_delays_seconds
    assert facts.terminal_statuses == frozenset({"succeeded", "failed"})
    assert facts.generation_statuses == ("queued", "running", "succeeded", "failed")
    assert [m.id for m in facts.models] == [m.id for m in catalog.models]
    chat_mini = facts.model("rivya-chat-mini")
    assert chat_mini is not None and chat_mini.context_window == 32_000 and chat_mini.kind == "chat"
    legacy = facts.model("rivya-image-0")
    assert legacy is not None
    assert (legacy.deprecated_at, legacy.sunset_at, legacy.replaced_by) == ("2026-05-11", "2026-08-31", "rivya-image-1")
    assert legacy.pointer == "/components/schemas/GenerationRequest.rivya-image-0/x-rivya-model"
    seed = legacy.param("seed")
    assert seed is not None and (seed.minimum, seed.maximum, seed.has_default) == (0, 2147483647, False)


def test_the_models_rebuilt_from_the_schemas_are_the_catalog_example_exactly() -> None:
    doc = load_bundled()
    facts = RivyaFacts.from_document(doc)
    assert [m.public() for m in facts.models] == doc.get(MODELS_EXAMPLE)["data"]


def test_a_contract_without_the_facts_is_refused_with_the_pointer() -> None:
    # The 2026-05-11 snapshot predates the extensions: fail closed, say where.
    with pytest.raises(MissingFact, match=r"2026-05-11.json: /x-rivya-limits: missing a mapping"):
        RivyaFacts.from_document(load(str(SNAPSHOT)))


def test_a_model_without_its_lifecycle_is_refused_with_the_pointer() -> None:
    doc = load_bundled()
    tree = copy.deepcopy(doc.tree)
    del tree["components"]["schemas"]["GenerationRequest.rivya-sfx-1"]["x-rivya-model"]["sunset_at"]
    with pytest.raises(MissingFact, match=r"GenerationRequest.rivya-sfx-1/x-rivya-model/sunset_at: missing"):
        RivyaFacts.from_document(Document(tree, "edited.json"))


def test_detect_is_one_answer_for_rivya_and_for_other_apis() -> None:
    assert detect(load_bundled())
    assert detect(load(str(SNAPSHOT)))  # by info.x-rivya-api-version and title
    plain = {"openapi": "3.1.0", "info": {"title": "Petstore", "version": "1"}, "paths": {}}
    assert not detect(Document(plain, "petstore.json"))
    lookalike = copy.deepcopy(plain)
    lookalike["components"] = {"schemas": {"GenerationRequest": {}, "PublicGeneration": {}, "PublicApiError": {}}}
    assert not detect(Document(lookalike, "lookalike.json"))  # schema names alone do not make Rivya
