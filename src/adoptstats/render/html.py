"""Notebook HTML: what ``_repr_html_`` of a comparison, a rank table or a trend shows."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from adoptstats.render.text import (
    comparison_display,
    comparison_header,
    comparison_tail,
    rank_table_display,
    rank_table_title,
)

if TYPE_CHECKING:
    from adoptstats.comparison import Comparison
    from adoptstats.ranking import RankTable
    from adoptstats.trends import Trend

__all__ = ["comparison_html", "rank_table_html", "trend_html"]


def comparison_html(comp: Comparison) -> str:
    """A comparison as an HTML block: header, table, gaps and sources."""
    head = "".join(f"<p>{html.escape(line)}</p>" for line in comparison_header(comp))
    table = comparison_display(comp).to_html(index=False, escape=True)
    tail = "".join(f"<p>{html.escape(t)}</p>" for t in comparison_tail(comp))
    return f"<div>{head}{table}{tail}</div>"


def rank_table_html(table: RankTable) -> str:
    """A rank table as an HTML block."""
    body = rank_table_display(table).to_html(index=False, escape=True)
    return f"<div><p><strong>{html.escape(rank_table_title(table))}</strong></p>{body}</div>"


def trend_html(trend: Trend) -> str:
    """A trend as an HTML block: its paragraph and its series."""
    table = trend.frame.drop(columns=["citation_id"]).to_html(index=False, escape=True)
    return f"<div><p>{html.escape(trend.summary())}</p>{table}</div>"
