"""``catalog pull``: a live catalog written into the catalog folder's model files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rivya_contract.atomic import write_atomic
from rivya_contract.rivya import build, data
from rivya_contract.rivya.data import MISSING, Model
from rivya_contract.rivya.live import LiveCatalog, LiveError

_ID_OK = data._MODEL_ID


def model_file(m: Model, kept: dict[str, Any]) -> dict[str, Any]:
    """The YAML tree of one model file: the served fields, plus what only the file knows."""
    tree: dict[str, Any] = {"id": m.id, "name": m.name, "kind": m.kind, "status": m.status}
    if "position" in kept:
        tree["position"] = kept["position"]
    tree["description"] = m.description
    tree["prompt_required"] = m.prompt_required
    tree["credits"] = m.credits.to_dict()
    tree["lifecycle"] = {
        "deprecated_at": m.lifecycle.deprecated_at or (kept.get("lifecycle") or {}).get("deprecated_at"),
        "sunset_at": m.lifecycle.sunset_at,
        "replaced_by": m.lifecycle.replaced_by,
    }
    if m.kind == "chat":
        if m.context_window is not None or "context_window" in kept:
            tree["context_window"] = m.context_window or kept.get("context_window")
        return tree
    tree["params"] = [p.to_model_param() for p in m.params]
    if "example" in kept:
        tree["example"] = kept["example"]
    elif not any(p.required for p in m.params):
        tree["example"] = {"prompt": f"An example prompt for {m.name}."} if m.prompt_required else {}
    return tree


def write_models(served: LiveCatalog, folder: Path) -> list[str]:
    """Write one file per served model; remove the files of models no longer served.
    Every file is checked before anything is written (fail closed)."""
    models_dir = folder / "models"
    planned: dict[Path, bytes] = {}
    for i, m in enumerate(served.models()):
        if not _ID_OK.match(m.id) or "/" in m.id:
            raise LiveError(f"{served.url}: /data/{i}/id: {m.id!r} cannot be a file name")
        path = models_dir / f"{m.id}.yaml"
        kept: dict[str, Any] = {}
        if path.is_file():
            _, tree = data._yaml(path, folder)
            kept = tree if isinstance(tree, dict) else {}
        planned[path] = build.yaml_dump(model_file(m, kept)).encode("utf-8")
    gone = [p for p in sorted(models_dir.glob("*.yaml")) if p not in planned] if models_dir.is_dir() else []
    changes: list[str] = []
    for path, text in planned.items():
        old = path.read_bytes() if path.is_file() else None
        if old == text:
            continue
        write_atomic(path, text)
        changes.append(f"{'updated' if old is not None else 'added'} {path}")
    for path in gone:
        path.unlink()
        changes.append(f"removed {path}")
    return changes


__all__ = ["MISSING", "model_file", "write_models"]
