"""Read Eurostat's SDMX TSV ("bulk download") files into a tidy frame.

The layout of Eurostat's TSV ("bulk download") files::

    freq,unit,indic_is,size_emp,geo\\TIME_PERIOD<TAB>2023 <TAB>2024 <CRLF>
    A,PC_ENT,E_SM1_ANY,GE10,BE<TAB>60.9 <TAB>65.2 e<CRLF>
    A,PC_ENT,E_SM1_ANY,GE10,NL<TAB>: <TAB>:C<CRLF>

The first header cell names the dimensions, comma-separated, then a backslash and the name of
the time dimension (``TIME_PERIOD``, or ``time`` in old files); the other header cells are the
periods. Each data line starts with the series key (one code per dimension, comma-separated).

**Observation cells.** A cell is read with one grammar, which the JSON-stat reader also applies
to the string cells Eurostat puts in ``value`` (``":C"``, ``"KG"``)::

    cell   := blank* [ number | ":" ] blank* flags blank*
    number := [+-] digits [ "." digits ] [ ("e" | "E") [+-] digits ]   (or ".5", "5.")
    flags  := zero or more of A-Z a-z "|"        blank := space or tab

``:`` means "not available". The number becomes ``value`` (NaN when absent) and the flags,
verbatim, become ``status`` (missing when empty). So ``"60.9 "`` is 60.9 with no status,
``"65.2 e"`` is 65.2 with status ``e``, ``": "`` and ``""`` are missing with no status,
``":C"`` and ``": c"`` are missing with status ``C`` / ``c``, ``"0n"`` is 0.0 with status ``n``
(Eurostat's "less than half the unit") and a bare ``"KG"`` is missing with status ``KG``.
Anything else (``"12,3.4"``, ``"1.5.6"``, ``"12 e p"``) is an error naming the line and period.

**Output.** The same tidy shape as :func:`adoptstats.formats.jsonstat.read_jsonstat`: one
categorical column per dimension in header order (categories sorted), then ``time``
(categories in header order), ``value`` (float64) and ``status`` (categorical, categories
sorted). Rows are in file order, series by series, periods within a series. With
``dropna=True`` cells with neither a value nor a status are dropped; ``dropna=False`` keeps
every cell of the table (series absent from the file stay absent: Eurostat leaves out series
with no data at all).

Gzip input is decompressed with python-isal (:func:`gunzip`; the standard library's ``gzip``
where it is missing or fails, so errors read the same).

Files whose cells are all ``<number> <flags>``, ``<number>`` or ``:<flags>`` with at most one
space (Eurostat's main database and Comext numbers) go through a fast path: the separator bytes
are checked and the flags read with numpy, then pandas' C parser reads a table of codes and
plain numbers; a minority of odd cells (``KG``, ``0n``) is read with the cell grammar on the
side. Anything else (blank lines, mostly odd cells, errors) takes the general path: one
compiled regular expression over all cells, slower but still vectorised, and the one that
names the line and column of an error. Both give the same frame (the tests check it).
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import math
import os
import re
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

from adoptstats.errors import FormatError

__all__ = ["read_sdmx_tsv"]

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]
ObjectArray: TypeAlias = npt.NDArray[np.object_]

#: Output column names that a dimension may not take.
RESERVED_COLUMNS = frozenset({"time", "value", "status"})

_GZIP_MAGIC = b"\x1f\x8b"
_UTF8_BOM = b"\xef\xbb\xbf"

_NUMBER = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_FLAGS = r"[A-Za-z|]*"
#: One observation cell per line of the joined text (``re.M``); groups: number, flags.
_CELLS_RE = re.compile(rf"^[ \t]*(?:({_NUMBER})|:)?[ \t]*({_FLAGS})[ \t]*$", re.MULTILINE)
_CELL_RE = re.compile(rf"[ \t]*(?:({_NUMBER})|:)?[ \t]*({_FLAGS})[ \t]*")
_FLAGS_RE = re.compile(_FLAGS)


# --------------------------------------------------------------------------------------------
# helpers shared with adoptstats.formats.jsonstat (not part of the public API)


class CellError(Exception):
    """Internal: cell number :attr:`index` of a batch does not follow the cell grammar."""

    def __init__(self, index: int, text: str, reason: str) -> None:
        self.index = index
        self.text = text
        self.reason = reason
        super().__init__(f"cell {index}: {reason}")


def _describe_bad_cell(text: str) -> str | None:
    """Why ``text`` is not a valid cell, or ``None`` when it is."""
    m = _CELL_RE.fullmatch(text)
    if m is None:
        return "not a number or ':' optionally followed by flag letters"
    if m.group(1) is not None and not np.isfinite(float(m.group(1))):
        return "number out of range"
    return None


def _find_bad_cell(cells: Sequence[str]) -> CellError:
    """The first invalid cell of ``cells`` (slow; used only once a batch is known to be bad)."""
    for i, text in enumerate(cells):
        reason = _describe_bad_cell(text) if "\n" not in text and "\r" not in text else "contains a line break"
        if reason is not None:
            return CellError(i, text, reason)
    return CellError(0, cells[0] if cells else "", "unreadable cell")  # pragma: no cover - defensive


def factorize_flags(flags: ObjectArray) -> tuple[IntArray, list[str]]:
    """Codes (``-1`` for no flags) and unique flag strings of an object array of strings."""
    raw_codes, uniques = pd.factorize(flags)
    codes = np.asarray(raw_codes, dtype=np.int64)
    labels = [str(u) for u in uniques]
    if "" in labels:
        empty = labels.index("")
        lookup = np.arange(-1, len(labels), dtype=np.int64)  # lookup[code + 1] == code
        lookup[empty + 1] = -1
        lookup[empty + 2 :] -= 1
        codes = lookup[codes + 1]
        del labels[empty]
    return codes, labels


def parse_cells(cells: Sequence[str] | ObjectArray) -> tuple[FloatArray, IntArray, list[str]]:
    """Split observation cells into values and flags, following the module's cell grammar.

    Returns ``(values, flag_codes, flag_labels)``: ``values`` float64 (NaN where absent),
    ``flag_codes`` int64 indices into ``flag_labels`` (``-1`` where there are no flags).
    Raises :class:`CellError` naming the first invalid cell. Every element must be a ``str``.
    """
    seq: Sequence[str] = cells.tolist() if isinstance(cells, np.ndarray) else cells
    n = len(seq)
    if n == 0:
        return np.empty(0, np.float64), np.empty(0, np.int64), []
    joined = "\n".join(seq)
    matches: list[tuple[str, str]] = []
    if joined.count("\n") == n - 1 and "\r" not in joined:
        matches = _CELLS_RE.findall(joined)
    if len(matches) != n:
        raise _find_bad_cell(seq)
    nums, flags = zip(*matches, strict=True)
    numbers = np.array(nums, dtype=object)
    has = numbers != ""
    values = np.full(n, np.nan, dtype=np.float64)
    if has.any():
        parsed = numbers[has].astype(np.float64)
        if not np.isfinite(parsed).all():
            bad = int(np.flatnonzero(has)[np.flatnonzero(~np.isfinite(parsed))[0]])
            raise CellError(bad, seq[bad], "number out of range")
        values[has] = parsed
    codes, labels = factorize_flags(np.array(flags, dtype=object))
    return values, codes, labels


def sorted_categories(codes: IntArray, labels: list[str]) -> tuple[IntArray, list[str]]:
    """Re-code ``codes`` (``-1`` = missing) so that the categories are sorted."""
    if labels == sorted(labels):
        return codes, labels
    order = sorted(range(len(labels)), key=labels.__getitem__)
    new_labels = [labels[i] for i in order]
    lookup = np.empty(len(labels) + 1, dtype=np.int64)
    lookup[0] = -1
    lookup[np.asarray(order, dtype=np.int64) + 1] = np.arange(len(labels), dtype=np.int64)
    return lookup[codes + 1], new_labels


def small_codes(codes: npt.NDArray[np.integer[Any]], n_categories: int) -> npt.NDArray[np.integer[Any]]:
    """``codes`` in the integer type pandas keeps for ``n_categories`` (so it need not copy them)."""
    dtype = np.int8 if n_categories < 127 else np.int16 if n_categories < 32767 else np.int32
    return codes.astype(dtype, copy=False) if n_categories < 2**31 - 1 else codes


def categorical(codes: npt.NDArray[np.integer[Any]], categories: Sequence[str]) -> pd.Categorical:
    """A categorical from codes (``-1`` = missing) and unique string categories."""
    dtype = pd.CategoricalDtype(pd.Index(list(categories), dtype=str))
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def build_frame(
    dimensions: Sequence[tuple[str, Sequence[str], npt.NDArray[np.integer[Any]]]],
    values: FloatArray,
    status_codes: IntArray,
    status_labels: list[str],
) -> pd.DataFrame:
    """The tidy frame shared by both readers: dimensions, ``value``, ``status``."""
    data: dict[str, Any] = {name: categorical(codes, cats) for name, cats, codes in dimensions}
    data["value"] = np.ascontiguousarray(values, dtype=np.float64)
    scodes, slabels = sorted_categories(status_codes, status_labels)
    data["status"] = categorical(small_codes(scodes, len(slabels)), slabels)
    return pd.DataFrame(data, copy=False)


@functools.cache
def _fast_gunzip() -> Callable[[bytes], bytes] | None:
    """python-isal's ``igzip.decompress`` (a dependency), or ``None`` when it is not installed."""
    try:
        from isal.igzip import decompress
    except ImportError:  # pragma: no cover - isal is a dependency; the fallback is tested by patching
        return None
    return decompress


def gunzip(raw: bytes, where: str) -> bytes:
    """Every member of the gzip data ``raw``, decompressed; :class:`FormatError` if it does not decompress.

    python-isal decompresses about twice as fast as the standard library's ``gzip``. Where it
    fails, or is not installed, ``gzip`` decompresses instead, so the data accepted and the
    error messages are the standard library's.
    """
    fast = _fast_gunzip()
    if fast is not None:
        try:
            return fast(raw)
        except Exception:  # the standard library reads it again and says what is wrong
            pass
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise FormatError(f"{where}: the data starts like gzip but does not decompress: {exc}") from None


# --------------------------------------------------------------------------------------------
# input


def _load_bytes(data: bytes | bytearray | memoryview | str | os.PathLike[str]) -> tuple[bytes, str]:
    """The decompressed bytes of ``data`` and a name for error messages."""
    says_gzip = False
    if isinstance(data, bytes | bytearray | memoryview):
        raw, where = bytes(data), "SDMX TSV"
    elif isinstance(data, str):
        raw, where = data.encode("utf-8", errors="surrogatepass"), "SDMX TSV"
    elif isinstance(data, os.PathLike):
        path = Path(data)
        raw, where = path.read_bytes(), f"SDMX TSV {str(path)!r}"
        says_gzip = path.suffix.lower() == ".gz"
    else:
        raise TypeError(f"read_sdmx_tsv() takes bytes, str or a path, not {type(data).__name__}")
    if raw[:2] == _GZIP_MAGIC:
        raw = gunzip(raw, where)
    elif says_gzip:
        raise FormatError(f"{where}: the file name says gzip but the content is not gzip-compressed")
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    return raw, where


def _normalise(body: bytes, first_line: int, where: str) -> bytes:
    """Check that ``body`` (starting at line ``first_line``) is UTF-8; turn CRLF into LF."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + first_line
        raise FormatError(f"{where}: line {line}: not valid UTF-8 ({exc.reason})") from None
    if b"\r" in body:
        body = body.replace(b"\r\n", b"\n")
        stray = body.find(b"\r")
        if stray >= 0:
            line = body.count(b"\n", 0, stray) + first_line
            raise FormatError(f"{where}: line {line}: carriage return that does not end a line")
    return body


def _parse_header(header: str, where: str) -> tuple[list[str], list[str]]:
    """Dimension names and period labels from the header line."""
    cells = header.split("\t")
    first = cells[0]
    if first.count("\\") != 1:
        raise FormatError(
            f"{where}: line 1, column 1: the first header cell must be like "
            f"'freq,unit,geo\\TIME_PERIOD' (dimensions, a backslash, the time dimension), got {first!r}"
        )
    dims_part, _, time_name = first.partition("\\")
    dims = dims_part.split(",")
    if not time_name.strip():
        raise FormatError(f"{where}: line 1, column 1: no time dimension name after the backslash in {first!r}")
    seen: set[str] = set()
    for i, dim in enumerate(dims, start=1):
        if not dim or dim != dim.strip():
            raise FormatError(f"{where}: line 1, column 1: dimension {i} name {dim!r} is empty or padded")
        if dim in RESERVED_COLUMNS:
            raise FormatError(f"{where}: line 1, column 1: dimension {dim!r} clashes with an output column")
        if dim in seen:
            raise FormatError(f"{where}: line 1, column 1: dimension {dim!r} is named twice")
        seen.add(dim)
    periods = [c.strip() for c in cells[1:]]
    if not periods:
        raise FormatError(f"{where}: line 1: the header has no time-period columns")
    first_seen: dict[str, int] = {}
    for j, period in enumerate(periods, start=2):
        if not period:
            raise FormatError(f"{where}: line 1, column {j}: empty time period")
        if period in first_seen:
            raise FormatError(
                f"{where}: line 1, column {j}: time period {period!r} repeats column {first_seen[period]}"
            )
        first_seen[period] = j
    return dims, periods


Series: TypeAlias = list[tuple[IntArray, list[str]]]


class _Table:
    """The data lines: per dimension the code of each series, then values and flags by cell."""

    def __init__(self, series: Series, values: FloatArray, flag_codes: IntArray, flag_labels: list[str]) -> None:
        self.series = series
        self.values = values
        self.flag_codes = flag_codes
        self.flag_labels = flag_labels


_FLAG_BYTE = np.zeros(256, dtype=bool)
_FLAG_BYTE[np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz|", dtype=np.uint8)] = True
_COLON, _SPACE, _TAB, _ZERO, _CR, _LF, _COMMA = 58, 32, 9, 48, 13, 10, 44


def _read_fast(body: bytes, n_dims: int, n_periods: int, crlf: bool) -> _Table | None:
    """Cells like ``<number> <flags>``, ``<number>`` or ``:<flags>``: numpy on bytes, then the C parser.

    The separator bytes of the whole body (commas, tabs, spaces, line ends, any control byte)
    are checked at once: without the spaces they must repeat ``code,code,... TAB cell TAB cell
    ... EOL`` exactly, and a space may only directly follow a tab (one per cell, between value
    and flags). That fixes where each cell's value and flags are. Flags are read with numpy
    (packed into integers) and blanked, ``:`` becomes ``0`` (and the cell NaN afterwards),
    commas become tabs, and the C parser reads a plain table of codes and numbers. A minority
    of odd cells (``KG``, ``0n``) is read with the cell grammar instead. Returns ``None``
    whenever anything is not exactly so; the general path then reads the file and reports
    any error precisely.
    """
    eol = b"\r\n" if crlf else b"\n"
    if not body.endswith(eol):
        body += eol
    arr = np.frombuffer(body, dtype=np.uint8)
    # separators: comma, tab, space, CR, LF, and any other control byte (which breaks the pattern)
    positions = np.flatnonzero((arr <= _SPACE) | (arr == _COMMA))
    seps = arr[positions]
    is_space = seps == _SPACE
    space_at = np.flatnonzero(is_space)
    if space_at.size and (space_at[0] == 0 or not (seps[space_at - 1] == _TAB).all()):
        return None
    pattern = np.frombuffer(b"," * (n_dims - 1) + b"\t" * n_periods + eol, dtype=np.uint8)
    width = pattern.size
    core_seps = seps[~is_space]
    if core_seps.size % width or not np.array_equal(
        core_seps.reshape(-1, width), np.broadcast_to(pattern, (core_seps.size // width, width))
    ):
        return None
    # now each tab opens a cell, and the separator after it is the cell's space or its end;
    # a cell ends at the next tab, or at the end of its line
    at_tab = np.flatnonzero(seps == _TAB)
    tabs = positions[at_tab]
    after = positions[at_tab + 1]
    has_space = seps[at_tab + 1] == _SPACE
    ends = np.empty_like(tabs)
    ends[:-1] = tabs[1:]
    ends[n_periods - 1 :: n_periods] = positions[seps == eol[0]]
    value_end = after.copy()
    flags_start = after + has_space
    colon = np.flatnonzero(arr[tabs + 1] == _COLON)
    if colon.size:
        spaced = has_space[colon]
        if not (after[colon[spaced]] == tabs[colon[spaced]] + 2).all():  # ":" must be the whole value
            return None
        bare = colon[~spaced]  # ":C": value ":", flags right after it
        value_end[bare] = flags_start[bare] = tabs[bare] + 2
    layout = _Layout(
        tabs=tabs,
        value_end=value_end,
        flags_start=flags_start,
        ends=ends,
        commas=positions[seps == _COMMA],
    )
    table = _fast_table(arr.copy(), layout, n_dims, n_periods, odd=None)
    if table is None:
        # a few cells the C parser cannot take ("0n", "KG", "TRUE"): read those with the
        # cell grammar, the rest as above
        odd = _odd_cells(arr, layout)
        if odd.any() and odd.mean() < 0.5:
            table = _fast_table(arr.copy(), layout, n_dims, n_periods, odd=odd)
    return table


class _Layout:
    """Byte positions of the cells (in file order) and of the commas in the series keys.

    Per cell: the tab before it, the end of its value, the start of its flags, its end.
    """

    def __init__(
        self, tabs: IntArray, value_end: IntArray, flags_start: IntArray, ends: IntArray, commas: IntArray
    ) -> None:
        self.tabs = tabs
        self.value_end = value_end
        self.flags_start = flags_start
        self.ends = ends
        self.commas = commas


def _odd_cells(arr: npt.NDArray[np.uint8], layout: _Layout) -> npt.NDArray[np.bool_]:
    """Cells whose value token is not made of number bytes, or whose flags are not letters."""
    tabs, value_end, flags_start, ends = layout.tabs, layout.value_end, layout.flags_start, layout.ends
    # running counts of bytes that cannot be in a number / in flags (comparisons, not a lookup
    # table: indexing with a 9 MB byte array would build a 72 MB index)
    letter = ((arr >= 65) & (arr <= 90)) | ((arr >= 97) & (arr <= 122))
    number = ((arr >= 48) & (arr <= 58)) | (arr == 43) | (arr == 45) | (arr == 46) | (arr == 69) | (arr == 101)
    bad_value = np.zeros(arr.size + 1, dtype=np.int64)
    np.cumsum(~number, out=bad_value[1:])
    odd = (value_end == tabs + 1) | (bad_value[value_end] != bad_value[tabs + 1])
    bad_flag = bad_value  # reuse the buffer
    np.cumsum(~(letter | (arr == 124)), out=bad_flag[1:])
    odd |= bad_flag[ends] != bad_flag[flags_start]
    odd |= ends - flags_start > 8
    return np.asarray(odd, dtype=bool)


def _blank(arr: npt.NDArray[np.uint8], starts: IntArray, lengths: IntArray) -> None:
    """Overwrite ``lengths[i]`` bytes from ``starts[i]`` with spaces, for every ``i`` at once."""
    total = int(lengths.sum())
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    arr[np.repeat(starts, lengths) + offsets] = _SPACE


def _fast_table(
    arr: npt.NDArray[np.uint8],
    layout: _Layout,
    n_dims: int,
    n_periods: int,
    odd: npt.NDArray[np.bool_] | None,
) -> _Table | None:
    """Read the cells laid out as ``layout`` (``arr`` is changed in place); ``None`` if it fails.

    Cells marked ``odd`` are read with the cell grammar from their text, and blanked to a
    plain ``0`` for the C parser.
    """
    tabs, ends = layout.tabs, layout.ends
    flags_start = layout.flags_start
    odd_values = odd_codes = None
    odd_labels: list[str] = []
    if odd is not None:
        cells = np.flatnonzero(odd)
        try:
            texts = [arr[tabs[i] + 1 : ends[i]].tobytes().decode("utf-8") for i in cells.tolist()]
            odd_values, odd_codes, odd_labels = parse_cells(texts)
        except (UnicodeDecodeError, CellError):
            return None
        _blank(arr, tabs[cells] + 1, ends[cells] - tabs[cells] - 1)
        arr[tabs[cells] + 1] = _ZERO
    first = arr[tabs + 1]
    # every value token must start like a number or ':' (the C parser would read "TRUE" as 1.0)
    if not (((first >= 48) & (first <= 58)) | (first == 43) | (first == 45) | (first == 46)).all():
        return None
    missing = first == _COLON
    arr[tabs[missing] + 1] = _ZERO

    flag_codes = np.full(tabs.size, -1, dtype=np.int64)
    flag_labels: list[str] = []
    lengths = ends - flags_start
    if odd is not None:
        lengths[odd] = 0  # already read and blanked
    flagged = np.flatnonzero(lengths)
    if flagged.size:
        starts, lens = flags_start[flagged], lengths[flagged]
        if int(lens.max()) > 8:
            return None
        # first byte most significant: the integers sort as the (ASCII) strings do
        packed = np.zeros(flagged.size, dtype=np.uint64)
        for k in range(int(lens.max())):
            has = lens > k
            byte = arr[np.where(has, starts + k, 0)]
            if not _FLAG_BYTE[byte[has]].all():
                return None
            packed |= np.where(has, byte, 0).astype(np.uint64) << np.uint64(8 * (7 - k))
        uniques, inverse = np.unique(packed, return_inverse=True)
        flag_labels = [int(u).to_bytes(8, "big").rstrip(b"\0").decode("ascii") for u in uniques]
        flag_codes[flagged] = inverse.ravel()
        _blank(arr, starts, lens)
    arr[layout.commas] = _TAB
    # codes as text (a "category" dtype would turn "01" into 1), cells as numbers
    dtypes: dict[int, Any] = dict.fromkeys(range(n_dims), object)
    dtypes.update(dict.fromkeys(range(n_dims, n_dims + n_periods), np.float64))
    try:
        frame = pd.read_csv(
            io.BytesIO(arr.tobytes()),
            sep="\t",
            header=None,
            names=list(range(n_dims + n_periods)),
            dtype=dtypes,
            na_filter=False,
            quoting=csv.QUOTE_NONE,
            skip_blank_lines=False,
            engine="c",
        )
    except Exception:  # any surprise: the general path reads it again and reports errors
        return None
    values = frame.iloc[:, n_dims:].to_numpy(dtype=np.float64, copy=True).ravel()
    if values.size != missing.size or not np.isfinite(values).all():
        return None
    values[missing] = np.nan
    if odd is not None and odd_values is not None and odd_codes is not None:
        values[odd] = odd_values
        labels = list(dict.fromkeys([*flag_labels, *odd_labels]))
        position = {label: i for i, label in enumerate(labels)}
        lookup = np.array([-1, *(position[label] for label in odd_labels)], dtype=np.int64)
        flag_codes[odd] = lookup[odd_codes + 1]
        flag_labels = labels
    series: Series = []
    for d in range(n_dims):
        codes, uniques = pd.factorize(frame[d].to_numpy(dtype=object), sort=True)
        labels = [str(u) for u in uniques]
        if labels and labels[0] == "":
            return None
        series.append((np.asarray(codes, dtype=np.int64), labels))
    if _duplicated(series).any():
        return None
    return _Table(series, values, flag_codes, flag_labels)


def _duplicated(series: Series) -> npt.NDArray[np.bool_]:
    """Which series repeat an earlier series key."""
    if not series or series[0][0].size == 0:
        return np.zeros(0 if not series else series[0][0].size, dtype=bool)
    if math.prod(len(labels) for _, labels in series) < 2**62:
        combined = np.zeros(series[0][0].size, dtype=np.int64)
        for codes, labels in series:
            combined = combined * len(labels) + codes
        return np.asarray(pd.Series(combined).duplicated().to_numpy(), dtype=bool)
    frame = pd.DataFrame({d: codes for d, (codes, _) in enumerate(series)})
    return np.asarray(frame.duplicated().to_numpy(), dtype=bool)


def _read_general(body: bytes, dims: list[str], periods: list[str], where: str) -> _Table:
    """Any layout the cell grammar allows; errors name their line and period."""
    n_periods = len(periods)
    body = _normalise(body, 2, where)
    if body and not body.endswith(b"\n"):
        body += b"\n"
    arr = np.frombuffer(body, dtype=np.uint8)
    ends = np.flatnonzero(arr == 10)
    starts = np.concatenate([np.zeros(1, dtype=np.int64), ends[:-1] + 1])
    blank = ends == starts
    tabs = np.flatnonzero(arr == 9)
    tab_counts = np.bincount(np.searchsorted(ends, tabs, side="right"), minlength=ends.size)
    ragged = np.flatnonzero(~blank & (tab_counts != n_periods))
    if ragged.size:
        i = int(ragged[0])
        raise FormatError(
            f"{where}: line {i + 2}: {int(tab_counts[i]) + 1} tab-separated fields, "
            f"but the header has {n_periods + 1} (a series key and {n_periods} periods)"
        )
    keep = ~blank
    lines = np.flatnonzero(keep).astype(np.int64) + 2
    if not keep.any():
        series: Series = [(np.empty(0, dtype=np.int64), []) for _ in dims]
        return _Table(series, np.empty(0, np.float64), np.empty(0, np.int64), [])
    frame = pd.read_csv(
        io.BytesIO(body),
        sep="\t",
        header=None,
        names=list(range(n_periods + 1)),
        dtype=object,
        na_filter=False,
        quoting=csv.QUOTE_NONE,
        skip_blank_lines=False,
        engine="c",
    )
    if len(frame) != ends.size:  # pragma: no cover - defensive: the line scan and the parser disagree
        raise FormatError(f"{where}: could not split the file into lines consistently")
    table = frame.to_numpy(dtype=object)[keep]
    cells = table[:, 1:].ravel()
    try:
        values, codes, labels = parse_cells(cells)
    except CellError as exc:
        row, col = divmod(exc.index, n_periods)
        raise FormatError(
            f"{where}: line {int(lines[row])}, column {col + 2} (period {periods[col]!r}): "
            f"cannot read cell {exc.text!r}: {exc.reason}"
        ) from None
    return _Table(_split_keys(table[:, 0].tolist(), lines, dims, where), values, codes, labels)


def _split_keys(keys: list[str], lines: IntArray, dims: list[str], where: str) -> Series:
    """Per dimension: the code of each series and the sorted categories."""
    n_dims = len(dims)
    n_rows = len(keys)
    parts = ",".join(keys).split(",") if n_rows else []
    if len(parts) != n_rows * n_dims:
        for row, key in enumerate(keys):
            if key.count(",") != n_dims - 1:
                raise FormatError(
                    f"{where}: line {int(lines[row])}, column 1: series key {key!r} has "
                    f"{key.count(',') + 1} codes, but the header names {n_dims} dimensions ({','.join(dims)})"
                )
    grid = np.array(parts, dtype=object).reshape(n_rows, n_dims)
    out: list[tuple[IntArray, list[str]]] = []
    for d, dim in enumerate(dims):
        codes, uniques = pd.factorize(grid[:, d], sort=True)
        labels = [str(u) for u in uniques]
        if labels and labels[0] == "":
            row = int(np.flatnonzero(codes == 0)[0])
            raise FormatError(
                f"{where}: line {int(lines[row])}, column 1: empty code for dimension {dim!r} "
                f"in series key {keys[row]!r}"
            )
        out.append((np.asarray(codes, dtype=np.int64), labels))
    duplicated = pd.Index(keys).duplicated()
    if duplicated.any():
        row = int(np.flatnonzero(duplicated)[0])
        first = keys.index(keys[row])
        raise FormatError(
            f"{where}: line {int(lines[row])}, column 1: series key {keys[row]!r} "
            f"already appears on line {int(lines[first])}"
        )
    return out


def read_sdmx_tsv(
    data: bytes | bytearray | memoryview | str | os.PathLike[str], *, dropna: bool = True
) -> pd.DataFrame:
    """Read an Eurostat SDMX TSV file into a tidy frame (one row per cell).

    ``data`` is the content as bytes (gzip-compressed or plain; gzip is recognised by its
    magic bytes), the text as a ``str``, or a path (``os.PathLike``). The result has one
    categorical column per dimension, ``time``, ``value`` (float64) and ``status`` (see the
    module docstring for the cell grammar and the row order). ``dropna=True`` drops cells
    with neither a value nor a status.

    Raises :class:`~adoptstats.errors.FormatError`, naming the line and column, for an empty
    file, a header without ``dims\\TIME_PERIOD``, ragged lines, bad series keys, duplicate
    series, unreadable cells (``12,3.4``) and data that claims to be gzip but is not.
    """
    raw, where = _load_bytes(data)
    if not raw or raw.isspace():
        raise FormatError(f"{where}: empty file")
    newline = raw.find(b"\n")
    header_bytes, body = (raw, b"") if newline < 0 else (raw[:newline], raw[newline + 1 :])
    crlf = header_bytes.endswith(b"\r")
    dims, periods = _parse_header(_normalise(header_bytes.removesuffix(b"\r"), 1, where).decode("utf-8"), where)
    n_periods = len(periods)
    table = _read_fast(body, len(dims), n_periods, crlf) if body else None
    if table is None:
        table = _read_general(body, dims, periods, where)
    series = table.series

    keep = np.ones(table.values.size, dtype=bool)
    if dropna:
        keep = ~np.isnan(table.values) | (table.flag_codes >= 0)
    rows, cols = np.divmod(np.flatnonzero(keep), n_periods)
    dimensions: list[tuple[str, Sequence[str], npt.NDArray[np.integer[Any]]]] = [
        (dim, labels, small_codes(codes, len(labels))[rows]) for dim, (codes, labels) in zip(dims, series, strict=True)
    ]
    dimensions.append(("time", periods, small_codes(np.arange(n_periods), n_periods)[cols]))
    return build_frame(dimensions, table.values[keep], table.flag_codes[keep], table.flag_labels)
