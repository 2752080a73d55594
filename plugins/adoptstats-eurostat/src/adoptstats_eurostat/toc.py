"""Eurostat's table of contents (``/catalogue/toc/txt``): reading it into a frame and searching it.

The table of contents lists every Eurostat dataset and table, not only the catalogued
adoption datasets of :mod:`adoptstats_eurostat.datasets`; search results put those first.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable

import pandas as pd

from adoptstats import FormatError
from adoptstats_eurostat.datasets import DATASETS

__all__ = ["TOC_COLUMNS", "parse_toc", "search_toc"]

#: Columns of :func:`parse_toc`.
TOC_COLUMNS = (
    "code",
    "title",
    "type",
    "last_update",
    "last_structure_change",
    "data_start",
    "data_end",
    "values",
    "level",
    "folder",
)
_TOC_HEADER = (
    "title",
    "code",
    "type",
    "last update of data",
    "last table structure change",
    "data start",
    "data end",
    "values",
)


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
    except ValueError:
        return None


def parse_toc(data: bytes | str) -> pd.DataFrame:
    """Read Eurostat's table of contents (``/catalogue/toc/txt``) into a frame, one row per code.

    The text is tab-separated with quoted values; the hierarchy is written as four leading
    spaces per level inside the title. Rows are deduplicated by code (a dataset can sit in
    several folders; the first place wins). Columns: :data:`TOC_COLUMNS` (``folder`` is the
    title of the enclosing folder, dates are :class:`datetime.date`).

    :raises FormatError: when the header is not the one Eurostat writes.
    """
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"')
    try:
        header = next(reader)
    except StopIteration:
        raise FormatError("Eurostat table of contents: the text is empty") from None
    names = tuple(h.strip().lower() for h in header)
    if names[: len(_TOC_HEADER)] != _TOC_HEADER:
        raise FormatError(
            f"Eurostat table of contents: unexpected header {list(header)[:8]!r}; expected {list(_TOC_HEADER)!r}"
        )
    rows: list[tuple[object, ...]] = []
    seen: set[str] = set()
    folders: list[str] = []
    for line_no, row in enumerate(reader, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) < 3:
            raise FormatError(f"Eurostat table of contents, line {line_no}: {len(row)} fields, expected 8")
        row = row + [""] * (8 - len(row))
        raw_title, code, kind = row[0], row[1].strip(), row[2].strip()
        level = (len(raw_title) - len(raw_title.lstrip(" "))) // 4
        title = " ".join(raw_title.split())
        del folders[level:]
        parent = next((f for f in reversed(folders) if f), None)
        if kind == "folder":
            folders.extend([""] * (level - len(folders)))
            folders.append(title)
        if not code or code in seen:
            continue
        seen.add(code)
        values = row[7].strip()
        rows.append(
            (
                code,
                title,
                kind,
                _date(row[3]),
                _date(row[4]),
                row[5].strip() or None,
                row[6].strip() or None,
                int(values) if values.isdigit() else None,
                level,
                parent or None,
            )
        )
    frame = pd.DataFrame(rows, columns=list(TOC_COLUMNS))
    frame["values"] = frame["values"].astype("Int64")
    frame["level"] = frame["level"].astype("int64")
    return frame


def search_toc(toc: pd.DataFrame, text: str, *, types: Iterable[str] = ("dataset", "table")) -> pd.DataFrame:
    """Rows of a parsed table of contents whose title or code holds every word of ``text`` (any case).

    Catalogued adoption datasets come first, then the rest in table-of-contents order.
    """
    words = [w for w in re.split(r"\s+", text.strip().lower()) if w]
    kinds = set(types)
    mask = toc["type"].isin(kinds) if kinds else pd.Series(True, index=toc.index)
    haystack = (toc["title"].astype(str) + " " + toc["code"].astype(str)).str.lower()
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    found = toc[mask].copy()
    found["catalogued"] = found["code"].isin(list(DATASETS))
    return found.sort_values("catalogued", ascending=False, kind="stable").reset_index(drop=True)
