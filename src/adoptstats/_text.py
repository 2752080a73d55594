"""Figures as people write them, in English and French."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adoptstats.records import Estimate

__all__ = ["format_estimate", "format_number"]

_WORDS = {
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


def format_number(value: float, decimals: int | None, lang: str = "en") -> str:
    """A number with its published decimals; French uses a decimal comma."""
    text = f"{value:g}" if decimals is None else f"{value:.{decimals}f}"
    if lang == "fr":
        text = text.replace(".", ",")
    return text


def _unit_suffix(unit: str, lang: str) -> str:
    if unit == "percent":
        return " %" if lang == "fr" else "%"
    if unit == "pp":
        return " pp" if lang == "en" else " points"
    return ""


def format_estimate(estimate: Estimate, lang: str = "en") -> str:
    """``"27%"``, ``"more than 40%"``, ``"plus de 40 %"``, ``"26-28%"``, ``"index 75"``."""
    if lang not in _WORDS:
        raise ValueError(f"language {lang!r} is not one of {', '.join(_WORDS)}")
    e = estimate
    dec = e.decimals
    suffix = _unit_suffix(e.unit, lang)
    prefix = "index " if e.unit == "index" and lang == "en" else "indice " if e.unit == "index" else ""
    if e.qualifier == "approx" and not _reads_as_about(e):
        lo = format_number(e.lower, dec, lang)
        hi = format_number(e.upper, dec, lang)
        return f"{prefix}{lo}-{hi}{suffix}"
    return f"{_WORDS[lang][e.qualifier]}{prefix}{format_number(e.value, dec, lang)}{suffix}"


def _reads_as_about(estimate: Estimate) -> bool:
    """Whether "about X" stands for exactly this estimate.

    True when X prints without rounding and ``Estimate.published(X, qualifier="approx")``
    gives the same interval, clipped to the unit's range ("about 1%" is [0, 3.5]).
    """
    from adoptstats.records import Estimate

    e = estimate
    if e.decimals is not None and round(e.value, e.decimals) != e.value:
        return False
    about = Estimate.published(e.value, qualifier="approx", decimals=e.decimals, unit=e.unit)
    return abs(about.lower - e.lower) <= 1e-9 and abs(about.upper - e.upper) <= 1e-9
