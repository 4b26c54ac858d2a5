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


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[cmd_name][0])
        command: click.Command = module.command
        return command

    def invoke(self, ctx: click.Context) -> Any:
        # The last line of defence: bad input that a command did not catch itself is
        # still one clear line and exit 2, never a traceback.
        from rivya_contract.errors import SourceError

        try:
            return super().invoke(ctx)
        except SourceError as exc:
            click.echo(f"error: {exc}", err=True)
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
