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
import re
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

from adoptstats.i18n import tr
from adoptstats.render.json import dumps, frame_records

__all__ = [
    "Column",
    "dumps",
    "frame_records",
    "colour_enabled",
    "echo_json",
    "echo_text",
    "fit",
    "paragraph",
    "render_table",
    "spinner",
    "style",
    "terminal_width",
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
    """A ``warning: ...`` line on stderr, wrapped to the terminal like :func:`echo_text`."""
    fitted = fit("warning: " + message, err=True)
    click.echo(style("warning: ", err=True, fg="yellow") + fitted[len("warning: ") :], err=True)


# -- text --------------------------------------------------------------------------------------


def terminal_width(err: bool = False) -> int | None:
    """The width output should fit: the terminal's, or ``COLUMNS`` when it is set.

    ``None`` when the stream is redirected and ``COLUMNS`` is unset: piped output keeps
    one line per record, for ``grep`` and friends.
    """
    if _is_terminal(sys.stderr if err else sys.stdout) or os.environ.get("COLUMNS", "").strip().isdigit():
        return shutil.get_terminal_size((120, 24)).columns
    return None


#: Paragraphs never run wider than this, however wide the terminal: longer lines are hard to read.
PARAGRAPH_WIDTH = 88

_GLUE = "\ue000"  # a private-use character: holds "27 %", "12 pp", "p = 0.01" and "text [1]" together
_UNBREAKABLE = re.compile(r" (?=%|pp\b|points\b|[:;?!=]|\[\d+\]$)|(?<==) ")
_MARKER = re.compile(r"(\s*)(\[\d+\] |[-*] |(?:error|warning): )?")


def _wrap(line: str, width: int) -> list[str]:
    leading, marker = _MARKER.match(line).groups()  # type: ignore[union-attr]  # matches every string
    indent = leading + (" " * len(marker) if marker else "  " if leading else "")
    return [
        piece.replace(_GLUE, " ")
        for piece in textwrap.wrap(
            _UNBREAKABLE.sub(_GLUE, line),
            width,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
            drop_whitespace=True,
        )
    ] or [""]


def fit(text: str, *, err: bool = False, width: int | None = None) -> str:
    """Each line of ``text`` wrapped at spaces to fit the terminal (``width``).

    A continuation line starts under the text that follows a leading ``[n] ``, ``- ``,
    ``error: `` or ``warning: `` marker; otherwise two spaces further in than an indented
    line, or flush with an unindented one.  No word is cut (a URL longer than the width
    stands alone on its line, as the terminal then shows it), a number keeps its unit.
    Without a width (piped output, ``COLUMNS`` unset) the text is returned unchanged.
    """
    width = width if width is not None else terminal_width(err)
    if width is None:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(_wrap(line, width) if len(line) > width else [line])
    return "\n".join(out)


def paragraph(text: str) -> str:
    """A paragraph of prose wrapped to the terminal, at most :data:`PARAGRAPH_WIDTH` wide.

    Never between a number and its unit, nor around ``=``.  Piped output wraps at
    :data:`PARAGRAPH_WIDTH`.
    """
    return fit(text, width=min(terminal_width() or PARAGRAPH_WIDTH, PARAGRAPH_WIDTH))


def echo_text(text: str = "", *, err: bool = False, **styles: Any) -> None:
    """Print lines of text fitted to the terminal (:func:`fit`), each styled with ``styles`` when colour is on."""
    fitted = fit(text, err=err)
    if styles:
        fitted = "\n".join(style(line, err=err, **styles) for line in fitted.split("\n"))
    click.echo(fitted, err=err)


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
    #: When the table is too wide even with its free text wrapped, columns with a number
    #: are left out: first those that hold one value in every row (lower numbers first),
    #: then the others (lower numbers first); the lines under the table name each one.
    drop: int | None = None


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


def _layout(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], width: int | None
) -> tuple[list[Column], list[list[str]], list[int]]:
    """The columns kept, their cells and widths: free text narrowed, then columns dropped, to fit ``width``."""
    all_cells = [[_cell(r.get(c.key)) for c in columns] for r in rows]
    for j, col in enumerate(columns):
        if col.max_width is not None:
            for line in all_cells:
                line[j] = _truncate(line[j], col.max_width)

    def constant(j: int) -> bool:
        return len({line[j] for line in all_cells}) == 1

    candidates = sorted(
        (j for j, c in enumerate(columns) if c.drop is not None),
        key=lambda j: (not constant(j), columns[j].drop),
    )
    kept = list(range(len(columns)))
    while True:
        cols = [columns[j] for j in kept]
        cells = [[line[j] for j in kept] for line in all_cells]
        widths = [max([len(c.header)] + [len(line[k]) for line in cells]) for k, c in enumerate(cols)]
        if width is None:
            return cols, cells, widths
        _narrow(cells, cols, widths, width)
        if sum(widths) + 2 * (len(widths) - 1) <= width or not candidates:
            return cols, cells, widths
        kept.remove(candidates.pop(0))


def _left_out(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], kept: Sequence[Column], lang: str = "en"
) -> list[str]:
    """The lines under a table that name the columns left out, with their value when it is one for every row."""
    gone = [c for c in columns if all(c is not k for k in kept)]
    if not gone:
        return []
    same: list[str] = []
    other: list[str] = []
    for c in gone:
        values = {_cell(r.get(c.key)) for r in rows}
        if len(values) == 1:
            same.append(f"{c.header} {values.pop() or tr('(empty)', lang)}")
        else:
            other.append(c.header)
    lines = []
    if same:
        lines.append(tr("every row: {columns}", lang, columns=", ".join(same)))
    if other:
        lines.append(tr("left out to fit the window: {columns}", lang, columns=", ".join(other)))
    return lines


def render_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    width: int | None = None,
    lang: str = "en",
) -> str:
    """Rows as an aligned text table with a header rule (the lines under it in ``lang``).

    Long text cells are cut with ``…`` to each column's ``max_width``.  On a terminal, or
    when the ``COLUMNS`` environment variable sets a width, the table is made to fit the
    window (``width``): first the widest text columns wrap at word boundaries (no word is
    cut); if that is not enough, the columns with a ``drop`` number are left out, those
    holding one value in every row first, and lines under the table name them
    (``every row: source regus``; ``left out to fit the window: ratio``).  Piped output
    without ``COLUMNS`` keeps every column and one line per row.  Values are coloured by
    each column's ``colour`` callback when colour is enabled.
    """
    if width is None:
        width = terminal_width()
    columns, cells, widths = _layout(rows, all_columns := list(columns), width)
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
    notes = _left_out(rows, all_columns, columns, lang)
    if notes:
        lines.append(fit("\n".join(notes), width=width))
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
