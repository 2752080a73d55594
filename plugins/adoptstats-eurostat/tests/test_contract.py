"""The installed entry point passes adoptstats' source contract, against the local server."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable

import attrs
import pytest
from eurostat_testkit import DATA_PATH, payload
from hypothesis import HealthCheck, given, settings
from pytest_httpserver import HTTPServer

import adoptstats
from adoptstats.testing import check_source, registry_for
from adoptstats.testing.strategies import queries
from adoptstats_eurostat import EurostatSource

HEADLINE = "constructed_isoc_cismt_E_SM1_ANY_5geo_2019-2023.json"


@pytest.fixture
def registry(httpserver: HTTPServer, base_url: str, monkeypatch: pytest.MonkeyPatch) -> adoptstats.Registry:
    httpserver.expect_request(f"{DATA_PATH}/isoc_cismt").respond_with_data(
        payload(HEADLINE), content_type="application/json"
    )
    monkeypatch.setenv("ADOPTSTATS_EUROSTAT_URL", base_url)
    return adoptstats.Registry(only=["eurostat"], strict=True)


def test_entry_point_is_installed() -> None:
    (ep,) = [e for e in importlib.metadata.entry_points(group="adoptstats") if e.name == "eurostat"]
    assert ep.value == "adoptstats_eurostat"
    assert ep.dist is not None and ep.dist.name == "adoptstats-eurostat"


def test_check_source_on_the_installed_entry_point(registry: adoptstats.Registry) -> None:
    entry = registry.entry("eurostat")
    assert entry.distribution == "adoptstats-eurostat"
    source = entry.source
    assert isinstance(source, EurostatSource)
    query = source.query(
        dataset="isoc_cismt", indicator="E_SM1_ANY", geo=["BE", "LU", "NL", "ES", "EU27_2020"], since=2019
    )
    result = check_source(
        source,
        query,
        bad_queries=[
            {"dataset": "isoc_cismt", "size_class": "huge"},
            {"dataset": "isoc_cismt", "lang": "it"},
            {"dataset": "not a dataset"},
            {"indicator": "E_NOT_IN_THE_CATALOGUE"},
            {},
        ],
    )
    assert len(result) == 15


def test_check_source_with_a_concept_query(registry: adoptstats.Registry) -> None:
    source = registry.entry("eurostat").source
    result = check_source(source, source.query(concept="social_media.any_use", geo=["BE", "NL"], period=2023))
    assert set(result.frame["period"]) == {"2023"}


def test_registration_does_no_io(monkeypatch: pytest.MonkeyPatch) -> None:
    # an unusable URL in the environment does not stop the plugin from loading
    monkeypatch.setenv("ADOPTSTATS_EUROSTAT_URL", "http://not-allowed.example/")
    registry = adoptstats.Registry(only=["eurostat"], strict=True)
    assert "eurostat" in registry.names


def test_the_contract_on_generated_queries(httpserver: HTTPServer, make_source: Callable[..., EurostatSource]) -> None:
    """Queries drawn from the catalogue part the local server serves: answered, or empty and valid.

    The server answers every request for isoc_cismt with the constructed headline payload
    (five geographies, 2019–2023), whatever the filters; the source must keep to what was asked.
    """
    httpserver.expect_request(f"{DATA_PATH}/isoc_cismt").respond_with_data(
        payload(HEADLINE), content_type="application/json"
    )
    source = make_source()
    registry = registry_for(source)
    drawn = queries(
        source,
        geos=["BE", "LU", "NL", "ES", "EU27_2020", "FR"],
        periods=[str(y) for y in range(2018, 2025)],
        indicators=["E_SM1_ANY"],
        datasets=["isoc_cismt"],
        registry=registry,
    )

    @settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(query=drawn)
    def run(query: adoptstats.Query) -> None:
        if not (query.dataset or query.indicators or query.concepts):
            query = attrs.evolve(query, dataset="isoc_cismt")  # the whole database is no test server's answer
        check_source(source, query, registry=registry)

    run()
