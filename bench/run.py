"""`make bench`: run every benchmark script and collect their tables.

Each ``bench/bench_<area>.py`` measures one area (medians of several runs, reference
tools beside ours as ratios) and prints Markdown. This runner executes them one after
the other (so they do not compete for the two cores), prints each table, and writes
them all to ``bench/RESULTS.md`` with the machine they ran on; the README quotes that
file.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from machine import describe

HERE = Path(__file__).resolve().parent


def as_markdown(output: str) -> str:
    """Scripts that print a Markdown table pass through; plain columns go in a code block."""
    if "\n|---" in output or output.startswith("|"):
        return output
    return f"```\n{output}\n```"


def main(argv: list[str]) -> int:
    only = set(argv)
    scripts = sorted(HERE.glob("bench_*.py"))
    sections = [f"# Benchmarks\n\nMachine: {describe()}.  Run: {time.strftime('%Y-%m-%d')}.\n"]
    failed = 0
    for script in scripts:
        area = script.stem.removeprefix("bench_")
        if only and area not in only:
            continue
        print(f"== {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
        print(result.stdout, flush=True)
        if result.returncode != 0:
            failed += 1
            print(result.stderr[-3000:], file=sys.stderr)
            sections.append(f"## {area}\n\nFAILED (exit {result.returncode}).\n")
        else:
            sections.append(f"## {area}\n\n{as_markdown(result.stdout.strip())}\n")
    if not only:
        (HERE / "RESULTS.md").write_text("\n".join(sections))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
