"""Start-up: whole-process wall clock of the commands a CI job runs on a small document,
as a ratio to a bare interpreter (`python -c pass`) measured in the same run.

A small contract (one operation, one component schema, a parameter default) is written
to a temporary folder with a snapshot of itself; each command runs `--runs` times in a
fresh process and the median is reported. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The document tests/validate_fast/test_startup.py checks for lazy imports.
SMALL_PATH = Path(__file__).resolve().parents[1] / "tests" / "validate_fast" / "small_openapi.json"
SMALL = json.loads(SMALL_PATH.read_text(encoding="utf-8"))


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    cli = str(Path(sys.executable).parent / "rivya-contract")
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "openapi.json"
        doc.write_text(json.dumps(SMALL), encoding="utf-8")
        (Path(tmp) / "snaps" / "small" / "v1").mkdir(parents=True)
        (Path(tmp) / "snaps" / "small" / "v1" / "2026-01-01.json").write_text(json.dumps(SMALL), encoding="utf-8")
        commands = {
            "`python -c pass` (reference)": [sys.executable, "-c", "pass"],
            "`rivya-contract --help`": [cli, "--help"],
            "`rivya-contract validate openapi.json`": [cli, "validate", str(doc)],
            "`rivya-contract check openapi.json`": [cli, "check", str(doc), "--snapshots", str(Path(tmp) / "snaps")],
        }
        medians = {name: statistics.median(wall(cmd) for _ in range(args.runs)) for name, cmd in commands.items()}
    bare = medians["`python -c pass` (reference)"]
    print(f"Start-up on a small document, median of {args.runs} fresh processes (wall clock).\n")
    print("| command | median | × `python -c pass` |")
    print("|---|---:|---:|")
    for name, value in medians.items():
        print(f"| {name} | {value:.3f} s | {value / bare:.1f}× |")


if __name__ == "__main__":
    main()
