"""Reproductions of a failure: a curl command and a pytest snippet, both byte-exact.

Secrets are redacted only by the explicit list of header names the user gives
(``--redact-header``); nothing is hidden by guessing from names, so by default a
reproduction replays exactly what was sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

from rivya_contract.proptest.requests import Prepared

REDACTED = "<redacted>"


def redact(prepared: Prepared, names: Iterable[str], query: Iterable[str] = ()) -> Prepared:
    """``prepared`` with the values of the headers ``names`` and of the query parameters
    ``query`` (an API key sent in the URL) shown as ``<redacted>``."""
    hidden = {name.lower() for name in names}
    headers = tuple((k, REDACTED if k.lower() in hidden else v) for k, v in prepared.headers)
    url = prepared.url
    secret = set(query)
    if secret and "?" in url:
        head, _, tail = url.partition("?")
        pairs = [p.partition("=") for p in tail.split("&")]
        url = head + "?" + "&".join(k + s + (REDACTED if unquote(k) in secret else v) for k, s, v in pairs)
    return Prepared(prepared.method, url, headers, prepared.body)


def curl(prepared: Prepared) -> str:
    parts = ["curl", "-sS", "-X", prepared.method, _shell(prepared.url)]
    for name, value in prepared.headers:
        parts += ["-H", _shell(f"{name}: {value}")]
    if prepared.body is not None:
        parts += ["--data-binary", _ansi_c(prepared.body)]
    return " ".join(parts)


def pytest_snippet(prepared: Prepared, *, source: str, operation: str, rule: str, kind: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", f"{rule} {operation}".lower()).strip("_")
    return "\n".join(
        [
            "from rivya_contract.proptest.replay import replay",
            "",
            "",
            f"def test_{name}():",
            "    failures = replay(",
            f"        {source!r},",
            f"        {operation!r},",
            f"        {rule!r},",
            f"        method={prepared.method!r},",
            f"        url={prepared.url!r},",
            f"        headers={list(prepared.headers)!r},",
            f"        body={prepared.body!r},",
            f"        kind={kind!r},",
            "    )",
            "    assert not failures, failures",
        ]
    )


def _shell(text: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_@%+=:,./?&-]+", text):
        return text
    if all(32 <= ord(c) < 127 for c in text):
        return "'" + text.replace("'", "'\\''") + "'"
    return _ansi_c(text.encode("utf-8"))


def _ansi_c(data: bytes) -> str:
    """Bash $'...' quoting: every byte survives (non-printables as \\xHH)."""
    out = []
    for byte in data:
        char = chr(byte)
        if char in "\\'":
            out.append("\\" + char)
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\x{byte:02x}")
    return "$'" + "".join(out) + "'"
