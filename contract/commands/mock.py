"""``rivya-contract mock``: serve a stateful mock of the contract on 127.0.0.1."""

from __future__ import annotations

import click

from rivya_contract.commands.common import fail_input, load_source, source_argument


def _print_faults() -> None:
    from rivya_contract.mock.faults import FAULTS

    width = max(len(f.name) for f in FAULTS)
    click.echo(f"{'fault':<{width}}  {'caught by':<24}  description")
    for fault in FAULTS:
        click.echo(f"{fault.name:<{width}}  {fault.check:<24}  {fault.description}")


@click.command(name="mock")
@source_argument()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port (0: a free one).")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed for ids and data.")
@click.option(
    "--key",
    "keys",
    multiple=True,
    metavar="KEY[@ACCOUNT]=SCOPES",
    help="An API key, the account it belongs to (default: the demo key's) and its comma-separated scopes (repeatable).",
)
@click.option(
    "--fault",
    "faults",
    multiple=True,
    metavar="NAME",
    help="Break the contract in one known way (repeatable; see --list-faults).",
)
@click.option("--list-faults", is_flag=True, help="List the faults and the checks that catch them, then exit.")
@click.option("--rate-limit", metavar="N/s|N/m", help="Limit requests per key (off by default).")
@click.option(
    "--progress",
    type=click.Choice(["poll", "time"]),
    default="poll",
    show_default=True,
    help="Generations advance one state per poll, or per --step-seconds.",
)
@click.option(
    "--step-seconds",
    type=float,
    default=1.0,
    show_default=True,
    help="Seconds per generation state with --progress time.",
)
@click.option(
    "--credits",
    "credits",
    type=float,
    default=1_000_000,  # options.DEFAULT_CREDITS (not imported here: start-up time)
    show_default=True,
    help="Starting credit balance of every account (small values exercise 402 insufficient_credits).",
)
@click.option("--gated-access", is_flag=True, help="Let the account call gated models.")
@click.option(
    "--loopback-webhooks",
    is_flag=True,
    help="Accept http:// webhook URLs on 127.0.0.1/localhost/::1, to test a local receiver "
    "(the contract wants https on a public host).",
)
def command(
    source: str | None,
    host: str,
    port: int,
    seed: int,
    keys: tuple[str, ...],
    faults: tuple[str, ...],
    list_faults: bool,
    rate_limit: str | None,
    progress: str,
    step_seconds: float,
    credits: float,
    gated_access: bool,
    loopback_webhooks: bool,
) -> None:
    """Serve a contract-driven, stateful mock of SOURCE (default: the bundled Rivya v1
    contract) until Ctrl-C. Generations fail when their prompt contains [fail],
    [timeout] or [policy]."""
    if list_faults:
        _print_faults()
        return
    from rivya_contract.mock.faults import unknown
    from rivya_contract.mock.options import MockOptions, parse_key, parse_rate

    bad = unknown(faults)
    if bad:
        fail_input(f"unknown fault(s): {', '.join(bad)} (see --list-faults)")
    if not 0 <= port <= 65535:
        fail_input(f"--port {port}: expected 0-65535")
    try:
        parsed = [parse_key(text) for text in keys]
        rate = parse_rate(rate_limit) if rate_limit else None
    except ValueError as exc:
        fail_input(str(exc))
    doc = load_source(source)
    options = MockOptions(
        keys={key: scopes for key, scopes, _ in parsed},
        accounts={key: account for key, _, account in parsed},
        seed=seed,
        faults=frozenset(faults),
        progress=progress,
        step_seconds=step_seconds,
        initial_credits=credits,
        rate_limit=rate[0] if rate else None,
        rate_window=rate[1] if rate else 1.0,
        gated_access=gated_access,
        loopback_webhooks=loopback_webhooks,
    )
    from rivya_contract.mock.profiles import create_app
    from rivya_contract.mock.server import run_forever
    from rivya_contract.rivya.facts import MissingFact

    try:
        app = create_app(doc, options)
    except MissingFact as exc:
        fail_input(str(exc))
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}, not only on loopback", err=True)

    def ready(bound: int) -> None:
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"Rivya mock serving {doc.source} on http://{shown}:{bound}")
        click.echo(f"demo key (every scope): {app.demo_key}")
        for name in sorted(options.faults):
            click.echo(f"fault active: {name}")
        click.echo("Press Ctrl-C to stop.", nl=True)

    try:
        run_forever(app, host, port, on_ready=ready)
    except OSError as exc:
        fail_input(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
