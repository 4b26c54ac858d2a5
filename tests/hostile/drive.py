"""Run every command of the CLI on hostile documents, in one process per batch.

    python -m tests.hostile.drive DOC [DOC...]

prints one JSON line per (document, command): the exit code, whether an exception
escaped the command (a traceback for a user), the last line of stderr, the files the
command wrote outside its own output folder, and the seconds it took. The CLI tests
(tests/hostile/test_corpus_cli.py) start this in a subprocess with a timeout, so a hang
fails the test instead of the suite; running every command in-process keeps the cost of
Python's start-up out of ~80 documents x 8 commands.

``mock`` is started up to the moment it would listen: the command runs for real (load,
options, app) with ``run_forever`` replaced by a call of its ready callback.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from rivya_contract.cli import main

BUNDLED = str(Path(__file__).resolve().parents[2] / "contract" / "bundled" / "openapi.json")


def commands(doc: str, work: Path) -> dict[str, list[str]]:
    """The command lines run on ``doc``; each may write only below ``work``."""
    out, snaps = str(work / "out"), str(work / "snapshots")
    return {
        "validate": ["validate", doc],
        "validate-json": ["validate", doc, "--format", "json"],
        "diff-self": ["diff", doc, doc],
        "diff-bundled": ["diff", BUNDLED, doc],
        "check": ["check", doc, "--snapshots", snaps],
        "generate": ["generate", doc, "--out", out],
        "proptest": ["proptest", doc],
        "snapshot-accept": ["snapshot", "accept", doc, "--snapshots", snaps, "--date", "2026-01-01"],
        "mock": ["mock", doc, "--port", "0"],
    }


@contextmanager
def _mock_does_not_serve() -> Iterator[None]:
    import rivya_contract.mock.server as server

    original = server.run_forever

    def ready_only(app: Any, host: str, port: int, *, on_ready: Any = None, **_: Any) -> None:
        if on_ready is not None:
            on_ready(port)

    server.run_forever = ready_only  # type: ignore[assignment]
    try:
        yield
    finally:
        server.run_forever = original  # type: ignore[assignment]


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


# The bound: no command may run longer than this on any hostile document.
HANG_SECONDS = 60


class Hung(Exception):
    """Raised in the command by SIGALRM after HANG_SECONDS."""


def _alarm(signum: int, frame: Any) -> None:
    raise Hung(f"still running after {HANG_SECONDS} s")


def run_one(doc: str, name: str, argv_for: Any, runner: CliRunner) -> dict[str, Any]:
    watched = Path(doc).resolve().parent
    before = _listing(watched)
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        work = Path(tmp)
        (work / "cache").mkdir()
        argv = argv_for(doc, work)[name]
        cwd = os.getcwd()
        os.chdir(work)
        started = time.perf_counter()
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
        try:
            with _mock_does_not_serve():
                result = runner.invoke(main, argv, env={"XDG_CACHE_HOME": str(work / "cache")})
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            os.chdir(cwd)
        seconds = time.perf_counter() - started
        stray = sorted(
            str(p.relative_to(work))
            for p in work.rglob("*")
            if p.is_file() and p.relative_to(work).parts[0] not in ("out", "snapshots", "cache")
        )
    after = _listing(watched)
    touched = sorted(path for path in after if before.get(path) != after[path])
    escaped = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        escaped = "".join(traceback.format_exception(result.exception)).strip().splitlines()[-6:]
    stderr = result.stderr.strip().splitlines()
    return {
        "doc": Path(doc).name,
        "command": name,
        "exit": result.exit_code,
        "exception": escaped,
        "traceback_in_stderr": "Traceback" in result.stderr,
        "stderr": stderr[-1] if stderr else "",
        "hung": isinstance(result.exception, Hung),
        "stdout": result.stdout[:20000],
        "stray": stray + touched,
        "seconds": round(seconds, 3),
    }


def main_(argv: list[str]) -> int:
    runner = CliRunner()
    only = os.environ.get("HOSTILE_COMMANDS")
    for doc in (str(Path(a).resolve()) for a in argv):
        names = list(commands(doc, Path(".")))
        if only:
            names = [n for n in names if n in only.split(",")]
        for name in names:
            row = run_one(doc, name, commands, runner)
            print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main_(sys.argv[1:]))
