"""Shrink a failing request to a smaller one that still fails the same way.

Greedy and deterministic: try simpler candidates (drop an optional parameter or
property, shorten a string or list, bring a number to zero) and keep the first that is
still in the same class (valid, or invalid) and still fails the same check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from rivya_contract.proptest.requests import FilePart, Request, with_slot


def shrink(
    request: Request,
    keeps_failing: Callable[[Request], bool],
    *,
    max_attempts: int = 150,
) -> Request:
    request, attempts = _bisect_integers(request, keeps_failing, max_attempts // 2)
    improved = True
    while improved and attempts < max_attempts:
        improved = False
        for candidate in _candidates(request):
            attempts += 1
            if keeps_failing(candidate):
                request = candidate
                improved = True
                break
            if attempts >= max_attempts:
                break
    return request


def _bisect_integers(request: Request, keeps_failing: Callable[[Request], bool], budget: int) -> tuple[Request, int]:
    """Each integer parameter or top-level body field brought to the smallest magnitude
    that still fails: a doubling ladder from 1, then bisection (a bound in ~2 log n
    tries, where halving one step at a time takes ~log² n)."""
    attempts = 0
    slots = [("path_params", k) for k in request.path_params] + [("query", k) for k in request.query]
    if request.has_body and isinstance(request.body, dict):
        slots += [("body", k) for k in request.body]
    for slot, name in slots:
        value = request.body.get(name) if slot == "body" else getattr(request, slot).get(name)
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) < 4:
            continue
        sign = 1 if value > 0 else -1

        def at(
            magnitude: int, slot: str = slot, name: str = name, sign: int = sign, current: Request = request
        ) -> Request:
            if slot == "body":
                return replace(current, body={**current.body, name: sign * magnitude})
            return with_slot(current, slot, {**getattr(current, slot), name: sign * magnitude})

        low, high, step = 0, abs(value), 1
        while step < high and attempts < budget:  # the ladder: the first power of two that fails
            attempts += 1
            if keeps_failing(at(step)):
                high = step
                break
            low, step = step, step * 2
        while high - low > 1 and attempts < budget:
            middle = (low + high) // 2
            attempts += 1
            if keeps_failing(at(middle)):
                high = middle
            else:
                low = middle
        if high != abs(value):
            request = at(high)
    return request, attempts


def _candidates(request: Request) -> Iterator[Request]:
    for slot in ("query", "headers"):
        values = getattr(request, slot)
        for name in values:
            yield with_slot(request, slot, {k: v for k, v in values.items() if k != name})
    for slot in ("path_params", "query"):
        values = getattr(request, slot)
        for name, value in values.items():
            for smaller in _smaller(value):
                yield with_slot(request, slot, {**values, name: smaller})
    if request.has_body:
        for smaller in _smaller(request.body):
            yield replace(request, body=smaller)


def _smaller(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for key in value:
            yield {k: v for k, v in value.items() if k != key}
        for key, item in value.items():
            for smaller in _smaller(item):
                yield {**value, key: smaller}
    elif isinstance(value, list):
        if value:
            yield value[:-1]
            yield value[1:]
        for index, item in enumerate(value):
            for smaller in _smaller(item):
                yield [*value[:index], smaller, *value[index + 1 :]]
    elif isinstance(value, bool):
        if value:
            yield False
    elif isinstance(value, float):
        if value != 0:
            yield 0
            if not value.is_integer():
                yield float(int(value))
            yield value / 2
    elif isinstance(value, int) and value != 0:
        # Toward zero by halving distances: 0, v/2, v - v/4, ..., v - 1 (finds a bound).
        yield 0
        if abs(value) > 2:
            yield value // 2 if value > 0 else -(-value // 2)
        distance = abs(value) // 4
        while distance >= 1:
            yield value - distance if value > 0 else value + distance
            distance //= 2
    elif isinstance(value, str):
        if value:
            yield ""
            yield value[: len(value) // 2]
            if any(not ("a" <= c <= "z") for c in value):
                yield "a" * len(value)
    elif isinstance(value, FilePart) and len(value.data) > 1:
        yield replace(value, data=value.data[:1])
