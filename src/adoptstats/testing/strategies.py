"""Hypothesis strategies for adoptstats records and ResultSets (needs the ``testing`` extra).

>>> from adoptstats.testing.strategies import observations, result_sets  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from adoptstats.concepts import CORE_CONCEPTS, using_vocabulary
from adoptstats.records import QUALIFIERS, Citation, Estimate, Observation, Query
from adoptstats.registry import Registry
from adoptstats.resultset import ResultSet
from adoptstats.sources import Source

__all__ = ["citations", "estimates", "geos", "observations", "periods", "queries", "result_sets"]

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


@st.composite
def queries(
    draw: Any,
    source: Source,
    *,
    geos: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    options: Mapping[str, Any] | None = None,
    registry: Registry | None = None,
    indicators: Sequence[str] | None = None,
    datasets: Sequence[str] | None = None,
) -> Query:
    """Queries a source must answer (possibly with no rows), built from its own catalogue.

    Concepts, indicators and datasets come from ``source.indicators()``; geographies and
    periods from ``geos``/``periods`` (the source's coverage; default: a mix of countries,
    composites and aggregates, and the years 2005–2025).  Each filter is drawn or left
    out, so the queries range from "everything" to combinations that match nothing,
    which :func:`~adoptstats.testing.check_source` accepts when the answer is empty and
    valid.  ``options`` are passed on unchanged (a file path, an offline flag).  Give the
    ``registry`` you check the source with when its indicators depend on the vocabulary.
    ``indicators``/``datasets`` keep to a part of the catalogue (what a test server serves).

    >>> from hypothesis import given                                # doctest: +SKIP
    >>> @given(query=queries(MySource(), geos=["BE", "NL"], periods=["2021", "2023"]))  # doctest: +SKIP
    ... def test_contract(query):
    ...     check_source(MySource(), query)
    """
    if registry is not None:
        with using_vocabulary(registry.vocabulary):
            listed = list(source.indicators())
    else:
        listed = list(source.indicators())
    if indicators is not None:
        listed = [i for i in listed if i.code in indicators]
    if datasets is not None:
        listed = [i for i in listed if i.dataset in datasets]
    if not listed:
        raise ValueError(f"queries(): source {source.name!r} lists none of these indicators or datasets")
    codes = sorted({i.code for i in listed})
    concepts = sorted({i.concept for i in listed if i.concept})
    datasets = sorted({i.dataset for i in listed if i.dataset})
    geo_pool = list(geos) if geos is not None else list(_GEOS)
    period_pool = sorted(periods) if periods is not None else [str(y) for y in range(2005, 2026)]
    filters: dict[str, Any] = {"options": dict(options or {})}
    if datasets and draw(st.booleans()):
        filters["dataset"] = draw(st.sampled_from(datasets))
    which = draw(st.sampled_from(["none", "indicators", "concepts"]))
    if which == "indicators" and codes:
        filters["indicators"] = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=2, unique=True))
    elif which == "concepts" and concepts:
        filters["concepts"] = draw(st.lists(st.sampled_from(concepts), min_size=1, max_size=2, unique=True))
    if geo_pool and draw(st.booleans()):
        filters["geos"] = draw(st.lists(st.sampled_from(geo_pool), min_size=1, max_size=3, unique=True))
    when = draw(st.sampled_from(["any", "periods", "range"]))
    if when == "periods" and period_pool:
        filters["periods"] = draw(st.lists(st.sampled_from(period_pool), min_size=1, max_size=2, unique=True))
    elif when == "range" and period_pool:
        first = draw(st.sampled_from(period_pool))
        last = draw(st.sampled_from([p for p in period_pool if p >= first]))
        filters["since"], filters["until"] = draw(st.sampled_from([(first, None), (None, last), (first, last)]))
    return Query(**filters)
