"""Property-test throughput: cases/s offline (generation request strategies) and online
against the local mock, beside schemathesis on the same mock with the same budget; then
the share of planted bugs each tool finds at an equal time budget.

The planted bugs: tests/proptest/inventory_app.py (a multi-tenant inventory API) and
tests/proptest/tracker_app.py (a nested project tracker built in another style), neither
Rivya's, with 14 switchable bugs each. Each bug is served alone (a fresh process), and
each tool runs with its default settings and the same ``--budget`` seconds (our
``--time-budget``, schemathesis's ``--max-time``), once against the clean build and once
per bug. A bug counts as found when the tool reports a failure (operation and check)
on an operation the bug changes (the app's ``WHERE``) that it does not report on the
clean build (schemathesis runs with one ``--seed`` for all builds, ours is seeded by
default); what it reports on the clean build is counted as false findings. Servers run
in a separate process on 127.0.0.1 so client and server do not share an interpreter.
Prints medians over several runs.

    .venv/bin/python bench/bench_proptest.py [--runs 3] [--examples 10] [--budget 30]
        [--planted-only | --no-planted] [--app inventory_app|tracker_app] [--tool ours|schemathesis]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
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


def _st() -> str | None:
    """schemathesis's CLI: the venv's first (another ``st`` on PATH may be something else)."""
    beside = Path(sys.executable).parent / "st"
    if beside.exists():
        return str(beside)
    return shutil.which("schemathesis")


def schemathesis(url: str, key: str, examples: int) -> tuple[float, float] | None:
    binary = _st()
    if binary is None:
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


ROOT = Path(__file__).resolve().parent.parent
# The planted-bug apps: each is a module with SPEC, BUGS, WHERE, KEY, OTHER_KEY, and serves
# itself as a process (``python -m MODULE [BUG...]`` prints its URL).
APPS = ("inventory_app", "tracker_app")


def _serve(app: str, bugs: list[str]) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    module = f"tests.proptest.{app}"
    process = subprocess.Popen([sys.executable, "-m", module, *bugs], stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    for _ in range(100):  # wait until it answers
        try:
            import httpx

            httpx.get(url + "/", timeout=1)
            break
        except Exception:
            time.sleep(0.05)
    return process, url


def ours_found(spec: str, url: str, budget: float, keys: tuple[str, str]) -> set[tuple[str, str]]:
    binary = str(Path(sys.executable).parent / "rivya-contract")
    command = [binary, "proptest", spec, "--base-url", url, "--api-key", keys[0], "--other-account-key", keys[1]]
    command += ["--time-budget", str(budget), "--format", "json"]
    out = subprocess.run(command, capture_output=True, text=True, timeout=budget * 10 + 60)
    report = json.loads(out.stdout)
    return {(f["operation"], f["rule"]) for f in report["findings"]}


def schemathesis_found(spec: str, url: str, budget: float, auth: str) -> set[tuple[str, str]] | None:
    binary = _st()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        command = [binary, "run", spec, "--url", url, "-H", auth]
        command += ["--max-time", str(max(1, round(budget))), "--report", "junit", "--report-junit-path", str(junit)]
        command += ["--no-color", "--seed", "1"]  # the same seed for the clean and each buggy build
        done = subprocess.run(command, capture_output=True, text=True, timeout=budget * 10 + 60, cwd=tmp)
        if os.environ.get("BENCH_DEBUG"):
            print(command, done.returncode, done.stdout[-1500:], done.stderr[-1500:], file=sys.stderr)
        if done.returncode not in (0, 1) or not junit.exists():
            raise RuntimeError(f"schemathesis failed (exit {done.returncode}): {done.stderr[-500:]}")
        found = set()
        for case in ET.parse(junit).getroot().iter("testcase"):
            for failure in case.iter("failure"):
                for code in (failure.get("message") or "").split(","):
                    found.add((case.get("name") or "", code.strip()))
        return found


def _auth_header(spec: dict[str, object], key: str) -> str:
    """The header line that carries ``key`` under the contract's security scheme."""
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}  # type: ignore[union-attr]
    for scheme in schemes.values():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            return f"{scheme['name']}: {key}"
    return f"Authorization: Bearer {key}"


def planted(budget: float, apps: tuple[str, ...] = APPS, tools: tuple[str, ...] = ("ours", "schemathesis")) -> None:
    for name in apps:
        planted_app(name, budget, tools)


def planted_app(name: str, budget: float, tools: tuple[str, ...]) -> None:
    sys.path.insert(0, str(ROOT))
    app = importlib.import_module(f"tests.proptest.{name}")
    keys = (app.KEY, app.OTHER_KEY)
    with tempfile.TemporaryDirectory() as tmp:
        spec = str(Path(tmp) / f"{name}.json")
        Path(spec).write_text(json.dumps(app.SPEC), encoding="utf-8")
        rows: dict[str, dict[str, set[tuple[str, str]] | None]] = {}
        seconds: dict[str, list[float]] = {tool: [] for tool in tools}
        for bug in ["", *app.BUGS]:
            results: dict[str, set[tuple[str, str]] | None] = {}
            for tool in tools:
                process, url = _serve(name, [bug] if bug else [])
                started = time.perf_counter()
                try:
                    if tool == "ours":
                        results[tool] = ours_found(spec, url, budget, keys)
                    else:
                        results[tool] = schemathesis_found(spec, url, budget, _auth_header(app.SPEC, app.KEY))
                finally:
                    process.terminate()
                    process.wait(10)
                seconds[tool].append(time.perf_counter() - started)
            rows[bug] = results
    clean = rows.pop("")
    print()
    print(f"Planted bugs (tests/proptest/{name}.py, each alone; {budget:g} s budget per run, default settings):")
    print()
    print("| bug | " + " | ".join(TOOL_NAMES[t] for t in tools) + " |")
    print("|---|" + "---|" * len(tools))
    totals = dict.fromkeys(tools, 0)
    for bug, results in rows.items():
        cells = []
        for tool in tools:
            found, baseline = results[tool], clean[tool]
            if found is None or baseline is None:
                cells.append("n/a")
                continue
            new = sorted((op, check) for op, check in found - baseline if op in app.WHERE[bug])
            totals[tool] += bool(new)
            cells.append(", ".join(f"`{check}` {op}" for op, check in new[:2]) if new else "missed")
        print(f"| {bug} | " + " | ".join(cells) + " |")
    count = len(rows)
    shown = [f"**{totals[t]}/{count}**" + ("" if clean[t] is not None else " (not installed)") for t in tools]
    print("| **found** | " + " | ".join(shown) + " |")
    print("| false findings on the clean build | " + " | ".join(str(len(clean[t] or ())) for t in tools) + " |")
    used = {tool: statistics.median(times) for tool, times in seconds.items() if times}
    print("| seconds per run (median, whole process) | " + " | ".join(f"{used[t]:.1f}" for t in tools) + " |")
    for tool in tools:
        if clean[tool]:
            listed = ", ".join(f"`{c}` {o}" for o, c in sorted(clean[tool] or ()))
            print(f"\n{TOOL_NAMES[tool]} on the clean build: {listed}")
    print()
    if "schemathesis" in tools:
        print("schemathesis gets no second tenant's key (it has no option for one): cross-tenant is out of its reach.")


TOOL_NAMES = {"ours": "rivya-contract proptest", "schemathesis": "schemathesis"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--offline-cases", type=int, default=2000)
    parser.add_argument("--budget", type=int, default=30, help="seconds per tool run on the planted-bug app")
    parser.add_argument("--planted-only", action="store_true")
    parser.add_argument("--no-planted", action="store_true", help="throughput only (offline and against the mock)")
    parser.add_argument("--app", action="append", choices=APPS, help="planted-bug app(s) to run (default: all)")
    parser.add_argument("--tool", action="append", choices=tuple(TOOL_NAMES), help="tool(s) to run (default: both)")
    args = parser.parse_args()
    apps = tuple(args.app or APPS)
    tools = tuple(args.tool or TOOL_NAMES)
    if args.planted_only:
        planted(args.budget, apps, tools)
        return
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
    if not args.no_planted:
        planted(args.budget, apps, tools)


if __name__ == "__main__":
    main()
