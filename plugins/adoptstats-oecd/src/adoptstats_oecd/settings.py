"""Where the plugin talks to, where it caches, and how fast it may ask: defaults and environment.

Settings are read when a fetch starts, not when the plugin is imported.

``ADOPTSTATS_OECD_URL``
    Base URL of the OECD's SDMX REST service (default :data:`DEFAULT_BASE_URL`). HTTPS only;
    plain HTTP is accepted for loopback addresses (a local test server).
``ADOPTSTATS_CACHE_DIR``
    Root of the adoptstats cache; this plugin uses its ``oecd`` subfolder. Default: the
    platform's user cache folder for ``adoptstats``.
``ADOPTSTATS_OFFLINE``
    ``1`` (or ``true``, ``yes``, ``on``): answer only from the cache.
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
    "DEFAULT_EXPIRE_AFTER",
    "DEFAULT_MAX_BYTES",
    "OFFLINE_ENV",
    "URL_ENV",
    "RateLimits",
    "base_url",
    "cache_dir",
    "check_url",
    "offline",
]

#: The OECD's public SDMX REST service (SDMX 2.1 paths).
DEFAULT_BASE_URL = "https://sdmx.oecd.org/public/rest"
#: Environment variable overriding :data:`DEFAULT_BASE_URL`.
URL_ENV = "ADOPTSTATS_OECD_URL"
#: Environment variable naming the root of the adoptstats cache.
CACHE_DIR_ENV = "ADOPTSTATS_CACHE_DIR"
#: Environment variable switching offline mode on.
OFFLINE_ENV = "ADOPTSTATS_OFFLINE"
#: How long a cached answer is served before it is asked again (the database changes a few times a year).
DEFAULT_EXPIRE_AFTER = dt.timedelta(days=7)
#: Cap on one response body (the whole dataflow with labels is a few MB).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_YES = {"1", "true", "yes", "on"}
_NO = {"", "0", "false", "no", "off"}


@attrs.frozen(kw_only=True)
class RateLimits:
    """The OECD's published limits, kept on the client side (shared by every process through a lock file).

    ``max_wait`` is the longest the client waits for a free slot before it stops with a message
    saying when to try again.
    """

    #: Requests of any kind per minute (the OECD allows 20).
    queries_per_minute: int = attrs.field(default=20, validator=attrs.validators.ge(1))
    #: Data downloads per hour (60 since 2025; 20 when the limit was introduced in November 2024).
    downloads_per_hour: int = attrs.field(default=60, validator=attrs.validators.ge(1))
    #: Seconds the client may wait for a slot before giving up with a message.
    max_wait: float = attrs.field(default=65.0, validator=attrs.validators.ge(0))


def base_url(explicit: str | None = None) -> str:
    """The service's base URL: ``explicit``, else ``ADOPTSTATS_OECD_URL``, else the OECD's; checked."""
    url = explicit or os.environ.get(URL_ENV, "").strip() or DEFAULT_BASE_URL
    check_url(url)
    return url.rstrip("/")


def cache_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The plugin's cache folder: ``explicit``, else ``$ADOPTSTATS_CACHE_DIR/oecd``, else the platform's."""
    if explicit is not None:
        return Path(explicit)
    root = os.environ.get(CACHE_DIR_ENV, "").strip()
    if not root:
        import platformdirs

        root = platformdirs.user_cache_dir("adoptstats", appauthor=False)
    return Path(root).expanduser() / "oecd"


def offline(explicit: bool | None = None) -> bool:
    """Whether to answer from the cache only: ``explicit``, else ``ADOPTSTATS_OFFLINE``."""
    if explicit is not None:
        return explicit
    raw = os.environ.get(OFFLINE_ENV, "").strip().lower()
    if raw in _YES or raw in _NO:
        return raw in _YES
    raise QueryError(f"{OFFLINE_ENV}={raw!r} is not understood; use 1 (offline) or 0 (online)")


def check_url(url: str) -> None:
    """Accept ``https://`` URLs, and ``http://`` only on this machine (localhost, 127.0.0.0/8, ::1).

    :raises QueryError: naming the URL and the rule.
    """
    try:
        parts = urllib.parse.urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError as exc:
        raise QueryError(f"the OECD URL {url!r} is not a valid URL: {exc}") from None
    if not host:
        raise QueryError(f"the OECD URL {url!r} names no host")
    if parts.scheme == "https":
        return
    if parts.scheme == "http":
        try:
            local = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = False
        if local:
            return
        raise QueryError(f"the OECD URL {url!r} uses plain HTTP, which is accepted only for loopback test servers")
    raise QueryError(f"the OECD URL {url!r} is not an https:// URL")
