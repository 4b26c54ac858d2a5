"""The distribution installs under one namespace of its own, `rivya_contract`.

`pip install` must add no bare `generator`, `templates` or `contract` package to
site-packages, and pyproject's explicit package list must follow the folders.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {
    "contract": "rivya_contract",
    "generator": "rivya_contract.generator",
    "templates": "rivya_contract.templates",
}


def _setuptools_table() -> dict[str, object]:
    table: dict[str, object] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    return table


def _packages_on_disk() -> set[str]:
    found: set[str] = set()
    for folder, namespace in FOLDERS.items():
        for current, dirs, files in os.walk(ROOT / folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            # Python packages need an __init__; template folders are data packages.
            if folder != "templates" and "__init__.py" not in files:
                continue
            relative = Path(current).relative_to(ROOT / folder)
            found.add(namespace if relative == Path(".") else namespace + "." + ".".join(relative.parts))
    return found


def test_package_list_follows_the_folders() -> None:
    table = _setuptools_table()
    assert table["package-dir"] == {namespace: folder for folder, namespace in FOLDERS.items()}
    assert set(table["packages"]) == _packages_on_disk()  # type: ignore[arg-type]


def test_version_comes_from_the_distribution_metadata() -> None:
    from importlib import metadata

    from rivya_contract.report import ReportContext

    assert ReportContext().tool_version == metadata.version("rivya-contract")


@pytest.mark.slow
def test_install_adds_only_its_own_namespace(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(ROOT)],
        check=True,
        capture_output=True,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    top_level = {p.name for p in target.iterdir() if not p.name.endswith((".dist-info", ".egg-info"))}
    assert top_level - {"bin"} == {"rivya_contract"}
    installed = target / "rivya_contract"
    assert (installed / "bundled" / "openapi.json").is_file()
    assert (installed / "rivya" / "catalog" / "models" / "rivya-image-1.yaml").is_file()
    assert (installed / "rivya" / "catalog" / "contract.yaml").is_file()
    assert (installed / "generator" / "render.py").is_file()
    assert (installed / "templates" / "sdk" / "package" / "_client.py.jinja").is_file()
    # The installed copy runs on its own: its templates and bundled contract are found.
    probe = subprocess.run(
        [sys.executable, "-c", "import rivya_contract.generator.render as r, sys; print(r.SDK_TEMPLATES.is_dir())"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
        check=True,
    )
    assert probe.stdout.strip() == "True"
