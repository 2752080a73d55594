"""Decode JSON-stat 2.0 datasets, as Eurostat's statistics API sends them, into a tidy frame.

The frame has one **categorical** column per dimension, in ``id`` order (categories in the
document's index order; the time dimension keeps its id, e.g. ``time``), then ``value``
(float64, NaN where there is none) and ``status`` (categorical, sorted categories, missing
where there is none). Rows are in cube order (the flat index, last dimension fastest).

What is read, and how (the JSON-stat 2.0 dataset answer of Eurostat's Statistics API):

- ``value`` as an object keyed by flat index (sparse, Eurostat's form; keys must be canonical
  non-negative decimal integers) or as an array over the whole cube (``null`` = no value).
- ``size`` as integers, or as strings of ASCII digits (``"3"``), which are read as the numbers
  they spell, as pyjstat reads them.
- ``status`` as one string (it applies to every cell that has a value), a one-entry array
  (the same, as the JSON-stat toolkit reads json-stat.org's ``canada.json``), an array over
  the cube or an object keyed like ``value``. Empty strings and ``null`` mean no status. The
  text is kept verbatim: the post-2025 form ``"|C"`` stays ``"|C"``; its label
  (``extension.status.label``) is in :attr:`JsonStatData.status_labels`.
- **String cells** in ``value`` (Comext/Prodcom send ``":C"`` and ``"KG"``) follow the cell
  grammar of the SDMX TSV reader (:mod:`adoptstats.formats.sdmx_tsv`): an optional number or
  ``:``, then optional flag letters. The number (if any) becomes ``value``; the flag letters
  become ``status`` when the cell has no status of its own. So ``":C"`` gives value NaN and
  status ``C``, ``"KG"`` gives value NaN and status ``KG``, ``"12.5"`` gives 12.5. This is
  exactly how the same cells read from Eurostat's TSV of the same query (``:C`` and ``KG``
  there too), so the two formats give equal frames. Other strings are refused with a
  :class:`~adoptstats.errors.FormatError` naming the position: json-stat.org's ``order.json``,
  whose values are labels such as ``"A1B1C1"``, is not read.
- Category ``index`` as an array of codes or an object code → position; a single category may
  have a ``label`` and no ``index``. Dimensions of size 0 (Eurostat's answer to a filter that
  matched nothing) give an empty frame.
- ``extension.positions-with-no-data`` is checked (known dimensions, positions in range) and
  kept in :attr:`JsonStatData.extension`; those cells carry no value and drop out with
  ``dropna=True`` like any other empty cell.

With ``dropna=True`` (the default) a row is kept when it has a value or a status: a sparse
Eurostat answer means exactly that. ``dropna=False`` gives every cell of the cube.

The JSON is parsed with orjson (the standard library's ``json`` when orjson is not
installed). Text orjson refuses but the standard library reads (``NaN`` aside, which is
refused) is read by the standard library, and a malformed document is read again by it, so
documents, metadata and error messages do not depend on the parser.

Anything malformed raises :class:`~adoptstats.errors.FormatError` saying what is wrong and
where (dimension, key, position). The work is vectorised: keys and values go through
``np.fromiter``, coordinates come from ``np.unravel_index`` and categoricals from codes.
"""

from __future__ import annotations

import math
import os
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from adoptstats.errors import FormatError
from adoptstats.formats import json_text
from adoptstats.formats.sdmx_tsv import (
    RESERVED_COLUMNS,
    CellError,
    FloatArray,
    IntArray,
    build_frame,
    factorize_flags,
    gunzip,
    parse_cells,
    small_codes,
)

__all__ = ["JsonStatData", "JsonStatInput", "decode_jsonstat", "read_jsonstat"]

#: What :func:`decode_jsonstat` and :func:`read_jsonstat` accept.
JsonStatInput: TypeAlias = bytes | bytearray | memoryview | str | os.PathLike[str] | Mapping[str, Any]

#: Largest cube (product of ``size``) accepted: flat indices must fit in int64 arithmetic.
#: Far above anything Eurostat serves (its extraction cap is 5,000,000 cells).
MAX_CUBE_CELLS = 2**53

#: Largest cube that ``dropna=False`` expands into rows.
MAX_EXPANDED_CELLS = 2**31

_GZIP_MAGIC = b"\x1f\x8b"
_NUMBER_TYPES = frozenset({float, int})
_KIND: dict[type, int] = {float: 0, int: 0, str: 1, type(None): 2}
_CELL_TYPES = frozenset(_KIND)
_MAX_FLOAT = float(np.finfo(np.float64).max)


def _frame_equal(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return bool(a.equals(b)) and list(a.columns) == list(b.columns)


@attrs.frozen(kw_only=True)
class JsonStatData:
    """A decoded JSON-stat dataset: the tidy :attr:`frame` plus the document's metadata.

    Equality compares the frames with :meth:`pandas.DataFrame.equals`; hashing ignores the
    frame and the dictionaries.
    """

    #: One categorical column per dimension, then ``value`` and ``status``.
    frame: pd.DataFrame = attrs.field(eq=attrs.cmp_using(eq=_frame_equal), hash=False, repr=False)
    #: The dataset's ``label``.
    label: str | None = None
    #: The ``updated`` timestamp, as written (Eurostat: ``2026-09-22T11:00:00+0200``).
    updated: str | None = None
    #: The ``source`` (Eurostat: ``ESTAT``).
    source: str | None = None
    #: Dimension id → dimension label (the id itself when the document gives no label).
    dimension_names: dict[str, str] = attrs.field(factory=dict, hash=False)
    #: Dimension id → category code → category label (codes without a label are left out).
    dimension_labels: dict[str, dict[str, str]] = attrs.field(factory=dict, hash=False)
    #: Status code → label, from ``extension.status.label`` (e.g. ``{"|C": "|confidential"}``).
    status_labels: dict[str, str] = attrs.field(factory=dict, hash=False)
    #: The document's ``extension`` object, unchanged (``{}`` when absent).
    extension: dict[str, Any] = attrs.field(factory=dict, hash=False)


# --------------------------------------------------------------------------------------------
# loading


def _load(data: JsonStatInput) -> tuple[Any, str, bytes | str | None]:
    """The parsed document, a name for error messages and the JSON text if orjson parsed it.

    orjson parses first. Where it refuses a text the standard library accepts (NaN, numbers
    beyond 64 bits, lone surrogates, UTF-16, a byte-order mark) or fails, the standard library
    parses instead, so the document read and every error message are the standard library's.
    The text is returned so that :func:`decode_jsonstat` can parse it again with the standard
    library when the orjson document turns out malformed (orjson reads integers beyond 64 bits
    as floats, which would change what an error message says).
    """
    where = "JSON-stat"
    if isinstance(data, Mapping):
        return data, where, None
    if isinstance(data, os.PathLike):
        path = Path(data)
        where = f"JSON-stat {str(path)!r}"
        raw: bytes | str = path.read_bytes()
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    elif isinstance(data, str):
        raw = data
    else:
        raise TypeError(f"decode_jsonstat() takes bytes, str, a path or a dict, not {type(data).__name__}")
    if isinstance(raw, bytes) and raw[:2] == _GZIP_MAGIC:
        raw = gunzip(raw, where)
    if json_text.FAST_LOADS is not None:
        try:
            return json_text.FAST_LOADS(raw), where, raw
        except ValueError:  # orjson.JSONDecodeError: let the standard library say what is wrong
            pass
    return json_text.parse_with_json(raw, where), where, None


# --------------------------------------------------------------------------------------------
# structure


def _type_name(obj: object) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        type(None): "null",
    }.get(type(obj), type(obj).__name__)


def _optional_str(doc: Mapping[str, Any], key: str, where: str) -> str | None:
    value = doc.get(key)
    if value is not None and not isinstance(value, str):
        raise FormatError(f"{where}: {key!r} must be a string, not {_type_name(value)}")
    return value


def _str_map(obj: object, what: str, where: str) -> dict[str, str]:
    if not isinstance(obj, Mapping):
        raise FormatError(f"{where}: {what} must be an object, not {_type_name(obj)}")
    for key, value in obj.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise FormatError(f"{where}: {what}: entry {key!r} must map a string to a string, not {_type_name(value)}")
    return dict(obj)


def _is_int(obj: object) -> bool:
    return isinstance(obj, int) and not isinstance(obj, bool)


def _categories(dim_id: str, dim: object, size: int, where: str) -> tuple[str, list[str], dict[str, str]]:
    """Label, codes in index order and code labels of one dimension."""
    here = f"{where}: dimension {dim_id!r}"
    if not isinstance(dim, Mapping):
        raise FormatError(f"{here} must be an object, not {_type_name(dim)}")
    name = dim.get("label", dim_id)
    if not isinstance(name, str):
        raise FormatError(f"{here}: 'label' must be a string, not {_type_name(name)}")
    category = dim.get("category")
    if not isinstance(category, Mapping):
        raise FormatError(f"{here}: 'category' must be an object, not {_type_name(category)}")
    labels = _str_map(category.get("label", {}), "category.label", here)
    index = category.get("index")
    codes: list[str]
    if index is None:
        if len(labels) != 1:
            raise FormatError(
                f"{here}: category.index is missing; that is allowed only for a single category "
                f"given by category.label, which has {len(labels)}"
            )
        codes = list(labels)
    elif isinstance(index, list):
        for pos, code in enumerate(index):
            if not isinstance(code, str):
                raise FormatError(f"{here}: category.index[{pos}] must be a string code, not {_type_name(code)}")
        codes = list(index)
        if len(set(codes)) != len(codes):
            seen: set[str] = set()
            for code in codes:
                if code in seen:
                    raise FormatError(f"{here}: category code {code!r} appears twice in category.index")
                seen.add(code)
    elif isinstance(index, Mapping):
        slots: list[str | None] = [None] * len(index)
        for code, pos in index.items():
            if not isinstance(code, str):
                raise FormatError(f"{here}: category.index key {code!r} must be a string code")
            if not _is_int(pos):
                raise FormatError(
                    f"{here}: category.index[{code!r}] must be an integer position, not {_type_name(pos)}"
                )
            if not 0 <= pos < len(index):
                raise FormatError(
                    f"{here}: category.index[{code!r}] = {pos} is out of range for {len(index)} categories"
                )
            if slots[pos] is not None:
                raise FormatError(f"{here}: categories {slots[pos]!r} and {code!r} share position {pos}")
            slots[pos] = code
        codes = [c for c in slots if c is not None]
    else:
        raise FormatError(f"{here}: category.index must be an array or an object, not {_type_name(index)}")
    if len(codes) != size:
        raise FormatError(f"{here}: {len(codes)} categories, but 'size' says {size}")
    unknown = labels.keys() - set(codes)
    if unknown:
        raise FormatError(f"{here}: category.label names code {sorted(unknown)[0]!r}, which is not in category.index")
    return name, codes, labels


# --------------------------------------------------------------------------------------------
# cells


def _bad_key(keys: Iterable[object], total: int, what: str, where: str) -> FormatError:
    """The error for the first unusable key (slow; only once the keys are known to be bad)."""
    for key in keys:
        if not isinstance(key, str):
            return FormatError(f"{where}: {what} key {key!r} must be a string, not {_type_name(key)}")
        if not (key.isascii() and key.isdigit() and (key == "0" or key[0] != "0")):
            return FormatError(f"{where}: {what} key {key!r} is not a non-negative integer index")
        if int(key) >= total:
            return FormatError(f"{where}: {what} key {key!r} is out of range: the cube has {total} cells")
    return FormatError(f"{where}: unusable {what} keys")  # pragma: no cover - defensive


_DIGITS_AND_COMMA = b"0123456789,"


def _flat_keys(keys: Collection[Any], total: int, what: str, where: str) -> IntArray:
    """Flat indices from the string keys of a sparse ``value`` or ``status`` object.

    Keys must be canonical decimal integers ("0", "17"; no sign, blank, "_" or leading zero)
    below ``total``. The keys are joined once and parsed by numpy in C.
    """
    n = len(keys)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    try:
        joined = ",".join(keys)
    except TypeError:
        raise _bad_key(keys, total, what, where) from None
    if (
        not joined.isascii()
        or joined.encode("ascii").translate(None, _DIGITS_AND_COMMA)
        or ",," in joined
        or joined.startswith(",")
        or joined.endswith(",")
        or not joined
    ):
        raise _bad_key(keys, total, what, where)
    try:
        flat = np.fromstring(joined, dtype=np.int64, sep=",")
    except ValueError:  # pragma: no cover - the checks above leave nothing it cannot read
        raise _bad_key(keys, total, what, where) from None
    if flat.size != n:  # a key holds a comma
        raise _bad_key(keys, total, what, where)
    # canonical: no leading zero. Keys are distinct, so at most one may start with "0", and
    # it must be "0" itself. Numbers too big for int64 saturate and fail the range check.
    zeros = joined.count(",0") + joined.startswith("0")
    if zeros:
        at = 0 if joined.startswith("0") else joined.index(",0") + 1
        if zeros > 1 or joined[at + 1 : at + 2] not in ("", ","):
            raise _bad_key(keys, total, what, where)
    if int(flat.max()) >= total:
        raise _bad_key(keys, total, what, where)
    return flat


def _cell_values(
    entries: Collection[Any], keys: Collection[object] | None, what: str, where: str
) -> tuple[FloatArray, npt.NDArray[np.bool_], IntArray, list[str]]:
    """Values, presence (not ``null``) and flags (from string cells) of ``value`` entries."""
    n = len(entries)
    types = set(map(type, entries))
    if types <= _NUMBER_TYPES:
        try:
            values = np.fromiter(entries, dtype=np.float64, count=n)
        except OverflowError:
            raise _too_big(list(entries), keys, what, where) from None
        if np.isinf(values).any():
            pos = int(np.flatnonzero(np.isinf(values))[0])
            raise FormatError(f"{where}: {what} {_at(keys, pos)} is out of range")
        return values, np.ones(n, dtype=bool), np.full(n, -1, dtype=np.int64), []
    cells = list(entries)
    if not types <= _CELL_TYPES:
        pos = next(i for i, c in enumerate(cells) if type(c) not in _CELL_TYPES)
        raise FormatError(
            f"{where}: {what} {_at(keys, pos)} is {_type_name(cells[pos])}; a value must be a number, a string or null"
        )
    kinds = np.fromiter(map(_KIND.__getitem__, map(type, cells)), dtype=np.int8, count=n)
    objects = np.empty(n, dtype=object)
    objects[:] = cells
    present = kinds != _KIND[type(None)]
    numeric = kinds == _KIND[float]
    values = np.full(n, np.nan, dtype=np.float64)
    flag_codes = np.full(n, -1, dtype=np.int64)
    flag_labels: list[str] = []
    if numeric.any():
        try:
            values[numeric] = objects[numeric].astype(np.float64)
        except OverflowError:
            raise _too_big(cells, keys, what, where) from None
        if np.isinf(values).any():
            pos = int(np.flatnonzero(np.isinf(values))[0])
            raise FormatError(f"{where}: {what} {_at(keys, pos)} is out of range")
    strings = np.flatnonzero(kinds == _KIND[str])
    if strings.size:
        try:
            svalues, scodes, flag_labels = parse_cells(objects[strings])
        except CellError as exc:
            pos = int(strings[exc.index])
            raise FormatError(
                f"{where}: {what} {_at(keys, pos)} is the string {exc.text!r}, which is not a number, "
                f"':' or flag letters ({exc.reason})"
            ) from None
        values[strings] = svalues
        flag_codes[strings] = scodes
    return values, present, flag_codes, flag_labels


def _at(keys: Collection[object] | None, pos: int) -> str:
    return f"at position {pos}" if keys is None else f"at key {list(keys)[pos]!r}"


def _too_big(cells: list[Any], keys: Collection[object] | None, what: str, where: str) -> FormatError:
    pos = next(i for i, c in enumerate(cells) if _is_int(c) and abs(c) > _MAX_FLOAT)
    return FormatError(f"{where}: {what} {_at(keys, pos)} is out of range")


def _statuses(
    entries: Collection[Any], keys: Collection[object] | None, where: str
) -> tuple[npt.NDArray[np.bool_], IntArray, list[str]]:
    """Presence, codes and labels of ``status`` entries (strings or null)."""
    n = len(entries)
    if not set(map(type, entries)) <= {str, type(None)}:
        cells = list(entries)
        pos = next(i for i, c in enumerate(cells) if c is not None and not isinstance(c, str))
        raise FormatError(f"{where}: status {_at(keys, pos)} is {_type_name(cells[pos])}; it must be a string or null")
    objects = np.empty(n, dtype=object)
    objects[:] = list(entries)
    codes, labels = factorize_flags(objects)
    return codes >= 0, codes, labels


class _Rows:
    """The sorted flat indices of the output rows, and where a given flat index sits among them."""

    def __init__(self, rows: IntArray, lookup: IntArray | None = None, dense: bool = False) -> None:
        self.rows = rows
        self._lookup = lookup
        self._dense = dense

    @classmethod
    def union(cls, a: IntArray, b: IntArray, total: int) -> _Rows:
        """Rows = sorted union of two arrays of distinct flat indices."""
        if total <= 8 * (a.size + b.size) + 4096:
            mask = np.zeros(total, dtype=bool)
            mask[a] = True
            mask[b] = True
            lookup = np.cumsum(mask, dtype=np.int64)
            lookup -= 1
            return cls(np.flatnonzero(mask), lookup)
        return cls(np.union1d(a, b))

    def locate(self, flat: IntArray) -> IntArray:
        """Positions of ``flat`` (all of them rows) in :attr:`rows`."""
        if self._dense:
            return flat
        if self._lookup is not None:
            return self._lookup[flat]
        return np.searchsorted(self.rows, flat)


# --------------------------------------------------------------------------------------------
# the decoder


def _check_positions_with_no_data(extension: Mapping[str, Any], sizes: dict[str, int], where: str) -> None:
    pwnd = extension.get("positions-with-no-data")
    if pwnd is None:
        return
    here = f"{where}: extension.positions-with-no-data"
    if not isinstance(pwnd, Mapping):
        raise FormatError(f"{here} must be an object, not {_type_name(pwnd)}")
    for dim_id, positions in pwnd.items():
        if dim_id not in sizes:
            raise FormatError(f"{here} names {dim_id!r}, which is not a dimension")
        if not isinstance(positions, list):
            raise FormatError(f"{here}[{dim_id!r}] must be an array, not {_type_name(positions)}")
        for pos in positions:
            if not _is_int(pos) or not 0 <= pos < sizes[dim_id]:
                raise FormatError(
                    f"{here}[{dim_id!r}]: {pos!r} is not a category position of {dim_id!r} (0 to {sizes[dim_id] - 1})"
                )


def _structure(doc: Mapping[str, Any], where: str) -> tuple[list[str], list[int]]:
    if "error" in doc and "value" not in doc:
        error = doc["error"]
        detail = ""
        if isinstance(error, list) and error and isinstance(error[0], Mapping):
            detail = ": " + " ".join(str(error[0].get(k, "")) for k in ("status", "label")).strip()
        raise FormatError(f"{where}: the document is an error response, not a dataset{detail}")
    cls = doc.get("class")
    if cls is not None and cls != "dataset":
        raise FormatError(f"{where}: 'class' is {cls!r}; only a JSON-stat 'dataset' can be read")
    for key in ("id", "size", "dimension", "value"):
        if key not in doc:
            raise FormatError(f"{where}: not a JSON-stat 2.0 dataset: {key!r} is missing")
    ids, sizes = doc["id"], doc["size"]
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise FormatError(f"{where}: 'id' must be an array of dimension ids (strings)")
    if isinstance(sizes, list):
        # strings of ASCII digits ("3") are read as the numbers they spell, as pyjstat does
        sizes = [int(s) if isinstance(s, str) and s.isascii() and s.isdigit() else s for s in sizes]
    if not isinstance(sizes, list) or not all(_is_int(s) and s >= 0 for s in sizes):
        raise FormatError(f"{where}: 'size' must be an array of non-negative integers")
    if len(ids) != len(sizes):
        raise FormatError(f"{where}: 'id' names {len(ids)} dimensions but 'size' has {len(sizes)} entries")
    if len(set(ids)) != len(ids):
        dup = next(i for n, i in enumerate(ids) if i in ids[:n])
        raise FormatError(f"{where}: dimension {dup!r} appears twice in 'id'")
    for dim_id in ids:
        if dim_id in RESERVED_COLUMNS - {"time"}:
            raise FormatError(f"{where}: dimension {dim_id!r} clashes with an output column")
    if not isinstance(doc["dimension"], Mapping):
        raise FormatError(f"{where}: 'dimension' must be an object, not {_type_name(doc['dimension'])}")
    total = math.prod(sizes)
    if total > MAX_CUBE_CELLS:
        raise FormatError(
            f"{where}: the cube has {total} cells (sizes {sizes}); at most {MAX_CUBE_CELLS} are supported"
        )
    return ids, sizes


def decode_jsonstat(data: JsonStatInput, *, dropna: bool = True) -> JsonStatData:
    """Decode a JSON-stat 2.0 dataset into a tidy frame and its metadata.

    ``data`` is the JSON as bytes (gzip-compressed bytes are recognised by their magic bytes)
    or ``str``, a path (``os.PathLike``) to a JSON file, or an already parsed ``dict``. See the
    module docstring for the frame's columns and how values, statuses and string cells are
    read. Raises :class:`~adoptstats.errors.FormatError` for malformed input, naming the
    dimension, key or position at fault.
    """
    doc, where, text = _load(data)
    if text is not None:
        try:
            result = _decode(doc, where, dropna)
        except FormatError:
            pass  # read again with the standard library, whose document the message describes
        else:
            if not json_text.has_wide_float(result.extension):
                return result
        doc = json_text.parse_with_json(text, where)
    return _decode(doc, where, dropna)


def _decode(doc: Any, where: str, dropna: bool) -> JsonStatData:
    """:func:`decode_jsonstat` of a parsed document."""
    if not isinstance(doc, Mapping):
        raise FormatError(f"{where}: expected a JSON object (a dataset), got {_type_name(doc)}")
    ids, sizes = _structure(doc, where)
    total = math.prod(sizes)
    dimension = doc["dimension"]
    names: dict[str, str] = {}
    categories: dict[str, list[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    for dim_id, size in zip(ids, sizes, strict=True):
        if dim_id not in dimension:
            raise FormatError(f"{where}: dimension {dim_id!r} is listed in 'id' but missing from 'dimension'")
        names[dim_id], categories[dim_id], labels[dim_id] = _categories(dim_id, dimension[dim_id], size, where)

    extension = doc.get("extension", {})
    if not isinstance(extension, Mapping):
        raise FormatError(f"{where}: 'extension' must be an object, not {_type_name(extension)}")
    status_labels: dict[str, str] = {}
    ext_status = extension.get("status")
    if ext_status is not None:
        if not isinstance(ext_status, Mapping):
            raise FormatError(f"{where}: extension.status must be an object, not {_type_name(ext_status)}")
        status_labels = _str_map(ext_status.get("label", {}), "extension.status.label", where)
    _check_positions_with_no_data(extension, dict(zip(ids, sizes, strict=True)), where)

    # ---- values
    value = doc["value"]
    if isinstance(value, Mapping):
        vflat = _flat_keys(value.keys(), total, "value", where)
        vvalues, vpresent, vflag_codes, vflag_labels = _cell_values(value.values(), value.keys(), "value", where)
        if not vpresent.all():
            vflat, vvalues, vflag_codes = vflat[vpresent], vvalues[vpresent], vflag_codes[vpresent]
    elif isinstance(value, list):
        if len(value) != total:
            raise FormatError(f"{where}: 'value' has {len(value)} entries but the sizes {sizes} make {total} cells")
        vvalues, vpresent, vflag_codes, vflag_labels = _cell_values(value, None, "value", where)
        vflat = np.flatnonzero(vpresent).astype(np.int64)
        if vflat.size != total:
            vvalues, vflag_codes = vvalues[vflat], vflag_codes[vflat]
    else:
        raise FormatError(f"{where}: 'value' must be an object or an array, not {_type_name(value)}")

    # ---- statuses
    status = doc.get("status")
    global_status: str | None = None
    sflat = np.empty(0, dtype=np.int64)
    scodes = np.empty(0, dtype=np.int64)
    slabels: list[str] = []
    if status is None:
        pass
    elif isinstance(status, str):
        global_status = status or None
    elif isinstance(status, Mapping):
        sflat = _flat_keys(status.keys(), total, "status", where)
        spresent, scodes, slabels = _statuses(status.values(), status.keys(), where)
        sflat, scodes = sflat[spresent], scodes[spresent]
    elif isinstance(status, list) and len(status) == 1 and total != 1:
        # one entry for the whole cube, as the JSON-stat toolkit reads it: like a status string
        spresent, scodes, slabels = _statuses(status, None, where)
        global_status = slabels[0] if spresent[0] else None
        scodes, slabels = np.empty(0, dtype=np.int64), []
    elif isinstance(status, list):
        if len(status) != total:
            raise FormatError(f"{where}: 'status' has {len(status)} entries but the sizes {sizes} make {total} cells")
        spresent, scodes, slabels = _statuses(status, None, where)
        sflat = np.flatnonzero(spresent).astype(np.int64)
        scodes = scodes[sflat]
    else:
        raise FormatError(f"{where}: 'status' must be a string, an object or an array, not {_type_name(status)}")

    # ---- rows: the cells that have a value or a status (every cell with dropna=False)
    if not dropna:
        if total > MAX_EXPANDED_CELLS:
            raise FormatError(f"{where}: the cube has {total} cells, too many to expand with dropna=False")
        index = _Rows(np.arange(total, dtype=np.int64), dense=True)
    elif sflat.size == 0:
        if vflat.size > 1 and not bool((vflat[1:] > vflat[:-1]).all()):
            order = np.argsort(vflat, kind="stable")
            vflat, vvalues, vflag_codes = vflat[order], vvalues[order], vflag_codes[order]
        index = _Rows(vflat)  # rows are exactly the value cells, in order
    else:
        index = _Rows.union(vflat, sflat, total)
    rows = index.rows
    n_rows = rows.size
    if rows is vflat:
        out_values, codes_from_values = vvalues, vflag_codes
        vpos = np.arange(n_rows)
    else:
        vpos = index.locate(vflat)
        out_values = np.full(n_rows, np.nan, dtype=np.float64)
        out_values[vpos] = vvalues
        codes_from_values = np.full(n_rows, -1, dtype=np.int64)
        codes_from_values[vpos] = vflag_codes

    # status: the cell's own status wins, then the document-wide status string (cells with a
    # value only), then the flags of a string value
    all_labels = list(dict.fromkeys([*slabels, *vflag_labels, *([global_status] if global_status else [])]))
    out_status = _remap(vflag_labels, all_labels)[codes_from_values + 1]
    if global_status is not None:
        out_status[vpos] = all_labels.index(global_status)
    if sflat.size:
        out_status[index.locate(sflat)] = _remap(slabels, all_labels)[scodes + 1]

    if dropna and n_rows:
        keep = ~np.isnan(out_values) | (out_status >= 0)
        if not keep.all():
            rows, out_values, out_status = rows[keep], out_values[keep], out_status[keep]

    coords = _coordinates(rows, sizes)
    frame = build_frame(
        [(dim_id, categories[dim_id], c) for dim_id, c in zip(ids, coords, strict=True)],
        out_values,
        out_status,
        all_labels,
    )
    return JsonStatData(
        frame=frame,
        label=_optional_str(doc, "label", where),
        updated=_optional_str(doc, "updated", where),
        source=_optional_str(doc, "source", where),
        dimension_names=names,
        dimension_labels=labels,
        status_labels=status_labels,
        extension=dict(extension),
    )


#: Trailing dimensions are decoded together through a lookup table of at most this many cells.
_BLOCK_CELLS = 1 << 16


def _coordinates(rows: IntArray, sizes: list[int]) -> list[npt.NDArray[np.integer[Any]]]:
    """The category code of each dimension at the flat indices ``rows`` (last dimension fastest).

    Like ``np.unravel_index``, but faster and in the small integer type a categorical keeps:
    trailing dimensions are grouped into blocks of at most :data:`_BLOCK_CELLS` cells, each
    block's offset is taken once (one division and one remainder), and the codes of its
    dimensions are looked up in a table of the block's cells.
    """
    out: list[npt.NDArray[np.integer[Any]]] = [np.empty(0, dtype=np.int8)] * len(sizes)
    if rows.size == 0:
        return out
    rest = rows
    stop = len(sizes)
    while stop > 0:
        start, cells = stop - 1, sizes[stop - 1]
        while start > 0 and cells * sizes[start - 1] <= _BLOCK_CELLS:
            start -= 1
            cells *= sizes[start]
        local = rest % cells if start > 0 else rest
        if stop - start == 1:
            out[start] = small_codes(local, sizes[start])
        else:
            table = np.unravel_index(np.arange(cells, dtype=np.int64), sizes[start:stop])
            for dim in range(start, stop):
                if sizes[dim] == 1:
                    out[dim] = np.zeros(rows.size, dtype=np.int8)
                else:
                    out[dim] = small_codes(table[dim - start], sizes[dim]).take(local)
        if start > 0:
            rest = rest // cells
        stop = start
    return out


def _remap(labels: list[str], into: list[str]) -> IntArray:
    """``lookup[code + 1]`` = the position in ``into`` of ``labels[code]`` (``-1`` → ``-1``)."""
    lookup = np.empty(len(labels) + 1, dtype=np.int64)
    lookup[0] = -1
    position = {label: i for i, label in enumerate(into)}
    for i, label in enumerate(labels):
        lookup[i + 1] = position[label]
    return lookup


def read_jsonstat(data: JsonStatInput, *, dropna: bool = True) -> pd.DataFrame:
    """Read a JSON-stat 2.0 dataset into a tidy frame: ``decode_jsonstat(data, dropna=...).frame``."""
    return decode_jsonstat(data, dropna=dropna).frame
