"""bench/oasdiff_cases.py reads oasdiff's Go tests the way it says it does: checked on a
miniature checkout written here (the real one is never copied into this repository)."""

from __future__ import annotations

import json
from pathlib import Path

from bench import oasdiff_cases

RULES_GO = """package checker
func GetAllRules() BackwardCompatibilityRules {
	return BackwardCompatibilityRules{
		newBackwardCompatibilityRule(ResponsePropertyRemovedId, ERR, X, DirectionResponse),
		newBackwardCompatibilityRule(EndpointAddedId, INFO, Y, DirectionNone),
		newBackwardCompatibilityRule(RequestBodyRemovedId, WARN, Z, DirectionRequest),
	}
}
"""
CONSTS_GO = """package checker
const (
	ResponsePropertyRemovedId = "response-property-removed"
	EndpointAddedId = "endpoint-added"
	RequestBodyRemovedId = "request-body-removed"
)
"""
TESTS_GO = """package checker_test

func TestRemoved(t *testing.T) {
	s1, err := open("../data/checker/removed_base.json")
	s2, err := open("../data/checker/removed_revision.json")
	errs := checker.CheckBackwardCompatibility(singleCheckConfig(checker.ResponsePropertyRemovedCheck), d, osm)
	requireSingleChange(t, errs, checker.ResponsePropertyRemovedId)
}

func TestAdded(t *testing.T) {
	s1, err := open(pairFile("added_base.json"))
	s2, err := open(pairFile("added_revision.json"))
	errs := checker.CheckBackwardCompatibilityUntilLevel(allChecksConfig(), d, osm, checker.INFO)
	requireSingleChange(t, errs, checker.EndpointAddedId)
}

func TestEdited(t *testing.T) {
	s1, err := open("../data/checker/removed_base.json")
	s2, err := open("../data/checker/removed_revision.json")
	s2.Spec.Info.Version = "2"
	requireSingleChange(t, errs, checker.ResponsePropertyRemovedId)
}

func TestWarnOnly(t *testing.T) {
	s1, err := open("../data/checker/removed_base.json")
	s2, err := open("../data/checker/removed_revision.json")
	requireSingleChange(t, errs, checker.RequestBodyRemovedId)
}
"""
HELPERS_GO = 'package checker_test\nvar (\n\tpairFile = dataFileFn("pairs")\n)\n'


def _doc(paths: dict[str, object]) -> str:
    return json.dumps({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": paths})


def _op(props: dict[str, object], required: tuple[str, ...] = ()) -> dict[str, object]:
    schema = {"type": "object", "properties": props, "required": list(required)}
    return {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}}}


def checkout(root: Path) -> Path:
    (root / "checker").mkdir(parents=True)
    (root / "checker" / "rules.go").write_text(RULES_GO)
    (root / "checker" / "consts.go").write_text(CONSTS_GO)
    (root / "checker" / "helpers_test.go").write_text(HELPERS_GO)
    (root / "checker" / "cases_test.go").write_text(TESTS_GO)
    data = root / "data" / "checker"
    data.mkdir(parents=True)
    (data / "removed_base.json").write_text(
        _doc({"/a": _op({"x": {"type": "string"}, "y": {"type": "string"}}, ("y",))})
    )
    (data / "removed_revision.json").write_text(_doc({"/a": _op({"x": {"type": "string"}})}))
    pairs = root / "data" / "pairs"
    pairs.mkdir()
    (pairs / "added_base.json").write_text(_doc({"/a": _op({})}))
    (pairs / "added_revision.json").write_text(_doc({"/a": _op({}), "/b": _op({})}))
    return root


def test_cases_are_read_classified_and_scored(tmp_path: Path) -> None:
    repo = checkout(tmp_path / "oasdiff")
    cases = {c.name: c for c in oasdiff_cases.read_cases(repo)}
    assert "TestEdited" not in cases  # edits a loaded spec in Go: not the pair as written
    assert cases["TestRemoved"].expected == "breaking"
    assert cases["TestRemoved"].ids == ["response-property-removed"]
    assert cases["TestAdded"].expected == "non-breaking"
    assert cases["TestAdded"].revision.name == "added_revision.json"
    assert cases["TestWarnOnly"].expected == "other"
    oasdiff_cases.run(list(cases.values()), "strict")
    assert cases["TestRemoved"].result == "caught"
    assert cases["TestRemoved"].detail == "response-property-property-removed-required"
    assert cases["TestAdded"].result == "kept"


def test_the_command_prints_the_table_and_refuses_a_wrong_path(tmp_path: Path, capsys: object) -> None:
    repo = checkout(tmp_path / "oasdiff")
    assert oasdiff_cases.main([str(repo)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "| breaking (ERR) | 1 | 1 caught | 100 % |" in out
    assert "| non-breaking | 1 | 1 kept | 100 % |" in out
    assert oasdiff_cases.main([str(tmp_path)]) == 2
