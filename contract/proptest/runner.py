"""Run the online property tests: generate cases per operation, send them, check the
responses, shrink each failure and build its reproduction.

Every case's seed is derived from (seed, operation, kind, index), so ``--seed`` fixes
the cases whatever ``--workers`` is; results are collected and reported in case order.
Every failing check of every operation is kept (a run does not stop at the first).
"""

from __future__ import annotations

import base64
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
from hypothesis import strategies as st

from rivya_contract import rules
from rivya_contract.document import Document, Operation
from rivya_contract.findings import Finding
from rivya_contract.proptest import repro, schema_view
from rivya_contract.proptest.checks import Exchange, OperationChecks, Result
from rivya_contract.proptest.requests import FilePart, OperationRequests, Prepared, Request, coerce, to_text
from rivya_contract.proptest.seeding import CannotGenerate, case_seed, draw
from rivya_contract.proptest.shrink import shrink
from rivya_contract.rivya import detect

KINDS = ("valid", "invalid")


@dataclass
class Settings:
    base_url: str
    api_key: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    scoped_key: str | None = None
    scoped_scopes: frozenset[str] = frozenset()
    other_account_key: str | None = None  # a key of another account, for the isolation flow
    seed: int = 0
    max_examples: int = 20
    workers: int = 1
    time_budget: float | None = None
    operations: tuple[str, ...] = ()  # substrings of "METHOD /path"; empty = all
    redact: tuple[str, ...] = ()
    flows: bool = True
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
    prepared: Prepared  # redacted as asked
    curl: str
    pytest: str
    count: int = 1  # how many cases failed this check on this operation


@dataclass
class RunResult:
    failures: list[Failure]
    findings: list[Finding]
    cases: int
    operations: int
    seconds: float
    stopped_early: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class _Outcome:
    operation: str
    kind: str
    index: int
    request: Request | None
    exchange: Exchange | None
    results: list[Result]


class Runner:
    def __init__(self, doc: Document, settings: Settings) -> None:
        self.doc = doc
        self.settings = settings
        self.view = schema_view.view(doc)
        self.operations = [
            op for op in sorted(doc.operations(), key=lambda o: (o.path, o.method)) if self._selected(op)
        ]
        self.requests = {op.key: OperationRequests(doc, op) for op in self.operations}
        self.checks = {op.key: OperationChecks(doc, op) for op in self.operations}
        self.by_key = {op.key: op for op in self.operations}
        self._strategies: dict[tuple[str, str], st.SearchStrategy[Request]] = {}
        self._invalid: dict[str, list[st.SearchStrategy[Request]]] = {}
        self._lock = threading.Lock()
        self.client = httpx.Client(timeout=settings.timeout, follow_redirects=False, trust_env=False)
        self._deadline = time.monotonic() + settings.time_budget if settings.time_budget else None
        self.stopped_early = False

    def _selected(self, op: Operation) -> bool:
        wanted = self.settings.operations
        return not wanted or any(w.lower() in op.key.lower() for w in wanted)

    # -- auth ------------------------------------------------------------------------
    def security(self, op: Operation) -> list[dict[str, list[str]]]:
        requirements = op.node.get("security", self.doc.tree.get("security", []))
        return [r for r in requirements if isinstance(r, dict)] if isinstance(requirements, list) else []

    def auth_headers(self, op: Operation, key: str | None) -> dict[str, str]:
        if key is None:
            return {}
        schemes = self.doc.get("/components/securitySchemes") or {}
        for requirement in self.security(op) or [{name: []} for name in schemes]:
            for name in requirement:
                scheme = self.doc.resolve(schemes.get(name))
                if not isinstance(scheme, dict):
                    continue
                if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
                    return {"Authorization": f"Bearer {key}"}
                if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "basic":
                    return {"Authorization": "Basic " + base64.b64encode(key.encode()).decode()}
                if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                    return {str(scheme.get("name")): key}
        return {}

    def _secured(self, op: Operation) -> bool:
        requirements = self.security(op)
        return bool(requirements) and all(requirement for requirement in requirements)

    def _scope_missing(self, op: Operation) -> bool:
        requirements = self.security(op)
        held = self.settings.scoped_scopes
        # Every alternative needs a scope the scoped key lacks: the key must get 403.
        return bool(requirements) and not any(
            {scope for scopes in r.values() for scope in scopes} <= held for r in requirements
        )

    # -- one case --------------------------------------------------------------------
    def strategy(self, op_key: str, kind: str) -> st.SearchStrategy[Request]:
        with self._lock:
            found = self._strategies.get((op_key, "valid"))
            if found is None:
                found = self.requests[op_key].valid()
                self._strategies[(op_key, "valid")] = found
        return found

    def invalid_options(self, op_key: str) -> list[st.SearchStrategy[Request]]:
        with self._lock:
            found = self._invalid.get(op_key)
            if found is None:
                found = self.requests[op_key].invalid_options()
                self._invalid[op_key] = found
        return found

    def generate(self, op_key: str, kind: str, index: int) -> Request | None:
        if kind == "invalid":
            # Coverage first: case i breaks constraint i mod n, so every constraint is
            # tried before any twice; the seed still varies the rest of the request.
            options = self.invalid_options(op_key)
            if not options:
                return None
            strategy = options[index % len(options)]
        else:
            strategy = self.strategy(op_key, kind)
        if strategy.is_empty:
            return None
        try:
            return draw(strategy, case_seed(self.settings.seed, op_key, kind, index))
        except CannotGenerate:
            return None

    def key_for(self, kind: str) -> str | None:
        if kind == "auth-none":
            return None
        if kind == "auth-scope":
            return self.settings.scoped_key
        if kind == "other-account":
            return self.settings.other_account_key
        return self.settings.api_key

    def prepare(self, op: Operation, request: Request, kind: str) -> Prepared:
        headers = dict(self.settings.headers)
        headers.update(self.auth_headers(op, self.key_for(kind)))
        return request.prepare(self.settings.base_url, headers)

    def send(self, prepared: Prepared) -> tuple[int, list[tuple[str, str]], bytes]:
        request = self.client.build_request(
            prepared.method, prepared.url, headers=list(prepared.headers), content=prepared.body
        )
        deadline = time.monotonic() + self.settings.timeout
        response = self.client.send(request, stream=True)
        try:
            chunks: list[bytes] = []
            for chunk in response.iter_raw():
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    break  # a body that never ends: keep what came
        finally:
            response.close()
        headers = [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in response.headers.raw]
        return response.status_code, headers, b"".join(chunks)

    def run_case(self, op_key: str, kind: str, request: Request) -> tuple[Exchange | None, list[Result]]:
        op = self.by_key[op_key]
        prepared = self.prepare(op, request, kind)
        try:
            status, headers, body = self.send(prepared)
        except httpx.HTTPError as exc:
            return None, [
                ("no-5xx", {"operation": op_key, "status": f"no response ({type(exc).__name__}: {exc})", "kind": kind})
            ]
        exchange = Exchange(request, prepared, status, headers, body, kind)
        return exchange, self.checks[op_key].run(exchange)

    def _one(self, op_key: str, kind: str, index: int) -> _Outcome:
        if self._deadline is not None and time.monotonic() > self._deadline:
            self.stopped_early = True
            return _Outcome(op_key, kind, index, None, None, [])
        request = self.generate(op_key, "valid" if kind.startswith("auth") else kind, index)
        if request is None:
            return _Outcome(op_key, kind, index, None, None, [])
        exchange, results = self.run_case(op_key, kind, request)
        return _Outcome(op_key, kind, index, request, exchange, results)

    # -- the run -----------------------------------------------------------------------
    def plan(self) -> list[tuple[str, str, int]]:
        cases: list[tuple[str, str, int]] = []
        for op in self.operations:
            for kind in KINDS:
                cases.extend((op.key, kind, i) for i in range(self.settings.max_examples))
            if self._secured(op):
                cases.append((op.key, "auth-none", 0))
                if self.settings.scoped_key and self._scope_missing(op):
                    cases.append((op.key, "auth-scope", 0))
        return cases

    def run(self) -> RunResult:
        started = time.monotonic()
        cases = self.plan()
        progress = _Progress(len(cases)) if self.settings.progress else None
        outcomes: list[_Outcome] = []

        def task(case: tuple[str, str, int]) -> _Outcome:
            outcome = self._one(*case)
            if progress:
                progress.tick()
            return outcome

        try:
            if self.settings.workers > 1:
                with ThreadPoolExecutor(self.settings.workers) as pool:
                    outcomes = list(pool.map(task, cases))
            else:
                outcomes = [task(case) for case in cases]
            failures = self._failures(outcomes)
            notes: list[str] = []
            if self.settings.flows:
                from rivya_contract.proptest import flows

                if detect(self.doc):
                    flow_failures, notes = flows.run_all(self)
                    failures.extend(_merge(failures, flow_failures))
        finally:
            if progress:
                progress.done()
            self.client.close()
        ran = sum(1 for o in outcomes if o.exchange is not None)
        return RunResult(
            failures=failures,
            findings=[self.finding(f) for f in failures],
            cases=ran,
            operations=len(self.operations),
            seconds=time.monotonic() - started,
            stopped_early=self.stopped_early,
            notes=notes,
        )

    def _failures(self, outcomes: Iterable[_Outcome]) -> list[Failure]:
        first: dict[tuple[str, str], tuple[_Outcome, dict[str, Any]]] = {}
        counts: dict[tuple[str, str], int] = {}
        for outcome in outcomes:
            for rule_id, args in outcome.results:
                key = (outcome.operation, rule_id)
                counts[key] = counts.get(key, 0) + 1
                first.setdefault(key, (outcome, args))
        failures = []
        for key in sorted(first):
            outcome, args = first[key]
            request = outcome.request
            assert request is not None
            if self.settings.shrink and outcome.kind in KINDS:
                request, args = self._shrink(outcome, key[1], args)
            failure = self.failure(key[1], outcome.operation, outcome.kind, request, args)
            failure.count = counts[key]
            failures.append(failure)
        return failures

    def _shrink(self, outcome: _Outcome, rule_id: str, args: dict[str, Any]) -> tuple[Request, dict[str, Any]]:
        assert outcome.request is not None
        latest = {"args": args}
        builder = self.requests[outcome.operation]

        def keeps_failing(candidate: Request) -> bool:
            if any(to_text(v) in ("", ".", "..") for v in candidate.path_params.values()):
                return False  # an empty path segment names another route
            if request_is_valid(builder, candidate) != (outcome.kind == "valid"):
                return False
            _, results = self.run_case(outcome.operation, outcome.kind, candidate)
            for found_rule, found_args in results:
                if found_rule == rule_id:
                    latest["args"] = found_args
                    return True
            return False

        smaller = shrink(outcome.request, keeps_failing)
        return smaller, latest["args"]

    def failure(
        self,
        rule_id: str,
        operation: str,
        kind: str,
        request: Request | None,
        args: dict[str, Any],
        prepared: Prepared | None = None,
    ) -> Failure:
        rule = rules.get(rule_id)
        if prepared is None and request is not None:
            prepared = self.prepare(self.by_key[operation], request, kind)
        if prepared is None:
            prepared = Prepared("GET", self.settings.base_url, (), None)
        shown = repro.redact(prepared, self.settings.redact)
        public_args = {k: v for k, v in args.items() if k != "errors"}
        return Failure(
            rule=rule_id,
            operation=operation,
            kind=kind,
            message=rule.render(args),
            args=public_args,
            prepared=shown,
            curl=repro.curl(shown),
            pytest=repro.pytest_snippet(shown, source=self.doc.source, operation=operation, rule=rule_id, kind=kind),
        )

    def finding(self, failure: Failure) -> Finding:
        op = self.by_key.get(failure.operation)
        pointer = op.pointer if op else ""
        position = self.doc.position(pointer) if pointer else None
        rule = rules.get(failure.rule)
        return Finding(
            rule=failure.rule,
            level=rule.level,
            message=failure.message,
            pointer=pointer,
            line=position[0] if position else None,
            column=position[1] if position else None,
            operation=failure.operation,
            source=self.doc.source,
            args={**failure.args, "count": failure.count, "curl": failure.curl, "pytest": failure.pytest},
        )


def _merge(failures: list[Failure], more: list[Failure]) -> list[Failure]:
    """``more`` without the (operation, check) pairs ``failures`` already reports; those
    add their count to the reported one instead."""
    known = {(f.operation, f.rule): f for f in failures}
    fresh = []
    for failure in more:
        same = known.get((failure.operation, failure.rule))
        if same is None:
            fresh.append(failure)
        else:
            same.count += failure.count
    return fresh


def request_is_valid(builder: OperationRequests, request: Request) -> bool:
    """Whether ``request`` matches its operation's schemas (parameters and body)."""
    view = builder.view
    slots = {"path": request.path_params, "query": request.query, "header": request.headers}
    for parameter in builder.parameters:
        values = slots[parameter.location]
        if parameter.name not in values:
            if parameter.required:
                return False
            continue
        text = to_text(values[parameter.name])
        if not view.is_valid(parameter.schema, coerce(text, view.resolve(parameter.schema))):
            return False
    if builder.body_schema is None:
        return True
    if not request.has_body:
        return not builder.body_required
    if request.content_type is not None:
        return False
    if builder.body_media and builder.body_media.startswith("multipart/"):
        fields = {k: ("" if isinstance(v, FilePart) else v) for k, v in (request.body or {}).items()}
        schema = view.resolve(builder.body_schema)
        props = schema.get("properties", {}) if isinstance(schema, dict) else {}
        texts = {
            k: coerce(to_text(v), view.resolve(props.get(k, {}))) if not isinstance(v, (dict, list)) else v
            for k, v in fields.items()
        }
        return view.is_valid(builder.body_schema, texts)
    return view.is_valid(builder.body_schema, request.body)


class _Progress:
    """A one-line progress bar on a terminal (stderr); silent otherwise."""

    def __init__(self, total: int) -> None:
        self.total = max(total, 1)
        self.count = 0
        self.lock = threading.Lock()
        self.live = sys.stderr.isatty()

    def tick(self) -> None:
        with self.lock:
            self.count += 1
            if self.live and (self.count % 5 == 0 or self.count == self.total):
                filled = 30 * self.count // self.total
                sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total}")
                sys.stderr.flush()

    def done(self) -> None:
        if self.live:
            sys.stderr.write("\n")


def run(doc: Document, settings: Settings) -> RunResult:
    return Runner(doc, settings).run()


__all__ = ["Callable", "Failure", "RunResult", "Runner", "Settings", "replace", "request_is_valid", "run"]
