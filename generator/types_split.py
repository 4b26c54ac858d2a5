"""Split the models module into a ``types`` package that loads each module on first use.

dmcg writes one module. A Stripe-size one (1,000 classes, 0.9 MB) costs its whole import
for the first name a program touches. Here every top-level definition becomes a node,
its references to other definitions the edges; cycles (strongly connected components)
stay in one group, and a component that only one group uses joins that group (``_group``);
small groups then share a module (``_pack``). A module imports only the modules it names,
and the module graph has no cycle.

``types/__init__.py`` imports nothing at run time: its ``__getattr__`` (PEP 562) imports
the module that defines a name when the name is first asked for, and caches it, so
``from pkg.types import X`` and ``pkg.types.X`` keep working. For type checkers (mypy,
pyright) the same names are re-exported under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import itertools
import keyword
import re
from dataclasses import dataclass, field

from rivya_contract.errors import SourceError
from rivya_contract.generator.graphs import strongly_connected

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+")
_MAX_MODULE_NAME = 80
_MODULE_LINES = 400  # a module holds groups of at least this many lines (one group may be longer)


@dataclass
class _Definition:
    name: str
    start: int  # first line (1-based, decorators and comments included)
    end: int  # last line
    uses: set[str] = field(default_factory=set)


def split_types(source: str, header: str) -> dict[str, str]:
    """``{module file name: source}`` for ``types/``: ``__init__.py`` and one file per group."""
    lines = source.splitlines(keepends=True)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise SourceError("models", f"datamodel-code-generator wrote invalid Python: {exc}") from None
    prelude_end, definitions = _definitions(tree)
    if not definitions:
        return {"__init__.py": _init(header, {}, [])}
    prelude = "".join(lines[:prelude_end]).rstrip("\n") + "\n"
    names = {d.name for d in definitions}
    for definition in definitions:
        definition.uses &= names
        definition.uses.discard(definition.name)
    groups = _pack(_group(definitions))
    module_of: dict[str, str] = {}
    modules: dict[str, list[_Definition]] = {}
    taken: set[str] = set()
    for root, members in groups:
        module = _module_name(root.name, taken)
        taken.add(module)
        modules[module] = members
        for member in members:
            module_of[member.name] = module
    files: dict[str, str] = {}
    for module, members in modules.items():
        imports: dict[str, set[str]] = {}
        for member in members:
            for used in member.uses:
                if module_of[used] != module:
                    imports.setdefault(module_of[used], set()).add(used)
        body = "".join("".join(lines[m.start - 1 : m.end]).rstrip("\n") + "\n\n\n" for m in members)
        links = "".join(
            f"from .{other} import {', '.join(sorted(names))}\n" for other, names in sorted(imports.items())
        )
        files[f"{module}.py"] = prelude + links + "\n\n" + body.rstrip("\n") + "\n"
    exported = sorted(module_of)
    files["__init__.py"] = _init(header, module_of, exported)
    return files


def _definitions(tree: ast.Module) -> tuple[int, list[_Definition]]:
    """Where the imports end, and each top-level definition (with the statements that follow it)."""
    prelude_end = 0
    found: list[_Definition] = []
    for statement in tree.body:
        name = defined_name(statement)
        start = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", []))])
        end = statement.end_lineno or statement.lineno
        if name is None:
            if not found:
                if not isinstance(statement, (ast.Import, ast.ImportFrom, ast.Expr)):
                    raise SourceError("models", f"unexpected statement before the first model (line {start})")
                prelude_end = end
                continue
            found[-1].end = end  # an alias's docstring, say: it stays with the definition
            found[-1].uses |= _names(statement)
            continue
        if found:
            found[-1].end = start - 1  # blank lines and comments up to here stay with the previous one
        found.append(_Definition(name, start, end, _names(statement)))
    if found:
        found[0].start = prelude_end + 1
        for previous, current in itertools.pairwise(found):
            current.start = previous.end + 1
    return prelude_end, found


def defined_name(statement: ast.stmt) -> str | None:
    """The name a top-level class, annotated alias or assignment of the models module defines."""
    if isinstance(statement, ast.ClassDef):
        return statement.name
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
        return statement.targets[0].id
    return None


def _names(node: ast.AST) -> set[str]:
    """Every ``Name`` under ``node`` (what ``ast.walk`` finds, about 3x faster: no generators)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Name):
            found.add(current.id)  # its only child is its context
            continue
        for name in current._fields:
            value = getattr(current, name, None)
            if isinstance(value, ast.AST):
                stack.append(value)
            elif isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, ast.AST))
    return found


def _group(definitions: list[_Definition]) -> list[tuple[_Definition, list[_Definition]]]:
    """Strongly connected components, each joining the group of its only user group.

    Components are visited users first. One whose users all sit in one group joins it;
    any other starts a group. Every edge into a group then ends at the group's first
    component (its root), and every member is reached from the root, so a cycle between
    groups would be a cycle between components, which cannot be. Members keep dmcg's order
    (which already defines what a module needs at import before it is used).
    """
    index = {d.name: i for i, d in enumerate(definitions)}
    edges = [sorted(index[u] for u in d.uses) for d in definitions]
    components = strongly_connected(edges)  # dependencies first
    component_of = {node: c for c, members in enumerate(components) for node in members}
    users: dict[int, set[int]] = {}
    for node, targets in enumerate(edges):
        for target in targets:
            if component_of[target] != component_of[node]:
                users.setdefault(component_of[target], set()).add(component_of[node])
    group_of: dict[int, int] = {}
    roots: list[int] = []
    for component in reversed(range(len(components))):  # users before what they use
        owners = {group_of[user] for user in users.get(component, set())}
        if len(owners) == 1:
            group_of[component] = owners.pop()
        else:
            group_of[component] = len(roots)
            roots.append(component)
    grouped: list[list[int]] = [[] for _ in roots]
    for component, members in enumerate(components):
        grouped[group_of[component]].extend(members)
    # The root first (it names the module), then the members in dmcg's order.
    result = [
        (definitions[min(components[root])], [definitions[i] for i in sorted(nodes)])
        for root, nodes in zip(roots, grouped, strict=True)
    ]
    return sorted(result, key=lambda entry: entry[1][0].start)


def _pack(groups: list[tuple[_Definition, list[_Definition]]]) -> list[tuple[_Definition, list[_Definition]]]:
    """Small groups share a module: Cloudflare has 3,700 groups, most under 20 lines.

    The groups are laid out dependencies first (a depth-first post-order, so a group sits
    near the groups it uses) and cut into runs of at least ``_MODULE_LINES`` lines. Every
    reference then points to the same run or an earlier one, so modules still import
    without a cycle. A run is named after its last group, the one that uses the others.
    """
    group_of = {member.name: index for index, (_, members) in enumerate(groups) for member in members}
    deps = [
        sorted({group_of[used] for member in members for used in member.uses} - {index})
        for index, (_, members) in enumerate(groups)
    ]
    order: list[int] = []
    seen: set[int] = set()
    for start in range(len(groups)):
        if start in seen:
            continue
        seen.add(start)
        stack = [(start, iter(deps[start]))]
        while stack:
            node, pending = stack[-1]
            following = next((d for d in pending if d not in seen), None)
            if following is None:
                stack.pop()
                order.append(node)
            else:
                seen.add(following)
                stack.append((following, iter(deps[following])))
    runs: list[list[int]] = [[]]
    size = 0
    for index in order:
        if size >= _MODULE_LINES:
            runs.append([])
            size = 0
        runs[-1].append(index)
        size += sum(member.end - member.start + 1 for member in groups[index][1])
    return [(groups[run[-1]][0], [member for index in run for member in groups[index][1]]) for run in runs]


def _module_name(class_name: str, taken: set[str]) -> str:
    """``_account_business_type`` for AccountBusinessType; private, never a keyword, unique."""
    words = _WORD.findall(class_name) or ["types"]
    base = "_" + "_".join(w.lower() for w in words)[:_MAX_MODULE_NAME].rstrip("_")
    if keyword.iskeyword(base.lstrip("_")) or base in ("__init__",):
        base += "_"
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def _init(header: str, module_of: dict[str, str], exported: list[str]) -> str:
    checking = "".join(f"    from .{module_of[name]} import {name} as {name}\n" for name in exported)
    table = "".join(f"    {name!r}: {module_of[name]!r},\n" for name in exported)
    names = "".join(f"    {name!r},\n" for name in exported)
    return (
        f"{header}"
        '"""The response models: each module is imported when one of its names is first used."""\n\n'
        "from __future__ import annotations\n\n"
        "import importlib\n"
        "from typing import TYPE_CHECKING, Any\n\n"
        + (f"if TYPE_CHECKING:\n{checking}\n" if checking else "")
        + f"_MODULES: dict[str, str] = {{\n{table}}}\n\n"
        f"__all__ = [\n{names}]\n\n"
        # Hidden from type checkers: a module __getattr__ would make mypy accept any name.
        "if not TYPE_CHECKING:\n\n"
        "    def __getattr__(name: str) -> Any:\n"
        "        module = _MODULES.get(name)\n"
        "        if module is None:\n"
        '            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")\n'
        '        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)\n'
        "        globals()[name] = value  # the next lookup does not come here\n"
        "        return value\n\n\n"
        "def __dir__() -> list[str]:\n"
        "    return [*__all__]\n"
    )
