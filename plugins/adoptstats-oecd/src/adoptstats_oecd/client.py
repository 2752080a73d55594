"""One polite GET to the OECD service: rate limit, retries, ``Retry-After``, ``Accept`` fallback, size cap.

- Each try first takes a slot from the shared :class:`~adoptstats_oecd.ratelimit.RateLimiter`.
- ``429`` is retried after ``Retry-After`` (seconds or an HTTP date; capped), ``5xx`` and
  connection failures after an exponential backoff; other answers are returned as they are.
- The CSV media type goes first in ``Accept``; when the service refuses it (``406``, ``415``,
  or a ``500`` to the first try, as one public report saw), the request is sent again at once
  with ``Accept: */*``.
- Redirects are followed by hand, and every URL must be HTTPS (plain HTTP only on loopback).
- Bodies are streamed and reading stops, with an error, past ``max_bytes``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import time
import urllib.parse
from collections.abc import Callable

import attrs

import adoptstats
from adoptstats import SourceUnavailable
from adoptstats_oecd.ratelimit import RateLimiter
from adoptstats_oecd.settings import check_url

__all__ = ["CSV_ACCEPT", "Client", "Response", "retry_after_seconds"]

logger = logging.getLogger("adoptstats_oecd")

#: The media type the OECD recommends for SDMX-CSV.
CSV_ACCEPT = "application/vnd.sdmx.data+csv; version=2.0"
_REFUSED = (406, 415)
_RETRY = (429, 500, 502, 503, 504)


@attrs.frozen(kw_only=True)
class Response:
    """A whole answer: status, body and when it came."""

    url: str
    status: int
    body: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")
    content_type: str
    retrieved: dt.datetime


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), or ``None``."""
    text = (value or "").strip()
    if text.replace(".", "", 1).isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text) if text else None
    except (TypeError, ValueError):
        when = None
    if when is None:
        return None
    aware = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return max(0.0, (aware - dt.datetime.now(dt.UTC)).total_seconds())


@attrs.define(kw_only=True)
class Client:
    """GETs for one fetch; see the module docstring."""

    limiter: RateLimiter | None
    attempts: int = 3
    backoff: float = 1.0
    max_retry_after: float = 120.0
    timeout: tuple[float, float] = (10.0, 60.0)
    max_bytes: int = 64 * 1024 * 1024
    sleep: Callable[[float], None] = time.sleep

    def get(self, url: str, *, accept: str = CSV_ACCEPT, download: bool = True) -> Response:
        """The answer to ``url`` once retries are spent (whatever its status).

        :raises SourceUnavailable: no answer at all, a body past the size cap, or the rate limit.
        """
        import requests  # first use only: discovering the plugin stays cheap

        check_url(url)
        headers = {
            "User-Agent": f"adoptstats-oecd adoptstats/{adoptstats.__version__} (+https://adoptstats.readthedocs.io)",
            "Accept": accept,
        }
        fallback_used = False
        why = ""
        with requests.Session() as session:
            attempt = 0
            while attempt < self.attempts:
                attempt += 1
                if self.limiter is not None:
                    self.limiter.acquire(download=download)
                try:
                    response, retry_after = self._once(session, url, headers)
                except (requests.ConnectionError, requests.Timeout) as exc:
                    why = f"{type(exc).__name__}: {str(exc)[:200]}"
                    wait = None
                else:
                    refused = response.status in _REFUSED or (response.status == 500 and attempt == 1)
                    if refused and not fallback_used and headers["Accept"] != "*/*":
                        logger.info("%s: HTTP %d to Accept %r; asking again with */*", url, response.status, accept)
                        headers["Accept"] = "*/*"
                        fallback_used = True
                        attempt -= 1
                        continue
                    if response.status not in _RETRY or attempt == self.attempts:
                        return response
                    why, wait = f"HTTP {response.status}", retry_after
                delay = min(wait, self.max_retry_after) if wait is not None else self.backoff * 2 ** (attempt - 1)
                if attempt < self.attempts:
                    logger.info("%s: %s; trying again in %.1f s", url, why, delay)
                    self.sleep(delay)
        raise SourceUnavailable(f"the OECD service did not answer {url} after {self.attempts} tries ({why})")

    def _once(self, session: object, url: str, headers: dict[str, str]) -> tuple[Response, float | None]:
        """One try (redirects followed): the answer and its ``Retry-After`` in seconds."""
        import requests

        assert isinstance(session, requests.Session)
        current = url
        for _ in range(6):
            with session.get(current, headers=headers, stream=True, timeout=self.timeout, allow_redirects=False) as r:
                if r.is_redirect:
                    current = urllib.parse.urljoin(current, r.headers.get("location", ""))
                    check_url(current)
                    continue
                body = self._read(r, url)
                response = Response(
                    url=url,
                    status=r.status_code,
                    body=body,
                    content_type=r.headers.get("content-type", "").split(";")[0].strip().lower(),
                    retrieved=dt.datetime.now(dt.UTC),
                )
                return response, retry_after_seconds(r.headers.get("retry-after"))
        raise SourceUnavailable(f"{url} redirected more than 5 times")

    def _read(self, r: object, url: str) -> bytes:
        import requests

        assert isinstance(r, requests.Response)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in r.iter_content(chunk_size=256 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    raise SourceUnavailable(
                        f"{url} sent more than {self.max_bytes // (1024 * 1024)} MiB; stopped reading "
                        "(ask fewer countries, measures or years, or raise max_bytes)"
                    )
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise requests.ConnectionError(f"the answer was cut off after {size} bytes: {exc}") from None
        return b"".join(chunks)
