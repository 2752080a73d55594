"""Typed survey results: estimates, citations, observations, queries and source metadata.

All classes are frozen, keyword-only attrs classes.  Converters are idempotent, so
``attrs.evolve(x) == x`` for every record.  Shares are stored in percent (0–100),
never as fractions.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal, cast

import attrs

from adoptstats.errors import RecordError
from adoptstats.render.wording import estimate_text

__all__ = [
    "MATCH_LEVELS",
    "QUALIFIERS",
    "UNITS",
    "Citation",
    "Estimate",
    "Indicator",
    "MatchLevel",
    "Observation",
    "Qualifier",
    "Query",
    "SourceInfo",
    "Unit",
    "normalize_period",
    "period_year",
]

Qualifier = Literal["exact", "approx", "more_than", "at_least", "less_than", "at_most"]
Unit = Literal["percent", "pp", "index", "count"]
MatchLevel = Literal["same", "close", "related"]

#: Every qualifier a published figure may carry.
QUALIFIERS: tuple[str, ...] = ("exact", "approx", "more_than", "at_least", "less_than", "at_most")
#: Units: ``percent`` (shares, 0–100), ``pp`` (differences in percentage points), ``index``, ``count``.
UNITS: tuple[str, ...] = ("percent", "pp", "index", "count")
#: How closely a native indicator matches a harmonised concept.
MATCH_LEVELS: tuple[str, ...] = ("same", "close", "related")

#: Half-width, in the value's unit, given to ``approx`` figures ("about 30%" → [27.5, 32.5]) when
#: their published precision does not already make the interval wider.
APPROX_HALF_WIDTH = 2.5

_UNIT_BOUNDS: dict[str, tuple[float, float]] = {
    "percent": (0.0, 100.0),
    "pp": (-100.0, 100.0),
    "index": (-math.inf, math.inf),
    "count": (0.0, math.inf),
}

_PERIOD_RE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]|Q[1-4]|S[12]|W(?:0[1-9]|[1-4]\d|5[0-3])))?$")


def _fail(cls: str, field: str, value: object, why: str) -> RecordError:
    return RecordError(f"{cls}.{field}: {why} (got {value!r})")


def decimals_of(value: float | int | str | decimal.Decimal) -> int:
    """Number of decimals a value was published with, read from its shortest text form.

    >>> from adoptstats.records import decimals_of
    >>> decimals_of(27), decimals_of("60.9"), decimals_of(60.90)
    (0, 1, 1)
    """
    if isinstance(value, bool):
        raise _fail("Estimate", "decimals", value, "a boolean is not a number")
    text = value if isinstance(value, str) else repr(float(value)) if isinstance(value, float) else str(value)
    try:
        d = decimal.Decimal(text.strip().replace(",", "."))
    except decimal.InvalidOperation as exc:
        raise _fail("Estimate", "value", value, "not a number") from exc
    if not d.is_finite():
        raise _fail("Estimate", "value", value, "not a finite number")
    # written text keeps its trailing zeros ("60.90" has 2 decimals); numbers use their shortest form
    exponent = (d if isinstance(value, str) else d.normalize()).as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def _to_float(value: object) -> float:
    if isinstance(value, bool):
        raise RecordError(f"expected a number, got the boolean {value!r}")
    if isinstance(value, (int, float, decimal.Decimal)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError as exc:
            raise RecordError(f"expected a number, got {value!r}") from exc
    raise RecordError(f"expected a number, got {type(value).__name__} {value!r}")


def _to_bound(value: object) -> float:
    """A bound, or NaN when it is not given (the constructor then derives both)."""
    return math.nan if value is None else _to_float(value)


def _check_choice(choices: tuple[str, ...]) -> Any:
    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            raise _fail(type(inst).__name__, attribute.name, value, f"must be one of {', '.join(choices)}")

    return check


def _check_text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise _fail(type(inst).__name__, attribute.name, value, "must be a non-empty string")


def _check_optional_text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise _fail(type(inst).__name__, attribute.name, value, "must be a non-empty string or None")


def _optional_str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return text or None


@attrs.frozen(kw_only=True)
class Estimate:
    """A published figure with the interval it stands for.

    Build one with :meth:`published` (the interval follows from the qualifier and the
    published precision) or :meth:`interval` (explicit bounds, e.g. "26–28%").  The
    constructor without ``lower`` and ``upper`` derives them as :meth:`published` does;
    explicit bounds are validated (``lower <= value <= upper``, within the unit's range).

    >>> from adoptstats import Estimate
    >>> Estimate.published(27)
    Estimate(value=27.0, lower=26.5, upper=27.5, qualifier='exact', decimals=0, unit='percent')
    >>> Estimate.published(40, qualifier="more_than").upper
    100.0
    >>> Estimate.published("60.9").lower
    60.85
    >>> Estimate(value=27, decimals=0)
    Estimate(value=27.0, lower=26.5, upper=27.5, qualifier='exact', decimals=0, unit='percent')
    >>> Estimate(value=40, qualifier="more_than").upper
    100.0
    """

    value: float = attrs.field(converter=_to_float)
    lower: float = attrs.field(default=None, converter=_to_bound)
    upper: float = attrs.field(default=None, converter=_to_bound)
    qualifier: str = attrs.field(default="exact", validator=_check_choice(QUALIFIERS))
    decimals: int | None = attrs.field(default=None)
    unit: str = attrs.field(default="percent", validator=_check_choice(UNITS))

    @decimals.validator
    def _check_decimals(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10):
            raise _fail("Estimate", "decimals", value, "must be an integer from 0 to 10, or None")

    def __attrs_post_init__(self) -> None:
        missing = [name for name in ("lower", "upper") if math.isnan(getattr(self, name))]
        if len(missing) == 1:
            raise RecordError(
                f"Estimate: {missing[0]} is missing; give both lower and upper, or neither "
                "(the interval is then derived from the value, qualifier and decimals, as Estimate.published does)"
            )
        if missing and math.isfinite(self.value):
            derived = Estimate.published(self.value, qualifier=self.qualifier, decimals=self.decimals, unit=self.unit)
            # a frozen class sets its own derived fields during initialisation only
            object.__setattr__(self, "lower", derived.lower)
            object.__setattr__(self, "upper", derived.upper)
            object.__setattr__(self, "decimals", derived.decimals)
        for name in ("value", "lower", "upper"):
            v = getattr(self, name)
            if math.isnan(v):
                raise _fail("Estimate", name, v, "must not be NaN")
        if not self.lower <= self.value <= self.upper:
            raise RecordError(
                f"Estimate: lower <= value <= upper does not hold ({self.lower} <= {self.value} <= {self.upper})"
            )
        lo, hi = _UNIT_BOUNDS[self.unit]
        if (self.qualifier == "more_than" and self.lower >= hi) or (self.qualifier == "less_than" and self.upper <= lo):
            raise RecordError(
                f"Estimate: {self.qualifier.replace('_', ' ')} {self.value:g} is impossible in unit {self.unit!r} "
                f"[{lo}, {hi}]"
            )
        if self.lower < lo or self.upper > hi:
            raise RecordError(
                f"Estimate: the interval [{self.lower}, {self.upper}] leaves the range "
                f"of unit {self.unit!r} [{lo}, {hi}]"
                + ("; shares are stored in percent (0-100)" if self.unit == "percent" else "")
            )

    @classmethod
    def published(
        cls,
        value: float | int | str | decimal.Decimal,
        *,
        qualifier: str = "exact",
        decimals: int | None = None,
        unit: str = "percent",
    ) -> Estimate:
        """The estimate a published figure stands for.

        ``decimals`` is the published precision; when omitted it is read from ``value``
        (``27`` → 0, ``"60.90"`` → 2).  An exact figure stands for the interval of values
        that round to it; ``more_than``/``at_least`` run up to the unit's maximum (100 for
        percent), ``less_than``/``at_most`` down to its minimum; ``approx`` widens the
        rounding interval to at least ± :data:`~adoptstats.records.APPROX_HALF_WIDTH`.
        """
        if qualifier not in QUALIFIERS:
            raise _fail("Estimate", "qualifier", qualifier, f"must be one of {', '.join(QUALIFIERS)}")
        if unit not in UNITS:
            raise _fail("Estimate", "unit", unit, f"must be one of {', '.join(UNITS)}")
        v = _to_float(value)
        if not math.isfinite(v):
            raise _fail("Estimate", "value", value, "must be a finite number")
        if decimals is None:
            decimals = decimals_of(value)
        half = 0.5 * 10.0**-decimals
        lo, hi = _UNIT_BOUNDS[unit]
        if not lo <= v <= hi:
            raise _fail(
                "Estimate",
                "value",
                value,
                f"outside the range of unit {unit!r} [{lo}, {hi}]"
                + ("; shares are stored in percent (0-100)" if unit == "percent" else ""),
            )
        if qualifier == "exact":
            lower, upper = v - half, v + half
        elif qualifier == "approx":
            width = max(half, APPROX_HALF_WIDTH)
            lower, upper = v - width, v + width
        elif qualifier in ("more_than", "at_least"):
            lower, upper = v, hi
        else:  # less_than, at_most
            lower, upper = lo, v
        lower = round(max(lower, lo), decimals + 2)
        upper = round(min(upper, hi), decimals + 2)
        return cls(value=v, lower=lower, upper=upper, qualifier=qualifier, decimals=decimals, unit=unit)

    @classmethod
    def interval(
        cls,
        lower: float,
        upper: float,
        *,
        value: float | None = None,
        decimals: int | None = None,
        unit: str = "percent",
    ) -> Estimate:
        """An estimate published as a range ("26–28%"); ``value`` defaults to the midpoint."""
        lo, hi = _to_float(lower), _to_float(upper)
        if lo > hi:
            raise RecordError(f"Estimate.interval: lower {lo} is above upper {hi}")
        mid = (lo + hi) / 2 if value is None else _to_float(value)
        return cls(value=mid, lower=lo, upper=hi, qualifier="approx", decimals=decimals, unit=unit)

    @property
    def open_lower(self) -> bool:
        """True when the lower bound itself is excluded ("more than 40%")."""
        return self.qualifier == "more_than"

    @property
    def open_upper(self) -> bool:
        """True when the upper bound itself is excluded ("less than 10%")."""
        return self.qualifier == "less_than"

    def text(self, lang: str = "en") -> str:
        """The figure as a person would write it: ``"27%"``, ``"more than 40%"``, ``"plus de 40 %"``."""
        return estimate_text(
            self.value,
            self.lower,
            self.upper,
            self.qualifier,
            self.decimals,
            self.unit,
            lang,
            reads_as_about=self.qualifier != "approx" or self._reads_as_about(),
        )

    def _reads_as_about(self) -> bool:
        """Whether "about X" stands for exactly this estimate.

        True when X prints without rounding and ``Estimate.published(X, qualifier="approx")``
        gives the same interval, clipped to the unit's range ("about 1%" is [0, 3.5]).
        """
        if self.decimals is not None and round(self.value, self.decimals) != self.value:
            return False
        about = Estimate.published(self.value, qualifier="approx", decimals=self.decimals, unit=self.unit)
        return abs(about.lower - self.lower) <= 1e-9 and abs(about.upper - self.upper) <= 1e-9


def _to_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError as exc:
            raise RecordError(f"expected an ISO date (YYYY-MM-DD), got {value!r}") from exc
    raise RecordError(f"expected a date, got {type(value).__name__} {value!r}")


def _to_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "1", "primary", "y"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "no", "0", "secondary", "n", ""):
        return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise RecordError(f"expected true or false, got {value!r}")


@attrs.frozen(kw_only=True)
class Citation:
    """Who said so: the publication a figure was read from.

    ``primary`` is true for the survey owner's own publication, false for press or
    other secondary reports.  ``id`` is a stable hash of the content, so the same
    citation built twice has the same id.
    """

    publisher: str = attrs.field(validator=_check_text)
    title: str | None = attrs.field(default=None, converter=_optional_str)
    url: str | None = attrs.field(default=None, converter=_optional_str)
    quote: str | None = attrs.field(default=None, converter=_optional_str)
    table: str | None = attrs.field(default=None, converter=_optional_str)
    published: dt.date | None = attrs.field(default=None, converter=_to_date)
    accessed: dt.date | None = attrs.field(default=None, converter=_to_date)
    primary: bool = attrs.field(default=False, converter=_to_bool)

    @url.validator
    def _check_url(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and not re.match(r"^(https?|file)://\S+$", value):
            raise _fail("Citation", "url", value, "must be an http(s) URL without spaces")

    @property
    def id(self) -> str:
        """Stable content hash (12 hex digits) used as the key in a ResultSet's citations table."""
        parts = [
            self.publisher,
            self.title or "",
            self.url or "",
            self.quote or "",
            self.table or "",
            self.published.isoformat() if self.published else "",
            self.accessed.isoformat() if self.accessed else "",
            "1" if self.primary else "0",
        ]
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]

    def text(self) -> str:
        """A one-line reference: publisher, title, date, URL."""
        bits = [self.publisher]
        if self.title:
            bits.append(f"“{self.title}”")
        if self.published:
            bits.append(self.published.isoformat())
        if self.table:
            bits.append(self.table)
        if self.url:
            bits.append(self.url)
        return ", ".join(bits)


def normalize_period(value: object) -> str:
    """Canonical period text: ``YYYY``, ``YYYY-MM``, ``YYYY-Qn``, ``YYYY-Sn`` or ``YYYY-Wnn``.

    Integers and floats holding a year are accepted (``2010`` → ``"2010"``); Eurostat's
    ``2010M03`` and ``2010Q1`` forms are rewritten.

    >>> from adoptstats import normalize_period
    >>> normalize_period(2010), normalize_period("2023M03"), normalize_period("2023q1")
    ('2010', '2023-03', '2023-Q1')
    """
    if isinstance(value, bool):
        raise RecordError(f"period: expected a year or period text, got {value!r}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().upper()
    m = re.fullmatch(r"(\d{4})-?M(\d{2})", text)
    if m:
        text = f"{m.group(1)}-{m.group(2)}"
    m = re.fullmatch(r"(\d{4})-?([QS])(\d)", text)
    if m:
        text = f"{m.group(1)}-{m.group(2)}{m.group(3)}"
    if not _PERIOD_RE.match(text):
        raise RecordError(f"period: {value!r} is not a period (YYYY, YYYY-MM, YYYY-Qn, YYYY-Sn or YYYY-Wnn)")
    return text


def period_year(period: str) -> int:
    """The calendar year a canonical period falls in."""
    return int(period[:4])


def _normalize_geo(value: object) -> str:
    from adoptstats.geo import normalize_geo

    if not isinstance(value, str):
        raise RecordError(f"geo: expected a geography code or name, got {value!r}")
    return normalize_geo(value)


def _optional_sample_size(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool):
        raise RecordError(f"sample_size: expected a positive integer, got {value!r}")
    try:
        f = float(cast(Any, value))
    except (TypeError, ValueError) as exc:
        raise RecordError(f"sample_size: expected a positive integer, got {value!r}") from exc
    if not f.is_integer() or f <= 0:
        raise RecordError(f"sample_size: expected a positive integer, got {value!r}")
    return int(f)


_CONCEPT_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def _check_concept(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not _CONCEPT_RE.match(value)):
        raise _fail(type(inst).__name__, attribute.name, value, "must look like 'area.name' (lower case, dotted)")


def _flags(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ",".join(sorted({str(v).strip() for v in value if str(v).strip()}))
    return ",".join(sorted({p.strip() for p in str(value).split(",") if p.strip()}))


def _to_datetime(value: object) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError as exc:
            raise RecordError(f"retrieved: expected an ISO date-time, got {value!r}") from exc
    if isinstance(value, dt.datetime):
        # stored in UTC; a naive time is taken to be UTC already
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
    raise RecordError(f"retrieved: expected a date-time, got {value!r}")


@attrs.frozen(kw_only=True)
class Observation:
    """One figure with everything needed to compare it: what, where, when, among whom, how sure, who said so.

    ``geo`` is normalised on the way in (``"Belgique"`` → ``"BE"``, ``"Belux"`` →
    ``"BE+LU"``); ``period`` too (``2010`` → ``"2010"``).
    """

    source: str = attrs.field(validator=_check_text)
    dataset: str = attrs.field(validator=_check_text)
    indicator: str = attrs.field(validator=_check_text)
    concept: str | None = attrs.field(validator=_check_concept)
    geo: str = attrs.field(converter=_normalize_geo)
    period: str = attrs.field(converter=normalize_period)
    population: str = attrs.field(validator=_check_text)
    estimate: Estimate = attrs.field(validator=attrs.validators.instance_of(Estimate))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))
    breakdown: str = attrs.field(default="total", validator=_check_text)
    sample_size: int | None = attrs.field(default=None, converter=_optional_sample_size)
    flags: str = attrs.field(default="", converter=_flags)
    source_version: str | None = attrs.field(default=None, converter=_optional_str)
    retrieved: dt.datetime | None = attrs.field(default=None, converter=_to_datetime)

    @property
    def value(self) -> float:
        """The published value (shortcut for ``estimate.value``)."""
        return self.estimate.value

    @property
    def unit(self) -> str:
        """The unit (shortcut for ``estimate.unit``)."""
        return self.estimate.unit


def _str_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (str(value),)
    if isinstance(value, Iterable):
        return tuple(str(v) for v in value)
    raise RecordError(f"expected a string or a list of strings, got {value!r}")


def _geo_tuple(value: object) -> tuple[str, ...]:
    from adoptstats.geo import normalize_geo

    return tuple(normalize_geo(v) for v in _str_tuple(value))


def _period_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = [value]
    return tuple(normalize_period(v) for v in _str_tuple(value) if v)


def _optional_period(value: object) -> str | None:
    if value is None or value == "":
        return None
    return normalize_period(value)


def _options(value: object) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    raise RecordError(f"Query.options: expected a mapping, got {value!r}")


@attrs.frozen(kw_only=True)
class Query:
    """What to fetch from a source.  Empty filters mean "everything".

    Geographies and periods are normalised, so ``Query(geos="Belux")`` asks for ``BE+LU``.
    ``options`` carries source-specific arguments (``size_class`` for Eurostat, ``path``
    for manual files, ...).
    """

    dataset: str | None = attrs.field(default=None, converter=_optional_str)
    indicators: tuple[str, ...] = attrs.field(factory=tuple, converter=_str_tuple)
    concepts: tuple[str, ...] = attrs.field(factory=tuple, converter=_str_tuple)
    geos: tuple[str, ...] = attrs.field(factory=tuple, converter=_geo_tuple)
    periods: tuple[str, ...] = attrs.field(factory=tuple, converter=_period_tuple)
    since: str | None = attrs.field(default=None, converter=_optional_period)
    until: str | None = attrs.field(default=None, converter=_optional_period)
    options: dict[str, Any] = attrs.field(factory=dict, converter=_options, hash=False)

    def __attrs_post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise RecordError(f"Query: since {self.since!r} is after until {self.until!r}")

    def wants_period(self, period: str) -> bool:
        """Whether a canonical period passes the ``periods``/``since``/``until`` filters."""
        if self.periods and not any(period == p or period.startswith(p + "-") for p in self.periods):
            return False
        if self.since and period[: len(self.since)] < self.since:
            return False
        return not (self.until and period[: len(self.until)] > self.until)


@attrs.frozen(kw_only=True)
class Indicator:
    """A source's native indicator and the concept it maps to, with how closely."""

    code: str = attrs.field(validator=_check_text)
    label: str = attrs.field(validator=_check_text)
    concept: str | None = attrs.field(default=None, validator=_check_concept)
    match: str = attrs.field(default="same", validator=_check_choice(MATCH_LEVELS))
    note: str | None = attrs.field(default=None, converter=_optional_str)
    dataset: str | None = attrs.field(default=None, converter=_optional_str)
    unit: str = attrs.field(default="percent", validator=_check_choice(UNITS))
    population: str | None = attrs.field(default=None, converter=_optional_str)


@attrs.frozen(kw_only=True)
class SourceInfo:
    """What a source is: title, publisher, licence, URL, coverage."""

    name: str = attrs.field(validator=_check_text)
    title: str = attrs.field(validator=_check_text)
    publisher: str = attrs.field(validator=_check_text)
    url: str | None = attrs.field(default=None, converter=_optional_str)
    licence: str | None = attrs.field(default=None, converter=_optional_str)
    description: str | None = attrs.field(default=None, converter=_optional_str)
    coverage: str | None = attrs.field(default=None, converter=_optional_str)
    population: str | None = attrs.field(default=None, converter=_optional_str)
    #: ``True`` when the source serves indicators and datasets beyond those ``indicators()``
    #: lists (a whole statistical database): the core then checks only concepts before
    #: fetching, and the source checks indicator and dataset codes itself.
    open_catalogue: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
