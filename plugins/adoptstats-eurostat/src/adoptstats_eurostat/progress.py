"""Download progress: a callback the command line sets, and the library calls while reading.

The library never draws anything itself. A caller that wants a progress bar (the
``adoptstats`` command does, on a terminal) installs a callback for the duration of a
block::

    with report_progress(lambda event: ...):
        adoptstats.fetch("eurostat", dataset="isoc_cismtn2")

The callback receives a :class:`Progress` after every chunk read and once when a download
ends (``done=True``). Errors raised by the callback are logged and otherwise ignored.
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

    #: The URL being read.
    url: str
    #: Bytes received so far (after content decoding).
    received: int
    #: The announced length (``Content-Length``), or ``None`` when unknown or compressed.
    total: int | None
    #: True on the last event of a download.
    done: bool = False


#: What :func:`report_progress` takes.
ProgressCallback = Callable[[Progress], None]

_lock = threading.Lock()
_callbacks: list[ProgressCallback] = []


@contextlib.contextmanager
def report_progress(callback: ProgressCallback) -> Iterator[None]:
    """Send download progress to ``callback`` while the block runs (any thread)."""
    with _lock:
        _callbacks.append(callback)
    try:
        yield
    finally:
        with _lock:
            _callbacks.remove(callback)


def current_callback() -> ProgressCallback | None:
    """The innermost installed callback, if any."""
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
