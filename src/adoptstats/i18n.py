"""Languages: message catalogues, CLDR numbers, lists, ordinals and dates.

Every sentence adoptstats writes for a reader is an English message looked up in a gettext
catalogue (``adoptstats/locale/<lang>/LC_MESSAGES/adoptstats.mo``) and filled with
``str.format`` fields.  Numbers, percent signs, lists, ordinals and dates follow the
Unicode CLDR through Babel.  Plugins add catalogues of their own with
:func:`register_catalogue` (see the ``adoptstats_register_catalogues`` hook).

>>> from adoptstats.i18n import format_list, ordinal, tr
>>> tr("Sources", "de")
'Quellen'
>>> ordinal(13, "en"), ordinal(13, "fr"), ordinal(13, "nl"), ordinal(13, "de")
('13th', '13e', '13de', '13.')
>>> format_list(["Spain", "France", "World"], "nl")
'Spain, France en World'
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import locale
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from adoptstats.errors import SelectionError

__all__ = [
    "DOMAIN",
    "LANGS",
    "LOCALE_DIR",
    "LanguageError",
    "NumberSymbols",
    "catalogues",
    "check_lang",
    "default_lang",
    "format_date",
    "format_list",
    "marked",
    "ntr",
    "number_symbols",
    "ordinal",
    "ptr",
    "register_catalogue",
    "tr",
    "translations",
]

#: The languages adoptstats writes.  Adding one: a catalogue under :data:`LOCALE_DIR` and its code here.
LANGS: tuple[str, ...] = ("en", "fr", "nl", "de")

#: The gettext domain of the core catalogues.
DOMAIN = "adoptstats"

#: Where the core catalogues live: ``<lang>/LC_MESSAGES/adoptstats.po`` and its compiled ``.mo``.
LOCALE_DIR = Path(__file__).parent / "locale"

#: Catalogues added by plugins, in registration order: ``(domain, folder)``.
_EXTRA: list[tuple[str, Path]] = []


class LanguageError(SelectionError):
    """A language adoptstats does not write; the message lists those it does."""

    def __init__(self, lang: object) -> None:
        super().__init__(f"unknown language {lang!r} for {{lang}}: adoptstats writes {', '.join(LANGS)}")
        self.naming(lang=...)


def check_lang(lang: object) -> str:
    """Return ``lang`` when adoptstats writes it; otherwise raise :class:`LanguageError` listing the four."""
    if not isinstance(lang, str) or lang not in LANGS:
        raise LanguageError(lang)
    return lang


def marked(message: str) -> str:
    """Mark ``message`` for the catalogues without translating it (for labels kept as data)."""
    return message


def register_catalogue(domain: str, folder: str | Path) -> None:
    """Add a plugin's catalogues (``folder/<lang>/LC_MESSAGES/<domain>.mo``) after the core ones.

    Messages the core catalogue lacks (a plugin's concept labels) are looked up there.
    Registering the same pair twice has no effect.
    """
    entry = (domain, Path(folder))
    if entry not in _EXTRA:
        _EXTRA.append(entry)
        translations.cache_clear()


def catalogues() -> list[tuple[str, Path]]:
    """Every catalogue looked up, core first: ``(domain, folder)`` pairs."""
    return [(DOMAIN, LOCALE_DIR), *_EXTRA]


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The translations of ``lang``: the core catalogue, then each plugin's, as fallbacks."""
    check_lang(lang)
    first: gettext.NullTranslations | None = None
    for domain, folder in catalogues():
        found = gettext.translation(domain, folder, languages=[lang], fallback=True)
        if first is None:
            first = found
        elif type(found) is not gettext.NullTranslations:
            first.add_fallback(found)
    assert first is not None
    return first


def tr(message: str, lang: str, /, **values: object) -> str:
    """``message`` in ``lang``, its ``{fields}`` filled with ``values``."""
    text = translations(lang).gettext(message)
    return text.format(**values) if values else text


def ntr(singular: str, plural: str, n: int, lang: str, /, **values: object) -> str:
    """The singular or plural form for ``n`` (``n`` is also a field), by the language's plural rule."""
    return translations(lang).ngettext(singular, plural, n).format(n=n, **values)


def ptr(context: str, message: str, lang: str, /, **values: object) -> str:
    """``message`` in ``lang`` within ``context`` (the same English word in two roles)."""
    text = translations(lang).pgettext(context, message)
    return text.format(**values) if values else text


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language to write when none is given: ``ADOPTSTATS_LANG``, then the user's locale, then English.

    An unknown ``ADOPTSTATS_LANG`` raises :class:`LanguageError`; a locale in another
    language falls back to English.
    """
    env = os.environ if environ is None else environ
    chosen = env.get("ADOPTSTATS_LANG", "").strip()
    if chosen:
        try:
            return check_lang(chosen.lower())
        except LanguageError:
            raise LanguageError(chosen) from None
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in LANGS else "en"
    if environ is None:
        code = (locale.getlocale()[0] or "").split("_")[0].lower()
        if code in LANGS:
            return code
    return "en"


class NumberSymbols:
    """The CLDR symbols of one language: decimal mark, group separator, signs and percent."""

    __slots__ = ("decimal", "group", "minus", "percent_prefix", "percent_suffix", "plus")

    def __init__(self, lang: str) -> None:
        from babel import Locale

        loc = Locale.parse(lang)
        symbols = loc.number_symbols["latn"]
        self.decimal: str = symbols["decimal"]
        self.group: str = symbols["group"]
        self.minus: str = symbols["minusSign"]
        self.plus: str = symbols["plusSign"]
        pattern = loc.percent_formats[None]
        self.percent_prefix: str = pattern.prefix[0]
        self.percent_suffix: str = pattern.suffix[0]


@functools.cache
def number_symbols(lang: str) -> NumberSymbols:
    """The CLDR number symbols of ``lang`` (cached)."""
    return NumberSymbols(check_lang(lang))


def format_list(items: Iterable[str], lang: str, *, style: str = "standard") -> str:
    """``"A, B and C"`` joined the way ``lang`` joins them (CLDR list patterns)."""
    from babel.lists import format_list as babel_format_list

    words = list(items)
    if not words:
        return ""
    return babel_format_list(words, style=style, locale=check_lang(lang))  # type: ignore[arg-type]


def _nl_suffix(n: int) -> str:
    r = abs(n) % 100
    if (r == 0 and n != 0) or r in (1, 8) or r >= 20:
        return "ste"
    return "de"


def ordinal(n: int, lang: str) -> str:
    """A rank written as a numeral: ``1st``/``13th``, ``1er``/``13e``, ``1ste``/``13de``, ``13.``.

    The suffix follows the language's CLDR ordinal plural category (English, French) or
    its spelling rule (Dutch ``-ste`` after 1, 8 and from 20; German writes a full stop).
    """
    check_lang(lang)
    if lang == "de":
        return f"{n}."
    if lang == "nl":
        return f"{n}{_nl_suffix(n)}"
    from babel import Locale

    category = Locale.parse(lang).ordinal_form(n)
    suffixes = {
        "en": {"one": "st", "two": "nd", "few": "rd", "other": "th"},
        "fr": {"one": "er", "other": "e"},
    }[lang]
    return f"{n}{suffixes.get(category, suffixes['other'])}"


def format_date(value: dt.date, lang: str, *, format: str = "long") -> str:
    """A date as ``lang`` writes it (CLDR): ``4 December 2026``, ``4 décembre 2026``, ``4. Dezember 2026``."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=format, locale=check_lang(lang))
