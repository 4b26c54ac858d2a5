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


def duplicate_keys_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--duplicate-keys",
        type=click.Choice(["error", "last-wins"]),
        default="error",
        show_default=True,
        help="A key repeated in one object: an error, or the last value wins (a warning per key, with its line).",
    )(func)


def load_source(source: str | None, allow_remote_refs: bool = False, *, duplicate_keys: str = "error") -> Any:
    """Load SOURCE, or the bundled contract when none is given (exit 2 on bad input)."""
    from rivya_contract.load import BUNDLED_CONTRACT, load

    with input_errors():
        return warn_duplicates(
            load(
                source or BUNDLED_CONTRACT, allow_remote_refs=allow_remote_refs, duplicate_keys=_policy(duplicate_keys)
            )
        )


def load_compared(source: str, allow_remote_refs: bool, duplicate_keys: str) -> Any:
    """Load one side of a comparison (a path or URL; raises SourceError)."""
    from rivya_contract.load import load

    return warn_duplicates(load(source, allow_remote_refs=allow_remote_refs, duplicate_keys=_policy(duplicate_keys)))


def _policy(name: str) -> Any:
    from rivya_contract.parse import DuplicateKeys

    return DuplicateKeys(name)


def warn_duplicates(doc: Any) -> Any:
    """One warning line on stderr per key that --duplicate-keys last-wins let through."""
    for duplicate in doc.duplicate_keys:
        click.echo(f"warning: {duplicate.describe(doc.source)}", err=True)
    return doc
