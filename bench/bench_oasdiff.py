"""`make bench`'s oasdiff section: bench/oasdiff_cases.py on a local oasdiff checkout.

    OASDIFF_CHECKOUT=/path/to/oasdiff .venv/bin/python bench/bench_oasdiff.py

The checkout is never part of this repository (fetch oasdiff/oasdiff yourself); without
one this prints a line saying so and exits 0, so `make bench` still runs everywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    checkout = Path(os.environ.get("OASDIFF_CHECKOUT", "/tmp/oasdiff"))
    if not (checkout / "checker" / "rules.go").is_file():
        print(f"skipped: no oasdiff checkout at {checkout} (set OASDIFF_CHECKOUT)")
        return 0
    git = ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(git, capture_output=True, text=True).stdout.strip() or "unknown"
    print(f"oasdiff checkout {checkout} (commit {commit}), profile strict:\n", flush=True)
    result = subprocess.run([sys.executable, str(HERE / "oasdiff_cases.py"), str(checkout)], text=True)
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
