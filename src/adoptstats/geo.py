"""Geographies: canonical codes, names in English, French, Dutch and German, composites.

Canonical codes are ISO 3166-1 alpha-2 (``BE``), named aggregates (``WORLD``,
``EU27_2020``, ``EU28`` ...), NUTS regions (``BE1``) and composites written as sorted
codes joined by ``+`` (``BE+LU``).  Eurostat's ``EL`` and ``UK`` become ``GR`` and
``GB``.  Country data come from :mod:`pycountry` and its translations.

>>> from adoptstats.geo import geo_name, normalize_geo
>>> normalize_geo("Belgique"), normalize_geo("België"), normalize_geo("Belux")
('BE', 'BE', 'BE+LU')
>>> normalize_geo("EL"), normalize_geo("lu+be")
('GR', 'BE+LU')
>>> geo_name("BE+LU", "fr")
'Belgique-Luxembourg'
"""

from __future__ import annotations

import difflib
import functools
import gettext
import re
import unicodedata

import attrs

from adoptstats.errors import UnknownGeographyError

__all__ = [
    "AGGREGATES",
    "LANGUAGES",
    "Aggregate",
    "composite_parts",
    "from_eurostat",
    "geo_name",
    "is_composite",
    "normalize_geo",
    "to_eurostat",
]

#: Languages names are resolved in and rendered to.
LANGUAGES = ("en", "fr", "nl", "de")

#: Eurostat codes that differ from ISO 3166-1 alpha-2.
_EUROSTAT_TO_ISO = {"EL": "GR", "UK": "GB"}
_ISO_TO_EUROSTAT = {v: k for k, v in _EUROSTAT_TO_ISO.items()}


@attrs.frozen(kw_only=True)
class Aggregate:
    """A named aggregate geography (not a composite of listed parts)."""

    code: str
    names: dict[str, str]
    aliases: tuple[str, ...] = ()


#: Named aggregates understood everywhere.
AGGREGATES: dict[str, Aggregate] = {
    a.code: a
    for a in (
        Aggregate(
            code="WORLD",
            names={"en": "World", "fr": "Monde", "nl": "Wereld", "de": "Welt"},
            aliases=("worldwide", "global", "globally", "dans le monde", "wereldwijd", "weltweit", "international"),
        ),
        Aggregate(
            code="EU27_2020",
            names={
                "en": "European Union (27 countries, from 2020)",
                "fr": "Union européenne (27 pays, depuis 2020)",
                "nl": "Europese Unie (27 landen, vanaf 2020)",
                "de": "Europäische Union (27 Länder, ab 2020)",
            },
            aliases=("EU27", "EU-27", "EU 27", "UE27", "UE-27", "European Union", "Union européenne", "Europese Unie"),
        ),
        Aggregate(
            code="EU28",
            names={
                "en": "European Union (28 countries, 2013-2020)",
                "fr": "Union européenne (28 pays, 2013-2020)",
                "nl": "Europese Unie (28 landen, 2013-2020)",
                "de": "Europäische Union (28 Länder, 2013-2020)",
            },
            aliases=("EU-28", "UE28", "UE-28"),
        ),
        Aggregate(
            code="EU27_2007",
            names={
                "en": "European Union (27 countries, 2007-2013)",
                "fr": "Union européenne (27 pays, 2007-2013)",
                "nl": "Europese Unie (27 landen, 2007-2013)",
                "de": "Europäische Union (27 Länder, 2007-2013)",
            },
        ),
        Aggregate(
            code="EU15",
            names={
                "en": "European Union (15 countries)",
                "fr": "Union européenne (15 pays)",
                "nl": "Europese Unie (15 landen)",
                "de": "Europäische Union (15 Länder)",
            },
        ),
        Aggregate(
            code="EA20",
            names={
                "en": "Euro area (20 countries)",
                "fr": "Zone euro (20 pays)",
                "nl": "Eurozone (20 landen)",
                "de": "Euroraum (20 Länder)",
            },
        ),
        Aggregate(
            code="EA19",
            names={
                "en": "Euro area (19 countries)",
                "fr": "Zone euro (19 pays)",
                "nl": "Eurozone (19 landen)",
                "de": "Euroraum (19 Länder)",
            },
        ),
        Aggregate(
            code="EA",
            names={
                "en": "Euro area (changing composition)",
                "fr": "Zone euro (composition évolutive)",
                "nl": "Eurozone (wisselende samenstelling)",
                "de": "Euroraum (wechselnde Zusammensetzung)",
            },
        ),
        Aggregate(
            code="OECD",
            names={
                "en": "OECD (member countries)",
                "fr": "OCDE (pays membres)",
                "nl": "OESO (lidstaten)",
                "de": "OECD (Mitgliedstaaten)",
            },
            aliases=("OCDE", "OESO", "OECD total", "OECD countries"),
        ),
        Aggregate(
            code="XK",
            names={"en": "Kosovo", "fr": "Kosovo", "nl": "Kosovo", "de": "Kosovo"},
        ),
    )
}

#: Names of composites that have a name of their own.
_COMPOSITE_NAMES: dict[str, dict[str, str]] = {
    "BE+LU": {
        "en": "Belgium-Luxembourg",
        "fr": "Belgique-Luxembourg",
        "nl": "België-Luxemburg",
        "de": "Belgien-Luxemburg",
    },
    "BE+LU+NL": {"en": "Benelux", "fr": "Benelux", "nl": "Benelux", "de": "Benelux"},
}

#: Extra spellings (any language) for countries and composites.
_ALIASES: dict[str, str] = {
    "belux": "BE+LU",
    "be lux": "BE+LU",
    "belgium luxembourg": "BE+LU",
    "belgium and luxembourg": "BE+LU",
    "belgique luxembourg": "BE+LU",
    "belgique et luxembourg": "BE+LU",
    "belgie luxemburg": "BE+LU",
    "belgie en luxemburg": "BE+LU",
    "belgien luxemburg": "BE+LU",
    "belgien und luxemburg": "BE+LU",
    "benelux": "BE+LU+NL",
    "usa": "US",
    "u s": "US",
    "united states of america": "US",
    "etats unis": "US",
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "royaume uni": "GB",
    "verenigd koninkrijk": "GB",
    "grossbritannien": "GB",
    "holland": "NL",
    "the netherlands": "NL",
    "south korea": "KR",
    "coree du sud": "KR",
    "russia": "RU",
    "czechia": "CZ",
    "czech republic": "CZ",
    "turkey": "TR",
    "turkiye": "TR",
}

_CODE_RE = re.compile(r"^[A-Z]{2}$")
_NUTS_RE = re.compile(r"^([A-Z]{2})([0-9A-Z]{1,3})$")


def _key(text: str) -> str:
    """Fold a name for lookup: case, accents, punctuation and spacing do not matter."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("ß", "ss")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", stripped).split())


@functools.cache
def _iso_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


@functools.cache
def _translations() -> dict[str, gettext.NullTranslations]:
    import pycountry

    out: dict[str, gettext.NullTranslations] = {}
    for lang in LANGUAGES:
        if lang == "en":
            out[lang] = gettext.NullTranslations()
        else:
            out[lang] = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
    return out


@functools.cache
def _name_index() -> dict[str, str]:
    """Folded name → code, over every country name in every language, plus aliases."""
    import pycountry

    index: dict[str, str] = {}

    def add(name: str | None, code: str) -> None:
        if name:
            index.setdefault(_key(name), code)

    translations = _translations()
    for country in pycountry.countries:
        code = country.alpha_2
        add(country.alpha_3, code)
        for lang in LANGUAGES:
            tr = translations[lang]
            for attr in ("common_name", "name", "official_name"):
                name = getattr(country, attr, None)
                if name:
                    add(tr.gettext(name), code)
                    # "Korea, Republic of" → also "Republic of Korea"
                    if ", " in name:
                        head, _, tail = tr.gettext(name).partition(", ")
                        add(f"{tail} {head}", code)
                        add(head, code)
    for agg in AGGREGATES.values():
        add(agg.code, agg.code)
        for name in agg.names.values():
            add(name, agg.code)
        for alias in agg.aliases:
            add(alias, agg.code)
    for code, names in _COMPOSITE_NAMES.items():
        for name in names.values():
            add(name, code)
    for alias, code in _ALIASES.items():
        index[_key(alias)] = code
    return index


def _canonical_code(text: str) -> str | None:
    """The canonical code for a code-like string, or None when it is not a known code."""
    upper = text.upper()
    if upper in _EUROSTAT_TO_ISO:
        return _EUROSTAT_TO_ISO[upper]
    if upper in AGGREGATES:
        return upper
    if _CODE_RE.match(upper) and upper in _iso_codes():
        return upper
    return None


def _nuts_code(text: str) -> str | None:
    """The canonical NUTS region code for an upper-case NUTS code (``BE1``, ``EL30`` → ``GR30``)."""
    m = _NUTS_RE.match(text)
    if m and text == text.upper():
        country = _EUROSTAT_TO_ISO.get(m.group(1), m.group(1))
        if country in _iso_codes():
            return country + m.group(2)
    return None


@functools.lru_cache(maxsize=4096)
def normalize_geo(value: str) -> str:
    """The canonical code for a geography code or name, in English, French, Dutch or German.

    Idempotent: ``normalize_geo(normalize_geo(x)) == normalize_geo(x)``.  Composites
    (``"BE+LU"``, ``"Belgique+Luxembourg"``) come back as sorted codes joined by ``+``.

    :raises UnknownGeographyError: with close-match suggestions when nothing matches.
    """
    if not isinstance(value, str):
        raise UnknownGeographyError(repr(value))
    text = value.strip()
    if not text:
        raise UnknownGeographyError(value)
    code = _canonical_code(text)
    if code is not None:
        return code
    index = _name_index()
    hit = index.get(_key(text))
    if hit is not None:
        return hit
    nuts = _nuts_code(text)
    if nuts is not None:
        return nuts
    if "+" in text:
        parts: set[str] = set()
        for part in text.split("+"):
            parts.update(composite_parts(normalize_geo(part)))
        if len(parts) == 1:
            return parts.pop()
        return "+".join(sorted(parts))
    suggestions = difflib.get_close_matches(_key(text), list(index), n=3, cutoff=0.75)
    shown: list[str] = []
    for s in suggestions:
        code = index[s]
        label = f"{geo_name(code)} ({code})"
        if label not in shown:
            shown.append(label)
    raise UnknownGeographyError(value, shown)


def is_composite(code: str) -> bool:
    """Whether a canonical code is a composite of several geographies (``BE+LU``)."""
    return "+" in code


def composite_parts(code: str) -> tuple[str, ...]:
    """The parts of a composite code (``"BE+LU"`` → ``("BE", "LU")``); a plain code gives itself."""
    return tuple(code.split("+"))


def geo_name(code: str, lang: str = "en") -> str:
    """A geography's name in ``en``, ``fr``, ``nl`` or ``de``.

    >>> from adoptstats import geo_name
    >>> geo_name("NL", "fr"), geo_name("WORLD", "fr"), geo_name("GR")
    ('Pays-Bas', 'Monde', 'Greece')
    """
    if lang not in LANGUAGES:
        raise ValueError(f"geo_name: language {lang!r} is not one of {', '.join(LANGUAGES)}")
    code = normalize_geo(code)
    if code in _COMPOSITE_NAMES:
        return _COMPOSITE_NAMES[code][lang]
    if code in AGGREGATES:
        return AGGREGATES[code].names[lang]
    if is_composite(code):
        return " + ".join(geo_name(part, lang) for part in composite_parts(code))
    import pycountry

    country = pycountry.countries.get(alpha_2=code[:2])
    if country is None:  # pragma: no cover - normalize_geo only returns known codes
        return code
    name = getattr(country, "common_name", None) or country.name
    translated = _translations()[lang].gettext(name)
    return translated if len(code) == 2 else f"{translated} ({code})"


def to_eurostat(code: str) -> str:
    """The code Eurostat uses for a canonical code (``GR`` → ``EL``, ``GB`` → ``UK``)."""
    if code[:2] in _ISO_TO_EUROSTAT and (len(code) == 2 or _NUTS_RE.match(code)):
        return _ISO_TO_EUROSTAT[code[:2]] + code[2:]
    return code


def from_eurostat(code: str) -> str:
    """The canonical code for a Eurostat geo code (``EL`` → ``GR``); unknown codes raise."""
    return normalize_geo(code)
