"""Read SDMX-CSV (versions 1.0 and 2.0, with or without label columns) into a tidy frame.

SDMX-CSV is what the OECD's SDMX REST service sends for ``format=csvfile`` and
``format=csvfilewithlabels`` (or the ``Accept`` header
``application/vnd.sdmx.data+csv; version=2.0``)::

    STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,FREQ,MEASURE,...,TIME_PERIOD,OBS_VALUE,OBS_STATUS,...
    DATAFLOW,OECD.STI.DEP:DSD_ICT_B@DF_BUSINESSES(1.0),I,BEL,A,B1_B,...,2023,88.1,A,...

**Leading columns.** Version 2.0 starts with ``STRUCTURE``, ``STRUCTURE_ID``, optionally
``STRUCTURE_NAME`` (the dataflow's name, when labels were asked for) and optionally
``ACTION``; version 1.0 starts with a single ``DATAFLOW`` column. Their values are not
observations: the dataflow ids go to :attr:`SdmxCsvData.structures` and their names to
:attr:`SdmxCsvData.structure_names`.

**Components.** The columns that follow are, in order, the dimensions, ``TIME_PERIOD``,
``OBS_VALUE`` and the attributes (``OBS_STATUS``, ``DECIMALS``, ``UNIT_MULT`` ...). The
reader needs no data structure definition: every column before ``TIME_PERIOD`` is a dimension,
every column after ``OBS_VALUE`` an attribute.

**Label columns.** With ``format=csvfilewithlabels`` the OECD follows each code column by a
column of labels (``REF_AREA``, ``Reference area``; ``MEASURE``, ``Measure`` ...), and the
leading block holds ``STRUCTURE_NAME``. The reader recognises this (``labels=None``) by the
``STRUCTURE_NAME`` column, or is told with ``labels=True``/``False``. Labels are never mixed
into the codes: :attr:`SdmxCsvData.labels` maps each column to ``{code: label}`` (the label on
the first row where the code appears; empty labels are left out) and
:attr:`SdmxCsvData.names` maps each column to its label header (``"Reference area"``).
Combined ``CODE: Label`` cells (the SDMX-CSV ``labels=both`` form) are refused with a message
saying to ask for ``csvfile`` or ``csvfilewithlabels`` instead.

**Output.** :attr:`SdmxCsvData.frame` has the shape of the other readers
(:func:`adoptstats.formats.read_sdmx_tsv`, :func:`adoptstats.formats.read_jsonstat`): one
categorical column per dimension, named by its id, in file order (``TIME_PERIOD`` last,
categories sorted), then ``value`` (float64, NaN where the cell is empty or ``NaN``),
``status`` (categorical, from ``OBS_STATUS``, or ``OBS_FLAG`` in Eurostat's files; missing
where empty) and every other attribute as a categorical column under its id (missing where
empty). Rows are in file order. With ``dropna=True`` (the default) rows with neither a value
nor a status are dropped.

**Errors.** Anything malformed raises :class:`~adoptstats.errors.FormatError` naming the line
and column: a header without ``TIME_PERIOD`` or ``OBS_VALUE``, columns named twice, rows with
too few or too many fields, an empty dimension code, a value that is not a number, a
dimension/period combination that repeats an earlier row, text that is not UTF-8.

**Speed.** Well-formed files go through pandas' C parser (only the code columns are
converted; labels are read from the few lines where a code first appears) and are then
checked column by column on their distinct values. Any doubt (a parse error, a quoted line
break, a bad value) sends the file through a general path with Python's :mod:`csv` module, which
gives the same frame and names the line and column of an error.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import re
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from adoptstats.errors import FormatError

__all__ = ["SdmxCsvData", "SdmxCsvInput", "read_sdmx_csv"]

#: What :func:`read_sdmx_csv` accepts: the bytes (plain or gzip), the text, or a path.
SdmxCsvInput: TypeAlias = bytes | bytearray | memoryview | str | os.PathLike[str]

IntArray: TypeAlias = npt.NDArray[np.int64]

_TIME = "TIME_PERIOD"
_VALUE = "OBS_VALUE"
_STATUS_COLUMNS = ("OBS_STATUS", "OBS_FLAG")
_RESERVED = frozenset({"value", "status"})
_LEADING_V2 = ("STRUCTURE", "STRUCTURE_ID")
_V2_OPTIONAL = ("STRUCTURE_NAME", "ACTION")
_NUMBER_RE = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_MISSING_VALUES = frozenset({"", "NaN"})
_GZIP_MAGIC = b"\x1f\x8b"
_UTF8_BOM = b"\xef\xbb\xbf"


@attrs.frozen(kw_only=True)
class SdmxCsvData:
    """An SDMX-CSV file read: the tidy frame and, alongside it, what the file says about its codes."""

    #: One row per observation: dimensions, ``value``, ``status``, other attributes (see the module docstring).
    frame: pd.DataFrame = attrs.field(eq=False, repr=lambda f: f"<{len(f)} rows>")
    #: ``"1.0"`` (leading ``DATAFLOW`` column) or ``"2.0"`` (``STRUCTURE``, ``STRUCTURE_ID`` ...).
    version: str
    #: The dataflow ids of the rows, in order of appearance (``OECD.STI.DEP:DSD_ICT_B@DF_BUSINESSES(1.0)``).
    structures: tuple[str, ...]
    #: Dataflow id → its name, when the file has ``STRUCTURE_NAME``.
    structure_names: dict[str, str]
    #: The dimension ids, ``TIME_PERIOD`` last.
    dimensions: tuple[str, ...]
    #: The attribute ids as in the file (``OBS_STATUS`` included).
    attributes: tuple[str, ...]
    #: Component id → its label header (``"REF_AREA"`` → ``"Reference area"``), for files with labels.
    names: dict[str, str]
    #: Component id → ``{code: label}``, for files with labels (empty labels left out).
    labels: dict[str, dict[str, str]]


@attrs.frozen(kw_only=True)
class _Layout:
    """Where things are in a file: the header read and classified."""

    where: str
    version: str
    header: list[str]
    #: (column index, id) of every component column, in file order.
    components: list[tuple[int, str]]
    #: Component id → index of its label column.
    label_of: dict[str, int]
    structure_at: int
    structure_name_at: int | None
    n_dims: int  # TIME_PERIOD included

    @property
    def ids(self) -> list[str]:
        return [name for _, name in self.components]

    @property
    def attributes(self) -> list[str]:
        return self.ids[self.n_dims + 1 :]

    def where_column(self, index: int) -> str:
        return f"column {index + 1} ({self.header[index]})"


class _BadCell(Exception):
    """Internal: row ``row`` (0-based, data rows only), file column ``column`` is wrong."""

    def __init__(self, row: int, column: int, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.column = column
        self.message = message


# --------------------------------------------------------------------------------------------
# input and header


def _load_bytes(data: SdmxCsvInput) -> tuple[bytes, str]:
    """The decompressed bytes of ``data`` (BOM removed) and a name for error messages."""
    if isinstance(data, bytes | bytearray | memoryview):
        raw, where = bytes(data), "SDMX-CSV"
    elif isinstance(data, str):
        raw, where = data.encode("utf-8", errors="surrogatepass"), "SDMX-CSV"
    elif isinstance(data, os.PathLike):
        path = Path(data)
        raw, where = path.read_bytes(), f"SDMX-CSV {str(path)!r}"
    else:
        raise TypeError(f"read_sdmx_csv() takes bytes, str or a path, not {type(data).__name__}")
    if raw[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise FormatError(f"{where}: the data starts like gzip but does not decompress: {exc}") from None
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    return raw, where


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise FormatError(f"{where}: line {line}: not valid UTF-8 ({exc.reason})") from None


def _header_cells(raw: bytes, where: str) -> tuple[list[str], int]:
    """The header's cells and the byte offset where the data lines start."""
    end = raw.find(b"\n")
    line = raw if end < 0 else raw[:end]
    text = _decode(line, where).removesuffix("\r")
    if "\r" in text:
        raise FormatError(f"{where}: line 1: carriage return inside the header")
    try:
        rows = list(csv.reader([text], strict=True))
    except csv.Error as exc:
        raise FormatError(f"{where}: line 1: the header is not valid CSV ({exc})") from None
    if len(rows) != 1:  # pragma: no cover - one line of text is one row
        raise FormatError(f"{where}: line 1: the header is not one CSV row")
    return rows[0], (len(raw) if end < 0 else end + 1)


def _leading(header: list[str], where: str) -> tuple[str, int, int | None, int]:
    """Version, index of the dataflow id, of its name (or None), and of the first component column."""
    if header[:1] == ["DATAFLOW"]:
        return "1.0", 0, None, 1
    if tuple(header[:2]) == _LEADING_V2:
        i, name_at = 2, None
        for optional in _V2_OPTIONAL:
            if i < len(header) and header[i] == optional:
                if optional == "STRUCTURE_NAME":
                    name_at = i
                i += 1
        return "2.0", 1, name_at, i
    raise FormatError(
        f"{where}: line 1, column 1: SDMX-CSV starts with DATAFLOW (version 1.0) or STRUCTURE,STRUCTURE_ID "
        f"(version 2.0), not {','.join(header[:3])!r}"
    )


def _layout(header: list[str], where: str, labels: bool | None) -> _Layout:
    version, structure_at, name_at, first = _leading(header, where)
    with_labels = name_at is not None if labels is None else labels
    components: list[tuple[int, str]] = []
    label_of: dict[str, int] = {}
    step = 2 if with_labels else 1
    if with_labels and (len(header) - first) % 2:
        raise FormatError(
            f"{where}: line 1: a file with labels has a label column after each code column, but "
            f"{len(header) - first} columns follow the leading ones (an odd number)"
        )
    seen: dict[str, int] = {}
    for i in range(first, len(header), step):
        name = header[i]
        if not name or name != name.strip():
            raise FormatError(f"{where}: line 1, column {i + 1}: component id {name!r} is empty or padded")
        if ": " in name:
            raise FormatError(
                f"{where}: line 1, column {i + 1}: {name!r} combines a code and a label (SDMX-CSV labels=both); "
                "ask the service for format=csvfile or format=csvfilewithlabels instead"
            )
        if name in _RESERVED:
            raise FormatError(f"{where}: line 1, column {i + 1}: component {name!r} clashes with an output column")
        if name in seen:
            raise FormatError(f"{where}: line 1, column {i + 1}: component {name!r} repeats column {seen[name] + 1}")
        seen[name] = i
        components.append((i, name))
        if with_labels:
            label_of[name] = i + 1
    ids = [name for _, name in components]
    for required in (_TIME, _VALUE):
        if required not in seen:
            raise FormatError(f"{where}: line 1: no {required} column (the header has {','.join(header)})")
    n_dims = ids.index(_TIME) + 1
    if ids.index(_VALUE) != n_dims:
        raise FormatError(
            f"{where}: line 1, column {seen[_VALUE] + 1}: OBS_VALUE must directly follow the dimensions "
            f"ending with TIME_PERIOD (column {seen[_TIME] + 1})"
        )
    return _Layout(
        where=where,
        version=version,
        header=header,
        components=components,
        label_of=label_of,
        structure_at=structure_at,
        structure_name_at=name_at,
        n_dims=n_dims,
    )


# --------------------------------------------------------------------------------------------
# tokenising: fast (pandas' C parser) and general (csv module)


@attrs.frozen(kw_only=True)
class _Columns:
    """Factorised code columns: column index → (codes, sorted uniques); codes are -1 nowhere."""

    n_rows: int
    factors: dict[int, tuple[IntArray, list[str]]]
    #: column index → {code: label}; filled by the tokeniser.
    labels: dict[int, dict[str, str]]
    #: data row → line number (1-based), or None when row i is on line i + 2.
    lines: IntArray | None


def _needed(layout: _Layout) -> list[int]:
    """The columns the frame is built from: the dataflow id and the components."""
    return sorted({layout.structure_at, *(i for i, _ in layout.components)})


def _label_columns(layout: _Layout) -> dict[int, int]:
    """Code column index → label column index (``STRUCTURE_ID`` → ``STRUCTURE_NAME`` included)."""
    out = {i: layout.label_of[name] for i, name in layout.components if name in layout.label_of}
    if layout.structure_name_at is not None:
        out[layout.structure_at] = layout.structure_name_at
    return out


def _tokenise_fast(raw: bytes, start: int, layout: _Layout) -> _Columns | None:
    """Every column through pandas' C parser, or ``None`` when anything looks unusual.

    Cells are read as text (type inference would turn the code ``"01"`` into ``1``). A long
    row is a parse error; a short row is filled in by pandas, so the separators are counted:
    with no row longer than the header, the right total means every row is complete. A row
    count that differs from the line count (a quoted line break, a lone carriage return, a
    blank line) sends the file to the general path, which says where the problem is.
    """
    body = memoryview(raw)[start:]
    if not len(body):
        return None
    n_lines = raw.count(b"\n", start) + (raw[-1:] != b"\n")
    width = len(layout.header)
    if _unquoted_commas(raw, start) != n_lines * (width - 1):
        return None
    try:
        frame = pd.read_csv(
            io.BytesIO(body),
            header=None,
            names=list(range(width)),
            dtype=object,
            na_filter=False,
            skip_blank_lines=False,
            low_memory=False,
            engine="c",
            encoding="utf-8",
        )
    except Exception:  # any surprise: the general path reads it again and reports errors
        return None
    if len(frame) != n_lines:
        return None
    factors: dict[int, tuple[IntArray, list[str]]] = {}
    for col in _needed(layout):
        raw_codes, found_uniques = pd.factorize(frame[col].to_numpy(dtype=object), sort=True)
        codes = np.asarray(raw_codes, dtype=np.int64)
        if (codes < 0).any():  # pragma: no cover - na_filter=False leaves no missing cell
            return None
        factors[col] = (codes, [str(u) for u in found_uniques])
    labels: dict[int, dict[str, str]] = {}
    for code_col, label_col in _label_columns(layout).items():
        codes, uniques = factors[code_col]
        found = frame[label_col].to_numpy(dtype=object)[_first_rows(codes, len(uniques))].tolist()
        labels[code_col] = {code: str(label) for code, label in zip(uniques, found, strict=True) if label}
    return _Columns(n_rows=n_lines, factors=factors, labels=labels, lines=None)


def _unquoted_commas(raw: bytes, start: int) -> int:
    """How many commas from ``start`` on are separators (outside double quotes)."""
    if raw.find(b'"', start) < 0:
        return raw.count(b",", start)
    arr = np.frombuffer(raw, dtype=np.uint8)[start:]
    at = np.flatnonzero((arr == 44) | (arr == 34))
    quote = arr[at] == 34
    inside = (np.cumsum(quote, dtype=np.uint8) & 1).astype(bool)  # odd number of quotes so far (mod 256)
    return int(np.count_nonzero(~quote & ~inside))


def _first_rows(codes: IntArray, n: int) -> IntArray:
    """The first row of each code ``0 .. n - 1`` (every code occurs)."""
    rows = np.flatnonzero(~pd.Series(codes).duplicated().to_numpy())
    first = np.empty(n, dtype=np.int64)
    first[codes[rows]] = rows
    return first


def _tokenise_general(raw: bytes, start: int, layout: _Layout) -> _Columns:
    """Every row through :mod:`csv`; a wrong number of fields is reported with its line."""
    where = layout.where
    text = _decode(raw, where)
    width = len(layout.header)
    needed = _needed(layout)
    pairs = _label_columns(layout)
    reader = csv.reader(io.StringIO(text[len(raw[:start].decode("utf-8")) :], newline=""), strict=False)
    columns: dict[int, list[str]] = {c: [] for c in needed}
    labels: dict[int, dict[str, str]] = {c: {} for c in pairs}
    lines: list[int] = []
    try:
        for cells in reader:
            line = reader.line_num + 1
            if not cells:
                continue  # a blank line
            if len(cells) != width:
                raise FormatError(f"{where}: line {line}: {len(cells)} fields, but the header has {width}")
            for c in needed:
                columns[c].append(cells[c])
            for code_col, label_col in pairs.items():
                labels[code_col].setdefault(cells[code_col], cells[label_col])
            lines.append(line)
    except csv.Error as exc:
        raise FormatError(f"{where}: line {reader.line_num + 1}: not valid CSV ({exc})") from None
    factors: dict[int, tuple[IntArray, list[str]]] = {}
    for c in needed:
        codes, uniques = pd.factorize(np.array(columns[c], dtype=object), sort=True)
        factors[c] = (np.asarray(codes, dtype=np.int64), [str(u) for u in uniques])
    labels = {c: {code: label for code, label in found.items() if label} for c, found in labels.items()}
    return _Columns(n_rows=len(lines), factors=factors, labels=labels, lines=np.asarray(lines, dtype=np.int64))


# --------------------------------------------------------------------------------------------
# from code columns to the frame


def _first_row(codes: IntArray, bad: Sequence[int]) -> int:
    """The first row whose code is one of ``bad``."""
    return int(np.flatnonzero(np.isin(codes, np.asarray(bad, dtype=np.int64)))[0])


def _values(codes: IntArray, uniques: list[str], column: int) -> npt.NDArray[np.float64]:
    lookup = np.empty(len(uniques), dtype=np.float64)
    for k, text in enumerate(uniques):
        if text in _MISSING_VALUES:
            lookup[k] = np.nan
            continue
        number = float(text) if _NUMBER_RE.fullmatch(text) else None
        if number is None or not np.isfinite(number):
            why = "number out of range" if number is not None else "not a number (nor empty or NaN)"
            raise _BadCell(_first_row(codes, [k]), column, f"cannot read value {text!r}: {why}")
        lookup[k] = number
    return lookup[codes] if len(uniques) else np.empty(0, dtype=np.float64)


def _categorical(codes: IntArray, uniques: list[str], *, empty_is_missing: bool) -> pd.Categorical:
    if empty_is_missing and uniques and uniques[0] == "":  # sorted: "" comes first
        codes = codes - 1
        uniques = uniques[1:]
    n = len(uniques)
    small: npt.NDArray[np.integer[Any]] = codes.astype(
        np.int8 if n < 127 else np.int16 if n < 32767 else np.int32, copy=False
    )
    dtype = pd.CategoricalDtype(pd.Index(list(uniques), dtype=str))
    return pd.Categorical.from_codes(small, dtype=dtype, validate=False)


def _duplicated(layout: _Layout, columns: _Columns) -> None:
    dims = [columns.factors[i] for i, _ in layout.components[: layout.n_dims]]
    if columns.n_rows < 2:
        return
    combined = np.zeros(columns.n_rows, dtype=np.int64)
    overflow = 1
    for _, uniques in dims:
        overflow *= max(1, len(uniques))
    if overflow < 2**62:
        for codes, uniques in dims:
            combined = combined * max(1, len(uniques)) + codes
        dup = pd.Series(combined).duplicated().to_numpy()
    else:  # pragma: no cover - more than 2**62 possible keys
        dup = pd.DataFrame({k: codes for k, (codes, _) in enumerate(dims)}).duplicated().to_numpy()
    if dup.any():
        row = int(np.flatnonzero(dup)[0])
        first = int(np.flatnonzero(combined == combined[row])[0]) if overflow < 2**62 else -1
        key = ", ".join(
            f"{name}={dims[k][1][dims[k][0][row]]}" for k, (_, name) in enumerate(layout.components[: layout.n_dims])
        )
        raise _BadCell(row, layout.components[0][0], f"observation {key} repeats data row {first + 1}")


def _build(layout: _Layout, columns: _Columns, dropna: bool) -> SdmxCsvData:
    """The frame and its metadata; raises :class:`_BadCell` for a bad code or value."""
    data: dict[str, Any] = {}
    for i, name in layout.components[: layout.n_dims]:
        codes, uniques = columns.factors[i]
        if uniques and uniques[0] == "":
            raise _BadCell(_first_row(codes, [0]), i, f"empty code for dimension {name!r}")
        data[name] = _categorical(codes, uniques, empty_is_missing=False)
    value_at = layout.components[layout.n_dims][0]
    data["value"] = _values(*columns.factors[value_at], value_at)
    attributes = layout.attributes
    status = next((s for s in _STATUS_COLUMNS if s in attributes), None)
    by_id = {name: i for i, name in layout.components}
    order = ([status] if status else []) + [a for a in attributes if a != status]
    for name in order:
        codes, uniques = columns.factors[by_id[name]]
        data["status" if name == status else name] = _categorical(codes, uniques, empty_is_missing=True)
    if "status" not in data:
        data["status"] = pd.Categorical.from_codes(
            np.full(columns.n_rows, -1, dtype=np.int8), dtype=pd.CategoricalDtype(pd.Index([], dtype=str))
        )
    frame = pd.DataFrame(data, copy=False)
    _duplicated(layout, columns)
    if dropna and len(frame):
        keep = ~(np.isnan(frame["value"].to_numpy()) & frame["status"].isna().to_numpy())
        if not keep.all():
            frame = frame.loc[keep].reset_index(drop=True)
    s_codes, s_uniques = columns.factors[layout.structure_at]
    first = _first_rows(s_codes, len(s_uniques))
    structures = tuple(s_uniques[k] for k in np.argsort(first, kind="stable").tolist())
    names_by_col = columns.labels.get(layout.structure_at, {})
    labels = {name: columns.labels.get(i, {}) for i, name in layout.components if name in layout.label_of}
    return SdmxCsvData(
        frame=frame,
        version=layout.version,
        structures=structures,
        structure_names={s: names_by_col[s] for s in structures if s in names_by_col},
        dimensions=tuple(layout.ids[: layout.n_dims]),
        attributes=tuple(attributes),
        names={name: layout.header[layout.label_of[name]] for name in layout.ids if name in layout.label_of},
        labels=labels,
    )


# --------------------------------------------------------------------------------------------
# the reader


def read_sdmx_csv(data: SdmxCsvInput, *, dropna: bool = True, labels: bool | None = None) -> SdmxCsvData:
    """Read an SDMX-CSV file (1.0 or 2.0, with or without label columns).

    ``data`` is the content as bytes (plain or gzip-compressed, recognised by its magic
    bytes), the text as a ``str``, or a path. ``labels`` says whether each code column is
    followed by a label column (``None``: when the file has ``STRUCTURE_NAME``). Returns an
    :class:`SdmxCsvData`: its :attr:`~SdmxCsvData.frame` is the tidy frame described in the
    module docstring, and the labels come alongside.

    >>> from adoptstats.formats import read_sdmx_csv
    >>> text = "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS\\nX:F(1.0),BEL,2023,88.1,B\\n"
    >>> read_sdmx_csv(text).frame
      REF_AREA TIME_PERIOD  value status
    0      BEL        2023   88.1      B

    Raises :class:`~adoptstats.errors.FormatError` naming the line and column of what is wrong.
    """
    raw, where = _load_bytes(data)
    if not raw[:4096].strip() and not raw.strip():
        raise FormatError(f"{where}: empty file")
    header, start = _header_cells(raw, where)
    layout = _layout(header, where, labels)
    columns = _tokenise_fast(raw, start, layout)
    if columns is not None:
        try:
            return _build(layout, columns, dropna)
        except _BadCell:
            pass  # read again below, where the row's line is known
    columns = _tokenise_general(raw, start, layout)
    try:
        return _build(layout, columns, dropna)
    except _BadCell as exc:
        lines = columns.lines
        line = int(lines[exc.row]) if lines is not None else exc.row + 2
        message = exc.message
        if "repeats data row" in message and lines is not None:
            row = int(message.rsplit(" ", 1)[1]) - 1
            message = message.replace(f"data row {row + 1}", f"line {int(lines[row])}")
        raise FormatError(f"{where}: line {line}, {layout.where_column(exc.column)}: {message}") from None
