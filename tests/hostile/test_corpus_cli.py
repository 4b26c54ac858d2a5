"""Every command of the CLI on every document of tests/hostile/corpus/.

The promise for hostile input: exit 0, 1 or 2; never a traceback; nothing written
outside the command's own output folder; no command longer than 60 s. The documents
run in a subprocess (tests/hostile/drive.py runs the commands in-process there, so
Python starts four times, not 750); its timeout guards the suite against a hang, and
inside it each command has a 60 s alarm.

Each class of the issue also has its expected answer below: the line that names what
is wrong and where.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
DOCUMENTS = sorted(p.name for p in CORPUS.iterdir() if p.is_file())
BATCHES = 4
GUARD_SECONDS = 900  # for a whole batch, on a busy machine: a hang guard, not a speed test


def rows_of_batch(index: int) -> list[dict[str, Any]]:
    docs = [str(CORPUS / name) for name in DOCUMENTS[index::BATCHES]]
    done = subprocess.run(
        [sys.executable, "-m", "tests.hostile.drive", *docs],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=GUARD_SECONDS,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


@pytest.mark.slow
@pytest.mark.parametrize("batch", range(BATCHES))
def test_every_command_on_every_hostile_document(batch: int) -> None:
    rows = rows_of_batch(batch)
    assert len(rows) == 9 * len(DOCUMENTS[batch::BATCHES])
    broken = [
        f"{r['doc']} / {r['command']}: exit {r['exit']}, {r['exception'] or r['stderr']}, stray {r['stray']}"
        for r in rows
        if r["exit"] not in (0, 1, 2) or r["exception"] or r["traceback_in_stderr"] or r["stray"] or r["hung"]
    ]
    assert not broken, "\n".join(broken)
    for row in rows:
        if row["exit"] == 2:  # bad input: one line on stderr saying what and where
            assert row["stderr"].startswith("error: "), row
    wrong = []
    for row in rows:
        exit_code, text = EXPECTED.get(row["doc"], {}).get(row["command"], (row["exit"], ""))
        if row["exit"] != exit_code or text not in row["stderr"] + row["stdout"]:
            wrong.append(f"{row['doc']} / {row['command']}: expected exit {exit_code} and {text!r}; got {row}")
    assert not wrong, "\n".join(wrong)


# document -> {command: (exit code, text the error line or the output holds)}
EXPECTED: dict[str, dict[str, tuple[int, str]]] = {
    "self-anchor.yaml": {
        c: (2, "self-anchor.yaml:14:19: a YAML alias refers to the node that contains it")
        for c in ("validate", "generate", "proptest", "snapshot-accept")
    },
    "self-anchor-external-ref.yaml": {"validate": (2, "a YAML alias refers to the node that contains it")},
    "binary.yaml": {"validate": (2, "binary.yaml:3:9: !!binary (bytes) has no JSON form")},
    "set.yaml": {"validate": (2, "set.yaml:3:8: !!set (a set) has no JSON form"), "snapshot-accept": (2, "!!set")},
    "openapi-number.json": {
        c: (2, '(at /openapi): must be a string, not the number 3.1 (quote it: openapi: "3.1.0")')
        for c in ("validate", "diff-self", "generate")
    },
    "info-string.json": {
        c: (2, "(at /info): must be an object, not the string 'Hostile'")
        for c in ("validate", "diff-bundled", "generate")
    },
    "format-object.json": {"generate": (2, "(at /components/schemas/A/format): must be a string, not an array")},
    "deep-properties-450.json": {
        c: (2, "nested more than 128 levels deep") for c in ("generate", "proptest", "diff-self")
    },
    "deep-oneof-450.json": {c: (2, "nested more than 128 levels deep") for c in ("generate", "proptest", "diff-self")},
    "ref-chain-400.json": {c: (2, "schemas nest more than 400 levels deep") for c in ("validate", "generate")},
    "alias-eight-way.yaml": {c: (2, "(refusing a possible alias bomb)") for c in ("validate", "generate")},
    # under the node cap, 0.9 KB growing to 3.6 MB: over 5 minutes of generate before
    "alias-seven-way.yaml": {
        c: (2, "alias-seven-way.yaml:8: YAML aliases expand to more than") for c in ("validate", "generate")
    },
    "dangling-ref.json": {"validate": (1, "[ref-unresolved] $ref '#/components/schemas/Missing' resolves to nothing")},
    "dangling-ref-path-item.json": {"validate": (1, "[ref-unresolved]")},
    "dangling-ref-external.json": {"validate": (1, "other.json#/Missing' resolves to nothing")},
    "ref-bad-pointer.json": {"validate": (1, "is not a JSON pointer")},
    "ref-escapes-folder.json": {"validate": (2, "leaves the document's folder")},
    "ref-ftp.json": {"validate": (2, "unsupported scheme")},
    "huge-integer.yaml": {"validate": (2, "huge-integer.yaml:3:6: an integer too large for any JSON reader")},
    "timestamp-float.yaml": {"validate": (2, "(infinity or NaN) has no JSON form")},
    "at-depth-limit-properties.json": {c: (0, "") for c in ("validate", "generate", "proptest", "diff-self")},
    "at-depth-limit-items.json": {c: (0, "") for c in ("validate", "generate", "proptest", "diff-self")},
    "at-depth-limit-oneOf.json": {c: (0, "") for c in ("validate", "generate", "diff-self")},
    "ref-chain-190.json": {c: (0, "") for c in ("validate", "generate", "proptest", "diff-self")},
    "ref-cycle-oneOf.json": {
        # Node = {oneOf: [Node]} applies Node to the same value forever: no value at all
        "validate": (1, "[schema-ref-loop] $ref '#/components/schemas/Node' leads back to this schema"),
        **{c: (0, "") for c in ("diff-self", "proptest", "mock")},
        "generate": (2, "datamodel-code-generator failed: Models not found"),
    },
    # The crashes of the last session's final `make fuzz` (19 crashes, 8 causes), fixed.
    # A property that refers to itself through oneOf, with a default to check: RecursionError.
    "fuzz-ref-loop-oneOf-self.json": {
        "validate": (1, "[schema-ref-loop] $ref '#/components/schemas/A/properties/speed' leads back to this schema"),
        "generate": (0, "refers back into itself; typed as Any"),
        **{c: (0, "") for c in ("proptest", "mock", "diff-self")},
    },
    # A = {anyOf: [C]}, C = {not: A}, A's default checked: RecursionError
    "fuzz-ref-loop-random.json": {
        "validate": (1, "[schema-ref-loop] $ref '#/components/schemas/C' leads back to this schema"),
        "proptest": (1, ""),
    },
    # The same self-reference on a property that is a $ref: generate copied it 2^40 times
    "fuzz-foreign-ref-self-items-oneOf.json": {"generate": (0, "wrote"), "validate": (1, "[schema-ref-loop]")},
    # ECMA's (?<n>x): translated, checked like any pattern (re.error before)
    "fuzz-pattern-ecma-named-group.json": {c: (0, "") for c in ("generate", "proptest")},
    "fuzz-pattern-in-example-proptest.json": {"proptest": (1, "example at /components/schemas/B/example")},
    "fuzz-pattern-unterminated-set.json": {
        "validate": (
            1,
            "[pattern-invalid] pattern '[' cannot be compiled (unterminated character set at position 0)",
        ),
        **{c: (0, "") for c in ("generate", "proptest")},
    },
    # A schema $ref to a parameter object, and to an array: proptest's TypeError and
    # AttributeError before; now load checks what a schema $ref points at as a schema
    "fuzz-schema-ref-to-parameter.json": {
        c: (
            2,
            "(at /components/parameters/Kind/required): must be an array, not the boolean false "
            "(a schema: the $ref at /components/schemas/A/properties/media/items/$ref points here)",
        )
        for c in ("validate", "generate", "proptest", "mock")
    },
    # found by this session's first 10-minute run: an example's parameter named by an object
    "fuzz-catalog-param-name-object.json": {
        "validate": (
            1,
            "[catalog-model-list-drift] ModelList example, model 'rivya-voice-clone-1': parameter "
            "'referenceMediaItems' is in ModelParams.rivya-voice-clone-1 but not in the example",
        )
    },
    "fuzz-schema-ref-to-array.json": {
        c: (2, "$ref '#/paths/~1api~1v1~1files~1{fileId}/get/tags' points at an array, not a schema")
        for c in ("validate", "diff-bundled", "generate", "proptest")
    },
}


def test_every_expected_document_is_in_the_corpus() -> None:
    assert set(EXPECTED) <= set(DOCUMENTS)
    commands = {"validate", "validate-json", "diff-self", "diff-bundled", "check", "generate", "proptest"}
    commands |= {"snapshot-accept", "mock"}
    assert {c for by_command in EXPECTED.values() for c in by_command} <= commands
