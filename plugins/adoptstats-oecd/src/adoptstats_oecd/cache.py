"""Answers of the OECD service on disk: one file per request URL, named by its SHA-256, written atomically.

A file holds a first line ``ADOPTSTATS-OECD-CACHE 1``, one line of JSON (URL, HTTP status,
retrieval time, body length and SHA-256) and the body as received. Nothing is pickled. A file
that fails its checks is deleted and read as a miss; writes go to a temporary file that
replaces the entry, so a reader never sees half of one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

import attrs

__all__ = ["Cache", "Entry"]

logger = logging.getLogger("adoptstats_oecd")

_MAGIC = b"ADOPTSTATS-OECD-CACHE 1\n"


@attrs.frozen(kw_only=True)
class Entry:
    """A stored answer."""

    url: str
    status: int
    retrieved: dt.datetime
    body: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")


@attrs.frozen
class Cache:
    """Answers keyed by URL under ``folder``; fresh for ``expire_after`` (``None``: for ever)."""

    folder: Path
    expire_after: dt.timedelta | None

    def path(self, url: str) -> Path:
        """Where the answer to ``url`` is kept (the name is a hash: nothing of the URL reaches the file system)."""
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.folder / digest[:2] / f"{digest}.entry"

    def get(self, url: str, *, stale_ok: bool = False) -> Entry | None:
        """The stored answer, or ``None`` (absent, expired unless ``stale_ok``, or damaged: then deleted)."""
        path = self.path(url)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        entry = self._parse(raw, url)
        if entry is None:
            logger.warning("discarding a damaged OECD cache entry %s (for %s)", path, url)
            path.unlink(missing_ok=True)
            return None
        age = dt.datetime.now(dt.UTC) - entry.retrieved
        if not stale_ok and self.expire_after is not None and age > self.expire_after:
            return None
        return entry

    @staticmethod
    def _parse(raw: bytes, url: str) -> Entry | None:
        head, sep, rest = raw[len(_MAGIC) :].partition(b"\n")
        if not raw.startswith(_MAGIC) or not sep:
            return None
        try:
            meta = json.loads(head)
            entry = Entry(
                url=str(meta["url"]),
                status=int(meta["status"]),
                retrieved=dt.datetime.fromisoformat(meta["retrieved"]),
                body=rest,
            )
            fits = len(rest) == int(meta["length"]) and hashlib.sha256(rest).hexdigest() == meta["sha256"]
        except (ValueError, KeyError, TypeError):
            return None
        if not fits or entry.url != url or entry.retrieved.tzinfo is None:
            return None
        return entry

    def put(self, url: str, status: int, body: bytes, retrieved: dt.datetime) -> None:
        """Store an answer; a failure to write is logged, never raised (the fetch has its answer)."""
        meta = {
            "url": url,
            "status": status,
            "retrieved": retrieved.astimezone(dt.UTC).isoformat(),
            "length": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
        }
        path = self.path(url)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC + json.dumps(meta).encode("ascii") + b"\n" + body)
                out.flush()
                os.fsync(out.fileno())
            Path(tmp).replace(path)
        except OSError as exc:
            logger.warning("cannot store the OECD answer for %s in the cache: %s", url, exc)
            if "tmp" in locals():
                Path(tmp).unlink(missing_ok=True)
