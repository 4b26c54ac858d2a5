"""Throughput of the mock: requests/s on a simple GET and on a generation create.

The mock runs in this process (uvicorn in a thread, 127.0.0.1); the load comes from a
second process running a sequential httpx client loop, so client and server do not
share an interpreter. Prints the median over several runs.

    .venv/bin/python bench/bench_mock.py [--requests 500] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from rivya_contract.mock import MockOptions, serve

CLIENT = r"""
import sys, time, httpx
url, key, kind, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
body = {"model": "rivya-image-1-turbo", "prompt": "bench"}
with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}) as client:
    client.get("/api/v1/credits")  # warm the connection
    started = time.perf_counter()
    for _ in range(count):
        if kind == "get":
            answer = client.get("/api/v1/credits")
        else:
            answer = client.post("/api/v1/generations", json=body)
        assert answer.status_code < 300, answer.text
    print(count / (time.perf_counter() - started))
"""


def measure(url: str, key: str, kind: str, count: int) -> float:
    out = subprocess.run(
        [sys.executable, "-c", CLIENT, url, key, kind, str(count)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    # Time progress with a tiny step: generations finish at once, so the concurrency
    # limit never refuses a create; credits are ample.
    options = MockOptions(progress="time", step_seconds=1e-6, initial_credits=10**9)
    with serve(None, options) as mock:
        startup = time.perf_counter() - started
        rows = []
        for label, kind in (("GET /api/v1/credits", "get"), ("POST /api/v1/generations", "create")):
            rates = [measure(mock.url, mock.demo_key, kind, args.requests) for _ in range(args.runs)]
            rows.append((label, statistics.median(rates), min(rates), max(rates)))
    print(f"mock start (load contract + app + uvicorn): {startup:.2f} s")
    print(f"{'operation':<28} {'median req/s':>12} {'min':>8} {'max':>8}")
    for label, median, low, high in rows:
        print(f"{label:<28} {median:>12.0f} {low:>8.0f} {high:>8.0f}")
    print(f"({args.runs} runs of {args.requests} sequential requests from a second process)")


if __name__ == "__main__":
    main()
