"""Benchmark the TypeScript SDK generator beside openapi-typescript on the same documents.

Each measurement is a whole fresh process, as a user runs it: ours is
``rivya-contract generate SOURCE --lang typescript --out DIR`` (types + client + prettier),
the reference is ``openapi-typescript SOURCE -o types.ts`` (types only, no client). Both
outputs are then type-checked with ``tsc --strict --noUncheckedIndexedAccess --noEmit``.
openapi-typescript and typescript are pinned in bench/typescript/package-lock.json and
installed once with ``npm ci``. Prints medians of wall time and CPU time (user + system of
the process and its children: node for prettier).

    .venv/bin/python bench/bench_typescript.py [--runs 3] [--specs rivya,twilio,stripe,openai]
    (also openai-yaml, cloudflare, github)
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_generate import SPECS  # noqa: E402 - the same documents as the Python SDK's bench
from rivya_contract.generator.typescript_tooling import bin_path, ensure_tooling, node_available  # noqa: E402

REFERENCE = Path(__file__).resolve().parent / "typescript"
STRICT = ["--strict", "--noUncheckedIndexedAccess", "--noEmit"]


def timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds, CPU seconds (this process and its children), the result."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, done


def tsc_errors(tsc: Path, args: list[str]) -> int:
    done = subprocess.run([str(tsc), *args, *STRICT], capture_output=True, text=True, check=False)
    return len(re.findall(r"error TS\d+", done.stdout + done.stderr))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--specs", default="rivya,twilio,stripe,openai")
    parser.add_argument("--no-tsc", action="store_true")
    args = parser.parse_args()
    missing = node_available()
    if missing:
        print(f"skipped: {missing}")
        return 0
    tools = ensure_tooling()
    reference = ensure_tooling(REFERENCE, ("openapi-typescript", "tsc"))
    cli = str(Path(sys.executable).parent / "rivya-contract")
    rows = []
    for name in args.specs.split(","):
        spec = SPECS[name]
        if not spec.exists():
            rows.append(f"| {name} | (absent) | | | | | | |")
            continue
        with tempfile.TemporaryDirectory(prefix="bench-ts-") as scratch:
            ours_dir = Path(scratch) / "ours"
            theirs = Path(scratch) / "theirs.ts"
            ours, ref = [], []
            for _ in range(args.runs):
                wall, cpu, done = timed([cli, "generate", str(spec), "--lang", "typescript", "--out", str(ours_dir)])
                if done.returncode != 0:
                    print(done.stderr[-2000:], file=sys.stderr)
                    return 1
                ours.append((wall, cpu))
                command = [str(bin_path(reference, "openapi-typescript")), str(spec), "-o", str(theirs)]
                wall, cpu, done = timed(command)
                ref.append((wall, cpu) if done.returncode == 0 else (float("nan"), float("nan")))
            endpoints = sum(p.read_text().count("@endpoint ") for p in (ours_dir / "src" / "resources").glob("*.ts"))
            if args.no_tsc:
                ours_errors = theirs_errors = "-"
            else:
                ours_errors = str(tsc_errors(bin_path(tools, "tsc"), ["-p", str(ours_dir)]))
                theirs_errors = (
                    str(tsc_errors(bin_path(reference, "tsc"), ["--skipLibCheck", str(theirs)]))
                    if theirs.exists()
                    else "failed"
                )
            size = sum(p.stat().st_size for p in (ours_dir / "src").rglob("*.ts")) / 1e6
            theirs_size = theirs.stat().st_size / 1e6 if theirs.exists() else 0.0
        ow, oc = (statistics.median(x) for x in zip(*ours, strict=True))
        rw, rc = (statistics.median(x) for x in zip(*ref, strict=True))
        rows.append(
            f"| {name} | {endpoints} | {ow:.1f} s / {oc:.1f} s | {size:.2f} MB | {ours_errors} "
            f"| {rw:.1f} s / {rc:.1f} s | {theirs_size:.2f} MB | {theirs_errors} |"
        )
    print(f"TypeScript SDK vs openapi-typescript 7.13.0 (types only), medians of {args.runs} fresh processes")
    print("(wall / CPU; CPU includes node for prettier; tsc = --strict --noUncheckedIndexedAccess errors).\n")
    columns = ["document", "methods", "ours: wall / CPU", "ours: src", "ours: tsc"]
    columns += ["openapi-typescript: wall / CPU", "its output", "its tsc"]
    print("| " + " | ".join(columns) + " |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
