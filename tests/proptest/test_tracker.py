"""proptest on a second API it was not tuned on: a project tracker built unlike the
inventory app (tests/proptest/tracker_app.py): nested resources three deep, UUID and
integer ids, an API key header, RFC 7807 errors, a create answered with ``Location`` and
no body, PUT replace and JSON merge patch, ``Link``-header pages, read-only fields nested
in writable objects.

With default settings (the main key, and a key of another tenant): every planted bug is
found, and the clean build gets no finding at all.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from rivya_contract.document import Document
from rivya_contract.proptest import schema_view, stateful
from rivya_contract.proptest.runner import RunResult, Settings, run
from tests.proptest import tracker_app as app

_PROJECT = "/orgs/{orgId}/projects/{projectId}"
_TASKS = _PROJECT + "/tasks"
_TASK = _TASKS + "/{taskId}"
# Each bug, and the (operation, rule) that must report it.
EXPECTED: dict[str, tuple[str, str]] = {
    "points-5xx": (f"POST {_TASKS}", "no-5xx"),
    "leap-day-5xx": (f"POST {_TASKS}", "no-5xx"),
    "missing-required": (f"GET {_PROJECT}", "response-schema"),
    "undocumented-status": ("POST /orgs/{orgId}/projects", "status-documented"),
    "wrong-content-type": (f"GET {_TASKS}", "content-type-documented"),
    "limit-unenforced": (f"GET {_TASKS}", "invalid-request-rejected"),
    "offset-refused": (f"PUT {_TASK}", "valid-request-accepted"),
    "null-nonnullable": (f"GET {_TASK}", "response-schema"),
    "missing-header": (f"POST {_TASKS}", "response-headers"),
    "unauthenticated": ("GET /orgs/{orgId}/projects", "auth-enforced"),
    "cross-tenant": (f"GET {_TASK}", "account-isolation"),
    "served-after-delete": (f"GET {_PROJECT}", "resource-lifecycle"),
    "readonly-applied": (f"POST {_TASKS}", "read-only-ignored"),
    "patch-lost": (f"PATCH {_PROJECT}", "resource-lifecycle"),
}
DOC = Document(app.SPEC, "tracker.json")


def _run(bugs: frozenset[str]) -> RunResult:
    with app.serve(bugs) as url:
        return run(DOC, Settings(base_url=url, api_key=app.KEY, other_account_key=app.OTHER_KEY))


@pytest.fixture(scope="module")
def clean() -> RunResult:
    return _run(frozenset())


@pytest.fixture(scope="module")
def buggy() -> RunResult:
    return _run(frozenset(app.BUGS))


def test_every_bug_is_planted_and_expected() -> None:
    assert set(EXPECTED) == set(app.BUGS) == set(app.WHERE)
    assert all(EXPECTED[bug][0] in app.WHERE[bug] for bug in EXPECTED)


@pytest.mark.slow
def test_clean_build_has_no_finding(clean: RunResult) -> None:
    assert [(f.operation, f.rule, f.message) for f in clean.failures] == []
    assert clean.notes == []
    # The nested resources were reached: creates under real parents, every phase ran.
    assert list(clean.phases) == ["stateful", "coverage", "random"] and clean.phases["stateful"] >= 25


@pytest.mark.slow
@pytest.mark.parametrize("bug", sorted(EXPECTED))
def test_each_planted_bug_is_found(bug: str, buggy: RunResult, clean: RunResult) -> None:
    operation, rule = EXPECTED[bug]
    found = {(f.operation, f.rule) for f in buggy.failures}
    assert (operation, rule) in found, sorted(found)
    assert (operation, rule) not in {(f.operation, f.rule) for f in clean.failures}


@pytest.mark.slow
def test_two_crashes_with_one_body_are_two_failures(buggy: RunResult) -> None:
    crashes = [f for f in buggy.failures if f.rule == "no-5xx" and f.operation == f"POST {_TASKS}"]
    bodies = [json.loads(f.prepared.body or b"{}") for f in crashes]
    assert len(crashes) == 2, [f.args for f in crashes]
    assert {f.args["place"] for f in crashes} == {"/estimate/points", "/due_on"}
    assert any(b.get("estimate", {}).get("points") == 100 for b in bodies)
    assert any(str(b.get("due_on", "")).endswith("-02-29") for b in bodies)


@pytest.mark.slow
def test_nested_fields_are_judged(buggy: RunResult) -> None:
    messages = {f.message for f in buggy.failures if f.rule in ("resource-lifecycle", "read-only-ignored")}
    assert any("read-only assignee.display_name=" in m for m in messages)
    assert any("reads settings." in m and "instead of the value sent" in m for m in messages)
    assert any("had deleted (expected 404 or 410)" in m for m in messages)


# -- units: what the walker reads from a contract of this style ------------------------
def test_location_only_create_and_nested_parents_are_resources() -> None:
    found = {r.create.key: r for r in stateful.resources(DOC, list(DOC.operations()), schema_view.view(DOC))}
    projects = found["POST /orgs/{orgId}/projects"]  # answers 201 with a Location and no body
    assert projects.location and projects.get == f"GET {_PROJECT}" and projects.item_path == _PROJECT
    assert projects.updates == [f"PATCH {_PROJECT}"] and projects.delete == f"DELETE {_PROJECT}"
    assert found[f"POST {_TASKS}"].updates == [f"PUT {_TASK}"]


def test_parents_are_inherited_by_position_and_location_is_read() -> None:
    alive = [("/orgs/{id}", {"id": "o1"}), ("/orgs/{orgId}/projects/{projectId}", {"orgId": "o1", "projectId": 7})]
    assert stateful.inherit("/orgs/{orgId}/projects", alive) == [{"orgId": "o1"}]
    assert stateful.inherit(_TASK, alive) == [{"orgId": "o1", "projectId": 7}]
    assert stateful.inherit("/users/{userId}", alive) == []
    assert stateful.from_location("https://h/base/orgs/o%201/projects/7", _PROJECT) == {
        "orgId": "o 1",
        "projectId": "7",
    }
    assert stateful.from_location("/orgs/o1", _PROJECT) is None


def test_read_back_is_judged_at_every_depth() -> None:
    view = schema_view.view(DOC, "request")
    patch: Any = {"$ref": "#/components/schemas/ProjectPatch"}
    sent = {"settings": {"color": "red"}, "labels": ["b", "a"], "description": None}
    # merged with defaults, the set stored sorted, the null removing the member: all read back
    same = {"settings": {"color": "red", "notify": True}, "labels": ["a", "b"]}
    assert stateful.not_read_back(view, patch, sent, same) == []
    lost = {"settings": {"color": "grey", "notify": True}, "labels": ["a", "b"]}
    assert stateful.not_read_back(view, patch, sent, lost) == [("settings.color", "grey")]
    task: Any = {"$ref": "#/components/schemas/Task"}
    # a read-only member inside a writable object is not a change that must be read back
    assignee = {"assignee": {"user_id": 5, "display_name": "mine"}}
    assert stateful.not_read_back(view, task, assignee, {"assignee": {"user_id": 5, "display_name": "user 5"}}) == []


def test_read_only_fields_are_planted_inside_objects() -> None:
    view = schema_view.view(DOC, "request")
    body: dict[str, Any] = {"title": "t", "assignee": {"user_id": 5}, "estimate": {"kind": "points", "points": 3}}
    planted = stateful.plant_read_only(view, {"$ref": "#/components/schemas/Task"}, body)
    paths = {path for path, _ in planted}
    assert ("assignee", "display_name") in paths and ("id",) in paths and ("meta",) not in paths  # meta: no marker
    assert body["assignee"]["display_name"] == dict(planted)[("assignee", "display_name")]
