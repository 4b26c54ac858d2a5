"""Options and error handling shared by the subcommands."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import click

from rivya_contract.errors import SourceError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def fail_input(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


@contextmanager
def input_errors() -> Iterator[None]:
    """Turn a SourceError into one clear line on stderr and exit code 2."""
    try:
        yield
    except SourceError as exc:
        fail_input(str(exc))


def source_argument(default_help: str = "the bundled Rivya v1 contract") -> Callable[[Any], Any]:
    return click.argument("source", required=False, metavar="[SOURCE]")


def allow_remote_refs_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--allow-remote-refs",
        is_flag=True,
        help="Follow $refs to http(s) URLs (refused by default).",
    )(func)


def load_source(source: str | None, allow_remote_refs: bool = False) -> Any:
    """Load SOURCE, or the bundled contract when none is given (exit 2 on bad input)."""
    from rivya_contract.load import BUNDLED_CONTRACT, load

    with input_errors():
        return load(source or BUNDLED_CONTRACT, allow_remote_refs=allow_remote_refs)
