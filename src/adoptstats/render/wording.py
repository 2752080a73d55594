"""Every user-facing word of the rendering layer, in English and French, in one place.

Phrases are built from the word tables below by small functions that take plain values
(numbers, codes, booleans), never result objects, so that the tables can move into
message catalogues without touching the renderers.
"""

from __future__ import annotations

import math

from adoptstats.errors import SelectionError
from adoptstats.render.numbers import format_number

__all__ = [
    "LANGS",
    "QUALIFIER_WORDS",
    "VERDICT_EN",
    "check_lang",
    "diff_phrase",
    "estimate_text",
    "ordinal",
    "p_clause",
    "rank_text",
    "unit_word",
]

#: Languages the renderers speak.
LANGS: tuple[str, ...] = ("en", "fr")

#: How a qualifier reads before a number.
QUALIFIER_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "approx": "about ",
        "more_than": "more than ",
        "at_least": "at least ",
        "less_than": "less than ",
        "at_most": "at most ",
        "exact": "",
    },
    "fr": {
        "approx": "environ ",
        "more_than": "plus de ",
        "at_least": "au moins ",
        "less_than": "moins de ",
        "at_most": "au plus ",
        "exact": "",
    },
}

#: "The focus is <verdict> <other>" in English.
VERDICT_EN: dict[str, str] = {
    "higher": "higher than",
    "lower": "lower than",
    "indistinguishable": "not significantly different from",
    "undetermined": "not clearly different from",
}


def check_lang(lang: str) -> None:
    """Refuse a language the renderers do not speak."""
    if lang not in LANGS:
        raise SelectionError(f"language {lang!r} is not supported; use 'en' or 'fr'")


def ordinal(n: int, lang: str = "en") -> str:
    """``1st``, ``2nd``, ``11th``; French ``1er``, ``2e``."""
    if lang == "fr":
        return "1er" if n == 1 else f"{n}e"
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def rank_text(rank: int, lower: int, upper: int, n: int, lang: str = "en") -> str:
    """``"3rd of 14 (between 2nd and 5th)"`` or ``"3e sur 14 (entre 2e et 5e)"``."""
    check_lang(lang)
    if lang == "fr":
        base = f"{ordinal(rank, 'fr')} sur {n}"
        return base if lower == upper else f"{base} (entre {ordinal(lower, 'fr')} et {ordinal(upper, 'fr')})"
    base = f"{ordinal(rank)} of {n}"
    return base if lower == upper else f"{base} (between {ordinal(lower)} and {ordinal(upper)})"


def unit_word(unit: str, lang: str, *, short: bool = True) -> str:
    """The unit of a difference: ``pp`` (``points`` in French), ``index points``, or nothing."""
    if unit == "percent":
        return ("pp" if short else "percentage points") if lang == "en" else "points"
    if unit == "index":
        return "index points" if lang == "en" else "points d'indice"
    return ""


def _unit_suffix(unit: str, lang: str) -> str:
    if unit == "percent":
        return " %" if lang == "fr" else "%"
    if unit == "pp":
        return " pp" if lang == "en" else " points"
    return ""


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
    if lang not in QUALIFIER_WORDS:
        raise ValueError(f"language {lang!r} is not one of {', '.join(QUALIFIER_WORDS)}")
    suffix = _unit_suffix(unit, lang)
    prefix = "index " if unit == "index" and lang == "en" else "indice " if unit == "index" else ""
    if qualifier == "approx" and not reads_as_about:
        lo = format_number(lower, decimals, lang)
        hi = format_number(upper, decimals, lang)
        return f"{prefix}{lo}-{hi}{suffix}"
    return f"{QUALIFIER_WORDS[lang][qualifier]}{prefix}{format_number(value, decimals, lang)}{suffix}"


def p_clause(p: float, lang: str = "en") -> str:
    """``"p < 0.001"``, ``"p = 0.293"`` (Holm-adjusted), ``""`` without a p-value."""
    if p is None or math.isnan(p):
        return ""
    if p < 0.001:
        return "p < 0,001" if lang == "fr" else "p < 0.001"
    return f"p = {format_number(p, 3, lang)}"


def diff_phrase(
    verdict: str,
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
    """Words for a difference seen from the focus.

    English follows "lower than Mexico (52%)": ``"by 25 pp (between 24 and 26)"``; French
    follows "Mexique (52 %) :": ``"en retrait de 25 points (entre 24 et 26)"``.
    """
    u = unit_word(unit, lang)
    us = f" {u}" if u else ""
    d0 = decimals - 1 if decimals > 0 else 0
    has_point = not math.isnan(diff)
    fr = lang == "fr"
    sep = " ; " if fr else "; "
    extra = f"{sep}{p_note}" if p_note else ""
    alone = f" ({p_note})" if p_note else ""

    def num(x: float, d: int, *, sign: bool = False) -> str:
        return format_number(x, d, lang, sign=sign, strip=True)

    if verdict in ("higher", "lower"):
        low, high, low_open = (lo, hi, lo_open) if verdict == "higher" else (-hi, -lo, hi_open)
        if fr:
            head = "en avance de" if verdict == "higher" else "en retrait de"
            if not has_point:
                word = "plus de" if low_open else "au moins"
                return f"{head} {word} {num(low, decimals)}{us}{alone}"
            return f"{head} {num(abs(diff), d0)}{us} (entre {num(low, decimals)} et {num(high, decimals)}{extra})"
        if not has_point:
            word = "more than" if low_open else "at least"
            return f"by {word} {num(low, decimals)}{us}{alone}"
        return f"by {num(abs(diff), d0)}{us} (between {num(low, decimals)} and {num(high, decimals)}{extra})"
    lo_t, hi_t = num(lo, decimals, sign=True), num(hi, decimals, sign=True)
    if fr:
        tail = "pas de différence significative" if verdict == "indistinguishable" else "différence incertaine"
        if not has_point:
            return f"écart entre {lo_t} et {hi_t}{us}{alone}, {tail}"
        return f"écart de {num(diff, d0, sign=True)}{us} (entre {lo_t} et {hi_t}{extra}), {tail}"
    if not has_point:
        return f"difference between {lo_t} and {hi_t}{us}{alone}"
    return f"difference {num(diff, d0, sign=True)}{us} (from {lo_t} to {hi_t}{extra})"
