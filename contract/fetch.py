"""Fetch a contract over http(s): timeouts, bounded redirects, a size cap, a
content-type check, retries that honour Retry-After, and an ETag cache."""

from __future__ import annotations

import hashlib
import json
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from rivya_contract.atomic import write_atomic
from rivya_contract.errors import SourceError

ACCEPTED_CONTENT_TYPES = (
    "application/json",
    "application/yaml",
    "application/x-yaml",
    "text/yaml",
    "text/x-yaml",
    "application/vnd.oai.openapi",
    "text/plain",  # raw file hosts serve contracts as plain text
)
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rivya-contract" / "http"


@dataclass
class FetchOptions:
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_redirects: int = 5
    max_bytes: int = 64 * 1024 * 1024
    retries: int = 3
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    max_retry_after: float = 30.0  # never sleep longer than this on a Retry-After
    cache_dir: Path | None = field(default_factory=default_cache_dir)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str
    from_cache: bool


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def content_format(content_type: str) -> str | None:
    """ "json", "yaml" or None (let the parser sniff) for a content type."""
    media = content_type.split(";")[0].strip().lower()
    if media.endswith("json"):
        return "json"
    if "yaml" in media:
        return "yaml"
    return None


def fetch(url: str, options: FetchOptions | None = None) -> Fetched:
    import httpx  # imported here: most commands never touch the network

    options = options or FetchOptions()
    cache = _Cache(options.cache_dir, url) if options.cache_dir else None
    timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
    headers = {
        "Accept": "application/json, application/yaml;q=0.9, */*;q=0.1",
        "User-Agent": "rivya-contract",
        **options.headers,
    }
    if cache:
        headers.update(cache.conditional_headers())
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        attempt = 0
        while True:
            try:
                return _fetch_once(client, url, headers, options, cache)
            except _Retryable as exc:
                if attempt >= options.retries:
                    raise SourceError(url, f"{exc.reason} (gave up after {attempt + 1} attempts)") from None
                time.sleep(_delay(exc.retry_after, attempt, options))
                attempt += 1


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _delay(retry_after: float | None, attempt: int, options: FetchOptions) -> float:
    if retry_after is not None:
        return min(max(retry_after, 0.0), options.max_retry_after)
    base = options.backoff * (2**attempt)
    return float(min(base + random.uniform(0, base / 2), options.max_retry_after))


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        import email.utils  # here: only a Retry-After date needs it

        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def _fetch_once(client: Any, url: str, headers: dict[str, str], options: FetchOptions, cache: _Cache | None) -> Fetched:
    import httpx

    current = url
    for _ in range(options.max_redirects + 1):
        try:
            with client.stream("GET", current, headers=headers) as response:
                status = response.status_code
                if status in REDIRECT_STATUSES:
                    location = response.headers.get("location")
                    if not location:
                        raise SourceError(url, f"HTTP {status} redirect without a Location header")
                    current = urljoin(current, location)
                    if urlsplit(current).scheme not in ("http", "https"):
                        raise SourceError(url, f"redirect to a non-http(s) URL: {current}")
                    continue
                if status == 304 and cache is not None and cache.has_body():
                    return Fetched(current, cache.body(), cache.content_type(), True)
                if status in RETRY_STATUSES:
                    raise _Retryable(
                        f"HTTP {status} from {current}",
                        parse_retry_after(response.headers.get("retry-after")),
                    )
                if status != 200:
                    raise SourceError(url, f"HTTP {status} from {current}")
                content_type = response.headers.get("content-type", "")
                _check_content_type(url, content_type)
                body = _read_bounded(url, response, options.max_bytes)
        except httpx.TimeoutException as exc:
            raise _Retryable(f"timed out ({type(exc).__name__}) fetching {current}") from None
        except httpx.TransportError as exc:
            raise _Retryable(f"cannot connect to {current}: {exc}") from None
        if cache is not None:
            cache.store(body, content_type, response.headers)
        return Fetched(current, body, content_type, False)
    raise SourceError(url, f"more than {options.max_redirects} redirects")


def _check_content_type(url: str, content_type: str) -> None:
    media = content_type.split(";")[0].strip().lower()
    if not media:
        return  # no header: let the parser decide
    if media in ACCEPTED_CONTENT_TYPES or media.endswith(("+json", "+yaml")):
        return
    raise SourceError(url, f"unexpected content type {media!r}; expected JSON or YAML")


def _read_bounded(url: str, response: Any, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise SourceError(url, f"response is {int(declared):,} bytes; the limit is {max_bytes:,}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise SourceError(url, f"response exceeds the limit of {max_bytes:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class _Cache:
    """One entry per URL: the body and the validators (ETag, Last-Modified)."""

    def __init__(self, folder: Path, url: str) -> None:
        key = hashlib.sha256(url.encode()).hexdigest()[:32]
        self._meta_path = folder / f"{key}.json"
        self._body_path = folder / f"{key}.body"
        self._folder = folder
        try:
            self._meta = json.loads(self._meta_path.read_text("utf-8"))
        except (OSError, ValueError):
            self._meta = {}

    def conditional_headers(self) -> dict[str, str]:
        if not self.has_body():
            return {}
        headers = {}
        if self._meta.get("etag"):
            headers["If-None-Match"] = self._meta["etag"]
        if self._meta.get("last_modified"):
            headers["If-Modified-Since"] = self._meta["last_modified"]
        return headers

    def has_body(self) -> bool:
        return bool(self._meta) and self._body_path.exists()

    def body(self) -> bytes:
        return self._body_path.read_bytes()

    def content_type(self) -> str:
        return str(self._meta.get("content_type", ""))

    def store(self, body: bytes, content_type: str, headers: Any) -> None:
        etag, modified = headers.get("etag"), headers.get("last-modified")
        if not etag and not modified:
            return
        meta = {"etag": etag, "last_modified": modified, "content_type": content_type}
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._body_path, body, mode=0o600)
            write_atomic(self._meta_path, json.dumps(meta).encode(), mode=0o600)
        except OSError:
            pass  # a cache that cannot be written only costs a download next time
