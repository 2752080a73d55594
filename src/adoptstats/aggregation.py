"""Composite geographies built from their parts with explicit weights.

A composite such as ``BE+LU`` is not the plain average of Belgium's and Luxembourg's
shares: Belgium has many more enterprises, so its share counts for more.
:func:`aggregate` therefore refuses to average shares without weights, and takes them
either as a mapping (``{"BE": 1_025_000, "LU": 38_000}``) or as a ResultSet of counts
(unit ``count``, e.g. numbers of enterprises), one per part or one per part and period.

For shares (unit ``percent``) the composite is the weighted mean of the parts.  Its
interval is the widest the parts' intervals and the weights' intervals allow: the
lowest weighted mean of the parts' lower bounds over every admissible weighting, up to
the highest weighted mean of their upper bounds (computed exactly, not by sampling).
Counts (unit ``count``) are summed, bounds too; they need no weights.  Indexes cannot be
combined without knowing how the index is built and are refused.

Each computed row cites a :class:`~adoptstats.records.Citation` whose publisher is
``"adoptstats (computed)"`` and whose ``table`` field spells out the formula, the
weights and every input figure with its own citation: the result is derived, and says
so.  Sample sizes are not carried over (no *n* is invented for a composite).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from adoptstats._selection import coerce_results, estimate_of, listing
from adoptstats.errors import AggregationError, DuplicateReportsError, UnitWarning, UnknownGeographyError
from adoptstats.geo import composite_parts, geo_name, is_composite, normalize_geo
from adoptstats.records import Citation
from adoptstats.render.numbers import format_number
from adoptstats.resultset import ResultSet

__all__ = ["COMPUTED_PUBLISHER", "aggregate"]

FloatArray = npt.NDArray[np.float64]

#: Publisher named in the citation of every computed figure.
COMPUTED_PUBLISHER = "adoptstats (computed)"

_GROUP_COLS = ("source", "dataset", "indicator", "concept", "period", "population", "breakdown", "unit")
_OPEN_UP = ("more_than", "at_least")
_OPEN_DOWN = ("less_than", "at_most")


def _extreme_mean(x: FloatArray, wlo: FloatArray, whi: FloatArray, *, lowest: bool) -> FloatArray:
    """Lowest (or highest) weighted mean of ``x`` (rows of parts) over weights in ``[wlo, whi]``, exactly.

    The optimum of a ratio of linear functions over a box is at a vertex where the parts
    with the smallest values take their largest weights and the others their smallest;
    every split point is tried.
    """
    if not lowest:
        return -_extreme_mean(-x, wlo, whi, lowest=True)
    order = np.argsort(x, axis=1, kind="stable")
    xs = np.take_along_axis(x, order, axis=1)
    lo_w = np.take_along_axis(wlo, order, axis=1)
    hi_w = np.take_along_axis(whi, order, axis=1)
    zeros = np.zeros((x.shape[0], 1))
    cum_hi_num = np.concatenate([zeros, np.cumsum(hi_w * xs, axis=1)], axis=1)
    cum_hi_den = np.concatenate([zeros, np.cumsum(hi_w, axis=1)], axis=1)
    cum_lo_num = np.concatenate([zeros, np.cumsum(lo_w * xs, axis=1)], axis=1)
    cum_lo_den = np.concatenate([zeros, np.cumsum(lo_w, axis=1)], axis=1)
    num = cum_hi_num + (cum_lo_num[:, -1:] - cum_lo_num)
    den = cum_hi_den + (cum_lo_den[:, -1:] - cum_lo_den)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = num / den
    return np.asarray(np.nanmin(means, axis=1), dtype="float64")


def _weights_from_mapping(weights: Mapping[Any, Any], parts: list[str]) -> dict[str, tuple[float, float, float]]:
    out: dict[str, tuple[float, float, float]] = {}
    for key, w in weights.items():
        if not isinstance(key, str):
            raise AggregationError(f"aggregate: weights keys must be geography codes or names, got {key!r}")
        try:
            code = normalize_geo(key)
        except UnknownGeographyError as exc:
            raise AggregationError(f"aggregate: weights: {exc}") from exc
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(float(w)) or float(w) <= 0:
            raise AggregationError(f"aggregate: the weight of {code} must be a positive finite number, got {w!r}")
        out[code] = (float(w), float(w), float(w))
    extra = sorted(set(out) - set(parts))
    if extra:
        raise AggregationError(f"aggregate: weights given for {listing(extra)}, which are not among the parts {parts}")
    missing = [p for p in parts if p not in out]
    if missing:
        raise AggregationError(f"aggregate: no weight for {listing(missing)} (parts: {', '.join(parts)})")
    return out


def aggregate(
    results: ResultSet,
    into: str,
    parts: Sequence[str] | None = None,
    weights: Mapping[str, float] | ResultSet | None = None,
    *,
    on_missing: Literal["raise", "skip"] = "raise",
) -> ResultSet:
    """Build a composite geography from its parts, for every figure the parts share.

    ``into`` is the composite (``"BE+LU"``, ``"Belux"``); ``parts`` defaults to its
    components.  A figure is aggregated when every part has it for the same source,
    dataset, indicator, concept, period, population, breakdown and unit.  With
    ``on_missing="skip"`` figures that some part lacks are left out instead of raising.

    Returns a ResultSet of the composite rows only (combine it with the inputs with
    :func:`adoptstats.concat` if needed).

    :raises AggregationError: without weights for shares, for weights that do not match
        the parts, for parts with no figure, or for units that cannot be combined.
    :raises DuplicateReportsError: when a part has several reports of one figure.
    """
    rs = coerce_results(results, "aggregate")
    if not isinstance(into, str):
        raise AggregationError(f"aggregate: into must be a geography code or name, got {into!r}")
    into_code = normalize_geo(into)
    if parts is None:
        if not is_composite(into_code):
            raise AggregationError(
                f"aggregate: {into_code} is not a composite of listed parts; pass parts=[...] to say what it is made of"
            )
        part_codes = list(composite_parts(into_code))
    else:
        items = [parts] if isinstance(parts, str) else list(parts)
        part_codes = []
        for item in items:
            if not isinstance(item, str):
                raise AggregationError(f"aggregate: parts must be geography codes or names, got {item!r}")
            code = normalize_geo(item)
            if code not in part_codes:
                part_codes.append(code)
        if not part_codes:
            raise AggregationError("aggregate: parts is empty")
    if into_code in part_codes:
        raise AggregationError(f"aggregate: {into_code} cannot be one of its own parts")

    frame = rs.frame
    sub = frame[frame["geo"].isin(part_codes).to_numpy()].reset_index(drop=True)
    present = set(sub["geo"].astype(str))
    absent = [p for p in part_codes if p not in present]
    if absent:
        raise AggregationError(
            f"aggregate: no figures at all for {listing(absent)} (needed for {into_code}); "
            f"geographies in the results: {listing(sorted(set(frame['geo'].astype(str))))}"
        )
    units = sorted(set(sub["unit"].astype(str)))
    bad_units = [u for u in units if u not in ("percent", "count")]
    if bad_units:
        raise AggregationError(
            f"aggregate: figures in unit {', '.join(bad_units)} cannot be combined into {into_code} "
            "(an index or a difference has no weighted mean without knowing how it is built); "
            "filter the results to shares (percent) or counts"
        )
    if "percent" in units and weights is None:
        raise AggregationError(
            f"aggregate: no weights to build {into_code} from {', '.join(part_codes)}. An unweighted average of shares "
            "is wrong whenever the parts differ in size (a small country would count as much as a large one): pass "
            "weights={geo: weight} (for example numbers of enterprises) or a ResultSet of counts (unit 'count')"
        )

    # groups: one figure the parts share
    key = np.zeros(len(sub), dtype=np.int64)
    for col in _GROUP_COLS:
        codes = sub[col].cat.codes.to_numpy().astype(np.int64) + 1
        key = key * (len(sub[col].cat.categories) + 1) + codes
    g, uniq = pd.factorize(key)
    n_groups = len(uniq)
    k = len(part_codes)
    slot_of = {p: i for i, p in enumerate(part_codes)}
    slot = sub["geo"].astype(str).map(slot_of).to_numpy(dtype=np.int64)
    counts = np.zeros((n_groups, k), dtype=np.int64)
    np.add.at(counts, (g, slot), 1)
    if (counts > 1).any():
        gi, si = np.argwhere(counts > 1)[0]
        rows = sub[(g == gi) & (slot == si)]
        raise DuplicateReportsError(
            f"aggregate: {part_codes[si]} has {len(rows)} reports of one figure "
            f"({rows.iloc[0]['indicator']}, {rows.iloc[0]['period']}): "
            + "; ".join(estimate_of(r).text() for _, r in rows.iterrows())
            + "; choose one with adoptstats.reconcile(results).resolved first"
        )
    complete = (counts == 1).all(axis=1)
    if not complete.all():
        if on_missing == "raise":
            lines = []
            for gi in np.flatnonzero(~complete)[:10]:
                row = sub.iloc[int(np.flatnonzero(g == gi)[0])]
                lacking = [part_codes[s] for s in range(k) if counts[gi, s] == 0]
                lines.append(
                    f"{row['indicator']} {row['period']} {row['breakdown']}: no figure for {', '.join(lacking)}"
                )
            more = int((~complete).sum()) - len(lines)
            raise AggregationError(
                f"aggregate: {int((~complete).sum())} figure(s) lack a part of {into_code} "
                "(pass on_missing='skip' to leave them out):\n  "
                + "\n  ".join(lines)
                + (f"\n  ... and {more} more" if more > 0 else "")
            )
        if on_missing != "skip":
            raise AggregationError(f"aggregate: on_missing must be 'raise' or 'skip', got {on_missing!r}")
        if not complete.any():
            raise AggregationError(f"aggregate: no figure is shared by every part of {into_code}")
    keep_groups = np.flatnonzero(complete)
    remap = np.full(n_groups, -1, dtype=np.int64)
    remap[keep_groups] = np.arange(keep_groups.shape[0])
    keep_rows = complete[g]
    sub = sub[keep_rows].reset_index(drop=True)
    g = remap[g[keep_rows]]
    slot = slot[keep_rows]
    n_groups = keep_groups.shape[0]

    def grid(values: Any, fill: Any = np.nan, dtype: Any = "float64") -> Any:
        out = np.full((n_groups, k), fill, dtype=dtype)
        out[g, slot] = values
        return out

    value = grid(sub["value"].to_numpy(dtype="float64"))
    lower = grid(sub["lower"].to_numpy(dtype="float64"))
    upper = grid(sub["upper"].to_numpy(dtype="float64"))
    qual = grid(sub["qualifier"].astype(object).to_numpy(), fill=None, dtype=object)
    decimals = grid(sub["decimals"].to_numpy(dtype="float64", na_value=np.nan))
    flags = grid(sub["flags"].astype(str).to_numpy(), fill="", dtype=object)
    cids = grid(sub["citation_id"].astype(str).to_numpy(), fill="", dtype=object)
    first = np.empty(n_groups, dtype=np.int64)
    first[g[::-1]] = np.arange(len(sub))[::-1]
    group_unit = sub["unit"].astype(str).to_numpy()[first]
    group_period = sub["period"].astype(str).to_numpy()[first]

    # weights per group and part: (point, low, high)
    weight_note: list[str] = ["" for _ in range(n_groups)]
    w_pt = np.ones((n_groups, k))
    w_lo = np.ones((n_groups, k))
    w_hi = np.ones((n_groups, k))
    if weights is not None:
        if isinstance(weights, ResultSet):
            w_pt, w_lo, w_hi, weight_note = _weights_from_counts(weights, part_codes, group_period, into_code)
        elif isinstance(weights, Mapping):
            wmap = _weights_from_mapping(weights, part_codes)
            for s, p in enumerate(part_codes):
                w_pt[:, s], w_lo[:, s], w_hi[:, s] = wmap[p]
            note = ", ".join(f"{p} = {_weight_text(wmap[p][0])}" for p in part_codes)
            weight_note = [f"weights {note}"] * n_groups
        else:
            raise AggregationError(
                f"aggregate: weights must be a mapping {{geo: weight}} or a ResultSet of counts, "
                f"got {type(weights).__name__}"
            )

    is_pct = group_unit == "percent"
    with np.errstate(invalid="ignore", divide="ignore"):  # weighted means are used for shares only
        mean_value = (w_pt * value).sum(axis=1) / w_pt.sum(axis=1)
        mean_lower = _extreme_mean(lower, w_lo, w_hi, lowest=True)
        mean_upper = _extreme_mean(upper, w_lo, w_hi, lowest=False)
    out_value = np.where(is_pct, mean_value, value.sum(axis=1))
    out_lower = np.where(is_pct, mean_lower, lower.sum(axis=1))
    out_upper = np.where(is_pct, mean_upper, upper.sum(axis=1))
    out_lower = np.where(is_pct, np.clip(out_lower, 0.0, 100.0), np.maximum(out_lower, 0.0))
    out_upper = np.where(is_pct, np.clip(out_upper, 0.0, 100.0), out_upper)

    open_any = np.isin(qual, [*_OPEN_UP, *_OPEN_DOWN]).any(axis=1)
    approx_any = (qual == "approx").any(axis=1)
    with np.errstate(invalid="ignore"):
        out_value = np.where(open_any, (out_lower + out_upper) / 2, out_value)
    out_qual = np.where(open_any | approx_any, "approx", "exact").astype(object)
    # a sum with an unbounded part ("more than 200 respondents") is itself only bounded below
    unbounded = np.isinf(out_upper)
    if unbounded.any():
        strict = (qual == "more_than").any(axis=1)
        out_qual = np.where(unbounded, np.where(strict, "more_than", "at_least"), out_qual).astype(object)
        out_value = np.where(unbounded, out_lower, out_value)
    out_value = np.clip(out_value, out_lower, out_upper)
    dec_max = np.nanmax(np.where(np.isnan(decimals), -1, decimals), axis=1)
    extra_digit = 1 if k > 1 else 0
    out_dec = pd.array([None if d < 0 else int(min(d + extra_digit, 10)) for d in dec_max], dtype="Int64")
    if k == 1:
        # a single part is carried over as published (only the geography and the citation change)
        out_value, out_lower, out_upper = value[:, 0], lower[:, 0], upper[:, 0]
        out_qual = qual[:, 0]

    # citations: one per computed figure, naming its inputs and weights
    cites = rs.citations
    out_cids: list[str] = []
    out_cites: dict[str, Citation] = {}
    for gi in range(n_groups):
        inputs = []
        for s, p in enumerate(part_codes):
            est_text = estimate_of(
                {
                    "value": value[gi, s],
                    "lower": lower[gi, s],
                    "upper": upper[gi, s],
                    "qualifier": qual[gi, s],
                    "decimals": decimals[gi, s],
                    "unit": group_unit[gi],
                }
            ).text()
            c = cites.get(str(cids[gi, s]))
            who = f"{c.publisher}{', ' + c.url if c and c.url else ''}" if c else "no citation"
            inputs.append(f"{p} {est_text} [citation {cids[gi, s]}: {who}]")
        how = f"weighted mean of {', '.join(part_codes)}" if is_pct[gi] else f"sum of {', '.join(part_codes)}"
        table = f"{into_code} = {how}; " + (f"{weight_note[gi]}; " if is_pct[gi] and weight_note[gi] else "")
        table += "inputs: " + "; ".join(inputs)
        cite = Citation(
            publisher=COMPUTED_PUBLISHER,
            title=f"{geo_name(into_code)} ({into_code}) computed from {', '.join(part_codes)}",
            table=table,
            primary=False,
        )
        out_cids.append(cite.id)
        out_cites[cite.id] = cite

    part_flags = [",".join(sorted({f for fl in flags[gi] for f in str(fl).split(",") if f})) for gi in range(n_groups)]
    head = sub.iloc[first].reset_index(drop=True)
    result = pd.DataFrame(
        {
            "source": head["source"].astype(object),
            "dataset": head["dataset"].astype(object),
            "indicator": head["indicator"].astype(object),
            "concept": head["concept"].astype(object),
            "geo": [into_code] * n_groups,
            "period": head["period"].astype(object),
            "population": head["population"].astype(object),
            "breakdown": head["breakdown"].astype(object),
            "unit": group_unit,
            "value": out_value,
            "lower": out_lower,
            "upper": out_upper,
            "qualifier": out_qual,
            "decimals": out_dec,
            "sample_size": pd.array([None] * n_groups, dtype="Int64"),
            "flags": part_flags,
            "citation_id": out_cids,
        }
    )
    with warnings.catch_warnings():
        # small shares (all below 1%) are as valid here as in the inputs they come from
        warnings.simplefilter("ignore", UnitWarning)
        return ResultSet.from_frame(result, {cid: c for cid, c in out_cites.items() if cid in set(out_cids)})


def _weights_from_counts(
    weights: ResultSet, parts: list[str], group_period: npt.NDArray[Any], into: str
) -> tuple[FloatArray, FloatArray, FloatArray, list[str]]:
    """Weights per group and part from a ResultSet of counts: one per part, or one per part and period."""
    wf = weights.frame
    wf = wf[wf["geo"].isin(parts).to_numpy()]
    units = sorted(set(wf["unit"].astype(str)))
    if units and units != ["count"]:
        raise AggregationError(
            "aggregate: weights must be counts (unit 'count', e.g. numbers of enterprises), "
            f"got unit(s) {', '.join(units)}"
        )
    missing = [p for p in parts if not (wf["geo"] == p).any()]
    if missing:
        raise AggregationError(f"aggregate: the weights hold no count for {listing(missing)} (parts of {into})")
    by_part: dict[str, pd.DataFrame] = {p: wf[(wf["geo"] == p).to_numpy()] for p in parts}
    n_groups = group_period.shape[0]
    k = len(parts)
    w_pt = np.empty((n_groups, k))
    w_lo = np.empty((n_groups, k))
    w_hi = np.empty((n_groups, k))
    notes: list[list[str]] = [[] for _ in range(n_groups)]
    cites = weights.citations
    for s, p in enumerate(parts):
        rows = by_part[p]
        if len(rows) == 1:
            chosen = np.zeros(n_groups, dtype=np.int64)
        else:
            periods = rows["period"].astype(str)
            if periods.duplicated().any():
                dup = sorted(set(periods[periods.duplicated()]))
                raise AggregationError(
                    f"aggregate: the weights hold several counts for {p} in {', '.join(dup)}; keep one per period"
                )
            pos = {per: i for i, per in enumerate(periods)}
            lacking = sorted({str(per) for per in group_period if per not in pos})
            if lacking:
                raise AggregationError(
                    f"aggregate: the weights hold counts for {p} in {listing(periods)} but not for {listing(lacking)}"
                )
            chosen = np.array([pos[str(per)] for per in group_period], dtype=np.int64)
        table = rows
        vals = table["value"].to_numpy(dtype="float64")
        los = table["lower"].to_numpy(dtype="float64")
        his = table["upper"].to_numpy(dtype="float64")
        if (vals <= 0).any() or not np.isfinite(his).all():
            raise AggregationError(f"aggregate: the count weights of {p} must be positive and bounded")
        w_pt[:, s] = vals[chosen]
        w_lo[:, s] = np.maximum(los[chosen], 1e-12)
        w_hi[:, s] = his[chosen]
        cid_arr = table["citation_id"].astype(str).to_numpy()
        per_arr = table["period"].astype(str).to_numpy()
        for gi in range(n_groups):
            j = int(chosen[gi])
            c = cites.get(cid_arr[j])
            who = f"{c.publisher}{', ' + c.url if c and c.url else ''}" if c else cid_arr[j]
            notes[gi].append(f"{p} = {_weight_text(vals[j])} ({per_arr[j]}, citation {cid_arr[j]}: {who})")
    return w_pt, w_lo, w_hi, ["weights (counts) " + ", ".join(n) for n in notes]


def _weight_text(x: float) -> str:
    """A weight as written in a computed citation: ``1,025,000`` or ``0.25``."""
    return format_number(x, 0, grouping=True) if float(x).is_integer() else format_number(x)
