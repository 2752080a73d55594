"""Guards around a plugin's fetch: what it returned is checked for shape, and it can be timed out."""

from __future__ import annotations

import contextvars
import threading
from typing import Any

from adoptstats.columns import CANONICAL_COLUMNS
from adoptstats.errors import SourceUnavailable
from adoptstats.resultset import ResultSet

__all__ = ["malformed", "run_with_timeout"]


def malformed(result: ResultSet) -> str | None:
    """What is structurally wrong with a ResultSet a plugin returned, or ``None``.

    A cheap check (columns, and a citation for every row), not a second validation of the
    values: a plugin that builds its ResultSet with ``from_frame`` or ``from_records`` passes.
    """
    frame = result.frame
    columns = [str(c) for c in frame.columns]
    if columns != list(CANONICAL_COLUMNS):
        missing = [c for c in CANONICAL_COLUMNS if c not in columns]
        extra = [c for c in columns if c not in CANONICAL_COLUMNS]
        detail = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unknown {', '.join(extra)}" if extra else "",
            )
            if part
        )
        return f"its columns are not the canonical ones ({detail or 'wrong order or repeated'})"
    cited = frame["citation_id"]
    if cited.isna().any():
        return f"{int(cited.isna().sum())} rows have no citation_id"
    ids = {str(c) for c in cited.unique()}
    lacking = sorted(ids - set(result.citations))
    if lacking:
        return f"rows cite {', '.join(map(repr, lacking[:5]))}, which its citations table lacks"
    return None


def run_with_timeout(call: Any, timeout: float | None, where: str) -> ResultSet:
    """``call()``, given up after ``timeout`` seconds with :class:`~adoptstats.SourceUnavailable` naming ``where``.

    The call runs in a daemon thread with the caller's context (so concepts resolve as
    the caller's do); Python cannot stop a thread, so a late result is dropped.
    """
    if timeout is None:
        direct: ResultSet = call()
        return direct
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    context = contextvars.copy_context()  # the thread resolves concepts as the caller does
    thread = threading.Thread(target=context.run, args=(target,), name=f"adoptstats-fetch {where}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise SourceUnavailable(f"{where} did not answer within {timeout:g} s")
    if "error" in box:
        raise box["error"]
    result: ResultSet = box["result"]
    return result
