"""``rivya-contract catalog``: the model catalog as data — build, pull, drift."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from rivya_contract.commands.common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, fail_input

REPO_DOCS = Path(__file__).resolve().parent.parent.parent / "docs" / "contract.md"


@click.group("catalog")
def command() -> None:
    """The model catalog as data: compile it into the contract, pull it from a live API,
    compare a live API with the contract.

    The data is one YAML file per model under contract/rivya/catalog/models/, plus
    errors.yaml, scopes.yaml, limits.yaml and contract.yaml (the hand-written rest).
    """


def _catalog_option(func: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--catalog",
        "catalog_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Catalog folder (default: the package's contract/rivya/catalog).",
    )(func)


@command.command("build")
@_catalog_option
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Contract to write (default: the bundled contract).",
)
@click.option(
    "--docs",
    "docs_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Markdown page whose catalog tables to refresh (default: docs/contract.md of a source checkout).",
)
@click.option("--check", is_flag=True, help="Write nothing: exit 1 and show the diff when a file is stale.")
def build_command(catalog_dir: Path | None, output: Path | None, docs_path: Path | None, check: bool) -> None:
    """Compile the catalog data into the contract (and the docs' catalog tables).

    Exit 0 when written (or, with --check, up to date), 1 when --check finds a stale
    file, 2 when the catalog data is invalid.
    """
    from rivya_contract import canonical
    from rivya_contract.atomic import write_atomic
    from rivya_contract.rivya import build, data, docs

    folder = catalog_dir or data.CATALOG_DIR
    target = output or build.BUNDLED
    try:
        catalog = data.load(folder)
        contract = canonical.dumps(build.compile_contract(catalog, build.load_skeleton(folder)))
    except data.CatalogError as exc:
        fail_input(str(exc))
    outputs: list[tuple[Path, bytes]] = [(target, contract)]
    page = docs_path if docs_path is not None else (REPO_DOCS if REPO_DOCS.is_file() and output is None else None)
    if page is not None:
        try:
            text = page.read_text(encoding="utf-8")
            outputs.append((page, docs.refresh(text, catalog, str(page)).encode("utf-8")))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            fail_input(f"{page}: {exc}")
    if check:
        stale = 0
        for path, wanted in outputs:
            current = path.read_bytes() if path.is_file() else b""
            if current != wanted:
                stale += 1
                click.echo(f"stale: {path} (run `rivya-contract catalog build`)", err=True)
                diff = difflib.unified_diff(
                    current.decode("utf-8", "replace").splitlines(),
                    wanted.decode("utf-8", "replace").splitlines(),
                    f"{path} (on disk)",
                    f"{path} (from the catalog)",
                    lineterm="",
                    n=2,
                )
                for line in diff:
                    click.echo(line)
        if not stale:
            click.echo(f"up to date: {', '.join(str(p) for p, _ in outputs)}")
        sys.exit(EXIT_FAILED if stale else EXIT_OK)
    for path, wanted in outputs:
        if path.is_file() and path.read_bytes() == wanted:
            click.echo(f"unchanged {path}")
            continue
        try:
            write_atomic(path, wanted)
        except OSError as exc:
            click.echo(f"error: {path}: cannot write: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        click.echo(f"wrote {path} ({len(wanted)} bytes)")
    sys.exit(EXIT_OK)


def _live_options(func: click.decorators.FC) -> click.decorators.FC:
    func = click.option(
        "--api-key",
        envvar="RIVYA_API_KEY",
        default=None,
        help="Bearer key for GET /api/v1/models (default: $RIVYA_API_KEY).",
    )(func)
    func = click.option(
        "--base-url", required=True, help="The API's base URL (https://rivya.ai, or a mock's http://127.0.0.1:PORT)."
    )(func)
    return func


def _fetch(base_url: str, api_key: str | None) -> object:
    from rivya_contract.rivya import live

    try:
        return live.fetch(base_url, api_key)
    except live.LiveError as exc:
        fail_input(str(exc))


@command.command("pull")
@_live_options
@_catalog_option
def pull_command(base_url: str, api_key: str | None, catalog_dir: Path | None) -> None:
    """Read a live GET /api/v1/models (every page) into the catalog's model files.

    Writes models/<id>.yaml for every served model, keeping what the API does not serve
    (position, request example, context window) from the file already there, and removes
    the files of models the API no longer serves. Exit 0 when written, 2 on bad input.
    """
    from rivya_contract.rivya import data, live, pull

    folder = catalog_dir or data.CATALOG_DIR
    served = _fetch(base_url, api_key)
    assert isinstance(served, live.LiveCatalog)
    try:
        changes = pull.write_models(served, folder)
    except (live.LiveError, data.CatalogError) as exc:
        fail_input(str(exc))
    except OSError as exc:
        fail_input(f"{folder}: cannot write: {exc}")
    for line in changes:
        click.echo(line)
    click.echo(
        f"pulled {len(served.entries)} models from {served.url} ({served.pages} page(s)) into {folder / 'models'}"
    )
    sys.exit(EXIT_OK)


@command.command("drift")
@click.argument("source", required=False, metavar="[SOURCE]")
@_live_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "github", "junit", "sarif"]),
    default="text",
    show_default=True,
    help="Report format.",
)
def drift_command(source: str | None, base_url: str, api_key: str | None, fmt: str) -> None:
    """Compare the catalog a live API serves with the contract's (SOURCE, default: the
    bundled contract), both ways: models missing or extra, their status, kind and
    lifecycle, and each parameter's type, range, enum, default and requiredness.

    Findings use the version policy's rule IDs (base = the contract, revision = the live
    API). Exit 0 when they agree, 1 on drift, 2 on bad input.
    """
    from rivya_contract.commands.common import load_source
    from rivya_contract.report import ReportContext, render
    from rivya_contract.rivya import drift, live
    from rivya_contract.rivya.facts import MissingFact

    doc = load_source(source)
    served = _fetch(base_url, api_key)
    assert isinstance(served, live.LiveCatalog)
    try:
        findings = drift.compare_catalogs(doc, served)
    except (MissingFact, live.LiveError) as exc:
        fail_input(str(exc))
    title = f"catalog drift {doc.source} → {served.url}"
    color = fmt == "text" and sys.stdout.isatty()
    click.echo(render(findings, fmt, ReportContext(title=title, source=doc.source, color=color)), nl=False)
    sys.exit(EXIT_FAILED if findings else EXIT_OK)
