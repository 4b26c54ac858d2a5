"""Media types judged by their kind: how a response body of each kind is read before its
schema is checked (a JSON document, one JSON document per line, text, CSV, bytes)."""

from __future__ import annotations

import csv
import enum
import io
import json
from typing import Any


class MediaKind(enum.Enum):
    JSON = "json"  # application/json, application/problem+json, */*+json
    NDJSON = "ndjson"  # application/x-ndjson, application/jsonl, application/json-seq
    CSV = "csv"  # text/csv
    TEXT = "text"  # text/*, application/xml and friends: checked as text only
    FORM = "form"  # application/x-www-form-urlencoded, multipart/*
    BINARY = "binary"  # anything else: bytes, never parsed


_NDJSON = frozenset({"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
                     "application/jsonlines", "application/json-seq"})  # fmt: skip


def essence(media_type: str) -> str:
    """``type/subtype`` in lower case, without parameters."""
    return media_type.split(";")[0].strip().lower()


def kind(media_type: str) -> MediaKind:
    media = essence(media_type)
    if media in _NDJSON or media.endswith(("+ndjson", "+jsonl")):
        return MediaKind.NDJSON
    if media == "application/json" or media.endswith("+json") or media == "text/json":
        return MediaKind.JSON
    if media == "text/csv":
        return MediaKind.CSV
    if media.startswith("text/") or media.endswith(("+xml", "/xml")) or media == "application/yaml":
        return MediaKind.TEXT
    if media == "application/x-www-form-urlencoded" or media.startswith("multipart/"):
        return MediaKind.FORM
    return MediaKind.BINARY


class BodyError(ValueError):
    """A body that cannot be read as its media kind."""


def documents(media_kind: MediaKind, body: bytes) -> list[Any]:
    """The JSON values a body carries, to check against its schema: one for JSON, one
    per non-empty line for NDJSON (none for an empty stream), none for other kinds.
    Raises BodyError when the body is not what its kind says."""
    if media_kind is MediaKind.JSON:
        try:
            return [json.loads(body)]
        except ValueError as exc:
            raise BodyError(f"not JSON ({exc})") from exc
    if media_kind is MediaKind.NDJSON:
        found = []
        for number, line in enumerate(body.replace(b"\x1e", b"\n").splitlines(), 1):
            if not line.strip():
                continue
            try:
                found.append(json.loads(line))
            except ValueError as exc:
                raise BodyError(f"line {number} is not JSON ({exc})") from exc
        return found
    if media_kind in (MediaKind.CSV, MediaKind.TEXT):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BodyError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        if media_kind is MediaKind.CSV:
            try:
                list(csv.reader(io.StringIO(text)))
            except csv.Error as exc:
                raise BodyError(f"not CSV ({exc})") from exc
    return []
