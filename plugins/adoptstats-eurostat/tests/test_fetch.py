"""Fetching against a local server: filters in the URL, rows, populations, flags, layouts, geographies."""

from __future__ import annotations

import datetime as dt
import logging
import math

import pytest
from eurostat_testkit import DATA_PATH, args, constructed, json_response, payload, payload_json
from pytest_httpserver import HTTPServer

import adoptstats
from adoptstats import QueryError, UnknownConceptError
from adoptstats_eurostat import POPULATION, EurostatSource

HEADLINE = "constructed_isoc_cismt_E_SM1_ANY_5geo_2019-2023.json"
GEOS = ["BE", "LU", "NL", "ES", "EU27_2020"]


def serve(httpserver: HTTPServer, dataset: str, name: str) -> None:
    httpserver.expect_request(f"{DATA_PATH}/{dataset}").respond_with_data(
        payload(name), content_type="application/json"
    )


def test_filters_reach_the_url(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver, "isoc_cismt", HEADLINE)
    source.fetch(
        source.query(dataset="isoc_cismt", indicator="E_SM1_ANY", geo=["Belgique", "GR", "EU27_2020"], since=2019)
    )
    ((request, _),) = httpserver.log
    assert args(request) == {
        "format": ["JSON"],
        "lang": ["EN"],
        "geo": ["BE", "EL", "EU27_2020"],
        "indic_is": ["E_SM1_ANY"],
        "nace_r2": ["C10-S951_X_K"],
        "size_emp": ["GE10"],
        "sinceTimePeriod": ["2019"],
        "unit": ["PC_ENT"],
    }
    assert request.headers["User-Agent"].startswith("adoptstats-eurostat/")
    assert "adoptstats/" in request.headers["User-Agent"]


def test_periods_until_and_lang_reach_the_url(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver, "isoc_cismt", HEADLINE)
    source.fetch(source.query(dataset="isoc_cismt", period=[2021, 2023], lang="fr"))
    source.fetch(source.query(dataset="isoc_cismt", since=2019, until=2021, unit="all", size_class="all"))
    (first, _), (second, _) = httpserver.log
    assert args(first)["time"] == ["2021", "2023"]
    assert args(first)["lang"] == ["FR"]
    assert "indic_is" not in args(first)
    assert args(second)["sinceTimePeriod"] == ["2019"]
    assert args(second)["untilTimePeriod"] == ["2021"]
    assert "unit" not in args(second)
    assert "size_emp" not in args(second)


def test_headline_rows_carry_provenance(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver, "isoc_cismt", HEADLINE)
    before = dt.datetime.now(dt.UTC)
    rs = source.fetch(source.query(dataset="isoc_cismt", indicator="E_SM1_ANY", geo=GEOS))
    frame = rs.frame
    assert len(rs) == 15
    assert set(frame["geo"]) == set(GEOS)
    assert set(frame["period"]) == {"2019", "2021", "2023"}
    assert set(frame["concept"]) == {"social_media.any_use"}
    assert set(frame["population"]) == {POPULATION}
    assert POPULATION.startswith("enterprises with 10 or more persons employed, all activities except the financial")
    assert set(frame["breakdown"]) == {"total"}
    assert set(frame["unit"]) == {"percent"}
    assert set(frame["source_version"]) == {"2025-04-08T23:00:00+0200"}
    assert (frame["retrieved"] >= before).all()
    assert set(frame["decimals"]) == {2}
    be = frame[(frame["geo"] == "BE") & (frame["period"] == "2023")].iloc[0]
    assert be["value"] == 80.07
    assert math.isclose(be["lower"], 80.065) and math.isclose(be["upper"], 80.075)
    # 61.8 sits in an answer written with two decimals: it stands for 61.80
    lu = frame[(frame["geo"] == "LU") & (frame["period"] == "2019")].iloc[0]
    assert lu["decimals"] == 2 and math.isclose(lu["upper"] - lu["lower"], 0.01)
    for row in frame.itertuples():
        published = adoptstats.Estimate.published(row.value, decimals=int(row.decimals))
        assert (row.lower, row.upper) == (published.lower, published.upper)
    (citation,) = rs.citations.values()
    url = httpserver.log[0][0].url
    assert citation.publisher == "Eurostat"
    assert citation.title == "Social media use by type, internet advertising and size class of enterprise"
    assert citation.url == url
    assert citation.table == "isoc_cismt"
    assert citation.quote is None
    assert citation.primary is True
    assert citation.accessed == before.date()
    assert citation.published == dt.date(2025, 4, 8)


def test_old_single_letter_flags_kept_and_u_widens_nothing(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver, "isoc_cismt", HEADLINE)
    rs = source.fetch(source.query(dataset="isoc_cismt", geo=GEOS))
    frame = rs.frame.set_index(["geo", "period"])
    assert frame.loc[("BE", "2021"), "flags"] == "b"
    assert frame.loc[("NL", "2023"), "flags"] == "p"
    lu = frame.loc[("LU", "2019")]
    assert lu["flags"] == "u"
    plain = frame.loc[("LU", "2021")]
    assert math.isclose(lu["upper"] - lu["lower"], plain["upper"] - plain["lower"])
    assert len(rs.filter(without_flag="u")) == len(rs) - 1


def test_post_2025_flags_geographies_and_size_classes(
    httpserver: HTTPServer, source: EurostatSource, caplog: pytest.LogCaptureFixture
) -> None:
    serve(httpserver, "isoc_cismt", "constructed_isoc_cismt_flags_2025.json")
    with caplog.at_level(logging.WARNING, logger="adoptstats_eurostat"):
        rs = source.fetch(source.query(dataset="isoc_cismt", size_class="all"))
    frame = rs.frame
    # EL → GR, UK → GB, EA kept; EFTA is unknown to adoptstats: left out, with a warning
    assert set(frame["geo"]) == {"EA", "BE", "GR", "GB"}
    assert "EFTA" in caplog.text
    # the confidential cell (|C, no value) is not a row
    assert len(frame[(frame["geo"] == "GR") & (frame["breakdown"] == "size:GE250")]) == 0
    flags = frame.set_index(["geo", "breakdown"])["flags"]
    assert flags[("GR", "size:10-49")] == "u"
    assert flags[("BE", "total")] == "p"
    assert flags[("EA", "total")] == "e"
    assert flags[("GB", "total")] == ""
    pops = frame.set_index(["geo", "breakdown"])["population"]
    assert pops[("BE", "total")] == POPULATION
    assert pops[("BE", "size:10-49")].startswith("enterprises with 10 to 49 persons employed, all activities")
    assert pops[("BE", "size:GE250")].startswith("enterprises with 250 or more persons employed")
    assert set(frame["decimals"]) == {1}


def test_default_size_filter_checked_on_rows_too(httpserver: HTTPServer, source: EurostatSource) -> None:
    # the server ignores the size_emp filter and sends every size class: only GE10 rows come back
    serve(httpserver, "isoc_cismt", "constructed_isoc_cismt_flags_2025.json")
    rs = source.fetch(source.query(dataset="isoc_cismt", geo=["BE", "GR"]))
    assert set(rs.frame["breakdown"]) == {"total"}
    assert set(rs.frame["geo"]) == {"BE", "GR"}


def test_older_sizen_r2_layout_after_a_dimension_error(httpserver: HTTPServer, source: EurostatSource) -> None:
    def handler(request):  # type: ignore[no-untyped-def]
        if "size_emp" in request.args:
            return json_response(constructed.LAYOUT_ERROR, status=400)
        return json_response(constructed.cismt_sizen_r2_2013())

    httpserver.expect_request(f"{DATA_PATH}/isoc_cismt").respond_with_handler(handler)
    rs = source.fetch(source.query(dataset="isoc_cismt", concept="social_media.social_networks", period=2013))
    (first, _), (second, _) = httpserver.log
    assert args(first)["size_emp"] == ["GE10"]
    assert args(second)["sizen_r2"] == ["10_C10_S951_XK"]
    assert "size_emp" not in args(second) and "nace_r2" not in args(second)
    assert args(second)["indic_is"] == ["E_SM1_SNET", "E_SM_SNET"]
    frame = rs.frame
    assert set(frame["indicator"]) == {"E_SM_SNET"}
    assert set(frame["concept"]) == {"social_media.social_networks"}
    assert set(frame["geo"]) == {"BE", "GR", "NL"}
    assert set(frame["population"]) == {POPULATION}
    assert frame.set_index("geo").loc["NL", "flags"] == "p"


def test_older_layout_read_from_the_response_id(httpserver: HTTPServer, source: EurostatSource) -> None:
    # a server that ignores filters and answers in the older layout: rows still match the query
    httpserver.expect_request(f"{DATA_PATH}/isoc_cismt").respond_with_json(constructed.cismt_sizen_r2_2013())
    rs = source.fetch(source.query(dataset="isoc_cismt", size_class=["10-49", "GE250"], indicator="E_SM_BLOG"))
    frame = rs.frame
    assert set(frame["breakdown"]) == {"size:10-49", "size:GE250"}
    assert set(frame["indicator"]) == {"E_SM_BLOG"}
    # EL, 250+, E_SM_BLOG was confidential (old 'c', no value): not a row
    assert len(frame[(frame["geo"] == "GR") & (frame["breakdown"] == "size:GE250")]) == 0
    assert len(frame) == 5


def test_activity_breakdown_picks_the_n2_dataset(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver, "isoc_cismtn2", "constructed_isoc_cismtn2_activities_2023.json")
    rs = source.fetch(source.query(indicator="E_SM1_SNET", activity=["C", "J"], geo=["BE", "NL"]))
    ((request, _),) = httpserver.log
    assert request.path.endswith("/isoc_cismtn2")
    assert args(request)["nace_r2"] == ["C", "J"]
    assert args(request)["size_emp"] == ["GE10"]
    frame = rs.frame
    assert set(frame["dataset"]) == {"isoc_cismtn2"}
    assert set(frame["breakdown"]) == {"activity:C", "activity:J"}
    assert set(frame["population"]) == {
        "enterprises with 10 or more persons employed, NACE Rev. 2 activity C",
        "enterprises with 10 or more persons employed, NACE Rev. 2 activity J",
    }


def test_n2_dataset_defaults_to_every_activity(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver, "isoc_cismtn2", "constructed_isoc_cismtn2_activities_2023.json")
    rs = source.fetch(source.query(dataset="isoc_cismtn2"))
    assert "nace_r2" not in args(httpserver.log[0][0])
    assert set(rs.frame["breakdown"]) == {"total", "activity:C", "activity:J"}


def test_size_dataset_refuses_an_activity(source: EurostatSource) -> None:
    with pytest.raises(QueryError, match="isoc_cismtn2"):
        source.fetch(source.query(dataset="isoc_cismt", activity="C"))
    with pytest.raises(QueryError, match="isoc_cismt'"):
        source.fetch(source.query(dataset="isoc_cismtn2", size_class="small"))


def test_concepts_choose_datasets(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver, "isoc_cismt", HEADLINE)
    rs = source.fetch(source.query(concept="social_media.any_use", geo="BE"))
    assert args(httpserver.log[0][0])["indic_is"] == ["E_SM1_ANY"]
    assert set(rs.frame["geo"]) == {"BE"}
    # a known concept that no Eurostat indicator measures: nothing, and no request
    assert len(source.fetch(source.query(concept="social_media.customer_acquisition"))) == 0
    assert len(httpserver.log) == 1
    with pytest.raises(UnknownConceptError):
        source.fetch(source.query(concept="social_media.nonsense"))


def test_composites_are_not_asked(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver, "isoc_cismt", HEADLINE)
    assert len(source.fetch(source.query(dataset="isoc_cismt", geo="Belux"))) == 0
    assert not httpserver.log
    rs = source.fetch(source.query(dataset="isoc_cismt", geo=["BE+LU", "NL"]))
    assert args(httpserver.log[0][0])["geo"] == ["NL"]
    assert set(rs.frame["geo"]) == {"NL"}


def test_a_dataset_outside_the_catalogue_real_sample(httpserver: HTTPServer, source: EurostatSource) -> None:
    # real recorded answer (une_rt_m, DE, last 3 months; see tests/data/README.md)
    serve(httpserver, "une_rt_m", "statistics_api_jsonstat_une_rt_m_DE_last3.json")
    rs = source.fetch(source.query(dataset="une_rt_m", geo="DE"))
    assert "size_emp" not in args(httpserver.log[0][0])
    frame = rs.frame
    assert list(frame["period"]) == ["2026-06", "2026-07"]  # 2026-08 has no value
    assert set(frame["indicator"]) == {"UNE_RT_M"}
    assert set(frame["unit"]) == {"percent"}
    assert set(frame["breakdown"]) == {"s_adj:SA;age:TOTAL;sex:T"}
    assert set(frame["population"]) == {"as defined in Eurostat dataset une_rt_m (unit PC_ACT)"}
    assert set(frame["decimals"]) == {1}
    assert rs.citations[frame["citation_id"][0]].title == "Unemployment by sex and age - monthly data"


def test_all_confidential_real_sample_gives_no_rows(httpserver: HTTPServer, source: EurostatSource) -> None:
    # real recorded answer where every cell is "|C" with no value
    serve(httpserver, "sts_inpr_m", "statistics_api_jsonstat_sts_inpr_m_IE_confidential_status.json")
    assert len(source.fetch(source.query(dataset="sts_inpr_m"))) == 0


def test_empty_dimension_gives_no_rows(httpserver: HTTPServer, source: EurostatSource) -> None:
    doc = payload_json(HEADLINE)
    doc["value"], doc["size"][5] = {}, 0
    doc.pop("status")
    doc["dimension"]["geo"]["category"] = {"index": {}, "label": {}}
    httpserver.expect_request(f"{DATA_PATH}/isoc_cismt").respond_with_json(doc)
    assert len(source.fetch(source.query(dataset="isoc_cismt", geo="US"))) == 0


@pytest.mark.parametrize(
    "filters",
    [
        {"dataset": "isoc_cismt", "size_class": "huge"},
        {"dataset": "isoc_cismt", "lang": "it"},
        {"dataset": "isoc_cismt", "refresh": "yes"},
        {"dataset": "isoc_cismt", "activity": "C D"},
        {"dataset": "isoc_cismt", "filters": {"geo": "BE"}},
        {"dataset": "not a dataset"},
        {"indicator": "E_NOT_CATALOGUED"},
        {"indicator": "bad code!"},
        {},
    ],
)
def test_bad_queries_raise_query_error(source: EurostatSource, filters: dict[str, object]) -> None:
    with pytest.raises(QueryError):
        source.fetch(source.query(**filters))


def test_unknown_option_is_refused() -> None:
    with pytest.raises(QueryError, match="size_class"):
        EurostatSource().query(dataset="isoc_cismt", sizeclass="GE10")


def test_extra_dimension_filters(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver, "une_rt_m", "statistics_api_jsonstat_une_rt_m_DE_last3.json")
    source.fetch(source.query(dataset="une_rt_m", filters={"sex": "T", "age": ["TOTAL"]}))
    assert args(httpserver.log[0][0])["sex"] == ["T"]
    assert args(httpserver.log[0][0])["age"] == ["TOTAL"]


def test_several_datasets_in_one_fetch(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver, "isoc_cismt", HEADLINE)
    serve(httpserver, "isoc_cismtn2", "constructed_isoc_cismtn2_activities_2023.json")
    rs = source.fetch(source.query(indicator=["E_SM1_ANY", "E_SM1_SNET"], activity="all", geo="BE"))
    # activity="all" picks the NACE twin for both
    assert {r.path.rsplit("/", 1)[-1] for r, _ in httpserver.log} == {"isoc_cismtn2"}
    assert set(rs.frame["indicator"]) == {"E_SM1_SNET"}


def test_fetch_through_the_registry(httpserver: HTTPServer, base_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    serve(httpserver, "isoc_cismt", HEADLINE)
    monkeypatch.setenv("ADOPTSTATS_EUROSTAT_URL", base_url)
    registry = adoptstats.Registry(only=["eurostat"], strict=True)
    rs = adoptstats.fetch("eurostat", registry=registry, dataset="isoc_cismt", indicator="E_SM1_ANY", geo="BE")
    assert set(rs.frame["geo"]) == {"BE"}
    assert httpserver.log[0][0].url.startswith(base_url)
