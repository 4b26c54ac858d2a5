"""The real-world OpenAPI documents in ../shared/corpus (read in place, never copied)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CORPUS = Path(os.environ.get("RIVYA_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))

DOCUMENTS = (
    "cloudflare/cca3064f1aba.json",
    "github/octokit-openapi-23.0.1.json",
    "openai/f85dbe223d40.yaml",
    "openai-json/f85dbe223d40.json",
    "stripe/e0123a38b40c.json",
    "twilio/d50069b44ea8.json",
)
CONSECUTIVE_PAIRS = (
    ("cloudflare/615695d86d03.json", "cloudflare/cca3064f1aba.json"),
    ("github/octokit-openapi-23.0.0.json", "github/octokit-openapi-23.0.1.json"),
    ("openai/13c6a94fca98.yaml", "openai/f85dbe223d40.yaml"),
    ("openai-json/13c6a94fca98.json", "openai-json/f85dbe223d40.json"),
    ("stripe/fc5a2b929316.json", "stripe/e0123a38b40c.json"),
    ("twilio/5fc16b940196.json", "twilio/d50069b44ea8.json"),
)
# Known invalid as published (INDEX.md): OpenAI (a duplicated `required` entry) and
# Cloudflare (response codes written as lower-case `4xx`).
INVALID_AS_PUBLISHED = frozenset({"cloudflare", "openai", "openai-json"})


def corpus_path(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus document {name} is not available at {CORPUS}")
    return path
