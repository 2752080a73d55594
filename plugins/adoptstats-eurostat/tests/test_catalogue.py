"""The catalogue of adoption datasets and indicators, and search over Eurostat's table of contents."""

from __future__ import annotations

import datetime as dt

import pytest
from eurostat_testkit import API, payload
from pytest_httpserver import HTTPServer

from adoptstats import FormatError, Indicator, OfflineError, SourceUnavailable, get_concept
from adoptstats_eurostat import DATASETS, INDICATORS, EurostatSource
from adoptstats_eurostat.catalogue import parse_toc

TOC = "catalogue_toc_txt_en_excerpt_isoc_2025-07.txt"
TOC_PATH = f"{API}/catalogue/toc/txt"


def test_indicators_map_to_known_concepts() -> None:
    indicators = EurostatSource().indicators()
    assert all(isinstance(i, Indicator) for i in indicators)
    for ind in indicators:
        if ind.concept:
            get_concept(ind.concept)
        assert ind.dataset in DATASETS
    by_key = {(i.dataset, i.code): i for i in indicators}
    headline = by_key[("isoc_cismt", "E_SM1_ANY")]
    assert headline.concept == "social_media.any_use" and headline.match == "same"
    assert by_key[("isoc_cismtn2", "E_SM1_ANY")].concept == "social_media.any_use"
    expected = {
        "E_SM1_SNET": "social_media.social_networks",
        "E_SM1_BLOG": "social_media.blogs",
        "E_SM1_CNTSHR": "social_media.content_sharing",
        "E_SM1_WIKI": "social_media.wiki",
        "E_ADS": "web.paid_advertising",
    }
    for code, concept in expected.items():
        assert by_key[("isoc_cismt", code)].concept == concept
    assert by_key[("isoc_ciweb", "E_WEB")].concept == "web.website"
    assert by_key[("isoc_ec_esels", "E_ESELL")].concept == "ecommerce.web_sales"
    assert by_key[("isoc_cicce_use", "E_CC")].concept == "cloud.any_use"
    assert by_key[("isoc_eb_ai", "E_AI_TANY")].concept == "ai.any_use"
    coverage = {
        ("isoc_ec_esels", "E_AESELL"): "ecommerce.significant_web_sales",
        ("isoc_ec_evals", "E_ETURN"): "ecommerce.turnover_share",
        ("isoc_cisce_ra", "E_SECMGE1"): "security.any_measure",
        ("isoc_cisce_ra", "E_SECPOL2"): "security.documented_policy",
        ("isoc_eb_bd", "E_BDA"): "data.big_data",
        ("isoc_eb_iip", "E_ERP1"): "software.erp",
        ("isoc_eb_iot", "E_IOT1"): "iot.any_use",
        ("isoc_e_dii", "E_DI3_GELO"): "digital_intensity.basic",
        ("isoc_e_dii", "E_DI4_GELO"): "digital_intensity.basic",
    }
    for key, concept in coverage.items():
        assert by_key[key].concept == concept, key
        assert by_key[key].match == "same", key
    assert "not a share of enterprises" in (by_key[("isoc_ec_evals", "E_ETURN")].note or "")
    assert "version" in (by_key[("isoc_e_dii", "E_DI4_GELO")].note or "")
    wave = by_key[("isoc_cismt", "E_SM_SNET")]
    assert wave.match == "close" and wave.note and "2013" in wave.note
    assert "year before" in (by_key[("isoc_ec_esels", "E_ESELL")].note or "")


def test_every_dataset_has_its_twin() -> None:
    for code, info in DATASETS.items():
        twin = DATASETS[info.twin]
        assert twin.twin == code
        assert {info.by, twin.by} == {"size", "activity"}
        assert info.page.endswith(f"/{code}/default/table")
    assert {i.code for i in INDICATORS} >= {"E_SM1_ANY", "E_WEB", "E_ESELL", "E_CC", "E_AI_TANY"}
    frame = EurostatSource.datasets()
    assert set(frame["code"]) == set(DATASETS)
    assert DATASETS["isoc_ec_evals"].default_unit == "PC_TURN"


def test_catalogued_datasets_are_in_the_real_toc_excerpt() -> None:
    """Codes and titles of the catalogue agree with Eurostat's table of contents where the excerpt has them."""
    toc = parse_toc(payload(TOC)).set_index("code")
    seen = [code for code in DATASETS if code in toc.index]
    assert len(seen) >= 10
    for code in seen:
        assert toc.loc[code, "title"] == DATASETS[code].title, code
        assert toc.loc[code, "data_start"] == str(DATASETS[code].start), code


def test_source_info_and_flags_table() -> None:
    info = EurostatSource().info()
    assert info.publisher == "Eurostat" and info.name == "eurostat"
    assert info.population and "10 or more persons employed" in info.population
    flags = EurostatSource.flags()
    assert {"u", "C", "c", "p", "b", "z", "m"} <= set(flags["flag"])


def test_parse_the_real_toc_excerpt() -> None:
    toc = parse_toc(payload(TOC))
    row = toc.set_index("code").loc["isoc_cismt"]
    assert row["title"] == "Social media use by type, internet advertising and size class of enterprise"
    assert row["type"] == "dataset"
    assert row["last_update"] == dt.date(2025, 4, 8)
    assert row["last_structure_change"] == dt.date(2024, 12, 12)
    assert (row["data_start"], row["data_end"]) == ("2013", "2024")
    assert row["values"] == 51094
    assert row["folder"] == "Websites and use of social media"
    folder = toc.set_index("code").loc["isoc_cism"]
    assert folder["type"] == "folder" and folder["level"] == 4 and folder["last_update"] is None
    # "purpose and  NACE" (two spaces in Eurostat's title) reads as one space
    assert "purpose and NACE" in toc.set_index("code").loc["isoc_cismpn2", "title"]
    assert toc["code"].is_unique


def test_toc_with_an_unexpected_header() -> None:
    with pytest.raises(FormatError, match="unexpected header"):
        parse_toc("a\tb\n")
    with pytest.raises(FormatError, match="empty"):
        parse_toc(b"")


def test_search_uses_the_cache_and_works_offline(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(TOC_PATH, query_string="lang=en").respond_with_data(
        payload(TOC), content_type="text/plain"
    )
    found = source.search("social media")
    assert list(found["code"]) == ["isoc_cismtn2", "isoc_cismt", "isoc_cismpn2", "isoc_cismp"]
    assert found["catalogued"].all()
    cloud = source.search("CLOUD computing")
    assert set(cloud["code"]) == {"isoc_cicce_use", "isoc_cicce_usen2"}
    assert len(httpserver.log) == 1
    httpserver.clear()
    assert len(source.search("e-commerce", offline=True)) > 0
    assert not httpserver.log
    with pytest.raises(OfflineError, match="table of contents"):
        source.search("social", lang="fr", offline=True)


def test_search_lists_folders_only_when_asked(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(TOC_PATH).respond_with_data(payload(TOC), content_type="text/plain")
    assert "isoc_cism" not in set(source.search("social media")["code"])
    assert "isoc_cism" in set(source.search("social media", types=("folder",))["code"])
    # not catalogued datasets come after catalogued ones
    found = source.search("e-commerce")
    catalogued = found["catalogued"].tolist()
    assert catalogued == sorted(catalogued, reverse=True) and True in catalogued and False in catalogued
    assert set(found.loc[found["catalogued"], "code"]) == {"isoc_ec_evals", "isoc_ec_evaln2"}
    assert "isoc_ec_evalsm" in set(found["code"])


def test_toc_throttled(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(TOC_PATH).respond_with_data(
        payload("constructed_throttle_page.html"), content_type="text/html"
    )
    with pytest.raises(SourceUnavailable, match="HTML page"):
        source.search("social media")
    assert not list(source.cache_dir.rglob("*.entry"))


def test_toc_http_error(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(TOC_PATH).respond_with_data("nope", status=404)
    with pytest.raises(SourceUnavailable, match="HTTP 404"):
        source.toc()


def test_toc_language_checked(source: EurostatSource) -> None:
    from adoptstats import QueryError

    with pytest.raises(QueryError):
        source.toc(lang="it")
