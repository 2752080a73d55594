"""Compare geographies: differences, ratios, verdicts, ranks with rank intervals, gaps and trends.

:func:`compare` puts one geography (the *focus*) next to every other geography that has
the same figure (concept, period, breakdown) and returns a :class:`Comparison`: for each
other geography, both values with their intervals, the difference in percentage points
with its interval, the ratio, a verdict (``higher``, ``lower``, ``indistinguishable``,
``undetermined``; see :mod:`adoptstats.uncertainty`), a Holm-adjusted p-value where
sample sizes are known on both sides, and a comparability note.  :func:`rank` builds a
league table with rank intervals, :func:`trend` fits the change per year and says when a
laggard would catch up, and :func:`gap` measures the distance to the leader, to a
benchmark or to any geography.

Differences are always ``focus - other``; a verdict says how the focus stands against
the other geography ("lower" = the focus is lower).  Named aggregates (``WORLD``,
``EU27_2020`` ...) are compared but never ranked.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt
import pandas as pd

from adoptstats.errors import (
    ComparabilityError,
    DuplicateReportsError,
    RecordError,
    SelectionError,
    ValidationError,
)
from adoptstats.geo import AGGREGATES, geo_name, normalize_geo
from adoptstats.records import Citation, Estimate, Observation, normalize_period
from adoptstats.resultset import ResultSet, period_window
from adoptstats.uncertainty import (
    DEFAULT_ALPHA,
    POINT_QUALIFIERS,
    _pairwise,
    decide,
    effective_bounds,
    holm,
    open_bounds,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "Comparison",
    "Gap",
    "RankInfo",
    "RankTable",
    "Trend",
    "TrendLine",
    "compare",
    "gap",
    "rank",
    "trend",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjArray = npt.NDArray[np.object_]

#: Named aggregates that are compared but never ranked among countries.
NOT_RANKED: frozenset[str] = frozenset(code for code in AGGREGATES if code != "XK")
#: Default benchmarks, in order of preference, when ``benchmark`` is not given.
DEFAULT_BENCHMARKS: tuple[str, ...] = ("WORLD", "EU27_2020", "EU28")
#: Columns of :meth:`Comparison.to_frame`, in order (more follow them).
COMPARISON_COLUMNS: tuple[str, ...] = (
    "geo",
    "value",
    "lower",
    "upper",
    "diff",
    "diff_lower",
    "diff_upper",
    "ratio",
    "verdict",
    "p_value",
    "comparability",
)
_SHOW = 12


def _coerce_results(results: object, fn: str) -> ResultSet:
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


def _listing(values: Iterable[Any], limit: int = _SHOW) -> str:
    """``a, b, c`` or ``a, b, ... (and 7 more)``."""
    vals = [str(v) for v in values]
    if len(vals) <= limit:
        return ", ".join(vals)
    return ", ".join(vals[:limit]) + f", ... (and {len(vals) - limit} more)"


def _distinct(series: pd.Series) -> list[str]:
    """Sorted _distinct non-missing values of a (categorical) column, as strings."""
    values = series.dropna().unique()
    return sorted(str(v) for v in values)


def _cat_mask(col: pd.Series, keep: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Row mask from a per-category mask (missing values never kept)."""
    codes = col.cat.codes.to_numpy()
    ext = np.append(keep, False)
    return np.asarray(ext[codes], dtype=bool)


def _what_of(frame: pd.DataFrame) -> pd.Series:
    """What each row measures: its concept, or ``indicator:<code>`` when it has none."""
    concept = frame["concept"].astype(object)
    indicator = "indicator:" + frame["indicator"].astype(str)
    return concept.where(concept.notna(), indicator)


def _select(
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
        raise SelectionError(f"{fn}: the results are empty")
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
                    f"{_listing(_distinct(frame['concept'])) or '(none)'} and indicators "
                    f"{_listing(_distinct(frame['indicator']))}"
                )
            mask &= by_indicator
    if breakdown is not None:
        by_breakdown = (frame["breakdown"] == breakdown).to_numpy(dtype=bool, na_value=False)
        if not (mask & by_breakdown).any():
            raise SelectionError(
                f"{fn}: no figures for breakdown {breakdown!r}"
                + (f" of {concept!r}" if concept else "")
                + f"; breakdowns present: {_listing(_distinct(frame['breakdown'][mask]))}"
                + " (pass breakdown=None to keep every breakdown)"
            )
        mask &= by_breakdown
    if period is not None:
        try:
            p = normalize_period(period)
        except RecordError as exc:
            raise SelectionError(f"{fn}: {exc}") from exc
        cats = frame["period"].cat.categories
        keep = np.array([str(c) == p or str(c).startswith(p + "-") for c in cats], dtype=bool)
        by_period = _cat_mask(frame["period"], keep)
        if not (mask & by_period).any():
            raise SelectionError(
                f"{fn}: no figures for period {p}"
                + (f" of {concept!r}" if concept else "")
                + f"; periods present: {_listing(_distinct(frame['period'][mask]))}"
            )
        mask &= by_period
    sub = frame if mask.all() else frame[mask].reset_index(drop=True)
    if not many_concepts and concept is None:
        whats = sorted(set(_what_of(sub).tolist()))
        if len(whats) > 1:
            raise SelectionError(
                f"{fn}: the results hold {len(whats)} concepts ({_listing(whats)}); pass concept=... to choose one"
            )
    if not many_periods and period is None:
        periods = _distinct(sub["period"])
        if len(periods) > 1:
            raise SelectionError(
                f"{fn}: the results hold {len(periods)} periods ({_listing(periods)}); pass period=... to choose one"
            )
    if breakdown is None and not many_concepts:
        breakdowns = _distinct(sub["breakdown"])
        if len(breakdowns) > 1:
            raise SelectionError(
                f"{fn}: the results hold {len(breakdowns)} breakdowns ({_listing(breakdowns)}); "
                "pass breakdown=... to choose one"
            )
    return sub


def _check_one_unit(sub: pd.DataFrame, fn: str) -> str:
    """The single unit of a selection; mixed units raise :class:`ComparabilityError`."""
    units = _distinct(sub["unit"])
    if len(units) > 1:
        parts = []
        for u in units:
            geos = _distinct(sub["geo"][(sub["unit"] == u).to_numpy()])
            parts.append(f"{u} ({_listing(geos, 6)})")
        raise ComparabilityError(
            f"{fn}: the selection mixes units: {'; '.join(parts)}. Shares (percent), indexes and counts are never "
            "compared with one another; choose a concept or indicator with a single unit"
        )
    return units[0]


def _report_text(row: Mapping[Any, Any] | pd.Series, citations: dict[str, Citation]) -> str:
    """``50% (source/dataset, Publisher, URL)`` for error messages and listings."""
    est = _estimate_of(row)
    cite = citations.get(str(row["citation_id"]))
    who = cite.publisher if cite else str(row["citation_id"])
    url = f", {cite.url}" if cite and cite.url else ""
    return f"{est.text()} ({row['source']}/{row['dataset']}, {who}{url})"


def _estimate_of(row: Mapping[Any, Any] | pd.Series) -> Estimate:
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


def _check_duplicates(sub: pd.DataFrame, citations: dict[str, Citation], fn: str, keys: list[str]) -> None:
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
        reports = "; ".join(_report_text(r, citations) for _, r in group.iterrows())
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
    shown = lines[:_SHOW] + ([f"  ... and {len(lines) - _SHOW} more"] if len(lines) > _SHOW else [])
    raise DuplicateReportsError(
        f"{fn}: several figures for the same geography ({len(lines)} case{'s' if len(lines) != 1 else ''}); "
        f"{hint}:\n" + "\n".join(shown)
    )


def _check_resultset(obj: object, fn: str, what: str) -> ResultSet:
    """Like :func:`_coerce_results` for secondary arguments (weights)."""
    try:
        return _coerce_results(obj, fn)
    except ValidationError:
        raise
    except SelectionError as exc:
        raise SelectionError(str(exc).replace("results", what, 1)) from exc


# -- rank intervals (vectorised, group-wise) ------------------------------------------------

#: Widest group (number of distinct geographies) ranked by dense pairwise comparison; wider
#: groups are ranked by sorting.
_DENSE_MAX_K = 96
_DENSE_CHUNK = 4_000_000


def _count_above(
    g: IntArray, n_groups: int, pop: FloatArray, query: FloatArray, pop_mask: BoolArray | None = None
) -> tuple[IntArray, IntArray]:
    """For each row i: (#j in its group with pop_j > query_i, #j with pop_j >= query_i); by sorting."""
    pg = g if pop_mask is None else g[pop_mask]
    pv = pop if pop_mask is None else pop[pop_mask]
    npop = pv.shape[0]
    vals = np.concatenate([pv, query])
    grp = np.concatenate([pg, g])
    order = np.lexsort((vals, grp))
    sv, sg = vals[order], grp[order]
    is_pop = order < npop
    cum = np.cumsum(is_pop, dtype=np.int64)
    change = np.empty(order.shape[0], dtype=bool)
    change[:1] = True
    change[1:] = (sv[1:] != sv[:-1]) | (sg[1:] != sg[:-1])
    run_id = np.cumsum(change) - 1
    run_start = np.flatnonzero(change)
    run_end = np.append(run_start[1:], order.shape[0]) - 1
    position = np.empty(order.shape[0], dtype=np.int64)
    position[order] = np.arange(order.shape[0])
    qpos = position[npop:]
    rid = run_id[qpos]
    le = cum[run_end[rid]]
    lt = cum[run_start[rid]] - is_pop[run_start[rid]]
    pop_ends = np.cumsum(np.bincount(pg, minlength=n_groups))
    ends = pop_ends[g]
    return ends - le, ends - lt


def _rank_intervals(
    g: IntArray,
    slot: IntArray,
    n_groups: int,
    width: int,
    x: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    lo_open: BoolArray,
    hi_open: BoolArray,
    *,
    method: str | None = None,
) -> tuple[IntArray, IntArray, IntArray]:
    """Point rank (1 = highest; ties share the best rank) and rank interval of every row in its group.

    ``rank_lower`` = 1 + number certainly above (their lower bound above this upper bound,
    open bounds respected); ``rank_upper`` = 1 + number that could be above (their upper
    bound above this lower bound).  ``g`` are group ids, ``slot`` the position of the
    row's geography (unique within a group) among ``width`` geographies.
    """
    if method is None:
        method = "dense" if width <= _DENSE_MAX_K else "sort"
    if method == "dense":
        shape = (n_groups, width)
        m_x = np.full(shape, np.nan)
        m_lo = np.full(shape, np.nan)
        m_hi = np.full(shape, np.nan)
        m_x[g, slot], m_lo[g, slot], m_hi[g, slot] = x, lo, hi
        any_open = bool(lo_open.any() or hi_open.any())
        if any_open:
            m_lo_open = np.zeros(shape, dtype=bool)
            m_hi_open = np.zeros(shape, dtype=bool)
            m_lo_open[g, slot], m_hi_open[g, slot] = lo_open, hi_open
        m_rank = np.empty(shape, dtype=np.int64)
        m_best = np.empty(shape, dtype=np.int64)
        m_worst = np.empty(shape, dtype=np.int64)
        diag = np.arange(width)
        step = max(1, _DENSE_CHUNK // max(1, width * width))
        for a in range(0, n_groups, step):
            b = min(n_groups, a + step)
            m_x_c, m_lo_c, m_hi_c = m_x[a:b], m_lo[a:b], m_hi[a:b]
            m_rank[a:b] = np.count_nonzero(m_x_c[:, None, :] > m_x_c[:, :, None], axis=2)
            above = m_lo_c[:, None, :] > m_hi_c[:, :, None]
            if any_open:
                touch = m_lo_c[:, None, :] == m_hi_c[:, :, None]
                above |= touch & (m_lo_open[a:b][:, None, :] | m_hi_open[a:b][:, :, None])
            above[:, diag, diag] = False
            m_best[a:b] = np.count_nonzero(above, axis=2)
            maybe = m_hi_c[:, None, :] > m_lo_c[:, :, None]
            maybe[:, diag, diag] = False
            m_worst[a:b] = np.count_nonzero(maybe, axis=2)
        return 1 + m_rank[g, slot], 1 + m_best[g, slot], 1 + m_worst[g, slot]
    gt_x, _ = _count_above(g, n_groups, x, x)
    gt_lo, ge_lo = _count_above(g, n_groups, lo, hi)
    best = gt_lo.copy()
    if hi_open.any():
        best = np.where(hi_open, ge_lo, best)
    if lo_open.any():
        gt_open, ge_open = _count_above(g, n_groups, lo, hi, pop_mask=lo_open)
        best = np.where(hi_open, best, best + (ge_open - gt_open))
    self_above = (lo == hi) & (lo_open | hi_open)
    best = best - self_above
    gt_hi, _ = _count_above(g, n_groups, hi, lo)
    worst = gt_hi - (hi > lo)
    return 1 + gt_x, 1 + best, 1 + worst


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


@attrs.frozen(kw_only=True)
class RankInfo:
    """A geography's rank among ``n`` geographies, with the interval of ranks its figures allow.

    ``rank`` is the rank of the published values (1 = highest; ties share the best rank);
    ``lower`` .. ``upper`` is 1 + the number of geographies certainly above ..
    1 + the number that could be above, given the intervals.
    """

    geo: str
    rank: int
    lower: int
    upper: int
    n: int

    @property
    def certain(self) -> bool:
        """Whether the intervals pin the rank down (``lower == upper``)."""
        return self.lower == self.upper

    def text(self, lang: str = "en") -> str:
        """``"3rd of 14 (between 2nd and 5th)"`` or ``"3e sur 14 (entre 2e et 5e)"``."""
        _check_lang(lang)
        if lang == "fr":

            def fr(k: int) -> str:
                return "1er" if k == 1 else f"{k}e"

            base = f"{fr(self.rank)} sur {self.n}"
            return base if self.certain else f"{base} (entre {fr(self.lower)} et {fr(self.upper)})"
        base = f"{_ordinal(self.rank)} of {self.n}"
        return base if self.certain else f"{base} (between {_ordinal(self.lower)} and {_ordinal(self.upper)})"

    def __str__(self) -> str:
        return self.text()


# -- text helpers ------------------------------------------------------------------------------


def _check_lang(lang: str) -> None:
    if lang not in ("en", "fr"):
        raise SelectionError(f"language {lang!r} is not supported; use 'en' or 'fr'")


def _fmt(x: float, decimals: int, lang: str = "en", *, sign: bool = False) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if math.isinf(x):
        return ("+" if x > 0 and sign else "-" if x < 0 else "") + "∞"
    text = f"{x:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "+0"):
        text = "0"
    if sign and x > 0 and text != "0":
        text = "+" + text
    return text.replace(".", ",") if lang == "fr" else text


def _diff_decimals(*decimals: Any) -> int:
    ds = [int(d) for d in decimals if d is not None and not (isinstance(d, float) and math.isnan(d)) and d is not pd.NA]
    return max(ds) if ds else 1


def _unit_word(unit: str, lang: str, *, short: bool = True) -> str:
    if unit == "percent":
        return ("pp" if short else "percentage points") if lang == "en" else "points"
    if unit == "index":
        return "index points" if lang == "en" else "points d'indice"
    return ""


def _interval_text(lo: float, hi: float, lo_open: bool, hi_open: bool, decimals: int, lang: str = "en") -> str:
    sep = "; " if lang == "fr" else ", "
    left = "(" if lo_open else "["
    right = ")" if hi_open else "]"
    return f"{left}{_fmt(lo, decimals, lang, sign=True)}{sep}{_fmt(hi, decimals, lang, sign=True)}{right}"


def _diff_cell(row: Mapping[Any, Any], decimals: int) -> str:
    point = _fmt(row["diff"], decimals - 1 if decimals > 0 else 0, sign=True)
    interval = _interval_text(
        row["diff_lower"], row["diff_upper"], row["diff_lower_open"], row["diff_upper_open"], decimals
    )
    return f"{point} {interval}" if point != "—" else interval


_VERDICT_EN = {
    "higher": "higher than",
    "lower": "lower than",
    "indistinguishable": "not significantly different from",
    "undetermined": "not clearly different from",
}


def _diff_phrase(
    verdict: str,
    diff: float,
    lo: float,
    hi: float,
    lo_open: bool,
    hi_open: bool,
    decimals: int,
    unit: str,
    lang: str,
    p_note: str = "",
) -> str:
    """Words for a difference seen from the focus.

    English follows "lower than Mexico (52%)": ``"by 25 pp (between 24 and 26)"``; French
    follows "Mexique (52 %) :": ``"en retrait de 25 points (entre 24 et 26)"``.
    """
    u = _unit_word(unit, lang)
    us = f" {u}" if u else ""
    d0 = decimals - 1 if decimals > 0 else 0
    has_point = not math.isnan(diff)
    fr = lang == "fr"
    sep = " ; " if fr else "; "
    extra = f"{sep}{p_note}" if p_note else ""
    alone = f" ({p_note})" if p_note else ""
    if verdict in ("higher", "lower"):
        low, high, low_open = (lo, hi, lo_open) if verdict == "higher" else (-hi, -lo, hi_open)
        if fr:
            head = "en avance de" if verdict == "higher" else "en retrait de"
            if not has_point:
                word = "plus de" if low_open else "au moins"
                return f"{head} {word} {_fmt(low, decimals, 'fr')}{us}{alone}"
            return (
                f"{head} {_fmt(abs(diff), d0, 'fr')}{us} "
                f"(entre {_fmt(low, decimals, 'fr')} et {_fmt(high, decimals, 'fr')}{extra})"
            )
        if not has_point:
            word = "more than" if low_open else "at least"
            return f"by {word} {_fmt(low, decimals)}{us}{alone}"
        return f"by {_fmt(abs(diff), d0)}{us} (between {_fmt(low, decimals)} and {_fmt(high, decimals)}{extra})"
    lo_t, hi_t = _fmt(lo, decimals, lang, sign=True), _fmt(hi, decimals, lang, sign=True)
    if fr:
        tail = "pas de différence significative" if verdict == "indistinguishable" else "différence incertaine"
        if not has_point:
            return f"écart entre {lo_t} et {hi_t}{us}{alone}, {tail}"
        return f"écart de {_fmt(diff, d0, 'fr', sign=True)}{us} (entre {lo_t} et {hi_t}{extra}), {tail}"
    if not has_point:
        return f"difference between {lo_t} and {hi_t}{us}{alone}"
    return f"difference {_fmt(diff, d0, sign=True)}{us} (from {lo_t} to {hi_t}{extra})"


def _p_clause(p: float, lang: str = "en") -> str:
    """``"p < 0.001"``, ``"p = 0.293"`` (Holm-adjusted), ``""`` without a p-value."""
    if p is None or math.isnan(p):
        return ""
    text = _p_text(p, lang)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def _p_text(p: float, lang: str = "en") -> str:
    if p is None or math.isnan(p):
        return "—"
    if p < 0.001:
        return "< 0,001" if lang == "fr" else "< 0.001"
    text = f"{p:.3f}"
    return text.replace(".", ",") if lang == "fr" else text


def _concept_label(concept: str | None, indicator: str) -> str:
    if concept is None:
        return indicator
    from adoptstats.concepts import get_concept
    from adoptstats.errors import UnknownConceptError

    try:
        return get_concept(concept).label
    except UnknownConceptError:
        return concept


# -- gaps ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Gap:
    """The difference ``focus - to`` between two geographies, with interval, verdict and p-value.

    ``kind`` is ``"leader"``, ``"benchmark"`` or ``"geo"``.  When the focus itself leads,
    a gap to the leader is measured to the runner-up and ``focus_leads`` is true (the
    difference is then a lead, ≥ 0 at the published values).
    """

    focus: str
    to: str
    kind: str
    diff: float
    lower: float
    upper: float
    lower_open: bool
    upper_open: bool
    verdict: str
    p_value: float
    unit: str
    decimals: int
    focus_leads: bool = False

    def text(self, lang: str = "en") -> str:
        """One clause: ``"lower than Mexico: 25 pp lower (between 24 and 26 pp)"``."""
        _check_lang(lang)
        name = geo_name(self.to, lang)
        phrase = _diff_phrase(
            self.verdict,
            self.diff,
            self.lower,
            self.upper,
            self.lower_open,
            self.upper_open,
            self.decimals,
            self.unit,
            lang,
        )
        if lang == "fr":
            return f"{name} : {phrase}"
        sep = " " if self.verdict in ("higher", "lower") else ": "
        return f"{_VERDICT_EN[self.verdict]} {name}{sep}{phrase}"

    def __str__(self) -> str:
        return self.text()


# -- Comparison ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Comparison:
    """One geography (the focus) against the others, for one concept, period and breakdown.

    Build it with :func:`compare`.  ``frame`` holds every row computed (all other
    geographies in the selection); :meth:`to_frame` gives the rows asked for, one per other
    geography.  ``rank`` is the focus's rank among the non-aggregate geographies of the
    selection; ``gap_to_leader`` and ``gap_to_benchmark`` are :class:`Gap` objects (or
    ``None`` when there is no other geography or no benchmark).  ``focus_lower`` and
    ``focus_upper`` bound the focus's figure (Wilson-widened when its sample size is known).
    """

    focus: str
    concept: str | None
    indicator: str
    period: str
    breakdown: str
    unit: str
    focus_estimate: Estimate
    focus_lower: float
    focus_upper: float
    focus_sample_size: int | None
    focus_source: str
    focus_citation_id: str
    benchmark: str | None
    alpha: float
    strict: bool
    rank: RankInfo
    gap_to_leader: Gap | None
    gap_to_benchmark: Gap | None
    citations: dict[str, Citation]
    frame: pd.DataFrame

    @property
    def diff_unit(self) -> str:
        """Unit of the differences: ``pp`` for shares, else the unit of the figures."""
        return "pp" if self.unit == "percent" else self.unit

    @property
    def focus_name(self) -> str:
        """The focus's English name."""
        return geo_name(self.focus)

    @property
    def sources(self) -> list[str]:
        """Publishers of the figures shown (focus first), without repeats."""
        ids = [self.focus_citation_id, *self._shown()["citation_id"].astype(str).tolist()]
        out: list[str] = []
        for cid in ids:
            cite = self.citations.get(cid)
            if cite is not None and cite.publisher not in out:
                out.append(cite.publisher)
        return out

    def _shown(self) -> pd.DataFrame:
        return self.frame[self.frame["shown"].to_numpy(dtype=bool)]

    def to_frame(self) -> pd.DataFrame:
        """One row per other geography compared.

        Columns: ``geo, value, lower, upper`` (the other geography's value and interval,
        Wilson-widened where its sample size is known), ``diff, diff_lower, diff_upper``
        (focus minus other, in percentage points for shares), ``ratio`` (focus / other),
        ``verdict`` (how the focus stands), ``p_value`` (Holm-adjusted across the rows; NaN
        without sample sizes on both sides), ``comparability``; then ``name, qualifier,
        text, sample_size, p_raw, method, ratio_lower, ratio_upper, published_lower,
        published_upper, diff_lower_open, diff_upper_open, benchmark, source, dataset,
        indicator, population, period, citation_id, publisher, url``.
        """
        shown = self._shown()
        cols = [*COMPARISON_COLUMNS, *_EXTRA_COLUMNS]
        return shown.loc[:, cols].reset_index(drop=True).copy()

    def row(self, geo: str) -> pd.Series:
        """The row of one geography (any name :func:`~adoptstats.geo.normalize_geo` understands)."""
        code = normalize_geo(geo)
        hit = self.frame[self.frame["geo"] == code]
        if hit.empty:
            raise SelectionError(
                f"Comparison.row: {code} is not compared with {self.focus}; rows: {_listing(self.frame['geo'])}"
            )
        return hit.iloc[0]

    # -- rendering -------------------------------------------------------------------------

    def _header(self) -> list[str]:
        what = self.concept if self.concept is not None else f"indicator {self.indicator}"
        est = self.focus_estimate
        n = f"n = {self.focus_sample_size}" if self.focus_sample_size else "n unknown"
        return [
            f"Comparison: {self.focus_name} ({self.focus}) against {len(self._shown())} geographies",
            f"{what}, {self.period}, breakdown {self.breakdown}, unit {self.unit}; differences are "
            f"{self.focus} minus the other, in {self.diff_unit}",
            f"focus: {est.text()} [{_fmt(self.focus_lower, (est.decimals or 0) + 2)}, "
            f"{_fmt(self.focus_upper, (est.decimals or 0) + 2)}] ({n}); rank {self.rank.text()}"
            + (" (aggregates not ranked)" if self.rank.n else ""),
        ]

    def _display(self, lang: str = "en") -> pd.DataFrame:
        shown = self._shown()
        rows = shown.to_dict("records")
        dec = [_diff_decimals(r["decimals"], self.focus_estimate.decimals) + 1 for r in rows]
        return pd.DataFrame(
            {
                "geo": [r["geo"] for r in rows],
                "name": [geo_name(r["geo"], lang) for r in rows],
                "value": [r["text"] for r in rows],
                f"diff ({self.diff_unit})": [_diff_cell(r, d) for r, d in zip(rows, dec, strict=True)],
                "ratio": [_fmt(r["ratio"], 2) for r in rows],
                "verdict": [r["verdict"] for r in rows],
                "p (Holm)": [_p_text(r["p_value"]) for r in rows],
                "comparability": [r["comparability"] for r in rows],
            }
        )

    def __str__(self) -> str:
        with pd.option_context("display.max_colwidth", 80, "display.width", 200):
            table = self._display().to_string(index=False)
        tail = []
        if self.gap_to_leader is not None:
            tail.append(f"gap to leader: {self.gap_to_leader.text()}")
        if self.gap_to_benchmark is not None:
            tail.append(f"gap to benchmark: {self.gap_to_benchmark.text()}")
        tail.append(f"sources: {'; '.join(self.sources)}")
        return "\n".join([*self._header(), "", table, "", *tail])

    def __repr__(self) -> str:
        return self.__str__()

    def _repr_html_(self) -> str:
        head = "".join(f"<p>{html.escape(line)}</p>" for line in self._header())
        table = self._display().to_html(index=False, escape=True)
        tail = []
        if self.gap_to_leader is not None:
            tail.append(f"gap to leader: {self.gap_to_leader.text()}")
        if self.gap_to_benchmark is not None:
            tail.append(f"gap to benchmark: {self.gap_to_benchmark.text()}")
        tail.append(f"sources: {'; '.join(self.sources)}")
        return f"<div>{head}{table}{''.join(f'<p>{html.escape(t)}</p>' for t in tail)}</div>"

    def summary(self, lang: str = "en") -> str:
        """One paragraph a journalist could paste: figures, qualifiers, verdicts, rank and sources."""
        _check_lang(lang)
        shown = self._shown().to_dict("records")
        est = self.focus_estimate
        focus = geo_name(self.focus, lang)
        untested = [geo_name(r["geo"], lang) for r in shown if math.isnan(r["p_value"])]
        n_tested = len(shown) - len(untested)
        clauses = []
        for r in shown:
            phrase = _diff_phrase(
                r["verdict"],
                r["diff"],
                r["diff_lower"],
                r["diff_upper"],
                bool(r["diff_lower_open"]),
                bool(r["diff_upper_open"]),
                _diff_decimals(r["decimals"], est.decimals) + 1,
                self.unit,
                lang,
                _p_clause(r["p_value"], lang),
            )
            name = geo_name(r["geo"], lang)
            if lang == "fr":
                clauses.append(f"{name} ({r['text_fr']}) : {phrase}")
            else:
                sep = " " if r["verdict"] in ("higher", "lower") else ": "
                clauses.append(f"{_VERDICT_EN[r['verdict']]} {name} ({r['text']}){sep}{phrase}")
        sources = ", ".join(self.sources)
        if lang == "fr":
            what = self.concept or self.indicator
            text = f"{focus} : {est.text('fr')} en {self.period} ({what}"
            text += f", {self.breakdown})." if self.breakdown != "total" else ")."
            if clauses:
                text += " Comparaisons — " + " ; ".join(clauses) + "."
            if self.rank.n > 1:
                text += f" Rang : {self.rank.text('fr')} (agrégats non classés)."
            if n_tested:
                text += (
                    " Les valeurs p viennent d'un test du score pour deux proportions, corrigées par la méthode "
                    f"de Holm sur {n_tested} comparaison{'s' if n_tested > 1 else ''}."
                )
            if untested and not n_tested:
                text += (
                    " Faute de taille d'échantillon publiée, aucun test de signification n'était possible : les "
                    "verdicts reposent sur les chiffres publiés et leur arrondi."
                )
            elif untested:
                text += (
                    f" Pas de test possible pour {', '.join(untested)} (taille d'échantillon inconnue) : le verdict "
                    "y repose sur les chiffres publiés et leur arrondi."
                )
            return f"{text} Sources : {sources}."
        what = _concept_label(self.concept, self.indicator).lower()
        text = f"{focus}: {est.text()} in {self.period} ({what}"
        text += f", {self.breakdown})." if self.breakdown != "total" else ")."
        if clauses:
            text += " It is " + "; ".join(clauses) + "."
        if self.rank.n > 1:
            text += f" Rank: {self.rank.text()} (aggregates not ranked)."
        if n_tested:
            text += (
                f" P-values come from a two-proportion score test, Holm-corrected across {n_tested} "
                f"comparison{'s' if n_tested > 1 else ''}."
            )
        if untested and not n_tested:
            text += (
                " No sample sizes were published, so no significance test was possible: the verdicts rest on the "
                "published figures and their rounding."
            )
        elif untested:
            text += (
                f" No test was possible for {', '.join(untested)} (sample size unknown): that verdict rests on the "
                "published figures and their rounding."
            )
        return f"{text} Sources: {sources}."

    def plot(self, path: str | None = None, **kwargs: Any) -> Figure:
        """A dot chart with intervals (see :func:`adoptstats.plot.plot_comparison`); saved when ``path`` is given."""
        from adoptstats.plot import plot_comparison

        return plot_comparison(self, path=path, **kwargs)


_EXTRA_COLUMNS: tuple[str, ...] = (
    "name",
    "qualifier",
    "text",
    "sample_size",
    "p_raw",
    "method",
    "ratio_lower",
    "ratio_upper",
    "published_lower",
    "published_upper",
    "diff_lower_open",
    "diff_upper_open",
    "benchmark",
    "source",
    "dataset",
    "indicator",
    "population",
    "period",
    "citation_id",
    "publisher",
    "url",
)


def _arrays(sub: pd.DataFrame) -> dict[str, Any]:
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


def _comparability_notes(a: dict[str, Any], i: int, focus: str) -> tuple[ObjArray, list[str]]:
    """Notes for every row against the focus row ``i``; also the list of mismatches for strict mode."""
    n = a["geo"].shape[0]
    parts: list[ObjArray] = []
    mism: list[str] = []

    def check(field: str, label: str, values: ObjArray, fvalue: Any) -> None:
        diff = values != fvalue
        if diff.any():
            note = np.where(diff, [f"{label}: {v!r} here, {fvalue!r} for {focus}" for v in values], "")
            parts.append(note)
            for geo, v in zip(a["geo"][diff], values[diff], strict=True):
                if geo != focus:
                    mism.append(f"{geo} vs {focus}: {label} differs ({v!r} vs {fvalue!r})")

    if a["concept"][i] is not None:
        check("indicator", "indicator", a["indicator"], a["indicator"][i])
    check("population", "population", a["population"], a["population"][i])
    check("period", "period", a["period"], a["period"][i])
    method = np.array([f"{s}/{d}" for s, d in zip(a["source"], a["dataset"], strict=True)], dtype=object)
    check("method", "source", method, method[i])
    if not parts:
        return np.full(n, "comparable", dtype=object), mism
    joined = np.array(["; ".join(p for p in t if p) or "comparable" for t in zip(*parts, strict=True)], dtype=object)
    return joined, mism


def compare(
    results: ResultSet,
    focus: str,
    against: str | Sequence[str] | None = None,
    concept: str | None = None,
    period: str | int | None = None,
    strict: bool = False,
    benchmark: str | None = None,
    breakdown: str | None = "total",
    *,
    alpha: float = DEFAULT_ALPHA,
) -> Comparison:
    """Compare one geography with the others for one concept, period and breakdown.

    ``focus``, ``against`` and ``benchmark`` accept any name
    :func:`~adoptstats.geo.normalize_geo` understands (``"Belux"``, ``"Espagne"``).
    ``against=None`` compares with every other geography of the selection; the benchmark
    (``WORLD``, else ``EU27_2020``, else ``EU28`` when present, or the one given) is always
    among the rows.  ``concept`` accepts a concept name or a native indicator code; when
    omitted, the data must hold a single concept (likewise ``period``).

    Each row is checked for comparability with the focus (indicator, population, period,
    source and dataset).  Lenient mode keeps the row and says what differs in the
    ``comparability`` column; ``strict=True`` raises :class:`~adoptstats.errors.ComparabilityError`
    naming every mismatch.  Mixed units are always refused.

    :raises UnknownGeographyError: for a name that is not a geography.
    :raises SelectionError: when the focus (or a geography asked for) has no figure, or
        several concepts or periods remain.
    :raises DuplicateReportsError: when one geography has several figures (use
        :func:`adoptstats.reconcile`).
    :raises ComparabilityError: for mixed units, or any mismatch in strict mode.
    """
    rs = _coerce_results(results, "compare")
    if not isinstance(focus, str):
        raise SelectionError(f"compare: focus must be a geography code or name, got {focus!r}")
    focus_code = normalize_geo(focus)
    against_codes: list[str] | None = None
    if against is not None:
        items = [against] if isinstance(against, str) else list(against)
        against_codes = []
        for item in items:
            code = normalize_geo(item) if isinstance(item, str) else None
            if code is None:
                raise SelectionError(f"compare: against must list geography codes or names, got {item!r}")
            if code not in against_codes:
                against_codes.append(code)
        if focus_code in against_codes:
            raise SelectionError(f"compare: against lists the focus {focus_code} itself")
        if not against_codes:
            raise SelectionError("compare: against is empty; pass None to compare with every other geography")
    bench_code = normalize_geo(benchmark) if benchmark is not None else None
    if not (isinstance(alpha, float | int) and 0 < alpha < 1):
        raise SelectionError(f"compare: alpha must lie between 0 and 1, got {alpha!r}")

    sub = _select(rs, "compare", concept=concept, period=period, breakdown=breakdown)
    unit = _check_one_unit(sub, "compare")
    _check_duplicates(sub, rs.citations, "compare", [])
    a = _arrays(sub)
    geos: ObjArray = a["geo"]
    where = _where_text(sub, concept, period)
    if focus_code not in set(geos.tolist()):
        raise SelectionError(
            f"compare: the focus {geo_name(focus_code)} ({focus_code}) has no figure {where}; "
            f"geographies with one: {_listing(sorted(set(geos.tolist())))}"
        )
    present = set(geos.tolist())
    if against_codes is not None:
        missing = [c for c in against_codes if c not in present]
        if missing:
            raise SelectionError(
                f"compare: no figure {where} for {_listing(missing)}; geographies with one: "
                f"{_listing(sorted(present - {focus_code}))}"
            )
    if bench_code is not None:
        if bench_code not in present:
            raise SelectionError(
                f"compare: the benchmark {bench_code} has no figure {where}; geographies with one: "
                f"{_listing(sorted(present))}"
            )
        if bench_code == focus_code:
            raise SelectionError(f"compare: the benchmark {bench_code} is the focus itself")
    else:
        bench_code = next((b for b in DEFAULT_BENCHMARKS if b in present and b != focus_code), None)

    i = int(np.flatnonzero(geos == focus_code)[0])
    notes, mismatches = _comparability_notes(a, i, focus_code)
    if strict and mismatches:
        n_bad = len({m.split(" vs ", 1)[0] for m in mismatches})
        raise ComparabilityError(
            f"compare (strict): {n_bad} figure{'s' if n_bad != 1 else ''} {where} "
            f"not comparable with {focus_code}:\n  " + "\n  ".join(mismatches)
        )
    others = np.flatnonzero(geos != focus_code)
    rep = np.full(others.shape[0], i)
    res = _pairwise(
        value_a=a["value"][rep],
        lower_a=a["lower"][rep],
        upper_a=a["upper"][rep],
        qualifier_a=a["qualifier"][rep],
        n_a=a["sample_size"][rep],
        value_b=a["value"][others],
        lower_b=a["lower"][others],
        upper_b=a["upper"][others],
        qualifier_b=a["qualifier"][others],
        n_b=a["sample_size"][others],
        unit=unit,
        alpha=alpha,
    )
    other_geos = geos[others]
    if against_codes is None:
        shown = np.ones(others.shape[0], dtype=bool)
    else:
        shown = np.isin(other_geos, [*against_codes, *([bench_code] if bench_code else [])])
    p_adj = np.full(others.shape[0], np.nan)
    p_adj[shown] = holm(res["p_raw"][shown])
    p_use = np.where(shown, p_adj, res["p_raw"])
    verdicts = decide(
        res["diff_lower"], res["diff_upper"], res["diff_lower_open"], res["diff_upper_open"], p_use, alpha=alpha
    )

    # rank among non-aggregates, on the intervals used for decisions
    eff_lo, eff_hi, widened = effective_bounds(
        a["lower"], a["upper"], a["sample_size"], a["qualifier"].shape[0] * [unit], alpha=alpha
    )
    lo_open, hi_open = open_bounds(a["qualifier"])
    ranked = ~np.isin(geos, list(NOT_RANKED))
    ranked[i] = True
    idx = np.flatnonzero(ranked)
    k = idx.shape[0]
    r_pt, r_lo, r_hi = _rank_intervals(
        np.zeros(k, dtype=np.int64),
        np.arange(k, dtype=np.int64),
        1,
        k,
        a["value"][idx],
        eff_lo[idx],
        eff_hi[idx],
        lo_open[idx] & ~widened[idx],
        hi_open[idx] & ~widened[idx],
    )
    fpos = int(np.flatnonzero(idx == i)[0])
    rank_info = RankInfo(geo=focus_code, rank=int(r_pt[fpos]), lower=int(r_lo[fpos]), upper=int(r_hi[fpos]), n=k)

    cites = rs.citations
    focus_est = _estimate_of({k2: a[k2][i] for k2 in ("value", "lower", "upper", "qualifier", "decimals", "unit")})
    texts = []
    texts_fr = []
    for j in others:
        est = _estimate_of({k2: a[k2][j] for k2 in ("value", "lower", "upper", "qualifier", "decimals", "unit")})
        texts.append(est.text("en"))
        texts_fr.append(est.text("fr"))
    publisher = [cites[c].publisher if c in cites else None for c in a["citation_id"][others]]
    url = [cites[c].url if c in cites else None for c in a["citation_id"][others]]
    frame = pd.DataFrame(
        {
            "geo": other_geos,
            "value": a["value"][others],
            "lower": res["lower_b"],
            "upper": res["upper_b"],
            "diff": res["diff"],
            "diff_lower": res["diff_lower"],
            "diff_upper": res["diff_upper"],
            "ratio": res["ratio"],
            "verdict": verdicts,
            "p_value": p_adj,
            "comparability": notes[others],
            "name": [geo_name(g) for g in other_geos],
            "qualifier": a["qualifier"][others],
            "text": texts,
            "sample_size": pd.array(
                [None if math.isnan(v) else int(v) for v in a["sample_size"][others]], dtype="Int64"
            ),
            "p_raw": res["p_raw"],
            "method": res["method"],
            "ratio_lower": res["ratio_lower"],
            "ratio_upper": res["ratio_upper"],
            "published_lower": a["lower"][others],
            "published_upper": a["upper"][others],
            "diff_lower_open": res["diff_lower_open"],
            "diff_upper_open": res["diff_upper_open"],
            "benchmark": other_geos == bench_code,
            "source": a["source"][others],
            "dataset": a["dataset"][others],
            "indicator": a["indicator"][others],
            "population": a["population"][others],
            "period": a["period"][others],
            "citation_id": a["citation_id"][others],
            "publisher": publisher,
            "url": url,
            "shown": shown,
            "text_fr": texts_fr,
            "decimals": a["decimals"][others],
            "p_use": p_use,
        }
    )
    order = np.lexsort((frame["geo"].to_numpy().astype(str), -frame["value"].to_numpy()))
    frame = frame.iloc[order].reset_index(drop=True)

    decimals_focus = focus_est.decimals

    def make_gap(geo: str, kind: str, focus_leads: bool = False) -> Gap:
        row = frame[frame["geo"] == geo].iloc[0]
        return Gap(
            focus=focus_code,
            to=geo,
            kind=kind,
            diff=float(row["diff"]),
            lower=float(row["diff_lower"]),
            upper=float(row["diff_upper"]),
            lower_open=bool(row["diff_lower_open"]),
            upper_open=bool(row["diff_upper_open"]),
            verdict=str(row["verdict"]),
            p_value=float(row["p_use"]),
            unit=unit,
            decimals=_diff_decimals(row["decimals"], decimals_focus) + 1,
            focus_leads=focus_leads,
        )

    gap_leader: Gap | None = None
    ranked_others = [(int(r_pt[p]), str(geos[idx[p]])) for p in range(k) if idx[p] != i]
    if ranked_others:
        ranked_others.sort()
        if rank_info.rank == 1:
            gap_leader = make_gap(ranked_others[0][1], "leader", focus_leads=True)
        else:
            gap_leader = make_gap(ranked_others[0][1], "leader")
    gap_bench = make_gap(bench_code, "benchmark") if bench_code is not None else None
    return Comparison(
        focus=focus_code,
        concept=a["concept"][i],
        indicator=str(a["indicator"][i]),
        period=str(a["period"][i]),
        breakdown=str(a["breakdown"][i]),
        unit=unit,
        focus_estimate=focus_est,
        focus_lower=float(eff_lo[i]),
        focus_upper=float(eff_hi[i]),
        focus_sample_size=None if math.isnan(a["sample_size"][i]) else int(a["sample_size"][i]),
        focus_source=f"{a['source'][i]}/{a['dataset'][i]}",
        focus_citation_id=str(a["citation_id"][i]),
        benchmark=bench_code,
        alpha=float(alpha),
        strict=strict,
        rank=rank_info,
        gap_to_leader=gap_leader,
        gap_to_benchmark=gap_bench,
        citations=cites,
        frame=frame,
    )


def _where_text(sub: pd.DataFrame, concept: str | None, period: object) -> str:
    what = concept if concept is not None else (_listing(sorted(set(_what_of(sub).tolist()))) or "the data")
    per = normalize_period(period) if period is not None else _listing(_distinct(sub["period"]))
    return f"for {what} in {per}"


def gap(
    results: ResultSet,
    focus: str,
    to: str = "leader",
    concept: str | None = None,
    period: str | int | None = None,
    *,
    breakdown: str | None = "total",
    strict: bool = False,
    alpha: float = DEFAULT_ALPHA,
) -> Gap:
    """The gap from ``focus`` to the leader (``to="leader"``), the benchmark (``"benchmark"``) or a geography.

    The gap is ``focus - to`` with its interval and verdict, as in :func:`compare`.

    :raises SelectionError: when there is no leader or benchmark to measure to.
    """
    if to == "leader":
        comp = compare(results, focus, concept=concept, period=period, strict=strict, breakdown=breakdown, alpha=alpha)
        if comp.gap_to_leader is None:
            raise SelectionError(f"gap: {comp.focus} is the only ranked geography; there is no leader to measure to")
        return comp.gap_to_leader
    if to == "benchmark":
        comp = compare(results, focus, concept=concept, period=period, strict=strict, breakdown=breakdown, alpha=alpha)
        if comp.gap_to_benchmark is None:
            raise SelectionError(
                f"gap: no benchmark ({', '.join(DEFAULT_BENCHMARKS)}) has a figure; pass to=<geography>"
            )
        return comp.gap_to_benchmark
    code = normalize_geo(to)
    comp = compare(
        results,
        focus,
        against=[code],
        concept=concept,
        period=period,
        strict=strict,
        benchmark=code,
        breakdown=breakdown,
        alpha=alpha,
    )
    row = comp.frame[comp.frame["geo"] == code].iloc[0]
    return Gap(
        focus=comp.focus,
        to=code,
        kind="geo",
        diff=float(row["diff"]),
        lower=float(row["diff_lower"]),
        upper=float(row["diff_upper"]),
        lower_open=bool(row["diff_lower_open"]),
        upper_open=bool(row["diff_upper_open"]),
        verdict=str(row["verdict"]),
        p_value=float(row["p_use"]),
        unit=comp.unit,
        decimals=_diff_decimals(row["decimals"], comp.focus_estimate.decimals) + 1,
    )


# -- league tables ------------------------------------------------------------------------------

_RANK_COLUMNS: tuple[str, ...] = (
    "rank",
    "rank_lower",
    "rank_upper",
    "geo",
    "name",
    "value",
    "lower",
    "upper",
    "qualifier",
    "decimals",
    "unit",
    "sample_size",
    "n",
    "concept",
    "indicator",
    "period",
    "breakdown",
    "population",
    "source",
    "dataset",
    "citation_id",
    "comparability",
)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class RankTable:
    """A league table: rank and rank interval of every geography, within one or several groups.

    A group is one concept (or indicator), period and breakdown.  ``rank`` is the rank of
    the published values (1 = highest, ties share the best rank), ``rank_lower`` ..
    ``rank_upper`` the ranks the intervals allow, ``n`` the number of geographies ranked in
    the group.  Named aggregates are left out unless asked for.
    """

    frame: pd.DataFrame
    citations: dict[str, Citation]
    groups: int

    def to_frame(self) -> pd.DataFrame:
        """The table sorted by group, then rank, then geography.

        Columns: ``rank, rank_lower, rank_upper, geo, name, value, lower, upper, qualifier, decimals,
        unit, sample_size, n, concept, indicator, period, breakdown, population, source, dataset,
        citation_id, comparability``.
        """
        f = self.frame
        keys = [
            f["geo"].cat.codes.to_numpy(),
            f["rank"].to_numpy(),
            f["_group"].to_numpy(),
        ]
        order = np.lexsort(keys)
        return f.iloc[order].loc[:, list(_RANK_COLUMNS)].reset_index(drop=True)

    def _display(self, limit: int = 60) -> pd.DataFrame:
        head = self.to_frame().head(limit)
        texts = [_estimate_of(r).text() for r in head.to_dict("records")]
        cols: dict[str, Any] = {}
        if self.groups > 1:
            cols["concept"] = head["concept"].astype(object).where(head["concept"].notna(), head["indicator"])
            cols["period"] = head["period"].astype(str)
            cols["breakdown"] = head["breakdown"].astype(str)
        cols["rank"] = [
            f"{r}" if lo == hi else f"{r} ({lo}–{hi})"
            for r, lo, hi in zip(head["rank"], head["rank_lower"], head["rank_upper"], strict=True)
        ]
        cols["geo"] = head["geo"].astype(str)
        cols["name"] = head["name"].astype(str)
        cols["value"] = texts
        cols["comparability"] = head["comparability"].astype(str)
        return pd.DataFrame(cols)

    def _title(self) -> str:
        f = self.frame
        if self.groups == 1 and len(f):
            row = f.iloc[0]
            what = row["concept"] if not pd.isna(row["concept"]) else f"indicator {row['indicator']}"
            return f"RankTable: {len(f)} geographies, {what}, {row['period']}, breakdown {row['breakdown']}"
        return f"RankTable: {len(f)} rows in {self.groups} groups (concept × period × breakdown)"

    def __str__(self) -> str:
        body = self._display().to_string(index=False) if len(self.frame) else "(empty)"
        more = f"\n... {len(self.frame) - 60} more rows" if len(self.frame) > 60 else ""
        return f"{self._title()}\n{body}{more}"

    def __repr__(self) -> str:
        return self.__str__()

    def _repr_html_(self) -> str:
        body = self._display().to_html(index=False, escape=True)
        return f"<div><p><strong>{html.escape(self._title())}</strong></p>{body}</div>"

    def __len__(self) -> int:
        return len(self.frame)


def _group_ids(sub: pd.DataFrame, cols: Sequence[str]) -> tuple[IntArray, int]:
    key = np.zeros(len(sub), dtype=np.int64)
    for col in cols:
        s = sub[col]
        codes = s.cat.codes.to_numpy().astype(np.int64) + 1
        key = key * (len(s.cat.categories) + 1) + codes
    ids, uniques = pd.factorize(key)
    return ids.astype(np.int64), len(uniques)


def _first_index(g: IntArray, n_groups: int) -> IntArray:
    first = np.empty(n_groups, dtype=np.int64)
    idx = np.arange(g.shape[0], dtype=np.int64)
    first[g[::-1]] = idx[::-1]
    return first


def rank(
    results: ResultSet,
    concept: str | None = None,
    period: str | int | None = None,
    *,
    breakdown: str | None = "total",
    each: bool = False,
    include_aggregates: bool = False,
    alpha: float = DEFAULT_ALPHA,
) -> RankTable:
    """A league table with rank intervals.

    With ``each=False`` (the default) the selection must be a single concept, period and
    breakdown, as for :func:`compare`.  With ``each=True`` every concept × period ×
    breakdown group left after the filters is ranked separately, in one vectorised pass
    (``breakdown=None`` keeps every breakdown).  Intervals are Wilson-widened where a
    sample size is known.  Named aggregates (``WORLD``, ``EU27_2020`` ...) are left out
    unless ``include_aggregates=True``.  Rows of one group that come from different
    sources, datasets, indicators or populations carry a note in ``comparability``.

    :raises SelectionError: when several concepts or periods remain and ``each`` is false.
    :raises DuplicateReportsError: when one geography has several figures in a group.
    :raises ComparabilityError: when a group mixes units.
    """
    rs = _coerce_results(results, "rank")
    sub = _select(
        rs, "rank", concept=concept, period=period, breakdown=breakdown, many_concepts=each, many_periods=each
    )
    if not include_aggregates:
        cats = sub["geo"].cat.categories
        keep_cat = ~np.isin(np.asarray(cats, dtype=object), list(NOT_RANKED))
        keep = _cat_mask(sub["geo"], keep_cat)
        if not keep.all():
            sub = sub[keep].reset_index(drop=True)
        if len(sub) == 0:
            raise SelectionError("rank: only named aggregates are left; pass include_aggregates=True to rank them")
    concept_codes = sub["concept"].cat.codes.to_numpy()
    if (concept_codes < 0).any():
        what = pd.Categorical(_what_of(sub))
        sub = sub.assign(_what=what)
        group_cols = ["_what", "period", "breakdown"]
    else:
        group_cols = ["concept", "period", "breakdown"]
    g, n_groups = _group_ids(sub, group_cols)

    # units: one per group
    unit_codes = sub["unit"].cat.codes.to_numpy()
    first = _first_index(g, n_groups)
    mixed_unit = unit_codes != unit_codes[first[g]]
    if mixed_unit.any():
        bad = sub[mixed_unit | np.isin(g, g[mixed_unit])]
        _check_one_unit(bad, "rank")
    # duplicates: one figure per geography and group
    geo_codes = sub["geo"].cat.codes.to_numpy().astype(np.int64)
    n_geo_cats = len(sub["geo"].cat.categories)
    dup = pd.Series(g * (n_geo_cats + 1) + geo_codes).duplicated(keep=False).to_numpy()
    if dup.any():
        _check_duplicates(sub[dup].reset_index(drop=True), rs.citations, "rank", ["period", "breakdown"])

    # geography slots (compact codes of the geographies present)
    present = np.zeros(n_geo_cats, dtype=bool)
    present[geo_codes] = True
    compact = np.cumsum(present) - 1
    slot = compact[geo_codes]
    width = int(present.sum())

    x = sub["value"].to_numpy(dtype="float64")
    lo = sub["lower"].to_numpy(dtype="float64")
    hi = sub["upper"].to_numpy(dtype="float64")
    q = sub["qualifier"]
    qcats = np.asarray(q.cat.categories, dtype=object)
    lo_open = _cat_mask(q, qcats == "more_than")
    hi_open = _cat_mask(q, qcats == "less_than")
    ss = sub["sample_size"]
    if ss.notna().any():
        units = sub["unit"].astype(object).to_numpy()
        lo, hi, widened = effective_bounds(lo, hi, ss.to_numpy(dtype="float64", na_value=np.nan), units, alpha=alpha)
        lo_open &= ~widened
        hi_open &= ~widened
    r_pt, r_lo, r_hi = _rank_intervals(g, slot, n_groups, width, x, lo, hi, lo_open, hi_open)
    sizes = np.bincount(g, minlength=n_groups)

    # comparability: rows of a group from different sources, datasets, indicators or populations
    note = np.zeros(len(sub), dtype=bool)
    reasons: list[tuple[str, BoolArray]] = []
    for col, label in (
        ("source", "sources"),
        ("dataset", "datasets"),
        ("indicator", "indicators"),
        ("population", "populations"),
    ):
        codes = sub[col].cat.codes.to_numpy()
        differs = codes != codes[first[g]]
        if differs.any():
            mixed_groups = np.bincount(g, weights=differs, minlength=n_groups) > 0
            rows = mixed_groups[g]
            reasons.append((label, rows))
            note |= rows
    if note.any():
        text = np.full(len(sub), "", dtype=object)
        for label, rows in reasons:
            text[rows] = text[rows] + f"mixed {label} in this ranking; "
        comp_col = pd.Categorical(np.where(note, [t.rstrip("; ") for t in text], "comparable").astype(str))
    else:
        comp_col = pd.Categorical.from_codes(np.zeros(len(sub), dtype=np.int8), categories=pd.Index(["comparable"]))
    geo_cat = sub["geo"]
    cat_codes = [str(c) for c in geo_cat.cat.categories]
    labels = [geo_name(c) for c in cat_codes]
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    labels = [f"{lab} ({c})" if counts[lab] > 1 else lab for lab, c in zip(labels, cat_codes, strict=True)]
    names = pd.Categorical.from_codes(geo_cat.cat.codes.to_numpy(), categories=pd.Index(labels))
    frame = pd.DataFrame(
        {
            "rank": r_pt,
            "rank_lower": r_lo,
            "rank_upper": r_hi,
            "geo": sub["geo"].array,
            "name": names,
            "value": x,
            "lower": lo,
            "upper": hi,
            "qualifier": sub["qualifier"].array,
            "decimals": sub["decimals"].array,
            "unit": sub["unit"].array,
            "sample_size": ss.array,
            "n": sizes[g],
            "concept": sub["concept"].array,
            "indicator": sub["indicator"].array,
            "period": sub["period"].array,
            "breakdown": sub["breakdown"].array,
            "population": sub["population"].array,
            "source": sub["source"].array,
            "dataset": sub["dataset"].array,
            "citation_id": sub["citation_id"].array,
            "comparability": comp_col,
            "_group": g,
        }
    )
    return RankTable(frame=frame, citations=rs.citations, groups=n_groups)


# -- trends -------------------------------------------------------------------------------------


def _period_time(period: str) -> float:
    """Calendar time of the start of a canonical period, in years (``2010-Q2`` → 2010.25)."""
    year = int(period[:4])
    rest = period[5:]
    if not rest:
        return float(year)
    if rest[0] == "Q":
        return year + (int(rest[1]) - 1) / 4
    if rest[0] == "S":
        return year + (int(rest[1]) - 1) / 2
    if rest[0] == "W":
        return year + (int(rest[1:]) - 1) / 52
    return year + (int(rest) - 1) / 12


@attrs.frozen(kw_only=True)
class TrendLine:
    """The straight-line trend of one geography: change per year with its interval.

    ``method`` is ``"ols"`` (three or more point values: least-squares slope with its
    ``1 - alpha`` t interval, widened if needed to the slopes the rounding of the first
    and last values allows), ``"two points"`` (the slope between two values, its interval
    from their published bounds) or ``"none"`` (fewer than two point values: no slope).
    Open-ended figures ("more than 40%") bound a value but do not give one, so they are
    left out of the fit and listed in ``excluded``.
    """

    geo: str
    slope: float
    lower: float
    upper: float
    intercept: float
    points: int
    first: str | None
    last: str | None
    method: str
    unit: str
    excluded: tuple[str, ...] = ()

    def value_at(self, time: float) -> float:
        """The fitted value at a time in years (NaN without a slope)."""
        return self.intercept + self.slope * time

    @property
    def per_year_unit(self) -> str:
        """``pp`` a year for shares, else the unit of the figures."""
        return "pp" if self.unit == "percent" else self.unit


def _fit(
    geo: str, t: FloatArray, v: FloatArray, lo: FloatArray, hi: FloatArray, periods: list[str], unit: str, alpha: float
) -> TrendLine:
    n = t.shape[0]
    first = periods[0] if periods else None
    last = periods[-1] if periods else None
    if n < 2 or np.ptp(t) == 0:
        return TrendLine(
            geo=geo,
            slope=math.nan,
            lower=math.nan,
            upper=math.nan,
            intercept=math.nan,
            points=n,
            first=first,
            last=last,
            method="none",
            unit=unit,
        )
    span = t[-1] - t[0]
    bound_lo = (lo[-1] - hi[0]) / span
    bound_hi = (hi[-1] - lo[0]) / span
    if n == 2:
        slope = (v[1] - v[0]) / span
        return TrendLine(
            geo=geo,
            slope=float(slope),
            lower=float(bound_lo),
            upper=float(bound_hi),
            intercept=float(v[0] - slope * t[0]),
            points=n,
            first=first,
            last=last,
            method="two points",
            unit=unit,
        )
    from statsmodels.regression.linear_model import OLS

    design = np.column_stack([np.ones(n), t - t.mean()])
    fit = OLS(v, design).fit()
    ci = np.asarray(fit.conf_int(alpha=alpha), dtype="float64")
    slope = float(fit.params[1])
    intercept = float(fit.params[0] - slope * t.mean())
    return TrendLine(
        geo=geo,
        slope=slope,
        lower=float(min(ci[1, 0], bound_lo)),
        upper=float(max(ci[1, 1], bound_hi)),
        intercept=intercept,
        points=n,
        first=first,
        last=last,
        method="ols",
        unit=unit,
    )


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Trend:
    """Trends of one geography (and optionally another to set it against), with the catch-up year.

    ``catch_up`` is ``None`` without ``against``; otherwise the first calendar year in
    which the laggard's trend line reaches the leader's, ``"never"`` when the laggard's
    slope is not steeper (or the lines meet only outside 0-100%), or ``"undetermined"``
    when a slope is missing or neither geography lags at the latest time.  It is "at
    current trends": ``catch_up_certain`` says whether the slope intervals leave no doubt
    that the laggard's trend is the steeper one.
    """

    geo: str
    against: str | None
    concept: str | None
    indicator: str
    breakdown: str
    unit: str
    line: TrendLine
    against_line: TrendLine | None
    laggard: str | None
    leader: str | None
    catch_up: int | str | None
    catch_up_certain: bool
    notes: tuple[str, ...]
    notes_fr: tuple[str, ...]
    citations: dict[str, Citation]
    frame: pd.DataFrame

    @property
    def slope(self) -> float:
        """Change per year of the focus geography (pp a year for shares)."""
        return self.line.slope

    def to_frame(self) -> pd.DataFrame:
        """The series: ``geo, period, time, value, lower, upper, qualifier, fitted, used, citation_id``."""
        return self.frame.copy()

    @property
    def sources(self) -> list[str]:
        """Publishers of the figures, without repeats."""
        out: list[str] = []
        for cid in self.frame["citation_id"].astype(str):
            c = self.citations.get(cid)
            if c is not None and c.publisher not in out:
                out.append(c.publisher)
        return out

    def _line_text(self, line: TrendLine, lang: str) -> str:
        name = geo_name(line.geo, lang)
        u = _unit_word(self.unit, lang)
        if line.method == "none":
            if lang == "fr":
                return f"{name} : pas de tendance (moins de deux valeurs ponctuelles)"
            return f"{name}: no trend (fewer than two point values)"
        if lang == "fr":
            how = f"moindres carrés sur {line.points} valeurs" if line.method == "ols" else "à partir de deux valeurs"
            return (
                f"{name} : {_fmt(line.slope, 2, 'fr', sign=True)} {u} par an de {line.first} à {line.last} "
                f"(entre {_fmt(line.lower, 2, 'fr', sign=True)} et {_fmt(line.upper, 2, 'fr', sign=True)} ; "
                f"{how})"
            )
        how = f"least squares over {line.points} values" if line.method == "ols" else "from two values"
        return (
            f"{name}: {_fmt(line.slope, 2, sign=True)} {u} a year from {line.first} to {line.last} "
            f"(between {_fmt(line.lower, 2, sign=True)} and {_fmt(line.upper, 2, sign=True)}; "
            f"{how})"
        )

    def summary(self, lang: str = "en") -> str:
        """One paragraph: the change per year of each geography and when (whether) the laggard catches up."""
        _check_lang(lang)
        parts = [self._line_text(self.line, lang)]
        if self.against_line is not None:
            parts.append(self._line_text(self.against_line, lang))
        text = ". ".join(parts) + "."
        if self.against is not None:
            if self.catch_up == "undetermined":
                text += (
                    " Le rattrapage est indéterminé."
                    if lang == "fr"
                    else " Whether the laggard catches up is undetermined."
                )
            elif self.laggard is not None and self.leader is not None:
                lag, lead = geo_name(self.laggard, lang), geo_name(self.leader, lang)
                if self.catch_up == "never":
                    text += (
                        f" Au rythme actuel, {lag} ne rattraperait jamais {lead}."
                        if lang == "fr"
                        else f" At current trends, {lag} would never catch up with {lead}."
                    )
                else:
                    doubt = ""
                    if not self.catch_up_certain:
                        doubt = (
                            " (incertain : les intervalles des pentes se chevauchent)"
                            if lang == "fr"
                            else " (uncertain: the slope intervals overlap)"
                        )
                    text += (
                        f" Au rythme actuel, {lag} rattraperait {lead} en {self.catch_up}{doubt}."
                        if lang == "fr"
                        else f" At current trends, {lag} would catch up with {lead} in {self.catch_up}{doubt}."
                    )
        for note in self.notes_fr if lang == "fr" else self.notes:
            text += f" {note}"
        label = "Sources : " if lang == "fr" else "Sources: "
        return f"{text} {label}{', '.join(self.sources)}."

    def __str__(self) -> str:
        what = self.concept or f"indicator {self.indicator}"
        head = f"Trend: {what}, breakdown {self.breakdown}"
        return f"{head}\n{self.summary()}"

    def __repr__(self) -> str:
        return self.__str__()

    def _repr_html_(self) -> str:
        table = self.frame.drop(columns=["citation_id"]).to_html(index=False, escape=True)
        return f"<div><p>{html.escape(self.summary())}</p>{table}</div>"

    def plot(self, path: str | None = None, **kwargs: Any) -> Figure:
        """The series with intervals and fitted lines (see :func:`adoptstats.plot.plot_trend`)."""
        from adoptstats.plot import plot_trend

        return plot_trend(self, path=path, **kwargs)


def trend(
    results: ResultSet,
    geo: str,
    against: str | None = None,
    concept: str | None = None,
    *,
    breakdown: str | None = "total",
    since: str | int | None = None,
    until: str | int | None = None,
    alpha: float = DEFAULT_ALPHA,
) -> Trend:
    """The change per year of ``geo`` (and ``against``), and the year a laggard would catch up.

    Every period in the data (between ``since`` and ``until``) is used.  The slope is in
    percentage points a year for shares (see :class:`TrendLine` for how its interval is
    built).  With ``against``, :attr:`Trend.catch_up` gives the first year the laggard's
    line reaches the leader's, ``"never"`` or ``"undetermined"``.

    :raises SelectionError: when a geography has no figure or several concepts remain.
    :raises DuplicateReportsError: when a geography has several figures for one period.
    """
    rs = _coerce_results(results, "trend")
    if not isinstance(geo, str):
        raise SelectionError(f"trend: geo must be a geography code or name, got {geo!r}")
    code = normalize_geo(geo)
    other = normalize_geo(against) if against is not None else None
    if other == code:
        raise SelectionError(f"trend: against is {code} itself")
    sub = _select(rs, "trend", concept=concept, period=None, breakdown=breakdown, many_periods=True)
    if since is not None or until is not None:
        sub = sub[period_window(sub["period"], since, until)].reset_index(drop=True)
    wanted = [code, *([other] if other else [])]
    sub = sub[sub["geo"].isin(wanted).to_numpy()].reset_index(drop=True)
    for c in wanted:
        if not (sub["geo"] == c).any():
            raise SelectionError(
                f"trend: {geo_name(c)} ({c}) has no figure for "
                f"{concept or _listing(sorted(set(_what_of(rs.frame).tolist())))}"
                f"{' in the periods asked for' if since or until else ''}"
            )
    unit = _check_one_unit(sub, "trend")
    _check_duplicates(sub, rs.citations, "trend", ["period"])
    a = _arrays(sub)
    t_all = np.array([_period_time(p) for p in a["period"]], dtype="float64")
    point = np.isin(a["qualifier"], list(POINT_QUALIFIERS))
    lines: dict[str, TrendLine] = {}
    fitted = np.full(len(sub), np.nan)
    notes: list[str] = []
    notes_fr: list[str] = []
    for c in wanted:
        m = a["geo"] == c
        use = m & point
        order = np.flatnonzero(use)[np.argsort(t_all[use], kind="stable")]
        excluded = tuple(sorted(str(p) for p in a["period"][m & ~point]))
        line = _fit(
            c,
            t_all[order],
            a["value"][order],
            a["lower"][order],
            a["upper"][order],
            [str(p) for p in a["period"][order]],
            unit,
            alpha,
        )
        line = attrs.evolve(line, excluded=excluded)
        lines[c] = line
        if excluded:
            notes.append(
                f"Open-ended figures of {geo_name(c)} ({', '.join(excluded)}) bound the value without giving it and "
                "are left out of the fit."
            )
            notes_fr.append(
                f"Les chiffres ouverts de {geo_name(c, 'fr')} ({', '.join(excluded)}) bornent la valeur sans la donner "
                "et sont exclus de l'ajustement."
            )
        if line.method != "none":
            fitted[m] = line.value_at(t_all[m])
    focus_line = lines[code]
    against_line = lines.get(other) if other else None
    laggard = leader = None
    catch: int | str | None = None
    certain = False
    if against_line is not None:
        catch = "undetermined"
        if focus_line.method != "none" and against_line.method != "none":
            t_now = float(t_all[point].max())
            f_now, a_now = focus_line.value_at(t_now), against_line.value_at(t_now)
            if f_now != a_now:
                lag_line, lead_line = (focus_line, against_line) if f_now < a_now else (against_line, focus_line)
                laggard, leader = lag_line.geo, lead_line.geo
                rel = lag_line.slope - lead_line.slope
                certain = lag_line.lower - lead_line.upper > 0
                if rel <= 0:
                    catch = "never"
                else:
                    t_star = t_now + (lead_line.value_at(t_now) - lag_line.value_at(t_now)) / rel
                    meet = lead_line.value_at(t_star)
                    if unit == "percent" and not 0.0 <= meet <= 100.0:
                        catch = "never"
                        notes.append(f"The trend lines meet only at {_fmt(meet, 1)}%, outside 0-100%.")
                        notes_fr.append(f"Les droites ne se croisent qu'à {_fmt(meet, 1, 'fr')} %, hors de 0-100 %.")
                    else:
                        catch = math.ceil(t_star - 1e-9)
    frame = pd.DataFrame(
        {
            "geo": a["geo"],
            "period": a["period"],
            "time": t_all,
            "value": a["value"],
            "lower": a["lower"],
            "upper": a["upper"],
            "qualifier": a["qualifier"],
            "fitted": fitted,
            "used": point,
            "citation_id": a["citation_id"],
        }
    ).sort_values(["geo", "time"], kind="stable", ignore_index=True)
    return Trend(
        geo=code,
        against=other,
        concept=a["concept"][0],
        indicator=str(a["indicator"][0]),
        breakdown=str(a["breakdown"][0]),
        unit=unit,
        line=focus_line,
        against_line=against_line,
        laggard=laggard,
        leader=leader,
        catch_up=catch,
        catch_up_certain=bool(certain),
        notes=tuple(notes),
        notes_fr=tuple(notes_fr),
        citations=rs.citations,
        frame=frame,
    )
