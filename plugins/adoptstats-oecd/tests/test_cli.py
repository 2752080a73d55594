"""The command line against the loopback server: sources, fetch and compare."""

from __future__ import annotations

import json

from click.testing import CliRunner
from oecd_testkit import CSV, DATA_PATH, payload
from pytest_httpserver import HTTPServer

import adoptstats
from adoptstats.cli import cli


def test_sources_lists_oecd_with_the_others() -> None:
    adoptstats.refresh()
    result = CliRunner().invoke(cli, ["sources"])
    assert result.exit_code == 0, result.output
    for name in ("oecd", "eurostat", "regus", "manual"):
        assert name in result.output


def test_compare_from_the_command_line(httpserver: HTTPServer, base_url: str) -> None:
    httpserver.expect_request(DATA_PATH + ".A.B1_B.PT_ENT._T.S_GE10").respond_with_data(
        payload("constructed_B1_B_all_2023_labels.csv"), content_type=CSV
    )
    adoptstats.refresh()
    runner = CliRunner()
    result = runner.invoke(cli, ["compare", "web.website", "--source", "oecd", "--focus", "BE", "--period", "2023"])
    assert result.exit_code == 0, result.output
    for geo in ("MX", "NL", "ES"):
        assert geo in result.output
    as_json = runner.invoke(
        cli, ["compare", "web.website", "--source", "oecd", "--focus", "BE", "--period", "2023", "--json"]
    )
    assert as_json.exit_code == 0, as_json.output
    doc = json.loads(as_json.output)
    assert "MX" in json.dumps(doc)
