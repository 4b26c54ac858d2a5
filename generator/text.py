"""Text from the spec turned into safe Python source: docstrings and literals."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: object) -> str:
    """Spec text as plain lines: no control characters, no trailing blanks."""
    if not isinstance(text, str):
        return ""
    # splitlines() also breaks at U+2028, U+0085 and the other separators Python's
    # own tokenizer and str.strip() treat as line ends or blanks.
    lines = [_CONTROL.sub("", line).rstrip() for line in text.splitlines()]
    return "\n".join(lines).strip()


def docstring(text: object, indent: int = 8) -> str:
    """A triple-quoted literal: backslashes and quotes escaped, continuation lines indented."""
    body = clean(text)
    if not body:
        return ""
    body = body.replace("\\", "\\\\").replace('"', '\\"')
    pad = " " * indent
    lines = body.split("\n")
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    rest = "\n".join(pad + line if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{rest}\n{pad}"""'


def literal(value: str) -> str:
    """A Python string literal for any text (repr is always valid source)."""
    return repr(value)
