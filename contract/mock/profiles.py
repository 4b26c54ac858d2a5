"""The profiles the mock knows, and the app for a contract: the first profile whose
``detect`` accepts the contract makes it stateful; any other contract gets the generic
engine alone (examples and schema-built values)."""

from __future__ import annotations

from rivya_contract.document import Document
from rivya_contract.mock import rivya
from rivya_contract.mock.app import MockApp
from rivya_contract.mock.options import MockOptions
from rivya_contract.mock.profile import Profile

PROFILES: tuple[Profile, ...] = (rivya.PROFILE,)


def profile_for(doc: Document) -> Profile | None:
    return next((profile for profile in PROFILES if profile.detect(doc)), None)


def create_app(doc: Document | None = None, options: MockOptions | None = None) -> MockApp:
    """The mock as an ASGI app for ``doc`` (default: the bundled Rivya contract)."""
    if doc is None:
        from rivya_contract.load import load_bundled

        doc = load_bundled()
    return MockApp(doc, options or MockOptions(), profile_for(doc))
