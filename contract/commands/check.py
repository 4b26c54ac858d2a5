"""``rivya-contract check [SOURCE]``: validate, then diff against the latest snapshot of
the same API and major version (``snapshots/<api>/<major>/<YYYY-MM-DD>.json``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from rivya_contract.commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    allow_remote_refs_option,
    duplicate_keys_option,
    input_errors,
    load_source,
)
from rivya_contract.commands.diff import emit, format_option, parse_today, policy_options
from rivya_contract.errors import SourceError
from rivya_contract.findings import Finding


def check_document(
    doc: Any,
    *,
    snapshots: Path,
    api: str | None,
    profile: str,
    severity: dict[str, str],
    today: Any,
    first_allowed: bool = False,
    min_sunset_days: tuple[int, int] = (0, 0),
) -> tuple[list[Finding], str]:
    """Validation findings plus policy-applied diff findings; and what was compared.

    Fails closed: with no snapshot of the document's API and major version to compare
    against, this raises (exit 2 at the command line) instead of passing on validation
    alone — a missing or mistyped snapshot folder must never turn the gate green. Only
    ``snapshot accept`` may start a lineage (``first_allowed``).
    """
    from rivya_contract import policy
    from rivya_contract import snapshots as snaps
    from rivya_contract.diff import compare
    from rivya_contract.load import load
    from rivya_contract.validate import validate

    findings = list(validate(doc))
    with input_errors():
        api_name = api or snaps.api_name(doc, snapshots)
        major = snaps.major_of(doc)
        previous = snaps.latest(snapshots, api_name, major)
        if previous is None:
            if first_allowed:
                return findings, f"no snapshot of {api_name}/{major} yet"
            raise SourceError(str(snapshots), snaps.missing_message(snapshots, api_name, major))
        base = load(previous.path)
    diffs = compare(base, doc, profile=profile, today=today, min_sunset_days=min_sunset_days)
    findings += policy.apply(diffs, base, doc, profile=profile, severity=severity)
    return findings, f"{api_name}/{major}/{previous.date}"


MULTI_SOURCE_FORMATS = ("text", "markdown", "github")  # reports that can follow one another


def parse_report_files(values: tuple[str, ...]) -> list[tuple[str, Path]]:
    """``--report-file FORMAT=PATH`` pairs (exit 2 on a bad one)."""
    from rivya_contract.report import FORMATS

    pairs: list[tuple[str, Path]] = []
    for value in values:
        fmt, sep, path = value.partition("=")
        if not sep or fmt not in FORMATS or not path:
            raise SourceError(
                "--report-file", f"{value!r}: expected FORMAT=PATH with FORMAT one of {', '.join(FORMATS)}"
            )
        pairs.append((fmt, Path(path)))
    return pairs


def write_reports(pairs: list[tuple[str, Path]], findings: list[Finding], title: str, source: str | None) -> None:
    from rivya_contract.atomic import write_atomic
    from rivya_contract.report import ReportContext, render

    for fmt, path in pairs:
        text = render(findings, fmt, ReportContext(title=title, source=source))
        try:
            write_atomic(path, text.encode("utf-8"))
        except OSError as exc:
            raise SourceError(str(path), f"cannot write the {fmt} report: {exc.strerror or exc}") from None


@click.command(name="check")
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@click.option(
    "--snapshots",
    "snapshots_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Snapshot folder (default from config: snapshots).",
)
@click.option(
    "--api", default=None, help="API name under the snapshot folder (default: from the document's title, e.g. rivya)."
)
@click.option(
    "--report-file",
    "report_files",
    multiple=True,
    metavar="FORMAT=PATH",
    help="Also write the report in FORMAT to PATH (repeatable), e.g. sarif=check.sarif.",
)
@format_option
@policy_options
@allow_remote_refs_option
@duplicate_keys_option
def command(
    sources: tuple[str, ...],
    snapshots_dir: str | None,
    api: str | None,
    report_files: tuple[str, ...],
    fmt: str,
    fail_on: str | None,
    profile: str | None,
    today: str | None,
    allow_remote_refs: bool,
    duplicate_keys: str,
) -> None:
    """Validate each SOURCE (default: the bundled Rivya v1 contract), then diff it against
    the latest snapshot of the same API and major version.

    Exit 0 when nothing fails the policy, 1 when something does, 2 on bad input —
    including when there is no snapshot to compare against.
    """
    from rivya_contract import policy
    from rivya_contract.config import load_config

    with input_errors():
        config = load_config()
        day = parse_today(today)
        extra_reports = parse_report_files(report_files)
        if len(sources) > 1 and (fmt not in MULTI_SOURCE_FORMATS or extra_reports):
            raise SourceError("check", f"--format {fmt} and --report-file take one SOURCE per run")
    root = Path(snapshots_dir) if snapshots_dir else config.snapshots
    any_failed = False
    for source in sources or (None,):
        doc = load_source(source, allow_remote_refs, duplicate_keys=duplicate_keys)
        findings, against = check_document(
            doc,
            snapshots=root,
            api=api,
            profile=profile or config.profile,
            severity=config.severity,
            today=day,
            min_sunset_days=config.min_sunset_days,
        )
        title = f"check {doc.source} against {against}"
        emit(findings, fmt, title, doc.source)
        with input_errors():
            write_reports(extra_reports, findings, title, doc.source)
        any_failed = any_failed or bool(policy.failing(findings, fail_on or config.fail_on))
    sys.exit(EXIT_FAILED if any_failed else EXIT_OK)
