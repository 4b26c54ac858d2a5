"""``rivya-contract validate``: the OpenAPI spec, then Rivya's contract rules."""

from __future__ import annotations

import json
import sys

import click

from rivya_contract.commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    allow_remote_refs_option,
    duplicate_keys_option,
    load_source,
)
from rivya_contract.findings import Finding, Level
from rivya_contract.profiles import NAMES


@click.command("validate")
@click.argument("source", required=False, metavar="[SOURCE]")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--profile",
    type=click.Choice(NAMES),
    default="auto",
    show_default=True,
    help="Which rules run: strict runs the OpenAPI spec only; rivya adds Rivya's contract rules; "
    "auto picks rivya for Rivya's contract.",
)
@click.option("--warnings-fail", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@allow_remote_refs_option
@duplicate_keys_option
def command(
    source: str | None,
    output_format: str,
    profile: str,
    warnings_fail: bool,
    allow_remote_refs: bool,
    duplicate_keys: str,
) -> None:
    """Validate SOURCE (a path or an http(s) URL; default: the bundled Rivya v1 contract).

    Reports every error, each with its JSON pointer and its line and column.
    Exit 0 when valid, 1 when not, 2 when SOURCE cannot be read.
    """
    from rivya_contract.validate import validate

    doc = load_source(source, allow_remote_refs, duplicate_keys=duplicate_keys)
    findings = validate(doc, profile=profile)
    if output_format == "json":
        click.echo(json.dumps(_json_report(doc.source, findings), indent=2, ensure_ascii=False))
    else:
        _print_text(doc.source, findings)
    failing = {Level.ERROR, Level.WARNING} if warnings_fail else {Level.ERROR}
    sys.exit(EXIT_FAILED if any(f.level in failing for f in findings) else EXIT_OK)


def _json_report(source: str, findings: list[Finding]) -> dict[str, object]:
    errors = sum(1 for f in findings if f.level == Level.ERROR)
    return {
        "schema_version": 1,
        "source": source,
        "valid": errors == 0,
        "findings": [f.to_dict() for f in findings],
        "summary": {Level.ERROR: errors, Level.WARNING: sum(1 for f in findings if f.level == Level.WARNING)},
    }


def _print_text(source: str, findings: list[Finding]) -> None:
    color = sys.stdout.isatty()
    for f in findings:
        where = source
        if f.line is not None:
            where += f":{f.line}:{f.column or 1}"
        level = click.style(f.level, fg="red" if f.level == Level.ERROR else "yellow") if color else f.level
        click.echo(f"{where}: {level} [{f.rule}] {f.message}")
        click.echo(f"    at {f.pointer or '/'}")
    errors = sum(1 for f in findings if f.level == Level.ERROR)
    warnings = sum(1 for f in findings if f.level == Level.WARNING)
    verdict = "valid" if errors == 0 else "invalid"
    click.echo(f"{source}: {verdict} ({errors} error(s), {warnings} warning(s))")
