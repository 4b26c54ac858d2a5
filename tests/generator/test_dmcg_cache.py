"""The datamodel-code-generator cache (generator/dmcg_cache.py): reused, never trusted blindly."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from rivya_contract.generator import dmcg_cache, models
from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.render import generate_files
from rivya_contract.load import document_from_bytes, load
from tests.generator.conftest import FIXTURES

OPTIONS = GenerateOptions(package_name="mini_sdk", format_output=False)
TINY = {
    "openapi": "3.1.0",
    "info": {"title": "Tiny", "version": "1"},
    "paths": {
        "/pets/{id}": {
            "get": {
                "operationId": "getPet",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "kind": {"$ref": "#/components/schemas/Kind"}},
            },
            "Kind": {"type": "string", "enum": ["cat", "dog"]},
        }
    },
}


def _tiny(description: str | None = None) -> Any:
    raw = json.loads(json.dumps(TINY))
    if description is not None:
        raw["components"]["schemas"]["Pet"]["description"] = description
    return document_from_bytes(json.dumps(raw).encode(), "tiny.json")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    """Runs of dmcg itself, with the cache in a folder of this test."""
    monkeypatch.setenv(dmcg_cache.CACHE_ENV, str(tmp_path / "cache"))
    counted: list[int] = []
    real = models._run_dmcg

    def counting(*args: Any) -> str:
        counted.append(1)
        return real(*args)

    monkeypatch.setattr(models, "_run_dmcg", counting)
    return counted


def _entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("*.py"))


def test_an_unchanged_document_reuses_the_models_byte_for_byte(calls: list[int], tmp_path: Path) -> None:
    first = generate_files(load(FIXTURES / "mini_rivya.json"), OPTIONS).files
    second = generate_files(load(FIXTURES / "mini_rivya.json"), OPTIONS).files
    assert second == first and len(calls) == 1 and len(_entries(tmp_path)) == 1


def test_a_changed_schema_or_package_is_a_new_entry(calls: list[int], tmp_path: Path) -> None:
    generate_files(_tiny(), OPTIONS)
    changed = generate_files(_tiny("A pet, changed."), OPTIONS).files
    assert len(calls) == 2 and len(_entries(tmp_path)) == 2
    assert b"A pet, changed." in changed["mini_sdk/types/_pet.py"]
    generate_files(_tiny("A pet, changed."), GenerateOptions(package_name="other_sdk", format_output=False))
    assert len(calls) == 3  # the package name is in the generated imports: part of the key


def test_a_corrupt_entry_is_a_miss_and_is_rewritten(calls: list[int], tmp_path: Path) -> None:
    doc = _tiny()
    first = generate_files(doc, OPTIONS).files
    (entry,) = _entries(tmp_path)
    text = entry.read_text()
    entry.write_text(text.replace("class ", "klass ", 1))  # edited: the digest no longer matches
    assert generate_files(doc, OPTIONS).files == first and len(calls) == 2
    entry.write_bytes(entry.read_bytes()[:100])  # truncated
    assert generate_files(doc, OPTIONS).files == first and len(calls) == 3
    assert generate_files(doc, OPTIONS).files == first and len(calls) == 3  # rewritten whole


def test_no_cache_when_off_or_unwritable(calls: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _tiny()
    monkeypatch.setenv(dmcg_cache.CACHE_ENV, "off")
    first = generate_files(doc, OPTIONS).files
    generate_files(doc, OPTIONS)
    assert len(calls) == 2 and not (tmp_path / "cache").exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(dmcg_cache.CACHE_ENV, str(blocker / "cache"))
    assert generate_files(doc, OPTIONS).files == first and len(calls) == 3


def test_only_the_newest_entries_are_kept(calls: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dmcg_cache, "MAX_ENTRIES", 2)
    for order, text in enumerate(("one", "two", "three"), start=1):
        dmcg_cache.store(f"key-{text}", f"# {text}\n")
        if order < 3:  # distinct ages whatever the filesystem's clock resolution
            os.utime(tmp_path / "cache" / f"key-{text}.py", ns=(order, order))
    assert [p.name for p in _entries(tmp_path)] == ["key-three.py", "key-two.py"]
    assert dmcg_cache.load("key-three") == "# three\n" and dmcg_cache.load("key-one") is None
