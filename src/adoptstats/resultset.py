"""ResultSet: the columnar container every source returns and every comparison reads.

A ResultSet holds one canonical :class:`pandas.DataFrame` (categorical dtypes for
repeated strings) plus a citations table keyed by citation id.  Records
(:class:`~adoptstats.records.Observation`) are for people and manual entry; frames
are for work.  :meth:`ResultSet.from_frame` validates a frame and reports every
problem at once.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from adoptstats.caveats import Caveat, frame_caveats, sort_caveats
from adoptstats.columns import (
    CANONICAL_COLUMNS,
    CATEGORICAL,
    CATEGORICAL_TYPE,
    CITATION_COLUMNS,
    CONCEPT_RE,
    OPTIONAL_DEFAULTS,
    REQUIRED_TEXT,
    UNIT_BOUNDS,
    build_frame,
    codes_in,
    derive_bounds,
    empty_frame,
    hashable,
    integer_column,
    nat_series,
    recode,
)
from adoptstats.errors import Problem, RecordError, UnitWarning, UnknownGeographyError, ValidationError
from adoptstats.records import QUALIFIERS, UNITS, Citation, Estimate, Observation, normalize_period

__all__ = ["CANONICAL_COLUMNS", "CITATION_COLUMNS", "ResultSet", "concat"]

_MAX_PER_COLUMN = 200


def _as_citations(citations: Mapping[str, Citation] | Iterable[Citation] | pd.DataFrame | None) -> dict[str, Citation]:
    if citations is None:
        return {}
    if isinstance(citations, pd.DataFrame):
        out: dict[str, Citation] = {}
        problems: list[Problem] = []
        for i, row in enumerate(citations.to_dict("records")):
            fields: dict[str, Any] = {
                k: (None if _is_missing(row.get(k)) else row.get(k)) for k in CITATION_COLUMNS if k != "citation_id"
            }
            try:
                c = Citation(**fields)
            except (RecordError, TypeError) as exc:
                problems.append(Problem(message=str(exc), row=i, column="citation"))
                continue
            key = row.get("citation_id")
            out[str(key) if not _is_missing(key) else c.id] = c
        if problems:
            raise ValidationError("citations table", problems)
        return out
    if isinstance(citations, Mapping):
        bad = [k for k, v in citations.items() if not isinstance(v, Citation)]
        if bad:
            raise ValidationError(
                "citations", [Problem(message="not a Citation", column="citation", value=k) for k in bad]
            )
        return {str(k): v for k, v in citations.items()}
    out = {}
    for c in citations:
        if not isinstance(c, Citation):
            raise ValidationError("citations", [Problem(message=f"not a Citation: {type(c).__name__}")])
        out[c.id] = c
    return out


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _to_utc(value: dt.datetime | None) -> pd.Timestamp | Any:
    if value is None:
        return pd.NaT
    ts = pd.Timestamp(value)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


class ResultSet:
    """Survey results in one canonical DataFrame, plus the citations they point to.

    Build one with :meth:`from_records` or :meth:`from_frame`; a source's ``fetch``
    returns one.  A ResultSet is immutable: every method returns a new one.
    """

    __slots__ = ("_citations", "_frame")

    def __init__(self, frame: pd.DataFrame, citations: Mapping[str, Citation], *, _trusted: bool = False) -> None:
        """Wrap a frame that is already canonical; use :meth:`from_frame` for anything else."""
        if not _trusted:
            other = ResultSet.from_frame(frame, citations)
            frame, citations = other.frame, other.citations
        self._frame: pd.DataFrame = frame
        self._citations: dict[str, Citation] = dict(citations)

    # -- construction -----------------------------------------------------------------

    @classmethod
    def empty(cls) -> ResultSet:
        """A ResultSet with no rows."""
        return cls(empty_frame(), {}, _trusted=True)

    @classmethod
    def from_records(cls, records: Iterable[Observation]) -> ResultSet:
        """Build a ResultSet from observations; their citations fill the citations table."""
        cols: dict[str, list[Any]] = {c: [] for c in CANONICAL_COLUMNS}
        citations: dict[str, Citation] = {}
        for i, rec in enumerate(records):
            if not isinstance(rec, Observation):
                raise ValidationError(
                    "records", [Problem(message=f"expected an Observation, got {type(rec).__name__}", row=i)]
                )
            est = rec.estimate
            cid = rec.citation.id
            citations[cid] = rec.citation
            cols["source"].append(rec.source)
            cols["dataset"].append(rec.dataset)
            cols["indicator"].append(rec.indicator)
            cols["concept"].append(rec.concept)
            cols["geo"].append(rec.geo)
            cols["period"].append(rec.period)
            cols["population"].append(rec.population)
            cols["breakdown"].append(rec.breakdown)
            cols["unit"].append(est.unit)
            cols["value"].append(est.value)
            cols["lower"].append(est.lower)
            cols["upper"].append(est.upper)
            cols["qualifier"].append(est.qualifier)
            cols["decimals"].append(pd.NA if est.decimals is None else est.decimals)
            cols["sample_size"].append(pd.NA if rec.sample_size is None else rec.sample_size)
            cols["flags"].append(rec.flags)
            cols["citation_id"].append(cid)
            cols["source_version"].append(rec.source_version)
            cols["retrieved"].append(_to_utc(rec.retrieved))
        return cls(build_frame(cols), citations, _trusted=True)

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        citations: Mapping[str, Citation] | Iterable[Citation] | pd.DataFrame | None = None,
        *,
        normalize: bool = True,
    ) -> ResultSet:
        """Validate a frame with canonical columns and wrap it.

        Optional columns (``concept``, ``breakdown``, ``unit``, ``qualifier``,
        ``decimals``, ``sample_size``, ``flags``, ``source_version``, ``retrieved``) get
        defaults; ``lower``/``upper`` are derived from ``value``, ``qualifier`` and
        ``decimals`` when absent.  Geographies and periods are normalised unless
        ``normalize=False``.

        :raises ValidationError: listing every problem (row, column, value, why).
        """
        if not isinstance(frame, pd.DataFrame):
            raise ValidationError(
                "frame", [Problem(message=f"expected a pandas DataFrame, got {type(frame).__name__}")]
            )
        cites = _as_citations(citations)
        problems: list[Problem] = []
        cols = set(frame.columns)
        missing = [c for c in (*REQUIRED_TEXT, "value") if c not in cols]
        problems += [Problem(message="required column is missing", column=c) for c in missing]
        unknown = [c for c in frame.columns if c not in CANONICAL_COLUMNS]
        problems += [
            Problem(message=f"unknown column; the canonical columns are {', '.join(CANONICAL_COLUMNS)}", column=str(c))
            for c in unknown
        ]
        problems += [
            Problem(message="the column appears more than once", column=str(c))
            for c in dict.fromkeys(frame.columns[frame.columns.duplicated()])
        ]
        if problems:
            raise ValidationError("ResultSet.from_frame", problems)
        frame = frame.reset_index(drop=True)
        n = len(frame)
        out: dict[str, Any] = {}

        def report(column: str, mask: np.ndarray[Any, Any], message: str, values: pd.Series | None = None) -> None:
            rows = np.flatnonzero(mask)
            vals = frame[column] if values is None else values
            for r in rows[:_MAX_PER_COLUMN]:
                v = vals.iloc[int(r)]
                if isinstance(v, np.generic):
                    v = v.item()
                problems.append(
                    Problem(message=message, column=column, row=int(r), value=None if _is_missing(v) else v)
                )
            if len(rows) > _MAX_PER_COLUMN:
                problems.append(
                    Problem(message=f"{len(rows) - _MAX_PER_COLUMN} more rows with the same problem", column=column)
                )

        def categorical(name: str) -> Any:
            if name not in cols:
                default = OPTIONAL_DEFAULTS[name]
                if default is None:
                    return CATEGORICAL_TYPE.from_codes(
                        np.full(n, -1, dtype=np.int8), categories=pd.Index([], dtype=object)
                    )
                return CATEGORICAL_TYPE.from_codes(np.zeros(n, dtype=np.int8), categories=[default])
            series = frame[name]
            if isinstance(series.dtype, pd.CategoricalDtype):
                return series.array
            try:
                return pd.Categorical(series)
            except TypeError:  # unhashable cells: lists, dicts, arrays
                unhashable = series.map(lambda v: not hashable(v)).to_numpy(dtype=bool)
                report(name, unhashable, "must be text, not a list, a mapping or an array")
                return pd.Categorical(series.where(~unhashable, None))

        def text_column(name: str, *, required: bool) -> Any:
            cat = categorical(name)
            if name == "flags":
                bad_cats = [c for c in cat.categories if not isinstance(c, str)]
                if bad_cats:
                    report(name, codes_in(cat, bad_cats), "must be a string of comma-separated flags")
                if (cat.codes == -1).any():
                    if "" not in cat.categories:
                        cat = cat.add_categories([""])
                    cat = cat.fillna("")
                return cat
            bad_cats = [c for c in cat.categories if not isinstance(c, str) or not c.strip()]
            mask = codes_in(cat, bad_cats)
            if required:
                mask |= cat.codes == -1
            if mask.any():
                report(name, mask, "must be a non-empty string")
            return cat

        for name in (
            "source",
            "dataset",
            "indicator",
            "population",
            "citation_id",
            "breakdown",
            "flags",
            "source_version",
        ):
            out[name] = text_column(name, required=name in REQUIRED_TEXT or name == "breakdown")

        # concept: optional, dotted lower case
        concept = text_column("concept", required=False)
        bad = [c for c in concept.categories if not CONCEPT_RE.match(str(c))]
        if bad:
            report("concept", codes_in(concept, bad), "must look like 'area.name' (lower case, dotted)")
        out["concept"] = concept

        # geo: normalised per category
        geo = text_column("geo", required=True)
        if normalize and len(geo.categories):
            mapping: dict[Any, Any] = {}
            bad_geo: dict[Any, str] = {}
            for c in geo.categories:
                try:
                    mapping[c] = _normalize_geo(str(c))
                except UnknownGeographyError as exc:
                    bad_geo[c] = str(exc)
            for c, why in bad_geo.items():
                report("geo", codes_in(geo, [c]), why)
            if not bad_geo and any(k != v for k, v in mapping.items()):
                geo = recode(geo, mapping)
        out["geo"] = geo

        # period: years may come as numbers
        period = categorical("period")
        pmap: dict[Any, Any] = {}
        for c in period.categories:
            try:
                pmap[c] = normalize_period(c)
            except RecordError as exc:
                report("period", codes_in(period, [c]), str(exc).split(": ", 1)[-1])
        if (period.codes == -1).any():
            report("period", period.codes == -1, "must be a non-empty string")
        if len(pmap) == len(period.categories) and (
            any(k != v for k, v in pmap.items()) or not all(isinstance(k, str) for k in pmap)
        ):
            period = recode(period, pmap)
        out["period"] = period

        # unit, qualifier
        for name, choices in (("unit", UNITS), ("qualifier", QUALIFIERS)):
            cat = text_column(name, required=True)
            bad = [c for c in cat.categories if c not in choices]
            if bad:
                report(name, codes_in(cat, bad), f"must be one of {', '.join(choices)}")
            out[name] = cat

        # numbers
        raw_value = frame["value"]
        numeric = pd.to_numeric(raw_value, errors="coerce")
        is_complex = np.zeros(n, dtype=bool)
        if pd.api.types.is_complex_dtype(numeric.dtype):  # a share is a real number: refuse, don't truncate
            is_complex = numeric.to_numpy().imag != 0
            numeric = pd.Series(numeric.to_numpy().real)
        value = numeric.astype("float64")
        v = value.to_numpy().copy()
        v[is_complex] = np.nan
        not_num = ~np.isfinite(v)
        if not_num.any():
            report("value", not_num, "must be a finite number", raw_value)

        decimals = integer_column(frame, "decimals", n, 0, 10, "must be an integer from 0 to 10, or empty", report)
        sample_size = integer_column(frame, "sample_size", n, 1, 2**53, "must be a positive integer, or empty", report)

        unit_cat: pd.Categorical = out["unit"]
        qual_cat: pd.Categorical = out["qualifier"]
        if "lower" in cols and "upper" in cols:
            lo = pd.to_numeric(frame["lower"], errors="coerce").to_numpy(dtype="float64")
            hi = pd.to_numeric(frame["upper"], errors="coerce").to_numpy(dtype="float64")
            for name, arr in (("lower", lo), ("upper", hi)):
                bad_mask = np.isnan(arr) & ~not_num
                if bad_mask.any():
                    report(name, bad_mask, "must be a number")
        elif "lower" in cols or "upper" in cols:
            problems.append(Problem(message="give both lower and upper, or neither", column="lower"))
            lo = hi = v
        else:
            lo, hi = derive_bounds(v, qual_cat, unit_cat, decimals)

        ok = ~not_num
        unit_hi = np.array([UNIT_BOUNDS.get(u, (-math.inf, math.inf))[1] for u in unit_cat.categories] + [math.inf])
        unit_lo = np.array([UNIT_BOUNDS.get(u, (-math.inf, math.inf))[0] for u in unit_cat.categories] + [-math.inf])
        with np.errstate(invalid="ignore"):
            impossible = ok & (
                (codes_in(qual_cat, ["more_than"]) & (v >= unit_hi[unit_cat.codes]))
                | (codes_in(qual_cat, ["less_than"]) & (v <= unit_lo[unit_cat.codes]))
            )
        if impossible.any():
            report(
                "qualifier",
                impossible,
                "impossible with this value: nothing is more than the unit's maximum or less than its minimum",
            )
        with np.errstate(invalid="ignore"):
            order_bad = ok & ~np.isnan(lo) & ~np.isnan(hi) & ~((lo <= v) & (v <= hi))
        if order_bad.any():
            report("value", order_bad, "lower <= value <= upper does not hold")
        unit_codes = unit_cat.codes
        for code, unit in enumerate(unit_cat.categories):
            if unit not in UNIT_BOUNDS:
                continue
            umin, umax = UNIT_BOUNDS[unit]
            in_unit = unit_codes == code
            if not in_unit.any():
                continue
            with np.errstate(invalid="ignore"):
                out_of = in_unit & ok & ((v < umin) | (v > umax))
                low_out = in_unit & ok & ~out_of & (lo < umin - 1e-9)
                high_out = in_unit & ok & ~out_of & (hi > umax + 1e-9)
            if out_of.any():
                hint = "; shares are stored in percent (0-100)" if unit == "percent" else ""
                report("value", out_of, f"outside the range of unit {unit!r} [{umin}, {umax}]{hint}")
            if low_out.any():
                report("lower", low_out, f"interval leaves the range of unit {unit!r} [{umin}, {umax}]", pd.Series(lo))
            if high_out.any():
                report("upper", high_out, f"interval leaves the range of unit {unit!r} [{umin}, {umax}]", pd.Series(hi))

        if "retrieved" in cols:
            try:
                with warnings.catch_warnings():
                    # numbers past the int64 nanosecond range make numpy warn instead of raising
                    warnings.simplefilter("error", RuntimeWarning)
                    retrieved = pd.to_datetime(frame["retrieved"], utc=True, errors="raise", format="mixed")
            except (ValueError, TypeError, OverflowError, RuntimeWarning) as exc:
                problems.append(Problem(message=f"not a date-time: {exc}", column="retrieved"))
                retrieved = nat_series(n)
        else:
            retrieved = nat_series(n)

        # citations must exist
        cit = out["citation_id"]
        missing_ids = [c for c in cit.categories if c not in cites]
        if missing_ids:
            report("citation_id", codes_in(cit, missing_ids), "no citation with this id in the citations table")

        if problems:
            raise ValidationError(f"ResultSet.from_frame ({n} rows)", problems)

        is_pct = codes_in(unit_cat, ["percent"])
        if is_pct.any():
            pv = v[is_pct]
            if pv.max() <= 1.0 and pv.max() > 0:
                warnings.warn(
                    "every percent value lies between 0 and 1: these look like fractions; "
                    "adoptstats stores shares in percent (0-100), so multiply by 100",
                    UnitWarning,
                    stacklevel=2,
                )
        out.update(
            value=v,
            lower=lo,
            upper=hi,
            decimals=decimals,
            sample_size=sample_size,
            retrieved=retrieved.astype("datetime64[us, UTC]").array,
        )
        result = pd.DataFrame({col: out[col] for col in CANONICAL_COLUMNS})
        used = set(result["citation_id"].cat.categories)
        return cls(result, {k: c for k, c in cites.items() if k in used}, _trusted=True)

    # -- access -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._frame)

    def __iter__(self) -> Iterator[Observation]:
        return iter(self.records())

    @property
    def frame(self) -> pd.DataFrame:
        """The canonical frame (do not modify it; use :meth:`to_frame` for a copy)."""
        return self._frame

    @property
    def citations(self) -> dict[str, Citation]:
        """The citations table: citation id → :class:`Citation`."""
        return dict(self._citations)

    def citations_frame(self) -> pd.DataFrame:
        """The citations table as a DataFrame (one row per citation, sorted by id)."""
        rows = []
        for cid in sorted(self._citations):
            c = self._citations[cid]
            rows.append(
                {
                    "citation_id": cid,
                    "publisher": c.publisher,
                    "title": c.title,
                    "url": c.url,
                    "quote": c.quote,
                    "table": c.table,
                    "published": c.published.isoformat() if c.published else None,
                    "accessed": c.accessed.isoformat() if c.accessed else None,
                    "primary": c.primary,
                }
            )
        return pd.DataFrame(rows, columns=list(CITATION_COLUMNS))

    def to_frame(self, *, with_citations: bool = False) -> pd.DataFrame:
        """A copy of the canonical frame; ``with_citations=True`` joins the citation fields."""
        frame = self._frame.copy()
        if with_citations:
            cites = self.citations_frame()
            frame = frame.merge(cites, on="citation_id", how="left")
        return frame

    @property
    def caveats(self) -> tuple[Caveat, ...]:
        """The caveats the figures carry on their own: contested, open-ended, secondary only, source flags.

        See :mod:`adoptstats.caveats`; computed on demand, one pass over the rows.
        """
        return sort_caveats(
            c for row in frame_caveats(self._frame, self._citations, sample_size_matters=False) for c in row
        )

    def citation(self, row: int) -> Citation:
        """The citation of the row at this position."""
        if not -len(self) <= row < len(self):
            raise IndexError(f"row {row} is out of range for a ResultSet of {len(self)} rows")
        return self._citations[str(self._frame["citation_id"].iloc[row])]

    def records(self) -> list[Observation]:
        """The rows as :class:`Observation` records."""
        out: list[Observation] = []
        for row in self._frame.to_dict("records"):
            dec = row["decimals"]
            est = Estimate(
                value=row["value"],
                lower=row["lower"],
                upper=row["upper"],
                qualifier=row["qualifier"],
                decimals=None if _is_missing(dec) else int(dec),
                unit=row["unit"],
            )
            ss = row["sample_size"]
            retrieved = row["retrieved"]
            out.append(
                Observation(
                    source=row["source"],
                    dataset=row["dataset"],
                    indicator=row["indicator"],
                    concept=None if _is_missing(row["concept"]) else row["concept"],
                    geo=row["geo"],
                    period=row["period"],
                    population=row["population"],
                    breakdown=row["breakdown"],
                    estimate=est,
                    sample_size=None if _is_missing(ss) else int(ss),
                    flags=row["flags"],
                    citation=self._citations[row["citation_id"]],
                    source_version=None if _is_missing(row["source_version"]) else row["source_version"],
                    retrieved=None if _is_missing(retrieved) else retrieved.to_pydatetime(),
                )
            )
        return out

    def unique(self, column: str) -> list[Any]:
        """Sorted distinct non-missing values of a canonical column."""
        if column not in CANONICAL_COLUMNS:
            raise KeyError(f"{column!r} is not a canonical column")
        values = self._frame[column].dropna().unique()
        return sorted(values.tolist() if hasattr(values, "tolist") else list(values))

    # -- selection ----------------------------------------------------------------------

    def filter(
        self,
        *,
        since: str | int | None = None,
        until: str | int | None = None,
        has_flag: str | None = None,
        without_flag: str | None = None,
        primary: bool | None = None,
        **columns: Any,
    ) -> ResultSet:
        """Rows whose canonical columns match: ``rs.filter(geo=["BE", "NL"], period=2010)``.

        A value may be a scalar or a list.  Geographies accept any name
        :func:`~adoptstats.normalize_geo` understands; periods are normalised.
        ``since``/``until`` bound the period; ``has_flag``/``without_flag`` test the
        comma-separated flags; ``primary`` keeps rows from primary (or secondary) citations.
        """
        from adoptstats.geo import normalize_geo

        frame = self._frame
        mask = np.ones(len(frame), dtype=bool)
        for name, wanted in columns.items():
            if name not in CANONICAL_COLUMNS:
                raise TypeError(f"filter: {name!r} is not a canonical column ({', '.join(CANONICAL_COLUMNS)})")
            values = list(wanted) if isinstance(wanted, (list, tuple, set, frozenset)) else [wanted]
            if name == "geo":
                values = [normalize_geo(str(v)) for v in values]
            elif name == "period":
                values = [normalize_period(v) for v in values]
            col = frame[name]
            if name == "period":
                periods = col.astype(str)
                sub = np.zeros(len(frame), dtype=bool)
                for p in values:
                    sub |= (periods == p).to_numpy() | periods.str.startswith(p + "-").to_numpy()
                mask &= sub
            else:
                mask &= col.isin(values).to_numpy()
        if since is not None or until is not None:
            mask &= period_window(frame["period"], since, until)
        if has_flag is not None or without_flag is not None:
            flag_sets = frame["flags"].astype(str).str.split(",")
            if has_flag is not None:
                mask &= flag_sets.map(lambda fs: has_flag in fs).to_numpy(dtype=bool)
            if without_flag is not None:
                mask &= ~flag_sets.map(lambda fs: without_flag in fs).to_numpy(dtype=bool)
        if primary is not None:
            prim = {cid for cid, c in self._citations.items() if c.primary == primary}
            mask &= frame["citation_id"].isin(prim).to_numpy()
        return self.take(mask)

    def take(self, mask: np.ndarray[Any, Any]) -> ResultSet:
        """The rows where ``mask`` is true, with only the citations they use."""
        frame = self._frame[mask].reset_index(drop=True)
        used = set(frame["citation_id"].astype(str).unique())
        return ResultSet(frame, {k: v for k, v in self._citations.items() if k in used}, _trusted=True)

    def equals(self, other: object) -> bool:
        """Whether both frames and citation tables are equal."""
        return (
            isinstance(other, ResultSet)
            and self._citations == other._citations
            and self._frame.reset_index(drop=True)
            .astype(object)
            .equals(other._frame.reset_index(drop=True).astype(object))
        )

    # -- display ------------------------------------------------------------------------

    def _summary(self) -> str:
        n = len(self)
        if n == 0:
            return "ResultSet: 0 rows"
        periods = self.unique("period")
        bits = [
            f"ResultSet: {n} row{'s' if n != 1 else ''}",
            f"sources: {', '.join(self.unique('source'))}",
            f"{len(self.unique('geo'))} geographies",
            f"periods {periods[0]}–{periods[-1]}" if len(periods) > 1 else f"period {periods[0]}",
            f"{len(self._citations)} citation{'s' if len(self._citations) != 1 else ''}",
        ]
        return ", ".join(bits)

    _SHOW = ("source", "indicator", "concept", "geo", "period", "breakdown", "value", "unit", "qualifier", "flags")

    def __repr__(self) -> str:
        head = self._summary()
        if len(self) == 0:
            return head
        with pd.option_context("display.max_columns", 20, "display.width", 160):
            table = self._frame.loc[:, list(self._SHOW)].head(10).to_string(index=False)
        more = f"\n... {len(self) - 10} more rows" if len(self) > 10 else ""
        return f"{head}\n{table}{more}"

    def _repr_html_(self) -> str:
        head = html.escape(self._summary())
        table = self._frame.loc[:, list(self._SHOW)].head(20).to_html(index=False, na_rep="")
        return f"<div><p><strong>{head}</strong></p>{table}</div>"


def _normalize_geo(value: str) -> str:
    from adoptstats.geo import normalize_geo

    return normalize_geo(value)


def period_window(periods: pd.Series, since: object = None, until: object = None) -> np.ndarray[Any, Any]:
    """Rows whose period lies within ``since``..``until`` (either may be None), compared at their precision.

    ``since=2013`` keeps ``"2013"`` and ``"2013-Q2"``; ``until=2020`` keeps every period of 2020.
    """
    text = periods.astype(str)
    mask = np.ones(len(text), dtype=bool)
    if since is not None:
        s = normalize_period(since)
        mask &= (text.str.slice(0, len(s)) >= s).to_numpy()
    if until is not None:
        u = normalize_period(until)
        mask &= (text.str.slice(0, len(u)) <= u).to_numpy()
    return mask


def concat(resultsets: Sequence[ResultSet]) -> ResultSet:
    """Stack several ResultSets into one; citation tables are merged (same id, same citation)."""
    if not resultsets:
        return ResultSet.empty()
    for i, rs in enumerate(resultsets):
        if not isinstance(rs, ResultSet):
            raise ValidationError("concat", [Problem(message=f"item {i} is a {type(rs).__name__}, not a ResultSet")])
    frames = [rs.frame for rs in resultsets]
    combined: dict[str, Any] = {}
    for col in CANONICAL_COLUMNS:
        parts = [f[col] for f in frames]
        if col in CATEGORICAL:
            cats = [pd.Categorical(p) for p in parts]
            if len({str(c.categories.dtype) for c in cats}) > 1:
                # frames built by from_records and by from_frame may hold str and object categories
                cats = [CATEGORICAL_TYPE.from_codes(c.codes, categories=c.categories.astype(object)) for c in cats]
            combined[col] = pd.api.types.union_categoricals(cats, ignore_order=True)
        else:
            combined[col] = pd.concat(parts, ignore_index=True).array
    cites: dict[str, Citation] = {}
    for rs in resultsets:
        cites.update(rs._citations)
    return ResultSet(pd.DataFrame(combined), cites, _trusted=True)
