"""Terminal tables: what ``str()`` of a comparison, a rank table or a trend prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from adoptstats._selection import estimate_of
from adoptstats.geo import geo_name
from adoptstats.i18n import tr
from adoptstats.render.notes import caveat_notes, markers
from adoptstats.render.numbers import common_decimals, format_interval, format_number, format_p

if TYPE_CHECKING:
    from collections.abc import Mapping

    from adoptstats.comparison import Comparison
    from adoptstats.ranking import RankTable
    from adoptstats.trends import Trend

__all__ = [
    "RANK_ROWS_SHOWN",
    "comparison_display",
    "comparison_header",
    "comparison_tail",
    "comparison_text",
    "diff_cell",
    "no_other_rows",
    "rank_table_display",
    "rank_table_text",
    "rank_table_title",
    "trend_text",
]

#: Rows a rank table prints before "... N more rows".
RANK_ROWS_SHOWN = 60


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


def comparison_header(comp: Comparison) -> list[str]:
    """The lines above a comparison's table: what is compared, how, and the focus's figure and rank."""
    what = comp.concept if comp.concept is not None else f"indicator {comp.indicator}"
    est = comp.focus_estimate
    n = f"n = {comp.focus_sample_size}" if comp.focus_sample_size else "n unknown"
    d = (est.decimals or 0) + 2
    return [
        f"Comparison: {comp.focus_name} ({comp.focus}) against {len(comp.shown())} geographies",
        f"{what}, {comp.period}, breakdown {comp.breakdown}, unit {comp.unit}; differences are "
        f"{comp.focus} minus the other, in {comp.diff_unit}",
        f"focus: {est.text()} [{format_number(comp.focus_lower, d, strip=True)}, "
        f"{format_number(comp.focus_upper, d, strip=True)}] ({n}); rank {comp.rank.text()}"
        + (" (aggregates not ranked)" if comp.rank.n else ""),
    ]


def comparison_display(comp: Comparison, lang: str = "en") -> pd.DataFrame:
    """The table of a comparison as text cells, one row per geography shown."""
    rows = comp.shown().to_dict("records")
    dec = [common_decimals(r["decimals"], comp.focus_estimate.decimals) for r in rows]
    notes = caveat_notes(comp.caveats, lang)
    return pd.DataFrame(
        {
            "geo": [r["geo"] for r in rows],
            "name": [geo_name(r["geo"], lang) for r in rows],
            "value": [r["text"] for r in rows],
            f"diff ({comp.diff_unit})": [diff_cell(r, d, lang) for r, d in zip(rows, dec, strict=True)],
            "ratio": [format_number(r["ratio"], 2, strip=True) for r in rows],
            "verdict": [r["verdict"] for r in rows],
            "p (Holm)": [format_p(r["p_value"]) for r in rows],
            "comparability": [r["comparability"] for r in rows],
            "caveats": [markers(r["geo"], notes) for r in rows],
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
    if lang == "fr":
        return (
            f"Rien à comparer : les données ne contiennent aucune autre géographie pour {comp.concept} "
            f"en {comp.period} (ventilation {comp.breakdown}) ; ajoutez des géographies ou changez de période."
        )
    return (
        f"Nothing to compare with: the data hold no other geography for {comp.concept} in {comp.period} "
        f"(breakdown {comp.breakdown}); fetch more geographies, or choose another period."
    )


def comparison_text(comp: Comparison) -> str:
    """The terminal table of a comparison, with its header and tail."""
    display = comparison_display(comp)
    if display.empty:
        return "\n".join([*comparison_header(comp), "", no_other_rows(comp), "", *comparison_tail(comp)])
    with pd.option_context("display.max_colwidth", 80, "display.width", 200):
        table = display.to_string(index=False)
    return "\n".join([*comparison_header(comp), "", table, "", *comparison_tail(comp)])


def rank_table_display(table: RankTable, limit: int = RANK_ROWS_SHOWN) -> pd.DataFrame:
    """The first ``limit`` rows of a rank table as text cells."""
    head = table.to_frame().head(limit)
    texts = [estimate_of(r).text() for r in head.to_dict("records")]
    cols: dict[str, Any] = {}
    if table.groups > 1:
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
    notes = caveat_notes(table.caveats)
    cols["caveats"] = [markers(str(g), notes) for g in head["geo"]]
    return pd.DataFrame(cols)


def rank_table_title(table: RankTable) -> str:
    """``RankTable: 14 geographies, <concept>, 2010, breakdown total``."""
    f = table.frame
    if table.groups == 1 and len(f):
        row = f.iloc[0]
        what = row["concept"] if not pd.isna(row["concept"]) else f"indicator {row['indicator']}"
        return f"RankTable: {len(f)} geographies, {what}, {row['period']}, breakdown {row['breakdown']}"
    return f"RankTable: {len(f)} rows in {table.groups} groups (concept × period × breakdown)"


def rank_table_text(table: RankTable) -> str:
    """The terminal table of a rank table."""
    n = len(table.frame)
    body = rank_table_display(table).to_string(index=False) if n else "(empty)"
    more = f"\n... {n - RANK_ROWS_SHOWN} more rows" if n > RANK_ROWS_SHOWN else ""
    notes = "".join(f"\n[{note.number}] {note.text}" for note in caveat_notes(table.caveats))
    return f"{rank_table_title(table)}\n{body}{more}{notes}"


def trend_text(trend: Trend) -> str:
    """A trend's heading and its paragraph."""
    what = trend.concept or f"indicator {trend.indicator}"
    notes = "".join(f"\n[{note.number}] {note.text}" for note in caveat_notes(trend.caveats))
    return f"Trend: {what}, breakdown {trend.breakdown}\n{trend.summary()}{notes}"
