"""Paragraphs to paste: the ``summary(lang)`` of a comparison and of a trend, and a gap's clause."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from adoptstats._selection import concept_label
from adoptstats.geo import geo_name
from adoptstats.render.numbers import common_decimals, format_number
from adoptstats.render.wording import VERDICT_EN, check_lang, diff_phrase, p_clause, unit_word

if TYPE_CHECKING:
    from adoptstats.comparison import Comparison, Gap
    from adoptstats.trends import Trend, TrendLine

__all__ = ["comparison_summary", "gap_text", "trend_line_text", "trend_summary"]


def gap_text(gap: Gap, lang: str = "en") -> str:
    """One clause: ``"lower than Mexico by 25 pp (between 24 and 26)"``."""
    check_lang(lang)
    name = geo_name(gap.to, lang)
    phrase = diff_phrase(
        gap.verdict, gap.diff, gap.lower, gap.upper, gap.lower_open, gap.upper_open, gap.decimals, gap.unit, lang
    )
    if lang == "fr":
        return f"{name} : {phrase}"
    sep = " " if gap.verdict in ("higher", "lower") else ": "
    return f"{VERDICT_EN[gap.verdict]} {name}{sep}{phrase}"


def comparison_summary(comp: Comparison, lang: str = "en") -> str:
    """One paragraph a journalist could paste: figures, qualifiers, verdicts, rank and sources."""
    check_lang(lang)
    shown = comp.shown().to_dict("records")
    est = comp.focus_estimate
    focus = geo_name(comp.focus, lang)
    untested = [geo_name(r["geo"], lang) for r in shown if math.isnan(r["p_value"])]
    n_tested = len(shown) - len(untested)
    clauses = []
    for r in shown:
        phrase = diff_phrase(
            r["verdict"],
            r["diff"],
            r["diff_lower"],
            r["diff_upper"],
            bool(r["diff_lower_open"]),
            bool(r["diff_upper_open"]),
            common_decimals(r["decimals"], est.decimals) + 1,
            comp.unit,
            lang,
            p_clause(r["p_value"], lang),
        )
        name = geo_name(r["geo"], lang)
        if lang == "fr":
            clauses.append(f"{name} ({r['text_fr']}) : {phrase}")
        else:
            sep = " " if r["verdict"] in ("higher", "lower") else ": "
            clauses.append(f"{VERDICT_EN[r['verdict']]} {name} ({r['text']}){sep}{phrase}")
    sources = ", ".join(comp.sources)
    if lang == "fr":
        what = comp.concept or comp.indicator
        text = f"{focus} : {est.text('fr')} en {comp.period} ({what}"
        text += f", {comp.breakdown})." if comp.breakdown != "total" else ")."
        if clauses:
            text += " Comparaisons — " + " ; ".join(clauses) + "."
        if comp.rank.n > 1:
            text += f" Rang : {comp.rank.text('fr')} (agrégats non classés)."
        if n_tested:
            text += (
                " Les valeurs p viennent d'un test du score pour deux proportions, corrigées par la méthode "
                f"de Holm sur {n_tested} comparaison{'s' if n_tested > 1 else ''}."
            )
        if untested and not n_tested:
            text += (
                " Faute de taille d'échantillon publiée, aucun test de signification n'était possible : les "
                "verdicts reposent sur les chiffres publiés et leur arrondi."
            )
        elif untested:
            text += (
                f" Pas de test possible pour {', '.join(untested)} (taille d'échantillon inconnue) : le verdict "
                "y repose sur les chiffres publiés et leur arrondi."
            )
        return f"{text} Sources : {sources}."
    what = concept_label(comp.concept, comp.indicator).lower()
    text = f"{focus}: {est.text()} in {comp.period} ({what}"
    text += f", {comp.breakdown})." if comp.breakdown != "total" else ")."
    if clauses:
        text += " It is " + "; ".join(clauses) + "."
    if comp.rank.n > 1:
        text += f" Rank: {comp.rank.text()} (aggregates not ranked)."
    if n_tested:
        text += (
            f" P-values come from a two-proportion score test, Holm-corrected across {n_tested} "
            f"comparison{'s' if n_tested > 1 else ''}."
        )
    if untested and not n_tested:
        text += (
            " No sample sizes were published, so no significance test was possible: the verdicts rest on the "
            "published figures and their rounding."
        )
    elif untested:
        text += (
            f" No test was possible for {', '.join(untested)} (sample size unknown): that verdict rests on the "
            "published figures and their rounding."
        )
    return f"{text} Sources: {sources}."


def trend_line_text(trend: Trend, line: TrendLine, lang: str) -> str:
    """``"Belgium: +2.5 pp a year from 2013 to 2023 (between +2.1 and +2.9; least squares over 6 values)"``."""
    name = geo_name(line.geo, lang)
    u = unit_word(trend.unit, lang)

    def num(x: float) -> str:
        return format_number(x, 2, lang, sign=True, strip=True)

    if line.method == "none":
        if lang == "fr":
            return f"{name} : pas de tendance (moins de deux valeurs ponctuelles)"
        return f"{name}: no trend (fewer than two point values)"
    if lang == "fr":
        how = f"moindres carrés sur {line.points} valeurs" if line.method == "ols" else "à partir de deux valeurs"
        return (
            f"{name} : {num(line.slope)} {u} par an de {line.first} à {line.last} "
            f"(entre {num(line.lower)} et {num(line.upper)} ; {how})"
        )
    how = f"least squares over {line.points} values" if line.method == "ols" else "from two values"
    return (
        f"{name}: {num(line.slope)} {u} a year from {line.first} to {line.last} "
        f"(between {num(line.lower)} and {num(line.upper)}; {how})"
    )


def trend_summary(trend: Trend, lang: str = "en") -> str:
    """One paragraph: the change per year of each geography and when (whether) the laggard catches up."""
    check_lang(lang)
    parts = [trend_line_text(trend, trend.line, lang)]
    if trend.against_line is not None:
        parts.append(trend_line_text(trend, trend.against_line, lang))
    text = ". ".join(parts) + "."
    if trend.against is not None:
        if trend.catch_up == "undetermined":
            text += (
                " Le rattrapage est indéterminé."
                if lang == "fr"
                else " Whether the laggard catches up is undetermined."
            )
        elif trend.laggard is not None and trend.leader is not None:
            lag, lead = geo_name(trend.laggard, lang), geo_name(trend.leader, lang)
            if trend.catch_up == "never":
                text += (
                    f" Au rythme actuel, {lag} ne rattraperait jamais {lead}."
                    if lang == "fr"
                    else f" At current trends, {lag} would never catch up with {lead}."
                )
            else:
                doubt = ""
                if not trend.catch_up_certain:
                    doubt = (
                        " (incertain : les intervalles des pentes se chevauchent)"
                        if lang == "fr"
                        else " (uncertain: the slope intervals overlap)"
                    )
                text += (
                    f" Au rythme actuel, {lag} rattraperait {lead} en {trend.catch_up}{doubt}."
                    if lang == "fr"
                    else f" At current trends, {lag} would catch up with {lead} in {trend.catch_up}{doubt}."
                )
    for note in trend.notes_fr if lang == "fr" else trend.notes:
        text += f" {note}"
    label = "Sources : " if lang == "fr" else "Sources: "
    return f"{text} {label}{', '.join(trend.sources)}."
