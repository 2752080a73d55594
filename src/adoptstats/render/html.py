"""Notebook HTML: what ``_repr_html_`` of a comparison, a rank table or a trend shows.

Tables show each figure with its interval, the verdict (styled by its direction), a caveat
marker per row pointing to numbered caveat notes, and numbered sources under the table.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from adoptstats.geo import geo_name
from adoptstats.i18n import tr
from adoptstats.render.notes import Note, caveat_notes, markers
from adoptstats.render.numbers import common_decimals, format_interval, format_number, format_p
from adoptstats.render.text import comparison_header, diff_cell, rank_table_display, rank_table_title

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


def _notes_html(notes: Iterable[Note], title: str = "Caveats") -> str:
    items = "".join(f"<li value='{n.number}' class='caveat-{_e(n.kind)}'>{_e(n.text)}</li>" for n in notes)
    return f"<div class='notes'><strong>{_e(title)}</strong><ol>{items}</ol></div>" if items else ""


def _sources_html(citation_ids: Iterable[str], citations: Mapping[str, Citation]) -> tuple[str, dict[str, int]]:
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
    head = tr("Sources", "en")
    return (f"<div class='notes'><strong>{head}</strong><ol>{items}</ol></div>" if items else ""), numbers


def comparison_html(comp: Comparison) -> str:
    """A comparison as an HTML block: header, table with intervals, verdicts, caveat markers and sources."""
    notes = caveat_notes(comp.caveats)
    shown = comp.shown().to_dict("records")
    sources, refs = _sources_html([comp.focus_citation_id, *(str(r["citation_id"]) for r in shown)], comp.citations)
    head = "".join(f"<p>{_e(line)}</p>" for line in comparison_header(comp))
    focus_marks = markers(comp.focus, notes)
    if focus_marks:
        head += f"<p>caveats of the focus: <sup>{_e(focus_marks)}</sup></p>"
    cells = ["geo", "name", "value", "interval", f"diff ({comp.diff_unit})", "ratio", "verdict", "p (Holm)", "source"]
    rows = []
    for r in shown:
        dec = common_decimals(r["decimals"], comp.focus_estimate.decimals)
        mark = markers(str(r["geo"]), notes)
        interval = format_interval(r["lower"], r["upper"], decimals=dec + 1, strip=True)
        ref = refs.get(str(r["citation_id"]))
        rows.append(
            "<tr>"
            f"<td>{_e(r['geo'])}</td><td>{_e(geo_name(str(r['geo'])))}"
            + (f"<sup>{_e(mark)}</sup>" if mark else "")
            + f"</td><td>{_e(r['text'])}</td><td>{_e(interval)}</td><td>{_e(diff_cell(r, dec))}</td>"
            f"<td>{_e(format_number(r['ratio'], 2, strip=True))}</td>"
            f"<td class='{_e(r['verdict'])}'>{_e(r['verdict'])}</td><td>{_e(format_p(r['p_value']))}</td>"
            f"<td>{f'[{ref}]' if ref else ''}</td></tr>"
        )
    table = (
        "<table><thead><tr>"
        + "".join(f"<th>{_e(c)}</th>" for c in cells)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    gaps = "".join(
        f"<p>gap to {label}: {_e(g.text())}</p>"
        for label, g in (("leader", comp.gap_to_leader), ("benchmark", comp.gap_to_benchmark))
        if g is not None
    )
    summary = f"<p>{_e(comp.summary())}</p>"
    return f"<div class='adoptstats'>{_STYLE}{head}{table}{gaps}{_notes_html(notes)}{sources}{summary}</div>"


def rank_table_html(table: RankTable) -> str:
    """A rank table as an HTML block, with its caveat notes and sources."""
    body = rank_table_display(table).to_html(index=False, escape=True)
    ids = [str(c) for c in table.frame["citation_id"].astype(str).unique()]
    sources, _refs = _sources_html(ids, table.citations)
    notes = _notes_html(caveat_notes(table.caveats))
    title = f"<p><strong>{_e(rank_table_title(table))}</strong></p>"
    return f"<div class='adoptstats'>{_STYLE}{title}{body}{notes}{sources}</div>"


def trend_html(trend: Trend) -> str:
    """A trend as an HTML block: its paragraph, its series with caveat markers, notes and sources."""
    notes = caveat_notes(trend.caveats)
    frame = trend.frame.drop(columns=["citation_id"])
    table = frame.to_html(index=False, escape=True)
    ids = [str(c) for c in trend.frame["citation_id"].astype(str).unique()]
    sources, _refs = _sources_html(ids, trend.citations)
    return f"<div class='adoptstats'>{_STYLE}<p>{_e(trend.summary())}</p>{table}{_notes_html(notes)}{sources}</div>"
