"""What a property-test run is made of, apart from how it runs: its settings, its
failures and result, and the small interface a product's own flows plug into.

A plug-in is a module with ``applies(doc) -> bool`` and ``run(engine) -> (failures,
notes)``; the runner lists plug-ins by module name (``PLUGINS``) and hands each the
running engine, so no plug-in imports the runner and the runner imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from hypothesis import strategies as st

from rivya_contract.document import Document, Operation
from rivya_contract.findings import Finding
from rivya_contract.proptest.checks import Exchange, OperationChecks, Result
from rivya_contract.proptest.requests import OperationRequests, Prepared, Request
from rivya_contract.proptest.schema_view import SchemaView

# Modules with applies(doc) and run(engine): product flows on top of the generic engine.
PLUGINS: tuple[str, ...] = ("rivya_contract.proptest.flows",)
PHASES = ("examples", "coverage", "stateful", "random")


@dataclass
class Settings:
    base_url: str
    api_key: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    scoped_key: str | None = None
    scoped_scopes: frozenset[str] = frozenset()
    other_account_key: str | None = None  # a key of another account, for the isolation checks
    seed: int = 0
    max_examples: int = 20
    workers: int = 1
    time_budget: float | None = None
    operations: tuple[str, ...] = ()  # substrings of "METHOD /path"; empty = all
    redact: tuple[str, ...] = ()  # more header names to hide (credentials always are)
    show_secrets: bool = False  # keep credentials in reports and reproductions
    flows: bool = True
    phases: tuple[str, ...] = PHASES
    timeout: float = 10.0
    poll_wait_cap: float = 10.0  # longest Retry-After honoured while polling
    shrink: bool = True
    progress: bool = False


@dataclass
class Failure:
    rule: str
    operation: str
    kind: str
    message: str
    args: dict[str, Any]
    prepared: Prepared  # credentials masked unless --show-secrets
    curl: str
    pytest: str
    count: int = 1  # how many cases failed this check this way on this operation
    phase: str = ""


@dataclass
class RunResult:
    failures: list[Failure]
    findings: list[Finding]
    cases: int
    operations: int
    seconds: float
    stopped_early: bool = False
    notes: list[str] = field(default_factory=list)
    phases: dict[str, int] = field(default_factory=dict)  # cases sent per phase


class Engine(Protocol):
    """What a plug-in may use of a running property test."""

    doc: Document
    settings: Settings
    view: SchemaView
    by_key: dict[str, Operation]
    requests: dict[str, OperationRequests]
    checks: dict[str, OperationChecks]
    client: httpx.Client

    def strategy(self, op_key: str, kind: str) -> st.SearchStrategy[Request]: ...

    def prepare(self, op: Operation, request: Request, kind: str) -> Prepared: ...

    def run_case(self, op_key: str, kind: str, request: Request) -> tuple[Exchange | None, list[Result]]: ...

    def failure(
        self,
        rule_id: str,
        operation: str,
        kind: str,
        request: Request | None,
        args: dict[str, Any],
        prepared: Prepared | None = None,
    ) -> Failure: ...
