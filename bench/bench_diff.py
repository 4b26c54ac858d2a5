"""Benchmark the diff on the corpus's pairs: medians over several fresh runs.

    .venv/bin/python bench/bench_diff.py [--runs 3] [--pair github]

For each pair: orjson parse of both files, load (parse + Document) of both, the diff
(strict profile), total, and the ratio diff-total / orjson-parse; plus peak RSS. The
``synthetic`` pair is written by bench/synthetic_doc.py (10,000 operations over deep,
diamond-shaped $ref chains) into $TMPDIR on first use. Beside
it, in the same run, the generic deep diff the issue compares with: deepdiff's
``DeepDiff`` on the two parsed trees (one run each: it is slow). Every run is a fresh
process pinned to one core.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PAIRS = {
    "github": ("github/octokit-openapi-23.0.0.json", "github/octokit-openapi-23.0.1.json"),
    "stripe": ("stripe/fc5a2b929316.json", "stripe/e0123a38b40c.json"),
    "cloudflare": ("cloudflare/615695d86d03.json", "cloudflare/cca3064f1aba.json"),
    "openai-json": ("openai-json/13c6a94fca98.json", "openai-json/f85dbe223d40.json"),
    "twilio": ("twilio/5fc16b940196.json", "twilio/d50069b44ea8.json"),
    "stripe-gap": ("stripe/c67165155137.json", "stripe/e0123a38b40c.json"),
    # bench/synthetic_doc.py: 10,000 operations, 2**12 $ref routes from each to the bottom
    "synthetic": ("base.json", "revision.json"),
}
SYNTHETIC = Path(os.environ.get("TMPDIR", "/tmp")) / "rivya-bench-synthetic-10000-12"


def pair_paths(name: str) -> tuple[str, str]:
    if name == "synthetic":
        if not (SYNTHETIC / "revision.json").is_file():
            writer = Path(__file__).with_name("synthetic_doc.py")
            subprocess.run([sys.executable, str(writer), str(SYNTHETIC)], check=True, capture_output=True)
        return str(SYNTHETIC / "base.json"), str(SYNTHETIC / "revision.json")
    base, revision = PAIRS[name]
    return str(CORPUS / base), str(CORPUS / revision)


def one_run(base: str, revision: str) -> dict[str, float]:
    """Runs in a fresh process so caches and memory are honest."""
    import orjson

    from rivya_contract.diff import compare
    from rivya_contract.load import load

    t0 = time.perf_counter()
    for name in (base, revision):
        orjson.loads(Path(name).read_bytes())
    t1 = time.perf_counter()
    old, new = load(base), load(revision)
    t2 = time.perf_counter()
    findings = compare(old, new, profile="strict")
    t3 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "orjson": t1 - t0,
        "load": t2 - t1,
        "diff": t3 - t2,
        "total": t3 - t1,
        "peak_mb": peak_mb,
        "findings": len(findings),
    }


def deepdiff_run(base: str, revision: str) -> dict[str, float]:
    import orjson
    from deepdiff import DeepDiff

    old, new = (orjson.loads(Path(name).read_bytes()) for name in (base, revision))
    t0 = time.perf_counter()
    DeepDiff(old, new)
    return {"deepdiff": time.perf_counter() - t0}


def _pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _child(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pair", action="append", choices=sorted(PAIRS))
    parser.add_argument("--no-deepdiff", action="store_true", help="skip the deepdiff reference")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _pin_to_one_core()
        if args.child[0] == "deepdiff":
            print(json.dumps(deepdiff_run(*args.child[1:])))
        else:
            print(json.dumps(one_run(*args.child)))
        return
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    header = "pair | orjson s | load s | diff s | total s | total/orjson | peak MB | findings | deepdiff s | ratio"
    print(f"| {header} |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name in args.pair or list(PAIRS):
        base, revision = pair_paths(name)
        runs = [_child(base, revision) for _ in range(args.runs)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        deep = "" if args.no_deepdiff else f"{_child('deepdiff', base, revision)['deepdiff']:.2f}"
        ratio = f"{float(deep) / med['total']:.0f}x" if deep else ""
        print(
            f"| {name} | {med['orjson']:.2f} | {med['load']:.2f} | {med['diff']:.2f} | {med['total']:.2f} "
            f"| {med['total'] / med['orjson']:.1f}x | {med['peak_mb']:.0f} | {int(med['findings'])} "
            f"| {deep} | {ratio} |"
        )
    print(f"\nMedians of {args.runs} fresh processes, each pinned to one core; deepdiff: one run.")


if __name__ == "__main__":
    main()
