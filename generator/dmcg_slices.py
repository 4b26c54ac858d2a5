"""datamodel-code-generator run on slices of the schemas, in parallel.

dmcg's time grows faster than the number of models it is handed, and it runs on one
core: Cloudflare's 8,000 models take 25 s in one run, and 15 s in eight runs of 1,000
one after another. dmcg's output for a schema depends on the schemas it reaches through
``$ref``s, and on one thing of the whole module: where a field is named like a type it
imports (``date``), it imports that type under an alias (``date_aliased``). So the schemas
are cut into slices of about ``MODELS_PER_SLICE`` models, each holding everything its
schemas reach; each slice is one dmcg run in a worker process, and the modules are joined.
Checked on every corpus document: each class's source is the one a single run writes,
but for one alias on Cloudflare (1 of 8,025 classes says ``date``, not ``date_aliased``;
the joined module imports both, and either is right).

A slice is a set of reference groups (weakly connected components of the ``$ref`` graph;
Cloudflare has 1,887), or, for a group larger than a slice (GitHub: 4,803 of 6,317 models
in one), what some of its entry points reach: the schemas nothing else refers to, and
cycles nothing outside refers to. A schema several slices reach (GitHub's ``simple-user``)
is generated in each and joined once. The slices are a function of the schemas alone
(never of the number of cores), and the join is the same whether the slices ran in
parallel or one after another: the output stays deterministic. A name two slices define
differently (beyond that alias; dmcg numbers a name it invents within one run) cannot be
joined: then all the schemas run as one. ``RIVYA_CONTRACT_JOBS`` caps the worker
processes (``1``: none).
"""

from __future__ import annotations

import ast
import gc
import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from rivya_contract.errors import SourceError
from rivya_contract.generator.graphs import strongly_connected
from rivya_contract.generator.types_split import defined_name

JOBS_ENV = "RIVYA_CONTRACT_JOBS"
# Below about a thousand models a dmcg run grows about linearly (measured on Cloudflare:
# eight slices of 1,000 cost 15.4 s in all, sixteen of 500 also 15.4 s; one run of all 25 s).
MODELS_PER_SLICE = 1_000
SCHEMA_PREFIX = "#/components/schemas/"

RunOne = Callable[[dict[str, Any]], str]  # an OpenAPI document -> dmcg's module source


@dataclass(frozen=True)
class _Module:
    """One slice's module: its header comments, import statements, top-level definitions
    (name, source with the statements that follow it) in order, and ``X.model_rebuild()``s."""

    header: str
    imports: tuple[str, ...]
    definitions: tuple[tuple[str | None, str], ...]
    rest: tuple[str, ...]
    source: str  # the module as dmcg wrote it (what a SliceCache keeps)


class SliceCache(Protocol):
    """Where each slice's module is kept across runs, so that a change to some schemas
    runs dmcg again only for the slices that hold them (generator/models.py keeps them in
    generator/dmcg_cache.py)."""

    def key(self, document: dict[str, Any]) -> str | None: ...
    def load(self, key: str | None) -> str | None: ...
    def store(self, key: str | None, source: str) -> None: ...


def generate(document: dict[str, Any], run_one: RunOne, cache: SliceCache | None = None) -> str:
    """dmcg's module for ``document``, by slices when it has more models than one holds;
    a slice ``cache`` holds is not run again."""
    schemas = document.get("components", {}).get("schemas", {})
    slices = partition(schemas, MODELS_PER_SLICE)
    if len(slices) < 2:
        return run_one(document)
    documents = [
        {**document, "components": {**document["components"], "schemas": {n: schemas[n] for n in names}}}
        for names in slices
    ]
    keys = [cache.key(d) if cache else None for d in documents]
    kept = [cache.load(key) if cache else None for key in keys]
    modules: list[_Module | None] = [None if source is None else split_module(source) for source in kept]
    missing = [i for i, module in enumerate(modules) if module is None]
    for i, module in zip(missing, _run_all(run_one, [documents[i] for i in missing]), strict=True):
        modules[i] = module
        if cache:
            cache.store(keys[i], module.source)
    joined = join([module for module in modules if module is not None])
    return joined if joined is not None else run_one(document)


def partition(schemas: dict[str, Any], models_per_slice: int) -> list[list[str]]:
    """Slices of at most about ``models_per_slice`` names, each closed under references, the
    largest first, each in document order; every name is in at least one.

    Pieces (reference groups, or parts of a group too large for a slice) go, largest first,
    into the first slice they fit in (first-fit decreasing).
    """
    if len(schemas) <= models_per_slice:
        return [list(schemas)]
    order = {name: index for index, name in enumerate(schemas)}
    refs = _reference_graph(schemas)
    pieces: list[set[str]] = []
    for group in _groups(refs):
        if len(group) <= models_per_slice:
            pieces.append(set(group))
        else:
            pieces.extend(_split(group, refs, models_per_slice, order))
    pieces.sort(key=lambda piece: (-len(piece), min(order[n] for n in piece)))
    slices: list[set[str]] = []
    for piece in pieces:
        home = next((s for s in slices if len(s | piece) <= models_per_slice), None)
        if home is None:
            slices.append(set(piece))
        else:
            home |= piece
    result = [sorted(names, key=order.__getitem__) for names in slices]
    result.sort(key=lambda names: (-len(names), order[names[0]]))
    return result


def _reference_graph(schemas: dict[str, Any]) -> dict[str, list[str]]:
    """What each schema's output depends on: the schemas it refers to, and the discriminated
    unions that refer to it (dmcg narrows a variant's tag to the union's ``Literal``: GitHub's
    ``public-user`` has ``user_view_type: Literal['public']`` only beside its union)."""
    refs = {name: {t for t in _references(schema) if t in schemas} for name, schema in schemas.items()}
    for name, schema in schemas.items():
        if _has_discriminator(schema):
            for target in list(refs[name]):
                refs[target].add(name)
    return {name: sorted(targets) for name, targets in refs.items()}


def _has_discriminator(schema: Any) -> bool:
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("discriminator"), dict):
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _groups(refs: dict[str, list[str]]) -> list[list[str]]:
    """The weakly connected components of the reference graph, each in document order."""
    parent = {name: name for name in refs}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for name, targets in refs.items():
        for target in targets:
            a, b = root(name), root(target)
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for name in refs:
        members.setdefault(root(name), []).append(name)
    return list(members.values())


def _split(group: list[str], refs: dict[str, list[str]], size: int, order: dict[str, int]) -> list[set[str]]:
    """A group too large for one slice as pieces of about ``size``: what each entry point
    reaches, merged into the piece it adds least to."""
    components = _strongly_connected(group, refs)
    component_of = {name: i for i, names in enumerate(components) for name in names}
    entered = {component_of[t] for name in group for t in refs[name] if component_of[t] != component_of[name]}
    reach: list[set[str]] = []
    for i, names in enumerate(components):
        if i in entered:
            continue
        seen = set(names)
        stack = list(names)
        while stack:
            for target in refs[stack.pop()]:
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        reach.append(seen)
    reach.sort(key=lambda reached: (-len(reached), min(order[n] for n in reached)))
    pieces: list[set[str]] = []
    for reached in reach:
        fits = [(len(reached - piece), i) for i, piece in enumerate(pieces) if len(piece | reached) <= size]
        if fits:
            pieces[min(fits)[1]] |= reached
        else:
            pieces.append(set(reached))
    return pieces


def _strongly_connected(names: list[str], refs: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of ``names`` under ``refs`` (which stay inside them)."""
    index = {name: i for i, name in enumerate(names)}
    edges = [[index[target] for target in refs[name]] for name in names]
    return [[names[i] for i in component] for component in strongly_connected(edges)]


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
    """One module: the first header, every distinct import once (``from __future__`` first),
    each definition once where it first appears (slice order, then each slice's own order:
    what a definition needs comes before it), then the other statements once. None when two
    modules define one name differently."""
    written: dict[str, str] = {}
    body: list[str] = []
    for module in modules:
        for name, text in module.definitions:
            if name is not None and name in written:
                if _unaliased(written[name]) != _unaliased(text):
                    return None
                continue
            if name is not None:
                written[name] = text
            body.append(text)
    imports = list(dict.fromkeys(statement for module in modules for statement in module.imports))
    imports.sort(key=lambda statement: not statement.startswith("from __future__"))
    rest = list(dict.fromkeys(statement for module in modules for statement in module.rest))
    return modules[0].header + "\n".join(imports) + "\n\n\n" + "".join(body) + "".join(rest)


_ALIASED = re.compile(r"\b(\w+)_aliased\b")


def _unaliased(text: str) -> str:
    """A definition without dmcg's import aliases (see the module's docstring): a class two
    slices share may say ``date`` in one and ``date_aliased`` in the other."""
    return _ALIASED.sub(r"\1", text)


def split_module(source: str) -> _Module:
    """``source`` in its parts (dmcg writes every import before the first model)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise SourceError("models", f"datamodel-code-generator wrote invalid Python: {exc}") from None
    lines = source.splitlines(keepends=True)
    statements = tree.body
    first = statements[0].lineno if statements else len(lines) + 1
    imports: list[str] = []
    for statement in statements:
        if not isinstance(statement, (ast.Import, ast.ImportFrom)):
            break
        imports.append("".join(lines[statement.lineno - 1 : statement.end_lineno]).strip())
    statements = statements[len(imports) :]
    definitions: list[tuple[str | None, str]] = []
    rest: list[str] = []
    for number, statement in enumerate(statements):
        start = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", []))])
        end = statements[number + 1].lineno - 1 if number + 1 < len(statements) else len(lines)
        text = "".join(lines[start - 1 : end]).rstrip("\n") + "\n\n\n"
        name = defined_name(statement)
        if name is not None:
            definitions.append((name, text))
        elif definitions and not _is_rebuild(statement):
            # an alias's docstring, the run-time form of a union (``if not TYPE_CHECKING:``):
            # it belongs to the definition above it
            previous_name, previous = definitions[-1]
            definitions[-1] = (previous_name, previous.rstrip("\n") + "\n" + text)
        else:
            rest.append(text)
    return _Module("".join(lines[: first - 1]), tuple(imports), tuple(definitions), tuple(rest), source)


def _is_rebuild(statement: ast.stmt) -> bool:
    """``X.model_rebuild()``: dmcg writes them after the last model, for no model in particular."""
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Attribute)
        and statement.value.func.attr == "model_rebuild"
    )


def _run_all(run_one: RunOne, documents: list[dict[str, Any]]) -> list[_Module]:
    """Each document's module, in worker processes when there is more than one core."""
    workers = min(len(documents), _cores())
    if workers > 1:
        try:
            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
            # Objects this process holds (the document, the registry) are frozen while the
            # workers fork, so the workers' collections never walk (and copy) them.
            gc.freeze()
            try:
                with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                    results = list(pool.map(_work, [run_one] * len(documents), documents))
            finally:
                gc.unfreeze()
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
    if multiprocessing.current_process().daemon:
        return 1  # a daemonic process may not start processes (a multiprocessing.Pool worker)
    configured = os.environ.get(JOBS_ENV, "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
