"""Figures as people write them, in English or French, read into estimates.

``parse_value`` is the inverse of :meth:`adoptstats.Estimate.text`: whatever an estimate
prints as, in either language, reads back as the same estimate.

>>> from adoptstats_manual import parse_value
>>> parse_value("27 %")
Estimate(value=27.0, lower=26.5, upper=27.5, qualifier='exact', decimals=0, unit='percent')
>>> parse_value("plus de 40 %").qualifier
'more_than'
>>> parse_value("26–28%").lower, parse_value("26–28%").upper
(26.0, 28.0)
"""

from __future__ import annotations

import decimal
import re
import unicodedata
from collections.abc import Iterable

from adoptstats import Estimate, RecordError, ValueStringError

__all__ = ["QUALIFIER_WORDS", "UNIT_WORDS", "parse_value"]

#: The words and signs read as each qualifier, English and French.  "almost", "nearly" and
#: "près de" are read as ``approx``: they say the true figure is close, not on which side.
QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "more_than": (
        "more than",
        "over",
        "above",
        "greater than",
        "plus de",
        "au-delà de",
        "supérieur à",
        ">",
    ),
    "at_least": ("at least", "no less than", "not less than", "au moins", "pas moins de", "au minimum", ">=", "≥"),
    "less_than": ("less than", "fewer than", "under", "below", "moins de", "inférieur à", "<"),
    "at_most": (
        "at most",
        "no more than",
        "not more than",
        "up to",
        "au plus",
        "pas plus de",
        "jusqu'à",
        "au maximum",
        "<=",
        "≤",
    ),
    "approx": (
        "about",
        "around",
        "approximately",
        "roughly",
        "some",
        "almost",
        "nearly",
        "circa",
        "ca.",
        "environ",
        "près de",
        "presque",
        "quasiment",
        "approximativement",
        "autour de",
        "quelque",
        "~",
        "≈",
    ),
}

#: The unit words after a number ("index"/"indice" come before it).  "points" alone means
#: percentage points, unless the row's unit is ``index`` ("75 points" on an index).
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "percent": ("%", "percent", "per cent", "pour cent", "pct"),
    "pp": ("pp", "p.p.", "percentage points", "percentage point", "points de pourcentage", "points", "point", "pts"),
}

_ONLY = ("only", "just", "seulement", "juste")
_RANGE_OPENERS = ("between", "from", "entre", "de")
_RANGE_SEPARATORS = ("-", "–", "—", "to", "and", "à", "et")

# Words people write instead of a number, with the number to suggest and whether it is exact
# ("a third" is about 33%, "a majority" is more than 50%).
_VAGUE: dict[str, tuple[str, str]] = {
    "two thirds": ("67", "approx"),
    "deux tiers": ("67", "approx"),
    "three quarters": ("75", "exact"),
    "trois quarts": ("75", "exact"),
    "two fifths": ("40", "exact"),
    "deux cinquièmes": ("40", "exact"),
    "half": ("50", "exact"),
    "moitié": ("50", "exact"),
    "third": ("33", "approx"),
    "tiers": ("33", "approx"),
    "quarter": ("25", "exact"),
    "quart": ("25", "exact"),
    "fifth": ("20", "exact"),
    "cinquième": ("20", "exact"),
    "majority": ("50", "more_than"),
    "majorité": ("50", "more_than"),
    "most": ("50", "more_than"),
    "plupart": ("50", "more_than"),
}
_HINT_WORDS = {
    ("approx", "en"): "about",
    ("approx", "fr"): "environ",
    ("more_than", "en"): "more than",
    ("more_than", "fr"): "plus de",
}
# Words that mark a value string as French, for the language of the suggestion.
_FRENCH_WORDS = {"moitié", "tiers", "quart", "cinquième", "majorité", "plupart", "un", "une", "la", "les", "des"}
_FRENCH_WORDS |= {"plus", "moins", "environ", "près", "presque", "quasiment", "quelque", "pas", "au", "de"}


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first so that "at least" wins over "at"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_QUALIFIER_OF = {w: q for q, ws in QUALIFIER_WORDS.items() for w in ws}
_UNIT_OF = {w: u for u, ws in UNIT_WORDS.items() for w in ws}
_NUMBER = r"[+-]?(?:\d{1,3}(?: \d{3})+|\d+)(?:[.,]\d+)?"
# a qualifier word needs a space after it ("over 40"); a sign does not (">40")
_QUAL = rf"(?P<q>{_alternation(_QUALIFIER_OF)})(?:(?<=[\w.])\s+|(?<![\w.])\s*)"
_INDEX = r"(?P<ix>index|indice)\s+"
_SINGLE_RE = re.compile(
    rf"^(?:(?:{_alternation(_ONLY)})\s+)?(?:{_QUAL})?(?:{_INDEX})?(?P<n>{_NUMBER})\s*(?P<u>{_alternation(_UNIT_OF)})?$"
)
_RANGE_RE = re.compile(
    rf"^(?:{_QUAL})?(?:(?:{_alternation(_RANGE_OPENERS)})\s+)?(?:{_INDEX})?"
    rf"(?P<lo>{_NUMBER})\s*(?P<u1>{_alternation(_UNIT_OF)})?\s*(?:[-–—]|\s(?:to|and|à|et)\s)\s*"
    rf"(?P<hi>{_NUMBER})\s*(?P<u>{_alternation(_UNIT_OF)})?$"
)
_AMBIGUOUS_RE = re.compile(r"(?<![\d.,])[1-9]\d{0,2},\d{3}(?![\d.,])")
_EXAMPLES = "'27%', '27,5 %', 'more than 40%', 'plus de 40 %', 'about 50%', '26-28%'"


def _normalize(text: str) -> str:
    """Lower case, one kind of space, apostrophe and minus sign."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2212", "-")
    return re.sub(r"\s+", " ", text).strip()


def _number(text: str) -> tuple[float, int]:
    """The value and published decimals of a number written with a decimal point or comma."""
    plain = text.replace(" ", "").replace(",", ".")
    exponent = decimal.Decimal(plain).as_tuple().exponent
    assert isinstance(exponent, int)
    return float(plain), max(0, -exponent)


def _resolve_unit(written: str | None, unit: str | None, text: str) -> str:
    """The unit of a value string, from its own words (``written``) and the row's ``unit``."""
    said = None if written is None else "index" if written in ("index", "indice") else _UNIT_OF[written]
    if said == "pp" and unit == "index" and written in ("points", "point", "pts"):
        said = "index"  # "75 points" on an index
    if said is None:
        return unit or "percent"
    if unit is not None and said != unit:
        raise ValueStringError(f"{text!r} is in {said}, but the unit given is {unit!r}; make them agree")
    return said


def _vague_hint(norm: str) -> str | None:
    """What to write instead of words with no number ("almost half" → "almost 50%"), if known."""
    norm = re.sub(r"\bd'", "de ", norm)  # "plus d'un quart" → "plus de un quart"
    french = bool(_FRENCH_WORDS & set(norm.split()))
    rest = re.sub(rf"^(?:{_alternation(_ONLY)})\s+", "", norm)
    said = re.match(rf"(?:{_alternation(_QUALIFIER_OF)})(?=\s|$)", rest)
    word = said.group(0) if said else ""
    rest = rest[len(word) :]
    found = next((v for phrase, v in _VAGUE.items() if phrase in rest), None)
    if found is None:
        return None
    number, qualifier = found
    if not word and qualifier != "exact":
        word = _HINT_WORDS[qualifier, "fr" if french else "en"]
    return f"{word} {number}{' %' if french else '%'}".strip()


def parse_value(text: str | int | float, *, unit: str | None = None) -> Estimate:
    """Read a figure as people write it ("27 %", "plus de 40 %", "26-28%") into an :class:`~adoptstats.Estimate`.

    ``unit`` is the row's unit (``percent``, ``pp``, ``index`` or ``count``); when it is
    ``None`` the unit comes from the text (``%`` → percent, ``pp``/``points`` →
    percentage points, ``index 75`` → index) and a bare number is a percent.  The
    published precision is kept: ``"27,5 %"`` has one decimal, so it stands for
    [27.45, 27.55].  A comma is a decimal comma; write thousands without a separator
    (``1500``) or with spaces (``1 500``).

    :raises ValueStringError: when the text is not a figure, names no number ("almost
        half": the message suggests what to write instead), or leaves the unit's range.
    """
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise ValueStringError(f"expected a value string such as {_EXAMPLES}, got {text!r}")
    raw = text if isinstance(text, str) else repr(text)
    norm = _normalize(raw)
    if not norm:
        raise ValueStringError(f"the value is empty; write a figure such as {_EXAMPLES}")
    if not any(ch.isdigit() for ch in norm):
        hint = _vague_hint(norm)
        example = repr(hint) if hint else _EXAMPLES
        raise ValueStringError(
            f"{raw!r} gives no number; write the figure in digits with its qualifier, e.g. {example}, "
            "and keep the original words in the quote column"
        )
    ambiguous = _AMBIGUOUS_RE.search(norm)
    if ambiguous:
        n = ambiguous.group(0)
        raise ValueStringError(
            f"{raw!r}: {n!r} is ambiguous (a thousands separator in English, a decimal comma in French); "
            f"write {n.replace(',', '')!r} or {n.replace(',', '.')!r}"
        )
    try:
        single = _SINGLE_RE.match(norm)
        if single:
            value, decimals = _number(single["n"])
            qualifier = _QUALIFIER_OF[single["q"]] if single["q"] else "exact"
            row_unit = _resolve_unit(single["ix"] or single["u"], unit, raw)
            return Estimate.published(value, qualifier=qualifier, decimals=decimals, unit=row_unit)
        span = _RANGE_RE.match(norm)
        if span:
            if span["q"] and _QUALIFIER_OF[span["q"]] != "approx":
                raise ValueStringError(f"{raw!r}: a range cannot also be {span['q']!r}")
            if span["u"] and span["u1"] and _UNIT_OF[span["u"]] != _UNIT_OF[span["u1"]]:
                raise ValueStringError(f"{raw!r}: the two ends of the range are in different units")
            (lo, lo_decimals), (hi, hi_decimals) = _number(span["lo"]), _number(span["hi"])
            if lo > hi:
                raise ValueStringError(f"{raw!r}: the range runs backwards; write the lower bound first")
            row_unit = _resolve_unit(span["ix"] or span["u"] or span["u1"], unit, raw)
            return Estimate.interval(lo, hi, decimals=max(lo_decimals, hi_decimals), unit=row_unit)
    except RecordError as exc:
        raise ValueStringError(f"{raw!r}: {str(exc).split(': ', 1)[-1]}") from None
    raise ValueStringError(
        f"cannot read {raw!r} as a figure; write a number with an optional qualifier and unit, e.g. {_EXAMPLES}"
    )
