"""League tables: ranks with rank intervals.

:func:`rank` ranks the geographies of one concept, period and breakdown (or of every such
group at once, with ``each=True``) and returns a :class:`RankTable`.  ``rank`` is the rank
of the published values (1 = highest; ties share the best rank); the rank interval
``rank_lower`` .. ``rank_upper`` is 1 + the number of geographies certainly above .. 1 +
the number that could be above, given the intervals (Wilson-widened where a sample size is
known, open bounds respected).  :func:`rank_intervals` computes them for any number of
groups in one vectorised pass; :class:`RankInfo` is one geography's rank, as a comparison
gives it.  Named aggregates (``WORLD``, ``EU27_2020`` ...) are never ranked unless asked.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import pandas as pd

from adoptstats._selection import (
    BoolArray,
    FloatArray,
    IntArray,
    cat_mask,
    check_duplicates,
    check_one_unit,
    coerce_results,
    select,
    what_of,
)
from adoptstats.caveats import Caveat, caveat_markers, frame_caveats, sort_caveats
from adoptstats.errors import SelectionError
from adoptstats.geo import AGGREGATES, geo_name
from adoptstats.records import Citation
from adoptstats.render.wording import rank_text
from adoptstats.resultset import ResultSet
from adoptstats.uncertainty import DEFAULT_ALPHA, effective_bounds

__all__ = ["NOT_RANKED", "RANK_COLUMNS", "RankInfo", "RankTable", "rank", "rank_intervals"]

#: Named aggregates that are compared but never ranked among countries.
NOT_RANKED: frozenset[str] = frozenset(code for code in AGGREGATES if code != "XK")

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


def rank_intervals(
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
        return rank_text(self.rank, self.lower, self.upper, self.n, lang)

    def __str__(self) -> str:
        return self.text()


#: Columns of :meth:`RankTable.to_frame`, in order.
RANK_COLUMNS: tuple[str, ...] = (
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
    "flags",
    "caveats",
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
        citation_id, comparability, flags, caveats`` (each row's caveats, as in :attr:`caveats`).
        """
        f = self.frame
        keys = [
            f["geo"].cat.codes.to_numpy(),
            f["rank"].to_numpy(),
            f["_group"].to_numpy(),
        ]
        order = np.lexsort(keys)
        out = f.iloc[order].reset_index(drop=True)
        markers = caveat_markers(out, self.citations, sample_size_matters=False)
        mixed = out["comparability"].astype(str).to_numpy()
        off = mixed != "comparable"
        if off.any():
            note = np.char.add(np.char.add("not comparable (", mixed[off].astype(str)), ")")
            markers[off] = [f"{a}; {b}" if b else a for a, b in zip(note, markers[off], strict=True)]
        out["caveats"] = markers
        return out.loc[:, list(RANK_COLUMNS)]

    @property
    def caveats(self) -> tuple[Caveat, ...]:
        """The caveats of every row (computed on demand): flags, contested, open-ended, secondary, mixed groups."""
        f = self.frame
        out = [c for row in frame_caveats(f, self.citations, sample_size_matters=False) for c in row]
        mixed = f["comparability"].astype(str).to_numpy()
        for j in np.flatnonzero(mixed != "comparable"):
            fields = tuple(part.removeprefix("mixed ").split(" ")[0] for part in mixed[j].split("; "))
            geo, period = str(f["geo"].iloc[j]), str(f["period"].iloc[j])
            out.append(Caveat(kind="not_comparable", geo=geo, period=period, fields=fields))
        return sort_caveats(out)

    def text(self, lang: str = "en") -> str:
        """The terminal table in ``lang`` (``en``, ``fr``, ``nl``, ``de``): headers, figures, verdicts and notes."""
        from adoptstats.render.text import rank_table_text

        return rank_table_text(self, lang)

    def html(self, lang: str = "en") -> str:
        """The notebook HTML block in ``lang``: the table with its caveat notes and sources."""
        from adoptstats.render.html import rank_table_html

        return rank_table_html(self, lang)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return self.__str__()

    def _repr_html_(self) -> str:
        return self.html("en")

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
    rs = coerce_results(results, "rank")
    sub = select(rs, "rank", concept=concept, period=period, breakdown=breakdown, many_concepts=each, many_periods=each)
    if not include_aggregates:
        cats = sub["geo"].cat.categories
        keep_cat = ~np.isin(np.asarray(cats, dtype=object), list(NOT_RANKED))
        keep = cat_mask(sub["geo"], keep_cat)
        if not keep.all():
            sub = sub[keep].reset_index(drop=True)
        if len(sub) == 0:
            raise SelectionError("rank: only named aggregates are left; pass include_aggregates=True to rank them")
    concept_codes = sub["concept"].cat.codes.to_numpy()
    if (concept_codes < 0).any():
        what = pd.Categorical(what_of(sub))
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
        check_one_unit(bad, "rank")
    # duplicates: one figure per geography and group
    geo_codes = sub["geo"].cat.codes.to_numpy().astype(np.int64)
    n_geo_cats = len(sub["geo"].cat.categories)
    dup = pd.Series(g * (n_geo_cats + 1) + geo_codes).duplicated(keep=False).to_numpy()
    if dup.any():
        check_duplicates(sub[dup].reset_index(drop=True), rs.citations, "rank", ["period", "breakdown"])

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
    lo_open = cat_mask(q, qcats == "more_than")
    hi_open = cat_mask(q, qcats == "less_than")
    ss = sub["sample_size"]
    if ss.notna().any():
        units = sub["unit"].astype(object).to_numpy()
        lo, hi, widened = effective_bounds(lo, hi, ss.to_numpy(dtype="float64", na_value=np.nan), units, alpha=alpha)
        lo_open &= ~widened
        hi_open &= ~widened
    r_pt, r_lo, r_hi = rank_intervals(g, slot, n_groups, width, x, lo, hi, lo_open, hi_open)
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
            "flags": sub["flags"].array,
            "_group": g,
        }
    )
    return RankTable(frame=frame, citations=rs.citations, groups=n_groups)
