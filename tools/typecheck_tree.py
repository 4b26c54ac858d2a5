"""Lay out the `rivya_contract` namespace as mypy must see it, from symlinks.

The installed package maps contract/ → rivya_contract and generator/ → rivya_contract.generator
(pyproject's package-dir). An editable install reaches that mapping through an import hook,
which mypy does not run, so `make lint` type-checks this tree of links instead: nothing is
copied; an error names the file under .build/typecheck/rivya_contract/, which mirrors
contract/ (and generator/ under its generator/).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / ".build" / "typecheck"


def main() -> int:
    shutil.rmtree(TREE, ignore_errors=True)
    package = TREE / "rivya_contract"
    package.mkdir(parents=True)
    for entry in sorted((ROOT / "contract").iterdir()):
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    (package / "generator").symlink_to(ROOT / "generator")
    print(TREE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
