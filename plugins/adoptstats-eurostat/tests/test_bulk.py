"""The bulk path: the whole dataset once as gzip SDMX TSV, cached, filtered here."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import pytest
from eurostat_testkit import API, args, payload
from pytest_httpserver import HTTPServer

from adoptstats import FormatError, QueryError, SourceUnavailable
from adoptstats_eurostat import POPULATION, EurostatSource

BULK = f"{API}/sdmx/2.1/data/isoc_cismt"
TSV = "constructed_isoc_cismt_bulk.tsv"


def serve(httpserver: HTTPServer, body: bytes | None = None) -> None:
    httpserver.expect_request(BULK).respond_with_data(
        gzip.compress(payload(TSV)) if body is None else body, content_type="application/octet-stream"
    )


def test_bulk_download_filtered_here(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver)
    rs = source.fetch(source.query(dataset="isoc_cismt", indicator="E_SM1_ANY", geo=["BE", "GR"], bulk=True))
    ((request, _),) = httpserver.log
    assert args(request) == {"format": ["TSV"], "compressed": ["true"]}
    frame = rs.frame
    assert set(frame["geo"]) == {"BE", "GR"}
    assert set(frame["indicator"]) == {"E_SM1_ANY"}
    assert set(frame["population"]) == {POPULATION}  # the 10-49 rows are filtered out here
    assert len(rs) == 4
    by = frame.set_index(["geo", "period"])
    assert by.loc[("BE", "2021"), "flags"] == "b"
    assert by.loc[("GR", "2023"), "flags"] == "p"
    assert by.loc[("GR", "2023"), "value"] == 61.8
    assert set(frame["decimals"]) == {2}  # "61.80" and "70.00" are written with two decimals
    assert frame["source_version"].isna().all()
    (citation,) = rs.citations.values()
    assert citation.url == request.url
    assert citation.title == "Social media use by type, internet advertising and size class of enterprise"


def test_one_download_answers_many_queries(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver)
    a = source.fetch(source.query(dataset="isoc_cismt", geo="NL", bulk=True))
    b = source.fetch(source.query(dataset="isoc_cismt", size_class="10-49", bulk=True, period=2021))
    c = source.fetch(source.query(concept="social_media.social_networks", bulk=True, offline=True))
    assert len(httpserver.log) == 1
    assert set(a.frame["geo"]) == {"NL"} and len(a) == 3
    assert set(b.frame["breakdown"]) == {"size:10-49"} and len(b) == 2
    # the confidential cell (":c") is not a row; "u" stays a flag
    assert set(c.frame["indicator"]) == {"E_SM1_SNET"} and len(c) == 3
    assert "u" in set(c.frame["flags"])


def test_bulk_extra_filters_apply_here(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver)
    assert len(source.fetch(source.query(dataset="isoc_cismt", bulk=True, filters={"freq": "Q"}))) == 0


def test_bulk_plain_text_is_accepted(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver, payload(TSV))
    assert len(source.fetch(source.query(dataset="isoc_cismt", bulk=True))) == 9


def test_bulk_too_big_real_soap_fault(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(BULK).respond_with_data(
        payload("sdmx21_soap_fault_413_extraction_too_big.xml"), status=413, content_type="text/xml"
    )
    with pytest.raises(QueryError, match="without bulk=True") as info:
        source.fetch(source.query(dataset="isoc_cismt", bulk=True))
    assert "EXTRACTION_TOO_BIG" in str(info.value)


def test_bulk_other_soap_fault(httpserver: HTTPServer, source: EurostatSource) -> None:
    fault = (
        b'<S:Fault xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><faultcode>150</faultcode>'
        b"<faultstring>INVALID_QUERY_DIMENSION_VALUE: Query is invalid</faultstring></S:Fault>"
    )
    httpserver.expect_request(BULK).respond_with_data(fault, status=400, content_type="text/xml")
    with pytest.raises(QueryError, match="INVALID_QUERY_DIMENSION_VALUE"):
        source.fetch(source.query(dataset="isoc_cismt", bulk=True))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (gzip.compress(payload(TSV))[:100], "gzip"),
        (b"just some text\n", "not an SDMX TSV"),
        (b"<html><body>sorry</body></html>", "HTML page"),
    ],
    ids=["cut-gzip", "not-tsv", "html"],
)
def test_bulk_bad_bodies(httpserver: HTTPServer, source: EurostatSource, body: bytes, message: str) -> None:
    serve(httpserver, body)
    with pytest.raises(SourceUnavailable, match=message):
        source.fetch(source.query(dataset="isoc_cismt", bulk=True))


def test_bulk_malformed_table(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver, b"freq,geo\\TIME_PERIOD\t2021 \nA,BE\t1\t2\n")
    with pytest.raises(FormatError, match="cannot be read"):
        source.fetch(source.query(dataset="isoc_cismt", bulk=True))


def test_bulk_asynchronous_envelope_is_retried(
    httpserver: HTTPServer, make_source: Callable[..., EurostatSource]
) -> None:
    envelope = (
        b'<?xml version="1.0"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body>'
        b"<ns0:asyncResponse><ns1:status><ns1:key>abc</ns1:key><ns1:status>SUBMITTED</ns1:status>"
        b"</ns1:status></ns0:asyncResponse></env:Body></env:Envelope>"
    )
    calls = iter([envelope, gzip.compress(payload(TSV))])
    httpserver.expect_request(BULK).respond_with_handler(
        lambda _r: __import__("werkzeug").Response(next(calls), content_type="application/octet-stream")
    )
    source = make_source(async_wait=0.0)
    assert len(source.fetch(source.query(dataset="isoc_cismt", bulk=True))) == 9
    assert len(httpserver.log) == 2


def test_bulk_url_shown(source: EurostatSource) -> None:
    (url,) = source.urls(source.query(dataset="isoc_cismt", geo="BE", bulk=True))
    assert url.endswith("/sdmx/2.1/data/isoc_cismt?format=TSV&compressed=true")
