"""Rule family: deprecation and sunset metadata (oasdiff's rules, same IDs).

When the revision deprecates an operation, a parameter or a body property, its
``x-sunset`` must parse (``YYYY-MM-DD`` or RFC 3339) and lie at least the minimum sunset
distance after the check's day; the distance depends on the stability of the operation
(oasdiff's defaults: 0 days for beta and stable, so a missing sunset is only a finding when
a distance is configured: ``[tool.rivya-contract] deprecation-days-beta`` /
``deprecation-days-stable``). A deprecated element that loses its sunset, or whose sunset
no longer parses, breaks the promise the deprecation made.

Removal before the sunset is judged where removals are (endpoints, parameters, catalog).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.diff.checks import rule_maker
from rivya_contract.diff.checks.lifecycle import (
    SUNSET_KEY,
    deprecation_problem,
    min_sunset_days,
    parse_sunset,
    property_pairs,
    spread,
    stability,
)
from rivya_contract.diff.checks.parameters import effective_parameters
from rivya_contract.diff.context import Comparison
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Direction

B, C = Level.BREAKING, Level.COMPATIBLE
_op = rule_maker("sunset")
_param = rule_maker("sunset", Direction.REQUEST)
_request = rule_maker("sunset", Direction.REQUEST)
_response = rule_maker("sunset", Direction.RESPONSE)
_META = "deprecation metadata, judged in the revision: it has no opposite change"

RULES = [
    _op(
        "api-deprecated-sunset-missing",
        B,
        "An operation was deprecated without an x-sunset date although a minimum sunset distance is configured.",
        "operation deprecated without a sunset date (at least {days} days required)",
        reason=_META,
    ),
    _op(
        "api-deprecated-sunset-parse",
        B,
        "An operation was deprecated with an x-sunset that is not a date (YYYY-MM-DD or RFC 3339).",
        "operation deprecated with an unparsable sunset date {value!r}",
        reason=_META,
    ),
    _op(
        "api-sunset-date-too-small",
        B,
        "An operation was deprecated with a sunset closer than the configured minimum distance.",
        "sunset date {sunset} is less than {days} days after {today}",
        reason=_META,
    ),
    _op(
        "sunset-deleted",
        B,
        "A deprecated operation's x-sunset was removed: clients no longer know when it goes.",
        "the sunset date {old} of the deprecated operation was removed",
        reason=_META,
    ),
    _op(
        "api-path-sunset-parse",
        B,
        "A deprecated operation's x-sunset changed and one of the two values is not a date.",
        "sunset date changed from {old!r} to {new!r}, which cannot be parsed",
        reason=_META,
    ),
    _param(
        "request-parameter-deprecated-sunset-missing",
        B,
        "A parameter was deprecated without an x-sunset date although a minimum sunset distance is configured.",
        "{location} parameter {name!r} deprecated without a sunset date (at least {days} days required)",
        reason=_META,
    ),
    _param(
        "request-parameter-sunset-parse",
        B,
        "A deprecated parameter's x-sunset is not a date (when deprecated, changed or removed).",
        "{location} parameter {name!r}: sunset date {value!r} cannot be parsed",
        reason=_META,
    ),
    _param(
        "request-parameter-sunset-date-too-small",
        B,
        "A parameter was deprecated with a sunset closer than the configured minimum distance.",
        "{location} parameter {name!r}: sunset date {sunset} is less than {days} days after {today}",
        reason=_META,
    ),
    _param(
        "request-parameter-sunset-deleted",
        B,
        "A deprecated parameter's x-sunset was removed.",
        "{location} parameter {name!r}: the sunset date {old} was removed",
        reason=_META,
    ),
    _param(
        "request-parameter-sunset-date-changed-too-small",
        B,
        "A deprecated parameter's sunset moved earlier, closer than the configured minimum distance.",
        "{location} parameter {name!r}: sunset moved from {old} to {new}, less than {days} days after {today}",
        reason=_META,
    ),
    *(
        rule
        for direction, make in ((Direction.REQUEST, _request), (Direction.RESPONSE, _response))
        for rule in (
            make(
                f"{direction}-property-deprecated",
                C,
                f"A {direction} body property was marked deprecated.",
                f"{direction} property {{name}} deprecated{{sunset_text}}",
                f"{direction}-property-reactivated",
            ),
            make(
                f"{direction}-property-reactivated",
                C,
                f"A {direction} body property is no longer deprecated.",
                f"{direction} property {{name}} is no longer deprecated",
                f"{direction}-property-deprecated",
            ),
            make(
                f"{direction}-property-deprecated-sunset-missing",
                B,
                f"A {direction} property was deprecated without an x-sunset although a minimum distance is configured.",
                f"{direction} property {{name}} deprecated without a sunset date (at least {{days}} days required)",
                reason=_META,
            ),
            make(
                f"{direction}-property-deprecated-sunset-invalid",
                B,
                f"A {direction} property was deprecated with an x-sunset that is not a date.",
                f"{direction} property {{name}} deprecated with an unparsable sunset date {{value!r}}",
                reason=_META,
            ),
            make(
                f"{direction}-property-sunset-date-too-small",
                B,
                f"A {direction} property was deprecated with a sunset closer than the configured minimum distance.",
                f"{direction} property {{name}}: sunset date {{sunset}} is less than {{days}} days after {{today}}",
                reason=_META,
            ),
        )
    ),
]


def _deprecated(node: Any) -> bool:
    return isinstance(node, dict) and node.get("deprecated") is True


def check(cmp: Comparison) -> Iterator[Finding]:
    yield from _operations(cmp)
    yield from _parameters(cmp)
    yield from _properties(cmp)


_OP_RULES = {
    "sunset-missing": "api-deprecated-sunset-missing",
    "sunset-parse": "api-deprecated-sunset-parse",
    "too-small": "api-sunset-date-too-small",
}


def _operations(cmp: Comparison) -> Iterator[Finding]:
    for pair in cmp.operation_pairs:
        old, new = pair.base.node, pair.revision.node
        if not _deprecated(new):
            continue
        bp, rp = pair.base.pointer, pair.revision.pointer
        level = stability(new)[0]
        if not _deprecated(old):
            found = deprecation_problem(cmp, new, level)
            if found:
                at = jp.append(rp, SUNSET_KEY) if SUNSET_KEY in new else rp
                yield cmp.finding(
                    _OP_RULES[found[0]], base_pointer=bp, revision_pointer=at, operation=pair.key, **found[1]
                )
            continue
        if SUNSET_KEY in old and SUNSET_KEY not in new:
            yield cmp.finding(
                "sunset-deleted",
                base_pointer=jp.append(bp, SUNSET_KEY),
                revision_pointer=rp,
                operation=pair.key,
                old=old[SUNSET_KEY],
            )
        elif (
            SUNSET_KEY in new
            and SUNSET_KEY in old
            and old[SUNSET_KEY] != new[SUNSET_KEY]
            and (parse_sunset(old[SUNSET_KEY]) is None or parse_sunset(new[SUNSET_KEY]) is None)
        ):
            yield cmp.finding(
                "api-path-sunset-parse",
                base_pointer=jp.append(bp, SUNSET_KEY),
                revision_pointer=jp.append(rp, SUNSET_KEY),
                operation=pair.key,
                old=old[SUNSET_KEY],
                new=new[SUNSET_KEY],
            )


_PARAM_RULES = {
    "sunset-missing": "request-parameter-deprecated-sunset-missing",
    "sunset-parse": "request-parameter-sunset-parse",
    "too-small": "request-parameter-sunset-date-too-small",
}


def _parameters(cmp: Comparison) -> Iterator[Finding]:
    for pair in cmp.operation_pairs:
        if cmp.same(pair.base.node.get("parameters"), pair.revision.node.get("parameters")) and cmp.same(
            pair.base.path_item.get("parameters"), pair.revision.path_item.get("parameters")
        ):
            continue  # a parameter's deprecation lives in the parameter lists (or what they $ref)
        old_params = effective_parameters(cmp.base, pair.base, cmp.base_deref)
        new_params = effective_parameters(cmp.revision, pair.revision, cmp.rev_deref)
        level = stability(pair.revision.node)[0]
        for ident, (new, rp) in new_params.items():
            if ident not in old_params or not _deprecated(new):
                continue
            old, bp = old_params[ident]
            common = {"operation": pair.key, "location": ident[0], "name": new["name"]}
            if not _deprecated(old):
                found = deprecation_problem(cmp, new, level)
                if found:
                    yield cmp.finding(
                        _PARAM_RULES[found[0]], base_pointer=bp, revision_pointer=rp, **found[1], **common
                    )
                continue
            yield from _parameter_sunset_changed(cmp, old, bp, new, rp, level, common)


def _parameter_sunset_changed(
    cmp: Comparison, old: dict[str, Any], bp: str, new: dict[str, Any], rp: str, level: str, common: dict[str, Any]
) -> Iterator[Finding]:
    if SUNSET_KEY not in old or old.get(SUNSET_KEY) == new.get(SUNSET_KEY):
        return
    if SUNSET_KEY not in new:
        yield cmp.finding(
            "request-parameter-sunset-deleted", base_pointer=bp, revision_pointer=rp, old=old[SUNSET_KEY], **common
        )
        return
    before, after = parse_sunset(old[SUNSET_KEY]), parse_sunset(new[SUNSET_KEY])
    if before is None or after is None:
        bad = old[SUNSET_KEY] if before is None else new[SUNSET_KEY]
        yield cmp.finding("request-parameter-sunset-parse", base_pointer=bp, revision_pointer=rp, value=bad, **common)
        return
    days = min_sunset_days(cmp, level)
    if after < before and (after - cmp.today).days < days:
        yield cmp.finding(
            "request-parameter-sunset-date-changed-too-small",
            base_pointer=bp,
            revision_pointer=rp,
            old=before.isoformat(),
            new=after.isoformat(),
            days=days,
            today=cmp.today.isoformat(),
            **common,
        )


def _properties(cmp: Comparison) -> Iterator[Finding]:
    levels: dict[str, str] = {pair.key: stability(pair.revision.node)[0] for pair in cmp.operation_pairs}
    for prop in property_pairs(cmp):
        was, now = _deprecated(prop.base), _deprecated(prop.revision)
        if was == now:
            continue
        prefix = f"{prop.direction}-property"
        where = {"operation": prop.operation, "name": prop.name}
        if not now:
            yield spread(
                cmp,
                prop,
                cmp.finding(
                    f"{prefix}-reactivated",
                    base_pointer=prop.base_pointer,
                    revision_pointer=prop.revision_pointer,
                    **where,
                ),
            )
            continue
        found = deprecation_problem(cmp, prop.revision, levels.get(prop.operation, "stable"))
        if found is None:
            when = parse_sunset(prop.revision.get(SUNSET_KEY))
            text = f" (sunset {when.isoformat()})" if when else ""
            yield spread(
                cmp,
                prop,
                cmp.finding(
                    f"{prefix}-deprecated",
                    base_pointer=prop.base_pointer,
                    revision_pointer=prop.revision_pointer,
                    sunset_text=text,
                    **where,
                ),
            )
            continue
        suffix = {"sunset-missing": "deprecated-sunset-missing", "sunset-parse": "deprecated-sunset-invalid"}.get(
            found[0], "sunset-date-too-small"
        )
        yield spread(
            cmp,
            prop,
            cmp.finding(
                f"{prefix}-{suffix}",
                base_pointer=prop.base_pointer,
                revision_pointer=prop.revision_pointer,
                **found[1],
                **where,
            ),
        )
