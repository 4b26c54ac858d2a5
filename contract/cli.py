"""The ``rivya-contract`` console script: a click group whose subcommands load lazily.

Each subcommand lives in ``contract/commands/<name>.py`` and is imported only when it
runs, so ``rivya-contract --help`` stays fast however heavy the libraries behind the
commands are. Commands are thin: they parse options and call the library.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

# name -> (module, one-line help). A new command adds one line here.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": (
        "rivya_contract.commands.validate",
        "Validate a contract: OpenAPI spec, then Rivya's rules.",
    ),
    "rules": ("rivya_contract.commands.rules", "List every rule: ID, level, direction, description."),
    "generate": ("rivya_contract.commands.generate", "Generate the typed Python (or TypeScript) SDK of a contract."),
    "mock": ("rivya_contract.commands.mock", "Serve a stateful mock of the contract on 127.0.0.1."),
    "proptest": ("rivya_contract.commands.proptest", "Property-test a contract offline, or a live server against it."),
    "diff": ("rivya_contract.commands.diff", "Compare two contracts and classify every change."),
    "check": ("rivya_contract.commands.check", "Validate a contract, then diff it against its latest snapshot."),
    "snapshot": ("rivya_contract.commands.snapshot", "List, show or accept contract snapshots."),
    "changelog": ("rivya_contract.commands.changelog", "Write a Markdown changelog entry for two contracts."),
    "catalog": ("rivya_contract.commands.catalog", "The model catalog as data: build the contract, pull, drift."),
    "demo": ("rivya_contract.commands.demo", "The main job, offline: mock → fetch → check → generate SDK."),
}


# The commands (and subcommands) that load a contract, so may fetch one: each gets
# --fetch-timeout, the deadline of a whole fetch (fetch.DEFAULT_DEADLINE).
LOADING = ("validate", "generate", "mock", "proptest", "diff", "check", "changelog", "snapshot accept")


def _set_fetch_deadline(ctx: click.Context, param: click.Parameter, value: float | None) -> None:
    from rivya_contract import fetch

    if value is not None:
        previous = fetch.deadline_override
        fetch.deadline_override = value  # read by every FetchOptions made while the command runs
        ctx.call_on_close(lambda: setattr(fetch, "deadline_override", previous))


def fetch_timeout_option() -> click.Option:
    return click.Option(
        ["--fetch-timeout"],
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        metavar="SECONDS",
        expose_value=False,
        is_eager=True,
        callback=_set_fetch_deadline,
        help="Give up a fetch of SOURCE (or a remote $ref) that takes longer than this in all "
        "[default: 60; env RIVYA_CONTRACT_FETCH_TIMEOUT].",
    )


def _with_fetch_timeout(name: str, command: click.Command) -> click.Command:
    if isinstance(command, click.Group):
        for sub_name, sub in command.commands.items():
            _with_fetch_timeout(f"{name} {sub_name}", sub)
    elif name in LOADING and not any(p.name == "fetch_timeout" for p in command.params):
        command.params.append(fetch_timeout_option())
    return command


def _os_error(exc: OSError, command: str) -> str:
    what = exc.strerror or str(exc) or type(exc).__name__
    where = f"{exc.filename}: " if exc.filename is not None else ""
    return f"{command}: {where}{what} (a disk or system error; nothing half-written was left)"


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[cmd_name][0])
        command: click.Command = module.command
        return _with_fetch_timeout(cmd_name, command)

    def invoke(self, ctx: click.Context) -> Any:
        # The last line of defence: bad input that a command did not catch itself is
        # still one clear line and exit 2, never a traceback.
        from rivya_contract.errors import SourceError

        try:
            return super().invoke(ctx)
        except SourceError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)
        except OSError as exc:
            # The disk or the system refused a read or write (full, read-only, too
            # large): every writer stages its output and moves it into place, so
            # nothing is half-written; say which file and why.
            click.echo(f"error: {_os_error(exc, ctx.invoked_subcommand or 'rivya-contract')}", err=True)
            ctx.exit(2)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rivya-contract")
def main() -> None:
    """Guard the public contract of the Rivya API v1 and turn it into code.

    Exit codes: 0 fine, 1 the check failed, 2 bad input or usage.
    """


def run(**kwargs: Any) -> None:  # pragma: no cover - console entry for python -m
    main(**kwargs)
