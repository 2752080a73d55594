"""Terminal output for the ``adoptstats`` command: tables, colour, JSON and progress.

Nothing here computes statistics; it lays out what the public API returns.  Colour and
progress appear only on a terminal, and never when ``NO_COLOR`` is set (colour) or the
stream is redirected (both), so piped output and documentation examples stay plain.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import shutil
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, Any

import attrs
import click
import pandas as pd

from adoptstats.render.json import dumps, frame_records

__all__ = [
    "Column",
    "dumps",
    "frame_records",
    "colour_enabled",
    "echo_json",
    "render_table",
    "spinner",
    "style",
    "warn",
]


def _is_terminal(stream: IO[Any] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # closed or odd streams
        return False


def colour_enabled(err: bool = False) -> bool:
    """Whether to colour output: a terminal, ``NO_COLOR`` unset, ``TERM`` not ``dumb``.

    An explicit ``color`` on the click context (``--color``/``--no-color`` of a test
    runner, say) wins.
    """
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.color is not None:
        return ctx.color
    if os.environ.get("NO_COLOR", "") != "" or os.environ.get("TERM") == "dumb":
        return False
    return _is_terminal(sys.stderr if err else sys.stdout)


def style(text: str, err: bool = False, **kwargs: Any) -> str:
    """``click.style`` when colour is enabled, the plain text otherwise."""
    return click.style(text, **kwargs) if colour_enabled(err) else text


def warn(message: str) -> None:
    """A ``warning: ...`` line on stderr."""
    click.echo(style("warning: ", err=True, fg="yellow") + message, err=True)


# -- JSON --------------------------------------------------------------------------------------


def echo_json(value: Any) -> None:
    """Print a value as JSON on stdout."""
    click.echo(dumps(value))


# -- tables ------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Column:
    """A table column: the record key, its header, alignment and an optional colour per value."""

    key: str
    header: str
    align: str = "left"
    max_width: int | None = None
    colour: Callable[[str], dict[str, Any] | None] | None = None


def _cell(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:g}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _truncate(text: str, width: int) -> str:
    if width <= 0 or len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


#: Text columns narrower than this never wrap.
_WRAP_FLOOR = 20


def _narrow(cells: list[list[str]], columns: Sequence[Column], widths: list[int], width: int) -> None:
    """Narrow the widest text columns to fit ``width``.

    A column narrows no further than its header, its longest word or :data:`_WRAP_FLOOR`
    characters, so codes, names and verdicts stay on one line; only free text wraps.
    """
    floors = [
        max([len(c.header), min(widths[j], _WRAP_FLOOR)] + [len(word) for line in cells for word in line[j].split()])
        for j, c in enumerate(columns)
    ]
    total = sum(widths) + 2 * (len(widths) - 1)
    while total > width:
        narrowable = [j for j, c in enumerate(columns) if c.align == "left" and widths[j] > floors[j]]
        if not narrowable:
            return
        j = max(narrowable, key=lambda k: widths[k])
        widths[j] -= 1
        total -= 1


def render_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    width: int | None = None,
) -> str:
    """Rows as an aligned text table with a header rule.

    Long text cells are cut with ``…`` to each column's ``max_width``.  On a terminal, or
    when the ``COLUMNS`` environment variable sets a width, the widest text columns wrap
    at word boundaries (no word is cut) so that the table fits the window (``width``);
    piped output without ``COLUMNS`` keeps one line per row.  Values are coloured by each
    column's ``colour`` callback when colour is enabled.
    """
    cells = [[_cell(r.get(c.key)) for c in columns] for r in rows]
    for j, col in enumerate(columns):
        if col.max_width is not None:
            for line in cells:
                line[j] = _truncate(line[j], col.max_width)
    widths = [max([len(c.header)] + [len(line[j]) for line in cells]) for j, c in enumerate(columns)]
    if width is None and (_is_terminal(sys.stdout) or os.environ.get("COLUMNS", "").strip().isdigit()):
        width = shutil.get_terminal_size((120, 24)).columns
    if width is not None:
        _narrow(cells, columns, widths, width)
    colour = colour_enabled()

    def fmt(text: str, j: int, whole: str, bold: bool = False) -> str:
        col = columns[j]
        padded = text.rjust(widths[j]) if col.align == "right" else text.ljust(widths[j])
        if not colour:
            return padded
        if bold:
            return click.style(padded, bold=True)
        extra = col.colour(whole) if col.colour is not None and text else None
        return click.style(padded, **extra) if extra else padded

    lines = ["  ".join(fmt(c.header, j, c.header, bold=True) for j, c in enumerate(columns)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for line in cells:
        parts = [
            textwrap.wrap(t, widths[j], break_long_words=False, break_on_hyphens=False) or [""]
            if len(t) > widths[j]
            else [t]
            for j, t in enumerate(line)
        ]
        for k in range(max(len(p) for p in parts)):
            pieces = [fmt(p[k] if k < len(p) else "", j, line[j]) for j, p in enumerate(parts)]
            lines.append("  ".join(pieces).rstrip())
    return "\n".join(lines)


# -- progress ----------------------------------------------------------------------------------


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{n} B"  # pragma: no cover


@contextlib.contextmanager
def spinner(label: str) -> Iterator[None]:
    """A spinner with elapsed time, and bytes downloaded when sources report them, on stderr.

    Silent unless stderr is a terminal.  Sources report downloads through
    :mod:`adoptstats.progress`; with a known total the line shows a percentage.
    """
    from adoptstats import progress

    stream = sys.stderr
    if not _is_terminal(stream) or os.environ.get("TERM") == "dumb":
        yield
        return
    stop = threading.Event()
    start = time.monotonic()
    latest: dict[str, progress.Progress] = {}
    drawn = threading.Event()

    def on_progress(event: progress.Progress) -> None:
        latest["event"] = event

    def run() -> None:
        frames = itertools.cycle("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
        while not stop.wait(0.1):
            elapsed = time.monotonic() - start
            if elapsed < 0.3:  # quick work shows nothing
                continue
            detail = ""
            event = latest.get("event")
            if event is not None and not event.done:
                detail = f"  {_size(event.received)}"
                if event.total:
                    detail += f" of {_size(event.total)} ({100 * event.received / event.total:3.0f}%)"
            stream.write(f"\r\x1b[2K{next(frames)} {label}{detail}  {elapsed:.0f} s")
            stream.flush()
            drawn.set()

    thread = threading.Thread(target=run, name="adoptstats-spinner", daemon=True)
    thread.start()
    try:
        with progress.report_progress(on_progress):
            yield
    finally:
        stop.set()
        thread.join()
        if drawn.is_set():  # clear the spinner's line
            stream.write("\r\x1b[2K")
            stream.flush()
