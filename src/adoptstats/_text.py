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
    from adoptstats.records import APPROX_HALF_WIDTH

    if lang not in _WORDS:
        raise ValueError(f"language {lang!r} is not one of {', '.join(_WORDS)}")
    e = estimate
    dec = e.decimals
    suffix = _unit_suffix(e.unit, lang)
    prefix = "index " if e.unit == "index" and lang == "en" else "indice " if e.unit == "index" else ""
    if e.qualifier == "approx":
        half = 0.5 * 10.0 ** -(dec or 0)
        width = max(half, APPROX_HALF_WIDTH)
        if abs((e.value - e.lower) - width) > 1e-9 or abs((e.upper - e.value) - width) > 1e-9:
            lo = format_number(e.lower, dec, lang)
            hi = format_number(e.upper, dec, lang)
            return f"{prefix}{lo}-{hi}{suffix}"
    return f"{_WORDS[lang][e.qualifier]}{prefix}{format_number(e.value, dec, lang)}{suffix}"
