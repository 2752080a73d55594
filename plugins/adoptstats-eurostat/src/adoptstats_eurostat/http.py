"""HTTP for the plugin: one polite GET with timeouts, retries, redirect checks and a size cap.

:class:`HttpClient` answers :meth:`HttpClient.get` with an :class:`HttpResponse` (status,
headers, body, final URL), whatever the status, once the retries are spent. It retries, with
exponential backoff:

- connection errors, timeouts and bodies cut off before their announced length;
- HTTP 429, waiting for ``Retry-After`` when the server sends it (capped at
  ``max_retry_after``);
- HTTP 5xx.

It never retries other 4xx answers. Redirects are followed by hand (at most
:data:`MAX_REDIRECTS`), and every URL, the first and each redirect target, must be HTTPS
(plain HTTP only on loopback, for local test servers). A redirect to Eurostat's throttling
page (``sorry.ec.europa.eu``) is reported at once as :class:`~adoptstats.SourceUnavailable`.
Bodies are streamed and reading stops, with an error, past ``max_bytes``. ``read_timeout``
bounds each wait for data; ``download_timeout`` bounds a whole body, so that a server sending a
byte now and then cannot hold a fetch for ever (the try then counts as timed out).

Each call opens its own :class:`requests.Session` and closes it before returning, so no
socket outlives a fetch. Download progress goes to the callback installed with
:func:`adoptstats.progress.report_progress` (the ``adoptstats`` command installs one on a
terminal).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import logging
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

import adoptstats
from adoptstats import SourceUnavailable
from adoptstats import progress as _progress
from adoptstats_eurostat.settings import DEFAULT_DOWNLOAD_TIMEOUT, DEFAULT_MAX_BYTES, RetryPolicy, check_url

if TYPE_CHECKING:
    import requests

__all__ = [
    "DEFAULT_DOWNLOAD_TIMEOUT",
    "DEFAULT_MAX_BYTES",
    "MAX_REDIRECTS",
    "RETRY_STATUSES",
    "HttpClient",
    "HttpResponse",
    "RetryPolicy",
    "user_agent",
]

logger = logging.getLogger(__name__)

#: How many redirects one request may follow.
MAX_REDIRECTS = 5
#: Statuses that are retried (after the backoff or ``Retry-After``).
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_THROTTLE_HOSTS = ("sorry.ec.europa.eu",)
_CHUNK = 256 * 1024
_ERROR_BODY_LIMIT = 64 * 1024


def user_agent() -> str:
    """The ``User-Agent`` header: names adoptstats, this plugin and their versions."""
    import importlib.metadata

    import requests  # imported on first use: loading the plugin stays cheap

    # the installed distribution's version (the package's __version__), read without importing
    # the package's __init__ from one of its own modules
    version = importlib.metadata.version("adoptstats-eurostat")
    return (
        f"adoptstats-eurostat/{version} adoptstats/{adoptstats.__version__} "
        f"python-requests/{requests.__version__} (+https://adoptstats.readthedocs.io)"
    )


@attrs.frozen(kw_only=True)
class HttpResponse:
    """A complete response: the body has been read (and decoded from gzip if it was sent so)."""

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str] = attrs.field(repr=False)
    body: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")
    retrieved: dt.datetime

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header, lower case, without parameters (``application/json``)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or ``None``."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


class _Retry(Exception):
    """Internal: this try failed in a way worth retrying."""

    def __init__(self, why: str, retry_after: float | None = None, response: HttpResponse | None = None) -> None:
        super().__init__(why)
        self.why = why
        self.retry_after = retry_after
        self.response = response


class HttpClient:
    """GET with timeouts, retries, HTTPS-only redirects and a size cap; see the module docstring."""

    def __init__(
        self,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        headers: Mapping[str, str] | None = None,
        download_timeout: float | None = DEFAULT_DOWNLOAD_TIMEOUT,
    ) -> None:
        self.timeout = (connect_timeout, read_timeout)
        self.download_timeout = download_timeout
        self.retry = retry or RetryPolicy()
        self.max_bytes = max_bytes
        self.sleep = sleep
        self.headers = {"User-Agent": user_agent(), **(headers or {})}

    def get(self, url: str, *, accept: str = "application/json") -> HttpResponse:
        """GET ``url`` and read the whole body, retrying transient failures.

        Returns the last response once retries are spent on a retryable status (the caller
        reads the error it carries); raises :class:`~adoptstats.SourceUnavailable` when no
        response came at all, when the body passes the size cap or when Eurostat throttles;
        raises :class:`~adoptstats.QueryError` for a URL that is not HTTPS.
        """
        import requests  # imported on first use: loading the plugin stays cheap

        check_url(url)
        callback = _progress.current_callback()
        with requests.Session() as session:
            session.headers.update(self.headers)
            session.headers["Accept"] = accept
            session.trust_env = True
            tries = self.retry.attempts
            for attempt in range(1, tries + 1):
                try:
                    return self._once(session, url, callback)
                except _Retry as exc:
                    if attempt == tries:
                        if exc.response is not None:
                            return exc.response
                        raise SourceUnavailable(
                            f"Eurostat did not answer {url} after {tries} tries: {exc.why}"
                        ) from None
                    wait = self.retry.delay(attempt, exc.retry_after)
                    logger.info("%s: %s; retrying in %.1f s (try %d of %d)", url, exc.why, wait, attempt + 1, tries)
                    self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, session: requests.Session, url: str, callback: _progress.ProgressCallback | None) -> HttpResponse:
        import requests  # imported on first use: loading the plugin stays cheap

        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                resp = session.get(current, stream=True, timeout=self.timeout, allow_redirects=False)
            except requests.Timeout as exc:
                raise _Retry(f"timed out ({exc.__class__.__name__})") from None
            except requests.ConnectionError as exc:
                raise _Retry(f"connection failed ({_short(exc)})") from None
            except requests.RequestException as exc:
                raise SourceUnavailable(f"request to {current} failed: {_short(exc)}") from None
            with resp:
                if resp.is_redirect:
                    location = resp.headers.get("location", "")
                    target = urllib.parse.urljoin(current, location)
                    host = urllib.parse.urlsplit(target).hostname or ""
                    if host in _THROTTLE_HOSTS:
                        raise SourceUnavailable(
                            f"Eurostat is throttling requests: {current} was redirected to its 'sorry' page "
                            f"({target}); wait a minute or two and try again"
                        )
                    check_url(target, what=f"the redirect target of {current}")
                    logger.debug("%s redirects (%d) to %s", current, resp.status_code, target)
                    current = target
                    continue
                body = self._read(resp, current, callback)
                response = HttpResponse(
                    url=url,
                    final_url=current,
                    status=resp.status_code,
                    headers={k.lower(): v for k, v in resp.headers.items()},
                    body=body,
                    retrieved=dt.datetime.now(dt.UTC),
                )
                if resp.status_code in RETRY_STATUSES:
                    raise _Retry(
                        f"HTTP {resp.status_code}",
                        retry_after=parse_retry_after(resp.headers.get("retry-after")),
                        response=response,
                    )
                return response
        raise SourceUnavailable(f"{url} redirected more than {MAX_REDIRECTS} times")

    def _read(self, resp: requests.Response, url: str, callback: _progress.ProgressCallback | None) -> bytes:
        limit = self.max_bytes if resp.status_code < 400 else min(self.max_bytes, _ERROR_BODY_LIMIT)
        announced = _int_or_none(resp.headers.get("content-length"))
        encoded = bool(resp.headers.get("content-encoding"))
        if announced is not None and not encoded and announced > self.max_bytes:
            raise SourceUnavailable(
                f"{url} announces {_mib(announced)} of data, more than the limit of {_mib(self.max_bytes)} "
                "(raise max_bytes, or fetch less: fewer geographies, indicators or years)"
            )
        total = None if encoded else announced
        chunks: list[bytes] = []
        received = 0
        with _deadline(resp, self.download_timeout) as expired:
            try:
                received = self._read_chunks(resp, url, callback, limit, total, chunks, expired)
            except _Retry:
                if expired.is_set():
                    raise _Retry(f"timed out: the body took more than {self.download_timeout:g} s") from None
                raise
        if expired.is_set():  # a body without a length just ends when the connection is cut
            raise _Retry(f"timed out: the body took more than {self.download_timeout:g} s")
        _progress.notify(callback, _progress.Progress(url=url, received=received, total=total, done=True))
        return b"".join(chunks)

    def _read_chunks(
        self,
        resp: requests.Response,
        url: str,
        callback: _progress.ProgressCallback | None,
        limit: int,
        total: int | None,
        chunks: list[bytes],
        expired: threading.Event,
    ) -> int:
        import requests  # imported on first use: loading the plugin stays cheap
        import urllib3.exceptions

        received = 0
        try:
            for chunk in resp.iter_content(chunk_size=_CHUNK):
                if expired.is_set():  # data still trickling in after the cut
                    raise _Retry("timed out")
                received += len(chunk)
                if received > limit:
                    if resp.status_code >= 400:
                        chunks.append(chunk[: max(0, limit - (received - len(chunk)))])
                        break
                    raise SourceUnavailable(
                        f"{url} sent more than the limit of {_mib(self.max_bytes)}; stopped reading "
                        "(raise max_bytes, or fetch less: fewer geographies, indicators or years)"
                    )
                chunks.append(chunk)
                _progress.notify(callback, _progress.Progress(url=url, received=received, total=total))
        except (requests.exceptions.ChunkedEncodingError, urllib3.exceptions.ProtocolError) as exc:
            raise _Retry(f"the response was cut off after {received} bytes ({_short(exc)})") from None
        except requests.exceptions.ContentDecodingError as exc:
            raise _Retry(f"the compressed response is damaged ({_short(exc)})") from None
        except requests.Timeout as exc:
            raise _Retry(f"timed out while reading ({exc.__class__.__name__})") from None
        except requests.ConnectionError as exc:
            raise _Retry(f"the connection broke while reading ({_short(exc)})") from None
        return received


@contextlib.contextmanager
def _deadline(resp: requests.Response, seconds: float | None) -> Iterator[threading.Event]:
    """Cut the connection of ``resp`` if reading it takes more than ``seconds``; the event says it happened."""
    expired = threading.Event()
    if seconds is None:
        yield expired
        return

    def cut() -> None:
        expired.set()
        sock = _socket_of(resp)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # a blocked read wakes up and sees the end of the stream

    timer = threading.Timer(seconds, cut)
    timer.daemon = True
    timer.start()
    try:
        yield expired
    finally:
        timer.cancel()
        timer.join()


def _socket_of(resp: requests.Response) -> socket.socket | None:
    """The socket a streamed response is read from, or ``None`` when it cannot be found."""
    raw = resp.raw
    connection = getattr(raw, "connection", None) or getattr(raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    if not isinstance(sock, socket.socket):
        # with "Connection: close" http.client hands the socket over to the response's file
        fp = getattr(getattr(raw, "_fp", None), "fp", None)
        sock = getattr(getattr(fp, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:197] + "..."
