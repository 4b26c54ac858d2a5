"""datamodel-code-generator by slices (generator/dmcg_slices.py): the same classes, in parallel."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rivya_contract.errors import SourceError
from rivya_contract.generator import dmcg_cache, dmcg_slices, models
from rivya_contract.generator.client import build_sdk
from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.render import generate_files
from rivya_contract.generator.schemas import SchemaRegistry
from rivya_contract.generator.types_split import defined_name
from rivya_contract.generator.write import write_tree
from rivya_contract.load import BUNDLED_CONTRACT, document_from_bytes, load
from tests.generator.conftest import GOLDEN

REF = dmcg_slices.SCHEMA_PREFIX


def _definitions(files: dict[str, str]) -> dict[str, str]:
    """Every top-level class or alias of the ``types`` modules: name -> its source, with the
    statements that follow it (a union's run-time form)."""
    found: dict[str, str] = {}
    for path, source in files.items():
        if "/types/_" not in path or path.endswith("__init__.py"):
            continue
        for name, text in dmcg_slices.split_module(source).definitions:
            assert name is not None and name not in found, f"{name} defined twice"
            found[name] = text
    return found


def _run_time_forms_follow_their_alias(files: dict[str, str]) -> int:
    """Each ``if not TYPE_CHECKING: X = ...`` of the types modules comes right after the
    definition of X (its static alias); how many there are."""
    count = 0
    for path, source in files.items():
        if "/types/_" not in path or path.endswith("__init__.py"):
            continue
        previous: str | None = None
        for statement in ast.parse(source).body:
            if isinstance(statement, ast.If) and ast.unparse(statement.test) == "not TYPE_CHECKING":
                bound = [
                    t.id
                    for a in statement.body
                    if isinstance(a, ast.Assign)
                    for t in a.targets
                    if isinstance(t, ast.Name)
                ]
                assert bound == [previous], f"{path}: the run-time form of {bound} follows {previous}"
                count += 1
            elif (name := defined_name(statement)) is not None:
                previous = name
    return count


def _golden_types() -> dict[str, str]:
    return {p.relative_to(GOLDEN).as_posix(): p.read_text() for p in (GOLDEN / "rivya_sdk" / "types").glob("*.py")}


def _closed(slice_names: list[str], schemas: dict[str, Any]) -> bool:
    inside = set(slice_names)
    return all(t in inside for n in slice_names for t in dmcg_slices._references(schemas[n]) if t in schemas)


def test_reference_groups_stay_whole_and_fill_slices_largest_first() -> None:
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
    slices = dmcg_slices.partition(schemas, 3)
    assert slices == dmcg_slices.partition(dict(schemas), 3)  # a function of the schemas alone
    # a mapping target is a reference too; the two single schemas share a slice
    assert slices == [["A", "B", "C"], ["D", "E", "F"], ["G", "H"]]
    assert dmcg_slices.partition(schemas, 8) == [list(schemas)]


def test_a_group_larger_than_a_slice_is_cut_at_its_entry_points() -> None:
    """Four roots share a hub (GitHub's ``simple-user``), and a cycle nothing refers to: each
    slice holds what its roots reach, the hub goes into every slice that needs it."""
    schemas: dict[str, Any] = {"Hub": {"type": "object"}}
    for i in range(1, 5):
        schemas[f"Root{i}"] = {"properties": {"h": {"$ref": REF + "Hub"}, "l": {"$ref": REF + f"Leaf{i}"}}}
        schemas[f"Leaf{i}"] = {"properties": {"h": {"$ref": REF + "Hub"}}}
    schemas["Ping"] = {"properties": {"pong": {"$ref": REF + "Pong"}, "h": {"$ref": REF + "Hub"}}}
    schemas["Pong"] = {"properties": {"ping": {"$ref": REF + "Ping"}}}
    slices = dmcg_slices.partition(schemas, 3)
    assert all(_closed(names, schemas) for names in slices)
    assert {n for names in slices for n in names} == set(schemas)
    assert [len(names) for names in slices] == [3, 3, 3, 3, 3]
    assert all("Hub" in names for names in slices)
    assert sorted(n for names in slices for n in names if n.startswith("Root")) == [f"Root{i}" for i in range(1, 5)]


def test_a_variant_is_never_sliced_apart_from_its_discriminated_union() -> None:
    """dmcg narrows a variant's tag to its union's Literal, so whatever reaches a variant
    also takes the union (and so the union's other variants)."""
    schemas: dict[str, Any] = {
        "Event": {
            "oneOf": [{"$ref": REF + "Created"}, {"$ref": REF + "Deleted"}],
            "discriminator": {"propertyName": "type"},
        },
        "Created": {"properties": {"type": {"type": "string"}}},
        "Deleted": {"properties": {"type": {"type": "string"}}},
        "Log": {"properties": {"last": {"$ref": REF + "Created"}}},
        "Other": {"properties": {"x": {"$ref": REF + "Leaf"}}},
        "Leaf": {"type": "string"},
    }
    slices = dmcg_slices.partition(schemas, 3)  # the union's group (4 schemas) is cut
    assert all(_closed(names, schemas) for names in slices)
    holding_log = next(names for names in slices if "Log" in names)
    assert {"Event", "Created", "Deleted"} <= set(holding_log)


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_sliced_generation_writes_the_classes_one_run_writes(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled contract in five slices (in worker processes, or one after another):
    every class and alias has the golden SDK's source, and the package imports them all."""
    monkeypatch.setenv(dmcg_cache.CACHE_ENV, "off")
    monkeypatch.setenv(dmcg_slices.JOBS_ENV, jobs)
    monkeypatch.setattr(dmcg_slices, "MODELS_PER_SLICE", 20)
    joined: list[int] = []
    real_join = dmcg_slices.join

    def counting_join(modules: list[Any]) -> str | None:
        joined.append(len(modules))
        return real_join(modules)

    monkeypatch.setattr(dmcg_slices, "join", counting_join)
    files = generate_files(load(BUNDLED_CONTRACT), GenerateOptions()).files
    assert joined == [5]  # 122 models: 134 in five slices (the one large group is cut)
    texts = {path: content.decode() for path, content in files.items()}
    assert _definitions(texts) == _definitions(_golden_types())
    assert _run_time_forms_follow_their_alias(texts) == 2
    write_tree(files, tmp_path / "sdk")
    names = sorted(_definitions(texts))
    code = (
        "import rivya_sdk.types as t\nfrom pydantic import TypeAdapter\n"
        f"print(len([getattr(t, n) for n in {names!r}]))\n"
        # a union's run-time form (with its fallback) stays with the union
        "print(type(TypeAdapter(t.ChatStreamEvent).validate_python({'event': 'added.later'})).__name__)\n"
        "print(type(TypeAdapter(t.GenerationRequest).validate_python({'model': 'added-later'})).__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path / "sdk", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(len(names)), "ChatStreamEventUnknown", "GenerationRequestUnknown"]


def test_a_changed_schema_reruns_only_the_slices_that_hold_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each slice's module is cached on its own: after a contract change, dmcg runs again
    for the slices holding the changed schema, and the SDK is the one a cold run writes."""
    monkeypatch.setenv(dmcg_cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(dmcg_slices.JOBS_ENV, "1")  # the runs are counted in this process
    monkeypatch.setattr(dmcg_slices, "MODELS_PER_SLICE", 20)
    runs: list[int] = []
    real = models._run_dmcg

    def counting(document: dict[str, Any], *args: Any) -> str:
        runs.append(len(document["components"]["schemas"]))
        return real(document, *args)

    monkeypatch.setattr(models, "_run_dmcg", counting)
    tree = json.loads(BUNDLED_CONTRACT.read_bytes())
    options = GenerateOptions(format_output=False)
    generate_files(document_from_bytes(json.dumps(tree).encode(), "v1.json"), options)
    assert len(runs) == 5
    tree["components"]["schemas"]["WebhookTestRequest"]["description"] = "Changed."
    changed = document_from_bytes(json.dumps(tree).encode(), "v2.json")
    runs.clear()
    again = generate_files(changed, options).files
    registry = SchemaRegistry.from_document(changed)
    build_sdk(changed, registry, options)
    holding = [names for names in dmcg_slices.partition(registry.schemas, 20) if "WebhookTestRequest" in names]
    assert len(runs) == len(holding) == 1 and runs[0] == len(holding[0])
    monkeypatch.setenv(dmcg_cache.CACHE_ENV, "off")
    assert again == generate_files(changed, options).files


def _classes(document: dict[str, Any]) -> str:
    """A stand-in for dmcg: a module with one class per schema (and ``re`` for B)."""
    names = list(document["components"]["schemas"])
    imports = "import os\n" + ("import re\n" if "B" in names else "")
    classes = "".join(f"class {name}:\n    pass\n\n\n" for name in names)
    return f"# header\n\nfrom __future__ import annotations\n\n{imports}\n\n{classes}"


def _classes_and_shared(document: dict[str, Any]) -> str:
    """Also defines ``Shared``, the same in every module."""
    return _classes(document) + "Shared = 1\n"


def _classes_and_numbered(document: dict[str, Any]) -> str:
    """Also defines ``Numbered``, differently in each module (as dmcg numbers a name it invents)."""
    return _classes(document) + f"Numbered = {len(document['components']['schemas'])!r}\n"


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


def test_a_name_slices_define_alike_is_written_once_and_differently_makes_it_one_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(dmcg_slices.JOBS_ENV, "1")
    monkeypatch.setattr(dmcg_slices, "MODELS_PER_SLICE", 2)
    document = {"components": {"schemas": {"A": {}, "B": {}, "C": {}}}}
    shared = dmcg_slices.generate(document, _classes_and_shared)
    assert shared.count("Shared = 1") == 1 and all(f"class {n}:" in shared for n in "ABC")
    assert dmcg_slices.generate(document, _classes_and_numbered) == _classes_and_numbered(document)


def _classes_and_dated(document: dict[str, Any]) -> str:
    """Also defines ``Dated``, with the import alias dmcg writes in a module where a field is
    named ``date`` (here: where B is)."""
    aliased = "B" in document["components"]["schemas"]
    imports = "from datetime import date as date_aliased\n" if aliased else "from datetime import date\n"
    field = "date_aliased" if aliased else "date"
    return _classes(document).replace("import os\n", "import os\n" + imports) + f"class Dated:\n    on: {field}\n"


def test_a_class_slices_write_with_and_without_an_import_alias_is_joined_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(dmcg_slices.JOBS_ENV, "1")
    monkeypatch.setattr(dmcg_slices, "MODELS_PER_SLICE", 1)
    joined = dmcg_slices.generate({"components": {"schemas": {"A": {}, "B": {}}}}, _classes_and_dated)
    assert joined.count("class Dated:") == 1
    assert "from datetime import date\n" in joined and "from datetime import date as date_aliased\n" in joined
    exec(compile(joined, "joined", "exec"), {})


def test_a_daemonic_process_runs_the_slices_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """A multiprocessing.Pool worker may not start processes: no pool is tried there."""

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("daemonic processes are not allowed to have children")

    class Daemon:
        daemon = True

    monkeypatch.setattr(dmcg_slices, "ProcessPoolExecutor", refused)
    monkeypatch.setattr(dmcg_slices.multiprocessing, "current_process", Daemon)
    monkeypatch.setenv(dmcg_slices.JOBS_ENV, "2")
    monkeypatch.setattr(dmcg_slices, "MODELS_PER_SLICE", 1)
    document = {"components": {"schemas": {"A": {}, "B": {}}}}
    assert dmcg_slices.generate(document, _classes).count("# header") == 1


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
