"""A contract-driven, stateful Rivya API v1 mock on 127.0.0.1.

``serve(...)`` runs it in a background thread (tests, the main job); ``create_app`` gives
the ASGI app; ``rivya-contract mock`` runs it in the foreground.
"""

from rivya_contract.mock.app import MockApp
from rivya_contract.mock.faults import FAULTS, Fault
from rivya_contract.mock.options import DEMO_KEY, MockOptions
from rivya_contract.mock.profiles import create_app
from rivya_contract.mock.server import RunningMock, serve

__all__ = [
    "DEMO_KEY",
    "FAULTS",
    "Fault",
    "MockApp",
    "MockOptions",
    "RunningMock",
    "create_app",
    "serve",
]
