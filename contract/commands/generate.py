"""``rivya-contract generate``: render the typed Python SDK of a contract."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rivya_contract.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    allow_remote_refs_option,
    input_errors,
    load_source,
    source_argument,
)
from rivya_contract.document import Document
from rivya_contract.errors import SourceError
from rivya_contract.generator.options import GenerateOptions


@click.command("generate")
@source_argument()
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Folder to write.")
@click.option(
    "--package-name", default=None, help="Python package name (default: from the title, e.g. rivya_sdk, stripe_sdk)."
)
@click.option(
    "--client-name",
    default=None,
    help="The client class (default: from the title, e.g. Rivya, Stripe; env vars follow).",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of templates that override templates/sdk file by file.",
)
@click.option(
    "--package-version",
    default=None,
    help="The generated package's version (default: the contract's info.version when it is one).",
)
@click.option("--check", is_flag=True, help="Exit 1 when OUT differs from what would be generated.")
@click.option(
    "--lang",
    type=click.Choice(["python", "typescript"]),
    default="python",
    show_default=True,
    help="The SDK's language (typescript needs node >= 18 and npm: prettier formats it).",
)
@click.option(
    "--force", is_flag=True, help="Write into a non-empty OUT that holds no SDK of ours (nothing is deleted)."
)
@allow_remote_refs_option
def command(
    source: str | None,
    out: Path,
    package_name: str | None,
    client_name: str | None,
    templates: Path | None,
    package_version: str | None,
    check: bool,
    lang: str,
    force: bool,
    allow_remote_refs: bool,
) -> None:
    """Generate a typed Python SDK (pydantic models + Rivya/AsyncRivya clients) into OUT."""
    from rivya_contract.generator.check import check_sdk
    from rivya_contract.generator.write import write_sdk

    doc = load_source(source, allow_remote_refs)
    label = Path(source).name if source and "://" not in source else (source or "openapi.json")
    from rivya_contract.generator.client import default_package

    if client_name is not None and not (client_name.isidentifier() and client_name[:1].isupper()):
        click.echo(f"error: --client-name {client_name!r}: a class name such as Acme", err=True)
        sys.exit(EXIT_BAD_INPUT)
    package_name = package_name or default_package(doc.title or "")
    options = GenerateOptions(
        package_name=package_name,
        source_label=label,
        templates=templates,
        package_version=package_version,
        client_name=client_name,
    )
    if lang == "typescript":
        _typescript(doc, out, options, check, label, force)
        return
    with input_errors():
        if check:
            result = check_sdk(doc, out, options)
            if result.stale:
                click.echo(f"{out}: the SDK is stale against {label}:")
                click.echo(result.summary())
                if result.diff:
                    click.echo(result.diff, nl=False)
                sys.exit(EXIT_FAILED)
            click.echo(f"{out}: up to date with {label}")
            return
        generated = write_sdk(doc, out, options, force=force)
    sdk = generated.sdk
    click.echo(
        f"wrote {out} ({package_name}): {sdk.operation_count} operations, "
        f"{sdk.schema_count} component schemas, {len(generated.files)} files"
    )
    for note in sdk.notes:
        click.echo(f"note: {note}", err=True)


def _typescript(doc: Document, out: Path, options: GenerateOptions, check: bool, label: str, force: bool) -> None:
    from rivya_contract.generator.check import compare_tree
    from rivya_contract.generator.typescript import generate_typescript
    from rivya_contract.generator.write import write_tree

    with input_errors():
        if options.templates is not None:
            raise SourceError(str(options.templates), "--templates overrides the Python templates only")
        generated = generate_typescript(doc, options)
        if check:
            result = compare_tree(generated.files, out)
            if result.stale:
                click.echo(f"{out}: the TypeScript SDK is stale against {label}:")
                click.echo(result.summary())
                if result.diff:
                    click.echo(result.diff, nl=False)
                sys.exit(EXIT_FAILED)
            click.echo(f"{out}: up to date with {label}")
            return
        write_tree(generated.files, out, force=force)
    sdk = generated.sdk
    click.echo(
        f"wrote {out} ({sdk.package}, TypeScript): {sdk.operation_count} operations, "
        f"{sdk.schema_count} component schemas, {len(generated.files)} files"
    )
    for note in generated.notes:
        click.echo(f"note: {note}", err=True)
