"""A loaded OpenAPI document: the raw tree, its $ref resolver and its positions.

Every consumer (validate, diff, generate, mock, proptest) reads the same Document;
none re-parses the source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rivya_contract import pointer as jp
from rivya_contract.positions import Locator

if TYPE_CHECKING:
    from rivya_contract.parse import DuplicateKey

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Operation:
    method: str  # lower case, as in the document
    path: str
    pointer: str  # /paths/~1api~1v1~1models/get
    node: dict[str, Any]
    path_item: dict[str, Any]

    @property
    def key(self) -> str:
        """The human name of an operation: ``GET /api/v1/models``."""
        return f"{self.method.upper()} {self.path}"


def follow_refs(node: Any, ref_target: Callable[[str], Any]) -> Any:
    """Follow ``$ref`` chains with ``ref_target`` until a node that is not a reference;
    a cycle or a reference that resolves to nothing stops at the last node reached."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            return node
        seen.add(ref)
        target = ref_target(ref)
        if target is None:
            return node
        node = target
    return node


class Document:
    def __init__(
        self,
        tree: Any,
        source: str,
        *,
        locator: Locator | None = None,
        base_uri: str = "",
        externals: dict[str, Any] | None = None,
        text_format: str = "json",
        raw: bytes | None = None,
        duplicate_keys: tuple[DuplicateKey, ...] = (),
    ) -> None:
        self.tree = tree
        self.source = source
        self.base_uri = base_uri
        self.text_format = text_format
        self.raw = raw
        # Keys repeated in one object, kept only when loaded with DuplicateKeys.LAST_WINS.
        self.duplicate_keys = duplicate_keys
        # Other files' trees, keyed by absolute URI without fragment; their $refs are
        # rewritten to absolute form by the loader.
        self.externals = externals or {}
        self._locator = locator

    # -- basic facts -------------------------------------------------------------
    @property
    def openapi_version(self) -> str:
        value = self.tree.get("openapi") if isinstance(self.tree, dict) else None
        return str(value) if value is not None else ""

    @property
    def is_31(self) -> bool:
        return self.openapi_version.startswith("3.1") or self.openapi_version.startswith("3.2")

    @property
    def title(self) -> str:
        info = self.tree.get("info") if isinstance(self.tree, dict) else None
        return str(info.get("title", "")) if isinstance(info, dict) else ""

    # -- navigation --------------------------------------------------------------
    def get(self, pointer: str, default: Any = None) -> Any:
        """The node at ``pointer`` (following no $ref), or ``default``."""
        return jp.lookup(self.tree, pointer, default)

    def ref_target(self, ref: str) -> Any:
        """The node a ``$ref`` string points at, or None when it does not resolve."""
        uri, _, fragment = ref.partition("#")
        root = self.externals.get(uri) if uri else self.tree
        return None if root is None else jp.lookup(root, fragment)

    def resolve(self, node: Any) -> Any:
        """Follow ``$ref`` chains until a node that is not a reference (cycles are safe)."""
        return follow_refs(node, self.ref_target)

    def operations(self) -> Iterator[Operation]:
        paths = self.tree.get("paths") if isinstance(self.tree, dict) else None
        if not isinstance(paths, dict):
            return
        for path, item in paths.items():
            item = self.resolve(item)
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                # an Operation that is a $ref (not OpenAPI, but multi-file specs such as
                # DigitalOcean's write it; bundlers inline it): the operation it points to
                op = self.resolve(item.get(method))
                if isinstance(op, dict):
                    yield Operation(method, path, jp.join("paths", path, method), op, item)

    # -- positions ---------------------------------------------------------------
    def position(self, pointer: str) -> tuple[int, int] | None:
        """1-based (line, column) of ``pointer`` in the source text, when known.

        A pointer that passes through a ``$ref`` (validators report the path they
        walked) is moved to the referenced definition first.
        """
        if self._locator is None:
            return None
        try:
            tokens = self._textual_tokens(jp.split(pointer))
        except ValueError:
            return None
        if tokens is None:
            return None
        return self._locator.locate(tokens)

    def line(self, pointer: str) -> int | None:
        found = self.position(pointer)
        return found[0] if found else None

    def _textual_tokens(self, tokens: list[str]) -> list[str] | None:
        node = self.tree
        path: list[str] = []
        for token in tokens:
            if isinstance(node, dict) and token not in node and isinstance(node.get("$ref"), str):
                ref = node["$ref"]
                if not ref.startswith("#"):
                    return None
                path = jp.split(ref)
                node = self.ref_target(ref)
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
            path.append(token)
        return path
