"""Compare one geography with the others: differences, ratios, verdicts, gaps.

:func:`compare` puts one geography (the *focus*) next to every other geography that has
the same figure (concept, period, breakdown) and returns a :class:`Comparison`: for each
other geography, both values with their intervals, the difference in percentage points
with its interval, the ratio, a verdict (``higher``, ``lower``, ``indistinguishable``,
``undetermined``; see :mod:`adoptstats.uncertainty`), a Holm-adjusted p-value where
sample sizes are known on both sides, and a comparability note.  :func:`gap` measures the
distance to the leader, to a benchmark or to any geography, as a :class:`Gap`.

Differences are always ``focus - other``; a verdict says how the focus stands against
the other geography ("lower" = the focus is lower).  Named aggregates (``WORLD``,
``EU27_2020`` ...) are compared but never ranked.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from adoptstats._selection import (
    ObjArray,
    arrays,
    check_duplicates,
    check_one_unit,
    coerce_results,
    estimate_of,
    listing,
    select,
    where_text,
)
from adoptstats.caveats import Caveat, caveats_column, frame_caveats, sort_caveats
from adoptstats.errors import ComparabilityError, SelectionError
from adoptstats.geo import geo_name, normalize_geo
from adoptstats.ranking import NOT_RANKED, RankInfo, rank_intervals
from adoptstats.records import Citation, Estimate
from adoptstats.render.numbers import common_decimals
from adoptstats.resultset import ResultSet
from adoptstats.uncertainty import DEFAULT_ALPHA, decide, effective_bounds, holm, open_bounds, pairwise

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["COMPARISON_COLUMNS", "DEFAULT_BENCHMARKS", "Comparison", "Gap", "compare", "gap"]

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
    "caveats",
)


@attrs.frozen(kw_only=True)
class Gap:
    """The difference ``focus - to`` between two geographies, with interval, verdict and p-value.

    ``kind`` is ``"leader"``, ``"benchmark"`` or ``"geo"``.  When the focus itself leads,
    a gap to the leader is measured to the runner-up and ``focus_leads`` is true (the
    difference is then a lead, ≥ 0 at the published values).  ``caveats`` are those of the
    two figures.
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
    caveats: tuple[Caveat, ...] = ()

    def text(self, lang: str = "en") -> str:
        """One clause: ``"lower than Mexico: 25 pp lower (between 24 and 26 pp)"``."""
        from adoptstats.render.paragraph import gap_text

        return gap_text(self, lang)

    def __str__(self) -> str:
        return self.text()


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Comparison:
    """One geography (the focus) against the others, for one concept, period and breakdown.

    Build it with :func:`compare`.  ``frame`` holds every row computed (all other
    geographies in the selection); :meth:`to_frame` gives the rows asked for, one per other
    geography.  ``rank`` is the focus's rank among the non-aggregate geographies of the
    selection; ``gap_to_leader`` and ``gap_to_benchmark`` are :class:`Gap` objects (or
    ``None`` when there is no other geography or no benchmark).  ``focus_lower`` and
    ``focus_upper`` bound the focus's figure (Wilson-widened when its sample size is known).
    ``caveats`` are those of every figure shown (see :mod:`adoptstats.caveats`);
    ``focus_caveats`` those of the focus's own figure; ``citations`` exactly those of the
    figures shown (focus, rows asked for, and the geographies the gaps are measured to).
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
    focus_caveats: tuple[Caveat, ...] = ()
    caveats: tuple[Caveat, ...] = ()

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
        """Publishers of the figures shown (focus first, then the rows, then the gaps' geographies), without repeats."""
        gaps = [g.to for g in (self.gap_to_leader, self.gap_to_benchmark) if g is not None]
        gap_ids = self.frame[self.frame["geo"].isin(gaps).to_numpy()]["citation_id"].astype(str).tolist()
        ids = [self.focus_citation_id, *self.shown()["citation_id"].astype(str).tolist(), *gap_ids]
        out: list[str] = []
        for cid in ids:
            cite = self.citations.get(cid)
            if cite is not None and cite.publisher not in out:
                out.append(cite.publisher)
        return out

    def shown(self) -> pd.DataFrame:
        """Every column of the rows asked for (``frame`` restricted to them), for renderers."""
        return self.frame[self.frame["shown"].to_numpy(dtype=bool)]

    def to_frame(self, *, include_focus: bool = False) -> pd.DataFrame:
        """One row per other geography compared (the focus's own row first with ``include_focus=True``).

        Columns: ``geo, value, lower, upper`` (the other geography's value and interval,
        Wilson-widened where its sample size is known), ``diff, diff_lower, diff_upper``
        (focus minus other, in percentage points for shares), ``ratio`` (focus / other),
        ``verdict`` (how the focus stands), ``p_value`` (Holm-adjusted across the rows; NaN
        without sample sizes on both sides), ``comparability``; then ``name, qualifier,
        text, sample_size, p_raw, method, ratio_lower, ratio_upper, published_lower,
        published_upper, diff_lower_open, diff_upper_open, benchmark, source, dataset,
        indicator, population, period, citation_id, publisher, url``.  ``caveats`` lists each
        row's caveats (see :attr:`caveats`); ``focus`` is true on the focus's row only.
        """
        shown = self.shown()
        cols = [*COMPARISON_COLUMNS, *EXTRA_COLUMNS]
        out = shown.loc[:, cols].reset_index(drop=True).copy()
        out["focus"] = False
        if not include_focus:
            return out
        est = self.focus_estimate
        cite = self.citations.get(self.focus_citation_id)
        source, _, dataset = self.focus_source.partition("/")
        focus_row: dict[str, Any] = dict.fromkeys(out.columns)
        focus_row.update(
            geo=self.focus,
            value=est.value,
            lower=self.focus_lower,
            upper=self.focus_upper,
            comparability="focus",
            caveats=caveats_column([self.focus_caveats])[0],
            name=geo_name(self.focus),
            qualifier=est.qualifier,
            text=est.text(),
            sample_size=self.focus_sample_size,
            published_lower=est.lower,
            published_upper=est.upper,
            benchmark=False,
            source=source,
            dataset=dataset,
            indicator=self.indicator,
            period=self.period,
            citation_id=self.focus_citation_id,
            publisher=cite.publisher if cite else None,
            url=cite.url if cite else None,
            focus=True,
        )
        with_focus = pd.DataFrame({c: [focus_row[c], *out[c].tolist()] for c in out.columns})
        with_focus["sample_size"] = pd.array(with_focus["sample_size"].tolist(), dtype="Int64")
        return with_focus

    def row(self, geo: str) -> pd.Series:
        """The row of one geography (any name :func:`~adoptstats.normalize_geo` understands)."""
        code = normalize_geo(geo)
        hit = self.frame[self.frame["geo"] == code]
        if hit.empty:
            raise SelectionError(
                f"Comparison.row: {code} is not compared with {self.focus}; rows: {listing(self.frame['geo'])}"
            )
        return hit.iloc[0]

    # -- rendering (see adoptstats.render) ------------------------------------------------

    def text(self, lang: str = "en") -> str:
        """The terminal table in ``lang`` (``en``, ``fr``, ``nl``, ``de``): headers, figures, verdicts and notes."""
        from adoptstats.render.text import comparison_text

        return comparison_text(self, lang)

    def html(self, lang: str = "en") -> str:
        """The notebook HTML block in ``lang``: the table with its caveat notes and sources."""
        from adoptstats.render.html import comparison_html

        return comparison_html(self, lang)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return self.__str__()

    def _repr_html_(self) -> str:
        return self.html("en")

    def summary(self, lang: str = "en") -> str:
        """One paragraph a journalist could paste: figures, qualifiers, verdicts, rank and sources."""
        from adoptstats.render.paragraph import comparison_summary

        return comparison_summary(self, lang)

    def plot(self, path: str | None = None, **kwargs: Any) -> Figure:
        """A dot chart with intervals (see :func:`adoptstats.plot.plot_comparison`); saved when ``path`` is given."""
        from adoptstats.plot import plot_comparison

        return plot_comparison(self, path=path, **kwargs)


#: Further columns of :meth:`Comparison.to_frame`, after :data:`COMPARISON_COLUMNS`.
EXTRA_COLUMNS: tuple[str, ...] = (
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


def _comparability_notes(a: dict[str, Any], i: int, focus: str) -> tuple[ObjArray, list[str], list[list[str]]]:
    """Notes for every row against the focus row ``i``; the mismatches for strict mode; each row's differing fields."""
    n = a["geo"].shape[0]
    parts: list[ObjArray] = []
    mism: list[str] = []
    fields: list[list[str]] = [[] for _ in range(n)]

    def check(field: str, label: str, values: ObjArray, fvalue: Any) -> None:
        diff = values != fvalue
        for j in np.flatnonzero(diff):
            fields[j].append(label)
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
        return np.full(n, "comparable", dtype=object), mism, fields
    joined = np.array(["; ".join(p for p in t if p) or "comparable" for t in zip(*parts, strict=True)], dtype=object)
    return joined, mism, fields


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
    :func:`~adoptstats.normalize_geo` understands (``"Belux"``, ``"Espagne"``).
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
    rs = coerce_results(results, "compare")
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

    sub = select(rs, "compare", concept=concept, period=period, breakdown=breakdown)
    unit = check_one_unit(sub, "compare")
    check_duplicates(sub, rs.citations, "compare", [])
    a = arrays(sub)
    geos: ObjArray = a["geo"]
    where = where_text(sub, concept, period)
    if focus_code not in set(geos.tolist()):
        raise SelectionError(
            f"compare: the focus {geo_name(focus_code)} ({focus_code}) has no figure {where}; "
            f"geographies with one: {listing(sorted(set(geos.tolist())))}"
        )
    present = set(geos.tolist())
    if against_codes is not None:
        missing = [c for c in against_codes if c not in present]
        if missing:
            raise SelectionError(
                f"compare: no figure {where} for {listing(missing)}; geographies with one: "
                f"{listing(sorted(present - {focus_code}))}"
            )
    if bench_code is not None:
        if bench_code not in present:
            raise SelectionError(
                f"compare: the benchmark {bench_code} has no figure {where}; geographies with one: "
                f"{listing(sorted(present))}"
            )
        if bench_code == focus_code:
            raise SelectionError(f"compare: the benchmark {bench_code} is the focus itself")
    else:
        bench_code = next((b for b in DEFAULT_BENCHMARKS if b in present and b != focus_code), None)

    i = int(np.flatnonzero(geos == focus_code)[0])
    notes, mismatches, differing = _comparability_notes(a, i, focus_code)
    if strict and mismatches:
        n_bad = len({m.split(" vs ", 1)[0] for m in mismatches})
        raise ComparabilityError(
            f"compare (strict): {n_bad} figure{'s' if n_bad != 1 else ''} {where} "
            f"not comparable with {focus_code}:\n  " + "\n  ".join(mismatches)
        )
    others = np.flatnonzero(geos != focus_code)
    rep = np.full(others.shape[0], i)
    res = pairwise(
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
    p_adj[shown] = holm(res.p_raw[shown])
    p_use = np.where(shown, p_adj, res.p_raw)
    verdicts = decide(res.diff_lower, res.diff_upper, res.diff_lower_open, res.diff_upper_open, p_use, alpha=alpha)

    # rank among non-aggregates, on the intervals used for decisions
    eff_lo, eff_hi, widened = effective_bounds(
        a["lower"], a["upper"], a["sample_size"], a["qualifier"].shape[0] * [unit], alpha=alpha
    )
    lo_open, hi_open = open_bounds(a["qualifier"])
    ranked = ~np.isin(geos, list(NOT_RANKED))
    ranked[i] = True
    idx = np.flatnonzero(ranked)
    k = idx.shape[0]
    r_pt, r_lo, r_hi = rank_intervals(
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
    row_cavs = frame_caveats(sub, cites)
    for j_row, fields in enumerate(differing):
        if fields and j_row != i:
            row_cavs[j_row].append(
                Caveat(
                    kind="not_comparable", geo=str(geos[j_row]), period=str(a["period"][j_row]), fields=tuple(fields)
                )
            )
    focus_est = estimate_of({k2: a[k2][i] for k2 in ("value", "lower", "upper", "qualifier", "decimals", "unit")})
    estimates = [
        estimate_of({k2: a[k2][j] for k2 in ("value", "lower", "upper", "qualifier", "decimals", "unit")})
        for j in others
    ]
    texts = [est.text("en") for est in estimates]
    publisher = [cites[c].publisher if c in cites else None for c in a["citation_id"][others]]
    url = [cites[c].url if c in cites else None for c in a["citation_id"][others]]
    frame = pd.DataFrame(
        {
            "geo": other_geos,
            "value": a["value"][others],
            "lower": res.lower_b,
            "upper": res.upper_b,
            "diff": res.diff,
            "diff_lower": res.diff_lower,
            "diff_upper": res.diff_upper,
            "ratio": res.ratio,
            "verdict": verdicts,
            "p_value": p_adj,
            "comparability": notes[others],
            "caveats": caveats_column([row_cavs[j] for j in others]),
            "name": [geo_name(g) for g in other_geos],
            "qualifier": a["qualifier"][others],
            "text": texts,
            "sample_size": pd.array(
                [None if math.isnan(v) else int(v) for v in a["sample_size"][others]], dtype="Int64"
            ),
            "p_raw": res.p_raw,
            "method": res.method,
            "ratio_lower": res.ratio_lower,
            "ratio_upper": res.ratio_upper,
            "published_lower": a["lower"][others],
            "published_upper": a["upper"][others],
            "diff_lower_open": res.diff_lower_open,
            "diff_upper_open": res.diff_upper_open,
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
            "estimate": estimates,
            "decimals": a["decimals"][others],
            "p_use": p_use,
            "caveat_list": [sort_caveats(row_cavs[j]) for j in others],
        }
    )
    order = np.lexsort((frame["geo"].to_numpy().astype(str), -frame["value"].to_numpy()))
    frame = frame.iloc[order].reset_index(drop=True)

    decimals_focus = focus_est.decimals
    focus_cavs = sort_caveats(row_cavs[i])

    def make_gap(geo: str, kind: str, focus_leads: bool = False) -> Gap:
        row = frame[frame["geo"] == geo].iloc[0]
        return _gap_from_row(
            row,
            focus=focus_code,
            kind=kind,
            unit=unit,
            focus_decimals=decimals_focus,
            focus_caveats=focus_cavs,
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
    shown_frame = frame[frame["shown"].to_numpy(dtype=bool)]
    gap_geos = [g.to for g in (gap_leader, gap_bench) if g is not None]
    gap_rows = frame[frame["geo"].isin(gap_geos).to_numpy()]
    used = {str(a["citation_id"][i]), *shown_frame["citation_id"], *gap_rows["citation_id"]}
    all_cavs = [*focus_cavs, *(c for cs in shown_frame["caveat_list"] for c in cs)]
    all_cavs += [c for g in (gap_leader, gap_bench) if g is not None for c in g.caveats]
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
        citations={cid: c for cid, c in cites.items() if cid in used},
        frame=frame,
        focus_caveats=focus_cavs,
        caveats=sort_caveats(all_cavs),
    )


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
    return _gap_from_row(
        row,
        focus=comp.focus,
        kind="geo",
        unit=comp.unit,
        focus_decimals=comp.focus_estimate.decimals,
        focus_caveats=comp.focus_caveats,
    )


def _gap_from_row(
    row: pd.Series,
    *,
    focus: str,
    kind: str,
    unit: str,
    focus_decimals: int | None,
    focus_caveats: Iterable[Caveat],
    focus_leads: bool = False,
) -> Gap:
    """The :class:`Gap` from the focus to the geography of one row of a comparison's frame."""
    return Gap(
        focus=focus,
        to=str(row["geo"]),
        kind=kind,
        diff=float(row["diff"]),
        lower=float(row["diff_lower"]),
        upper=float(row["diff_upper"]),
        lower_open=bool(row["diff_lower_open"]),
        upper_open=bool(row["diff_upper_open"]),
        verdict=str(row["verdict"]),
        p_value=float(row["p_use"]),
        unit=unit,
        decimals=common_decimals(row["decimals"], focus_decimals),
        focus_leads=focus_leads,
        caveats=sort_caveats([*focus_caveats, *row["caveat_list"]]),
    )
