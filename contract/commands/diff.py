"""``rivya-contract diff BASE REVISION``: compare two contracts and classify every change.

Also home of the options the checker's commands share (format, profile, fail-on).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import click

from rivya_contract.commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    allow_remote_refs_option,
    duplicate_keys_option,
    input_errors,
    load_compared,
)
from rivya_contract.findings import Finding
from rivya_contract.profiles import NAMES
from rivya_contract.report import FORMATS, ReportContext, render

F = Callable[..., Any]


def format_option(func: F) -> F:
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format."
    )(func)


def policy_options(func: F) -> F:
    func = click.option(
        "--fail-on",
        type=click.Choice(["breaking", "warning", "never"]),
        default=None,
        help="Lowest level that fails (default from config: breaking).",
    )(func)
    func = click.option(
        "--profile",
        type=click.Choice(NAMES),
        default=None,
        help="rivya: Rivya's version policy; strict: generic classification; auto: rivya for Rivya's "
        "contract, else strict (default from config: rivya).",
    )(func)
    func = click.option(
        "--date",
        "today",
        default=None,
        metavar="YYYY-MM-DD",
        help="The day sunset dates are judged against (default: today).",
    )(func)
    return func


def parse_today(text: str | None) -> date | None:
    if text is None:
        return None
    from rivya_contract.errors import SourceError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SourceError("--date", f"{text!r} is not a date (YYYY-MM-DD)") from None


def emit(findings: list[Finding], fmt: str, title: str, source: str | None) -> None:
    color = fmt == "text" and sys.stdout.isatty()
    click.echo(render(findings, fmt, ReportContext(title=title, source=source, color=color)), nl=False)


def run_diff(
    base_source: str,
    revision_source: str,
    *,
    profile: str | None,
    today: str | None,
    allow_remote_refs: bool,
    duplicate_keys: str = "error",
) -> tuple[list[Finding], Any]:
    """Load both documents and return the policy-applied findings (exit 2 on bad input)."""
    from rivya_contract import policy
    from rivya_contract.config import load_config
    from rivya_contract.diff import compare

    with input_errors():
        config = load_config()
        day = parse_today(today)
        base = load_compared(base_source, allow_remote_refs, duplicate_keys)
        revision = load_compared(revision_source, allow_remote_refs, duplicate_keys)
    chosen = profile or config.profile
    findings = compare(base, revision, profile=chosen, today=day, min_sunset_days=config.min_sunset_days)
    findings = policy.apply(findings, base, revision, profile=chosen, severity=config.severity)
    return findings, config


@click.command(name="diff")
@click.argument("base")
@click.argument("revision")
@format_option
@policy_options
@allow_remote_refs_option
@duplicate_keys_option
def command(
    base: str,
    revision: str,
    fmt: str,
    fail_on: str | None,
    profile: str | None,
    today: str | None,
    allow_remote_refs: bool,
    duplicate_keys: str,
) -> None:
    """Compare BASE with REVISION (paths or URLs) and classify every change.

    Exit 0 when nothing fails the policy, 1 when something does, 2 on bad input.
    """
    from rivya_contract import policy

    findings, config = run_diff(
        base,
        revision,
        profile=profile,
        today=today,
        allow_remote_refs=allow_remote_refs,
        duplicate_keys=duplicate_keys,
    )
    emit(findings, fmt, f"diff {base} → {revision}", revision)
    failed = policy.failing(findings, fail_on or config.fail_on)
    sys.exit(EXIT_FAILED if failed else EXIT_OK)
