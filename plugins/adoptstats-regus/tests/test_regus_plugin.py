"""The installed plugin: entry point, hooks, contract."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from hypothesis import given, settings

import adoptstats
import adoptstats_regus
from adoptstats.testing import check_source, registry_for
from adoptstats.testing.strategies import queries
from adoptstats_regus import bundled

BAD_QUERIES: list[dict[str, Any]] = [
    {"concept": "social_media.customer_aquisition"},
    {"concept": "no_such.concept"},
    {"indicator": "new_customers"},
    {"dataset": "social_success"},
    {"edition": 2009},
    {"edition": "twenty-ten"},
    {"primary_only": "yes"},
    {"include_uncertain": 1},
    {"breakdown": "size:tiny"},
    {"geo": "Atlantis"},
    {"period": "last year"},
    {"colour": "blue"},
]


def test_entry_point_is_discovered(registry: adoptstats.Registry) -> None:
    assert "regus" in registry.names
    assert isinstance(registry.get("regus"), adoptstats_regus.RegusSource)
    (info,) = [p for p in registry.plugins() if p.name == "regus"]
    assert info.status == "loaded"
    assert info.distribution == "adoptstats-regus"
    assert info.version == adoptstats_regus.__version__ == "0.1.0"
    assert info.sources == ("regus",)
    assert set(info.hooks) == {
        "adoptstats_register_sources",
        "adoptstats_register_concepts",
        "adoptstats_register_catalogues",
    }


def test_default_registry_and_list_plugins() -> None:
    try:
        adoptstats.refresh(only=["regus"])
        assert isinstance(adoptstats.get_source("regus"), adoptstats_regus.RegusSource)
        (info,) = [p for p in adoptstats.list_plugins() if p.name == "regus"]
        assert (info.distribution, info.version, info.status) == ("adoptstats-regus", "0.1.0", "loaded")
        row = adoptstats.list_sources().set_index("name").loc["regus"]
        assert row["publisher"] == "Regus"
        assert row["distribution"] == "adoptstats-regus"
    finally:
        # leave the default registry as other tests expect it: built from every installed plugin
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", adoptstats.AdoptstatsPluginWarning)
            adoptstats.refresh()


def test_contract_default_query(registry: adoptstats.Registry) -> None:
    source = registry.get("regus")
    result = check_source(source, bad_queries=BAD_QUERIES)
    assert len(result) > 100


@pytest.mark.parametrize(
    "filters",
    [
        {"geo": ["Belux", "Pays-Bas"], "period": 2010},
        {"concept": "social_media.marketing_budget", "since": 2011},
        {"indicator": "activity_index", "until": 2010},
        {"dataset": "social_recovery_2011", "geo": "WORLD"},
        {"concept": "social_media.business_contacts", "include_uncertain": True},
        {"edition": 2011, "primary_only": True},
    ],
)
def test_contract_with_filters(registry: adoptstats.Registry, filters: dict[str, object]) -> None:
    source = registry.get("regus")
    check_source(source, source.query(**filters))


#: Where and when the Regus surveys have figures, plus geographies and years they do not cover.
REGUS_GEOS = ["BE+LU", "NL", "ES", "MX", "WORLD", "GB", "FR", "JP", "DE"]
REGUS_PERIODS = ["2009", "2010", "2011", "2012"]
REGUS = adoptstats_regus.RegusSource()
REGUS_REGISTRY = registry_for(REGUS)  # the core concepts and the plugin's own, nothing else installed


@settings(deadline=None)
@given(query=queries(REGUS, geos=REGUS_GEOS, periods=REGUS_PERIODS))
def test_contract_on_generated_queries(query: adoptstats.Query) -> None:
    """Queries drawn from the source's own indicators, datasets and coverage: answered, or empty and valid."""
    check_source(REGUS, query, registry=REGUS_REGISTRY)


def test_contributed_concepts_are_registered(registry: adoptstats.Registry) -> None:
    names = {c.name for c in adoptstats.list_concepts()}
    for concept in adoptstats_regus.CONTRIBUTED_CONCEPTS:
        assert concept.name in names
        got = adoptstats.get_concept(concept.name)
        assert got.contributed_by == "regus"
        assert got.definition == concept.definition
    # a second registry registers the same concepts again without conflict
    adoptstats.Registry(only=["regus"], strict=True)


def test_contributed_concepts_do_not_shadow_core(registry: adoptstats.Registry) -> None:
    core = {c.name for c in adoptstats.list_concepts() if c.contributed_by == "adoptstats"}
    assert not core & {c.name for c in adoptstats_regus.CONTRIBUTED_CONCEPTS}


def test_registration_does_no_io() -> None:
    bundled.resultset.cache_clear()
    bundled.figures.cache_clear()
    bundled._figures_raw.cache_clear()
    registered: list[object] = []
    adoptstats_regus.adoptstats_register_sources(registered.append)
    adoptstats_regus.adoptstats_register_concepts(registered.append)
    assert len(registered) == 1 + len(adoptstats_regus.CONTRIBUTED_CONCEPTS)
    assert bundled._figures_raw.cache_info().currsize == 0
    assert bundled.resultset.cache_info().currsize == 0


def test_data_read_once_per_process(registry: adoptstats.Registry) -> None:
    source = registry.get("regus")
    source.fetch(source.query())
    before = bundled._figures_raw.cache_info()
    for geo in ("BE+LU", "NL", "MX"):
        source.fetch(source.query(geo=geo))
    after = bundled._figures_raw.cache_info()
    assert after.misses == before.misses
    assert bundled.resultset.cache_info().currsize == 1


def test_info(registry: adoptstats.Registry) -> None:
    info = registry.get("regus").info()
    assert info.name == "regus"
    assert info.publisher == "Regus"
    assert info.url is not None
    assert info.url.startswith("http")
    assert info.population == "business people in the Regus global contacts database"
    assert info.coverage is not None
    for fact in ("15,000", "17,000", "80 countries", "February-March 2010", "February 2011"):
        assert fact in info.coverage
    assert info.licence is not None
    assert "quoted" in info.licence
