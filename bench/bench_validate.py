"""Benchmark `rivya-contract validate` on the corpus: medians over fresh processes.

    .venv/bin/python bench/bench_validate.py [--runs 3] [--reference-runs 3]
        [--doc github ...] [--compare] [--skip-reference]

Per document, each measured in its own fresh process pinned to one core:
- parse: orjson.loads (YAML: PyYAML's C loader), the floor;
- load: contract.load.load (parse, strict duplicate-key check, Document);
- validate: load + the spec rule family on the fast engine, findings located
  (line, column) as the command reports them;
- cli: the whole `python -m rivya_contract validate SOURCE --format json`, wall clock;
- reference: openapi-spec-validator 0.9 `iter_errors()` on the parsed tree, pure
  Python jsonschema backend (as published; with jsonschema-rs installed the library
  would switch its document-level check to Rust, with other messages).
Ratios: validate / parse and reference / validate. Then `rivya-contract --help`.

--compare also runs the spec rule family on both engines in one process per
document and says whether the (pointer, message) sets are equal (GitHub's reference
run takes about 25 s; the test-suite compares the four others).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import describe

CORPUS = Path(os.environ.get("RIVYA_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
DOCUMENTS = {
    "github": "github/octokit-openapi-23.0.1.json",
    "cloudflare": "cloudflare/cca3064f1aba.json",
    "openai-json": "openai-json/f85dbe223d40.json",
    "openai-yaml": "openai/f85dbe223d40.yaml",
    "stripe": "stripe/e0123a38b40c.json",
    "twilio": "twilio/d50069b44ea8.json",
}
PHASES = ("parse", "load", "validate", "reference")


# -- what one fresh process measures ------------------------------------------------


def _parse(path: str) -> object:
    if path.endswith((".yaml", ".yml")):
        import yaml

        return yaml.load(Path(path).read_bytes(), Loader=yaml.CSafeLoader)
    import orjson

    return orjson.loads(Path(path).read_bytes())


def child(phase: str, path: str) -> dict[str, float | int]:
    if phase == "parse":
        start = time.perf_counter()
        _parse(path)
        return {"seconds": time.perf_counter() - start}
    if phase == "load":
        from rivya_contract.load import load

        start = time.perf_counter()
        load(path)
        return {"seconds": time.perf_counter() - start}
    if phase == "validate":
        from rivya_contract.load import load
        from rivya_contract.validate import spec

        start = time.perf_counter()
        findings = list(spec.check(load(path), engine="fast"))
        return {"seconds": time.perf_counter() - start, "errors": len(findings)}
    if phase == "reference":
        os.environ["OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND"] = "jsonschema"
        from openapi_spec_validator.shortcuts import get_validator_cls

        tree = _parse(path)
        start = time.perf_counter()
        errors = list(get_validator_cls(tree)(tree).iter_errors())  # type: ignore[arg-type]
        return {"seconds": time.perf_counter() - start, "errors": len(errors)}
    if phase == "compare":
        from rivya_contract.load import load
        from rivya_contract.validate import spec
        from rivya_contract.validate.fast_spec import comparable

        doc = load(path)
        found = {}
        for engine in ("fast", "reference"):
            start = time.perf_counter()
            found[engine] = {(f.pointer, comparable(f.message)) for f in spec.check(doc, engine=engine)}
            found[engine + "_seconds"] = time.perf_counter() - start  # type: ignore[assignment]
        return {
            "equal": int(found["fast"] == found["reference"]),
            "fast_errors": len(found["fast"]),
            "reference_errors": len(found["reference"]),
            "only_fast": len(found["fast"] - found["reference"]),
            "only_reference": len(found["reference"] - found["fast"]),
            "fast_seconds": found["fast_seconds"],  # type: ignore[dict-item]
            "reference_seconds": found["reference_seconds"],  # type: ignore[dict-item]
        }
    raise SystemExit(f"unknown phase {phase!r}")


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def run_child(phase: str, path: Path) -> dict[str, float | int]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", phase, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{phase} on {path} failed:\n{result.stderr[-2000:]}")
    parsed: dict[str, float | int] = json.loads(result.stdout.strip().splitlines()[-1])
    return parsed


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False, preexec_fn=_one_core)
    return time.perf_counter() - start


# -- the table ----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reference-runs", type=int, default=3, help="runs of the slow reference (GitHub: 1)")
    parser.add_argument("--doc", action="append", choices=sorted(DOCUMENTS))
    parser.add_argument("--compare", action="store_true", help="check both engines report the same errors")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("PHASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _one_core()
        print(json.dumps(child(*args.child)))
        return
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")

    print(
        f"Machine: {describe()}; each run pinned to one core.\n"
        f"Medians of {args.runs} fresh processes (reference: {args.reference_runs}).\n"
    )
    columns = ("document", "MB", "parse s", "load s", "validate s", "cli s", "reference s", "errors")
    print("| " + " | ".join((*columns, "validate/parse", "reference/validate")) + " |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    comparisons = []
    for name in args.doc or list(DOCUMENTS):
        path = CORPUS / DOCUMENTS[name]
        if not path.exists():
            print(f"| {name} | missing | | | | | | | | |")
            continue
        medians: dict[str, float] = {}
        errors: dict[str, int] = {}
        for phase in PHASES:
            if phase == "reference" and args.skip_reference:
                continue
            runs = args.runs
            if phase == "reference":
                runs = 1 if name == "github" else args.reference_runs
            samples = [run_child(phase, path) for _ in range(runs)]
            medians[phase] = statistics.median(float(s["seconds"]) for s in samples)
            if "errors" in samples[0]:
                errors[phase] = int(samples[0]["errors"])
        cli = [sys.executable, "-m", "rivya_contract", "validate", str(path), "--format", "json"]
        medians["cli"] = statistics.median(wall(cli) for _ in range(args.runs))
        reference = medians.get("reference")
        reference_cell = f"{reference:.2f}" if reference else "-"
        speedup = f"{reference / medians['validate']:.0f}x" if reference else "-"
        count = f"{errors.get('validate', 0)}"
        if "reference" in errors:
            count += f" / {errors['reference']}"
        print(
            f"| {name} | {path.stat().st_size / 1e6:.1f} | {medians['parse']:.3f} | {medians['load']:.3f} "
            f"| {medians['validate']:.3f} | {medians['cli']:.2f} | {reference_cell} "
            f"| {count} | {medians['validate'] / medians['parse']:.1f}x "
            f"| {speedup} |",
            flush=True,
        )
        if args.compare:
            comparisons.append((name, run_child("compare", path)))

    executable = shutil.which("rivya-contract") or str(Path(sys.executable).with_name("rivya-contract"))
    help_time = statistics.median(wall([executable, "--help"]) for _ in range(max(args.runs, 5)))
    print(f"\n`rivya-contract --help` start-up: {help_time:.3f} s (median, wall clock).")
    print("\nerrors: as the fast engine reports them / as openapi-spec-validator reports them.")
    if comparisons:
        print("\n| document | same errors | fast | reference | only fast | only reference | fast s | reference s |")
        print("|---|---|--:|--:|--:|--:|--:|--:|")
        for name, c in comparisons:
            print(
                f"| {name} | {'yes' if c['equal'] else 'NO'} | {c['fast_errors']} | {c['reference_errors']} "
                f"| {c['only_fast']} | {c['only_reference']} | {c['fast_seconds']:.2f} | {c['reference_seconds']:.2f} |"
            )


if __name__ == "__main__":
    main()
