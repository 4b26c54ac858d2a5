"""Rule family: the document as a whole (versions, servers)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from rivya_contract.diff.context import Comparison
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Rule

_CHANGE = "a change in place: it is its own opposite"

RULES = [
    Rule(
        "api-major-version-changed",
        Level.COMPATIBLE,
        "info.version's major number changed: a new API version starts a new snapshot lineage.",
        "API major version changed from {old} to {new}",
        area="info",
        mirror_reason=_CHANGE,
    ),
    Rule(
        "openapi-version-changed",
        Level.COMPATIBLE,
        "The OpenAPI version of the document changed.",
        "OpenAPI version changed from {old} to {new}",
        area="info",
        mirror_reason=_CHANGE,
    ),
    Rule(
        "server-removed",
        Level.WARNING,
        "A server URL was removed.",
        "server {url} removed",
        area="info",
        mirror="server-added",
    ),
    Rule(
        "server-added",
        Level.COMPATIBLE,
        "A server URL was added.",
        "server {url} added",
        area="info",
        mirror="server-removed",
    ),
]

_MAJOR = re.compile(r"^\D*(\d+)")


def major(version: Any) -> int | None:
    found = _MAJOR.match(str(version)) if version is not None else None
    return int(found.group(1)) if found else None


def check(cmp: Comparison) -> Iterator[Finding]:
    old_info = cmp.base.tree.get("info") or {}
    new_info = cmp.revision.tree.get("info") or {}
    old_major, new_major = major(old_info.get("version")), major(new_info.get("version"))
    if old_major is not None and new_major is not None and old_major != new_major:
        yield cmp.finding(
            "api-major-version-changed",
            base_pointer="/info/version",
            revision_pointer="/info/version",
            old=old_major,
            new=new_major,
        )
    if cmp.base.openapi_version != cmp.revision.openapi_version:
        yield cmp.finding(
            "openapi-version-changed",
            base_pointer="/openapi",
            revision_pointer="/openapi",
            old=cmp.base.openapi_version,
            new=cmp.revision.openapi_version,
        )
    old_urls = _servers(cmp.base.tree)
    new_urls = _servers(cmp.revision.tree)
    for url, index in new_urls.items():
        if url not in old_urls:
            yield cmp.finding("server-added", base_pointer=None, revision_pointer=f"/servers/{index}", url=url)
    for url, index in old_urls.items():
        if url not in new_urls:
            yield cmp.finding(
                "server-removed",
                base_pointer=f"/servers/{index}",
                revision_pointer="/servers" if new_urls else None,
                url=url,
            )


def _servers(tree: dict[str, Any]) -> dict[str, int]:
    servers = tree.get("servers")
    if not isinstance(servers, list):
        return {}
    return {s["url"]: i for i, s in enumerate(servers) if isinstance(s, dict) and isinstance(s.get("url"), str)}
