"""proptest on an API it has never seen: a multi-tenant inventory service (not Rivya's)
with planted bugs, each switchable (tests/proptest/inventory_app.py).

With default settings (the main key, and a key of another tenant): every planted bug is
found, and the clean build gets no finding at all — the false positives issue 17 names
(a required read-only ``id``, an empty NDJSON body, a documented 400 for a cursor the
server never issued, in RFC 7807 form) stay quiet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from rivya_contract.cli import main
from rivya_contract.document import Document
from rivya_contract.proptest.runner import RunResult, Settings, run
from tests.proptest import inventory_app as app

# Each bug, and the (operation, rule) that must report it.
EXPECTED: dict[str, tuple[str, str]] = {
    "boundary-5xx": ("POST /items", "no-5xx"),
    "unicode-5xx": ("POST /items", "no-5xx"),
    "missing-required": ("POST /items", "response-schema"),
    "undocumented-status": ("DELETE /items/{item_id}", "status-documented"),
    "wrong-content-type": ("GET /items/export", "content-type-documented"),
    "limit-unenforced": ("GET /items", "invalid-request-rejected"),
    "offset-refused": ("POST /items", "valid-request-accepted"),
    "null-nonnullable": ("GET /items/{item_id}", "response-schema"),
    "missing-header": ("POST /items", "response-headers"),
    "unauthenticated": ("GET /items/export", "auth-enforced"),
    "cross-tenant": ("GET /items/{item_id}", "account-isolation"),
    "served-after-delete": ("GET /items/{item_id}", "resource-lifecycle"),
    "readonly-applied": ("POST /items", "read-only-ignored"),
    "patch-lost": ("PATCH /items/{item_id}", "resource-lifecycle"),
}
DOC = Document(app.SPEC, "inventory.json")
pytestmark = pytest.mark.slow  # three full runs against a live app (about 6 s each)


def _run(bugs: frozenset[str], **options: object) -> RunResult:
    with app.serve(bugs) as url:
        settings = Settings(base_url=url, api_key=app.KEY, other_account_key=app.OTHER_KEY, **options)  # type: ignore[arg-type]
        return run(DOC, settings)


@pytest.fixture(scope="module")
def clean() -> RunResult:
    return _run(frozenset())


@pytest.fixture(scope="module")
def buggy() -> RunResult:
    return _run(frozenset(app.BUGS))


def test_every_bug_kind_is_planted_and_expected() -> None:
    assert set(EXPECTED) == set(app.BUGS)


def test_clean_build_has_no_finding(clean: RunResult) -> None:
    assert [(f.operation, f.rule, f.message) for f in clean.failures] == []
    assert clean.notes == []
    # Every phase ran, in order, and the stateful one worked on real objects.
    assert list(clean.phases) == ["stateful", "example", "coverage", "random"]
    assert clean.phases["stateful"] >= 8


@pytest.mark.parametrize("bug", sorted(EXPECTED))
def test_each_planted_bug_is_found(bug: str, buggy: RunResult, clean: RunResult) -> None:
    operation, rule = EXPECTED[bug]
    found = {(f.operation, f.rule) for f in buggy.failures}
    assert (operation, rule) in found, sorted(found)
    assert (operation, rule) not in {(f.operation, f.rule) for f in clean.failures}


def test_distinct_failures_of_one_check_are_each_reported(buggy: RunResult) -> None:
    # Two schema breaks on one answer (tags missing; updated_at null): two failures.
    errors = {
        f.message for f in buggy.failures if f.operation == "GET /items/{item_id}" and f.rule == "response-schema"
    }
    assert any("'tags' is a required property" in m for m in errors)
    assert any("updated_at" in m and "None" in m for m in errors)


def test_boundary_failures_say_what_was_sent(buggy: RunResult) -> None:
    limit = next(f for f in buggy.failures if f.rule == "invalid-request-rejected" and f.operation == "GET /items")
    assert "limit=51" in limit.prepared.url and limit.phase == "coverage"
    offset = next(f for f in buggy.failures if f.rule == "valid-request-accepted")
    body = json.loads(offset.prepared.body or b"{}")
    assert not body["expires_at"].endswith("Z")  # a valid date-time with a non-UTC offset


def test_lifecycle_failures_name_the_property(buggy: RunResult) -> None:
    messages = {f.message for f in buggy.failures if f.rule in ("resource-lifecycle", "read-only-ignored")}
    assert any("had deleted (expected 404 or 410)" in m for m in messages)
    assert any("instead of the value sent" in m for m in messages)
    assert any("read-only owner=" in m for m in messages)
    isolation = {f.message for f in buggy.failures if f.rule == "account-isolation"}
    assert any("could be read with the other account's key" in m for m in isolation)


def test_credentials_masked_in_every_failure(buggy: RunResult) -> None:
    for failure in buggy.failures:
        assert app.KEY not in failure.curl and app.OTHER_KEY not in failure.curl
        assert app.KEY not in failure.pytest and app.OTHER_KEY not in failure.pytest


def test_same_seed_same_failures_whatever_the_workers(buggy: RunResult) -> None:
    parallel = _run(frozenset(app.BUGS), workers=3)

    def cases(result: RunResult) -> list[tuple[str, str, str]]:  # the port differs between servers
        return sorted((f.rule, f.operation, re.sub(r"127\.0\.0\.1:\d+", "HOST", f.curl)) for f in result.failures)

    assert cases(parallel) == cases(buggy)


# -- the command, the way users run it ------------------------------------------------
@pytest.fixture(scope="module")
def spec_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("inventory") / "inventory.json"
    path.write_text(json.dumps(app.SPEC), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def buggy_url() -> Iterator[str]:
    with app.serve({"limit-unenforced", "unauthenticated"}) as url:
        yield url


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["proptest", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["markdown", "junit", "github", "json", "text"])
def test_every_format_carries_the_reproduction_with_the_key_masked(spec_file: Path, buggy_url: str, fmt: str) -> None:
    code, out, _ = _cli(
        str(spec_file), "--base-url", buggy_url, "--api-key", app.KEY, "--operation", "GET /items",
        "--max-examples", "3", "--format", fmt,
    )  # fmt: skip
    assert code == 1, out
    assert "curl -sS -X GET" in out and "limit=51" in out
    assert app.KEY not in out and ("&lt;redacted&gt;" if fmt == "junit" else "<redacted>") in out


def test_show_secrets_keeps_the_key(spec_file: Path, buggy_url: str) -> None:
    code, out, _ = _cli(
        str(spec_file), "--base-url", buggy_url, "--api-key", app.KEY, "--operation", "GET /items",
        "--max-examples", "3", "--format", "markdown", "--show-secrets",
    )  # fmt: skip
    assert code == 1 and f"Authorization: Bearer {app.KEY}" in out


def test_unreachable_server_is_one_line_and_exit_2(spec_file: Path) -> None:
    with app.serve() as url:
        pass  # the port is free again: nothing listens there
    code, out, err = _cli(str(spec_file), "--base-url", url, "--api-key", app.KEY)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and url in err and "cannot reach the server" in err


def test_a_secured_contract_run_without_a_key_says_so(spec_file: Path) -> None:
    with app.serve() as url:
        code, out, _ = _cli(str(spec_file), "--base-url", url, "--phase", "examples", "--no-shrink")
    assert "no --api-key was given" in out and "6 operation(s) (bearer)" in out
    assert code == 0  # a 401 is documented: no check fails, but the run says what it could not test
