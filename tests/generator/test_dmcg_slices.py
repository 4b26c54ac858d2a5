"""datamodel-code-generator by slices (generator/dmcg_slices.py): the same classes, in parallel."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rivya_contract.errors import SourceError
from rivya_contract.generator import dmcg_cache, dmcg_slices
from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.render import generate_files
from rivya_contract.generator.write import write_tree
from rivya_contract.load import BUNDLED_CONTRACT, load
from tests.generator.conftest import GOLDEN

REF = dmcg_slices.SCHEMA_PREFIX


def _definitions(files: dict[str, str]) -> dict[str, str]:
    """Every top-level class or alias of the ``types`` modules: name -> its source."""
    found: dict[str, str] = {}
    for path, source in files.items():
        if "/types/_" not in path or path.endswith("__init__.py"):
            continue
        for statement in ast.parse(source).body:
            name = dmcg_slices._defined(statement)
            if name is not None:
                assert name not in found, f"{name} defined twice"
                found[name] = ast.get_source_segment(source, statement) or ""
    return found


def _golden_types() -> dict[str, str]:
    return {p.relative_to(GOLDEN).as_posix(): p.read_text() for p in (GOLDEN / "rivya_sdk" / "types").glob("*.py")}


def test_reference_groups_stay_whole_and_slices_follow_the_model_count() -> None:
    schemas: dict[str, Any] = {
        "A": {"properties": {"b": {"$ref": REF + "B"}}},
        "B": {"items": {"$ref": REF + "C"}},
        "C": {"type": "string"},
        "D": {"oneOf": [{"$ref": REF + "E"}], "discriminator": {"propertyName": "k", "mapping": {"e": REF + "F"}}},
        "E": {"type": "object"},
        "F": {"type": "object"},
        "G": {"type": "integer"},
        "H": {"properties": {"self": {"$ref": REF + "H"}, "gone": {"$ref": REF + "Missing"}}},
    }
    slices = dmcg_slices.partition(schemas, 2)
    assert slices == dmcg_slices.partition(dict(schemas), 2)  # a function of the schemas alone
    assert sorted(n for s in slices for n in s) == sorted(schemas)
    slice_of = {name: i for i, names in enumerate(slices) for name in names}
    assert slice_of["A"] == slice_of["B"] == slice_of["C"]
    assert slice_of["D"] == slice_of["E"] == slice_of["F"]  # a mapping target is a reference too
    assert len(slices) == 4 and [len(s) for s in slices] == sorted((len(s) for s in slices), reverse=True)
    assert all(names == sorted(names) for names in slices)  # document order within a slice
    assert dmcg_slices.partition(schemas, 1_000) == [list(schemas)]


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_sliced_generation_writes_the_classes_one_run_writes(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled contract in six slices (in worker processes, or one after another):
    every class and alias has the golden SDK's source, and the package imports them all."""
    monkeypatch.setenv(dmcg_cache.CACHE_ENV, "off")
    monkeypatch.setenv(dmcg_slices.JOBS_ENV, jobs)
    monkeypatch.setattr(dmcg_slices, "MODELS_PER_SLICE", 8)
    joined: list[int] = []
    real_join = dmcg_slices.join

    def counting_join(modules: list[Any]) -> str | None:
        joined.append(len(modules))
        return real_join(modules)

    monkeypatch.setattr(dmcg_slices, "join", counting_join)
    files = generate_files(load(BUNDLED_CONTRACT), GenerateOptions()).files
    assert joined == [6]  # the 122 models fall into six reference groups
    texts = {path: content.decode() for path, content in files.items()}
    assert _definitions(texts) == _definitions(_golden_types())
    write_tree(files, tmp_path / "sdk")
    names = sorted(_definitions(texts))
    code = f"import rivya_sdk.types as t; print(len([getattr(t, n) for n in {names!r}]))"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path / "sdk", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(len(names))


def _classes(document: dict[str, Any]) -> str:
    """A stand-in for dmcg: a module with one class per schema (and ``re`` for B)."""
    names = list(document["components"]["schemas"])
    imports = "import os\n" + ("import re\n" if "B" in names else "")
    classes = "".join(f"class {name}:\n    pass\n\n\n" for name in names)
    return f"# header\n\nfrom __future__ import annotations\n\n{imports}\n\n{classes}"


def _classes_and_shared(document: dict[str, Any]) -> str:
    return _classes(document) + "Shared = 1\n"


def test_slices_join_under_one_header_with_each_import_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(dmcg_slices.JOBS_ENV, "1")
    monkeypatch.setattr(dmcg_slices, "MODELS_PER_SLICE", 1)
    document = {"components": {"schemas": {"A": {}, "B": {}}}}
    joined = dmcg_slices.generate(document, _classes)
    assert joined == (
        "# header\n\nfrom __future__ import annotations\nimport os\nimport re\n\n\n"
        "class A:\n    pass\n\n\nclass B:\n    pass\n\n\n"
    )
    compile(joined, "joined", "exec")


def test_a_name_two_slices_define_makes_it_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(dmcg_slices.JOBS_ENV, "1")
    monkeypatch.setattr(dmcg_slices, "MODELS_PER_SLICE", 1)
    document = {"components": {"schemas": {"A": {}, "B": {}}}}
    assert dmcg_slices.generate(document, _classes_and_shared) == _classes_and_shared(document)


def _failing(document: dict[str, Any]) -> str:
    raise SourceError("models", "datamodel-code-generator failed: no")


def test_a_failure_in_a_worker_process_is_the_usual_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(dmcg_slices.JOBS_ENV, "2")
    monkeypatch.setattr(dmcg_slices, "MODELS_PER_SLICE", 1)
    with pytest.raises(SourceError, match="datamodel-code-generator failed: no"):
        dmcg_slices.generate({"components": {"schemas": {"A": {}, "B": {}}}}, _failing)


def test_worker_processes_and_none_join_the_same_module(monkeypatch: pytest.MonkeyPatch) -> None:
    document = {"components": {"schemas": {"A": {}, "B": {}, "C": {}}}}
    monkeypatch.setattr(dmcg_slices, "MODELS_PER_SLICE", 1)
    monkeypatch.setenv(dmcg_slices.JOBS_ENV, "2")
    parallel = dmcg_slices.generate(document, _classes)

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise OSError("no semaphores in this sandbox")

    monkeypatch.setattr(dmcg_slices, "ProcessPoolExecutor", refused)
    assert dmcg_slices.generate(document, _classes) == parallel  # run here, one after another
    assert parallel.count("# header") == 1 and all(f"class {n}:" in parallel for n in "ABC")
