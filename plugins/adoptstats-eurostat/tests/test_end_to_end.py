"""The issue's "done when": fetch BE, LU, NL, ES and EU27_2020 from isoc_cismt and compare BE with the rest.

Against the local server serving a CONSTRUCTED isoc_cismt answer (see tests/data/README.md):
the numbers are made up; the shape, codes and provenance handling are what is tested.
"""

from __future__ import annotations

import pytest
from eurostat_testkit import DATA_PATH, payload
from pytest_httpserver import HTTPServer

import adoptstats

HEADLINE = "constructed_isoc_cismt_E_SM1_ANY_5geo_2019-2023.json"
GEOS = ["BE", "LU", "NL", "ES", "EU27_2020"]


@pytest.fixture
def results(httpserver: HTTPServer, base_url: str, monkeypatch: pytest.MonkeyPatch) -> adoptstats.ResultSet:
    httpserver.expect_request(f"{DATA_PATH}/isoc_cismt").respond_with_data(
        payload(HEADLINE), content_type="application/json"
    )
    monkeypatch.setenv("ADOPTSTATS_EUROSTAT_URL", base_url)
    registry = adoptstats.Registry(only=["eurostat"], strict=True)
    return adoptstats.fetch("eurostat", registry=registry, dataset="isoc_cismt", indicator="E_SM1_ANY", geo=GEOS)


def test_fetch(results: adoptstats.ResultSet) -> None:
    assert sorted(results.unique("geo")) == sorted(GEOS)
    assert results.unique("concept") == ["social_media.any_use"]
    assert len(results.citations) == 1


def test_compare_belgium_with_the_others(results: adoptstats.ResultSet) -> None:
    comparison = adoptstats.compare(results, focus="BE", period=2023)
    frame = comparison.to_frame()
    assert set(frame["geo"]) == {"LU", "NL", "ES", "EU27_2020"}
    assert comparison.benchmark == "EU27_2020"
    row = frame.set_index("geo").loc["NL"]
    # constructed values: BE 80.07, NL 82.66 (two decimals: ±0.005 each)
    assert row["diff"] == pytest.approx(80.07 - 82.66)
    assert row["diff_lower"] == pytest.approx(80.07 - 82.66 - 0.01)
    assert row["verdict"] == "lower"
    assert frame.set_index("geo").loc["ES", "verdict"] == "higher"
    assert all(frame["publisher"] == "Eurostat")
    assert "Eurostat" in comparison.summary()
