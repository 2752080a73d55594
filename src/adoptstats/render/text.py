"""Terminal tables: what ``str()`` and ``text(lang)`` of a comparison, a rank table or a trend print.

Every header, label and sentence is a message of the catalogues (:mod:`adoptstats.i18n`);
figures, verdicts and numbers are written in the language asked for.  ``str()`` is the
English text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from adoptstats._selection import concept_label, estimate_of
from adoptstats.geo import geo_name
from adoptstats.i18n import check_lang, marked, ntr, ptr, tr
from adoptstats.render.notes import caveat_notes, markers
from adoptstats.render.numbers import common_decimals, format_interval, format_number, format_p
from adoptstats.render.paragraph import row_text
from adoptstats.render.verdicts import verdict_word
from adoptstats.render.wording import caveat_label, unit_word

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from adoptstats.caveats import Caveat
    from adoptstats.comparison import Comparison
    from adoptstats.ranking import RankTable
    from adoptstats.trends import Trend

__all__ = [
    "RANK_ROWS_SHOWN",
    "comparability_cell",
    "comparison_display",
    "comparison_header",
    "comparison_tail",
    "comparison_text",
    "concept_title",
    "diff_cell",
    "diff_unit_word",
    "no_other_rows",
    "rank_table_display",
    "rank_table_text",
    "rank_table_title",
    "trend_text",
    "unit_name",
]

#: Rows a rank table prints before "... N more rows".
RANK_ROWS_SHOWN = 60

#: What a rank table's ``comparability`` column says of a group that mixes figures.
_MIXED: dict[str, str] = {
    "mixed sources in this ranking": marked("mixed sources in this ranking"),
    "mixed datasets in this ranking": marked("mixed datasets in this ranking"),
    "mixed indicators in this ranking": marked("mixed indicators in this ranking"),
    "mixed populations in this ranking": marked("mixed populations in this ranking"),
}


def concept_title(concept: str | None, indicator: str, lang: str = "en") -> str:
    """``"Wins new customers through social media (social_media.customer_acquisition)"``: label, then id."""
    if concept is None:
        return tr("indicator {indicator}", lang, indicator=indicator)
    label = concept_label(concept, indicator, lang)
    return concept if label == concept else f"{label} ({concept})"


def unit_name(unit: str, lang: str = "en") -> str:
    """The unit of the figures, named: ``percent``, ``index`` (other units as given)."""
    if unit == "percent":
        return ptr("unit", "percent", lang)
    if unit == "index":
        return ptr("unit", "index", lang)
    return unit


def diff_unit_word(unit: str, lang: str = "en") -> str:
    """The unit of the differences in a header: ``pp`` for shares, ``index`` for indices."""
    if unit == "percent":
        return unit_word(unit, lang)
    return unit_name(unit, lang)


def comparability_cell(comparability: str, caveats: Iterable[Caveat] = (), lang: str = "en") -> str:
    """A table cell saying whether a row is comparable: ``comparable``, ``not comparable: population``.

    A comparison row that is not comparable is labelled by its ``not_comparable`` caveat; a
    rank table's ``mixed sources in this ranking`` notes are translated as they are.
    """
    if comparability == "comparable":
        return ptr("comparability", "comparable", lang)
    for c in caveats:
        if c.kind == "not_comparable":
            return caveat_label(c.kind, c.fields, lang)
    parts = comparability.split("; ")
    if all(p in _MIXED for p in parts):
        return "; ".join(tr(_MIXED[p], lang) for p in parts)
    return comparability


def diff_cell(row: Mapping[Any, Any], decimals: int, lang: str = "en") -> str:
    """``-23 [-24, -22]``: a row's difference and its interval, to the inputs' published decimals."""
    point = format_number(row["diff"], decimals, lang, sign=True)
    interval = format_interval(
        row["diff_lower"],
        row["diff_upper"],
        decimals=decimals,
        lang=lang,
        lower_open=bool(row["diff_lower_open"]),
        upper_open=bool(row["diff_upper_open"]),
        sign=True,
        outward=True,
    )
    return f"{point} {interval}" if point != "—" else interval


def comparison_header(comp: Comparison, lang: str = "en") -> list[str]:
    """The lines above a comparison's table: what is compared, how, and the focus's figure and rank."""
    check_lang(lang)
    est = comp.focus_estimate
    if comp.focus_sample_size:
        n = tr("n = {n}", lang, n=format_number(comp.focus_sample_size, 0, lang))
    else:
        n = tr("n unknown", lang)
    d = (est.decimals or 0) + 2
    interval = format_interval(comp.focus_lower, comp.focus_upper, decimals=d, lang=lang, strip=True)
    values = {"figure": est.text(lang), "interval": interval, "n": n, "rank": comp.rank.text(lang)}
    if comp.rank.n:
        focus = tr("focus: {figure} {interval} ({n}); rank {rank} (aggregates not ranked)", lang, **values)
    else:
        focus = tr("focus: {figure} {interval} ({n}); rank {rank}", lang, **values)
    others = len(comp.shown())
    return [
        ntr(
            "Comparison: {name} ({focus}) against {n} geography",
            "Comparison: {name} ({focus}) against {n} geographies",
            others,
            lang,
            name=geo_name(comp.focus, lang),
            focus=comp.focus,
        ),
        tr(
            "{what}, {period}, breakdown {breakdown}, unit {unit}; differences are {focus} minus the other, "
            "in {diff_unit}",
            lang,
            what=concept_title(comp.concept, comp.indicator, lang),
            period=comp.period,
            breakdown=comp.breakdown,
            unit=unit_name(comp.unit, lang),
            focus=comp.focus,
            diff_unit=diff_unit_word(comp.unit, lang),
        ),
        focus,
    ]


def comparison_display(comp: Comparison, lang: str = "en") -> pd.DataFrame:
    """The table of a comparison as text cells, one row per geography shown; headers in ``lang``."""
    rows = comp.shown().to_dict("records")
    dec = [common_decimals(r["decimals"], comp.focus_estimate.decimals) for r in rows]
    notes = caveat_notes(comp.caveats, lang)
    return pd.DataFrame(
        {
            ptr("column", "geo", lang): [r["geo"] for r in rows],
            ptr("column", "name", lang): [geo_name(r["geo"], lang) for r in rows],
            ptr("column", "value", lang): [row_text(r, lang) for r in rows],
            ptr("column", "diff ({unit})", lang, unit=diff_unit_word(comp.unit, lang)): [
                diff_cell(r, d, lang) for r, d in zip(rows, dec, strict=True)
            ],
            ptr("column", "ratio", lang): [format_number(r["ratio"], 2, lang, strip=True) for r in rows],
            ptr("column", "verdict", lang): [verdict_word(r["verdict"], lang) for r in rows],
            ptr("column", "p (Holm)", lang): [format_p(r["p_value"], lang) for r in rows],
            ptr("column", "comparability", lang): [
                comparability_cell(r["comparability"], r["caveat_list"], lang) for r in rows
            ],
            ptr("column", "caveats", lang): [markers(r["geo"], notes) for r in rows],
        }
    )


def comparison_tail(comp: Comparison, lang: str = "en") -> list[str]:
    """The lines below a comparison's table: the focus's caveats, the numbered caveat notes, gaps and sources."""
    notes = caveat_notes(comp.caveats, lang)
    tail = []
    mine = markers(comp.focus, notes)
    if mine:
        tail.append(tr("caveats of the focus ({focus}): {markers}", lang, focus=comp.focus, markers=mine))
    tail += [f"[{n.number}] {n.text}" for n in notes]
    if comp.gap_to_leader is not None:
        tail.append(tr("gap to leader: {text}", lang, text=comp.gap_to_leader.text(lang)))
    if comp.gap_to_benchmark is not None:
        tail.append(tr("gap to benchmark: {text}", lang, text=comp.gap_to_benchmark.text(lang)))
    tail.append(tr("sources: {sources}", lang, sources="; ".join(comp.sources)))
    return tail


def no_other_rows(comp: Comparison, lang: str = "en") -> str:
    """The sentence a comparison with no other geography prints instead of an empty table."""
    return tr(
        "Nothing to compare with: the data hold no other geography for {concept} in {period} "
        "(breakdown {breakdown}); fetch more geographies, or choose another period.",
        lang,
        concept=comp.concept if comp.concept is not None else comp.indicator,
        period=comp.period,
        breakdown=comp.breakdown,
    )


def comparison_text(comp: Comparison, lang: str = "en") -> str:
    """The terminal table of a comparison, with its header and tail, in ``lang``."""
    display = comparison_display(comp, lang)
    head, tail = comparison_header(comp, lang), comparison_tail(comp, lang)
    if display.empty:
        return "\n".join([*head, "", no_other_rows(comp, lang), "", *tail])
    with pd.option_context("display.max_colwidth", 80, "display.width", 200):
        table = display.to_string(index=False)
    return "\n".join([*head, "", table, "", *tail])


def rank_table_display(table: RankTable, limit: int = RANK_ROWS_SHOWN, lang: str = "en") -> pd.DataFrame:
    """The first ``limit`` rows of a rank table as text cells; headers in ``lang``."""
    head = table.to_frame().head(limit)
    records = head.to_dict("records")
    cols: dict[str, Any] = {}
    if table.groups > 1:
        concepts = [
            concept_label(None if pd.isna(c) else str(c), str(i), lang)
            for c, i in zip(head["concept"], head["indicator"], strict=True)
        ]
        cols[ptr("column", "concept", lang)] = concepts
        cols[ptr("column", "period", lang)] = head["period"].astype(str)
        cols[ptr("column", "breakdown", lang)] = head["breakdown"].astype(str)
    cols[ptr("column", "rank", lang)] = [
        f"{r}" if lo == hi else f"{r} ({lo}–{hi})"
        for r, lo, hi in zip(head["rank"], head["rank_lower"], head["rank_upper"], strict=True)
    ]
    cols[ptr("column", "geo", lang)] = head["geo"].astype(str)
    cols[ptr("column", "name", lang)] = [geo_name(str(g), lang) for g in head["geo"]]
    cols[ptr("column", "value", lang)] = [estimate_of(r).text(lang) for r in records]
    cols[ptr("column", "comparability", lang)] = [comparability_cell(str(c), (), lang) for c in head["comparability"]]
    notes = caveat_notes(table.caveats, lang)
    cols[ptr("column", "caveats", lang)] = [markers(str(g), notes) for g in head["geo"]]
    return pd.DataFrame(cols)


def rank_table_title(table: RankTable, lang: str = "en") -> str:
    """``RankTable: 14 geographies, <concept> (<id>), 2010, breakdown total``."""
    f = table.frame
    if table.groups == 1 and len(f):
        row = f.iloc[0]
        concept = None if pd.isna(row["concept"]) else str(row["concept"])
        return ntr(
            "RankTable: {n} geography, {what}, {period}, breakdown {breakdown}",
            "RankTable: {n} geographies, {what}, {period}, breakdown {breakdown}",
            len(f),
            lang,
            what=concept_title(concept, str(row["indicator"]), lang),
            period=row["period"],
            breakdown=row["breakdown"],
        )
    return ntr(
        "RankTable: {n} rows in {groups} groups (concept × period × breakdown)",
        "RankTable: {n} rows in {groups} groups (concept × period × breakdown)",
        len(f),
        lang,
        groups=table.groups,
    )


def rank_table_text(table: RankTable, lang: str = "en") -> str:
    """The terminal table of a rank table, in ``lang``."""
    n = len(table.frame)
    body = rank_table_display(table, lang=lang).to_string(index=False) if n else tr("(empty)", lang)
    more = "\n" + tr("... {n} more rows", lang, n=n - RANK_ROWS_SHOWN) if n > RANK_ROWS_SHOWN else ""
    notes = "".join(f"\n[{note.number}] {note.text}" for note in caveat_notes(table.caveats, lang))
    return f"{rank_table_title(table, lang)}\n{body}{more}{notes}"


def trend_text(trend: Trend, lang: str = "en") -> str:
    """A trend's heading, its paragraph and its numbered caveat notes, in ``lang``."""
    what = concept_title(trend.concept, trend.indicator, lang)
    notes = "".join(f"\n[{note.number}] {note.text}" for note in caveat_notes(trend.caveats, lang))
    head = tr("Trend: {what}, breakdown {breakdown}", lang, what=what, breakdown=trend.breakdown)
    return f"{head}\n{trend.summary(lang)}{notes}"
