"""Run the online property tests: the phases in order (examples, boundary coverage,
stateful life cycles, random generation with shrinking), every answer checked, each
distinct failure shrunk and given its reproduction.

Every case's seed is derived from (seed, operation, kind, index), so ``--seed`` fixes
the cases whatever ``--workers`` is; results are collected and reported in case order.
Every distinct failure is kept: one per (operation, check, signature), where the
signature says how it failed (the status, the schema keyword, the header...), so one
failure never hides another of the same check.
"""

from __future__ import annotations

import base64
import importlib
import json
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import httpx
from hypothesis import strategies as st

from rivya_contract import rules
from rivya_contract.document import Document, Operation
from rivya_contract.errors import SourceError
from rivya_contract.findings import Finding
from rivya_contract.proptest import coverage, repro, schema_view, stateful
from rivya_contract.proptest.checks import Exchange, OperationChecks, Result
from rivya_contract.proptest.engine import PLUGINS, Failure, RunResult, Settings
from rivya_contract.proptest.requests import (
    OperationRequests,
    Prepared,
    Request,
    request_is_valid,
    to_text,
)
from rivya_contract.proptest.seeding import CannotGenerate, case_seed, draw
from rivya_contract.proptest.shrink import shrink

KINDS = ("valid", "invalid")
_FIXED = ("example", "coverage")  # planned cases built before the run, deterministically
_PHASE_OF = {"example": "examples", "coverage": "coverage"}
# Producers before consumers: creates first, reads, then changes, deletes last.
_METHOD_ORDER = {"post": 0, "get": 1, "head": 1, "options": 1, "put": 2, "patch": 2, "delete": 3}


@dataclass
class _Outcome:
    operation: str
    kind: str  # valid | invalid | auth-none | auth-scope | other-account
    index: int
    request: Request | None
    exchange: Exchange | None
    results: list[Result]
    phase: str = "random"


class Runner:
    def __init__(self, doc: Document, settings: Settings) -> None:
        self.doc = doc
        self.settings = settings
        self.view = schema_view.view(doc)
        self.operations = [
            op
            for op in sorted(doc.operations(), key=lambda o: (_METHOD_ORDER.get(o.method, 1), o.path, o.method))
            if self._selected(op)
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
        self._fixed: dict[tuple[str, str], list[Request]] = {}
        self.pool: dict[str, list[dict[str, Any]]] = {}  # op key -> path values the server issued
        # op key -> the path parameter naming the object itself (``/things/{thing_id}``)
        self.own = {op.key: names[-1] for op in self.operations if (names := stateful.path_names(op.path))
                    and op.path.endswith("}")}  # fmt: skip
        self.hidden = self._hidden_headers()
        self.hidden_query = self._hidden_query()

    def _hidden_headers(self) -> tuple[str, ...]:
        """The headers masked in reports: what --redact-header names, and (unless
        --show-secrets) every credential: Authorization, Cookie, API-key headers."""
        names = list(self.settings.redact)
        if not self.settings.show_secrets:
            names += ["Authorization", "Proxy-Authorization", "Cookie"]
            schemes = self.doc.get("/components/securitySchemes") or {}
            for raw in schemes.values() if isinstance(schemes, dict) else []:
                scheme = self.doc.resolve(raw)
                if isinstance(scheme, dict) and scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                    names.append(str(scheme.get("name")))
        return tuple(names)

    def _hidden_query(self) -> tuple[str, ...]:
        """The query parameters masked in reports: API keys sent in the query."""
        if self.settings.show_secrets:
            return ()
        schemes = self.doc.get("/components/securitySchemes") or {}
        found = []
        for raw in schemes.values() if isinstance(schemes, dict) else []:
            scheme = self.doc.resolve(raw)
            if isinstance(scheme, dict) and scheme.get("type") == "apiKey" and scheme.get("in") == "query":
                found.append(str(scheme.get("name")))
        return tuple(found)

    def _selected(self, op: Operation) -> bool:
        wanted = self.settings.operations
        return not wanted or any(w.lower() in op.key.lower() for w in wanted)

    # -- auth ------------------------------------------------------------------------
    def security(self, op: Operation) -> list[dict[str, list[str]]]:
        requirements = op.node.get("security", self.doc.tree.get("security", []))
        return [r for r in requirements if isinstance(r, dict)] if isinstance(requirements, list) else []

    def credentials(self, op: Operation, key: str | None) -> tuple[dict[str, str], dict[str, str]]:
        """The headers and query parameters that carry ``key`` under the operation's first
        usable scheme: bearer (also OAuth2 and OpenID Connect tokens), basic, or an API key
        in a header, the query or a cookie."""
        if key is None:
            return {}, {}
        schemes = self.doc.get("/components/securitySchemes") or {}
        for requirement in self.security(op) or [{name: []} for name in schemes]:
            for name in requirement:
                scheme = self.doc.resolve(schemes.get(name))
                if not isinstance(scheme, dict):
                    continue
                kind, http = scheme.get("type"), str(scheme.get("scheme", "")).lower()
                if (kind == "http" and http == "bearer") or kind in ("oauth2", "openIdConnect"):
                    return {"Authorization": f"Bearer {key}"}, {}
                if kind == "http" and http == "basic":
                    return {"Authorization": "Basic " + base64.b64encode(key.encode()).decode()}, {}
                if kind == "apiKey" and isinstance(scheme.get("name"), str):
                    where, field = scheme.get("in"), scheme["name"]
                    if where == "header":
                        return {field: key}, {}
                    if where == "query":
                        return {}, {field: key}
                    if where == "cookie":
                        return {"Cookie": f"{field}={key}"}, {}
        return {}, {}

    def auth_headers(self, op: Operation, key: str | None) -> dict[str, str]:
        return self.credentials(op, key)[0]

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
        if kind in _FIXED:
            fixed = self._fixed.get((op_key, kind), [])
            return fixed[index] if index < len(fixed) else None
        request = self._generate(op_key, kind, index)
        pool = self.pool.get(op_key)
        if request is not None and pool:
            # Half the valid cases work on objects the server made (stateful phase); the
            # others, and invalid cases, on a real parent (``/orgs/{orgId}`` of a nested
            # path) but a drawn id of their own, and never where the case breaks a value.
            values = pool[(index // 2) % len(pool)]
            if kind != "valid" or index % 2:
                values = {k: v for k, v in values.items() if k != self.own.get(op_key) and not _broken(request, k)}
            request = _linked(request, values)
        return request

    def _generate(self, op_key: str, kind: str, index: int) -> Request | None:
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

    def draw_valid(self, op_key: str, label: str) -> Request | None:
        """A valid request for ``op_key``, seeded by ``label`` (deterministic)."""
        strategy = self.strategy(op_key, "valid")
        if strategy.is_empty:
            return None
        try:
            return draw(strategy, case_seed(self.settings.seed, op_key, label, 0))
        except CannotGenerate:
            return None

    def fixed_cases(self, op_key: str) -> dict[str, list[Request]]:
        """The example and boundary requests of one operation (built once, seeded)."""
        drawn = self.draw_valid(op_key, "coverage-base")
        if drawn is None:
            return {"example": [], "coverage": []}
        pool = self.pool.get(op_key)
        if pool:  # boundaries on an object the server made (under its real parents)
            drawn = _linked(drawn, pool[0])
        builder = self.requests[op_key]
        base = coverage.smallest(builder, drawn)
        found: dict[str, list[Request]] = {}
        seen: set[Any] = set()
        for phase, make in (("example", coverage.example_requests), ("coverage", coverage.boundary_requests)):
            if _PHASE_OF[phase] not in self.settings.phases:
                found[phase] = []
                continue
            cases = []
            for request in make(builder, base):
                valid = request_is_valid(builder, request)
                if phase == "example" and not valid:
                    continue  # an invalid example is an offline finding, not a case
                if valid:
                    request = replace(request, violation=None)
                elif request.violation is not None:
                    request = replace(request, violation=_actual(builder, request, request.violation))
                else:
                    continue
                if request.linked:  # a boundary put in place of an issued value is not issued
                    request = replace(request, linked=_still_linked(request, drawn))
                key = self.prepare(self.by_key[op_key], request, "valid")
                if key in seen:
                    continue
                seen.add(key)
                cases.append(request)
            found[phase] = cases
        return found

    def prepare(self, op: Operation, request: Request, kind: str) -> Prepared:
        headers = dict(self.settings.headers)
        carried, query = self.credentials(op, self.key_for(kind))
        headers.update(carried)
        if query:
            request = replace(request, query={**request.query, **query})
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
        phase = kind if kind in _FIXED else "random"
        if self._deadline is not None and time.monotonic() > self._deadline:
            self.stopped_early = True
            return _Outcome(op_key, kind, index, None, None, [], phase)
        request = self.generate(op_key, "valid" if kind.startswith("auth") else kind, index)
        if request is None:
            return _Outcome(op_key, kind, index, None, None, [], phase)
        if kind in _FIXED:
            kind = "valid" if request.violation is None else "invalid"
        exchange, results = self.run_case(op_key, kind, request)
        return _Outcome(op_key, kind, index, request, exchange, results, phase)

    # -- the run -----------------------------------------------------------------------
    def plan(self) -> list[tuple[str, str, int]]:
        """Every case of the phases that run in a pool (examples, coverage, random),
        operation by operation, producers first."""
        cases: list[tuple[str, str, int]] = []
        phases = self.settings.phases
        for op in self.operations:
            built = self.fixed_cases(op.key)
            for phase in _FIXED:
                self._fixed[(op.key, phase)] = built[phase]
                cases.extend((op.key, phase, i) for i in range(len(built[phase])))
        for op in self.operations:
            if "random" in phases:
                for kind in KINDS:
                    cases.extend((op.key, kind, i) for i in range(self.settings.max_examples))
            if self._secured(op):
                cases.append((op.key, "auth-none", 0))
                if self.settings.scoped_key and self._scope_missing(op):
                    cases.append((op.key, "auth-scope", 0))
        return cases

    def reachable(self) -> None:
        """Raise a SourceError (one line, exit 2) when the server cannot be reached."""
        try:
            self.client.request("HEAD", self.settings.base_url, timeout=min(self.settings.timeout, 5.0))
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as exc:
            self.client.close()
            raise SourceError(self.settings.base_url, f"cannot reach the server ({_reason(exc)})") from None
        except httpx.HTTPError:
            return  # it answered something, or is slow: the cases will tell

    def _notes(self) -> list[str]:
        notes = []
        secured = [op for op in self.operations if self._secured(op)]
        if secured and not self.settings.api_key:
            schemes = sorted({name for op in secured for r in self.security(op) for name in r})
            notes.append(
                f"the contract secures {len(secured)} operation(s) ({', '.join(schemes)}) and no --api-key was "
                "given: they were tested without a key"
            )
        return notes

    def stateful_phase(self) -> list[_Outcome]:
        """Each resource's life cycle, in order, before the pooled phases; fills the pool
        of issued path values they then use."""
        if "stateful" not in self.settings.phases:
            return []
        walker = stateful.Walker(
            self.doc,
            self.requests,
            self.run_case,
            self.draw_valid,
            other_key=self.settings.other_account_key is not None,
        )
        waiting = stateful.resources(self.doc, self.operations, self.view)
        for _ in range(2):  # a second pass for creates that need an object made later in path order
            refused = []
            for resource in waiting:
                if self._deadline is not None and time.monotonic() > self._deadline:
                    self.stopped_early = True
                    break
                try:
                    if not walker.walk(resource):
                        refused.append(resource)
                except httpx.HTTPError:
                    continue
            if len(refused) == len(waiting):
                break
            waiting = refused
        for key, values in walker.pool.items():
            if key in self.by_key:
                if self.by_key[key].method == "delete":  # the objects left for the other phases stay
                    values = [v for v in values if v not in walker.kept]
                self.pool[key] = [json.loads(v) for v in dict.fromkeys(values)]
        for op in self.operations:
            # Any other operation under an object made (a nested collection, a child's
            # create): its parents' values.
            if op.key not in self.pool:
                inherited = stateful.inherit(op.path, walker.alive)
                if inherited:
                    self.pool[op.key] = inherited
        return [
            _Outcome(p.operation, p.kind, i, p.request, p.exchange, p.results, "stateful")
            for i, p in enumerate(walker.probes)
        ]

    def run(self) -> RunResult:
        started = time.monotonic()
        self.reachable()
        notes = self._notes()
        progress: _Progress | None = None
        outcomes: list[_Outcome] = []
        try:
            # A product's own flows first: they need a fresh server (quotas, rate limits).
            flow_failures: list[Failure] = []
            if self.settings.flows:
                for name in PLUGINS:
                    plugin = importlib.import_module(name)
                    if plugin.applies(self.doc):
                        found, flow_notes = plugin.run(self)
                        flow_failures.extend(found)
                        notes.extend(flow_notes)
            outcomes = self.stateful_phase()
            cases = self.plan()
            progress = _Progress(len(cases)) if self.settings.progress else None

            def task(case: tuple[str, str, int]) -> _Outcome:
                outcome = self._one(*case)
                if progress:
                    progress.tick()
                return outcome

            if self.settings.workers > 1:
                with ThreadPoolExecutor(self.settings.workers) as pool:
                    outcomes += list(pool.map(task, cases))
            else:
                outcomes += [task(case) for case in cases]
            failures = self._failures(outcomes)
            failures.extend(_merge(failures, flow_failures))
        finally:
            if progress:
                progress.done()
            self.client.close()
        ran = sum(1 for o in outcomes if o.exchange is not None)
        phases: dict[str, int] = {}
        for outcome in outcomes:
            if outcome.exchange is not None:
                phases[outcome.phase] = phases.get(outcome.phase, 0) + 1
        return RunResult(
            failures=failures,
            findings=[self.finding(f) for f in failures],
            cases=ran,
            operations=len(self.operations),
            seconds=time.monotonic() - started,
            stopped_early=self.stopped_early,
            notes=notes,
            phases=phases,
        )

    def _failures(self, outcomes: Iterable[_Outcome]) -> list[Failure]:
        first: dict[tuple[str, str, str], tuple[_Outcome, dict[str, Any]]] = {}
        counts: dict[tuple[str, str, str], int] = {}
        for outcome in outcomes:
            for rule_id, args in outcome.results:
                key = (outcome.operation, rule_id, str(args.get("signature", "")))
                counts[key] = counts.get(key, 0) + 1
                first.setdefault(key, (outcome, args))
        _fold_crashes(first, counts)
        failures = []
        for key in sorted(first):
            outcome, args = first[key]
            request = outcome.request
            assert request is not None
            if self.settings.shrink and outcome.kind in KINDS and outcome.phase != "stateful":
                request, args = self._shrink(outcome, key[1], args)
            prepared = outcome.exchange.prepared if outcome.phase == "stateful" and outcome.exchange else None
            failure = self.failure(key[1], outcome.operation, outcome.kind, request, args, prepared)
            failure.count = counts[key]
            failure.phase = outcome.phase
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
                if found_rule == rule_id and found_args.get("signature") == args.get("signature"):
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
        shown = repro.redact(prepared, self.hidden, self.hidden_query)
        public_args = {k: v for k, v in args.items() if k not in ("errors", "signature")}
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


def _reason(exc: httpx.HTTPError) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


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


_PLACES = 3  # a crash with one body at more places than this is one failure, not one per place


def _fold_crashes(first: dict[tuple[str, str, str], Any], counts: dict[tuple[str, str, str], int]) -> None:
    """One 5xx body at a few boundary places: a failure per place (distinct bugs may share
    a generic body); at many places, or only in cases with no place, one failure. Cases
    with no place (random draws) count with the first placed failure of that body."""
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for key in sorted(first):
        if key[1] == "no-5xx":
            groups.setdefault((key[0], key[2].split(" @", 1)[0]), []).append(key)
    for keys in groups.values():
        placed = [k for k in keys if " @" in k[2]]
        target = placed[0] if 0 < len(placed) <= _PLACES else keys[0]
        for key in keys:
            if key != target and (key not in placed or len(placed) > _PLACES):
                counts[target] += counts.pop(key)
                del first[key]


def _linked(request: Request, values: dict[str, Any]) -> Request:
    if not values:
        return request
    return replace(request, path_params={**request.path_params, **values}, linked=request.linked | frozenset(values))


def _still_linked(request: Request, base: Request) -> frozenset[str]:
    return frozenset(n for n in request.linked if request.path_params.get(n, object()) == base.path_params.get(n))


def _broken(request: Request, name: str) -> bool:
    """Whether ``request`` is a case that breaks path parameter ``name``."""
    return request.violation is not None and request.violation.instance_path == f"path:{name}"


def _actual(builder: OperationRequests, request: Request, meant: Any) -> Any:
    """The violation as the validator sees it: a boundary value meant to be valid may
    break another keyword (a URL edge case against an https-only pattern)."""
    if not meant.instance_path.startswith("/") or not isinstance(request.body, dict):
        return meant
    details = builder.view.error_details(builder.body_schema, request.body)
    if not details:
        return meant
    line, signature = details[0]
    keyword = signature.split(" ", 1)[0]
    if keyword == meant.keyword:
        return meant
    where = line.split(":", 1)[0]
    return replace(meant, keyword=keyword, instance_path=where, detail=line.split(": ", 1)[-1][:120])


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
