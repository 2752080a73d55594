"""The canonical columns of a ResultSet, and the column-level conversions that build them.

:class:`~adoptstats.resultset.ResultSet` validates frames with these pieces: which
columns are categorical, which are required, their defaults, the range of each unit, and
vectorised helpers (published bounds from value, qualifier and decimals; checked integer
columns; recoding categories without touching rows).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from adoptstats.records import APPROX_HALF_WIDTH, decimals_of

__all__ = [
    "CANONICAL_COLUMNS",
    "CATEGORICAL",
    "CATEGORICAL_TYPE",
    "CITATION_COLUMNS",
    "CONCEPT_RE",
    "FLOATS",
    "OPTIONAL_DEFAULTS",
    "REQUIRED_TEXT",
    "UNIT_BOUNDS",
    "build_frame",
    "codes_in",
    "derive_bounds",
    "empty_frame",
    "hashable",
    "infer_decimals",
    "integer_column",
    "nat_series",
    "recode",
]

#: The canonical columns, in order.
CANONICAL_COLUMNS: tuple[str, ...] = (
    "source",
    "dataset",
    "indicator",
    "concept",
    "geo",
    "period",
    "population",
    "breakdown",
    "unit",
    "value",
    "lower",
    "upper",
    "qualifier",
    "decimals",
    "sample_size",
    "flags",
    "citation_id",
    "source_version",
    "retrieved",
)

#: Columns of the citations table.
CITATION_COLUMNS: tuple[str, ...] = (
    "citation_id",
    "publisher",
    "title",
    "url",
    "quote",
    "table",
    "published",
    "accessed",
    "primary",
)

CATEGORICAL = (
    "source",
    "dataset",
    "indicator",
    "concept",
    "geo",
    "period",
    "population",
    "breakdown",
    "unit",
    "qualifier",
    "flags",
    "citation_id",
    "source_version",
)
REQUIRED_TEXT = ("source", "dataset", "indicator", "geo", "period", "population", "citation_id")
FLOATS = ("value", "lower", "upper")
OPTIONAL_DEFAULTS: dict[str, Any] = {
    "concept": None,
    "breakdown": "total",
    "unit": "percent",
    "qualifier": "exact",
    "decimals": pd.NA,
    "sample_size": pd.NA,
    "flags": "",
    "source_version": None,
    "retrieved": pd.NaT,
}
# pandas-stubs types from_codes narrowly; the calls here pass plain category lists
CATEGORICAL_TYPE: Any = pd.Categorical
CONCEPT_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
UNIT_BOUNDS = {
    "percent": (0.0, 100.0),
    "pp": (-100.0, 100.0),
    "count": (0.0, math.inf),
    "index": (-math.inf, math.inf),
}


def empty_frame() -> pd.DataFrame:
    """A canonical frame with no rows."""
    data: dict[str, Any] = {}
    for col in CANONICAL_COLUMNS:
        if col in CATEGORICAL:
            data[col] = pd.Categorical([])
        elif col in FLOATS:
            data[col] = np.array([], dtype="float64")
        elif col in ("decimals", "sample_size"):
            data[col] = pd.array([], dtype="Int64")
        else:
            data[col] = pd.Series([], dtype="datetime64[us, UTC]")
    return pd.DataFrame(data)


def nat_series(n: int) -> Any:
    """``n`` missing UTC timestamps."""
    series: Any = pd.Series(np.full(n, np.datetime64("NaT", "us")))
    return series.dt.tz_localize("UTC")


def codes_in(cat: pd.Categorical, members: Sequence[Any]) -> np.ndarray[Any, Any]:
    """Rows of a categorical whose value is one of ``members`` (compared on codes, not values)."""
    if not len(members):
        return np.zeros(len(cat), dtype=bool)
    wanted = [i for i, c in enumerate(cat.categories) if any(c is m or c == m for m in members)]
    return np.isin(cat.codes, wanted)


def recode(cat: Any, mapping: Mapping[Any, str]) -> Any:
    """Map a categorical's categories through ``mapping`` (several may map to one) without touching rows."""
    new_categories = sorted(set(mapping.values()))
    position = {c: i for i, c in enumerate(new_categories)}
    table = np.array([position[mapping[c]] for c in cat.categories] + [-1], dtype=np.int32)
    return CATEGORICAL_TYPE.from_codes(table[cat.codes], categories=new_categories)


def integer_column(
    frame: pd.DataFrame, name: str, n: int, low: int, high: int | None, message: str, report: Any
) -> Any:
    """A nullable integer column checked against ``low``..``high``; bad cells are reported."""
    if name not in frame.columns:
        return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    raw = frame[name]
    if pd.api.types.is_integer_dtype(raw.dtype):
        ints: Any = raw.astype("Int64").array
        with np.errstate(invalid="ignore"):
            bad = (ints < low).to_numpy(dtype=bool, na_value=False)
            if high is not None:
                bad |= (ints > high).to_numpy(dtype=bool, na_value=False)
    else:
        num = pd.to_numeric(raw, errors="coerce")
        with np.errstate(invalid="ignore"):
            bad = (num.notna() & ((num % 1 != 0) | (num < low))).to_numpy(dtype=bool, copy=True)
            if high is not None:
                bad |= (num > high).fillna(False).to_numpy(dtype=bool)
        bad |= (num.isna() & raw.notna()).to_numpy(dtype=bool)
        ints = num.where(~bad).round().astype("Int64").array
    if bad.any():
        report(name, bad, message, raw)
        ints = ints.copy()
        ints[bad] = pd.NA
    return ints


def derive_bounds(
    v: np.ndarray[Any, Any], qualifier: pd.Categorical, unit: pd.Categorical, decimals: pd.arrays.IntegerArray
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Vectorised :meth:`Estimate.published` for frames without lower/upper columns."""
    dec = decimals.to_numpy(dtype="float64", na_value=np.nan)
    missing = np.isnan(dec)
    if missing.any():
        uniques, inverse = np.unique(v[missing], return_inverse=True)
        inferred = np.array([infer_decimals(x) for x in uniques], dtype="float64")
        dec = dec.copy()
        dec[missing] = inferred[inverse]
    half = 0.5 * np.power(10.0, -dec)
    bounds = [UNIT_BOUNDS.get(u, (-math.inf, math.inf)) for u in unit.categories] + [(-math.inf, math.inf)]
    umin = np.array([b[0] for b in bounds], dtype="float64")[unit.codes]
    umax = np.array([b[1] for b in bounds], dtype="float64")[unit.codes]
    lo = v - half
    hi = v + half
    approx = codes_in(qualifier, ["approx"])
    width = np.maximum(half, APPROX_HALF_WIDTH)
    lo = np.where(approx, v - width, lo)
    hi = np.where(approx, v + width, hi)
    up = codes_in(qualifier, ["more_than", "at_least"])
    lo = np.where(up, v, lo)
    hi = np.where(up, umax, hi)
    down = codes_in(qualifier, ["less_than", "at_most"])
    lo = np.where(down, umin, lo)
    hi = np.where(down, v, hi)
    lo = np.maximum(lo, umin)
    hi = np.minimum(hi, umax)
    with np.errstate(invalid="ignore", over="ignore"):
        scale = np.power(10.0, np.nan_to_num(dec, nan=0.0) + 2)
        # bounds too large to scale (|v| near 1e308) are left unrounded
        rounded_lo, rounded_hi = np.round(lo * scale) / scale, np.round(hi * scale) / scale
        lo = np.where(np.isfinite(rounded_lo), rounded_lo, lo)
        hi = np.where(np.isfinite(rounded_hi), rounded_hi, hi)
    # rounding in binary floating point may step past the value itself (29.463891558574538,
    # read with 15 decimals): the bounds never cross it
    return np.minimum(lo, v), np.maximum(hi, v)


def hashable(value: object) -> bool:
    """Whether ``value`` can be a category (is hashable)."""
    try:
        hash(value)
    except TypeError:
        return False
    return True


def infer_decimals(x: float) -> float:
    """The decimals a number is written with (at most 10; 0 for non-finite numbers)."""
    if not math.isfinite(x):
        return 0.0
    # at most 10, like the decimals column: 1e-308 would otherwise ask for 10**-310 (an overflow warning)
    return float(min(decimals_of(x), 10))


def build_frame(cols: dict[str, list[Any]]) -> pd.DataFrame:
    """A canonical frame from lists of already valid values, one list per canonical column."""
    data: dict[str, Any] = {}
    for col in CANONICAL_COLUMNS:
        values = cols[col]
        if col in CATEGORICAL:
            data[col] = pd.Categorical(values)
        elif col in FLOATS:
            data[col] = np.asarray(values, dtype="float64")
        elif col in ("decimals", "sample_size"):
            data[col] = pd.array(values, dtype="Int64")
        else:
            data[col] = (
                pd.array(values, dtype="datetime64[us, UTC]") if values else pd.array([], dtype="datetime64[us, UTC]")
            )
    return pd.DataFrame(data)
