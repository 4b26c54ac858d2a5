"""Strategies for string formats, and one invalid string per format the validator checks."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import strategies as st

# Plain ``st.text`` over a fixed alphabet is one choice per string; ``from_regex`` is one
# per character (several times slower), so the common formats avoid it.
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_LABEL = st.builds(str.__add__, st.sampled_from(_LOWER), st.text(_LOWER + "0123456789", max_size=8))
_HOST = st.builds(lambda a, b: f"{a}.{b}.example", _LABEL, _LABEL)


def _uri() -> st.SearchStrategy[str]:
    segment = st.text(_LOWER + _LOWER.upper() + "0123456789_.~-", min_size=1, max_size=8)
    path = st.lists(segment, max_size=3)
    return st.builds(lambda host, parts: f"https://{host}/{'/'.join(parts)}", _HOST, path)


# Offsets east and west of UTC, half hours, the extremes: servers that only parse "Z" fail.
_ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8)), timezone(timedelta(hours=14))]
)

FORMATS: dict[str, st.SearchStrategy[str]] = {
    # Away from year 1 and 9999, where an offset moves the instant out of range.
    "date-time": st.datetimes(datetime(1900, 1, 2), datetime(9998, 12, 30), timezones=_ZONES).map(
        lambda d: d.isoformat()
    ),
    "date": st.dates().map(lambda d: d.isoformat()),
    "time": st.times().map(lambda t: t.replace(microsecond=0).isoformat() + "Z"),
    "uuid": st.uuids().map(str),
    "email": st.builds(lambda user, host: f"{user}@{host}", _LABEL, _HOST),
    "idn-email": st.builds(lambda user, host: f"{user}@{host}", _LABEL, _HOST),
    "hostname": _HOST,
    "idn-hostname": _HOST,
    "ipv4": st.ip_addresses(v=4).map(str),
    "ipv6": st.ip_addresses(v=6).map(str),
    "uri": _uri(),
    "url": _uri(),
    "uri-reference": _uri(),
    "iri": _uri(),
    "byte": st.binary(max_size=24).map(lambda b: base64.b64encode(b).decode("ascii")),
    "regex": st.sampled_from(["^[a-z]+$", "a|b", r"\d{2,4}"]),
}

# A string that fails each format jsonschema's FormatChecker checks.
INVALID: dict[str, str] = {
    "date-time": "2026-13-45T25:61:00Z",
    "date": "2026-13-45",
    "time": "25:61:00Z",
    "uuid": "not-a-uuid",
    "email": "no-at-sign",
    "idn-email": "no-at-sign",
    "ipv4": "999.1.1.1",
    "ipv6": "not:an:ipv6::address::",
    "regex": "(unclosed",
    "hostname": "-bad-.host",
    "idn-hostname": "-bad-.host",
}
