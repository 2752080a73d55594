"""Paragraphs to paste: the ``summary(lang)`` of a comparison and of a trend, and a gap's clause."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from adoptstats._selection import concept_phrase
from adoptstats.geo import geo_name
from adoptstats.i18n import check_lang, format_list, ntr, tr
from adoptstats.render.numbers import common_decimals, format_interval, format_number
from adoptstats.render.wording import (
    catch_up_sentence,
    caveat_clause,
    caveat_sentence,
    diff_phrase,
    figure_of,
    p_clause,
    unit_word,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from adoptstats.caveats import Caveat
    from adoptstats.comparison import Comparison, Gap
    from adoptstats.trends import Trend, TrendLine

__all__ = [
    "INLINE_KINDS",
    "caveat_sentences",
    "comparison_summary",
    "gap_text",
    "row_text",
    "sources_sentence",
    "trend_line_text",
    "trend_summary",
]

#: Caveat kinds said inside the clause about a geography ("..., though the two figures
#: describe different populations"); the others get a sentence of their own.
INLINE_KINDS: tuple[str, ...] = ("not_comparable", "contested", "open_ended", "source_flag")


def _inline(caveats: Iterable[Caveat], geo: str, lang: str) -> str:
    """``", though ..."`` for the inline caveats of one geography (``""`` when none)."""
    name = geo_name(geo, lang)
    clauses = [
        caveat_clause(c.kind, name, c.fields, c.detail, lang)
        for c in caveats
        if c.geo == geo and c.kind in INLINE_KINDS
    ]
    return "".join(f", {c}" for c in clauses)


def caveat_sentences(caveats: Iterable[Caveat], kinds: Iterable[str], lang: str, *, periods: bool = False) -> list[str]:
    """One sentence per kind among ``kinds``, naming every geography it bears on (with its periods if asked)."""
    out = []
    cavs = list(caveats)
    for kind in kinds:
        found: dict[tuple[str, tuple[str, ...], str], list[str]] = {}
        for c in cavs:
            if c.kind != kind:
                continue
            key = (geo_name(c.geo, lang) if c.geo else "", c.fields, c.detail if kind == "uncertain_catch_up" else "")
            when = found.setdefault(key, [])
            if c.period and c.period not in when:
                when.append(c.period)
        items = [
            (f"{name} ({', '.join(sorted(when))})" if periods and when else name, fields, detail)
            for (name, fields, detail), when in found.items()
        ]
        if items:
            out.append(caveat_sentence(kind, items, lang))
    return out


def gap_text(gap: Gap, lang: str = "en") -> str:
    """One clause: ``"lower than Mexico by 25 pp (between 24 and 26)"``."""
    check_lang(lang)
    phrase = diff_phrase(
        gap.verdict,
        geo_name(gap.to, lang),
        gap.diff,
        gap.lower,
        gap.upper,
        gap.lower_open,
        gap.upper_open,
        gap.decimals,
        gap.unit,
        lang,
    )
    return phrase + _inline(gap.caveats, gap.to, lang)


def comparison_summary(comp: Comparison, lang: str = "en") -> str:
    """One paragraph a journalist could paste: figures, qualifiers, verdicts, rank, caveats and sources."""
    check_lang(lang)
    shown = comp.shown().to_dict("records")
    est = comp.focus_estimate
    untested = [geo_name(r["geo"], lang) for r in shown if math.isnan(r["p_value"])]
    n_tested = len(shown) - len(untested)
    clauses = []
    for r in shown:
        phrase = diff_phrase(
            r["verdict"],
            figure_of(geo_name(r["geo"], lang), row_text(r, lang), lang),
            r["diff"],
            r["diff_lower"],
            r["diff_upper"],
            bool(r["diff_lower_open"]),
            bool(r["diff_upper_open"]),
            common_decimals(r["decimals"], est.decimals),
            comp.unit,
            lang,
            p_clause(r["p_value"], lang),
        )
        clauses.append(phrase + _inline(r["caveat_list"], r["geo"], lang))
    breakdown = tr(", {breakdown}", lang, breakdown=comp.breakdown) if comp.breakdown != "total" else ""
    text = tr(
        "{focus}: {figure} in {period} ({what}{breakdown}).",
        lang,
        focus=geo_name(comp.focus, lang),
        figure=est.text(lang),
        period=comp.period,
        what=concept_phrase(comp.concept, comp.indicator, lang),
        breakdown=breakdown,
    )
    for sentence in caveat_sentences(comp.focus_caveats, INLINE_KINDS, lang):
        text += f" {sentence}"
    if clauses:
        text += " " + tr("It is {clauses}.", lang, clauses=tr("; ", lang).join(clauses))
    if comp.rank.n > 1:
        text += " " + tr("Rank: {rank}; aggregates are not ranked.", lang, rank=comp.rank.text(lang))
    if n_tested:
        text += " " + ntr(
            "P-values come from a two-proportion score test, Holm-corrected across {n} comparison.",
            "P-values come from a two-proportion score test, Holm-corrected across {n} comparisons.",
            n_tested,
            lang,
        )
    if untested and not n_tested:
        text += " " + tr(
            "No sample sizes were published, so no significance test was possible: the verdicts rest on the "
            "published figures and their rounding.",
            lang,
        )
    elif untested:
        text += " " + tr(
            "No test was possible for {names} (sample size unknown): that verdict rests on the published "
            "figures and their rounding.",
            lang,
            names=format_list(untested, lang),
        )
    shown_cavs = [*comp.focus_caveats, *(c for r in shown for c in r["caveat_list"])]
    for sentence in caveat_sentences(shown_cavs, ["secondary_only"], lang):
        text += f" {sentence}"
    return text + " " + sources_sentence(comp.sources, lang)


def sources_sentence(sources: Iterable[str], lang: str) -> str:
    """``"Sources: Regus (2010); L'Avenir (2010)."`` in ``lang``."""
    return tr("Sources: {sources}.", lang, sources=", ".join(sources))


def row_text(row: Mapping[Any, Any], lang: str) -> str:
    """The figure of a comparison (or profile) row as text in ``lang``, from its ``estimate`` column."""
    return str(row["estimate"].text(lang))


def trend_line_text(trend: Trend, line: TrendLine, lang: str) -> str:
    """``"Belgium: +2.5 pp a year from 2013 to 2023 (between +2.1 and +2.9; least squares over 6 values)"``."""
    name = geo_name(line.geo, lang)
    if line.method == "none":
        return tr("{name}: no trend (fewer than two point values)", lang, name=name)

    def num(x: float) -> str:
        return format_number(x, 2, lang, sign=True, strip=True)

    if line.method == "ols":
        how = ntr("least squares over {n} value", "least squares over {n} values", line.points, lang)
    else:
        how = tr("from two values", lang)
    return tr(
        "{name}: {slope} {unit} a year from {first} to {last} (between {lower} and {upper}; {how})",
        lang,
        name=name,
        slope=num(line.slope),
        unit=unit_word(trend.unit, lang),
        first=line.first,
        last=line.last,
        lower=num(line.lower),
        upper=num(line.upper),
        how=how,
    )


def trend_summary(trend: Trend, lang: str = "en") -> str:
    """One paragraph: the change per year of each geography and when (whether) the laggard catches up."""
    check_lang(lang)
    parts = [trend_line_text(trend, trend.line, lang)]
    if trend.against_line is not None:
        parts.append(trend_line_text(trend, trend.against_line, lang))
    text = ". ".join(parts) + "."
    if trend.against is not None and trend.catch_up is not None:
        lag_line = trend.line if trend.laggard == trend.geo else trend.against_line
        lead_line = trend.against_line if trend.laggard == trend.geo else trend.line

        def interval(line: TrendLine | None) -> str:
            if line is None:
                return ""
            return format_interval(line.lower, line.upper, decimals=2, lang=lang, sign=True, outward=True)

        text += " " + catch_up_sentence(
            trend.catch_up,
            trend.catch_up_why,
            trend.catch_up_certain,
            geo_name(trend.laggard, lang) if trend.laggard else None,
            geo_name(trend.leader, lang) if trend.leader else None,
            interval(lag_line),
            interval(lead_line),
            trend.unit,
            lang,
        )
    others = [c for c in trend.caveats if c.kind in ("contested", "source_flag", "secondary_only")]
    for sentence in caveat_sentences(others, ("contested", "source_flag", "secondary_only"), lang, periods=True):
        text += f" {sentence}"
    for note in trend.notes_in(lang):
        text += f" {note}"
    return text + " " + sources_sentence(trend.sources, lang)
