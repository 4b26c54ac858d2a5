"""How a mock behaves: keys, seed, faults, clock, progress, limits."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

DEMO_KEY = "rvya_sk_demo"
DEFAULT_ACCOUNT = "default"
# Ample, so a bounded run (a schemathesis or proptest run, a test suite) never runs out;
# `--credits N` (initial_credits) sets a small balance to exercise 402 insufficient_credits.
DEFAULT_CREDITS = 1_000_000


@dataclass
class MockOptions:
    # API key -> its scopes; None means "a demo key with every scope in the contract".
    keys: dict[str, frozenset[str]] | None = None
    # API key -> the account it belongs to (credits, generations, files, sessions and
    # webhooks are per account); a key not listed, the demo key included, is DEFAULT_ACCOUNT's.
    accounts: dict[str, str] | None = None
    seed: int = 0  # ids and generated data are a function of the seed
    faults: frozenset[str] = frozenset()
    clock: Callable[[], float] = time.time
    # A generation advances one state per poll ("poll") or every `step_seconds` ("time").
    progress: str = "poll"
    step_seconds: float = 1.0
    initial_credits: float = DEFAULT_CREDITS
    rate_limit: int | None = None  # requests per key per `rate_window` seconds; None = off
    rate_window: float = 1.0
    heartbeat_seconds: float = 0.0  # pause before each chat heartbeat (0 in tests)
    # Pauses between webhook delivery attempts (Rivya: 1 min ... 12 h; here compressed).
    webhook_retry_delays: tuple[float, ...] = (0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4)
    webhook_timeout: float = 10.0
    # Accept http:// webhook URLs on loopback so a receiver on 127.0.0.1 can be tested.
    # Off by default: the contract wants https (pattern ^https://) on a public host, and a
    # mock that accepts more than the contract would be reported (schemathesis, proptest's
    # boundary phase) as accepting invalid data. `rivya-contract mock --loopback-webhooks`.
    loopback_webhooks: bool = False
    gated_access: bool = False  # whether the account may call gated models
    demo_key: str = DEMO_KEY

    def active(self, fault: str) -> bool:
        return fault in self.faults


def parse_key(text: str) -> tuple[str, frozenset[str], str]:
    """``KEY=scope1,scope2`` -> (key, scopes, DEFAULT_ACCOUNT); ``KEY@ACCOUNT=...`` puts
    the key in another account; ``KEY=`` has no scopes. A bare ``KEY`` is refused: it
    is more often a key pasted without its scopes than a key meant to be refused
    everything."""
    key, sep, scopes = text.partition("=")
    if not sep:
        raise ValueError(f"--key {text!r}: expected KEY[@ACCOUNT]=SCOPES (KEY= for a key with no scopes)")
    key, _, account = key.partition("@")
    key, account = key.strip(), account.strip() or DEFAULT_ACCOUNT
    if not key:
        raise ValueError(f"--key {text!r}: the key is empty (expected KEY[@ACCOUNT]=scope1,scope2)")
    return key, frozenset(s.strip() for s in scopes.split(",") if s.strip()), account


def parse_rate(text: str) -> tuple[int, float]:
    """``10/s``, ``600/m``, ``5/h`` or ``10`` -> (requests, window in seconds)."""
    number, _, unit = text.partition("/")
    window = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0}.get(unit.strip().lower())
    count = int(number) if number.strip().isdigit() else 0
    if window is None or count <= 0:
        raise ValueError(f"--rate-limit {text!r}: expected N/s, N/m or N/h with N > 0")
    return count, window
