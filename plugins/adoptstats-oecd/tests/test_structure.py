"""Listing every measure from the structure and availability endpoints, in Python and on the command line."""

from __future__ import annotations

from click.testing import CliRunner
from oecd_testkit import payload
from pytest_httpserver import HTTPServer

import adoptstats
from adoptstats.cli import cli
from adoptstats_oecd import STATUSES, OECDSource

STRUCTURE = "/dataflow/OECD.STI.DEP/DSD_ICT_B@DF_BUSINESSES/1.0"
AVAILABILITY = "/availableconstraint/OECD.STI.DEP,DSD_ICT_B@DF_BUSINESSES,1.0/all/all/MEASURE"


def serve(server: HTTPServer) -> None:
    server.expect_request(STRUCTURE, query_string="references=all").respond_with_data(
        payload("constructed_structure.xml"), content_type="application/xml"
    )
    server.expect_request(AVAILABILITY).respond_with_data(
        payload("constructed_availability.xml"), content_type="application/xml"
    )


def test_refresh_lists_every_measure_and_caches_it(httpserver: HTTPServer, base_url: str) -> None:
    serve(httpserver)
    source = OECDSource()
    bundled = {i.code for i in source.indicators()}
    assert "B1_B" in bundled and "X1_CONSTRUCTED" not in bundled
    listed = {i.code: i for i in source.refresh_indicators()}
    assert listed["B1_B"].concept == "web.website"
    assert listed["X1_CONSTRUCTED"].concept is None
    assert listed["X1_CONSTRUCTED"].label == "A constructed measure for tests"
    assert "with data" in (listed["X1_CONSTRUCTED"].note or "")
    assert "no data" in (listed["X2_CONSTRUCTED"].note or "")
    assert STATUSES["Q"] == "A constructed status for tests"
    httpserver.clear()
    assert {i.code for i in source.indicators()} == set(listed)  # from the cache, no request
    assert len(httpserver.log) == 0


def test_indicators_refresh_on_the_command_line(httpserver: HTTPServer, base_url: str) -> None:
    serve(httpserver)
    adoptstats.refresh()
    result = CliRunner().invoke(cli, ["indicators", "oecd", "--refresh"])
    assert result.exit_code == 0, result.output
    assert "X2_CONSTRUCTED" in result.output
    assert "web.website" in result.output


def test_refresh_is_refused_for_a_source_without_a_remote_catalogue() -> None:
    result = CliRunner().invoke(cli, ["indicators", "regus", "--refresh"])
    assert result.exit_code != 0
    assert "--refresh" in result.output


def test_bundled_measures_map_onto_concepts_of_the_vocabulary() -> None:
    mapped = {i.code: i.concept for i in OECDSource().indicators() if i.concept is not None}
    assert mapped == {
        "B1_B": "web.website",
        "G3_B": "cloud.any_use",
        "G14_B": "ai.any_use",
        "G7_B": "data.big_data",
        "G13_B": "iot.any_use",
    }
    for concept in mapped.values():
        assert adoptstats.get_concept(concept).name == concept
