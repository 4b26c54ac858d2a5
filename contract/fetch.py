"""Fetch a contract over http(s): timeouts, an overall deadline, bounded redirects, a
size cap, a content-type check, retries that honour Retry-After, and an ETag cache
that checks the digest of what it stored before trusting it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import threading
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


# The whole fetch — connecting, redirects, retries and their pauses, reading — ends
# within this many seconds, however slowly a server answers (the per-read timeout alone
# lets a server that sends one byte a second hold us forever). `--fetch-timeout` on
# every command that loads, or RIVYA_CONTRACT_FETCH_TIMEOUT, changes it.
DEFAULT_DEADLINE = 60.0
DEADLINE_VARIABLE = "RIVYA_CONTRACT_FETCH_TIMEOUT"
deadline_override: float | None = None  # set by --fetch-timeout for the command that runs


def default_deadline() -> float:
    """The deadline of a fetch: --fetch-timeout, else RIVYA_CONTRACT_FETCH_TIMEOUT, else 60 s."""
    if deadline_override is not None:
        return deadline_override
    text = os.environ.get(DEADLINE_VARIABLE)
    if not text:
        return DEFAULT_DEADLINE
    try:
        value = float(text)
    except ValueError:
        raise SourceError(DEADLINE_VARIABLE, f"{text!r} is not a number of seconds") from None
    if not 0 < value < float("inf"):
        raise SourceError(DEADLINE_VARIABLE, f"{text!r}: expected a positive number of seconds")
    return value


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
    deadline: float = field(default_factory=default_deadline)  # seconds for the whole fetch


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
    """Fetch ``url``, or raise SourceError; never longer than ``options.deadline``.

    The work runs in a helper thread so that the deadline holds even while a server
    trickles its headers (no socket timeout fires while bytes keep coming). At the
    deadline the helper is told to stop (it checks between chunks and before every
    retry) and is left to end on its own; it holds no lock and writes the cache only
    after a complete, checked download.
    """
    options = options or FetchOptions()
    outcome: list[Fetched | BaseException] = []
    stop = threading.Event()

    def work() -> None:
        try:
            outcome.append(_fetch(url, options, stop, time.monotonic() + options.deadline))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)

    worker = threading.Thread(target=work, name=f"fetch {url}", daemon=True)
    worker.start()
    worker.join(options.deadline)
    if not outcome:
        stop.set()
        raise SourceError(
            url, f"no complete answer within {options.deadline:g} s (the fetch deadline; see --fetch-timeout)"
        )
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _fetch(url: str, options: FetchOptions, stop: threading.Event, deadline: float) -> Fetched:
    import httpx  # imported here: most commands never touch the network

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
                return _fetch_once(client, url, headers, options, cache, stop)
            except _Retryable as exc:
                if attempt >= options.retries:
                    raise SourceError(url, f"{exc.reason} (gave up after {attempt + 1} attempts)") from None
                pause = _delay(exc.retry_after, attempt, options)
                if time.monotonic() + pause >= deadline or stop.wait(pause):
                    raise SourceError(
                        url, f"{exc.reason} (gave up after {attempt + 1} attempts: the fetch deadline)"
                    ) from None
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


def _fetch_once(
    client: Any, url: str, headers: dict[str, str], options: FetchOptions, cache: _Cache | None, stop: threading.Event
) -> Fetched:
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
                if status == 304 and cache is not None:
                    cached = cache.body()
                    if cached is not None:
                        return Fetched(current, cached, cache.content_type(), True)
                    for name in _CONDITIONAL:
                        headers.pop(name, None)  # the retry asks for the whole body
                    raise _Retryable(f"HTTP 304 from {current} for a cache entry that no longer checks out")
                if status in RETRY_STATUSES:
                    raise _Retryable(
                        f"HTTP {status} from {current}",
                        parse_retry_after(response.headers.get("retry-after")),
                    )
                if status != 200:
                    raise SourceError(url, f"HTTP {status} from {current}")
                content_type = response.headers.get("content-type", "")
                _check_content_type(url, content_type)
                body = _read_bounded(url, response, options.max_bytes, stop)
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


def _read_bounded(url: str, response: Any, max_bytes: int, stop: threading.Event | None = None) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise SourceError(url, f"response is {int(declared):,} bytes; the limit is {max_bytes:,}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        if stop is not None and stop.is_set():
            raise SourceError(url, "stopped at the fetch deadline")
        size += len(chunk)
        if size > max_bytes:
            raise SourceError(url, f"response exceeds the limit of {max_bytes:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


_CONDITIONAL = ("If-None-Match", "If-Modified-Since")


class _Cache:
    """One entry per URL: the body, and beside it the validators (ETag, Last-Modified)
    and the SHA-256 of the body as stored.

    An entry is trusted only when its metadata reads back as written and the body's
    digest matches: a truncated or swapped body, or metadata that is not what we wrote,
    is removed and downloaded again, so a damaged cache heals on the next fetch.
    """

    def __init__(self, folder: Path, url: str) -> None:
        key = hashlib.sha256(url.encode()).hexdigest()[:32]
        self._meta_path = folder / f"{key}.json"
        self._body_path = folder / f"{key}.body"
        self._folder = folder
        self._meta = self._read_meta()
        self._checked: bytes | None = None

    def _read_meta(self) -> dict[str, str]:
        try:
            text = self._meta_path.read_text("utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            self.discard()
            return {}
        try:
            meta = json.loads(text)
        except ValueError:
            meta = None
        fields = ("etag", "last_modified", "content_type")
        if (
            not isinstance(meta, dict)
            or not isinstance(meta.get("sha256"), str)
            or any(meta.get(name) is not None and not isinstance(meta.get(name), str) for name in fields)
            or not (meta.get("etag") or meta.get("last_modified"))
        ):
            self.discard()  # not what store() writes: an older version, a crash, a hand edit
            return {}
        return {name: value for name, value in meta.items() if isinstance(value, str)}

    def discard(self) -> None:
        for path in (self._meta_path, self._body_path):
            with contextlib.suppress(OSError):  # an unwritable cache only costs a download
                path.unlink(missing_ok=True)
        self._meta = {}
        self._checked = None

    def conditional_headers(self) -> dict[str, str]:
        if self.body() is None:
            return {}
        headers = {}
        if self._meta.get("etag"):
            headers["If-None-Match"] = self._meta["etag"]
        if self._meta.get("last_modified"):
            headers["If-Modified-Since"] = self._meta["last_modified"]
        return headers

    def has_body(self) -> bool:
        return self.body() is not None

    def body(self) -> bytes | None:
        """The stored body when its digest matches the metadata, else None (and the
        entry is gone)."""
        if self._checked is not None:
            return self._checked
        if not self._meta:
            return None
        try:
            body = self._body_path.read_bytes()
        except OSError:
            self.discard()
            return None
        if hashlib.sha256(body).hexdigest() != self._meta.get("sha256"):
            self.discard()
            return None
        self._checked = body
        return body

    def content_type(self) -> str:
        return str(self._meta.get("content_type", ""))

    def store(self, body: bytes, content_type: str, headers: Any) -> None:
        etag, modified = headers.get("etag"), headers.get("last-modified")
        if not etag and not modified:
            return
        meta = {
            "etag": etag,
            "last_modified": modified,
            "content_type": content_type,
            "sha256": hashlib.sha256(body).hexdigest(),
        }
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._body_path, body, mode=0o600)
            write_atomic(self._meta_path, json.dumps(meta).encode(), mode=0o600)
        except OSError:
            pass  # a cache that cannot be written only costs a download next time
