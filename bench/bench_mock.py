"""Throughput of `rivya-contract mock`, beside Prism's stateless mock on the same contract.

Both servers run as their own processes on 127.0.0.1, started the way users start them
(`rivya-contract mock --port 0 ...`; `prism mock` from npm, installed into bench/prism by
`npm ci` from bench/prism/package-lock.json). The load comes from a third process: N
keep-alive connections in threads (concurrency 1 = one sequential client), so client and
servers never share an interpreter. Prints medians of several runs as Markdown:

- requests/s at concurrency 1 and 8 on `GET /api/v1/credits` and `POST /api/v1/generations`,
  ours and Prism's;
- the flatness of our POST rate as state grows: a fresh mock and one that already took
  10,000 creates, measured in turns (the share of the fresh rate the grown one keeps).

    .venv/bin/python bench/bench_mock.py [--requests 1000] [--runs 3] [--grow 10000] [--no-prism]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PRISM_DIR = HERE / "prism"
PRISM = PRISM_DIR / "node_modules" / ".bin" / "prism"
CONTRACT = ROOT / "contract" / "bundled" / "openapi.json"
KEY = "rvya_sk_demo"
BODY = b'{"model": "rivya-image-1-turbo", "prompt": "bench"}'

CLIENT = r"""
import http.client, sys, threading, time
host, port, kind, count, workers = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
body = sys.argv[6].encode()
headers = {"Authorization": "Bearer rvya_sk_demo", "Content-Type": "application/json"}
failures = []
def work(n):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    for _ in range(n):
        if kind == "get":
            conn.request("GET", "/api/v1/credits", headers=headers)
        else:
            conn.request("POST", "/api/v1/generations", body=body, headers=headers)
        answer = conn.getresponse()
        answer.read()
        if answer.status >= 300:
            failures.append(answer.status)
    conn.close()
share = [count // workers + (1 if i < count % workers else 0) for i in range(workers)]
threads = [threading.Thread(target=work, args=(n,)) for n in share]
started = time.perf_counter()
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.perf_counter() - started
if failures:
    sys.exit(f"{len(failures)} answers >= 300, first {failures[0]}")
print(count / elapsed)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_listening(port: int, process: subprocess.Popen[bytes], timeout: float = 60.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.02)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def start_ours() -> tuple[subprocess.Popen[bytes], int, float]:
    exe = Path(sys.executable).with_name("rivya-contract")
    command = [str(exe), "mock", "--port", "0", "--progress", "time", "--step-seconds", "0.000001"]
    command += ["--credits", "1000000000"]
    # Time progress with a tiny step: generations finish at once, so the concurrency
    # limit never refuses a create; credits are ample.
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    line = process.stdout.readline().decode()
    found = re.search(r":(\d+)\s*$", line.strip())
    if found is None:
        process.kill()
        raise SystemExit(f"rivya-contract mock printed {line!r}")
    port = int(found.group(1))
    wait_listening(port, process)
    return process, port, time.perf_counter() - started


def start_prism() -> tuple[subprocess.Popen[bytes], int, float] | None:
    if not PRISM.exists():
        npm = shutil.which("npm")
        if npm is None:
            return None
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PRISM_DIR, check=True)
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), str(CONTRACT)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_listening(port, process)
    return process, port, time.perf_counter() - started


def measure(port: int, kind: str, count: int, workers: int) -> float:
    out = subprocess.run(
        [sys.executable, "-c", CLIENT, "127.0.0.1", str(port), kind, str(count), str(workers), BODY.decode()],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip())


def median_rate(port: int, kind: str, count: int, workers: int, runs: int) -> float:
    measure(port, kind, 50, workers)  # warm up
    return statistics.median(measure(port, kind, count, workers) for _ in range(runs))


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--grow", type=int, default=10_000)
    parser.add_argument("--no-prism", action="store_true")
    args = parser.parse_args()
    cases = [("GET /api/v1/credits", "get", 1), ("POST /api/v1/generations", "create", 1)]
    cases += [("GET /api/v1/credits", "get", 8), ("POST /api/v1/generations", "create", 8)]
    ours: dict[tuple[str, int], float] = {}
    prism: dict[tuple[str, int], float] = {}
    process, port, our_start = start_ours()
    grown_process, grown_port, _ = start_ours()
    try:
        for label, kind, workers in cases:
            ours[(label, workers)] = median_rate(port, kind, args.requests, workers, args.runs)
        # State growth: a second mock gets --grow creates first; then both are measured
        # in turns (fresh, grown, fresh, grown...), so the load of the shared machine
        # falls on both alike.
        measure(grown_port, "create", args.grow, 8)
        fresh_rates, grown_rates = [], []
        for _ in range(args.runs + 2):
            fresh_rates.append(measure(port, "create", args.requests, 8))
            grown_rates.append(measure(grown_port, "create", args.requests, 8))
        fresh, grown = statistics.median(fresh_rates), statistics.median(grown_rates)
    finally:
        stop(process)
        stop(grown_process)
    prism_start = None
    started = None if args.no_prism else start_prism()
    if started is not None:
        prism_process, prism_port, prism_start = started
        try:
            for label, kind, workers in cases:
                prism[(label, workers)] = median_rate(prism_port, kind, args.requests, workers, args.runs)
        finally:
            stop(prism_process)
    print(f"Medians of {args.runs} runs of {args.requests} requests; client: a separate Python process with")
    print(f"N keep-alive connections in threads; {os.cpu_count()} shared cores.\n")
    print("| operation | concurrency | rivya-contract mock req/s | Prism req/s | ours / Prism |")
    print("|---|---:|---:|---:|---:|")
    for label, _, workers in cases:
        mine, theirs = ours[(label, workers)], prism.get((label, workers))
        ratio = f"{mine / theirs:.2f}" if theirs else "n/a"
        shown = f"{theirs:.0f}" if theirs else "not run"
        print(f"| {label} | {workers} | {mine:.0f} | {shown} | {ratio} |")
    print()
    print(f"Start until listening: ours {our_start:.2f} s, Prism {prism_start:.2f} s." if prism_start else "")
    print(
        f"\nState growth (two mocks measured in turns, medians of {args.runs + 2}): POST /api/v1/generations at "
        f"concurrency 8, {fresh:.0f} req/s on a fresh mock, {grown:.0f} req/s on one that already holds "
        f"{args.grow:,} generations ({grown / fresh:.0%} of fresh)."
    )


if __name__ == "__main__":
    main()
