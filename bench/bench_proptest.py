"""Property-test throughput: cases/s offline (generation request strategies) and online
against the local mock, beside schemathesis on the same mock with the same budget.

The mock runs in a separate process on 127.0.0.1 so client and server do not share an
interpreter. Prints medians over several runs.

    .venv/bin/python bench/bench_proptest.py [--runs 3] [--examples 10]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rivya_contract.load import BUNDLED_CONTRACT, load_bundled
from rivya_contract.proptest.mutations import invalid_values_for
from rivya_contract.proptest.runner import Settings, run
from rivya_contract.proptest.seeding import case_seed, draw
from rivya_contract.proptest.strategies import values_for

MOCK = r"""
import sys, time
from rivya_contract.mock import serve
with serve(seed=0) as server:
    print(server.url, server.demo_key, flush=True)
    time.sleep(float(sys.argv[1]))
"""


def offline(kind: str, count: int) -> float:
    doc = load_bundled()
    pointer = "/components/schemas/GenerationRequest"
    strategy = values_for(pointer, doc) if kind == "valid" else invalid_values_for(pointer, doc)
    draw(strategy, 0)  # build the strategy once, as a run does
    started = time.perf_counter()
    for index in range(count):
        draw(strategy, case_seed(0, pointer, kind, index))
    return count / (time.perf_counter() - started)


def online(url: str, key: str, examples: int) -> tuple[float, float]:
    settings = Settings(base_url=url, api_key=key, max_examples=examples, flows=False, shrink=False, timeout=5)
    result = run(load_bundled(), settings)
    return result.cases / result.seconds, result.seconds


def schemathesis(url: str, key: str, examples: int) -> tuple[float, float] | None:
    binary = shutil.which("st") or str(Path(sys.executable).parent / "st")
    if not Path(binary).exists():
        return None
    command = [
        binary,
        "run",
        str(BUNDLED_CONTRACT),
        "--url",
        url,
        "-H",
        f"Authorization: Bearer {key}",
        "--max-examples",
        str(examples),
        "--checks",
        "all",
        "--no-color",
    ]
    started = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - started
    found = re.findall(r"(\d+) generated", out.stdout) or re.findall(r"Test cases:\s*\n?\s*(\d+)", out.stdout)
    cases = int(found[-1]) if found else 0
    return (cases / seconds if cases else 0.0), seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--offline-cases", type=int, default=2000)
    args = parser.parse_args()
    for kind in ("valid", "invalid"):
        rates = [offline(kind, args.offline_cases) for _ in range(args.runs)]
        print(f"offline {kind:7} GenerationRequest: {statistics.median(rates):8.0f} cases/s (median of {args.runs})")
    mock = subprocess.Popen([sys.executable, "-c", MOCK, "3600"], stdout=subprocess.PIPE, text=True)
    try:
        assert mock.stdout is not None
        url, key = mock.stdout.readline().split()
        ours = [online(url, key, args.examples) for _ in range(args.runs)]
        print(
            f"online  rivya-contract proptest: {statistics.median(r for r, _ in ours):8.0f} cases/s, "
            f"{statistics.median(s for _, s in ours):.1f} s per run"
        )
        theirs = [schemathesis(url, key, args.examples) for _ in range(args.runs)]
        if all(t is not None for t in theirs):
            rates = [t[0] for t in theirs if t]
            times = [t[1] for t in theirs if t]
            print(
                f"online  schemathesis (all checks): {statistics.median(rates):8.0f} cases/s, "
                f"{statistics.median(times):.1f} s per run"
            )
        else:
            print("schemathesis not installed: pip install schemathesis (the bench extra)")
    finally:
        mock.terminate()
        mock.wait(10)


if __name__ == "__main__":
    main()
