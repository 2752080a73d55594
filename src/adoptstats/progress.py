"""Download progress: sources report it, callers (the ``adoptstats`` command) show it.

The library never draws anything itself.  A caller that wants a progress display installs
a callback for the duration of a block; a source that downloads calls
:func:`current_callback` once per download and :func:`notify` after every chunk::

    with adoptstats.progress.report_progress(lambda event: ...):
        adoptstats.fetch("eurostat", dataset="isoc_cismtn2")

Errors raised by the callback are logged and otherwise ignored: showing progress must
never break a download.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator

import attrs

__all__ = ["Progress", "ProgressCallback", "current_callback", "notify", "report_progress"]

logger = logging.getLogger(__name__)


@attrs.frozen(kw_only=True)
class Progress:
    """How far a download has gone."""

    #: The URL (or other label) being read.
    url: str
    #: Bytes received so far.
    received: int
    #: The announced length, or ``None`` when unknown.
    total: int | None = None
    #: True on the last event of a download.
    done: bool = False


#: What :func:`report_progress` takes.
ProgressCallback = Callable[[Progress], None]

_lock = threading.Lock()
_callbacks: list[ProgressCallback] = []


@contextlib.contextmanager
def report_progress(callback: ProgressCallback) -> Iterator[None]:
    """Send download progress to ``callback`` while the block runs (from any thread)."""
    with _lock:
        _callbacks.append(callback)
    try:
        yield
    finally:
        with _lock:
            _callbacks.remove(callback)


def current_callback() -> ProgressCallback | None:
    """The innermost installed callback, if any; sources call this once per download."""
    with _lock:
        return _callbacks[-1] if _callbacks else None


def notify(callback: ProgressCallback | None, event: Progress) -> None:
    """Call ``callback`` with ``event``; a failing callback is logged, never raised."""
    if callback is None:
        return
    try:
        callback(event)
    except Exception:
        logger.exception("the progress callback failed; ignoring it")
