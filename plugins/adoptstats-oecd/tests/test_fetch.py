"""Fetching from a loopback server that replays constructed answers (tests/data/README.md)."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from oecd_testkit import CSV, DATA_PATH, Sleeps, payload
from pytest_httpserver import HTTPServer
from werkzeug import Response

import adoptstats
from adoptstats import OfflineError, QueryError, SourceUnavailable
from adoptstats.testing import check_source, registry_for
from adoptstats.testing.strategies import queries
from adoptstats_oecd import OECDSource, RateLimits, explain_flags
from adoptstats_oecd.catalogue import EUROSTAT_POPULATION, geo_from_oecd, geo_to_oecd

KEY = "BEL+MEX+NLD.A.B1_B.PT_ENT._T.S_GE10"
LABELLED = "constructed_B1_B_BEL_MEX_NLD_2023_labels.csv"


def serve(server: HTTPServer, key: str = KEY, name: str = LABELLED, status: int = 200) -> None:
    server.expect_request(DATA_PATH + key).respond_with_data(payload(name), status=status, content_type=CSV)


def test_fetch_returns_cited_rows_with_flags_then_cache_then_offline(
    httpserver: HTTPServer, base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(httpserver)
    rs = adoptstats.fetch("oecd", indicator="B1_B", geo=["MX", "BE", "NL"], period=2023)
    frame = rs.to_frame(with_citations=True).set_index("geo")
    assert sorted(frame.index) == ["BE", "MX", "NL"]
    assert frame.loc["MX", "value"] == pytest.approx(41.23)
    assert frame.loc["MX", "flags"] == "D,U"
    assert frame.loc["NL", "flags"] == "B"
    assert frame.loc["BE", "flags"] == ""
    assert frame.loc["BE", "decimals"] == 2
    assert frame.loc["BE", "concept"] == "web.website"
    assert frame.loc["BE", "population"] == EUROSTAT_POPULATION
    assert "collected by the OECD" in frame.loc["MX", "population"]
    params = "startPeriod=2023&endPeriod=2023&dimensionAtObservation=AllDimensions&format=csvfilewithlabels"
    url = f"{base_url}{DATA_PATH}{KEY}?{params}"
    assert set(frame["url"]) == {url}
    assert set(frame["publisher"]) == {"OECD"}
    assert frame.loc["MX", "primary"] and not frame.loc["BE", "primary"]
    assert "CC BY 4.0" in frame.loc["BE", "quote"]
    assert len(httpserver.log) == 1
    ((request, _),) = httpserver.log
    assert request.headers["Accept"] == "application/vnd.sdmx.data+csv; version=2.0"

    again = adoptstats.fetch("oecd", indicator="B1_B", geo=["MX", "BE", "NL"], period=2023)
    assert len(httpserver.log) == 1  # from the cache
    assert again.to_frame().equals(rs.to_frame())

    httpserver.clear()
    monkeypatch.setenv("ADOPTSTATS_OFFLINE", "1")
    offline = adoptstats.fetch("oecd", indicator="B1_B", geo=["MX", "BE", "NL"], period=2023)
    assert offline.to_frame().equals(rs.to_frame())
    assert len(httpserver.log) == 0
    with pytest.raises(OfflineError, match="holds no OECD answer"):
        adoptstats.fetch("oecd", indicator="G14_B", geo=["MX"], period=2023)


def test_429_with_retry_after_is_waited_out(httpserver: HTTPServer, base_url: str) -> None:
    httpserver.expect_ordered_request(DATA_PATH + KEY).respond_with_data(
        "Too many requests", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request(DATA_PATH + KEY).respond_with_data(payload(LABELLED), content_type=CSV)
    start = time.monotonic()
    rs = adoptstats.fetch("oecd", indicator="B1_B", geo=["MX", "BE", "NL"], period=2023)
    assert time.monotonic() - start >= 1.0
    assert len(rs) == 3
    assert len(httpserver.log) == 2


def test_plain_sdmx_csv_gives_the_same_rows(httpserver: HTTPServer, base_url: str, tmp_path: Path) -> None:
    serve(httpserver, name="constructed_B1_B_BEL_MEX_NLD_2023_plain.csv")
    plain = OECDSource(cache_dir=tmp_path / "p").fetch(
        adoptstats.Query(indicators=["B1_B"], geos=["MX", "BE", "NL"], periods=["2023"])
    )
    httpserver.clear()
    serve(httpserver)
    labelled = OECDSource(cache_dir=tmp_path / "l").fetch(
        adoptstats.Query(indicators=["B1_B"], geos=["MX", "BE", "NL"], periods=["2023"])
    )
    cols = ["geo", "value", "flags", "decimals", "population"]
    assert plain.to_frame()[cols].equals(labelled.to_frame()[cols])


def test_5xx_is_retried_with_backoff_then_given_up(httpserver: HTTPServer, base_url: str, sleeps: Sleeps) -> None:
    source = OECDSource(sleep=sleeps, backoff=0.5, attempts=3)
    httpserver.expect_request(DATA_PATH + KEY).respond_with_data("busy", status=503)
    query = source.query(indicator="B1_B", geo=["MX", "BE", "NL"], period=2023)
    with pytest.raises(SourceUnavailable, match="HTTP 503"):
        source.fetch(query)
    assert sleeps == [0.5, 1.0]
    assert len(httpserver.log) == 3


def test_accept_header_falls_back_to_any(httpserver: HTTPServer, base_url: str, sleeps: Sleeps) -> None:
    def answer(request: object) -> Response:
        accept = request.headers.get("Accept")  # type: ignore[attr-defined]
        if accept != "*/*":
            return Response("Internal Server Error", status=500)
        return Response(payload(LABELLED), content_type=CSV)

    httpserver.expect_request(DATA_PATH + KEY).respond_with_handler(answer)
    rs = OECDSource(sleep=sleeps).fetch(
        adoptstats.Query(indicators=["B1_B"], geos=["MX", "BE", "NL"], periods=["2023"])
    )
    assert len(rs) == 3
    assert [r.headers["Accept"] for r, _ in httpserver.log] == ["application/vnd.sdmx.data+csv; version=2.0", "*/*"]
    assert sleeps == []


def test_404_no_records_found_is_an_empty_result_with_a_message(
    httpserver: HTTPServer, base_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    key = "BEL.A.G14_B.PT_ENT._T.S_GE10"
    httpserver.expect_request(DATA_PATH + key).respond_with_data(
        payload("constructed_404_NoRecordsFound.txt"), status=404
    )
    with caplog.at_level(logging.WARNING, logger="adoptstats_oecd"):
        rs = OECDSource().fetch(adoptstats.Query(indicators=["G14_B"], geos=["BE"], periods=["2010"]))
    assert len(rs) == 0
    assert "no records" in caplog.text and key in caplog.text


def test_other_404_is_a_query_error(httpserver: HTTPServer, base_url: str) -> None:
    httpserver.expect_request(DATA_PATH + KEY).respond_with_data("Dataflow not found", status=404)
    with pytest.raises(QueryError, match="HTTP 404.*Dataflow not found"):
        OECDSource().fetch(adoptstats.Query(indicators=["B1_B"], geos=["MX", "BE", "NL"], periods=["2023"]))


def test_a_query_too_large_is_split(httpserver: HTTPServer, base_url: str) -> None:
    httpserver.expect_request(DATA_PATH + KEY).respond_with_data("Request Entity Too Large", status=413)
    serve(httpserver, key="BEL.A.B1_B.PT_ENT._T.S_GE10", name="constructed_B1_B_BEL_2023_labels.csv")
    serve(httpserver, key="MEX+NLD.A.B1_B.PT_ENT._T.S_GE10", name="constructed_B1_B_MEX_NLD_2023_labels.csv")
    rs = OECDSource().fetch(adoptstats.Query(indicators=["B1_B"], geos=["BE", "MX", "NL"], periods=["2023"]))
    assert sorted(rs.to_frame()["geo"]) == ["BE", "MX", "NL"]
    assert [r.path.rsplit("/", 1)[1] for r, _ in httpserver.log] == [
        "BEL+MEX+NLD.A.B1_B.PT_ENT._T.S_GE10",
        "BEL.A.B1_B.PT_ENT._T.S_GE10",
        "MEX+NLD.A.B1_B.PT_ENT._T.S_GE10",
    ]


def test_rate_limit_is_shared_through_the_cache_folder_and_says_how_long(
    httpserver: HTTPServer, base_url: str, tmp_path: Path
) -> None:
    serve(httpserver)
    limits = RateLimits(queries_per_minute=1, max_wait=0)
    folder = tmp_path / "shared"
    first = OECDSource(cache_dir=folder, limits=limits)
    second = OECDSource(cache_dir=folder, limits=limits)  # another process would read the same file
    first.fetch(
        adoptstats.Query(indicators=["B1_B"], geos=["MX", "BE", "NL"], periods=["2023"], options={"refresh": True})
    )
    with pytest.raises(SourceUnavailable, match=r"1 queries a minute .* next request may go in \d+ s"):
        second.fetch(
            adoptstats.Query(indicators=["B1_B"], geos=["MX", "BE", "NL"], periods=["2023"], options={"refresh": True})
        )
    assert (folder / "ratelimit.json").is_file()


def test_rate_limit_waits_when_the_slot_is_near(tmp_path: Path, sleeps: Sleeps) -> None:
    from adoptstats_oecd.ratelimit import RateLimiter

    now = [1000.0]
    limiter = RateLimiter(tmp_path, RateLimits(queries_per_minute=2), clock=lambda: now[0], sleep=sleeps)

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    limiter.sleep = sleep
    limiter.acquire(download=True)
    now[0] += 10
    limiter.acquire(download=True)
    limiter.acquire(download=True)
    assert sleeps == [pytest.approx(50.0)]


def test_geographies_map_between_alpha3_and_adoptstats() -> None:
    assert geo_to_oecd("Mexico") == "MEX"
    assert geo_to_oecd("EU27_2020") == "EU27"
    assert geo_to_oecd("OECD") == "OECD"
    assert geo_from_oecd("MEX") == "MX"
    assert geo_from_oecd("EU27") == "EU27_2020"
    assert geo_from_oecd("OECD") == "OECD"
    assert geo_from_oecd("XYZ") is None
    with pytest.raises(QueryError, match="aggregate"):
        geo_to_oecd("BE+LU")


def test_urls_put_many_countries_and_measures_in_one_request() -> None:
    source = OECDSource(base_url="https://sdmx.oecd.org/public/rest")
    (url,) = source.urls(source.query(indicator=["B1_B", "G14_B"], geo=["BE", "NL", "ES", "MX"], since=2020))
    assert url == (
        "https://sdmx.oecd.org/public/rest/data/OECD.STI.DEP,DSD_ICT_B@DF_BUSINESSES,1.0/"
        "BEL+ESP+MEX+NLD.A.B1_B+G14_B.PT_ENT._T.S_GE10?startPeriod=2020&dimensionAtObservation=AllDimensions"
        "&format=csvfilewithlabels"
    )
    countries = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK AU CA JP KR MX NZ"
    query = source.query(
        indicator="B1_B", geo=countries.split(), size_class=["S_GE10", "S10T49", "S50T249", "S_GE250"], activity="all"
    )
    many = source.urls(query)
    assert len(many) == 1
    assert "S_GE10+S10T49+S50T249+S_GE250" in many[0]


def test_options_are_checked() -> None:
    source = OECDSource(base_url="https://sdmx.oecd.org/public/rest")
    with pytest.raises(QueryError, match="unit="):
        source.urls(source.query(indicator="B1_B", unit="PC_ENT"))
    with pytest.raises(QueryError, match="serves one dataflow"):
        source.urls(source.query(dataset="isoc_cismt", indicator="B1_B"))
    with pytest.raises(QueryError, match="plain HTTP"):
        OECDSource(base_url="http://example.org/rest")


def test_flags_are_explained() -> None:
    assert explain_flags("B,D,U") == ["B: time series break", "D: definition differs", "U: low reliability"]


def test_check_source_passes(httpserver: HTTPServer, base_url: str) -> None:
    serve(httpserver)
    source = adoptstats.get_source("oecd")
    assert isinstance(source, OECDSource)
    assert source.info().open_catalogue
    rs = check_source(
        source,
        source.query(indicator="B1_B", geo=["MX", "BE", "NL"], period=2023),
        bad_queries=[{"unit": "PC_ENT"}, {"geo": "BE+LU"}, {"dataset": "isoc_cismt"}],
    )
    assert len(rs) == 3


def test_the_contract_on_generated_queries(httpserver: HTTPServer, base_url: str) -> None:
    """Queries drawn from the catalogue: answered, or empty and valid.

    The server answers every data request with the constructed four-country answer for
    ``B1_B`` in 2023, whatever the key; the source must keep to what was asked.
    """
    httpserver.expect_request(re.compile(re.escape(DATA_PATH) + ".*")).respond_with_data(
        payload("constructed_B1_B_all_2023_labels.csv"), content_type=CSV
    )
    source = OECDSource(limits=RateLimits(queries_per_minute=10_000, downloads_per_hour=10_000))
    registry = registry_for(source)
    drawn = queries(
        source,
        geos=["BE", "NL", "ES", "MX", "KR", "EU27_2020", "OECD"],
        periods=[str(y) for y in range(2019, 2025)],
        registry=registry,
    )

    @settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(query=drawn)
    def run(query: adoptstats.Query) -> None:
        check_source(source, query, registry=registry)

    run()


def test_reconcile_sees_the_oecd_row_of_an_eu_member_as_eurostat_s_figure_republished(
    httpserver: HTTPServer, base_url: str
) -> None:
    serve(httpserver)
    oecd = adoptstats.fetch("oecd", indicator="B1_B", geo=["MX", "BE", "NL"], period=2023)
    eurostat_citation = adoptstats.Citation(
        publisher="Eurostat", title="Websites (constructed for this test)", table="isoc_ciweb", primary=True
    )
    eurostat = adoptstats.ResultSet.from_frame(
        pd.DataFrame(
            {
                "source": ["eurostat"],
                "dataset": ["isoc_ciweb"],
                "indicator": ["E_WEB"],
                "concept": ["web.website"],
                "geo": ["BE"],
                "period": ["2023"],
                "population": [EUROSTAT_POPULATION],
                "breakdown": ["total"],
                "unit": ["percent"],
                "value": [80.17],
                "decimals": [2],
                "citation_id": [eurostat_citation.id],
            }
        ),
        [eurostat_citation],
    )
    result = adoptstats.reconcile(adoptstats.concat([oecd, eurostat]))
    reports = result.reports
    assert len(reports) == 2  # one figure, reported twice: BE
    assert set(reports["publisher"]) == {"Eurostat", "OECD"}
    assert reports.loc[reports["chosen"], "publisher"].tolist() == ["Eurostat"]  # the primary report
    assert len(result.conflicts) == 0
    assert sorted(result.resolved.to_frame()["geo"]) == ["BE", "MX", "NL"]
