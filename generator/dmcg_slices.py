"""datamodel-code-generator run on independent slices of the schemas, in parallel.

dmcg's time grows faster than the number of models it is handed, and it runs on one
core: Cloudflare's 8,000 models take 25 s in one run, and 15 s in eight runs of 1,000
one after another. The models fall apart into groups that never refer to each other
(the weakly connected components of the ``$ref`` graph; Cloudflare has 1,887, the
largest holds 1,092 models), and dmcg's output for a group does not depend on the
others. So groups are packed into slices of about ``MODELS_PER_SLICE`` models, each
slice is one dmcg run in a worker process, and the modules are joined.

The slices are a function of the schemas alone (never of the number of cores), and the
joined module is the same whether the slices ran in parallel or one after another: the
output stays deterministic. A name two slices both define (dmcg numbers a name it invents
within one run) cannot be joined: then all the schemas run as one, as before.
``RIVYA_CONTRACT_JOBS`` caps the worker processes (``1``: no worker processes).
"""

from __future__ import annotations

import ast
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from rivya_contract.errors import SourceError

JOBS_ENV = "RIVYA_CONTRACT_JOBS"
# Below about a thousand models a dmcg run grows about linearly (measured on Cloudflare:
# eight slices of 1,000 cost 15.4 s in all, sixteen of 500 also 15.4 s; one run of all 25 s).
MODELS_PER_SLICE = 1_000
SCHEMA_PREFIX = "#/components/schemas/"

RunOne = Callable[[dict[str, Any]], str]  # an OpenAPI document -> dmcg's module source


@dataclass(frozen=True)
class _Module:
    """One slice's module: its import statements, the rest, and the names it defines."""

    header: str  # the comment lines before the first statement
    imports: tuple[str, ...]
    body: str
    names: frozenset[str]


def generate(document: dict[str, Any], run_one: RunOne) -> str:
    """dmcg's module for ``document``, by slices when it has enough models for two."""
    schemas = document.get("components", {}).get("schemas", {})
    slices = partition(schemas, MODELS_PER_SLICE)
    if len(slices) < 2:
        return run_one(document)
    documents = [
        {**document, "components": {**document["components"], "schemas": {n: schemas[n] for n in names}}}
        for names in slices
    ]
    joined = join(_run_all(run_one, documents))
    return joined if joined is not None else run_one(document)


def partition(schemas: dict[str, Any], models_per_slice: int) -> list[list[str]]:
    """The schema names in slices of whole reference groups, the largest slice first.

    The number of slices comes from the model count; groups go, largest first, to the
    slice with the fewest models so far; each slice lists its names in document order.
    """
    count = max(1, round(len(schemas) / max(1, models_per_slice)))
    if count == 1:
        return [list(schemas)]
    order = {name: index for index, name in enumerate(schemas)}
    groups = _groups(schemas)
    groups.sort(key=lambda group: (-len(group), order[group[0]]))
    slices: list[list[str]] = [[] for _ in range(min(count, len(groups)))]
    for group in groups:
        smallest = min(range(len(slices)), key=lambda i: (len(slices[i]), i))
        slices[smallest].extend(group)
    result = [sorted(names, key=order.__getitem__) for names in slices if names]
    result.sort(key=lambda names: (-len(names), order[names[0]]))
    return result


def _groups(schemas: dict[str, Any]) -> list[list[str]]:
    """The weakly connected components of the reference graph, each in document order."""
    parent = {name: name for name in schemas}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for name, schema in schemas.items():
        for target in _references(schema):
            if target in parent:
                a, b = root(name), root(target)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for name in schemas:
        members.setdefault(root(name), []).append(name)
    return list(members.values())


def _references(schema: Any) -> set[str]:
    """Every schema name a string under ``schema`` refers to (``$ref``s, discriminator mappings)."""
    found: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and node.startswith(SCHEMA_PREFIX):
            found.add(node[len(SCHEMA_PREFIX) :])
    return found


def join(modules: list[_Module]) -> str | None:
    """One module: the first header, every distinct import once (in first-seen order,
    ``from __future__`` first), then each body in slice order. None when two modules
    define the same name."""
    seen: set[str] = set()
    for module in modules:
        if seen & module.names:
            return None
        seen |= module.names
    imports = list(dict.fromkeys(statement for module in modules for statement in module.imports))
    imports.sort(key=lambda statement: not statement.startswith("from __future__"))
    parts = [modules[0].header, "\n".join(imports) + "\n\n\n", *(module.body for module in modules)]
    return "".join(parts)


def split_module(source: str) -> _Module:
    """``source`` cut where the imports end (dmcg writes them all before the first model)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise SourceError("models", f"datamodel-code-generator wrote invalid Python: {exc}") from None
    lines = source.splitlines(keepends=True)
    first = tree.body[0].lineno if tree.body else len(lines) + 1
    header = "".join(lines[: first - 1])
    imports: list[str] = []
    end = first - 1
    for statement in tree.body:
        if not isinstance(statement, (ast.Import, ast.ImportFrom)):
            break
        imports.append("".join(lines[statement.lineno - 1 : statement.end_lineno]).strip())
        end = statement.end_lineno or statement.lineno
    names = frozenset(name for statement in tree.body if (name := _defined(statement)) is not None)
    return _Module(header, tuple(imports), "".join(lines[end:]).lstrip("\n").rstrip("\n") + "\n\n\n", names)


def _defined(statement: ast.stmt) -> str | None:
    if isinstance(statement, ast.ClassDef):
        return statement.name
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id
    if isinstance(statement, ast.Assign):
        targets = [t.id for t in statement.targets if isinstance(t, ast.Name)]
        return targets[0] if len(targets) == 1 else None
    return None


def _run_all(run_one: RunOne, documents: list[dict[str, Any]]) -> list[_Module]:
    """Each document's module, in worker processes when there is more than one core."""
    workers = min(len(documents), _cores())
    if workers > 1:
        try:
            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                results = list(pool.map(_work, [run_one] * len(documents), documents))
        except (OSError, BrokenProcessPool):
            pass  # no worker processes here (a sandbox, a killed worker): the same runs in this one
        else:
            return [_raised(result) for result in results]
    return [split_module(run_one(document)) for document in documents]


def _work(run_one: RunOne, document: dict[str, Any]) -> _Module | tuple[str, str]:
    """A worker's run; a SourceError comes back as (source, message) (it does not pickle)."""
    try:
        return split_module(run_one(document))
    except SourceError as exc:
        return (exc.source, exc.message)


def _raised(result: _Module | tuple[str, str]) -> _Module:
    if isinstance(result, tuple):
        raise SourceError(*result)
    return result


def _cores() -> int:
    configured = os.environ.get(JOBS_ENV, "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
