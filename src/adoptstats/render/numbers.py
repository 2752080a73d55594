"""The one number and interval formatter every output uses.

>>> format_number(12.925, 1, "fr")
'12,9'
>>> format_number(7.57, 3, strip=True, sign=True)
'+7.57'
>>> format_interval(-0.5, 3.25, decimals=1)
'[-0.5, 3.2]'
"""

from __future__ import annotations

import math

__all__ = ["MISSING", "common_decimals", "format_interval", "format_number", "format_p"]

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
) -> str:
    """A number as text.

    ``decimals`` fixes the digits after the decimal mark (``None``: the shortest form,
    ``%g``); ``strip`` drops trailing zeros; ``sign`` writes ``+`` before positive numbers;
    ``grouping`` separates thousands (``1,025,000``; French ``1 025 000``).  French uses a
    decimal comma.  ``None`` and NaN print as ``missing``; infinities as ``∞``.
    """
    if _is_missing(x):
        return missing
    v = float(x)  # type: ignore[arg-type]
    if math.isinf(v):
        return ("+" if v > 0 and sign else "-" if v < 0 else "") + "∞"
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
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


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
) -> str:
    """``[26.5, 27.5]`` (``(40, 100]`` when the lower bound is open); French ``[26,5; 27,5]``."""
    sep = "; " if lang == "fr" else ", "
    left = "(" if lower_open else "["
    right = ")" if upper_open else "]"
    lo = format_number(lower, decimals, lang, sign=sign, strip=strip)
    hi = format_number(upper, decimals, lang, sign=sign, strip=strip)
    return f"{left}{lo}{sep}{hi}{right}"


def format_p(p: float | None, lang: str = "en") -> str:
    """A p-value: ``< 0.001`` or three decimals; ``—`` when there is none."""
    if _is_missing(p):
        return MISSING
    if float(p) < 0.001:  # type: ignore[arg-type]
        return "< 0,001" if lang == "fr" else "< 0.001"
    return format_number(p, 3, lang)


def common_decimals(*decimals: object, default: int = 1) -> int:
    """The finest published precision among inputs (``None``/NaN/``pd.NA`` ignored); ``default`` if none."""
    ds = []
    for d in decimals:
        if d is None or _is_missing(d):
            continue
        ds.append(int(d))  # type: ignore[call-overload]
    return max(ds) if ds else default
