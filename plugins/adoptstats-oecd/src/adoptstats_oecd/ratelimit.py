"""The OECD's request limits, kept on the client side and shared between processes.

Every request and every data download is recorded, with its time, in a small JSON file in the
cache folder, read and written under a lock file (:mod:`filelock`), so that several processes
on one machine share one budget. Before a request the client looks at the last minute (and,
for data, the last hour): when the budget is spent it waits for the oldest request to leave
the window, if that is no longer than ``max_wait``; otherwise it stops with
:class:`~adoptstats.SourceUnavailable` saying how long to wait.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import filelock

from adoptstats import SourceUnavailable
from adoptstats_oecd.settings import RateLimits

__all__ = ["RateLimiter"]

logger = logging.getLogger("adoptstats_oecd")

_MINUTE, _HOUR = 60.0, 3600.0


class RateLimiter:
    """A shared budget of requests, kept in ``<folder>/ratelimit.json`` under ``<folder>/ratelimit.lock``."""

    def __init__(
        self,
        folder: Path,
        limits: RateLimits,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.folder = folder
        self.limits = limits
        self.clock = clock
        self.sleep = sleep

    @property
    def path(self) -> Path:
        """The file holding the times of recent requests."""
        return self.folder / "ratelimit.json"

    def _load(self) -> dict[str, list[float]]:
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
            return {k: [float(t) for t in state.get(k, [])] for k in ("queries", "downloads")}
        except (OSError, ValueError, TypeError, AttributeError):
            return {"queries": [], "downloads": []}

    def _save(self, state: dict[str, list[float]]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        tmp.replace(self.path)

    def wait_needed(self, state: dict[str, list[float]], now: float, download: bool) -> tuple[float, str]:
        """Seconds until a slot is free (0 when one is) and which limit binds."""
        checks = [("queries", _MINUTE, self.limits.queries_per_minute, "queries a minute")]
        if download:
            checks.append(("downloads", _HOUR, self.limits.downloads_per_hour, "data downloads an hour"))
        wait, why = 0.0, ""
        for key, window, limit, text in checks:
            recent = sorted(t for t in state[key] if now - t < window)
            if len(recent) >= limit:
                free_at = recent[len(recent) - limit] + window
                if free_at - now > wait:
                    wait, why = free_at - now, f"{limit} {text}"
        return wait, why

    def acquire(self, *, download: bool) -> None:
        """Take one slot (and one download slot when ``download``), waiting up to ``max_wait``.

        :raises SourceUnavailable: when the next slot is further away than ``max_wait``.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(str(self.folder / "ratelimit.lock"), timeout=30)
        waited = 0.0
        while True:
            with lock:
                now = self.clock()
                state = self._load()
                wait, why = self.wait_needed(state, now, download)
                if wait <= 0:
                    state["queries"] = [t for t in state["queries"] if now - t < _MINUTE] + [now]
                    state["downloads"] = [t for t in state["downloads"] if now - t < _HOUR]
                    if download:
                        state["downloads"].append(now)
                    with contextlib.suppress(OSError):  # a read-only cache must not stop a fetch
                        self._save(state)
                    return
            if waited + wait > self.limits.max_wait:
                until = dt.datetime.fromtimestamp(now + wait, dt.UTC).strftime("%H:%M:%S UTC")
                raise SourceUnavailable(
                    f"the OECD allows {why} and this machine has used them up: the next request may go "
                    f"in {wait:.0f} s (at {until}); try again then (cached answers and offline mode need no request)"
                )
            logger.info("OECD rate limit (%s): waiting %.1f s", why, wait)
            self.sleep(wait)
            waited += wait
