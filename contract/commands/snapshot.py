"""``rivya-contract snapshot list|show|accept``: the accepted contracts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from rivya_contract.commands.common import (
    EXIT_FAILED,
    allow_remote_refs_option,
    fail_input,
    input_errors,
    load_source,
)
from rivya_contract.commands.diff import emit, parse_today
from rivya_contract.profiles import NAMES


def _root(snapshots_dir: str | None) -> Path:
    from rivya_contract.config import load_config

    if snapshots_dir:
        return Path(snapshots_dir)
    with input_errors():
        return load_config().snapshots


_dir_option = click.option(
    "--snapshots",
    "snapshots_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Snapshot folder (default from config).",
)


@click.group(name="snapshot")
def command() -> None:
    """List, show or accept snapshots (snapshots/<api>/<major>/<YYYY-MM-DD>.json)."""


@command.command(name="list")
@_dir_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_command(snapshots_dir: str | None, fmt: str) -> None:
    """List every snapshot, oldest first."""
    from rivya_contract.snapshots import all_snapshots

    found = all_snapshots(_root(snapshots_dir))
    if fmt == "json":
        rows = [{"api": s.api, "major": s.major, "date": s.date, "path": str(s.path)} for s in found]
        click.echo(json.dumps(rows, indent=2))
        return
    for s in found:
        click.echo(f"{s.api}/{s.major}/{s.date}  {s.path}")


@command.command(name="show")
@click.argument("api")
@click.argument("major")
@click.argument("day", required=False, metavar="[DATE]")
@_dir_option
@click.option("--path", "path_only", is_flag=True, help="Print the file's path only.")
def show_command(api: str, major: str, day: str | None, snapshots_dir: str | None, path_only: bool) -> None:
    """Print a snapshot (the latest of API/MAJOR unless DATE is given)."""
    from rivya_contract.snapshots import latest, path_for

    root = _root(snapshots_dir)
    major = major if major.startswith("v") else f"v{major}"
    if day:
        with input_errors():
            path = path_for(root, api, major, day)
        if not path.is_file():
            fail_input(f"{path}: no such snapshot")
    else:
        found = latest(root, api, major)
        if found is None:
            fail_input(f"{root}: no snapshot of {api}/{major}")
        path = found.path
    if path_only:
        click.echo(str(path))
    else:
        click.echo(path.read_text(encoding="utf-8"), nl=False)


@command.command(name="accept")
@click.argument("source", required=False, metavar="[SOURCE]")
@_dir_option
@click.option("--api", default=None, help="API name (default: from the document's title).")
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help="Snapshot date (default: today, UTC).")
@click.option("--replace", is_flag=True, help="Replace an existing snapshot of the same date (refused otherwise).")
@click.option("--profile", type=click.Choice(NAMES), default=None, help="rivya, strict or auto (default from config).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    help="How refused changes are reported.",
)
@allow_remote_refs_option
def accept_command(
    source: str | None,
    snapshots_dir: str | None,
    api: str | None,
    day: str | None,
    replace: bool,
    profile: str | None,
    fmt: str,
    allow_remote_refs: bool,
) -> None:
    """Store SOURCE as a new snapshot, if it is valid and has no unmigrated breaking change.

    The first snapshot of an API's major version starts its lineage. A snapshot never
    replaces another without --replace, never goes back in time, and never leaves the
    snapshot folder; concurrent accepts of one lineage wait for each other.
    """
    from datetime import UTC, datetime

    from rivya_contract import policy
    from rivya_contract import snapshots as snaps
    from rivya_contract.commands.check import check_document
    from rivya_contract.config import load_config

    with input_errors():
        config = load_config()
        stamp = snaps.parse_date(day) if day else datetime.now(UTC).date().isoformat()
        if api is not None:
            snaps.check_api_name(api)
    doc = load_source(source, allow_remote_refs)
    root = Path(snapshots_dir) if snapshots_dir else config.snapshots
    with input_errors():
        api_name = snaps.check_api_name(api or snaps.api_name(doc, root))
        major = snaps.major_of(doc)
        snaps.path_for(root, api_name, major, stamp)
        with snaps.lineage_lock(root, api_name, major):
            # Judged and written under the lock: the snapshot compared against is the
            # one the new file follows.
            snaps.check_new_date(root, api_name, major, stamp, replace=replace)
            findings, against = check_document(
                doc,
                snapshots=root,
                api=api_name,
                profile=profile or config.profile,
                severity=config.severity,
                today=parse_today(stamp),
                first_allowed=True,
                min_sunset_days=config.min_sunset_days,
            )
            failed = policy.failing(findings, "breaking")
            if failed:
                emit(failed, fmt, f"refused: {doc.source} against {against}", doc.source)
                click.echo(f"error: not accepted: {len(failed)} finding(s) fail the policy", err=True)
                sys.exit(EXIT_FAILED)
            target = snaps.write(root, api_name, major, stamp, doc, replace=replace)
    click.echo(f"accepted {target}")
