"""Hypothesis strategies for adoptstats records and ResultSets (needs the ``testing`` extra).

>>> from adoptstats.testing.strategies import observations, result_sets  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from adoptstats.concepts import CORE_CONCEPTS
from adoptstats.records import QUALIFIERS, Citation, Estimate, Observation
from adoptstats.resultset import ResultSet

__all__ = ["citations", "estimates", "geos", "observations", "periods", "result_sets"]

_GEOS = ("BE", "LU", "NL", "ES", "MX", "FR", "DE", "GR", "GB", "BE+LU", "WORLD", "EU27_2020")
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and bool(s)
)


def geos() -> st.SearchStrategy[str]:
    """Canonical geography codes, including composites and aggregates."""
    return st.sampled_from(_GEOS)


def periods() -> st.SearchStrategy[str]:
    """Canonical periods: years, months and quarters."""
    years = st.integers(min_value=1995, max_value=2035)
    return st.one_of(
        years.map(str),
        st.tuples(years, st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
        st.tuples(years, st.integers(1, 4)).map(lambda t: f"{t[0]}-Q{t[1]}"),
    )


@st.composite
def estimates(draw: Any, unit: str | None = None) -> Estimate:
    """Published estimates: any qualifier, 0–2 decimals, percent unless ``unit`` is given."""
    unit = unit or draw(st.sampled_from(["percent", "percent", "percent", "index", "pp", "count"]))
    decimals = draw(st.integers(min_value=0, max_value=2))
    qualifier = draw(st.sampled_from(QUALIFIERS))
    lo, hi = {"percent": (0, 100), "pp": (-100, 100), "index": (0, 300), "count": (0, 100000)}[unit]
    steps = draw(st.integers(min_value=lo * 10**decimals, max_value=hi * 10**decimals))
    value = round(steps / 10**decimals, decimals)
    if (qualifier == "more_than" and value >= hi) or (qualifier == "less_than" and value <= lo):
        qualifier = "exact"  # "more than 100%" and "less than 0%" are impossible
    return Estimate.published(value, qualifier=qualifier, decimals=decimals, unit=unit)


def citations() -> st.SearchStrategy[Citation]:
    """Citations with a publisher, optional title and quote, an https URL."""
    return st.builds(
        Citation,
        publisher=_TEXT,
        title=st.none() | _TEXT,
        url=st.none() | st.from_regex(r"https://example\.org/[a-z0-9]{1,12}", fullmatch=True),
        quote=st.none() | _TEXT,
        published=st.none() | st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
        primary=st.booleans(),
    )


@st.composite
def observations(draw: Any, source: str = "test") -> Observation:
    """Observations of core concepts with random geographies, periods, estimates and citations."""
    concept = draw(st.sampled_from(CORE_CONCEPTS))
    return Observation(
        source=source,
        dataset=draw(st.sampled_from(["survey_a", "survey_b"])),
        indicator=draw(st.sampled_from(["IND_A", "IND_B", "IND_C"])),
        concept=concept.name,
        geo=draw(geos()),
        period=draw(periods()),
        population=draw(st.sampled_from(["enterprises 10+ persons employed", "business people"])),
        breakdown=draw(st.sampled_from(["total", "size:small", "size:large"])),
        estimate=draw(estimates(unit="percent")),
        citation=draw(citations()),
        sample_size=draw(st.none() | st.integers(min_value=1, max_value=20000)),
        flags=draw(st.sampled_from(["", "e", "b,e", "uncertain"])),
        source_version=draw(st.none() | st.just("2024-12-01")),
        retrieved=draw(
            st.none()
            | st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
                lambda d: d.replace(tzinfo=dt.UTC)
            )
        ),
    )


def result_sets(source: str = "test", max_size: int = 20) -> st.SearchStrategy[ResultSet]:
    """ResultSets of 0 to ``max_size`` random observations."""
    return st.lists(observations(source), max_size=max_size).map(ResultSet.from_records)
