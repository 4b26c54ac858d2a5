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
    input_errors,
    load_source,
)
from rivya_contract.commands.diff import emit, format_option, parse_today, policy_options
from rivya_contract.findings import Finding


def check_document(
    doc: Any, *, snapshots: Path, api: str | None, profile: str, severity: dict[str, str], today: Any
) -> tuple[list[Finding], str]:
    """Validation findings plus policy-applied diff findings; and what was compared."""
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
            return findings, f"no snapshot of {api_name}/{major} yet"
        base = load(previous.path)
    diffs = compare(base, doc, profile=profile, today=today)
    findings += policy.apply(diffs, base, doc, profile=profile, severity=severity)
    return findings, f"{api_name}/{major}/{previous.date}"


@click.command(name="check")
@click.argument("source", required=False, metavar="[SOURCE]")
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
@format_option
@policy_options
@allow_remote_refs_option
def command(
    source: str | None,
    snapshots_dir: str | None,
    api: str | None,
    fmt: str,
    fail_on: str | None,
    profile: str | None,
    today: str | None,
    allow_remote_refs: bool,
) -> None:
    """Validate SOURCE (default: the bundled Rivya v1 contract), then diff it against the
    latest snapshot of the same API and major version."""
    from rivya_contract import policy
    from rivya_contract.config import load_config

    with input_errors():
        config = load_config()
        day = parse_today(today)
    doc = load_source(source, allow_remote_refs)
    root = Path(snapshots_dir) if snapshots_dir else config.snapshots
    findings, against = check_document(
        doc, snapshots=root, api=api, profile=profile or config.profile, severity=config.severity, today=day
    )
    emit(findings, fmt, f"check {doc.source} against {against}", doc.source)
    failed = policy.failing(findings, fail_on or config.fail_on)
    sys.exit(EXIT_FAILED if failed else EXIT_OK)
