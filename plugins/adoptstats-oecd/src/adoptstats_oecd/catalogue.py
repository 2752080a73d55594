"""What the plugin knows without asking the service: the dataflow, its key, measures, statuses, populations.

The measures are those seen in public code and in a documented extract of the dataflow
(``research`` behind ``docs/sources/oecd.md``). Only the meanings the documentation confirms
are mapped to adoptstats concepts; :meth:`adoptstats_oecd.OECDSource.refresh_indicators`
reads the live structure and lists every measure, mapped or not.
"""

from __future__ import annotations

import attrs

from adoptstats import Indicator, QueryError, UnknownGeographyError, normalize_geo

__all__ = [
    "AGENCY",
    "DATAFLOW",
    "DATAFLOW_ID",
    "DEFAULT_ACTIVITY",
    "DEFAULT_SIZE",
    "DEFAULT_UNIT",
    "EUROSTAT_POPULATION",
    "KEY_ORDER",
    "MEASURES",
    "OECD_COLLECTED",
    "STATUSES",
    "Measure",
    "explain_flags",
    "geo_from_oecd",
    "geo_to_oecd",
    "indicators",
    "population",
]

#: Maintenance agency, dataflow id and version.
AGENCY, DATAFLOW_ID, VERSION = "OECD.STI.DEP", "DSD_ICT_B@DF_BUSINESSES", "1.0"
#: The dataflow as written in data URLs.
DATAFLOW = f"{AGENCY},{DATAFLOW_ID},{VERSION}"
#: Dimensions of the key, in order.
KEY_ORDER = ("REF_AREA", "FREQ", "MEASURE", "UNIT_MEASURE", "ACTIVITY", "SIZE_CLASS")
#: Default population: 10 or more persons employed, all activities, percentage of enterprises.
DEFAULT_SIZE, DEFAULT_ACTIVITY, DEFAULT_UNIT = "S_GE10", "_T", "PT_ENT"
#: Size classes seen in the dataflow.
SIZES = {
    "S_GE10": "10 or more persons employed",
    "S10T49": "10 to 49 persons employed",
    "S50T249": "50 to 249 persons employed",
    "S_GE250": "250 or more persons employed",
    "S_GE100": "100 or more persons employed",
}
#: Friendlier names for the ``size_class`` option.
SIZE_ALIASES = {"10+": "S_GE10", "small": "S10T49", "medium": "S50T249", "large": "S_GE250", "250+": "S_GE250"}

#: Countries whose figures the OECD collects itself (the legacy OECD.Stat metadata of ICT_BUS).
OECD_COLLECTED = ("AU", "BR", "CA", "CO", "JP", "KR", "MX", "NZ", "CH", "US")

#: Eurostat's default population, word for word, which the OECD republishes for EU members.
_EUROSTAT_SCOPE = "all activities except the financial sector (NACE Rev. 2 C-J, L-N, 95.1)"
EUROSTAT_POPULATION = f"enterprises with 10 or more persons employed, {_EUROSTAT_SCOPE}"

#: Observation statuses (``OBS_STATUS``, ``OBS_STATUS_2``, ``OBS_STATUS_3``) and their meanings.
STATUSES = {
    "A": "normal value",
    "B": "time series break",
    "D": "definition differs",
    "E": "estimated value",
    "F": "forecast value",
    "I": "imputed value",
    "M": "missing value",
    "P": "provisional value",
    "U": "low reliability",
}


@attrs.frozen(kw_only=True)
class Measure:
    """One ``MEASURE`` code: what it counts and how it maps onto an adoptstats concept."""

    code: str
    label: str
    concept: str | None = None
    match: str = "same"
    note: str | None = None


_PUBLIC_CODE = "Meaning from public code and a documented extract of the dataflow."
MEASURES: dict[str, Measure] = {
    m.code: m
    for m in (
        Measure(
            code="B1_B",
            label="Enterprises having a website",
            concept="web.website",
            note=_PUBLIC_CODE + " For EU members it is Eurostat's E_WEB, republished.",
        ),
        Measure(
            code="G3_B",
            label="Enterprises purchasing cloud computing services",
            concept="cloud.any_use",
            match="close",
            note=_PUBLIC_CODE + " Eurostat's E_CC adds 'used over the internet'.",
        ),
        Measure(
            code="G14_B",
            label="Enterprises using artificial intelligence",
            concept="ai.any_use",
            note=_PUBLIC_CODE + " Every 2021 figure carries status B (break in series).",
        ),
        Measure(code="A3E_B", label="Enterprises with a broadband download speed of at least 100 Mbit/s"),
        Measure(
            code="G7_B",
            label="Enterprises performing big data analysis",
            concept="data.big_data",
            note=_PUBLIC_CODE,
        ),
        Measure(
            code="G13_B",
            label="Enterprises using the internet of things",
            concept="iot.any_use",
            note=_PUBLIC_CODE,
        ),
        Measure(code="H1_B", label="Enterprises employing ICT specialists"),
        Measure(code="H3_B", label="Enterprises training their persons employed to develop ICT skills"),
    )
}


def population(geo: str, size: str, activity: str) -> str:
    """The population a figure is a share of, in English.

    For countries the OECD does not collect itself (EU members above all) the figure is
    Eurostat's, so the default population is worded exactly as the Eurostat plugin words it.

    >>> population("BE", "S_GE10", "_T") == EUROSTAT_POPULATION
    True
    >>> print(population("MX", "S_GE10", "_T").replace(" (", "\n("))
    enterprises with 10 or more persons employed, all activities covered by the national survey
    (MX: collected by the OECD; scope, survey and reference year differ from Eurostat)
    """
    size_text = SIZES.get(size, f"size class {size}")
    if geo not in OECD_COLLECTED:
        if size == DEFAULT_SIZE and activity == DEFAULT_ACTIVITY:
            return EUROSTAT_POPULATION
        activity_text = (
            "all activities except the financial sector" if activity == DEFAULT_ACTIVITY else f"activity {activity}"
        )
        return f"enterprises with {size_text}, {activity_text}"
    activity_text = (
        "all activities covered by the national survey" if activity == DEFAULT_ACTIVITY else f"activity {activity}"
    )
    return (
        f"enterprises with {size_text}, {activity_text} "
        f"({geo}: collected by the OECD; scope, survey and reference year differ from Eurostat)"
    )


def breakdown(size: str, activity: str) -> str:
    """``total`` for the default population, else ``size:...`` / ``activity:...`` (as the Eurostat plugin writes it)."""
    parts = []
    if size != DEFAULT_SIZE:
        parts.append(f"size:{size}")
    if activity != DEFAULT_ACTIVITY:
        parts.append(f"activity:{activity}")
    return ";".join(parts) or "total"


_FROM_OECD = {"EU27": "EU27_2020", "OECD": "OECD"}
_TO_OECD = {v: k for k, v in _FROM_OECD.items()}


def geo_to_oecd(geo: str) -> str:
    """An adoptstats geography as the OECD writes it: ``MX`` → ``MEX``, ``EU27_2020`` → ``EU27``.

    :raises QueryError: for composites (``BE+LU``) and aggregates the dataflow does not have.
    """
    code = normalize_geo(geo)
    if code in _TO_OECD:
        return _TO_OECD[code]
    import pycountry

    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if country is None:
        raise QueryError(
            f"source 'oecd': geography {code!r} is not a country or an aggregate of the OECD dataflow "
            "(countries, EU27_2020, OECD); build composites such as BE+LU with adoptstats.aggregate()"
        )
    return str(country.alpha_3)


def geo_from_oecd(code: str) -> str | None:
    """An OECD ``REF_AREA`` code as an adoptstats geography (``MEX`` → ``MX``), or ``None`` when unknown."""
    if code in _FROM_OECD:
        return _FROM_OECD[code]
    import pycountry

    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if country is None:
        return None
    try:
        return normalize_geo(str(country.alpha_2))
    except UnknownGeographyError:
        return None


def explain_flags(flags: str, labels: dict[str, str] | None = None) -> list[str]:
    """What each flag of a ``flags`` cell means: ``"B,D"`` → ``["B: time series break", "D: definition differs"]``.

    ``labels`` (the status labels of an answer or of the structure) cover codes this module lacks.
    """
    known = {**STATUSES, **(labels or {})}
    return [f"{f}: {known.get(f, 'unknown status')}" for f in flags.split(",") if f]


def indicators() -> list[Indicator]:
    """The bundled measures as :class:`~adoptstats.Indicator` records."""
    return [
        Indicator(
            code=m.code,
            label=m.label,
            concept=m.concept,
            match=m.match if m.concept else "same",
            note=m.note,
            dataset=DATAFLOW_ID,
            unit="percent",
            population=EUROSTAT_POPULATION,
        )
        for m in MEASURES.values()
    ]
