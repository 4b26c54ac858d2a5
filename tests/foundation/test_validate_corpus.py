"""`rivya-contract validate` on what real APIs publish: a report and exit 0 or 1,
never a traceback; the two documents invalid as published are reported invalid."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.corpus import DOCUMENTS, INVALID_AS_PUBLISHED, corpus_path

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_validate_reports_on_every_corpus_document(name):
    path = corpus_path(name)
    result = subprocess.run(
        [sys.executable, "-m", "rivya_contract", "validate", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    report = json.loads(result.stdout)
    invalid = name.split("/")[0] in INVALID_AS_PUBLISHED
    assert result.returncode == (1 if invalid else 0), result.stderr[-2000:]
    assert report["valid"] is (not invalid)
    errors = [f for f in report["findings"] if f["level"] == "error"]
    if invalid:
        assert errors
        # every error names a place: a pointer, and a line for the located ones
        assert all(f["pointer"] is not None for f in errors)
        assert sum(1 for f in errors if f["line"]) >= len(errors) // 2
    if name.startswith("cloudflare"):
        assert any("'4xx'" in f["message"] and "/responses" in f["pointer"] for f in errors)
    if name.startswith("openai"):
        assert any("non-unique" in f["message"] and f["pointer"].endswith("/required") for f in errors)
