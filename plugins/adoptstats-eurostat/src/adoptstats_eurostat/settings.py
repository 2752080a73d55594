"""Where the plugin talks to and keeps its cache: defaults, environment variables, checks.

Settings are read when a fetch starts, not when the plugin is imported, so setting
``ADOPTSTATS_EUROSTAT_URL``, ``ADOPTSTATS_CACHE_DIR`` or ``ADOPTSTATS_OFFLINE`` after
``import adoptstats`` still takes effect.

Environment variables:

``ADOPTSTATS_EUROSTAT_URL``
    Base URL of Eurostat's dissemination API (default :data:`DEFAULT_BASE_URL`). Plain
    HTTP is accepted only for loopback addresses (a local test server).
``ADOPTSTATS_CACHE_DIR``
    Root of the adoptstats cache; this plugin uses its ``eurostat`` subfolder. Default: the
    platform's user cache folder for ``adoptstats`` (through :mod:`platformdirs`).
``ADOPTSTATS_OFFLINE``
    ``1`` (or ``true``, ``yes``, ``on``): answer only from the cache, never from the network.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import urllib.parse
from pathlib import Path

import attrs

from adoptstats import QueryError

__all__ = [
    "CACHE_DIR_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_DOWNLOAD_TIMEOUT",
    "DEFAULT_EXPIRE_AFTER",
    "DEFAULT_MAX_BYTES",
    "OFFLINE_ENV",
    "RetryPolicy",
    "URL_ENV",
    "base_url",
    "cache_dir",
    "check_url",
    "is_loopback",
    "offline",
]

#: Eurostat's dissemination API (main database).
DEFAULT_BASE_URL = "https://ec.europa.eu/eurostat/api/dissemination"
#: Environment variable overriding :data:`DEFAULT_BASE_URL`.
URL_ENV = "ADOPTSTATS_EUROSTAT_URL"
#: Environment variable naming the root of the adoptstats cache.
CACHE_DIR_ENV = "ADOPTSTATS_CACHE_DIR"
#: Environment variable switching offline mode on.
OFFLINE_ENV = "ADOPTSTATS_OFFLINE"
#: How long a cached response is served before it is fetched again (Eurostat updates twice a day).
DEFAULT_EXPIRE_AFTER = dt.timedelta(days=1)
#: Default cap on a response body: 512 MiB (Eurostat's largest extraction, 5 million cells, fits).
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
#: Default bound on the time one response body may take to arrive, in seconds.
DEFAULT_DOWNLOAD_TIMEOUT = 600.0


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How often and how long to wait before trying again.

    The n-th retry (n = 1, 2, ...) waits ``backoff * 2 ** (n - 1)`` seconds, or the server's
    ``Retry-After`` when it sends one, never more than ``max_retry_after``. Tests set
    ``backoff=0`` and pass a ``sleep`` that records instead of sleeping.
    """

    #: Total tries of one request (first try included).
    attempts: int = attrs.field(default=3, validator=attrs.validators.ge(1))
    #: Base of the exponential backoff, in seconds.
    backoff: float = attrs.field(default=1.0, validator=attrs.validators.ge(0))
    #: Longest wait honoured, in seconds, whatever ``Retry-After`` says.
    max_retry_after: float = attrs.field(default=60.0, validator=attrs.validators.ge(0))

    def delay(self, retry: int, retry_after: float | None) -> float:
        """Seconds to wait before retry number ``retry`` (1-based)."""
        wait = retry_after if retry_after is not None else self.backoff * 2 ** (retry - 1)
        return max(0.0, min(wait, self.max_retry_after))


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


def base_url(explicit: str | None = None) -> str:
    """The API base URL: ``explicit``, else ``ADOPTSTATS_EUROSTAT_URL``, else the default; checked.

    :raises QueryError: for a URL that is not HTTPS (plain HTTP only on loopback).
    """
    url = explicit or os.environ.get(URL_ENV, "").strip() or DEFAULT_BASE_URL
    check_url(url, what="the Eurostat base URL")
    return url.rstrip("/")


def cache_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The plugin's cache folder: ``explicit``, else ``$ADOPTSTATS_CACHE_DIR/eurostat``, else the platform's."""
    if explicit is not None:
        return Path(explicit)
    root = os.environ.get(CACHE_DIR_ENV, "").strip()
    if root:
        return Path(root).expanduser() / "eurostat"
    import platformdirs

    return Path(platformdirs.user_cache_dir("adoptstats", appauthor=False)) / "eurostat"


def offline(explicit: bool | None = None) -> bool:
    """Whether to answer from the cache only: ``explicit`` when given, else ``ADOPTSTATS_OFFLINE``.

    :raises QueryError: when the variable holds something that is not a yes or a no.
    """
    if explicit is not None:
        return bool(explicit)
    raw = os.environ.get(OFFLINE_ENV, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise QueryError(f"{OFFLINE_ENV}={raw!r} is not understood; use 1 (offline) or 0 (online)")


def is_loopback(host: str | None) -> bool:
    """Whether a host name is this machine: ``localhost``, 127.0.0.0/8 or ``::1``.

    Names *under* ``localhost`` (``x.localhost``) are not accepted: nothing makes the system's
    resolver answer them with a loopback address, and a DNS server may answer anything.
    """
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, *, what: str = "URL") -> urllib.parse.SplitResult:
    """Accept HTTPS URLs, and plain HTTP only for loopback hosts (local test servers).

    :raises QueryError: naming the URL and the rule it breaks.
    """
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise QueryError(f"{what} {url!r} is not a valid URL: {exc}") from None
    if parts.scheme == "https" and host:
        return parts
    if parts.scheme == "http" and is_loopback(host):
        return parts
    if parts.scheme == "http":
        raise QueryError(
            f"{what} {url!r} uses plain HTTP: only HTTPS is allowed "
            "(plain HTTP is accepted for loopback test servers only: localhost, 127.0.0.0/8, ::1)"
        )
    raise QueryError(f"{what} {url!r} is not an https:// URL")
