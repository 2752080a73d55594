"""Commands: ``adoptstats cache info|clear``, ``adoptstats eurostat search|datasets|flags``, progress, core fetch."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from eurostat_testkit import API, DATA_PATH, payload
from pytest_httpserver import HTTPServer

import adoptstats
from adoptstats import progress
from adoptstats.cli import build_cli
from adoptstats_eurostat import EurostatSource
from adoptstats_eurostat.cli import register

HEADLINE = "constructed_isoc_cismt_E_SM1_ANY_5geo_2019-2023.json"


@pytest.fixture
def env(httpserver: HTTPServer, base_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    httpserver.expect_request(f"{DATA_PATH}/isoc_cismt").respond_with_data(
        payload(HEADLINE), content_type="application/json"
    )
    httpserver.expect_request(f"{API}/catalogue/toc/txt").respond_with_data(
        payload("catalogue_toc_txt_en_excerpt_isoc_2025-07.txt"), content_type="text/plain"
    )
    monkeypatch.setenv("ADOPTSTATS_EUROSTAT_URL", base_url)
    monkeypatch.setenv("ADOPTSTATS_CACHE_DIR", str(tmp_path / "cli-cache"))
    return tmp_path / "cli-cache" / "eurostat"


def run(*argv: str) -> str:
    result = CliRunner().invoke(build_cli(), list(argv), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cache_info_and_clear(env: Path) -> None:
    adoptstats.fetch("eurostat", dataset="isoc_cismt", indicator="E_SM1_ANY", geo="BE")
    out = run("cache", "info")
    assert str(env) in out and "entries:         1 (0 expired)" in out
    data = json.loads(run("cache", "info", "--json", "--list"))
    assert data["entries"] == 1 and data["directory"] == str(env)
    assert data["items"][0]["url"].startswith("http://127.0.0.1:")
    assert "deleted 0 entries" in run("cache", "clear", "--expired")
    assert "deleted 1 entry" in run("cache", "clear", "--yes")
    assert json.loads(run("cache", "info", "--json"))["entries"] == 0


def test_cache_clear_asks_first(env: Path) -> None:
    adoptstats.fetch("eurostat", dataset="isoc_cismt", geo="BE")
    result = CliRunner().invoke(build_cli(), ["cache", "clear"], input="n\n")
    assert result.exit_code == 1
    assert json.loads(run("cache", "info", "--json"))["entries"] == 1


def test_search(env: Path) -> None:
    out = run("eurostat", "search", "social media")
    assert "* isoc_cismt" in out and "2013-2024" in out
    data = json.loads(run("eurostat", "search", "cloud", "--json"))
    assert {d["code"] for d in data} == {"isoc_cicce_use", "isoc_cicce_usen2"}
    assert "nothing matches" in run("eurostat", "search", "no such words at all")


def test_datasets_and_flags() -> None:
    assert "isoc_cismt " in run("eurostat", "datasets")
    assert "u  low reliability" in run("eurostat", "flags")


def test_datasets_and_flags_fit_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    piped = run("eurostat", "datasets").splitlines()
    assert any(len(line) > 80 for line in piped)  # one line per dataset when piped
    monkeypatch.setenv("COLUMNS", "80")
    for command in ("datasets", "flags"):
        lines = run("eurostat", command).splitlines()
        assert max(len(line) for line in lines) <= 80, command
    titled = run("eurostat", "datasets")
    assert "isoc_cisce_ra      size      2010-  Security policy, measures, risks and staff" in titled
    assert "\n" + " " * 36 + "awareness by size class of enterprise" in titled  # continued under the title
    assert len(titled.splitlines()) > len(piped)


def test_core_fetch_command_with_the_eurostat_source(env: Path, tmp_path: Path) -> None:
    out = run("fetch", "eurostat", "--dataset", "isoc_cismt", "--indicator", "E_SM1_ANY", "--geo", "BE", "--json")
    assert "E_SM1_ANY" in out and "BE" in out
    # and offline afterwards
    out = run("fetch", "eurostat", "--dataset", "isoc_cismt", "--indicator", "E_SM1_ANY", "--geo", "BE", "--offline")
    assert "BE" in out


def test_progress_events_reach_the_installed_callback(env: Path) -> None:
    events: list[progress.Progress] = []
    with progress.report_progress(events.append):
        adoptstats.fetch("eurostat", dataset="isoc_cismt", geo="NL")
    assert events and events[-1].done
    assert events[-1].received == len(payload(HEADLINE))
    assert all("/statistics/1.0/data/isoc_cismt?" in e.url for e in events)

    # a failing callback never breaks a download
    def broken(_event: progress.Progress) -> None:
        raise RuntimeError("display failed")

    with progress.report_progress(broken):
        source = EurostatSource(cache_dir=env / "other")
        assert len(source.fetch(source.query(dataset="isoc_cismt", geo="LU"))) == 3


def test_register_leaves_existing_commands_alone(caplog: pytest.LogCaptureFixture) -> None:
    group = click.Group("root")

    @group.command("cache")
    def mine() -> None:
        """Someone else's command."""

    register(group)
    assert group.commands["cache"] is mine
    assert "eurostat" in group.commands
    assert "already exists" in caplog.text
