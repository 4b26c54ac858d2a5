"""``rivya-contract proptest``: property-test a contract offline, or a live server."""

from __future__ import annotations

import json
import os
import sys

import click

from rivya_contract.commands.common import EXIT_FAILED, EXIT_OK, fail_input, input_errors, load_source


@click.command("proptest")
@click.argument("source", required=False, metavar="[SOURCE]")
@click.option("--base-url", help="Server to test (http://127.0.0.1:8000). Without it, only offline checks run.")
@click.option(
    "--api-key", envvar="RIVYA_API_KEY", help="API key sent per the contract's security scheme [env RIVYA_API_KEY]."
)
@click.option(
    "--scoped-key",
    metavar="KEY[=SCOPE,...]",
    help="A key holding only these scopes: operations needing others must answer 403.",
)
@click.option(
    "--other-account-key",
    envvar="RIVYA_OTHER_ACCOUNT_KEY",
    metavar="KEY",
    help="A key of another account: what this account creates must stay invisible to it [env RIVYA_OTHER_ACCOUNT_KEY].",
)
@click.option(
    "--header", "headers", multiple=True, metavar="NAME:VALUE", help="Add a header to every request (repeatable)."
)
@click.option(
    "--redact-header",
    "redact",
    multiple=True,
    metavar="NAME",
    help="Also hide this header's value in reports and reproductions (repeatable).",
)
@click.option(
    "--show-secrets",
    is_flag=True,
    help="Keep credentials (Authorization, Cookie, API-key headers) in reports; they are masked by default.",
)
@click.option(
    "--phase",
    "phases",
    multiple=True,
    type=click.Choice(["examples", "coverage", "stateful", "random"]),
    help="Run only these phases (repeatable; default: all, in this order).",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="The same seed gives the same cases, whatever --workers is."
)
@click.option(
    "--max-examples",
    type=click.IntRange(1, 100_000),
    default=20,
    show_default=True,
    help="Valid and invalid cases per operation (each).",
)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option(
    "--time-budget", type=click.FloatRange(0.1, None), help="Stop starting new cases after this many seconds."
)
@click.option(
    "--operation",
    "operations",
    multiple=True,
    metavar="TEXT",
    help="Only operations whose 'METHOD /path' contains TEXT (repeatable).",
)
@click.option("--no-flows", is_flag=True, help="Skip Rivya's stateful flows.")
@click.option("--no-shrink", is_flag=True, help="Report failures as found, without shrinking.")
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, None),
    default=10.0,
    show_default=True,
    help="Seconds per request (and per stream).",
)
@click.option(
    "--poll-wait-cap",
    type=click.FloatRange(0, None),
    default=10.0,
    show_default=True,
    help="Longest Retry-After honoured while polling a generation.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "junit", "sarif", "github", "markdown"]),
    default="text",
    show_default=True,
)
@click.option("--allow-remote-refs", is_flag=True, help="Follow $refs to http(s) URLs (refused by default).")
def command(
    source: str | None,
    base_url: str | None,
    api_key: str | None,
    scoped_key: str | None,
    other_account_key: str | None,
    headers: tuple[str, ...],
    redact: tuple[str, ...],
    show_secrets: bool,
    phases: tuple[str, ...],
    seed: int,
    max_examples: int,
    workers: int,
    time_budget: float | None,
    operations: tuple[str, ...],
    no_flows: bool,
    no_shrink: bool,
    timeout: float,
    poll_wait_cap: float,
    output_format: str,
    allow_remote_refs: bool,
) -> None:
    """Property-test SOURCE (a path or URL; default: the bundled Rivya v1 contract).

    Offline (no --base-url): every example matches its schema and every request schema
    can be generated. Online, against --base-url, in order: the contract's examples,
    boundary values, each resource's life cycle (links declared or inferred; with
    --other-account-key, isolation), then random valid and invalid requests, every
    answer checked; Rivya's flows run when SOURCE is Rivya's contract.
    Exit 0 when every check passes, 1 on failures, 2 on bad input.
    """
    from rivya_contract.proptest import offline, report
    from rivya_contract.proptest.engine import PHASES
    from rivya_contract.proptest.runner import RunResult, Settings, run

    doc = load_source(source, allow_remote_refs)
    if not isinstance(doc.tree, dict) or not str(doc.tree.get("openapi", "")).startswith("3"):
        fail_input(f"{doc.source}: proptest needs an OpenAPI 3.x document")
    extra: dict[str, str] = {}
    for item in headers:
        name, sep, value = item.partition(":")
        if not sep or not name.strip():
            fail_input(f"--header {item!r}: expected NAME:VALUE")
        extra[name.strip()] = value.strip()
    if base_url is None:
        findings = offline.check_examples(doc)
        notes = offline.strategy_findings(doc, seed=seed)
        result = RunResult([], findings, 0, sum(1 for _ in doc.operations()), 0.0, notes=notes)
    else:
        if not base_url.startswith(("http://", "https://")):
            fail_input(f"--base-url {base_url!r}: expected an http(s) URL")
        key, _, scopes = (scoped_key or "").partition("=")
        settings = Settings(
            base_url=base_url,
            api_key=api_key or None,
            headers=extra,
            scoped_key=key or None,
            scoped_scopes=frozenset(s.strip() for s in scopes.split(",") if s.strip()),
            other_account_key=other_account_key or None,
            seed=seed,
            max_examples=max_examples,
            workers=workers,
            time_budget=time_budget,
            operations=operations,
            redact=redact,
            show_secrets=show_secrets,
            phases=tuple(p for p in PHASES if p in phases) if phases else PHASES,
            flows=not no_flows,
            timeout=timeout,
            poll_wait_cap=poll_wait_cap,
            shrink=not no_shrink,
            progress=output_format == "text" and sys.stderr.isatty() and "PYTEST_CURRENT_TEST" not in os.environ,
        )
        with input_errors():
            result = run(doc, settings)
    if output_format == "text":
        if base_url is None:
            click.echo(f"proptest {doc.source} (offline): {len(result.findings)} finding(s)")
            for finding in result.findings:
                where = f":{finding.line}" if finding.line else ""
                click.echo(f"{doc.source}{where} [{finding.rule}] {finding.message}")
            for note in result.notes:
                click.echo(f"note: {note}")
        else:
            click.echo(report.text(result, source=doc.source, base_url=base_url, seed=seed), nl=False)
    elif output_format == "json":
        click.echo(
            json.dumps(
                report.json_report(result, source=doc.source, base_url=base_url, seed=seed),
                indent=2,
                ensure_ascii=False,
                default=str,
            )
        )
    else:
        from rivya_contract.report import ReportContext, render

        click.echo(
            render(result.findings, output_format, ReportContext(title=f"proptest {doc.source}", source=doc.source)),
            nl=False,
        )
    sys.exit(EXIT_FAILED if result.findings else EXIT_OK)
