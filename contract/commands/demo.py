"""``rivya-contract demo``: the main job on the bundled contract, offline.

It starts the contract-driven mock on 127.0.0.1, fetches the contract from it over
HTTP with the production loader, checks it against the accepted snapshots, generates
the SDK, calls the mock once through that SDK, and stops the mock — every stage a
user of rivya-contract runs, end to end, without a network.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import click

from rivya_contract.commands.common import EXIT_FAILED, EXIT_OK, input_errors

# The snapshots folder of the checkout this package runs from (an editable install).
_CHECKOUT_SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"


@click.command("demo")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out/sdk"),
    show_default=True,
    help="Where the generated SDK goes.",
)
@click.option(
    "--snapshots",
    "snapshots_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Snapshot folder (default from config: snapshots).",
)
def command(out: Path, snapshots_dir: Path | None) -> None:
    """Serve the bundled contract from the mock, fetch it, check it, generate the SDK."""
    from rivya_contract.commands.check import check_document
    from rivya_contract.commands.diff import emit
    from rivya_contract.config import load_config
    from rivya_contract.fetch import FetchOptions
    from rivya_contract.generator.options import GenerateOptions
    from rivya_contract.generator.write import write_sdk
    from rivya_contract.load import load, load_bundled
    from rivya_contract.mock import serve
    from rivya_contract.policy import failing

    config = load_config()
    snapshots = snapshots_dir or config.snapshots
    if snapshots_dir is None and not snapshots.is_dir() and _CHECKOUT_SNAPSHOTS.is_dir():
        snapshots = _CHECKOUT_SNAPSHOTS  # run from elsewhere: the checkout's accepted snapshots
    started = time.perf_counter()
    with input_errors(), serve(load_bundled(), seed=0) as mock:
        url = f"{mock.url}/api/v1/openapi.json"
        _step(f"mock serving the bundled contract at {mock.url} (demo key {mock.demo_key})")
        doc = load(url, fetch_options=FetchOptions(cache_dir=None))
        operations = sum(1 for _ in doc.operations())
        _step(f"fetched {url}: OpenAPI {doc.openapi_version}, {operations} operations")
        findings, against = check_document(
            doc, snapshots=snapshots, api=None, profile=config.profile, severity=config.severity, today=None
        )
        emit(findings, "text", f"check {url} against {against}", url)
        failed = failing(findings, config.fail_on)
        _step(f"check against {against}: {'FAILED' if failed else 'passed'}")
        generated = write_sdk(doc, out, GenerateOptions(source_label="openapi.json"), force=True)
        _step(f"generated {len(generated.files)} files of the typed SDK into {out}/")
        _smoke_test(out, mock.url, mock.demo_key)
    _step(f"mock stopped; done in {time.perf_counter() - started:.1f} s")
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def _step(message: str) -> None:
    click.echo(click.style("==> ", fg="green") + message if sys.stdout.isatty() else f"==> {message}")


def _smoke_test(out: Path, base_url: str, key: str) -> None:
    """Import the fresh SDK in a clean interpreter and list the models through it."""
    code = (
        "import rivya_sdk\n"
        f"client = rivya_sdk.Rivya(api_key={key!r}, base_url={base_url!r})\n"
        "models = client.models.list()\n"
        "credits = client.credits.retrieve()\n"
        "print(f'{len(models.data)} models, {credits.available_credits} credits available')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        _step("the generated SDK could not call the mock:\n" + result.stderr[-2000:])
        sys.exit(EXIT_FAILED)
    _step(f"the generated SDK called the mock: {result.stdout.strip()}")
