"""Decoded JSON-stat answers → canonical adoptstats frames, column by column, never cell by cell.

Every mapping (geography, period, concept, flags, population, breakdown, unit, decimals) is
computed once per *category* (or per combination of categories) and spread to the rows
through categorical codes, so a million-cell answer costs a few array operations.

Rules:

- A cell without a value is not a row (missing, confidential ``c``/``C``, ``:`` ...).
- ``geo``: Eurostat codes through :func:`adoptstats.geo.from_eurostat` (``EL`` → ``GR``,
  ``UK`` → ``GB``, aggregates such as ``EU27_2020`` kept); a code adoptstats does not know
  is dropped with a warning on the ``adoptstats_eurostat`` logger, never a crash.
- ``decimals``: Eurostat's JSON carries no precision, so it is inferred **per unit over the
  whole answer**: the most decimals any value of that unit is written with in the JSON text
  (``60.94`` and ``61`` in one answer → 2 for both, since Eurostat rounds a dataset to one
  precision; ``4.0`` counts as one decimal). Inferring per value would make ``61`` (really
  ``61.00``) look coarser than it is.
- Units: ``PC_*`` → ``percent``, ``NR`` → ``count``, ``I*`` → ``index``; rows in other units
  (money, ...) are dropped with a warning, since adoptstats has no unit for them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from typing import Any, cast

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.types import union_categoricals

from adoptstats import FormatError, Query, RecordError, UnknownGeographyError, normalize_period
from adoptstats.geo import from_eurostat, is_composite
from adoptstats_eurostat import flags, mapping
from adoptstats_eurostat.indicators import concept_of

__all__ = ["Filters", "canonical_frame", "concat_standardized", "infer_decimals", "is_plain_geo", "standardize"]

logger = logging.getLogger("adoptstats_eurostat")

#: Dimensions that hold the native indicator, in order of preference.
INDICATOR_DIMS = ("indic_is", "indic", "indic_de", "indic_bt", "indic_na", "na_item")
_LAYOUT_DIMS = ("size_emp", "nace_r2", "sizen_r2")
_FIXED_DIMS = ("freq", "time", "geo", "unit")
_STD_COLUMNS = ("indicator", "geo", "time", "unit", "size", "activity", "extra", "value", "status")


@attrs.frozen(kw_only=True)
class Filters:
    """What the rows must match, checked on our side too (the server may not have filtered)."""

    geos: frozenset[str] | None = None
    indicators: frozenset[str] | None = None
    concepts: frozenset[str] | None = None
    units: frozenset[str] | None = None
    sizes: frozenset[str] | None = None
    activities: frozenset[str] | None = None
    #: Other dimensions: dimension → codes.
    extra: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    query: Query = attrs.field(factory=Query)


def _from_codes(codes: npt.NDArray[np.integer[Any]], categories: Sequence[Any]) -> pd.Categorical:
    make = cast(Any, pd.Categorical.from_codes)
    return cast(pd.Categorical, make(codes, categories=pd.Index(list(categories), dtype=object)))


def _const(value: object, n: int) -> pd.Categorical:
    return _from_codes(np.zeros(n, dtype=np.int8), [value])


def _empty_cat(n: int) -> pd.Categorical:
    return _from_codes(np.full(n, -1, dtype=np.int8), [])


def _as_cat(series: pd.Series) -> pd.Categorical:
    values = series.array
    if isinstance(values, pd.Categorical):
        return values
    return pd.Categorical(series)


def _map_cat(cat: pd.Categorical, fn: Callable[[Any], Any]) -> pd.Categorical:
    """Apply ``fn`` to each category (not each row); ``None`` results become missing."""
    mapped = [fn(c) for c in cat.categories]
    index: dict[Hashable, int] = {}
    new_codes = np.array([-1 if m is None else index.setdefault(m, len(index)) for m in mapped] + [-1], dtype=np.int64)
    codes = np.asarray(cat.codes, dtype=np.int64)
    return _from_codes(new_codes[codes], list(index))


def _combine(cats: Sequence[pd.Categorical], fn: Callable[..., str]) -> pd.Categorical:
    """``fn`` over each distinct combination of categories (missing → ``None``), as one categorical."""
    n = len(cats[0])
    key = np.zeros(n, dtype=np.int64)
    radices = []
    for cat in cats:
        radix = len(cat.categories) + 1
        key = key * radix + (np.asarray(cat.codes, dtype=np.int64) + 1)
        radices.append(radix)
    inverse, uniq = pd.factorize(key)
    labels: dict[str, int] = {}
    label_codes = np.empty(len(uniq), dtype=np.int64)
    for i, k in enumerate(uniq.tolist()):
        parts: list[Any] = []
        for cat, radix in zip(reversed(cats), reversed(radices), strict=True):
            k, digit = divmod(k, radix)
            parts.append(None if digit == 0 else cat.categories[digit - 1])
        label = fn(*reversed(parts))
        label_codes[i] = labels.setdefault(label, len(labels))
    return _from_codes(label_codes[inverse], list(labels))


def infer_decimals(values: npt.NDArray[np.float64], max_decimals: int = 6) -> int:
    """The fewest decimals that write every value exactly (at most ``max_decimals``).

    >>> infer_decimals(np.array([60.94, 61.0])), infer_decimals(np.array([27.0, 50.0]))
    (2, 0)
    """
    v = pd.unique(values[np.isfinite(values)])
    if len(v) == 0:
        return 0
    tol = 1e-9 * np.maximum(1.0, np.abs(v))
    for k in range(max_decimals + 1):
        if np.all(np.abs(np.round(v, k) - v) <= tol):
            return k
    return max_decimals


def _old_size(code: str) -> str:
    prefix, sep, _rest = code.partition("_")
    return mapping.size_from_old(prefix) if sep else code


def _old_activity(code: str) -> str | None:
    _prefix, sep, rest = code.partition("_")
    return mapping.activity_from_old(rest) if sep else None


_UNIT_RANGE = {"percent": (0.0, 100.0), "count": (0.0, np.inf), "index": (-np.inf, np.inf)}


def _bounds(
    values: npt.NDArray[np.float64], decimals: npt.NDArray[np.int64], unit: pd.Categorical
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The rounding interval of each (exact) value, clipped to its unit's range.

    The same numbers :meth:`adoptstats.Estimate.published` gives, computed per unit category
    rather than per row.
    """
    codes = np.asarray(unit.codes, dtype=np.int64)
    lows = np.array([_UNIT_RANGE[str(u)][0] for u in unit.categories] + [-np.inf], dtype="float64")
    highs = np.array([_UNIT_RANGE[str(u)][1] for u in unit.categories] + [np.inf], dtype="float64")
    half = 0.5 * np.power(10.0, -decimals.astype("float64"))
    scale = np.power(10.0, decimals.astype("float64") + 2)
    lo = np.round(np.maximum(values - half, lows[codes]) * scale) / scale
    hi = np.round(np.minimum(values + half, highs[codes]) * scale) / scale
    return lo, hi


def _prefixer(dim: str) -> Callable[[Any], str]:
    return lambda code: f"{dim}:{code}"


def standardize(
    frame: pd.DataFrame,
    *,
    dataset: str,
    url: str,
    retrieved: dt.datetime,
    updated: str | None = None,
    extra_filters: Mapping[str, frozenset[str]] | None = None,
) -> pd.DataFrame:
    """One decoded answer (the tidy frame of a JSON-stat or TSV reader) in layout-neutral columns.

    Columns: ``indicator``, ``geo``, ``time``, ``unit`` (Eurostat codes), ``size`` and
    ``activity`` (current codes, from either layout; missing when the dataset has neither),
    ``extra`` (other dimensions as ``dim:code`` joined by ``;``), ``value``, ``status``,
    ``source_version`` (the answer's ``updated``) and ``retrieved`` (UTC). Cells without a
    value, and rows outside ``extra_filters`` (dimension → codes), are left out.

    :raises FormatError: when the answer has no ``geo``, ``time`` or ``unit`` dimension.
    """
    missing = [d for d in ("geo", "time", "unit") if d not in frame.columns]
    if missing:
        have = ", ".join(c for c in frame.columns if c not in ("value", "status"))
        raise FormatError(f"Eurostat answer {url} has no {', '.join(missing)} dimension (dimensions: {have})")
    has_value = frame["value"].notna().to_numpy(copy=True)
    for dim, codes in (extra_filters or {}).items():
        if dim in frame.columns:
            has_value &= frame[dim].isin(list(codes)).to_numpy()
    dropped = int((~has_value).sum())
    if dropped:
        logger.debug("%s: %d cells without a value or outside the filters are not rows", url, dropped)
        frame = frame.loc[has_value]
    n = len(frame)
    dims = [c for c in frame.columns if c not in ("value", "status")]
    ind_dim = next((d for d in INDICATOR_DIMS if d in dims), None)
    if "sizen_r2" in dims:
        combined = _as_cat(frame["sizen_r2"])
        size = _map_cat(combined, _old_size)
        activity = _map_cat(combined, _old_activity)
    else:
        size = _as_cat(frame["size_emp"]) if "size_emp" in dims else _empty_cat(n)
        activity = _as_cat(frame["nace_r2"]) if "nace_r2" in dims else _empty_cat(n)
    extra_dims = [d for d in dims if d not in (*_FIXED_DIMS, *_LAYOUT_DIMS) and d != ind_dim]
    if extra_dims:
        parts = [_map_cat(_as_cat(frame[d]), _prefixer(d)) for d in extra_dims]
        extra = _combine(parts, lambda *xs: ";".join(x for x in xs if x))
    else:
        extra = _const("", n)
    indicator = _as_cat(frame[ind_dim]) if ind_dim else _const(dataset.upper(), n)
    status = frame["status"] if "status" in frame.columns else pd.Series(_empty_cat(n))
    return pd.DataFrame(
        {
            "indicator": indicator,
            "geo": _as_cat(frame["geo"]),
            "time": _as_cat(frame["time"]),
            "unit": _as_cat(frame["unit"]),
            "size": size,
            "activity": activity,
            "extra": extra,
            "value": frame["value"].to_numpy(dtype="float64"),
            "status": _as_cat(status),
            "source_version": _const(updated, n) if updated else _empty_cat(n),
            "retrieved": _utc_column(retrieved, n),
        }
    )


def _utc_column(when: dt.datetime, n: int) -> pd.arrays.DatetimeArray:
    ts = pd.Timestamp(when)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    naive = np.full(n, ts.tz_localize(None).as_unit("us").to_datetime64())
    return pd.DatetimeIndex(naive).tz_localize("UTC").array


def concat_standardized(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Several standardized answers (the parts of a split query) as one, categories unioned."""
    if len(parts) == 1:
        return parts[0]
    columns: dict[str, Any] = {}
    for name in parts[0].columns:
        first = parts[0][name]
        if isinstance(first.dtype, pd.CategoricalDtype):
            columns[name] = union_categoricals([p[name].array for p in parts])
        else:
            columns[name] = pd.concat([p[name] for p in parts], ignore_index=True).array
    return pd.DataFrame(columns)


def _geo(code: str) -> str | None:
    try:
        return from_eurostat(str(code))
    except UnknownGeographyError:
        return None


def _period(code: str) -> str | None:
    try:
        return normalize_period(str(code))
    except RecordError:
        return None


def _warn_dropped(what: str, codes: Collection[str], rows: int, url: str) -> None:
    logger.warning(
        "%s: %d rows left out because adoptstats has no %s for %s",
        url,
        rows,
        what,
        ", ".join(sorted(map(str, codes))[:10]),
    )


def canonical_frame(
    std: pd.DataFrame,
    *,
    dataset: str,
    filters: Filters,
    citation_id: str,
    url: str,
    written_decimals: Mapping[float, int] | None = None,
) -> pd.DataFrame:
    """The canonical adoptstats frame for a standardized answer (see :func:`standardize`).

    ``written_decimals`` (number → decimals it was written with, from the JSON text) lets
    ``4.0`` count as one decimal. Rows not matching ``filters`` are left out.
    """
    n = len(std)
    keep = np.ones(n, dtype=bool)

    geo = _map_cat(std["geo"].array, _geo)
    unknown_geo = geo.isna() & std["geo"].notna().to_numpy()
    if unknown_geo.any():
        _warn_dropped("geography code", set(std["geo"][unknown_geo].astype(str)), int(unknown_geo.sum()), url)
        keep &= ~unknown_geo
    period = _map_cat(std["time"].array, _period)
    bad_period = period.isna()
    if bad_period.any():
        _warn_dropped("period form", set(std["time"][bad_period].astype(str)), int(bad_period.sum()), url)
        keep &= ~bad_period
    unit = _map_cat(std["unit"].array, mapping.unit_of)
    bad_unit = unit.isna()
    if bad_unit.any():
        _warn_dropped("unit", set(std["unit"][bad_unit].astype(str)), int(bad_unit.sum()), url)
        keep &= ~bad_unit

    # decimals per Eurostat unit, over the whole answer
    values = std["value"].to_numpy(dtype="float64")
    unit_codes = np.asarray(std["unit"].array.codes)
    per_unit = np.zeros(len(std["unit"].array.categories) + 1, dtype=np.int64)
    written_values = np.fromiter((written_decimals or {}).keys(), dtype="float64")
    written_counts = np.fromiter((written_decimals or {}).values(), dtype="int64")
    for i in np.flatnonzero(np.bincount(unit_codes + 1, minlength=len(per_unit))).tolist():
        in_unit = values[unit_codes == i - 1]
        k = infer_decimals(in_unit)
        if len(written_values):
            seen = np.isin(written_values, in_unit)
            if seen.any():
                k = max(k, int(written_counts[seen].max()))
        per_unit[i - 1] = k
    decimals = per_unit[unit_codes]

    concept = _map_cat(std["indicator"].array, concept_of)
    q = filters.query
    if filters.geos is not None:
        keep &= np.asarray(geo.isin(list(filters.geos)))
    if filters.indicators is not None:
        keep &= std["indicator"].isin(list(filters.indicators)).to_numpy()
    if filters.concepts is not None:
        keep &= np.asarray(concept.isin(list(filters.concepts)))
    if filters.units is not None:
        keep &= std["unit"].isin(list(filters.units)).to_numpy()
    if filters.sizes is not None:
        keep &= std["size"].isin(list(filters.sizes)).to_numpy()
    if filters.activities is not None:
        keep &= std["activity"].isin(list(filters.activities)).to_numpy()
    if q.periods or q.since or q.until:
        wanted = [p for p in period.categories if q.wants_period(p)]
        keep &= np.asarray(period.isin(wanted))

    def take(cat: pd.Categorical) -> pd.Categorical:
        return cat[keep].remove_unused_categories()

    std = std.loc[keep]
    m = len(std)
    size, activity, unit_raw = std["size"].array, std["activity"].array, std["unit"].array
    population = _combine([size, activity, unit_raw], lambda s, a, u: mapping.population(s, a, u, dataset))
    breakdown = _combine([size, activity, std["extra"].array], lambda s, a, e: mapping.breakdown(s, a, e or ""))
    unit_kept = take(unit)
    lower, upper = _bounds(std["value"].to_numpy(dtype="float64"), decimals[keep], unit_kept)
    flag_cat = _map_cat(std["status"].array, flags.normalize_status)
    flag_values = flag_cat.add_categories([""]).fillna("") if "" not in flag_cat.categories else flag_cat.fillna("")
    return pd.DataFrame(
        {
            "source": _const("eurostat", m),
            "dataset": _const(dataset, m),
            "indicator": std["indicator"].array.remove_unused_categories(),
            "concept": take(concept),
            "geo": take(geo),
            "period": take(period),
            "population": population,
            "breakdown": breakdown,
            "unit": unit_kept,
            "value": std["value"].to_numpy(dtype="float64"),
            "lower": lower,
            "upper": upper,
            "qualifier": _const("exact", m),
            "decimals": pd.array(decimals[keep], dtype="Int64"),
            "flags": flag_values,
            "citation_id": _const(citation_id, m),
            "source_version": std["source_version"].array.remove_unused_categories(),
            "retrieved": std["retrieved"].array,
        }
    )


def is_plain_geo(code: str) -> bool:
    """Whether a canonical geography can be asked of Eurostat (composites such as ``BE+LU`` cannot)."""
    return not is_composite(code)
