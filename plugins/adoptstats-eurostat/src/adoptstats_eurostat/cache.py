"""An on-disk cache of HTTP responses, one file per request URL, written atomically.

Design (kept deliberately simple, so that it can be checked):

- **One file per URL**, named by the SHA-256 of the URL: ``<dir>/<h[:2]>/<h>.entry``. No name
  ever comes from the URL itself.
- **What a file holds**: a first line ``ADOPTSTATS-EUROSTAT-CACHE 1``, one line of JSON (the
  URL, HTTP status, ``Content-Type``, retrieval time in UTC, body length and SHA-256), then the
  response body compressed with gzip. Nothing is pickled; the body is the bytes Eurostat
  sent (after HTTP content decoding), so a cached answer is decoded exactly like a live one.
- **Atomic writes**: a temporary file in the same folder, flushed and synced, then
  :func:`os.replace`. A reader sees the old entry or the new one, never half of one; a killed
  process leaves at most a ``.tmp-*`` file, which :meth:`ResponseCache.clear` removes.
- **Checked reads**: the header, the URL, the length and the SHA-256 of the body are checked
  on every read. A corrupt entry is deleted, logged as a warning on the
  ``adoptstats_eurostat.cache`` logger, and treated as a miss.
- **Expiry**: an entry is fresh for ``expire_after`` after it was retrieved (default one day;
  ``None`` = never expires). Offline mode serves stale entries too.
- **Locks**: :meth:`ResponseCache.lock` gives a per-URL file lock (``filelock``) so that two
  processes asking for the same URL download it once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import json
import logging
import os
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import filelock

__all__ = ["CacheEntryInfo", "CacheInfo", "CachedResponse", "ResponseCache"]

logger = logging.getLogger(__name__)

_MAGIC = b"ADOPTSTATS-EUROSTAT-CACHE 1\n"
_SUFFIX = ".entry"
_MAX_HEADER = 64 * 1024


@attrs.frozen(kw_only=True)
class CachedResponse:
    """A stored HTTP response: what was asked, what came back and when."""

    url: str
    status: int
    content_type: str
    retrieved: dt.datetime
    body: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")


@attrs.frozen(kw_only=True)
class CacheEntryInfo:
    """One entry as listed by :meth:`~adoptstats_eurostat.ResponseCache.entries` (the body is not read)."""

    path: Path
    url: str
    status: int
    retrieved: dt.datetime
    size: int
    expired: bool


@attrs.frozen(kw_only=True)
class CacheInfo:
    """Totals for :meth:`~adoptstats_eurostat.ResponseCache.info`."""

    directory: Path
    entries: int
    size: int
    expired: int
    expire_after: dt.timedelta | None


class CorruptEntry(Exception):
    """Raised inside the cache when an entry fails its checks (never leaves this module)."""


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ResponseCache:
    """HTTP responses on disk, keyed by URL; see the module docstring for the layout."""

    def __init__(self, directory: str | os.PathLike[str], *, expire_after: dt.timedelta | None) -> None:
        self.directory = Path(directory)
        self.expire_after = expire_after

    def __repr__(self) -> str:
        return f"ResponseCache({str(self.directory)!r}, expire_after={self.expire_after!r})"

    # -- naming -----------------------------------------------------------------------------

    @staticmethod
    def key(url: str) -> str:
        """The hex SHA-256 naming the entry of ``url``."""
        return hashlib.sha256(url.encode("utf-8")).hexdigest()

    def path(self, url: str) -> Path:
        """Where the entry of ``url`` lives (it may not exist)."""
        key = self.key(url)
        return self.directory / key[:2] / f"{key}{_SUFFIX}"

    def lock(self, url: str, timeout: float = 300.0) -> filelock.BaseFileLock:
        """A file lock for ``url``; use it as a context manager around "look up, else download, store"."""
        locks = self.directory / "locks"
        locks.mkdir(parents=True, exist_ok=True)
        return filelock.FileLock(str(locks / f"{self.key(url)}.lock"), timeout=timeout)

    # -- reading ----------------------------------------------------------------------------

    def is_fresh(self, retrieved: dt.datetime, now: dt.datetime | None = None) -> bool:
        """Whether an entry retrieved at ``retrieved`` is still fresh."""
        if self.expire_after is None:
            return True
        return (now or _utcnow()) - retrieved < self.expire_after

    def get(self, url: str, *, allow_stale: bool = False) -> CachedResponse | None:
        """The stored response for ``url``, or ``None`` (missing, expired unless ``allow_stale``, or corrupt)."""
        path = self.path(url)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            logger.warning("cannot read the cache entry %s for %s: %s", path, url, exc)
            return None
        try:
            header, body = self._decode(raw, url, read_body=True)
        except CorruptEntry as exc:
            self._discard(path, url, str(exc))
            return None
        retrieved = header["retrieved"]
        if not allow_stale and not self.is_fresh(retrieved):
            logger.debug("cache entry for %s expired (retrieved %s)", url, retrieved.isoformat())
            return None
        return CachedResponse(
            url=url,
            status=header["status"],
            content_type=header["content_type"],
            retrieved=retrieved,
            body=body,
        )

    @staticmethod
    def _decode(raw: bytes, url: str | None, *, read_body: bool) -> tuple[dict[str, Any], bytes]:
        if not raw.startswith(_MAGIC):
            raise CorruptEntry("it does not start with the cache header")
        end = raw.find(b"\n", len(_MAGIC), len(_MAGIC) + _MAX_HEADER)
        if end < 0:
            raise CorruptEntry("its header line is missing or too long")
        try:
            header = json.loads(raw[len(_MAGIC) : end])
            retrieved = dt.datetime.fromisoformat(header["retrieved"])
            fields: dict[str, Any] = {
                "url": str(header["url"]),
                "status": int(header["status"]),
                "content_type": str(header["content_type"]),
                "retrieved": retrieved,
                "length": int(header["length"]),
                "stored": int(header["stored"]),
                "sha256": str(header["sha256"]),
            }
        except (ValueError, KeyError, TypeError) as exc:
            raise CorruptEntry(f"its header is not readable: {exc}") from None
        if retrieved.tzinfo is None:
            raise CorruptEntry("its retrieval time has no time zone")
        if url is not None and fields["url"] != url:
            raise CorruptEntry(f"it belongs to another URL ({fields['url']!r})")
        stored = raw[end + 1 :]
        if len(stored) != fields["stored"]:
            raise CorruptEntry(f"it is cut off ({len(stored)} of {fields['stored']} bytes)")
        if not read_body:
            return fields, b""
        try:
            body = gzip.decompress(stored)
        except (OSError, EOFError, zlib.error) as exc:
            raise CorruptEntry(f"its body does not decompress: {exc}") from None
        if len(body) != fields["length"] or hashlib.sha256(body).hexdigest() != fields["sha256"]:
            raise CorruptEntry("its body does not match its checksum")
        return fields, body

    def _discard(self, path: Path, url: str | None, why: str) -> None:
        logger.warning("discarding a corrupt cache entry %s%s: %s", path, f" for {url}" if url else "", why)
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:  # pragma: no cover - permissions
            logger.warning("cannot delete the corrupt cache entry %s: %s", path, exc)

    # -- writing ----------------------------------------------------------------------------

    def put(self, url: str, *, status: int, content_type: str, body: bytes, retrieved: dt.datetime) -> Path:
        """Store a response atomically; return the entry's path."""
        stored = gzip.compress(body, compresslevel=3, mtime=0)
        header = {
            "url": url,
            "status": int(status),
            "content_type": content_type,
            "retrieved": retrieved.astimezone(dt.UTC).isoformat(),
            "length": len(body),
            "stored": len(stored),
            "sha256": hashlib.sha256(body).hexdigest(),
        }
        line = json.dumps(header, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        path = self.path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=_SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC)
                fh.write(line)
                fh.write(b"\n")
                fh.write(stored)
                fh.flush()
                os.fsync(fh.fileno())
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        logger.debug("cached %s (%d bytes) in %s", url, len(body), path)
        return path

    # -- listing and clearing ---------------------------------------------------------------

    def _files(self) -> Iterator[Path]:
        if not self.directory.is_dir():
            return
        for sub in sorted(self.directory.iterdir()):
            if sub.is_dir() and len(sub.name) == 2 and sub.name != "locks":
                yield from sorted(sub.glob(f"*{_SUFFIX}"))

    def entries(self) -> list[CacheEntryInfo]:
        """Every readable entry (corrupt ones are discarded and logged), oldest first."""
        now = _utcnow()
        out: list[CacheEntryInfo] = []
        for path in self._files():
            if path.name.startswith(".tmp-"):
                continue
            try:
                with path.open("rb") as fh:
                    head = fh.read(len(_MAGIC) + _MAX_HEADER)
                size = path.stat().st_size
            except OSError:
                continue
            end = head.find(b"\n", len(_MAGIC))
            try:
                if end < 0:
                    raise CorruptEntry("its header line is missing or too long")
                header = json.loads(head[len(_MAGIC) : end]) if head.startswith(_MAGIC) else None
                if header is None:
                    raise CorruptEntry("it does not start with the cache header")
                retrieved = dt.datetime.fromisoformat(header["retrieved"])
                url = str(header["url"])
                status = int(header["status"])
                if self.path(url) != path:
                    raise CorruptEntry("its name does not match its URL")
            except (CorruptEntry, ValueError, KeyError, TypeError) as exc:
                self._discard(path, None, str(exc))
                continue
            out.append(
                CacheEntryInfo(
                    path=path,
                    url=url,
                    status=status,
                    retrieved=retrieved,
                    size=size,
                    expired=not self.is_fresh(retrieved, now),
                )
            )
        out.sort(key=lambda e: e.retrieved)
        return out

    def info(self) -> CacheInfo:
        """How many entries the cache holds, their total size and how many have expired."""
        entries = self.entries()
        return CacheInfo(
            directory=self.directory,
            entries=len(entries),
            size=sum(e.size for e in entries),
            expired=sum(e.expired for e in entries),
            expire_after=self.expire_after,
        )

    def clear(self, *, expired_only: bool = False) -> int:
        """Delete entries (only expired ones with ``expired_only``) and leftovers; return how many entries went.

        Only files this cache writes are touched (``*.entry``, ``.tmp-*`` and lock files), so
        pointing the cache at a folder that holds other files does not lose them.
        """
        removed = 0
        for entry in self.entries():
            if expired_only and not entry.expired:
                continue
            try:
                entry.path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
        if not expired_only and self.directory.is_dir():
            for sub in self.directory.iterdir():
                if sub.is_dir() and len(sub.name) == 2:
                    for tmp in sub.glob(".tmp-*"):
                        tmp.unlink(missing_ok=True)
                    with contextlib.suppress(OSError):
                        sub.rmdir()
            locks = self.directory / "locks"
            if locks.is_dir():
                for lock in locks.glob("*.lock"):
                    lock.unlink(missing_ok=True)
        return removed
