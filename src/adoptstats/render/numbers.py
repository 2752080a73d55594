"""The one number and interval formatter every output uses.

>>> from adoptstats.render.numbers import format_interval, format_number, format_percent
>>> format_number(12.925, 1, "fr")
'12,9'
>>> format_number(7.57, 3, strip=True, sign=True)
'+7.57'
>>> format_interval(-0.5, 3.25, decimals=1)
'[-0.5, 3.2]'
>>> format_interval(12.925, 13.935, decimals=1, lang="fr", outward=True)
'[12,9; 14,0]'
>>> format_number(1025000, 0, "de", grouping=True), format_percent("27", "de"), format_percent("27", "nl")
('1.025.000', '27\xa0%', '27%')

Digits are rounded by Python (so a figure prints the same in every language); the decimal
mark, group separator, signs and the percent pattern are the language's CLDR symbols.
"""

from __future__ import annotations

import functools
import math

from adoptstats.i18n import check_lang, number_symbols

__all__ = ["MISSING", "common_decimals", "format_interval", "format_number", "format_p", "format_percent"]

#: What a missing number (None or NaN) prints as.
MISSING = "—"


def _is_missing(x: object) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def format_number(
    x: float | None,
    decimals: int | None = None,
    lang: str = "en",
    *,
    sign: bool = False,
    strip: bool = False,
    grouping: bool = False,
    missing: str = MISSING,
    rounding: str = "nearest",
) -> str:
    """A number as text.

    ``decimals`` fixes the digits after the decimal mark (``None``: the shortest form,
    ``%g``); ``strip`` drops trailing zeros; ``sign`` writes ``+`` before positive numbers;
    ``grouping`` separates thousands (``1,025,000``; French ``1 025 000``).  The decimal
    mark, group separator and signs are ``lang``'s (CLDR).  ``None`` and NaN print as ``missing``; infinities as ``∞``.
    ``rounding="down"`` or ``"up"`` rounds outward, for the bounds of an interval (a bound
    never moves inward by printing it).
    """
    if _is_missing(x):
        return missing
    v = float(x)  # type: ignore[arg-type]
    if math.isinf(v):
        return ("+" if v > 0 and sign else "-" if v < 0 else "") + "∞"
    if decimals is not None and rounding in ("down", "up"):
        scale = 10.0**decimals
        scaled = round(v * scale, 6)  # forgive binary noise: 7.0649999999 is 7.065
        v = (math.floor(scaled) if rounding == "down" else math.ceil(scaled)) / scale
    if decimals is None:
        text = f"{v:,g}" if grouping else f"{v:g}"
    else:
        text = f"{v:,.{decimals}f}" if grouping else f"{v:.{decimals}f}"
        if strip and "." in text:
            text = text.rstrip("0").rstrip(".")
    if text in ("-0", "+0") or (text.startswith("-") and text.strip("-0.,") == ""):
        text = text.lstrip("-")
    if sign and v > 0 and text.strip("0.,") != "":
        text = "+" + text
    return _localise(text, lang)


@functools.cache
def _table(lang: str) -> dict[int, str]:
    sym = number_symbols(lang)
    return str.maketrans({",": sym.group, ".": sym.decimal, "-": sym.minus, "+": sym.plus})


def _localise(text: str, lang: str) -> str:
    """Python's ``-1,025.5`` in ``lang``'s symbols."""
    return text if lang == "en" else text.translate(_table(check_lang(lang)))


def format_percent(number: str, lang: str = "en") -> str:
    """A formatted number with the percent sign where ``lang`` puts it: ``27%``, ``27 %``."""
    sym = number_symbols(lang)
    return f"{sym.percent_prefix}{number}{sym.percent_suffix}"


def format_interval(
    lower: float,
    upper: float,
    *,
    decimals: int | None = None,
    lang: str = "en",
    lower_open: bool = False,
    upper_open: bool = False,
    sign: bool = False,
    strip: bool = False,
    outward: bool = False,
) -> str:
    """``[26.5, 27.5]`` (``(40, 100]`` when the lower bound is open); with a decimal comma ``[26,5; 27,5]``."""
    sep = "; " if number_symbols(lang).decimal == "," else ", "
    left = "(" if lower_open else "["
    right = ")" if upper_open else "]"
    lo = format_number(lower, decimals, lang, sign=sign, strip=strip, rounding="down" if outward else "nearest")
    hi = format_number(upper, decimals, lang, sign=sign, strip=strip, rounding="up" if outward else "nearest")
    return f"{left}{lo}{sep}{hi}{right}"


def format_p(p: float | None, lang: str = "en") -> str:
    """A p-value: ``< 0.001`` or three decimals; ``—`` when there is none."""
    if _is_missing(p):
        return MISSING
    if float(p) < 0.001:  # type: ignore[arg-type]
        return "< " + format_number(0.001, 3, lang)
    return format_number(p, 3, lang)


def common_decimals(*decimals: object, default: int = 1) -> int:
    """The decimals a figure computed from inputs of these published precisions is printed with.

    Two figures published to the same precision give a difference to that precision (whole
    numbers: whole numbers; one decimal: one decimal).  Inputs of different precision give at
    most one decimal more than the coarser one: 66.57% against 59% is a difference of 7.6
    points, not 7.57.  ``None``/NaN/``pd.NA`` are ignored; ``default`` when none is known.

    >>> from adoptstats.render.numbers import common_decimals
    >>> common_decimals(0, 0), common_decimals(1, 1), common_decimals(2, 0), common_decimals(None)
    (0, 1, 1, 1)
    """
    ds = []
    for d in decimals:
        if d is None or _is_missing(d):
            continue
        ds.append(int(d))  # type: ignore[call-overload]
    return min(max(ds), min(ds) + 1) if ds else default
