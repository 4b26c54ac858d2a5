"""Load a contract from a path (JSON or YAML) or an http(s) URL into a Document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from rivya_contract import pointer as jp
from rivya_contract import shape
from rivya_contract.document import Document
from rivya_contract.errors import SourceError
from rivya_contract.fetch import FetchOptions, content_format, fetch, is_url
from rivya_contract.parse import DuplicateKeys, parse

DEFAULT_URL = "https://rivya.ai/api/v1/openapi.json"
BUNDLED_CONTRACT = Path(__file__).parent / "bundled" / "openapi.json"

# A cheap test on the raw text that tells whether any $ref leaves the document.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_EXTERNAL_REF = re.compile(rb"""\$ref["']?\s*:\s*["']?(?!#)[^\s"']""")


def load(
    source: str | Path,
    *,
    allow_remote_refs: bool = False,
    fetch_options: FetchOptions | None = None,
    duplicate_keys: DuplicateKeys = DuplicateKeys.ERROR,
) -> Document:
    """Load ``source`` (a path or an http(s) URL) and check it is an OpenAPI document."""
    source = str(source)
    scheme = _SCHEME.match(source)
    if scheme and not is_url(source):
        raise SourceError(source, f"unsupported scheme {scheme.group(1)!r}: expected a file path or an http(s) URL")
    if is_url(source):
        fetched = fetch(source, fetch_options)
        raw, hint, base_uri = fetched.body, content_format(fetched.content_type), fetched.url
        base_dir: Path | None = None
    else:
        path = Path(source)
        raw = _read_file(path, source)
        hint = _extension_format(path)
        base_dir = path.resolve().parent
        base_uri = path.resolve().as_uri()
    return document_from_bytes(
        raw,
        source,
        hint=hint,
        base_uri=base_uri,
        base_dir=base_dir,
        allow_remote_refs=allow_remote_refs,
        fetch_options=fetch_options,
        duplicate_keys=duplicate_keys,
    )


def load_bundled() -> Document:
    return load(BUNDLED_CONTRACT)


def document_from_bytes(
    raw: bytes,
    source: str,
    *,
    hint: str | None = None,
    base_uri: str = "",
    base_dir: Path | None = None,
    allow_remote_refs: bool = False,
    fetch_options: FetchOptions | None = None,
    duplicate_keys: DuplicateKeys = DuplicateKeys.ERROR,
) -> Document:
    parsed = parse(raw, source, hint=hint, duplicate_keys=duplicate_keys)
    tree = parsed.tree
    if not isinstance(tree, dict):
        raise SourceError(source, "not an OpenAPI document: the top level is not an object")
    if "openapi" not in tree and "swagger" not in tree:
        raise SourceError(source, "not an OpenAPI document: no 'openapi' field", pointer="")
    externals: dict[str, Any] = {}
    if _EXTERNAL_REF.search(raw):
        resolver = _ExternalRefs(source, base_dir, allow_remote_refs, fetch_options, externals)
        resolver.rewrite(tree, base_uri)
    shape.check(tree, source, locate=parsed.locator.locate, externals=externals)
    return Document(
        tree,
        source,
        locator=parsed.locator,
        base_uri=base_uri,
        externals=externals,
        text_format=parsed.text_format,
        raw=raw,
        duplicate_keys=tuple(parsed.duplicates),
    )


def _read_file(path: Path, source: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(source, "no such file") from None
    except IsADirectoryError:
        raise SourceError(source, "is a directory, not a file") from None
    except OSError as exc:
        raise SourceError(source, f"cannot read: {exc.strerror or exc}") from None


def _extension_format(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return None


class _ExternalRefs:
    """Load the files a document's $refs point to and make those $refs absolute.

    Relative file references may only reach inside the root document's own folder;
    http(s) references are refused unless explicitly allowed.
    """

    def __init__(
        self,
        source: str,
        base_dir: Path | None,
        allow_remote: bool,
        fetch_options: FetchOptions | None,
        externals: dict[str, Any],
    ) -> None:
        self.source = source
        self.base_dir = base_dir
        self.allow_remote = allow_remote
        self.fetch_options = fetch_options
        self.externals = externals

    def rewrite(self, node: Any, base_uri: str, pointer: str = "", *, external: bool = False) -> None:
        """Make every $ref absolute; in an external file (``external``) a ``#/x`` is that
        file's own ``#/x``, not the root document's."""
        stack: list[tuple[Any, str]] = [(node, pointer)]
        while stack:
            current, where = stack.pop()
            if isinstance(current, dict):
                ref = current.get("$ref")
                if isinstance(ref, str) and ref.startswith("#") and external:
                    current["$ref"] = base_uri + ref
                elif isinstance(ref, str) and not ref.startswith("#"):
                    current["$ref"] = self._absolute(ref, base_uri, where + "/$ref")
                self._rewrite_mapping(current, base_uri, where, external)
                for key, value in current.items():
                    if isinstance(value, (dict, list)):
                        stack.append((value, f"{where}/{jp.escape(key)}"))
            elif isinstance(current, list):
                for index, value in enumerate(current):
                    if isinstance(value, (dict, list)):
                        stack.append((value, f"{where}/{index}"))

    def _rewrite_mapping(self, node: dict[str, Any], base_uri: str, where: str, external: bool) -> None:
        """A discriminator's mapping values that are references (``models/a.yml``,
        ``#/a`` in another file: DigitalOcean's domain records) are made absolute like $refs;
        a bare name (``Cat``) stays a component name."""
        discriminator = node.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if not isinstance(mapping, dict):
            return
        for key, value in mapping.items():
            if not isinstance(value, str):
                continue
            if value.startswith("#"):
                if external:
                    mapping[key] = base_uri + value
            elif "/" in value or value.endswith((".yaml", ".yml", ".json")):
                mapping[key] = self._absolute(value, base_uri, f"{where}/discriminator/mapping/{jp.escape(key)}")

    def _absolute(self, ref: str, base_uri: str, where: str) -> str:
        target, _, fragment = urljoin(base_uri, ref).partition("#")
        if target not in self.externals:
            self.externals[target] = None  # placeholder: a cycle of files stops here
            self.externals[target] = self._load(target, ref, where)
        return f"{target}#{fragment}"

    def _load(self, target: str, ref: str, where: str) -> Any:
        scheme = urlsplit(target).scheme
        if scheme in ("http", "https"):
            if not self.allow_remote:
                raise SourceError(
                    self.source,
                    f"remote $ref {ref!r} refused (pass --allow-remote-refs to follow it)",
                    pointer=where,
                )
            from rivya_contract.fetch import fetch

            fetched = fetch(target, self.fetch_options)
            parsed = parse(fetched.body, target, hint=content_format(fetched.content_type))
        elif scheme == "file":
            from urllib.request import url2pathname  # here: urllib.request costs start-up 0.08 s

            path = Path(url2pathname(urlsplit(target).path)).resolve()
            if self.base_dir is None or not path.is_relative_to(self.base_dir):
                raise SourceError(
                    self.source,
                    f"$ref {ref!r} leaves the document's folder",
                    pointer=where,
                )
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise SourceError(
                    self.source, f"$ref {ref!r}: cannot read {path}: {exc.strerror}", pointer=where
                ) from None
            parsed = parse(raw, str(path), hint=_extension_format(path))
        else:
            raise SourceError(self.source, f"$ref {ref!r} uses an unsupported scheme", pointer=where)
        self.rewrite(parsed.tree, target, external=True)
        return parsed.tree
