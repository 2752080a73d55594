from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from adoptstats import Citation, Estimate, Indicator, Observation, Query, RecordError, SourceInfo, normalize_period
from adoptstats.records import QUALIFIERS, decimals_of
from adoptstats.testing.strategies import citations, estimates, observations

LALIBRE = Citation(
    publisher="La Libre Belgique",
    url="https://www.lalibre.be/economie/entreprises-startup/"
    "les-entreprises-belges-sont-a-la-traine-sur-les-reseaux-sociaux-51b8c1c3e4b0de6db9bcca6a",
    quote="elles ne sont que 27\u00a0% à y recourir en Belgique et au Luxembourg",
)


@pytest.mark.parametrize(
    ("value", "kwargs", "lower", "upper"),
    [
        (27, {}, 26.5, 27.5),
        ("60.9", {}, 60.85, 60.95),
        (60.9, {}, 60.85, 60.95),
        (40, {"qualifier": "more_than"}, 40.0, 100.0),
        (40, {"qualifier": "at_least"}, 40.0, 100.0),
        (10, {"qualifier": "less_than"}, 0.0, 10.0),
        (10, {"qualifier": "at_most"}, 0.0, 10.0),
        (30, {"qualifier": "approx"}, 27.5, 32.5),
        (0, {}, 0.0, 0.5),
        (100, {}, 99.5, 100.0),
        (75, {"unit": "index"}, 74.5, 75.5),
        (-3, {"unit": "pp"}, -3.5, -2.5),
        (27, {"decimals": 1}, 26.95, 27.05),
    ],
)
def test_published_interval(value: object, kwargs: dict[str, object], lower: float, upper: float) -> None:
    e = Estimate.published(value, **kwargs)  # type: ignore[arg-type]
    assert (e.lower, e.upper) == (pytest.approx(lower), pytest.approx(upper))
    assert e.lower <= e.value <= e.upper


def test_decimals_read_from_the_published_text() -> None:
    assert decimals_of(27) == 0
    assert decimals_of("60.90") == 2
    assert decimals_of("27,5") == 1
    assert Estimate.published("60.90").decimals == 2


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: Estimate.published(127), "outside the range of unit 'percent'"),
        (lambda: Estimate.published(-1), "outside the range"),
        (lambda: Estimate.published(27, qualifier="roughly"), "qualifier"),
        (lambda: Estimate.published(27, unit="fraction"), "unit"),
        (lambda: Estimate.published("abc"), "expected a number"),
        (lambda: Estimate.published(float("nan")), "finite"),
        (lambda: Estimate(value=5, lower=6, upper=7), "lower <= value <= upper"),
        (lambda: Estimate(value=True, lower=0, upper=1), "boolean"),
        (lambda: Estimate.interval(28, 26), "above upper"),
        (lambda: Estimate(value=1, lower=0, upper=2, decimals=-1), "decimals"),
    ],
)
def test_bad_estimates_raise_record_errors(call: object, match: str) -> None:
    with pytest.raises(RecordError, match=match):
        call()  # type: ignore[operator]


def test_text_forms() -> None:
    assert Estimate.published(27).text() == "27%"
    assert Estimate.published(27).text("fr") == "27\u00a0%"
    assert Estimate.published(40, qualifier="more_than").text("fr") == "plus de 40\u00a0%"
    assert Estimate.published(40, qualifier="more_than").text() == "more than 40%"
    assert Estimate.published("60.9").text("fr") == "60,9\u00a0%"
    assert Estimate.interval(26, 28).text() == "26-28%"
    assert Estimate.published(75, unit="index").text() == "index 75"


@given(estimates())
def test_interval_contains_value(e: Estimate) -> None:
    assert e.lower <= e.value <= e.upper
    if e.unit == "percent":
        assert e.lower >= 0 and e.upper <= 100


@given(st.sampled_from(QUALIFIERS), st.integers(0, 3), st.integers(0, 1000))
def test_every_qualifier_and_precision(qualifier: str, decimals: int, steps: int) -> None:
    value = round(steps / 10 ** min(decimals, 1), decimals)
    if value > 100:
        return
    if (qualifier == "more_than" and value == 100) or (qualifier == "less_than" and value == 0):
        with pytest.raises(RecordError, match="impossible"):
            Estimate.published(value, qualifier=qualifier, decimals=decimals)
        return
    e = Estimate.published(value, qualifier=qualifier, decimals=decimals)
    assert e.lower <= e.value <= e.upper


def test_citation_id_is_stable_and_content_based() -> None:
    again = Citation(publisher="La Libre Belgique", url=LALIBRE.url, quote=LALIBRE.quote)
    assert again.id == LALIBRE.id
    assert attrs.evolve(LALIBRE, primary=True).id != LALIBRE.id
    assert len(LALIBRE.id) == 12


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        ({"publisher": ""}, "publisher"),
        ({"publisher": "X", "url": "not a url"}, "url"),
        ({"publisher": "X", "published": "10/07/2010"}, "ISO date"),
        ({"publisher": "X", "primary": "maybe"}, "true or false"),
    ],
)
def test_bad_citations(fields: dict[str, object], match: str) -> None:
    with pytest.raises(RecordError, match=match):
        Citation(**fields)  # type: ignore[arg-type]


def _obs(**over: object) -> Observation:
    fields: dict[str, object] = {
        "source": "regus",
        "dataset": "social_success_2010",
        "indicator": "new_customers_via_social_networks",
        "concept": "social_media.customer_acquisition",
        "geo": "Belgique-Luxembourg",
        "period": 2010,
        "population": "business people in the Regus global contacts database",
        "estimate": Estimate.published(27),
        "citation": LALIBRE,
    }
    fields.update(over)
    return Observation(**fields)  # type: ignore[arg-type]


def test_observation_normalises_geo_and_period() -> None:
    o = _obs()
    assert o.geo == "BE+LU"
    assert o.period == "2010"
    assert o.value == 27.0 and o.unit == "percent"


def test_observation_retrieved_is_utc() -> None:
    o = _obs(retrieved="2024-05-01T10:00:00")
    assert o.retrieved == dt.datetime(2024, 5, 1, 10, tzinfo=dt.UTC)
    paris = dt.timezone(dt.timedelta(hours=2))
    assert _obs(retrieved=dt.datetime(2024, 5, 1, 12, tzinfo=paris)).retrieved == o.retrieved


@pytest.mark.parametrize(
    ("field", "value", "error", "match"),
    [
        ("geo", "Atlantis", "UnknownGeographyError", "Atlantis"),
        ("period", "2010/11", "RecordError", "period"),
        ("concept", "Social Media", "RecordError", "concept"),
        ("sample_size", 0, "RecordError", "sample_size"),
        ("sample_size", 12.5, "RecordError", "sample_size"),
        ("estimate", 27, "TypeError", "estimate"),
        ("source", "", "RecordError", "source"),
    ],
)
def test_bad_observation_fields(field: str, value: object, error: str, match: str) -> None:
    with pytest.raises(Exception, match=match) as info:
        _obs(**{field: value})
    assert type(info.value).__name__ == error


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(2010, "2010"), ("2023M03", "2023-03"), ("2023-Q1", "2023-Q1"), ("2023q2", "2023-Q2"), (2010.0, "2010")],
)
def test_normalize_period(raw: object, expected: str) -> None:
    assert normalize_period(raw) == expected


def test_query_normalises_and_checks() -> None:
    q = Query(geos=["Belux", "Pays-Bas"], periods=2010, indicators="E_SM1_ANY")
    assert q.geos == ("BE+LU", "NL")
    assert q.periods == ("2010",)
    assert q.indicators == ("E_SM1_ANY",)
    assert q.wants_period("2010") and not q.wants_period("2011")
    assert Query(since=2013, until=2015).wants_period("2014-Q2")
    with pytest.raises(RecordError, match="since"):
        Query(since=2020, until=2015)


@given(st.one_of(observations(), estimates(), citations()))
def test_evolve_is_identity(record: object) -> None:
    assert attrs.evolve(record) == record  # type: ignore[misc]


def test_evolve_identity_for_every_record_class() -> None:
    for record in (
        _obs(),
        Query(geos="BE"),
        Indicator(code="E_SM1_ANY", label="Uses any social media", concept="social_media.any_use"),
        SourceInfo(name="x", title="X", publisher="Y"),
        LALIBRE,
        Estimate.published(27),
    ):
        assert attrs.evolve(record) == record
