"""Write a rendered package: into a temporary folder beside the target, then swap it in.

A crash or an error leaves either the old package or the new one, never half of one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from rivya_contract.document import Document
from rivya_contract.errors import SourceError
from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.render import Generated, generate_files


def write_sdk(doc: Document, out: Path, options: GenerateOptions) -> Generated:
    generated = generate_files(doc, options)
    write_tree(generated.files, out)
    return generated


def write_tree(files: dict[str, bytes], out: Path) -> None:
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise SourceError(str(out), "--out exists and is not a directory")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for path, content in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if out.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, retired / "tree")  # rename is atomic on one filesystem
            try:
                os.rename(staging, out)
            except BaseException:
                os.rename(retired / "tree", out)
                raise
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
