"""The phrases of the rendering layer: figures, differences, ranks, caveats and catch-up sentences.

Each phrase is one English message of the gettext catalogues (:mod:`adoptstats.i18n`),
whole enough that a translator can order its words freely.  The functions take plain
values (numbers, codes, booleans, names), never result objects.

>>> from adoptstats.render.wording import estimate_text, rank_text
>>> estimate_text(40, 40, 100, "more_than", 0, "percent", "de")
'mehr als 40\\xa0%'
>>> rank_text(3, 2, 5, 14, "nl")
'3de van 14 (tussen 2de en 5de)'
"""

from __future__ import annotations

import math

from adoptstats.i18n import check_lang, format_list, marked, ntr, ordinal, ptr, tr
from adoptstats.render.numbers import format_number, format_percent

__all__ = [
    "CAVEAT_LABELS",
    "caveat_clause",
    "caveat_label",
    "caveat_sentence",
    "catch_up_sentence",
    "diff_phrase",
    "estimate_text",
    "figure_of",
    "p_clause",
    "rank_text",
    "unit_word",
]

#: How a qualified figure reads (``{figure}`` is the number with its unit).
_QUALIFIED: dict[str, str] = {
    "approx": marked("about {figure}"),
    "more_than": marked("more than {figure}"),
    "at_least": marked("at least {figure}"),
    "less_than": marked("less than {figure}"),
    "at_most": marked("at most {figure}"),
}


def unit_word(unit: str, lang: str, *, short: bool = True) -> str:
    """The unit of a difference: ``pp`` (French ``points``), ``index points``, or nothing."""
    if unit == "percent":
        return ptr("unit", "pp", lang) if short else ptr("unit", "percentage points", lang)
    if unit == "index":
        return ptr("unit", "index points", lang)
    return ""


def _with_unit(number: str, unit: str, lang: str) -> str:
    """``"25 pp"``, ``"1 Prozentpunkt"``: the unit agrees with the printed number."""
    n = 1 if number.lstrip("+-\u2212") == "1" else 2
    if unit == "percent":
        return ntr("{number} pp", "{number} pp", n, lang, number=number)
    if unit == "index":
        return ntr("{number} index point", "{number} index points", n, lang, number=number)
    return number


def estimate_text(
    value: float,
    lower: float,
    upper: float,
    qualifier: str,
    decimals: int | None,
    unit: str,
    lang: str = "en",
    *,
    reads_as_about: bool = True,
) -> str:
    """``"27%"``, ``"more than 40%"``, ``"plus de 40 %"``, ``"26-28%"``, ``"index 75"``.

    An ``approx`` figure reads "about X" when ``reads_as_about`` (X stands for exactly its
    interval), else as its range.
    """
    check_lang(lang)
    if qualifier == "approx" and not reads_as_about:
        number = f"{format_number(lower, decimals, lang)}-{format_number(upper, decimals, lang)}"
    else:
        number = format_number(value, decimals, lang)
    if unit == "percent":
        figure = format_percent(number, lang)
    elif unit == "index":
        figure = tr("index {number}", lang, number=number)
    else:
        figure = number
    if qualifier == "approx" and not reads_as_about:
        return figure
    template = _QUALIFIED.get(qualifier)
    return tr(template, lang, figure=figure) if template else figure


def figure_of(name: str, figure: str, lang: str) -> str:
    """``"Mexico (52%)"``; a name that ends in parentheses takes the figure inside them.

    ``"European Union (27 countries, from 2020; 50%)"``, never ``"... 2020) (50%)"``.
    """
    if name.endswith(")") and "(" in name:
        return tr("{name_and_note}; {figure})", lang, name_and_note=name[:-1], figure=figure)
    return tr("{name} ({figure})", lang, name=name, figure=figure)


def rank_text(rank: int, lower: int, upper: int, n: int, lang: str = "en") -> str:
    """``"3rd of 14 (between 2nd and 5th)"``, ``"3e sur 14 (entre 2e et 5e)"``."""
    check_lang(lang)
    if lower == upper:
        return tr("{rank} of {n}", lang, rank=ordinal(rank, lang), n=n)
    return tr(
        "{rank} of {n} (between {lower} and {upper})",
        lang,
        rank=ordinal(rank, lang),
        n=n,
        lower=ordinal(lower, lang),
        upper=ordinal(upper, lang),
    )


def p_clause(p: float, lang: str = "en") -> str:
    """``"p < 0.001"``, ``"p = 0.293"`` (Holm-adjusted), ``""`` without a p-value."""
    if p is None or math.isnan(p):
        return ""
    if p < 0.001:
        return f"p < {format_number(0.001, 3, lang)}"
    return f"p = {format_number(p, 3, lang)}"


#: A difference the focus shows against another figure, by verdict and by what is known:
#: ``point`` (a difference and its interval), ``more`` / ``least`` (only a bound, when a
#: figure is open-ended).  ``{who}`` is the other geography, with its figure in a paragraph.
_DIFFS: dict[tuple[str, str], str] = {
    ("higher", "point"): marked("higher than {who} by {amount} (between {low} and {high}{p})"),
    ("lower", "point"): marked("lower than {who} by {amount} (between {low} and {high}{p})"),
    ("higher", "more"): marked("higher than {who} by more than {amount}{p}"),
    ("lower", "more"): marked("lower than {who} by more than {amount}{p}"),
    ("higher", "least"): marked("higher than {who} by at least {amount}{p}"),
    ("lower", "least"): marked("lower than {who} by at least {amount}{p}"),
    ("indistinguishable", "point"): marked(
        "not significantly different from {who}: difference {amount} (from {low} to {high}{p})"
    ),
    ("undetermined", "point"): marked(
        "not clearly different from {who}: difference {amount} (from {low} to {high}{p})"
    ),
    ("indistinguishable", "range"): marked(
        "not significantly different from {who}: difference between {low} and {high}{p}"
    ),
    ("undetermined", "range"): marked("not clearly different from {who}: difference between {low} and {high}{p}"),
}


def diff_phrase(
    verdict: str,
    who: str,
    diff: float,
    lo: float,
    hi: float,
    lo_open: bool,
    hi_open: bool,
    decimals: int,
    unit: str,
    lang: str,
    p_note: str = "",
) -> str:
    """The focus against ``who``, printed to the inputs' published ``decimals``.

    ``"lower than Mexico (52%) by 25 pp (between 24 and 26; p < 0.001)"``.  Bounds are
    rounded outward, so the printed interval always holds the computed one.
    """
    check_lang(lang)
    has_point = not math.isnan(diff)

    def num(x: float, *, sign: bool = False, rounding: str = "nearest") -> str:
        return format_number(x, decimals, lang, sign=sign, rounding=rounding)

    if verdict in ("higher", "lower"):
        low, high, low_open = (lo, hi, lo_open) if verdict == "higher" else (-hi, -lo, hi_open)
        low_t, high_t = num(low, rounding="down"), num(high, rounding="up")
        if not has_point:
            shape = "more" if low_open else "least"
            p = tr(" ({p})", lang, p=p_note) if p_note else ""
            return tr(_DIFFS[(verdict, shape)], lang, who=who, amount=_with_unit(low_t, unit, lang), p=p)
        p = tr("; {p}", lang, p=p_note) if p_note else ""
        amount = _with_unit(num(abs(diff)), unit, lang)
        return tr(_DIFFS[(verdict, "point")], lang, who=who, amount=amount, low=low_t, high=high_t, p=p)
    lo_t, hi_t = num(lo, sign=True, rounding="down"), num(hi, sign=True, rounding="up")
    if not has_point:
        p = tr(" ({p})", lang, p=p_note) if p_note else ""
        return tr(_DIFFS[(verdict, "range")], lang, who=who, low=lo_t, high=_with_unit(hi_t, unit, lang), p=p)
    p = tr("; {p}", lang, p=p_note) if p_note else ""
    amount = _with_unit(num(diff, sign=True), unit, lang)
    return tr(_DIFFS[(verdict, "point")], lang, who=who, amount=amount, low=lo_t, high=hi_t, p=p)


# -- caveats ------------------------------------------------------------------------------------

#: The fields a comparison checks, as a label names one (``not comparable: population``).
_FIELD: dict[str, str] = {
    "population": marked("population"),
    "populations": marked("population"),
    "indicator": marked("indicator"),
    "indicators": marked("indicator"),
    "period": marked("period"),
    "source": marked("source"),
    "sources": marked("source"),
    "datasets": marked("dataset"),
}

#: The same fields as a sentence says two figures differ in them ("different populations").
_FIELDS_DIFFER: dict[str, str] = {
    "population": marked("different populations"),
    "populations": marked("different populations"),
    "indicator": marked("different indicators"),
    "indicators": marked("different indicators"),
    "period": marked("different periods"),
    "source": marked("different sources"),
    "sources": marked("different sources"),
    "datasets": marked("different datasets"),
}

#: What a source flag says about a figure, by the kind :data:`adoptstats.caveats.FLAG_KINDS` gives it.
_FLAGS: dict[str, str] = {
    "estimated": marked("estimated"),
    "forecast": marked("a forecast"),
    "provisional": marked("provisional"),
    "break": marked("a break in series"),
    "low_reliability": marked("of low reliability"),
    "confidential": marked("confidential"),
    "definition_differs": marked("defined differently"),
    "revised": marked("revised"),
}

#: Short labels of caveat kinds, for table cells and chart notes (English messages).
CAVEAT_LABELS: dict[str, str] = {
    "not_comparable": marked("not comparable"),
    "contested": marked("contested"),
    "open_ended": marked("open-ended"),
    "secondary_only": marked("secondary reports only"),
    "source_flag": marked("flagged"),
    "no_sample_size": marked("no sample size, no test"),
    "uncertain_catch_up": marked("catch-up uncertain"),
}

#: An open-ended label with its qualifier.
_OPEN_LABELS: dict[str, str] = {
    "more_than": marked("open-ended (more than)"),
    "at_least": marked("open-ended (at least)"),
    "less_than": marked("open-ended (less than)"),
    "at_most": marked("open-ended (at most)"),
}


def _field(field: str, lang: str) -> str:
    return tr(_FIELD[field], lang) if field in _FIELD else field


def _differ(fields: tuple[str, ...], lang: str) -> str:
    words = [tr(_FIELDS_DIFFER[f], lang) if f in _FIELDS_DIFFER else f for f in fields]
    return format_list(words or [tr("different definitions", lang)], lang)


def _flags(fields: tuple[str, ...], lang: str) -> str:
    return format_list([tr(_FLAGS[f], lang) if f in _FLAGS else f for f in fields], lang)


def caveat_label(kind: str, fields: tuple[str, ...], lang: str = "en") -> str:
    """A short label: ``not comparable: population`` or ``flagged: provisional``, in ``lang``."""
    check_lang(lang)
    label = tr(CAVEAT_LABELS[kind], lang)
    if kind == "not_comparable" and fields:
        return tr("{label}: {what}", lang, label=label, what=", ".join(_field(f, lang) for f in fields))
    if kind == "source_flag" and fields:
        what = ", ".join(tr(_FLAGS[f], lang) if f in _FLAGS else f for f in fields)
        return tr("{label}: {what}", lang, label=label, what=what)
    if kind == "open_ended" and fields and fields[0] in _OPEN_LABELS:
        return tr(_OPEN_LABELS[fields[0]], lang)
    return label


def caveat_clause(kind: str, name: str, fields: tuple[str, ...], detail: str, lang: str = "en") -> str:
    """A clause for the sentence a caveat bears on, starting with "though" (French "bien que")."""
    check_lang(lang)
    extra = tr(" ({detail})", lang, detail=detail) if detail else ""
    if kind == "not_comparable":
        return tr("though the two figures describe {fields}", lang, fields=_differ(fields, lang))
    if kind == "contested":
        return tr("though the figure for {name} is contested: reports disagree{extra}", lang, name=name, extra=extra)
    if kind == "open_ended":
        return tr("though the figure for {name} is open-ended: it bounds the value without giving it", lang, name=name)
    if kind == "source_flag":
        return tr(
            "though the source flags the figure for {name} as {flags}", lang, name=name, flags=_flags(fields, lang)
        )
    if kind == "secondary_only":
        return tr("though the figure for {name} comes only from secondary reports{extra}", lang, name=name, extra=extra)
    if kind == "no_sample_size":
        return tr("though no sample size was published for {name}, so no test was possible", lang, name=name)
    return tr("though the catch-up is uncertain{extra}", lang, extra=extra)


def caveat_sentence(kind: str, items: list[tuple[str, tuple[str, ...], str]], lang: str = "en") -> str:
    """One sentence for several caveats of one kind; ``items`` are (geography name, fields, detail)."""
    check_lang(lang)

    def named(with_fields: bool) -> str:
        out = []
        for name, fields, _detail in items:
            if with_fields and fields:
                what = _differ(fields, lang) if kind == "not_comparable" else _flags(fields, lang)
                out.append(tr("{name} ({what})", lang, name=name, what=what))
            else:
                out.append(name)
        return format_list(out, lang)

    if kind == "secondary_only":
        return tr(
            "Only secondary reports (such as press articles quoting the survey) give the figures for {names}.",
            lang,
            names=named(False),
        )
    if kind == "contested":
        return tr("The figures for {names} are contested: their reports disagree.", lang, names=named(False))
    if kind == "open_ended":
        return tr("The open-ended figures for {names} bound the value without giving it.", lang, names=named(False))
    if kind == "source_flag":
        return tr("The source flags the figures for {names}.", lang, names=named(True))
    if kind == "not_comparable":
        return tr("The figures for {names} are not strictly comparable.", lang, names=named(True))
    if kind == "no_sample_size":
        return tr(
            "No sample size was published for {names}, so no significance test was possible.", lang, names=named(False)
        )
    details = "; ".join(d for _n, _f, d in items if d)
    if details:
        return tr("The catch-up is uncertain: {details}.", lang, details=details)
    return tr("The catch-up is uncertain.", lang)


def catch_up_sentence(
    catch_up: int | str,
    why: str,
    certain: bool,
    laggard: str | None,
    leader: str | None,
    lag_interval: str,
    lead_interval: str,
    unit: str,
    lang: str = "en",
) -> str:
    """Whether (and when) the laggard catches up, with the reason when the slopes cannot say.

    ``laggard`` and ``leader`` are names; the intervals are the slopes' printed intervals.
    """
    check_lang(lang)
    if catch_up == "undetermined":
        if why == "slopes overlap" and laggard and leader:
            return tr(
                "Whether {laggard} catches up with {leader} is undetermined: the intervals of their slopes "
                "({lag} and {lead} {unit} a year) overlap, so the figures allow either answer.",
                lang,
                laggard=laggard,
                leader=leader,
                lag=lag_interval,
                lead=lead_interval,
                unit=unit_word(unit, lang),
            )
        if why == "no slope":
            return tr("Whether the laggard catches up is undetermined (fewer than two point values).", lang)
        return tr("Whether the laggard catches up is undetermined (neither lags at the latest time).", lang)
    if catch_up == "never":
        return tr(
            "At current trends, {laggard} would never catch up with {leader} (the slope intervals rule it out).",
            lang,
            laggard=laggard,
            leader=leader,
        )
    if not certain:
        return tr(
            "At current trends, {laggard} would catch up with {leader} in {year} "
            "(uncertain: the slope intervals overlap).",
            lang,
            laggard=laggard,
            leader=leader,
            year=catch_up,
        )
    return tr(
        "At current trends, {laggard} would catch up with {leader} in {year}.",
        lang,
        laggard=laggard,
        leader=leader,
        year=catch_up,
    )
