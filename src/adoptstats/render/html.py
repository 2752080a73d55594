"""Notebook HTML: what ``_repr_html_`` of a comparison, a rank table or a trend shows.

Tables show each figure with its interval, the verdict (styled by its direction), a caveat
marker per row pointing to numbered caveat notes, and numbered sources under the table.
Every renderer takes ``lang``: headers, verdicts, figures, notes and sentences are written
in that language (``_repr_html_`` is the English page).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pandas as pd

from adoptstats.geo import geo_name
from adoptstats.i18n import ptr, tr
from adoptstats.records import Estimate
from adoptstats.render.notes import Note, caveat_notes, markers
from adoptstats.render.numbers import common_decimals, format_interval, format_number, format_p
from adoptstats.render.paragraph import row_text
from adoptstats.render.text import (
    comparison_header,
    diff_cell,
    diff_unit_word,
    rank_table_display,
    rank_table_title,
)
from adoptstats.render.verdicts import verdict_word

if TYPE_CHECKING:
    from adoptstats.comparison import Comparison
    from adoptstats.ranking import RankTable
    from adoptstats.records import Citation
    from adoptstats.trends import Trend

__all__ = ["comparison_html", "rank_table_html", "trend_html"]

_STYLE = (
    "<style>.adoptstats td,.adoptstats th{padding:2px 8px;text-align:left}"
    ".adoptstats .higher{color:#1a7f37;font-weight:bold}.adoptstats .lower{color:#b42318;font-weight:bold}"
    ".adoptstats .undetermined,.adoptstats .indistinguishable{color:#666}"
    ".adoptstats sup{color:#b54708}.adoptstats .notes{font-size:90%;color:#444}</style>"
)


def _e(text: object) -> str:
    return html.escape(str(text))


def _notes_html(notes: Iterable[Note], lang: str) -> str:
    items = "".join(f"<li value='{n.number}' class='caveat-{_e(n.kind)}'>{_e(n.text)}</li>" for n in notes)
    title = tr("Caveats", lang)
    return f"<div class='notes'><strong>{_e(title)}</strong><ol>{items}</ol></div>" if items else ""


def _sources_html(
    citation_ids: Iterable[str], citations: Mapping[str, Citation], lang: str
) -> tuple[str, dict[str, int]]:
    numbers: dict[str, int] = {}
    lines: list[str] = []
    for cid in citation_ids:
        cite = citations.get(cid)
        if cite is None or cid in numbers:
            continue
        text = cite.text()
        if text in lines:
            numbers[cid] = lines.index(text) + 1
            continue
        lines.append(text)
        numbers[cid] = len(lines)
    items = "".join(f"<li value='{i}'>{_e(t)}</li>" for i, t in enumerate(lines, start=1))
    head = _e(tr("Sources", lang))
    return (f"<div class='notes'><strong>{head}</strong><ol>{items}</ol></div>" if items else ""), numbers


def comparison_html(comp: Comparison, lang: str = "en") -> str:
    """A comparison as an HTML block: header, table with intervals, verdicts, caveat markers and sources."""
    notes = caveat_notes(comp.caveats, lang)
    shown = comp.shown().to_dict("records")
    sources, refs = _sources_html(
        [comp.focus_citation_id, *(str(r["citation_id"]) for r in shown)], comp.citations, lang
    )
    head = "".join(f"<p>{_e(line)}</p>" for line in comparison_header(comp, lang))
    focus_marks = markers(comp.focus, notes)
    if focus_marks:
        label = tr("caveats of the focus:", lang)
        head += f"<p>{_e(label)} <sup>{_e(focus_marks)}</sup></p>"
    cells = [
        ptr("column", "geo", lang),
        ptr("column", "name", lang),
        ptr("column", "value", lang),
        ptr("column", "interval", lang),
        ptr("column", "diff ({unit})", lang, unit=diff_unit_word(comp.unit, lang)),
        ptr("column", "ratio", lang),
        ptr("column", "verdict", lang),
        ptr("column", "p (Holm)", lang),
        ptr("column", "source", lang),
    ]
    rows = []
    for r in shown:
        dec = common_decimals(r["decimals"], comp.focus_estimate.decimals)
        mark = markers(str(r["geo"]), notes)
        interval = format_interval(r["lower"], r["upper"], decimals=dec + 1, lang=lang, strip=True)
        ref = refs.get(str(r["citation_id"]))
        rows.append(
            "<tr>"
            f"<td>{_e(r['geo'])}</td><td>{_e(geo_name(str(r['geo']), lang))}"
            + (f"<sup>{_e(mark)}</sup>" if mark else "")
            + f"</td><td>{_e(row_text(r, lang))}</td><td>{_e(interval)}</td><td>{_e(diff_cell(r, dec, lang))}</td>"
            f"<td>{_e(format_number(r['ratio'], 2, lang, strip=True))}</td>"
            f"<td class='{_e(r['verdict'])}'>{_e(verdict_word(r['verdict'], lang))}</td>"
            f"<td>{_e(format_p(r['p_value'], lang))}</td>"
            f"<td>{f'[{ref}]' if ref else ''}</td></tr>"
        )
    table = (
        "<table><thead><tr>"
        + "".join(f"<th>{_e(c)}</th>" for c in cells)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    gap_lines = []
    if comp.gap_to_leader is not None:
        gap_lines.append(tr("gap to leader: {text}", lang, text=comp.gap_to_leader.text(lang)))
    if comp.gap_to_benchmark is not None:
        gap_lines.append(tr("gap to benchmark: {text}", lang, text=comp.gap_to_benchmark.text(lang)))
    gaps = "".join(f"<p>{_e(line)}</p>" for line in gap_lines)
    summary = f"<p>{_e(comp.summary(lang))}</p>"
    return f"<div class='adoptstats'>{_STYLE}{head}{table}{gaps}{_notes_html(notes, lang)}{sources}{summary}</div>"


def rank_table_html(table: RankTable, lang: str = "en") -> str:
    """A rank table as an HTML block, with its caveat notes and sources."""
    body = rank_table_display(table, lang=lang).to_html(index=False, escape=True)
    ids = [str(c) for c in table.frame["citation_id"].astype(str).unique()]
    sources, _refs = _sources_html(ids, table.citations, lang)
    notes = _notes_html(caveat_notes(table.caveats, lang), lang)
    title = f"<p><strong>{_e(rank_table_title(table, lang))}</strong></p>"
    return f"<div class='adoptstats'>{_STYLE}{title}{body}{notes}{sources}</div>"


def _trend_display(trend: Trend, notes: list[Note], lang: str) -> pd.DataFrame:
    """A trend's series as text cells: figure, interval, fitted value, whether it is in the fit, caveat markers."""
    rows = trend.frame.to_dict("records")
    return pd.DataFrame(
        {
            ptr("column", "geo", lang): [r["geo"] for r in rows],
            ptr("column", "name", lang): [geo_name(str(r["geo"]), lang) for r in rows],
            ptr("column", "period", lang): [r["period"] for r in rows],
            ptr("column", "value", lang): [
                Estimate(
                    value=r["value"], lower=r["lower"], upper=r["upper"], qualifier=r["qualifier"], unit=trend.unit
                ).text(lang)
                for r in rows
            ],
            ptr("column", "interval", lang): [
                format_interval(r["lower"], r["upper"], decimals=2, lang=lang, strip=True) for r in rows
            ],
            ptr("column", "fitted", lang): [format_number(r["fitted"], 2, lang, strip=True) for r in rows],
            ptr("column", "in fit", lang): [tr("yes", lang) if r["used"] else tr("no", lang) for r in rows],
            ptr("column", "caveats", lang): [markers(str(r["geo"]), notes) for r in rows],
        }
    )


def trend_html(trend: Trend, lang: str = "en") -> str:
    """A trend as an HTML block: its paragraph, its series with caveat markers, notes and sources."""
    notes = caveat_notes(trend.caveats, lang)
    table = _trend_display(trend, notes, lang).to_html(index=False, escape=True)
    ids = [str(c) for c in trend.frame["citation_id"].astype(str).unique()]
    sources, _refs = _sources_html(ids, trend.citations, lang)
    paragraph = f"<p>{_e(trend.summary(lang))}</p>"
    return f"<div class='adoptstats'>{_STYLE}{paragraph}{table}{_notes_html(notes, lang)}{sources}</div>"
