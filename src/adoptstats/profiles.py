"""Profiles: one geography against one or more benchmarks across every adoption concept.

``profile(results, "BE", "EU27_2020")`` answers "is Belgium behind on ICT in general?" with
one :func:`~adoptstats.compare` per concept, each at the latest period the two geographies
share for that concept (surveys ask some questions only in some years), and adds up the
verdicts.  Concepts that only one side has, or that the two have for different years
only, are left out of the table and listed in :attr:`Profile.missing` with the reason.

Every row carries its caveats (what differs between the two figures, second-hand reports,
open-ended figures, source flags), and the profile adds those that bear on the whole:
periods that differ from concept to concept, verdicts resting on rounding alone.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

from adoptstats._selection import concept_label, concept_phrase
from adoptstats.caveats import Caveat, caveats_column, sort_caveats
from adoptstats.comparison import Comparison, compare
from adoptstats.concepts import get_concept
from adoptstats.errors import AdoptstatsError, SelectionError
from adoptstats.geo import geo_name, normalize_geo
from adoptstats.i18n import check_lang, ntr, ptr, tr
from adoptstats.records import Citation, Estimate, normalize_period
from adoptstats.render.notes import caveat_notes, row_markers
from adoptstats.render.numbers import format_interval, format_number
from adoptstats.render.paragraph import sources_sentence
from adoptstats.render.verdicts import verdict_word
from adoptstats.render.wording import CAVEAT_LABELS
from adoptstats.resultset import ResultSet

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["PROFILE_COLUMNS", "STANDINGS", "Profile", "profile"]

#: How the focus stands on a concept, in the order counts are given.
STANDINGS = ("ahead", "behind", "indistinguishable", "undetermined")
_STANDING = {"higher": "ahead", "lower": "behind", "indistinguishable": "indistinguishable"}

#: Columns of :meth:`Profile.to_frame`, in order.
PROFILE_COLUMNS = (
    "concept",
    "label",
    "benchmark",
    "period",
    "focus_value",
    "focus_lower",
    "focus_upper",
    "value",
    "lower",
    "upper",
    "diff",
    "diff_lower",
    "diff_upper",
    "verdict",
    "standing",
    "caveats",
    "unit",
    "focus_text",
    "text",
    "focus_population",
    "population",
    "focus_source",
    "source",
    "focus_dataset",
    "dataset",
    "focus_citation_id",
    "citation_id",
    "focus_publisher",
    "publisher",
    "focus_url",
    "url",
)


def _geo_codes(value: object, argument: str) -> list[str]:
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, Sequence) else None
    if items is None or not items:
        raise SelectionError(f"profile: {argument} must be a geography or a list of them, got {value!r}")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise SelectionError(f"profile: {argument} must list geography codes or names, got {item!r}")
        code = normalize_geo(item)
        if code not in out:
            out.append(code)
    return out


def _periods(frame: pd.DataFrame, concept: str, geo: str) -> list[str]:
    hit = frame[(frame["concept"] == concept) & (frame["geo"] == geo)]
    return sorted({str(p) for p in hit["period"]})


def _listing(values: Sequence[str], lang: str = "en") -> str:
    return ", ".join(values) if values else ptr("periods", "none", lang)


@attrs.frozen(kw_only=True)
class Missing:
    """A concept left out of the profile, and why (``reason`` in English; :meth:`reason_in` any language)."""

    concept: str
    benchmark: str
    reason: str
    focus: str = ""
    focus_periods: tuple[str, ...] = ()
    bench_periods: tuple[str, ...] = ()
    period: str | None = None

    def reason_in(self, lang: str = "en") -> str:
        """Why the concept is left out, in ``lang``."""
        check_lang(lang)
        if not self.focus:
            return self.reason
        why = _why_missing(
            self.focus, self.benchmark, list(self.focus_periods), list(self.bench_periods), self.period, lang
        )
        return self.reason if why is None else why


def _facts(frame: pd.DataFrame, concept: str, period: str, geo: str) -> dict[str, Any]:
    row = frame[(frame["concept"] == concept) & (frame["period"] == period) & (frame["geo"] == geo)].iloc[0]
    flags = row.get("flags")
    est = Estimate(
        value=float(row["value"]),
        lower=float(row["lower"]),
        upper=float(row["upper"]),
        qualifier=str(row["qualifier"]),
        decimals=None if pd.isna(row["decimals"]) else int(row["decimals"]),
        unit=str(row["unit"]),
    )
    return {
        "citation_id": str(row["citation_id"]),
        "qualifier": str(row["qualifier"]),
        "flags": "" if flags is None or (isinstance(flags, float) and math.isnan(flags)) else str(flags),
        "text": est.text(),
        "estimate": est,
        "population": str(row["population"]),
        "source": str(row["source"]),
        "dataset": str(row["dataset"]),
        "sample_size": row["sample_size"],
    }


# -- the result --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Profile:
    """One geography against benchmarks across concepts; build it with :func:`profile`.

    ``frame`` has one row per (concept, benchmark) compared, columns
    ``adoptstats.profiles.PROFILE_COLUMNS``; ``missing`` lists what was left out and why; ``citations``
    holds every citation a row points to.
    """

    focus: str
    against: tuple[str, ...]
    breakdown: str
    period: str | None
    strict: bool
    frame: pd.DataFrame
    missing: tuple[Missing, ...]
    citations: dict[str, Citation]

    # -- numbers ---------------------------------------------------------------------------

    def counts(self, benchmark: str | None = None) -> dict[str, int]:
        """How many concepts the focus is ahead on, behind, indistinguishable, undetermined.

        With several benchmarks, give one (any name); the default is the first.
        """
        bench = self.against[0] if benchmark is None else normalize_geo(benchmark)
        if bench not in self.against:
            raise SelectionError(
                f"Profile.counts: benchmark {bench} is not among {', '.join(self.against)} (argument benchmark)"
            )
        standing = self.frame.loc[self.frame["benchmark"] == bench, "standing"]
        return {s: int((standing == s).sum()) for s in STANDINGS}

    def to_frame(self) -> pd.DataFrame:
        """One row per (concept, benchmark): both values with intervals, the difference, verdict and caveats.

        ``caveats`` holds each row's caveat markers, as in the other results' frames (the
        typed values are :meth:`row_caveats`); ``standing`` is the verdict seen from the
        focus (``ahead``, ``behind``, ``indistinguishable``, ``undetermined``).
        """
        out = self.frame.assign(caveats=caveats_column(self.frame["caveat_list"]))
        return out.loc[:, list(PROFILE_COLUMNS)].reset_index(drop=True)

    def row_caveats(self, concept: str, benchmark: str | None = None) -> tuple[Caveat, ...]:
        """The typed caveats of one row: those of the comparison behind it (default benchmark: the first)."""
        bench = self.against[0] if benchmark is None else normalize_geo(benchmark)
        hit = self.frame[(self.frame["concept"] == concept) & (self.frame["benchmark"] == bench)]
        if hit.empty:
            raise SelectionError(
                f"Profile.row_caveats: no row for concept {concept!r} against {bench} (arguments concept, benchmark)"
            )
        return tuple(hit["caveat_list"].iloc[0])

    def wide(self) -> pd.DataFrame:
        """One row per concept, one column group per benchmark (value, diff, verdict, period)."""
        parts = []
        for bench in self.against:
            sub = self.frame[self.frame["benchmark"] == bench].set_index("concept")
            part = sub[["period", "focus_value", "value", "diff", "diff_lower", "diff_upper", "standing"]]
            part.columns = pd.MultiIndex.from_product([[bench], list(part.columns)])
            parts.append(part)
        return pd.concat(parts, axis=1) if parts else pd.DataFrame()

    @property
    def caveats(self) -> tuple[Caveat, ...]:
        """Every row's typed caveats (those of the comparisons behind the rows), sorted, without repeats.

        The notes that bear on the profile as a whole are :meth:`general_caveats`.
        """
        return sort_caveats(c for cavs in self.frame["caveat_list"] for c in cavs)

    def caveat_lines(self, lang: str = "en") -> list[str]:
        """The caveats as numbered notes (``[1] secondary report: Belgium``), then :meth:`general_caveats`."""
        check_lang(lang)
        notes = [f"[{n.number}] {n.text}" for n in caveat_notes(self.caveats, lang)]
        return notes + self.general_caveats(lang)

    def general_caveats(self, lang: str = "en") -> list[str]:
        """The caveats that bear on every row: periods that differ by concept, verdicts resting on rounding."""
        check_lang(lang)
        out: list[str] = []
        periods = sorted(set(self.frame["period"].astype(str)))
        if len(periods) > 1:
            out.append(
                tr(
                    "Periods differ from concept to concept ({first} to {last}): each row uses the latest period "
                    "both sides share for that concept.",
                    lang,
                    first=periods[0],
                    last=periods[-1],
                )
            )
        known = [bool(k) for k in self.frame["sample_sizes_known"]]
        if known and not any(known):
            out.append(
                tr(
                    "No sample sizes were published: the verdicts rest on the published figures and their rounding.",
                    lang,
                )
            )
        elif not all(known):
            k = known.count(False)
            out.append(
                ntr(
                    "No sample size for {n} of {total} row: that verdict rests on the published figures and their "
                    "rounding.",
                    "No sample size for {n} of {total} rows: those verdicts rest on the published figures and their "
                    "rounding.",
                    k,
                    lang,
                    total=len(known),
                )
            )
        return out

    def sources(self) -> list[Citation]:
        """Citations in the order the table first uses them (focus then benchmark, row by row), without repeats."""
        seen: list[str] = []
        for a, b in zip(self.frame["focus_citation_id"], self.frame["citation_id"], strict=True):
            for cid in (str(a), str(b)):
                if cid not in seen:
                    seen.append(cid)
        out: list[Citation] = []
        for cid in seen:
            cite = self.citations[cid]
            if cite not in out:
                out.append(cite)
        return out

    def citations_frame(self) -> pd.DataFrame:
        """The citations of the table, one row per citation id, with ``ref``: its number in :meth:`sources`."""
        numbers = {c: n for n, c in enumerate(self.sources(), start=1)}
        rows = [{"citation_id": cid, "ref": numbers[c], **attrs.asdict(c)} for cid, c in self.citations.items()]
        frame = pd.DataFrame(rows)
        return frame.sort_values(["ref", "citation_id"]).reset_index(drop=True) if len(frame) else frame

    # -- words -----------------------------------------------------------------------------

    def summary(self, lang: str = "en") -> str:
        """A paragraph that counts and names: where the focus is ahead, behind, and with what caveats."""
        check_lang(lang)
        focus = geo_name(self.focus, lang)
        parts: list[str] = []
        for bench in self.against:
            parts.append(self._bench_sentence(focus, bench, lang))
        parts.extend(self.general_caveats(lang))
        # sample sizes are said once for the whole profile (general_caveats); the other kinds row by row
        per_row = [[c for c in cavs if c.kind != "no_sample_size"] for cavs in self.frame["caveat_list"]]
        n_caveat = sum(1 for cavs in per_row if cavs)
        if n_caveat:
            kinds = list(dict.fromkeys(c.kind for c in sort_caveats(c for cavs in per_row for c in cavs)))
            labels = ", ".join(tr(CAVEAT_LABELS[k], lang) for k in kinds)
            parts.append(_caveat_rows_sentence(n_caveat, len(self.frame), labels, lang))
        for bench in self.against:
            concepts = sorted({m.concept for m in self.missing if m.benchmark == bench})
            if not concepts:
                continue
            names = ", ".join(concept_phrase(c, c, lang) for c in concepts)
            if len(self.against) > 1:
                parts.append(
                    tr(
                        "Left out against {benchmark} for want of a figure on both sides for one period: {concepts}.",
                        lang,
                        benchmark=geo_name(bench, lang),
                        concepts=names,
                    )
                )
            else:
                parts.append(
                    tr("Left out for want of a figure on both sides for one period: {concepts}.", lang, concepts=names)
                )
        parts.append(sources_sentence(dict.fromkeys(c.publisher for c in self.sources()), lang))
        return " ".join(parts)

    def _bench_sentence(self, focus: str, bench: str, lang: str) -> str:
        sub = self.frame[self.frame["benchmark"] == bench]
        name = geo_name(bench, lang)
        counts = self.counts(bench)
        said = [
            _standing_count(
                s, counts[s], [concept_phrase(c, c, lang) for c in sub.loc[sub["standing"] == s, "concept"]], lang
            )
            for s in STANDINGS
            if counts[s]
        ]
        if not said:
            return ntr(
                "Against {benchmark}, {focus} has figures on both sides for {n} concept.",
                "Against {benchmark}, {focus} has figures on both sides for {n} concepts.",
                len(sub),
                lang,
                benchmark=name,
                focus=focus,
            )
        return ntr(
            "Against {benchmark}, {focus} has figures on both sides for {n} concept: {standings}.",
            "Against {benchmark}, {focus} has figures on both sides for {n} concepts: {standings}.",
            len(sub),
            lang,
            benchmark=name,
            focus=focus,
            standings=tr("; ", lang).join(said),
        )

    def display(self, lang: str = "en") -> pd.DataFrame:
        """The table as people read it: one row per (concept, benchmark), figures as published.

        ``caveats`` holds the numbers of the row's notes in ``caveat_lines()`` (``[1, 3]``).
        """
        check_lang(lang)
        notes = caveat_notes(self.caveats, lang)
        rows = []
        for r in self.frame.to_dict("records"):
            dec = int(r["diff_decimals"])
            diff = (
                ptr("profile table", "diff (pp)", lang)
                if r["unit"] == "percent"
                else ptr("profile table", "diff", lang)
            )
            rows.append(
                {
                    ptr("profile table", "concept", lang): concept_label(r["concept"], r["concept"], lang),
                    ptr("profile table", "vs", lang): r["benchmark"],
                    ptr("profile table", "period", lang): r["period"],
                    self.focus: r["focus_estimate"].text(lang),
                    ptr("profile table", "other", lang): r["estimate"].text(lang),
                    diff: _diff_text(r, dec, lang),
                    ptr("profile table", "verdict", lang): verdict_word(str(r["standing"]), lang),
                    ptr("profile table", "caveats", lang): row_markers(r["caveat_list"], notes),
                }
            )
        return pd.DataFrame(rows)

    def __str__(self) -> str:
        lines = [
            f"Profile: {geo_name(self.focus)} ({self.focus}) against {', '.join(self.against)}, "
            f"breakdown {self.breakdown}" + (f", period {self.period}" if self.period else ", latest shared period"),
            "",
        ]
        if len(self.frame):
            with pd.option_context("display.max_colwidth", 60, "display.width", 200):
                lines.append(self.display().to_string(index=False))
        else:
            lines.append("(no concept with a figure on both sides)")
        for bench in self.against:
            c = self.counts(bench)
            lines.append(f"{bench}: " + ", ".join(f"{s} {c[s]}" for s in STANDINGS))
        lines.extend(self.caveat_lines())
        for m in self.missing:
            lines.append(f"left out: {m.concept} against {m.benchmark}: {m.reason}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.__str__()

    def _repr_html_(self) -> str:
        table = self.display().to_html(index=False, escape=True)
        caveats, left_out = tr("Caveats", "en"), ptr("report heading", "Left out", "en")
        items = "".join(f"<li>{html.escape(c)}</li>" for c in self.caveat_lines())
        left = "".join(f"<li>{html.escape(f'{m.concept} ({m.benchmark}): {m.reason}')}</li>" for m in self.missing)
        return (
            f"<div><p>{html.escape(self.summary())}</p>{table}"
            + (f"<p>{caveats}</p><ul>{items}</ul>" if items else "")
            + (f"<p>{left_out}</p><ul>{left}</ul>" if left else "")
            + "</div>"
        )

    def plot(self, path: str | None = None, **kwargs: Any) -> Figure:
        """A dumbbell chart of focus against benchmark per concept (see :func:`adoptstats.plot.plot_profile`)."""
        from adoptstats.plot import plot_profile

        return plot_profile(self, path=path, **kwargs)


def _diff_text(r: Mapping[Any, Any], dec: int, lang: str) -> str:
    """``+9.0 [+8.0, +10.0]``; with a decimal comma ``+9,0 [+8,0; +10,0]``."""
    interval = format_interval(r["diff_lower"], r["diff_upper"], decimals=dec, lang=lang, sign=True)
    return f"{format_number(r['diff'], dec, lang, sign=True)} {interval}"


def _standing_count(standing: str, n: int, concepts: list[str], lang: str) -> str:
    """``ahead on 3 (uses cloud computing, ...)``, one clause of a profile's opening sentence."""
    names = ", ".join(concepts)
    if standing == "ahead":
        return ntr("ahead on {n} ({concepts})", "ahead on {n} ({concepts})", n, lang, concepts=names)
    if standing == "behind":
        return ntr("behind on {n} ({concepts})", "behind on {n} ({concepts})", n, lang, concepts=names)
    if standing == "indistinguishable":
        return ntr(
            "indistinguishable on {n} ({concepts})", "indistinguishable on {n} ({concepts})", n, lang, concepts=names
        )
    return ntr("undetermined on {n} ({concepts})", "undetermined on {n} ({concepts})", n, lang, concepts=names)


def _caveat_rows_sentence(n: int, total: int, kinds: str, lang: str) -> str:
    """The sentence counting the rows that carry caveats (``2 of 4 rows carry caveats ...``)."""
    if total == 1:
        # TRANSLATORS: the table has a single row, which carries caveats: n and total are both 1.
        return tr("{n} of {total} row carries caveats ({kinds}): see the table.", lang, n=n, total=total, kinds=kinds)
    return ntr(
        "{n} of {total} rows carries caveats ({kinds}): see the table.",
        "{n} of {total} rows carry caveats ({kinds}): see the table.",
        n,
        lang,
        total=total,
        kinds=kinds,
    )


# -- building ----------------------------------------------------------------------------------


def profile(
    results: ResultSet,
    focus: str,
    against: str | Sequence[str],
    period: str | int | None = None,
    breakdown: str = "total",
    concepts: Sequence[str] | None = None,
    strict: bool = False,
) -> Profile:
    """Compare ``focus`` with each geography of ``against`` on every concept both have a figure for.

    Per concept and benchmark, the period is the latest both share for that concept, or
    ``period`` when given.  Each row is a :func:`~adoptstats.compare` of that concept and
    period, so comparability is checked as there: what differs (population, indicator,
    source) becomes a caveat, and ``strict=True`` refuses it.  ``breakdown`` picks a
    sub-population (``"size:10-49"``); ``concepts`` limits the profile to those concepts.

    :raises SelectionError: for an argument that is not what it should be, or data with no
        figure for the breakdown asked (the message lists the breakdowns present).
    :raises UnknownGeographyError: for a name that is not a geography.
    :raises UnknownConceptError: for a name in ``concepts`` that is not a concept.
    :raises DuplicateReportsError: when a geography has several figures for one concept and
        period (settle them with :func:`adoptstats.reconcile`).
    :raises ComparabilityError: in strict mode, for any mismatch.
    """
    if not isinstance(results, ResultSet):
        raise SelectionError(f"profile: results must be a ResultSet, got {type(results).__name__}")
    if not isinstance(focus, str):
        raise SelectionError(f"profile: focus must be a geography code or name, got {focus!r}")
    focus_code = normalize_geo(focus)
    benches = _geo_codes(against, "against")
    if focus_code in benches:
        raise SelectionError(f"profile: against lists the focus {focus_code} itself")
    forced = normalize_period(period) if period is not None else None
    if not isinstance(breakdown, str) or not breakdown.strip():
        raise SelectionError(f"profile: breakdown must be a breakdown name such as 'total', got {breakdown!r}")
    frame = results.to_frame()
    if frame.empty:
        raise SelectionError("profile: results hold no figure; fetch some first (argument results)")
    for col in ("concept", "geo", "period", "breakdown"):
        frame[col] = frame[col].astype(object)
    present = sorted({str(b) for b in frame["breakdown"]})
    frame = frame[frame["breakdown"] == breakdown]
    if frame.empty:
        raise SelectionError(
            f"profile: no figure with breakdown {breakdown!r}; breakdowns present: {_listing(present)} "
            "(argument breakdown)"
        )
    frame = frame[frame["concept"].notna()]
    if concepts is not None:
        wanted = [get_concept(c).name for c in ([concepts] if isinstance(concepts, str) else concepts)]
    else:
        wanted = sorted({str(c) for c in frame["concept"]})
    rows: list[dict[str, Any]] = []
    missing: list[Missing] = []
    citations = results.citations
    for concept in wanted:
        focus_periods = _periods(frame, concept, focus_code)
        for bench in benches:
            bench_periods = _periods(frame, concept, bench)
            reason = _why_missing(focus_code, bench, focus_periods, bench_periods, forced)
            if reason is not None:
                missing.append(
                    Missing(
                        concept=concept,
                        benchmark=bench,
                        reason=reason,
                        focus=focus_code,
                        focus_periods=tuple(focus_periods),
                        bench_periods=tuple(bench_periods),
                        period=forced,
                    )
                )
                continue
            chosen = forced or max(set(focus_periods) & set(bench_periods))
            comp = compare(
                results, focus_code, against=[bench], concept=concept, period=chosen, strict=strict, breakdown=breakdown
            )
            rows.append(_row(comp, frame, concept, chosen, focus_code, bench, citations))
    columns = [*(c for c in PROFILE_COLUMNS if c != "caveats"), "focus_estimate", "estimate", "diff_decimals"]
    columns += ["sample_sizes_known", "caveat_list"]
    table = pd.DataFrame(rows, columns=columns)
    return Profile(
        focus=focus_code,
        against=tuple(benches),
        breakdown=breakdown,
        period=forced,
        strict=strict,
        frame=table,
        missing=tuple(missing),
        citations={cid: citations[cid] for cid in {*table["focus_citation_id"], *table["citation_id"]}},
    )


def _why_missing(
    focus: str, bench: str, focus_periods: list[str], bench_periods: list[str], forced: str | None, lang: str = "en"
) -> str | None:
    """Why a concept is left out of the profile, in ``lang``; ``None`` when both sides share a period."""
    if not focus_periods and not bench_periods:
        return tr("no figure for {focus} or {benchmark}", lang, focus=focus, benchmark=bench)
    if not focus_periods:
        return tr(
            "no figure for {geo} ({other} has {periods})",
            lang,
            geo=focus,
            other=bench,
            periods=_listing(bench_periods, lang),
        )
    if not bench_periods:
        return tr(
            "no figure for {geo} ({other} has {periods})",
            lang,
            geo=bench,
            other=focus,
            periods=_listing(focus_periods, lang),
        )
    common = set(focus_periods) & set(bench_periods)
    values = {
        "focus": focus,
        "benchmark": bench,
        "focus_periods": _listing(focus_periods, lang),
        "bench_periods": _listing(bench_periods, lang),
    }
    if forced is not None and forced not in common:
        return tr(
            "no figure for both in {period}: {focus} has {focus_periods}, {benchmark} {bench_periods}",
            lang,
            period=forced,
            **values,
        )
    if not common:
        return tr("no period in common: {focus} has {focus_periods}, {benchmark} {bench_periods}", lang, **values)
    return None


def _row(
    comp: Comparison,
    frame: pd.DataFrame,
    concept: str,
    period: str,
    focus: str,
    bench: str,
    citations: dict[str, Citation],
) -> dict[str, Any]:
    other = comp.to_frame().iloc[0]
    bench_row = comp.frame[comp.frame["geo"] == bench].iloc[0]  # its caveats, as the comparison found them
    facts = {geo: _facts(frame, concept, period, geo) for geo in (focus, bench)}
    est = comp.focus_estimate
    dec_f = est.decimals or 0
    dec_b = int(
        frame.loc[(frame["concept"] == concept) & (frame["period"] == period) & (frame["geo"] == bench), "decimals"]
        .fillna(0)
        .iloc[0]
    )
    fcite = citations[comp.focus_citation_id]
    bcite = citations[str(other["citation_id"])]
    known = [facts[g]["sample_size"] for g in (focus, bench)]
    return {
        "concept": concept,
        "label": _label_of(concept),
        "benchmark": bench,
        "period": period,
        "focus_value": est.value,
        "focus_lower": comp.focus_lower,
        "focus_upper": comp.focus_upper,
        "value": float(other["value"]),
        "lower": float(other["lower"]),
        "upper": float(other["upper"]),
        "diff": float(other["diff"]),
        "diff_lower": float(other["diff_lower"]),
        "diff_upper": float(other["diff_upper"]),
        "verdict": str(other["verdict"]),
        "standing": _STANDING.get(str(other["verdict"]), "undetermined"),
        "caveat_list": sort_caveats([*comp.focus_caveats, *bench_row["caveat_list"]]),
        "unit": comp.unit,
        "focus_text": facts[focus]["text"],
        "text": facts[bench]["text"],
        "focus_population": facts[focus]["population"],
        "population": facts[bench]["population"],
        "focus_source": facts[focus]["source"],
        "source": facts[bench]["source"],
        "focus_dataset": facts[focus]["dataset"],
        "dataset": facts[bench]["dataset"],
        "focus_citation_id": comp.focus_citation_id,
        "citation_id": str(other["citation_id"]),
        "focus_publisher": fcite.publisher,
        "publisher": bcite.publisher,
        "focus_url": fcite.url,
        "url": bcite.url,
        "focus_estimate": facts[focus]["estimate"],
        "estimate": facts[bench]["estimate"],
        "diff_decimals": max(dec_f, dec_b) + 1,
        "sample_sizes_known": all(not pd.isna(k) for k in known),
    }


def _label_of(concept: str) -> str:
    try:
        return get_concept(concept).label
    except AdoptstatsError:  # a concept of a plugin that is not loaded: its name
        return concept
