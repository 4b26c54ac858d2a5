"""Replay one exact request and re-run one check on the answer (used by the pytest
snippets a failure report prints)."""

from __future__ import annotations

import httpx

from rivya_contract.load import load
from rivya_contract.proptest.checks import Exchange, OperationChecks
from rivya_contract.proptest.requests import Prepared, Request, find_operation


def replay(
    source: str,
    operation: str,
    rule: str,
    *,
    method: str,
    url: str,
    headers: list[tuple[str, str]],
    body: bytes | None,
    kind: str = "valid",
) -> list[str]:
    """The messages of ``rule`` for this exact request (empty when it now passes)."""
    doc = load(source)
    op = find_operation(doc, operation)
    with httpx.Client(trust_env=False) as client:
        response = client.request(method, url, headers=headers, content=body)
    request = Request(operation=operation, method=method, path_template=op.path)
    exchange = Exchange(
        request,
        Prepared(method, url, tuple(headers), body),
        response.status_code,
        [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in response.headers.raw],
        response.content,
        kind,
    )
    checks = OperationChecks(doc, op)
    if kind == "invalid":
        from rivya_contract.proptest.mutations import Violation

        request.violation = Violation("replayed", "", "", "the replayed invalid request")
    return [str(args) for found, args in checks.run(exchange) if found == rule]
