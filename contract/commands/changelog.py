"""``rivya-contract changelog BASE REVISION``: a Markdown changelog entry."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from rivya_contract.commands.common import allow_remote_refs_option, input_errors
from rivya_contract.commands.diff import run_diff
from rivya_contract.profiles import NAMES


@click.command(name="changelog")
@click.argument("base")
@click.argument("revision")
@click.option(
    "--date",
    "day",
    default=None,
    metavar="YYYY-MM-DD",
    help="The entry's date (default: the revision's x-rivya-contract-date, else today).",
)
@click.option("--profile", type=click.Choice(NAMES), default=None, help="rivya, strict or auto (default from config).")
@allow_remote_refs_option
def command(base: str, revision: str, day: str | None, profile: str | None, allow_remote_refs: bool) -> None:
    """Write a Markdown entry in the style of Rivya's API Changelog, from the same findings
    as ``diff``."""
    from rivya_contract.load import load
    from rivya_contract.report.changelog import render
    from rivya_contract.snapshots import parse_date

    findings, _ = run_diff(base, revision, profile=profile, today=day, allow_remote_refs=allow_remote_refs)
    with input_errors():
        base_doc, revision_doc = load(base), load(revision)
        if day:
            stamp = parse_date(day)
        else:
            info = revision_doc.tree.get("info") or {}
            stamp = str(info.get("x-rivya-contract-date") or datetime.now(UTC).date().isoformat())
    click.echo(render(findings, base_doc, revision_doc, stamp), nl=False)
