"""Measure our diff on oasdiff's own labelled checker cases.

    .venv/bin/python bench/oasdiff_cases.py PATH [--profile strict|rivya] [--json] [--misses]

PATH is a local checkout of https://github.com/oasdiff/oasdiff (never copied into this
repository). The Go tests in ``PATH/checker/*_test.go`` are read pragmatically: a case is
one ``func TestXxx`` that loads exactly one pair of fixture files (``open("../data/...")``,
``open(deprecationFile("..."))``, ``loadFrom(t, prefix, v)``, ``l(t, v)``, ``d(t, cfg, v1,
v2)``, ``stabilityChanges(t, a, b, ...)``) and does not edit the loaded specs in Go code
(those cases are about an edit we cannot replay). What the case asserts:

- **breaking**: it names a change ID whose level in ``checker/rules.go`` is ``ERR`` (or
  writes ``Level: checker.ERR``) in a positive assertion;
- **non-breaking**: it runs every check (``allChecksConfig()``, ``d(...)``,
  ``stabilityChanges(...)``) and asserts no change at all (``require.Empty(t, errs)``,
  ``require.Len(t, errs, 0)``) or names only ``INFO`` changes (a case that runs a single
  check only says that check stays quiet, not that the pair breaks nothing);
- anything else (``WARN`` only, ``requireNoChange`` only, nothing recognisable) is
  listed as "other" and not scored.

Each pair is diffed as the CLI does it: ``rivya_contract.diff.compare`` (with the test's
``checker.WithDeprecation(beta, stable)`` as the minimum sunset distance, oasdiff's default
0, 0 otherwise), then ``policy.apply`` for the profile; a breaking case is caught when
we report at least one ``breaking`` finding, a non-breaking case is kept when we report
none. Misses are listed with what oasdiff expected and what we said.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

_TEST = re.compile(r"^func (Test\w+)\(t \*testing\.T\) \{\n(.*?)^\}", re.S | re.M)
_ID_CONST = re.compile(r"\b(\w+Id)\s*=\s*\"([a-z0-9-]+)\"")
_RULE = re.compile(r"newBackwardCompatibilityRule\(\s*(\w+Id),\s*(ERR|WARN|INFO)\b")
_FILE_FN = re.compile(r"(\w+)\s*=\s*dataFileFn\(\"([^\"]+)\"\)")
_OPEN_LIT = re.compile(r"\bopen\(\"([^\"]+)\"")
_OPEN_FN = re.compile(r"\bopen\((\w+)\(\"([^\"]+)\"\)")
_LOAD_FROM = re.compile(r"\bloadFrom\(t, \"([^\"]+)\", (\d+)\)")
_L = re.compile(r"\bl\(t, (\d+)\)")
_D = re.compile(r"\bd\(t, [^,]+, (\d+), (\d+)\)")
_STABILITY = re.compile(r"\bstabilityChanges\(t, \"([^\"]+)\", \"([^\"]+)\"")
# Go code that edits a loaded spec: the case is not the fixture pair as written.
_EDIT = re.compile(
    r"(\.Spec\b[^\n]*[^:=!<>]=[^=]|\bdelete\w*\(|\bset\w+Type\(|\.Extensions\[[^\]]+\]\s*=|\.Value\([^)]*\)\.\w+\s*=)"
)
_USED_ID = re.compile(r"checker\.(\w+Id)\b")
_NO_CHANGE = re.compile(
    r"(?:requireNoChange\(t, \w+, |require\.False\(t, containsId\(\w+, |NotContains\(t, [^,]+, |NotEqual\(t, )"
    r"checker\.(\w+Id)\b"
)
# Only a case that runs every check says the pair as a whole is not breaking (a case that
# runs one check says only that this check stays quiet).
_ALL_CHECKS = re.compile(r"allChecksConfig\(|\bd\(t, |\bstabilityChanges\(t, ")
_DEPRECATION = re.compile(r"WithDeprecation\((\d+), (\d+)\)")
_EMPTY = re.compile(r"require\.(Empty|Len)\(t, (errs|changes|\w+)(, 0)?\)")


@dataclass
class Case:
    name: str
    test_file: str
    base: Path
    revision: Path
    expected: str  # breaking | non-breaking | other
    ids: list[str] = field(default_factory=list)
    result: str = ""  # caught | missed | kept | flagged | error
    detail: str = ""
    sunset_days: tuple[int, int] = (0, 0)  # the test's checker.WithDeprecation(beta, stable)


def rule_levels(checker: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(Go constant name -> rule ID, rule ID -> level) from the checker's sources."""
    consts: dict[str, str] = {}
    levels: dict[str, str] = {}
    for path in sorted(checker.glob("*.go")):
        if path.name.endswith("_test.go"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        consts.update(dict(_ID_CONST.findall(text)))
    rules_go = (checker / "rules.go").read_text(encoding="utf-8")
    for const, level in _RULE.findall(rules_go):
        if const in consts:
            levels.setdefault(consts[const], level)
    return consts, levels


def _pair(body: str, checker: Path, file_fns: dict[str, str]) -> tuple[Path, Path] | None:
    files: list[str] = []
    for match in re.finditer("|".join(p.pattern for p in (_OPEN_LIT, _OPEN_FN, _LOAD_FROM, _L, _D, _STABILITY)), body):
        text = match.group(0)
        if m := _OPEN_FN.match(text):
            if m.group(1) not in file_fns:
                return None
            files.append(f"../data/{file_fns[m.group(1)]}/{m.group(2)}")
        elif m := _OPEN_LIT.match(text):
            files.append(m.group(1))
        elif m := _LOAD_FROM.match(text):
            files.append(f"{m.group(1)}spec{m.group(2)}.yaml")
        elif m := _D.match(text):
            files += [f"../data/openapi-test{m.group(1)}.yaml", f"../data/openapi-test{m.group(2)}.yaml"]
        elif m := _L.match(text):
            files.append(f"../data/openapi-test{m.group(1)}.yaml")
        elif m := _STABILITY.match(text):
            files += [f"../data/stability/{m.group(1)}", f"../data/stability/{m.group(2)}"]
    if len(files) != 2:
        return None
    base, revision = ((checker / f).resolve() for f in files)
    if not base.is_file() or not revision.is_file() or base == revision:
        return None  # the same file twice: the case edits one of them in Go
    return base, revision


def read_cases(repo: Path) -> list[Case]:
    checker = repo / "checker"
    consts, levels = rule_levels(checker)
    cases: list[Case] = []
    for test_file in sorted(checker.glob("*_test.go")):
        text = test_file.read_text(encoding="utf-8", errors="replace")
        file_fns = dict(_FILE_FN.findall((checker / "helpers_test.go").read_text(encoding="utf-8")))
        file_fns.update(_FILE_FN.findall(text))
        for name, body in _TEST.findall(text):
            if _EDIT.search(body) or "for _, " in body or "t.Run(" in body:
                continue
            pair = _pair(body, checker, file_fns)
            if pair is None:
                continue
            negated = set(_NO_CHANGE.findall(body))
            ids = [consts[c] for c in dict.fromkeys(_USED_ID.findall(body)) if c in consts and c not in negated]
            asserted = {levels.get(i, "?") for i in ids}
            if "Level: checker.ERR" in body or "ERR" in asserted:
                expected = "breaking"
            elif _ALL_CHECKS.search(body) and ((_EMPTY.search(body) and not ids) or (ids and asserted == {"INFO"})):
                expected = "non-breaking"
            else:
                expected = "other"
            days = _DEPRECATION.search(body)
            sunset_days = (int(days.group(1)), int(days.group(2))) if days else (0, 0)
            cases.append(Case(name, test_file.name, pair[0], pair[1], expected, ids, sunset_days=sunset_days))
    return cases


def run(cases: list[Case], profile: str) -> None:
    from rivya_contract import policy
    from rivya_contract.diff import compare
    from rivya_contract.errors import SourceError
    from rivya_contract.load import load

    today = date(2026, 12, 1)
    for case in cases:
        if case.expected == "other":
            continue
        try:
            base, revision = load(case.base), load(case.revision)
            # the CLI's pipeline: compare, then the profile's policy (levels, stability)
            found = compare(base, revision, profile=profile, today=today, min_sunset_days=case.sunset_days)
            findings = policy.apply(found, base, revision, profile=profile)
        except (SourceError, ValueError, RecursionError) as exc:
            case.result, case.detail = "error", f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
            continue
        breaking = sorted({f.rule for f in findings if f.level == "breaking"})
        others = sorted({f"{f.rule} ({f.level})" for f in findings if f.level != "breaking"})
        if case.expected == "breaking":
            case.result = "caught" if breaking else "missed"
            case.detail = ", ".join(breaking) if breaking else ("we said: " + (", ".join(others) or "nothing"))
        else:
            case.result = "flagged" if breaking else "kept"
            case.detail = ", ".join(breaking)


def table(cases: list[Case], repo: Path) -> str:
    b = [c for c in cases if c.expected == "breaking"]
    n = [c for c in cases if c.expected == "non-breaking"]
    caught = sum(c.result == "caught" for c in b)
    kept = sum(c.result == "kept" for c in n)
    other = sum(c.expected == "other" for c in cases)
    lines = [
        "| oasdiff asserts | cases | ours agrees | share |",
        "|---|--:|--:|--:|",
        f"| breaking (ERR) | {len(b)} | {caught} caught | {_pct(caught, len(b))} |",
        f"| non-breaking | {len(n)} | {kept} kept | {_pct(kept, len(n))} |",
        "",
        f"{other} further fixture-pair cases assert only WARN changes or nothing recognisable; not scored.",
        "",
        "Misses:",
        "",
    ]
    for case in cases:
        if case.result in ("missed", "flagged", "error"):
            rel = f"{case.base.relative_to(repo / 'data')} -> {case.revision.relative_to(repo / 'data')}"
            ids = ", ".join(case.ids) or "no change"
            lines.append(f"- {case.result}: {case.test_file}:{case.name} ({ids}; {rel}) — {case.detail}")
    return "\n".join(lines)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", help="a local checkout of oasdiff/oasdiff")
    parser.add_argument("--profile", default="strict", choices=("strict", "rivya"))
    parser.add_argument("--json", action="store_true", help="every case as JSON lines")
    args = parser.parse_args(argv)
    repo = Path(args.path)
    if not (repo / "checker" / "rules.go").is_file():
        print(f"{repo}: not an oasdiff checkout (no checker/rules.go)", file=sys.stderr)
        return 2
    cases = read_cases(repo)
    run(cases, args.profile)
    if args.json:
        for case in cases:
            row = {"name": case.name, "file": case.test_file, "expected": case.expected, "ids": case.ids}
            row.update(result=case.result, detail=case.detail, base=str(case.base), revision=str(case.revision))
            print(json.dumps(row))
    else:
        print(table(cases, repo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
