"""The text report of a property-test run (with reproductions); other formats go
through the shared reporters in ``contract.report``."""

from __future__ import annotations

from typing import Any

from rivya_contract.proptest.runner import RunResult


def text(result: RunResult, *, source: str, base_url: str | None, seed: int) -> str:
    target = f"against {base_url}" if base_url else "(offline)"
    lines = [f"proptest {source} {target}"]
    lines.append(f"seed {seed}: {result.cases} cases over {result.operations} operations in {result.seconds:.1f} s")
    if result.stopped_early:
        lines.append("stopped by --time-budget before every case ran")
    for note in result.notes:
        lines.append(f"note: {note}")
    if not result.failures:
        lines.append("no failures")
        return "\n".join(lines) + "\n"
    lines.append(f"{len(result.failures)} failure(s):")
    for failure in result.failures:
        lines.append("")
        lines.append(f"[{failure.rule}] {failure.message}  ({failure.count} case(s))")
        lines.append(f"  reproduce: {failure.curl}")
        lines.append("  pytest:")
        lines.extend("    " + line for line in failure.pytest.splitlines())
    return "\n".join(lines) + "\n"


def json_report(result: RunResult, *, source: str, base_url: str | None, seed: int) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "source": source,
        "base_url": base_url,
        "seed": seed,
        "cases": result.cases,
        "operations": result.operations,
        "stopped_early": result.stopped_early,
        "notes": result.notes,
        "findings": [f.to_dict() for f in result.findings],
    }
