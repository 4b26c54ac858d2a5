"""Fuzz every consumer in-process: random OpenAPI documents, and mutations of the
bundled contract, through load, validate, diff, generate and offline proptest.

The property is the product's promise: for any bytes, each step either works or raises
one of our own errors (SourceError and its subclasses: one clear line, exit 2). Any
other exception — a TypeError, a RecursionError, a KeyError — is a crash, and a crash
becomes a fixture in tests/hostile/corpus/.

    python -m tests.hostile.fuzz --minutes 10 [--crashes DIR]   # `make fuzz`

runs both strategies in turns until the time is up and writes every crashing document
to DIR (default /tmp/rivya-fuzz-crashes) with the traceback beside it. The test suite
(tests/hostile/test_fuzz.py) runs the same property with a bounded number of examples.
"""

from __future__ import annotations

import argparse
import copy
import json
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import yaml
from hypothesis import strategies as st

from rivya_contract.document import Document
from rivya_contract.errors import SourceError
from rivya_contract.load import BUNDLED_CONTRACT, document_from_bytes

BUNDLED_TREE: dict[str, Any] = json.loads(BUNDLED_CONTRACT.read_bytes())

# -- strategies ----------------------------------------------------------------------

_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
json_values = st.recursive(
    _scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)

_NAMES = st.sampled_from(["A", "B", "C", "Pet", "Node", "Error"])
_REFS = st.one_of(
    _NAMES.map(lambda n: f"#/components/schemas/{n}"),
    st.sampled_from(
        ["#/components/schemas/Missing", "#components", "#/paths", "#", "#/components/schemas/A/properties/x"]
    ),
)
_TYPES = st.sampled_from(["string", "integer", "number", "boolean", "object", "array", "null"])
_FORMATS = st.sampled_from(["date-time", "date", "uuid", "email", "uri", "int64", "binary", "byte", "weird"])


def _schema_keywords(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "type": st.one_of(_TYPES, st.lists(_TYPES, min_size=1, max_size=3, unique=True)),
            "format": _FORMATS,
            "properties": st.dictionaries(st.sampled_from(["a", "b", "id", "value", "x-y"]), inner, max_size=3),
            "required": st.lists(st.sampled_from(["a", "b", "id"]), max_size=3),
            "items": inner,
            "additionalProperties": st.one_of(st.booleans(), inner),
            "oneOf": st.lists(inner, min_size=1, max_size=3),
            "anyOf": st.lists(inner, min_size=1, max_size=3),
            "allOf": st.lists(inner, min_size=1, max_size=3),
            "not": inner,
            "enum": st.lists(_scalar, min_size=1, max_size=3),
            "const": _scalar,
            "nullable": st.booleans(),
            "minimum": st.integers(-10, 10),
            "maximum": st.integers(-10, 10),
            "minLength": st.integers(0, 5),
            "maxLength": st.integers(0, 5),
            "minItems": st.integers(0, 3),
            "pattern": st.sampled_from(["^a", "[", "(?<n>x)", ".*"]),
            "default": json_values,
            "example": json_values,
            "discriminator": st.fixed_dictionaries({"propertyName": st.sampled_from(["kind", "a"])}),
        },
    )


schemas = st.recursive(
    st.one_of(st.builds(dict), _TYPES.map(lambda t: {"type": t}), _REFS.map(lambda r: {"$ref": r}), st.booleans()),
    _schema_keywords,
    max_leaves=10,
)


def _content(schema: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    media = st.sampled_from(["application/json", "text/plain", "multipart/form-data", "text/event-stream", "*/*"])
    return st.dictionaries(
        media, st.fixed_dictionaries({}, optional={"schema": schema, "example": json_values}), max_size=2
    )


_parameter = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["id", "limit", "q", "X-Key"]),
        "in": st.sampled_from(["path", "query", "header", "cookie"]),
    },
    optional={"required": st.booleans(), "schema": schemas, "deprecated": st.booleans()},
)
_response = st.fixed_dictionaries(
    {"description": st.text(max_size=5)},
    optional={"content": _content(schemas), "headers": st.dictionaries(st.sampled_from(["X-A"]), st.builds(dict))},
)
_operation = st.fixed_dictionaries(
    {
        "responses": st.dictionaries(
            st.sampled_from(["200", "201", "204", "400", "default", "2XX"]), _response, max_size=3
        )
    },
    optional={
        "operationId": st.sampled_from(["getA", "listA", "make", "getA"]),
        "parameters": st.lists(st.one_of(_parameter, _REFS.map(lambda r: {"$ref": r})), max_size=3),
        "requestBody": st.fixed_dictionaries({"content": _content(schemas)}, optional={"required": st.booleans()}),
        "tags": st.lists(st.sampled_from(["a", "b"]), max_size=2),
        "deprecated": st.booleans(),
        "security": st.lists(st.dictionaries(st.sampled_from(["key", "none"]), st.lists(st.text(max_size=4)))),
    },
)
_path_item = st.dictionaries(st.sampled_from(["get", "post", "put", "delete", "patch"]), _operation, max_size=3)
_paths = st.dictionaries(st.sampled_from(["/a", "/a/{id}", "/b/{id}/c", "/", "/x~y"]), _path_item, max_size=3)

# What a mistaken author writes where an object belongs: the shape check's business.
_junk = st.one_of(json_values, st.just([]), st.just("text"), st.just(3.1))


def _mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``good`` 15 times in 16: a document wrong at its top refuses at load, and the
    consumers behind load are the ones worth reaching."""
    return st.integers(0, 15).flatmap(lambda i: bad if i == 0 else good)


random_documents = st.fixed_dictionaries(
    {
        "openapi": _mostly(st.sampled_from(["3.0.3", "3.1.0", "3.1.1"]), st.sampled_from([3.1, "2.0", "3", None])),
        "info": _mostly(
            st.fixed_dictionaries(
                {"title": st.sampled_from(["T", "Rivya API"]), "version": st.sampled_from(["1.0", "2"])}
            ),
            _junk,
        ),
        "paths": _mostly(_paths, _junk),
    },
    optional={
        "components": st.fixed_dictionaries(
            {},
            optional={
                "schemas": st.dictionaries(_NAMES, schemas, max_size=5),
                "securitySchemes": st.dictionaries(
                    st.sampled_from(["key"]),
                    st.fixed_dictionaries(
                        {"type": st.sampled_from(["apiKey", "http"])},
                        optional={"in": st.just("header"), "name": st.just("X-Key"), "scheme": st.just("bearer")},
                    ),
                ),
            },
        ),
        "webhooks": st.dictionaries(st.sampled_from(["event"]), _path_item, max_size=1),
        "security": st.lists(st.dictionaries(st.sampled_from(["key"]), st.lists(st.text(max_size=3))), max_size=1),
        "x-rivya-migrations": st.one_of(st.just([]), _junk),
    },
)


def _pointers(tree: Any) -> list[list[str | int]]:
    """Every path to a node of ``tree`` (the places a mutation may strike)."""
    found: list[list[str | int]] = []
    stack: list[tuple[Any, list[str | int]]] = [(tree, [])]
    while stack:
        node, path = stack.pop()
        found.append(path)
        if isinstance(node, dict):
            stack.extend((value, [*path, key]) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, [*path, index]) for index, value in enumerate(node))
    return sorted(found, key=lambda p: [str(t) for t in p])


BUNDLED_POINTERS = _pointers(BUNDLED_TREE)
_MUTATIONS = ("replace", "delete", "wrong-type", "ref", "copy", "nest", "self-ref")


@dataclass(frozen=True)
class Mutation:
    kind: str
    at: int  # index into BUNDLED_POINTERS
    other: int  # a second place (copy from, ref to)
    value: Any

    def apply(self, tree: Any) -> None:
        path = BUNDLED_POINTERS[self.at % len(BUNDLED_POINTERS)]
        other = BUNDLED_POINTERS[self.other % len(BUNDLED_POINTERS)]
        if not path:
            return
        parent = _get(tree, path[:-1])
        key = path[-1]
        if parent is _MISSING or not _has(parent, key):
            return
        current = parent[key]
        if self.kind == "replace":
            parent[key] = copy.deepcopy(self.value)
        elif self.kind == "delete":
            if isinstance(parent, dict):
                del parent[key]
            elif isinstance(parent, list):
                parent.pop(key)  # type: ignore[arg-type]
        elif self.kind == "wrong-type":
            parent[key] = _other_type(current)
        elif self.kind == "ref":
            target = "#" + "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in other)
            parent[key] = {"$ref": target}
        elif self.kind == "copy":
            source = _get(tree, other)
            if source is not _MISSING:
                parent[key] = copy.deepcopy(source)
        elif self.kind == "nest":
            parent[key] = {"type": "object", "properties": {"n": current}, "oneOf": [current, {"type": "null"}]}
        elif self.kind == "self-ref" and isinstance(current, dict):
            own = "#" + "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in path)
            current["items"] = {"$ref": own}
            current["oneOf"] = [{"$ref": own}]


_MISSING: Any = object()


def _get(tree: Any, path: list[str | int]) -> Any:
    node = tree
    for token in path:
        if not _has(node, token):
            return _MISSING
        node = node[token]
    return node


def _has(node: Any, token: str | int) -> bool:
    if isinstance(node, dict):
        return token in node
    return isinstance(node, list) and isinstance(token, int) and token < len(node)


def _other_type(value: Any) -> Any:
    if isinstance(value, dict):
        return list(value.values())[:2]
    if isinstance(value, list):
        return {"0": value[0]} if value else "[]"
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bool):
        return "true"
    if isinstance(value, (int, float)):
        return {"value": value}
    return {}


mutations = st.lists(
    st.builds(
        Mutation,
        kind=st.sampled_from(_MUTATIONS),
        at=st.integers(0, len(BUNDLED_POINTERS) - 1),
        other=st.integers(0, len(BUNDLED_POINTERS) - 1),
        value=_junk,
    ),
    min_size=1,
    max_size=4,
)


def mutated_bundled(steps: list[Mutation]) -> dict[str, Any]:
    tree = copy.deepcopy(BUNDLED_TREE)
    for step in steps:
        step.apply(tree)
    return tree


# -- the property --------------------------------------------------------------------


class Crash(AssertionError):
    """A consumer raised something that is not one of our errors."""

    def __init__(self, step: str, error: BaseException) -> None:
        lines = traceback.format_exception(error)
        super().__init__(f"{step}: {type(error).__name__}: {error}\n{''.join(lines[-8:])}")
        self.step = step
        self.error = error


def encode(tree: Any, as_yaml: bool) -> bytes:
    if as_yaml:
        return yaml.safe_dump(tree, sort_keys=False, allow_unicode=True).encode()
    return orjson.dumps(tree)


def run_consumers(raw: bytes, name: str, *, base: Document | None, full_generate: bool) -> str:
    """Load ``raw`` and feed it to every consumer; raise Crash on a foreign exception.

    Returns how far it got ("refused at load", "ok"), for the statistics.
    """
    try:
        doc = document_from_bytes(raw, name, hint="yaml" if name.endswith(".yaml") else "json")
    except SourceError:
        return "refused at load"
    except Exception as exc:
        raise Crash("load", exc) from exc
    for step, run in _steps(doc, base, full_generate):
        try:
            run()
        except SourceError:
            continue
        except Exception as exc:
            raise Crash(step, exc) from exc
    return "ok"


def _steps(doc: Document, base: Document | None, full_generate: bool) -> list[tuple[str, Any]]:
    from rivya_contract import policy
    from rivya_contract.diff import compare
    from rivya_contract.generator.options import GenerateOptions
    from rivya_contract.generator.render import generate_files
    from rivya_contract.proptest import offline
    from rivya_contract.validate import validate

    def diff_against(other: Document, profile: str) -> None:
        findings = compare(other, doc, profile=profile)
        policy.apply(findings, other, doc, profile=profile)
        compare(doc, other, profile=profile)

    def generate() -> None:
        if full_generate:
            generate_files(doc, GenerateOptions(format_output=False))
        else:
            from rivya_contract.generator.client import build_sdk
            from rivya_contract.generator.schemas import SchemaRegistry

            registry = SchemaRegistry.from_document(doc)
            build_sdk(doc, registry, GenerateOptions(format_output=False))

    steps: list[tuple[str, Any]] = [
        ("validate", lambda: validate(doc, profile="rivya")),  # the spec family and Rivya's
        ("diff self", lambda: diff_against(doc, "strict")),
        ("generate", generate),
        ("proptest examples", lambda: offline.check_examples(doc)),
        ("proptest strategies", lambda: offline.strategy_findings(doc, seed=0)),
    ]
    if base is not None:
        steps.insert(3, ("diff bundled", lambda: diff_against(base, "rivya")))
    return steps


# -- make fuzz -----------------------------------------------------------------------

HANG_SECONDS = 60  # the issue's bound for any command on any document


class Hung(Exception):
    """Raised by SIGALRM in a document's consumers after HANG_SECONDS."""


def _alarm(signum: int, frame: Any) -> None:
    raise Hung(f"still running after {HANG_SECONDS} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--crashes", type=Path, default=Path("/tmp/rivya-fuzz-crashes"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    import random

    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import HypothesisException

    from rivya_contract.load import load_bundled

    base = load_bundled()
    rng = random.Random(args.seed)
    deadline = time.monotonic() + args.minutes * 60
    stats: dict[str, int] = {}
    crashes: dict[str, int] = {}
    args.crashes.mkdir(parents=True, exist_ok=True)

    def record(tree: Any, as_yaml: bool, kind: str, crash: Crash) -> None:
        signature = f"{crash.step}: {type(crash.error).__name__}: {str(crash.error)[:80]}"
        crashes[signature] = crashes.get(signature, 0) + 1
        if crashes[signature] == 1:
            stem = f"crash-{len(crashes):03d}-{kind}"
            suffix = ".yaml" if as_yaml else ".json"
            (args.crashes / (stem + suffix)).write_bytes(encode(tree, as_yaml))
            (args.crashes / (stem + ".txt")).write_text(str(crash))
            print(f"CRASH {stem}: {signature}", flush=True)

    def one(tree: Any, kind: str, with_base: bool) -> None:
        as_yaml = rng.random() < 0.2
        try:
            raw = encode(tree, as_yaml)
        except (ValueError, TypeError, yaml.YAMLError):
            return
        name = f"fuzz.{'yaml' if as_yaml else 'json'}"
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)  # a hang is a crash too, with its document
        try:
            outcome = run_consumers(raw, name, base=base if with_base else None, full_generate=not with_base)
        except Crash as crash:
            record(tree, as_yaml, kind, crash)
            outcome = "crash"
        except Hung as hung:
            record(tree, as_yaml, kind, Crash("hang", hung))
            outcome = "hang"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        stats[f"{kind}: {outcome}"] = stats.get(f"{kind}: {outcome}", 0) + 1

    quick = settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck), derandomize=False
    )

    @quick
    @given(random_documents)
    def random_round(tree: dict[str, Any]) -> None:
        if time.monotonic() < deadline:
            one(tree, "random", with_base=False)

    @quick
    @given(mutations)
    def mutation_round(steps: list[Mutation]) -> None:
        if time.monotonic() < deadline:
            one(mutated_bundled(steps), "mutation", with_base=True)

    started = time.monotonic()
    rounds = 0
    while time.monotonic() < deadline:
        for round_ in (random_round, mutation_round):
            try:
                round_()
            except HypothesisException as exc:  # never from our code: note it, go on
                print(f"hypothesis: {exc}", file=sys.stderr)
        rounds += 1
    minutes = (time.monotonic() - started) / 60
    total = sum(stats.values())
    print(f"fuzz: {total} documents in {minutes:.1f} min ({rounds} rounds), {sum(crashes.values())} crashes")
    for key in sorted(stats):
        print(f"  {key}: {stats[key]}")
    for signature, count in sorted(crashes.items()):
        print(f"  crash x{count}: {signature}")
    if crashes:
        print(f"crashing documents in {args.crashes}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
