"""Several reports of the same figure: find the conflicts, choose one by a stated policy, keep the rest.

Press articles often quote the same survey figure, sometimes differently: the 2010 Regus
survey gives Mexico 52% in one French article and 50% in a Canadian one.  Reports are of
*the same figure* when they share source, dataset (survey edition), indicator,
geography, period, breakdown, population and unit.  They *conflict* when two of them
cannot both be right: their intervals (rounding and qualifiers included) do not overlap.
"40%" and "more than 40%" agree (both allow 40.3%); "52%" and "50%" do not.

:func:`reconcile` picks one report per figure by a policy, a sequence of criteria tried
in order until one report is left:

``primary``
    the survey owner's own publication over press and other secondary reports;
``agreement``
    the report that agrees (overlapping intervals) with the most other reports, then the
    one closest to the median of the reports: the majority reading;
``median``
    the report closest to the median of the reports;
``recent``
    the most recent publication (reports without a date count as oldest);
``oldest``
    the earliest publication;
``precise``
    the narrowest interval (an exact figure over "about" or "more than");
``first``
    the report listed first in the results: an explicit choice by list order.

The default is ``("primary", "agreement", "recent")``.  Reports still tied after every
criterion are never separated by list order: if they agree, the first listed stands for
them all; if they disagree, the figure is **contested** and its interval spans the reports
(22% and 44% become 21.5-44.5%), so that a verdict against it is ``undetermined`` unless
every report points the same way.  Every figure whose reports disagree, chosen by a
criterion or spanned, carries the ``contested`` flag (:data:`~adoptstats.caveats.CONTESTED_FLAG`)
and so the contested caveat wherever it is shown.

**Republished figures.** A source that republishes another's figures says so with a
``republishes()`` method: ``{its indicator: (original source, original indicator)}`` (the
``oecd`` source maps ``B1_B`` to Eurostat's ``E_WEB``). A row of such an indicator that has
the original's geography, period, breakdown, population and unit is a report of the
original figure: it joins that figure's group (as a secondary report), instead of counting
as a second survey.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import pandas as pd

from adoptstats._selection import coerce_results, estimate_of
from adoptstats.caveats import CONTESTED_FLAG, Caveat, sort_caveats
from adoptstats.errors import QueryError
from adoptstats.i18n import check_lang, format_date, marked, tr
from adoptstats.records import Citation
from adoptstats.render.numbers import format_number
from adoptstats.resultset import ResultSet

#: A reason as message parts: each an English catalogue message and the values of its fields.
Reason = tuple[tuple[str, tuple[tuple[str, object], ...]], ...]


def _part(message: str, **values: object) -> tuple[str, tuple[tuple[str, object], ...]]:
    return (message, tuple(values.items()))


def reason_text(reason: Reason, lang: str = "en") -> str:
    """A reason in ``lang``: its parts, each translated and filled.

    Numbers are kept as numbers and dates as dates until here, so each language writes them its own way.
    """
    check_lang(lang)
    out = []
    for message, values in reason:
        filled: dict[str, object] = {}
        for key, value in values:
            if isinstance(value, dt.date):
                filled[key] = format_date(value, lang, format="medium")
            elif isinstance(value, float):
                filled[key] = format_number(value, None, lang)
            elif isinstance(value, tuple):
                filled[key] = ", ".join(str(v) for v in value)
            else:
                filled[key] = value
        out.append(tr(message, lang, **filled))
    return "".join(out)


__all__ = ["DEFAULT_POLICY", "GROUP_KEYS", "POLICY_CRITERIA", "Reconciliation", "reconcile"]

#: Columns that identify a figure: reports sharing all of them are reports of the same figure.
GROUP_KEYS: tuple[str, ...] = (
    "source",
    "dataset",
    "indicator",
    "geo",
    "period",
    "breakdown",
    "population",
    "unit",
)
#: Criteria a policy may list.
POLICY_CRITERIA: tuple[str, ...] = ("primary", "agreement", "median", "recent", "oldest", "precise", "first")
#: The policy used unless another is given.
DEFAULT_POLICY: tuple[str, ...] = ("primary", "agreement", "recent")

_CONFLICT_COLUMNS = (
    "source",
    "dataset",
    "indicator",
    "geo",
    "period",
    "breakdown",
    "reports",
    "values",
    "publishers",
    "spread",
    "chosen",
    "chosen_publisher",
    "reason",
)


def _overlap(lo: np.ndarray[Any, Any], hi: np.ndarray[Any, Any], lo_open: Any, hi_open: Any) -> Any:
    """Pairwise overlap of intervals (open bounds respected): ``out[i, j]``."""
    low = np.maximum(lo[:, None], lo[None, :])
    high = np.minimum(hi[:, None], hi[None, :])
    # at a touching point the intervals meet only if neither excludes it
    low_is_open = np.where(lo[:, None] >= lo[None, :], lo_open[:, None], False) | np.where(
        lo[None, :] >= lo[:, None], lo_open[None, :], False
    )
    high_is_open = np.where(hi[:, None] <= hi[None, :], hi_open[:, None], False) | np.where(
        hi[None, :] <= hi[:, None], hi_open[None, :], False
    )
    return (low < high) | ((low == high) & ~low_is_open & ~high_is_open)


def _policy(policy: str | Sequence[str]) -> tuple[str, ...]:
    items = [p.strip() for p in policy.split(",")] if isinstance(policy, str) else list(policy)
    if not items:
        raise QueryError(f"reconcile: the policy is empty; use criteria from {', '.join(POLICY_CRITERIA)}")
    for item in items:
        if item not in POLICY_CRITERIA:
            raise QueryError(
                f"reconcile: unknown policy criterion {item!r}; choose among {', '.join(POLICY_CRITERIA)} "
                f"(default {', '.join(DEFAULT_POLICY)})"
            )
    return tuple(items)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Reconciliation:
    """The outcome of :func:`reconcile`.

    ``resolved`` holds one report per figure (chosen by ``policy``), ``alternatives`` the
    reports not chosen, ``conflicts`` one row per figure whose reports disagree beyond
    rounding, ``reports`` every report of a figure reported more than once, with whether
    it was chosen and why.  ``caveats`` holds one ``contested`` caveat per conflict.
    """

    policy: tuple[str, ...]
    resolved: ResultSet
    alternatives: ResultSet
    conflicts: pd.DataFrame
    reports: pd.DataFrame
    n_reports: int
    n_figures: int
    caveats: tuple[Caveat, ...] = ()
    #: Why each group's report was chosen, as catalogue messages (see :meth:`reason_in`).
    reasons: Mapping[int, Reason] = attrs.field(factory=dict)

    def reason_in(self, group: int, lang: str = "en") -> str:
        """Why the report of ``group`` (a value of the ``group`` column of :attr:`reports`) was chosen, in ``lang``."""
        return reason_text(self.reasons.get(group, ()), lang)

    @property
    def n_conflicts(self) -> int:
        """Number of figures whose reports disagree beyond rounding."""
        return len(self.conflicts)

    def __str__(self) -> str:
        multi = self.reports["group"].nunique() if len(self.reports) else 0
        lines = [
            f"Reconciliation: {self.n_reports} reports of {self.n_figures} figures "
            f"(policy: {', '.join(self.policy)}); {multi} figure{'s' if multi != 1 else ''} reported more than once, "
            f"{self.n_conflicts} in conflict"
        ]
        for row in self.conflicts.to_dict("records"):
            lines.append(
                f"  conflict {row['geo']} {row['period']} {row['indicator']} ({row['source']}/{row['dataset']}): "
                f"{row['values']} ({row['publishers']}) -> chose {row['chosen']} ({row['chosen_publisher']}), "
                f"{row['reason']}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.__str__()

    def _repr_html_(self) -> str:
        head = html.escape(str(self).splitlines()[0])
        table = self.conflicts.to_html(index=False, escape=True) if len(self.conflicts) else "<p>No conflicts.</p>"
        return f"<div><p><strong>{head}</strong></p>{table}</div>"


def _republications(frame: pd.DataFrame) -> dict[tuple[str, str], tuple[str, str]]:
    """``{(source, indicator): (original source, original indicator)}`` declared by the sources in ``frame``."""
    from adoptstats.registry import get_registry

    out: dict[tuple[str, str], tuple[str, str]] = {}
    registry = get_registry()
    for name in frame["source"].astype(str).unique().tolist():
        declared = getattr(registry.get(name), "republishes", None) if name in registry.names else None
        mapping: Mapping[str, tuple[str, str]] = declared() if callable(declared) else {}
        out.update({(name, code): (str(o[0]), str(o[1])) for code, o in mapping.items()})
    return out


def _as_originals(frame: pd.DataFrame, republished: Mapping[tuple[str, str], tuple[str, str]]) -> pd.DataFrame:
    """The grouping columns, with each republished row written as the original row it repeats."""
    keys = frame[list(GROUP_KEYS)].astype(str)
    if not republished:
        return keys
    cols = {c: keys[c].to_numpy(dtype=object) for c in GROUP_KEYS}
    cell = list(zip(*(cols[c] for c in ("geo", "period", "breakdown", "population", "unit")), strict=True))
    originals: dict[tuple[Any, ...], int] = {}
    for i, (source, indicator) in enumerate(zip(cols["source"], cols["indicator"], strict=True)):
        originals.setdefault((source, indicator, *cell[i]), i)
    for i, (source, indicator) in enumerate(zip(list(cols["source"]), list(cols["indicator"]), strict=True)):
        original = republished.get((source, indicator))
        hit = originals.get((*original, *cell[i])) if original else None
        if original is not None and hit is not None:
            cols["source"][i], cols["indicator"][i] = original
            cols["dataset"][i] = cols["dataset"][hit]
    return pd.DataFrame(cols)


def reconcile(results: ResultSet, policy: str | Sequence[str] = DEFAULT_POLICY) -> Reconciliation:
    """Group reports of the same figure, list the conflicts and choose one report per figure.

    ``policy`` is a sequence of criteria (or a comma-separated string) from
    :data:`~adoptstats.reconciliation.POLICY_CRITERIA`, tried in order; see the module documentation.  Figures
    reported once pass through unchanged.

    :raises QueryError: for an unknown policy criterion.
    """
    rs = coerce_results(results, "reconcile")
    crit = _policy(policy)
    frame = rs.frame
    n = len(frame)
    cites = rs.citations
    keys = _as_originals(frame, _republications(frame))
    key = np.zeros(n, dtype=np.int64)
    for col in GROUP_KEYS:
        codes, cats = pd.factorize(keys[col].astype(str).to_numpy())
        key = key * (len(cats) + 1) + (np.asarray(codes, dtype=np.int64) + 1)
    g, uniq = pd.factorize(key)
    n_groups = len(uniq)
    sizes = np.bincount(g, minlength=n_groups) if n else np.zeros(0, dtype=np.int64)
    chosen = np.ones(n, dtype=bool)
    contested: dict[int, tuple[float, float, float] | None] = {}
    multi_groups = np.flatnonzero(sizes > 1)
    report_rows: list[dict[str, Any]] = []
    caveats: list[Caveat] = []
    conflict_rows: list[dict[str, Any]] = []
    reasons: dict[int, Reason] = {}
    if multi_groups.size:
        members = np.flatnonzero(np.isin(g, multi_groups))
        cid = frame["citation_id"].astype(str).to_numpy()
        value = frame["value"].to_numpy(dtype="float64")
        lower = frame["lower"].to_numpy(dtype="float64")
        upper = frame["upper"].to_numpy(dtype="float64")
        qual = frame["qualifier"].astype(str).to_numpy()
        order = members[np.argsort(g[members], kind="stable")]
        bounds = np.flatnonzero(np.diff(g[order])) + 1
        for rows in np.split(order, bounds):
            chosen[rows] = False
            pick, parts, agree, conflict, tied = _choose(rows, crit, value, lower, upper, qual, cid, cites)
            reason = reason_text(parts)
            reasons[int(g[rows[0]])] = parts
            chosen[rows[pick]] = True
            if conflict:
                contested[int(rows[pick])] = _span(tied, value, lower, upper) if len(tied) > 1 else None
            head = frame.iloc[int(rows[0])]
            estimates = [estimate_of(frame.iloc[int(r)]) for r in rows]
            texts = [e.text() for e in estimates]
            pubs = [_publisher(cites, cid[r]) for r in rows]
            for j, r in enumerate(rows):
                c = cites.get(cid[r])
                report_rows.append(
                    {
                        "group": int(g[r]),
                        **{k: str(head[k]) for k in GROUP_KEYS},
                        "value": value[r],
                        "lower": lower[r],
                        "upper": upper[r],
                        "qualifier": qual[r],
                        "text": texts[j],
                        "publisher": pubs[j],
                        "url": c.url if c else None,
                        "primary": bool(c.primary) if c else False,
                        "published": c.published.isoformat() if c and c.published else None,
                        "citation_id": cid[r],
                        "agrees_with": int(agree[j]),
                        "conflict": conflict,
                        "chosen": j == pick,
                        "reason": reason if j == pick else "",
                        "estimate": estimates[j],
                    }
                )
            if conflict:
                points = value[rows][np.isin(qual[rows], ["exact", "approx"])]
                conflict_rows.append(
                    {
                        **{k: str(head[k]) for k in ("source", "dataset", "indicator", "geo", "period", "breakdown")},
                        "reports": len(rows),
                        "values": " | ".join(texts),
                        "publishers": " | ".join(pubs),
                        "spread": float(points.max() - points.min()) if points.size > 1 else float("nan"),
                        "chosen": texts[pick],
                        "chosen_publisher": pubs[pick],
                        "reason": reason,
                    }
                )
                detail = ", ".join(f"{t} ({p})" for t, p in zip(texts, pubs, strict=True))
                caveats.append(
                    Caveat(kind="contested", geo=str(head["geo"]), period=str(head["period"]), detail=detail)
                )
    conflicts = pd.DataFrame(conflict_rows, columns=list(_CONFLICT_COLUMNS))
    reports = pd.DataFrame(report_rows)
    return Reconciliation(
        policy=crit,
        resolved=_mark_contested(rs.take(chosen), contested, chosen),
        alternatives=rs.take(~chosen),
        conflicts=conflicts,
        reports=reports,
        n_reports=n,
        n_figures=n_groups,
        caveats=sort_caveats(caveats),
        reasons=reasons,
    )


def _span(
    rows: np.ndarray[Any, Any], value: np.ndarray[Any, Any], lower: np.ndarray[Any, Any], upper: np.ndarray[Any, Any]
) -> tuple[float, float, float]:
    """The interval spanning disagreeing reports, and a value inside it (the median of theirs)."""
    lo, hi = float(lower[rows].min()), float(upper[rows].max())
    return float(min(max(np.median(value[rows]), lo), hi)), lo, hi


def _mark_contested(
    resolved: ResultSet, contested: dict[int, tuple[float, float, float] | None], chosen: np.ndarray[Any, Any]
) -> ResultSet:
    """Flag the contested figures of ``resolved``; spread the figures no criterion chose over their reports."""
    if not contested:
        return resolved
    position = np.cumsum(chosen) - 1
    frame = resolved.frame.copy()
    flags = frame["flags"].astype(str).to_numpy().astype(object)
    value = frame["value"].to_numpy(dtype="float64").copy()
    lower = frame["lower"].to_numpy(dtype="float64").copy()
    upper = frame["upper"].to_numpy(dtype="float64").copy()
    qualifier = frame["qualifier"].astype(str).to_numpy().astype(object)
    decimals = frame["decimals"].astype("Int64").array.copy()
    for row, span in contested.items():
        pos = int(position[row])
        tokens = {t for t in str(flags[pos]).split(",") if t} | {CONTESTED_FLAG}
        flags[pos] = ",".join(sorted(tokens))
        if span is not None:
            value[pos], lower[pos], upper[pos] = span
            qualifier[pos] = "approx"
            decimals[pos] = pd.NA
    frame["flags"] = pd.Categorical(flags)
    frame["value"], frame["lower"], frame["upper"] = value, lower, upper
    frame["qualifier"] = pd.Categorical(qualifier)
    frame["decimals"] = decimals
    return ResultSet.from_frame(frame, resolved.citations, normalize=False)


def _publisher(cites: dict[str, Citation], cid: str) -> str:
    c = cites.get(cid)
    return c.publisher if c else f"citation {cid}"


def _choose(
    rows: np.ndarray[Any, Any],
    crit: tuple[str, ...],
    value: np.ndarray[Any, Any],
    lower: np.ndarray[Any, Any],
    upper: np.ndarray[Any, Any],
    qual: np.ndarray[Any, Any],
    cid: np.ndarray[Any, Any],
    cites: dict[str, Citation],
) -> tuple[int, Reason, np.ndarray[Any, Any], bool, np.ndarray[Any, Any]]:
    """The chosen report (index within ``rows``), the reason, agreement counts and whether the group conflicts.

    Also the rows still tied and disagreeing after every criterion (empty when the choice is settled).
    """
    k = rows.shape[0]
    lo, hi = lower[rows], upper[rows]
    ov = _overlap(lo, hi, qual[rows] == "more_than", qual[rows] == "less_than")
    agree = ov.sum(axis=1) - 1
    conflict = bool((~ov).any())
    vals = value[rows]
    median = float(np.median(vals))
    dist = np.abs(vals - median)
    cs = [cites.get(str(c)) for c in cid[rows]]
    ordinal = np.array(
        [(c.published.toordinal() if c is not None and c.published else dt.date.min.toordinal()) for c in cs],
        dtype=np.int64,
    )
    scores: dict[str, list[tuple[float, ...]]] = {
        "primary": [(1.0 if c is not None and c.primary else 0.0,) for c in cs],
        "agreement": [(float(agree[j]), -float(dist[j])) for j in range(k)],
        "median": [(-float(dist[j]),) for j in range(k)],
        "recent": [(float(ordinal[j]),) for j in range(k)],
        "oldest": [(-float(ordinal[j]) if ordinal[j] != dt.date.min.toordinal() else -np.inf,) for j in range(k)],
        "precise": [(-float(hi[j] - lo[j]),) for j in range(k)],
        "first": [(-float(j),) for j in range(k)],
    }
    candidates = list(range(k))
    steps: list[Reason] = []
    for name in crit:
        best = max(scores[name][j] for j in candidates)
        kept = [j for j in candidates if scores[name][j] == best]
        if len(kept) < len(candidates):
            steps.append(_reason(name, kept[0], agree, k, cs, median))
        candidates = kept
        if len(candidates) == 1:
            break
    pick = candidates[0]
    cand = np.array(candidates)
    tied_disagree = len(candidates) > 1 and not bool(ov[np.ix_(cand, cand)].all())
    tied = rows[cand] if tied_disagree else rows[:0]
    chain: list[tuple[str, tuple[tuple[str, object], ...]]] = []
    for i, step in enumerate(steps):
        if i:
            chain.append(_part(marked("; then ")))
        chain.extend(step)
    reason: Reason
    if tied_disagree:
        lo_t, hi_t = float(lo[cand].min()), float(hi[cand].max())
        if not steps:
            head: Reason = (
                _part(
                    marked("no criterion of the policy ({policy}) separated the reports, which disagree"), policy=crit
                ),
            )
        else:
            head = (*chain, _part(marked(", and no further criterion separated the reports left, which disagree")))
        reason = (
            *head,
            _part(marked(": the figure is contested and its interval spans them ({low}-{high})"), low=lo_t, high=hi_t),
            _part(marked("; add 'first' to the policy to keep the first listed")),
        )
    elif not steps:
        reason = (_part(marked("the reports agree; the first listed stands for them")),)
    else:
        reason = tuple(chain)
        if len(candidates) > 1:
            reason = (*reason, _part(marked("; the reports left agree, the first listed stands for them")))
    if conflict and not tied_disagree:
        reason = (*reason, _part(marked("; the reports disagree, so the figure is marked contested")))
    return pick, reason, agree, conflict, tied


def _reason(name: str, j: int, agree: np.ndarray[Any, Any], k: int, cs: list[Citation | None], median: float) -> Reason:
    if name == "primary":
        return (_part(marked("primary publication preferred over secondary reports")),)
    if name == "agreement":
        if int(agree[j]) == 0:
            return (
                _part(
                    marked("no report agrees with another; closest to the median of the reports ({median})"),
                    median=median,
                ),
            )
        return (_part(marked("agrees with {n} of the {k} other reports"), n=int(agree[j]), k=k - 1),)
    if name == "median":
        return (_part(marked("closest to the median of the reports ({median})"), median=median),)
    if name == "first":
        return (_part(marked("listed first (chosen by list order, as the policy asks)")),)
    c = cs[j]
    when: object = c.published if c is not None and c.published else None
    if name in ("recent", "oldest"):
        if when is None:
            message = (
                marked("most recent publication (undated)")
                if name == "recent"
                else marked("earliest publication (undated)")
            )
            return (_part(message),)
        message = (
            marked("most recent publication ({when})") if name == "recent" else marked("earliest publication ({when})")
        )
        return (_part(message, when=when),)
    return (_part(marked("narrowest interval")),)
