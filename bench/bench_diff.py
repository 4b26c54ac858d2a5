"""Benchmark the diff on the corpus's pairs: medians over several fresh runs.

    /work/venv/bin/python bench/bench_diff.py [--runs 3] [--pair github]

For each pair: orjson parse of both files, load (parse + Document) of both, the diff
(strict profile), total, and the ratio diff-total / orjson-parse; plus peak RSS.
"""

from __future__ import annotations

import argparse
import json
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
}


def one_run(base: str, revision: str) -> dict[str, float]:
    """Runs in a fresh process so caches and memory are honest."""
    import orjson

    from contract.diff import compare
    from contract.load import load

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pair", action="append", choices=sorted(PAIRS))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(*args.child)))
        return
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    print(f"{'pair':<12} {'orjson':>7} {'load':>7} {'diff':>7} {'total':>7} {'x-orjson':>8} {'peakMB':>7} findings")
    for name in args.pair or list(PAIRS):
        base, revision = (str(CORPUS / p) for p in PAIRS[name])
        runs = []
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, __file__, "--child", base, revision], capture_output=True, text=True, check=True
            )
            runs.append(json.loads(out.stdout))
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(
            f"{name:<12} {med['orjson']:7.2f} {med['load']:7.2f} {med['diff']:7.2f} "
            f"{med['total']:7.2f} {med['total'] / med['orjson']:8.1f} {med['peak_mb']:7.0f} "
            f"{int(med['findings'])}"
        )


if __name__ == "__main__":
    main()
