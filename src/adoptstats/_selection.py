"""Selection helpers shared by the analysis modules (the one documented private helpers module).

:mod:`adoptstats.comparison`, :mod:`adoptstats.ranking`, :mod:`adoptstats.trends`,
:mod:`adoptstats.aggregation` and :mod:`adoptstats.reconciliation` all select rows the
same way: a ResultSet (or a canonical frame, or observations) in, one concept, period and
breakdown out, with clear errors when a selection is empty or ambiguous, mixes units or
holds several reports of one figure.  Those shared steps live here.  The module is private
(its names may change between releases), but it is the only private module other core
modules may import from; the layering test in ``tests/test_layering.py`` enforces that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from adoptstats.concepts import get_concept
from adoptstats.errors import (
    ComparabilityError,
    DuplicateReportsError,
    RecordError,
    SelectionError,
    UnknownConceptError,
    ValidationError,
)
from adoptstats.records import Citation, Estimate, Observation, normalize_period
from adoptstats.resultset import ResultSet

__all__ = [
    "SHOW",
    "BoolArray",
    "FloatArray",
    "IntArray",
    "ObjArray",
    "arrays",
    "cat_mask",
    "check_duplicates",
    "check_one_unit",
    "check_resultset",
    "coerce_results",
    "concept_label",
    "concept_phrase",
    "distinct",
    "estimate_of",
    "listing",
    "report_text",
    "select",
    "what_of",
    "where_text",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjArray = npt.NDArray[np.object_]

#: How many items a listing in an error message shows before "... (and N more)".
SHOW = 12


def coerce_results(results: object, fn: str) -> ResultSet:
    """A ResultSet from a ResultSet, a canonical DataFrame or a list of observations."""
    if isinstance(results, ResultSet):
        return results
    if isinstance(results, pd.DataFrame):
        return ResultSet.from_frame(results)
    if isinstance(results, (list, tuple)) and all(isinstance(r, Observation) for r in results):
        return ResultSet.from_records(results)
    raise SelectionError(
        f"{fn}: results must be a ResultSet (or a canonical DataFrame, or a list of Observations), "
        f"got {type(results).__name__}"
    )


def listing(values: Iterable[Any], limit: int = SHOW) -> str:
    """``a, b, c`` or ``a, b, ... (and 7 more)``."""
    vals = [str(v) for v in values]
    if len(vals) <= limit:
        return ", ".join(vals)
    return ", ".join(vals[:limit]) + f", ... (and {len(vals) - limit} more)"


def distinct(series: pd.Series) -> list[str]:
    """Sorted distinct non-missing values of a (categorical) column, as strings."""
    values = series.dropna().unique()
    return sorted(str(v) for v in values)


def cat_mask(col: pd.Series, keep: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Row mask from a per-category mask (missing values never kept)."""
    codes = col.cat.codes.to_numpy()
    ext = np.append(keep, False)
    return np.asarray(ext[codes], dtype=bool)


def what_of(frame: pd.DataFrame) -> pd.Series:
    """What each row measures: its concept, or ``indicator:<code>`` when it has none."""
    concept = frame["concept"].astype(object)
    indicator = "indicator:" + frame["indicator"].astype(str)
    return concept.where(concept.notna(), indicator)


def select(
    rs: ResultSet,
    fn: str,
    *,
    concept: str | None,
    period: object,
    breakdown: str | None,
    many_concepts: bool = False,
    many_periods: bool = False,
) -> pd.DataFrame:
    """Rows for one concept (or indicator), period and breakdown; clear errors when absent or ambiguous."""
    frame = rs.frame
    if len(frame) == 0:
        raise SelectionError(
            f"{fn}: the results are empty; adoptstats.fetch warned (EmptyResultWarning) with what the sources "
            "hold near the query"
        )
    mask = np.ones(len(frame), dtype=bool)
    if concept is not None:
        if not isinstance(concept, str):
            raise SelectionError(f"{fn}: concept must be a concept name or an indicator code, got {concept!r}")
        by_concept = (frame["concept"] == concept).to_numpy(dtype=bool, na_value=False)
        if by_concept.any():
            mask &= by_concept
        else:
            by_indicator = (frame["indicator"] == concept).to_numpy(dtype=bool, na_value=False)
            if not by_indicator.any():
                raise SelectionError(
                    f"{fn}: no figures for concept {concept!r}; the results hold concepts "
                    f"{listing(distinct(frame['concept'])) or '(none)'} and indicators "
                    f"{listing(distinct(frame['indicator']))}"
                )
            mask &= by_indicator
    if breakdown is not None:
        by_breakdown = (frame["breakdown"] == breakdown).to_numpy(dtype=bool, na_value=False)
        if not (mask & by_breakdown).any():
            raise SelectionError(
                _braces(
                    f"{fn}: no figures for breakdown {breakdown!r}"
                    + (f" of {concept!r}" if concept else "")
                    + f"; breakdowns present: {listing(distinct(frame['breakdown'][mask]))}"
                )
                + " (pass {breakdown} to choose one)"
            ).naming(breakdown=...)
        mask &= by_breakdown
    if period is not None:
        try:
            p = normalize_period(period)
        except RecordError as exc:
            raise SelectionError(f"{fn}: {exc}") from exc
        cats = frame["period"].cat.categories
        keep = np.array([str(c) == p or str(c).startswith(p + "-") for c in cats], dtype=bool)
        by_period = cat_mask(frame["period"], keep)
        if not (mask & by_period).any():
            raise SelectionError(
                _braces(
                    f"{fn}: no figures for period {p}"
                    + (f" of {concept!r}" if concept else "")
                    + f"; periods present: {listing(distinct(frame['period'][mask]))}"
                )
                + "; pass one of them as {period}"
            ).naming(period=...)
        mask &= by_period
    sub = frame if mask.all() else frame[mask].reset_index(drop=True)
    if not many_concepts and concept is None:
        whats = sorted(set(what_of(sub).tolist()))
        if len(whats) > 1:
            raise SelectionError(
                _braces(f"{fn}: the results hold {len(whats)} concepts ({listing(whats)})")
                + "; pass {concept} to choose one"
            ).naming(concept=...)
    if not many_periods and period is None:
        periods = distinct(sub["period"])
        if len(periods) > 1:
            raise SelectionError(
                _braces(f"{fn}: the results hold {len(periods)} periods ({listing(periods)})")
                + "; pass {period} to choose one"
            ).naming(period=...)
    if breakdown is None and not many_concepts:
        breakdowns = distinct(sub["breakdown"])
        if len(breakdowns) > 1:
            raise SelectionError(
                _braces(f"{fn}: the results hold {len(breakdowns)} breakdowns ({listing(breakdowns)})")
                + "; pass {breakdown} to choose one"
            ).naming(breakdown=...)
    return sub


def _braces(text: str) -> str:
    """``text`` with its braces doubled, to sit in a message whose ``{fields}`` name arguments."""
    return text.replace("{", "{{").replace("}", "}}")


def check_one_unit(sub: pd.DataFrame, fn: str) -> str:
    """The single unit of a selection; mixed units raise :class:`ComparabilityError`."""
    units = distinct(sub["unit"])
    if len(units) > 1:
        parts = []
        for u in units:
            geos = distinct(sub["geo"][(sub["unit"] == u).to_numpy()])
            parts.append(f"{u} ({listing(geos, 6)})")
        raise ComparabilityError(
            f"{fn}: the selection mixes units: {'; '.join(parts)}. Shares (percent), indexes and counts are never "
            "compared with one another; choose a concept or indicator with a single unit"
        )
    return units[0]


def report_text(row: Mapping[Any, Any] | pd.Series, citations: dict[str, Citation]) -> str:
    """``50% (source/dataset, Publisher, URL)`` for error messages and listings."""
    est = estimate_of(row)
    cite = citations.get(str(row["citation_id"]))
    who = cite.publisher if cite else str(row["citation_id"])
    url = f", {cite.url}" if cite and cite.url else ""
    return f"{est.text()} ({row['source']}/{row['dataset']}, {who}{url})"


def estimate_of(row: Mapping[Any, Any] | pd.Series) -> Estimate:
    """The published :class:`Estimate` of a canonical row."""
    dec = row["decimals"]
    return Estimate(
        value=float(row["value"]),
        lower=float(row["lower"]),
        upper=float(row["upper"]),
        qualifier=str(row["qualifier"]),
        decimals=None if pd.isna(dec) else int(dec),
        unit=str(row["unit"]),
    )


def check_duplicates(sub: pd.DataFrame, citations: dict[str, Citation], fn: str, keys: list[str]) -> None:
    """Several rows for one geography (and ``keys``) raise :class:`DuplicateReportsError`."""
    cols = ["geo", *keys]
    key_frame = pd.DataFrame({c: sub[c].cat.codes.to_numpy() if hasattr(sub[c], "cat") else sub[c] for c in cols})
    dup = key_frame.duplicated(keep=False).to_numpy()
    if not dup.any():
        return
    rows = sub[dup]
    lines = []
    same_figure = True
    for key, group in rows.groupby([rows[c].astype(str) for c in cols], sort=True):
        label = " ".join(str(k) for k in (key if isinstance(key, tuple) else (key,)))
        reports = "; ".join(report_text(r, citations) for _, r in group.iterrows())
        lines.append(f"  {label}: {reports}")
        if group[["source", "dataset", "indicator"]].astype(str).drop_duplicates().shape[0] > 1:
            same_figure = False
    hint = (
        "these are several reports of the same figure: choose one per figure with "
        "adoptstats.reconcile(results).resolved (it keeps the others as alternatives)"
        if same_figure
        else "the figures come from different sources or indicators: filter the results to one of them "
        "(results.filter(source=...)), or reconcile them with adoptstats.reconcile"
    )
    shown = lines[:SHOW] + ([f"  ... and {len(lines) - SHOW} more"] if len(lines) > SHOW else [])
    raise DuplicateReportsError(
        f"{fn}: several figures for the same geography ({len(lines)} case{'s' if len(lines) != 1 else ''}); "
        f"{hint}:\n" + "\n".join(shown)
    )


def check_resultset(obj: object, fn: str, what: str) -> ResultSet:
    """Like :func:`coerce_results` for secondary arguments (weights)."""
    try:
        return coerce_results(obj, fn)
    except ValidationError:
        raise
    except SelectionError as exc:
        raise SelectionError(str(exc).replace("results", what, 1)) from exc


def arrays(sub: pd.DataFrame) -> dict[str, Any]:
    """The columns of a selection as NumPy arrays (object arrays for text, float64 for numbers)."""
    out: dict[str, Any] = {}
    for col in ("geo", "qualifier", "unit", "source", "dataset", "indicator", "population", "period", "breakdown"):
        out[col] = sub[col].astype(object).to_numpy()
    out["concept"] = sub["concept"].astype(object).where(sub["concept"].notna(), None).to_numpy()
    out["citation_id"] = sub["citation_id"].astype(str).to_numpy()
    out["flags"] = sub["flags"].astype(str).to_numpy()
    for col in ("value", "lower", "upper"):
        out[col] = sub[col].to_numpy(dtype="float64")
    out["decimals"] = sub["decimals"].to_numpy(dtype="float64", na_value=np.nan)
    out["sample_size"] = sub["sample_size"].to_numpy(dtype="float64", na_value=np.nan)
    return out


def where_text(sub: pd.DataFrame, concept: str | None, period: object) -> str:
    """``"for <concept> in <period>"`` for error messages."""
    what = concept if concept is not None else (listing(sorted(set(what_of(sub).tolist()))) or "the data")
    per = normalize_period(period) if period is not None else listing(distinct(sub["period"]))
    return f"for {what} in {per}"


def concept_label(concept: str | None, indicator: str, lang: str = "en") -> str:
    """The concept's label in ``lang`` (``"Uses any social media"``).

    The concept name when the concept is unknown, the indicator when there is no concept.
    """
    if concept is None:
        return indicator
    try:
        return get_concept(concept).label_in(lang)
    except UnknownConceptError:
        return concept


def concept_phrase(concept: str | None, indicator: str, lang: str = "en") -> str:
    """The label as it reads inside a sentence: ``"uses any social media"`` (an acronym keeps its case)."""
    label = concept_label(concept, indicator, lang)
    if concept is None or label == concept or len(label) < 2 or label[1].isupper():
        return label
    return label[0].lower() + label[1:]
