"""Profile names: one set, the same on every command (validate, diff, check, changelog,
snapshot accept).

- ``rivya``: Rivya's contract rules (validate) and Rivya's version policy as its documents
  write it (diff/check): the catalog family, the Rivya levels, migrations, lineages.
- ``strict``: the generic classification, for any OpenAPI document, aligned with oasdiff
  where its reasoning holds (docs/rules.md lists every divergence).
- ``auto``: ``rivya`` for Rivya's contract (the document says so), ``strict`` otherwise.
"""

from __future__ import annotations

from enum import StrEnum

from rivya_contract.document import Document
from rivya_contract.rivya import detect


class Profile(StrEnum):
    AUTO = "auto"
    RIVYA = "rivya"
    STRICT = "strict"


NAMES: tuple[str, ...] = tuple(p.value for p in Profile)
_ALIASES = {"generic": Profile.STRICT}  # validate's old name for strict


def parse(name: str) -> Profile:
    if name in _ALIASES:
        return _ALIASES[name]
    try:
        return Profile(name)
    except ValueError:
        raise ValueError(f"unknown profile {name!r} (expected one of {', '.join(NAMES)})") from None


def resolve(name: str, doc: Document) -> Profile:
    """The profile to run on ``doc``: ``auto`` becomes ``rivya`` or ``strict``."""
    profile = parse(name)
    if profile is Profile.AUTO:
        return Profile.RIVYA if detect(doc) else Profile.STRICT
    return profile
