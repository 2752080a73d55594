"""``adoptstats compare``, ``rank``, ``trend`` and ``reconcile`` over a fake panel and the regus plugin."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click
import pandas as pd
import pytest
from click.testing import CliRunner

import adoptstats
import adoptstats.registry
from adoptstats import Citation, Indicator, OfflineError, Query, ResultSet, Source, SourceInfo
from adoptstats.cli import build_cli
from adoptstats.testing import make_registry

from .fakeplugins import plugin_with

CITE = Citation(publisher="Panel Office", title="Panel survey", url="https://example.org/panel", primary=True)
PRESS = Citation(publisher="Daily Paper", title="Firms online", url="https://example.org/press")

#: geo → values 2019..2023 (sample size 400 each): BE lags NL, catches up slowly.
PANEL = {
    "BE": [40.0, 43.0, 46.0, 49.0, 52.0],
    "NL": [60.0, 61.0, 62.0, 63.0, 64.0],
    "LU": [45.0, 47.0, 49.0, 51.0, 53.0],
    "FR": [41.0, 44.0, 47.0, 50.0, 53.5],
    "EU27_2020": [50.0, 52.0, 54.0, 56.0, 58.0],
}


class PanelSource(Source):
    """Five years of one concept for five geographies, with sample sizes; FR 2023 surveys another population."""

    name = "panel"
    options = ("offline", "press")

    def info(self) -> SourceInfo:
        return SourceInfo(name=self.name, title="Panel", publisher="Panel Office")

    def indicators(self) -> list[Indicator]:
        return [Indicator(code="SM", label="Uses social media", concept="social_media.any_use")]

    def fetch(self, query: Query) -> ResultSet:
        if query.options.get("offline") or os.environ.get("ADOPTSTATS_OFFLINE") == "1":
            raise OfflineError("source 'panel': offline and the cache is empty")
        rows = []
        for geo, values in PANEL.items():
            for year, value in zip(range(2019, 2024), values, strict=True):
                rows.append(
                    {
                        "geo": geo,
                        "period": str(year),
                        "value": value,
                        "sample_size": 400,
                        "population": "all firms" if (geo, year) == ("FR", 2023) else "enterprises",
                        "citation_id": CITE.id,
                    }
                )
        if query.options.get("press"):  # a second, secondary report of BE 2023 that disagrees
            rows.append(
                {
                    "geo": "BE",
                    "period": "2023",
                    "value": 55.0,
                    "sample_size": None,
                    "population": "enterprises",
                    "citation_id": PRESS.id,
                }
            )
        frame = pd.DataFrame(rows).assign(
            source=self.name, dataset="panel", indicator="SM", concept="social_media.any_use"
        )
        frame["sample_size"] = frame["sample_size"].astype("Int64")
        rs = ResultSet.from_frame(frame, [CITE, PRESS])
        filters: dict[str, Any] = {}
        if query.periods:
            filters["period"] = list(query.periods)
        if query.concepts:
            filters["concept"] = list(query.concepts)
        return rs.filter(since=query.since, until=query.until, **filters)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def panel(monkeypatch: pytest.MonkeyPatch) -> click.Group:
    registry = make_registry(("panels", plugin_with(PanelSource())))
    monkeypatch.setattr(adoptstats.registry, "_DEFAULT", registry)
    monkeypatch.delenv("ADOPTSTATS_OFFLINE", raising=False)
    return build_cli()


def has_reconcile() -> bool:
    try:
        adoptstats.reconcile  # noqa: B018
    except (AttributeError, ImportError):
        return False
    return True


def has_plot() -> bool:
    try:
        import matplotlib  # noqa: F401

        import adoptstats.plot  # noqa: F401
    except ImportError:
        return False
    return True


needs_reconcile = pytest.mark.skipif(not has_reconcile(), reason="adoptstats.reconcile is not available")
needs_plot = pytest.mark.skipif(not has_plot(), reason="adoptstats.plot or matplotlib is not available")
needs_regus = pytest.mark.skipif(
    "regus" not in adoptstats.get_registry().names, reason="the regus plugin is not installed"
)

BASE = ["social_media.any_use", "--period", "2022", "--no-reconcile"]


# -- compare -------------------------------------------------------------------------------------


def test_compare_table_summary_and_sources(runner: CliRunner, panel: click.Group) -> None:
    result = runner.invoke(panel, ["compare", *BASE, "--focus", "Belgique"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("Uses any social media\n2022, breakdown total;")
    assert "social_media.any_use" not in text  # the label, never the raw concept name
    assert "Belgium (BE): 49% [48.5, 49.5], n = 400, rank" in text
    header = next(line for line in text.splitlines() if line.startswith("geo "))
    assert header.split()[:7] == ["geo", "name", "value", "interval", "diff", "(pp)", "ratio"]
    assert "p (Holm)" in header
    nl = next(line for line in text.splitlines() if line.startswith("NL "))
    assert "-14.0 [" in nl  # unknown published decimals: one decimal
    assert "lower" in nl
    assert "gap to benchmark:" in text
    assert "Belgium: 49% in 2022" in text  # the summary
    assert text.rstrip().endswith("[1] Panel Office, “Panel survey”, https://example.org/panel")


def test_compare_json(runner: CliRunner, panel: click.Group) -> None:
    result = runner.invoke(panel, ["compare", *BASE, "--focus", "BE", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload) >= {"focus", "rows", "rank", "summary", "citations", "reconciliation"}
    assert payload["focus"]["geo"] == "BE"
    rows = {r["geo"]: r for r in payload["rows"]}
    assert set(rows) == {"NL", "LU", "FR", "EU27_2020"}
    assert rows["NL"]["diff"] == pytest.approx(-14.0)
    assert rows["NL"]["verdict"] == "lower"
    assert rows["NL"]["p_value"] is not None
    assert payload["rank"]["n"] == 4
    assert payload["citations"][0]["publisher"] == "Panel Office"
    assert payload["summary"].startswith("Belgium: 49% in 2022")


def test_compare_against_and_french(runner: CliRunner, panel: click.Group) -> None:
    result = runner.invoke(
        panel, ["compare", *BASE, "--focus", "Belgique", "--against", "Pays-Bas", "--lang", "fr", "--json"]
    )
    payload = json.loads(result.output)
    assert [r["geo"] for r in payload["rows"]] == ["NL", "EU27_2020"]  # the benchmark is always shown
    assert payload["summary"].startswith("Belgique : 49\u00a0% en 2022")


def test_compare_lenient_notes_and_strict_refuses(runner: CliRunner, panel: click.Group) -> None:
    args = ["compare", "social_media.any_use", "--period", "2023", "--no-reconcile", "--focus", "BE"]
    lenient = runner.invoke(panel, args)
    assert lenient.exit_code == 0, lenient.output
    assert "not comparable with the focus:\n  FR: population: 'all firms' here, 'enterprises' for BE" in lenient.output
    strict = runner.invoke(panel, [*args, "--strict"])
    assert strict.exit_code == 1
    assert strict.stdout == ""
    lines = strict.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ComparabilityError: compare (strict): 1 figure")
    assert "rerun with 'adoptstats --verbose'" in lines[0]
    verbose = runner.invoke(panel, ["--verbose", *args, "--strict"])
    assert "FR vs BE: population differs ('all firms' vs 'enterprises')" in verbose.stderr


def test_compare_unknown_geography_suggests(runner: CliRunner, panel: click.Group) -> None:
    result = runner.invoke(panel, ["compare", *BASE, "--focus", "Belgum"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: UnknownGeographyError: unknown geography 'Belgum'; did you mean 'Belgium (BE)'?"
    )


def test_compare_unknown_concept_suggests(runner: CliRunner, panel: click.Group) -> None:
    result = runner.invoke(panel, ["compare", "social_media.any_uze", "--focus", "BE"])
    assert result.exit_code == 1
    assert "did you mean 'social_media.any_use'" in result.stderr


def test_compare_unknown_source(runner: CliRunner, panel: click.Group) -> None:
    result = runner.invoke(panel, ["compare", *BASE, "--focus", "BE", "--source", "panle"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: UnknownSourceError: no source named 'panle': did you mean 'panel'?")


def test_compare_without_a_source_for_the_concept(runner: CliRunner, panel: click.Group) -> None:
    result = runner.invoke(panel, ["compare", "web.website", "--focus", "BE"])
    assert result.exit_code == 1
    assert "no installed source has an indicator for 'web.website'" in result.stderr


def test_compare_several_periods_need_one(runner: CliRunner, panel: click.Group) -> None:
    result = runner.invoke(panel, ["compare", "social_media.any_use", "--focus", "BE", "--no-reconcile"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: SelectionError:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_compare_offline_with_an_empty_cache(runner: CliRunner, panel: click.Group) -> None:
    result = runner.invoke(panel, ["compare", *BASE, "--focus", "BE", "--source", "panel", "--offline"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: OfflineError: source 'panel': offline and the cache is empty"


def test_duplicate_reports_without_reconcile_point_to_it(runner: CliRunner, panel: click.Group) -> None:
    args = ["compare", "social_media.any_use", "--period", "2023", "--focus", "NL", "--option", "press=true"]
    result = runner.invoke(panel, [*args, "--no-reconcile"])
    assert result.exit_code == 1
    assert "DuplicateReportsError" in result.stderr
    assert "reconcile" in result.stderr


@needs_reconcile
def test_compare_reconciles_by_default(runner: CliRunner, panel: click.Group) -> None:
    args = ["compare", "social_media.any_use", "--period", "2023", "--focus", "NL", "--option", "press=true"]
    result = runner.invoke(panel, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("reconciled")
    payload = json.loads(runner.invoke(panel, [*args, "--json"]).output)
    be = next(r for r in payload["rows"] if r["geo"] == "BE")
    assert be["value"] == 52.0  # the primary report wins over the press
    assert payload["reconciliation"]["conflicts"]


def test_plot_extension_is_checked_before_fetching(runner: CliRunner, panel: click.Group, tmp_path: Path) -> None:
    result = runner.invoke(panel, ["compare", *BASE, "--focus", "BE", "--plot", str(tmp_path / "c.bmp")])
    assert result.exit_code == 1
    assert "unknown extension '.bmp'; use .png, .svg, .pdf" in result.stderr


@needs_plot
def test_compare_plot_writes_a_png(runner: CliRunner, panel: click.Group, tmp_path: Path) -> None:
    target = tmp_path / "compare.png"
    result = runner.invoke(panel, ["compare", *BASE, "--focus", "BE", "--plot", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"wrote a chart to {target}" in result.stderr


# -- rank ----------------------------------------------------------------------------------------


def test_rank_table_and_json(runner: CliRunner, panel: click.Group) -> None:
    result = runner.invoke(panel, ["rank", *BASE])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("rank"))
    first = lines[header + 2].split()
    assert first[:4] == ["1", "1", "NL", "Netherlands"]
    assert "EU27_2020" not in result.output
    payload = json.loads(runner.invoke(panel, ["rank", *BASE, "--json"]).output)
    assert payload["rows"][0]["geo"] == "NL"
    assert {r["geo"] for r in payload["rows"]} == {"NL", "LU", "FR", "BE"}
    assert payload["citations"][0]["url"] == "https://example.org/panel"
    with_aggregates = json.loads(runner.invoke(panel, ["rank", *BASE, "--include-aggregates", "--json"]).output)
    assert "EU27_2020" in {r["geo"] for r in with_aggregates["rows"]}


# -- trend ---------------------------------------------------------------------------------------


def test_trend_table_summary_and_json(runner: CliRunner, panel: click.Group) -> None:
    args = ["trend", "social_media.any_use", "--geo", "BE", "--against", "NL", "--until", "2022", "--no-reconcile"]
    result = runner.invoke(panel, args)
    assert result.exit_code == 0, result.output
    assert "Belgium: +3 pp a year" in result.output
    assert "would catch up with Netherlands in" in result.output
    payload = json.loads(runner.invoke(panel, [*args, "--json"]).output)
    assert payload["lines"][0]["slope"] == pytest.approx(3.0)
    assert payload["laggard"] == "BE"
    assert isinstance(payload["catch_up"], int)
    assert {r["period"] for r in payload["rows"]} == {"2019", "2020", "2021", "2022"}


@needs_plot
def test_trend_plot_writes_a_png(runner: CliRunner, panel: click.Group, tmp_path: Path) -> None:
    target = tmp_path / "trend.png"
    args = ["trend", "social_media.any_use", "--geo", "BE", "--no-reconcile", "--plot", str(target)]
    result = runner.invoke(panel, args)
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- reconcile -----------------------------------------------------------------------------------


@needs_reconcile
def test_reconcile_command(runner: CliRunner, panel: click.Group) -> None:
    result = runner.invoke(panel, ["reconcile", "panel", "--period", "2023", "--option", "press=true"])
    assert result.exit_code == 0, result.output
    assert "BE" in result.output
    payload = json.loads(
        runner.invoke(panel, ["reconcile", "panel", "--period", "2023", "--option", "press=true", "--json"]).output
    )
    assert payload["conflicts"]
    assert len(payload["resolved"]) == 5


# -- the README's first command, on the bundled regus figures ------------------------------------


@needs_regus
@needs_reconcile
def test_readme_command(runner: CliRunner) -> None:
    args = ["compare", "social_media.customer_acquisition", "--source", "regus", "--focus", "Belux", "--period", "2010"]
    result = runner.invoke(build_cli(), args)
    assert result.exit_code == 0, result.output
    text = result.output
    for name in ("Mexico", "Spain", "Netherlands", "World"):
        assert name in text
    assert "Belgium-Luxembourg (BE+LU): 27%" in text
    assert "lower" in text
    assert "Sources" in text
    assert "https://" in text


class BrokenPanel(PanelSource):
    """Maps the same concept, but cannot answer."""

    name = "broken"

    def fetch(self, query: Query) -> ResultSet:
        raise adoptstats.SourceUnavailable("the server is down")


def test_default_sources_skip_one_that_fails(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = make_registry(("panels", plugin_with(PanelSource(), BrokenPanel())))
    monkeypatch.setattr(adoptstats.registry, "_DEFAULT", registry)
    result = runner.invoke(build_cli(), ["compare", *BASE, "--focus", "BE", "--json"])
    assert result.exit_code == 0, result.output
    assert "warning: source 'broken': the server is down" in result.stderr
    assert json.loads(result.stdout)["focus"]["geo"] == "BE"
    named = runner.invoke(build_cli(), ["compare", *BASE, "--focus", "BE", "--source", "panel", "--source", "broken"])
    assert named.exit_code == 1
    assert named.stderr.startswith("error: 1 of 2 sources failed (broken): SourceUnavailable: the server is down")


def test_chart_warnings_become_one_line_each(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import warnings

    from adoptstats._cli_analysis import draw as _draw

    def plot(path: str) -> None:
        for code in (26085, 26412, 26085):
            warnings.warn(f"Glyph {code} (\\N{{X}}) missing from font(s) DejaVu Sans.", UserWarning, stacklevel=1)
        warnings.warn("tight layout failed", UserWarning, stacklevel=1)
        warnings.warn("tight layout failed", UserWarning, stacklevel=1)

    _draw(plot, tmp_path / "c.png")
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "warning: tight layout failed",
        "warning: the chart's font has no glyph for 3 characters (日本); they show as boxes",
        f"wrote a chart to {tmp_path / 'c.png'}",
    ]


@needs_regus
def test_readme_command_in_a_subprocess() -> None:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("ADOPTSTATS_")}
    env["NO_COLOR"] = "1"
    args = ["compare", "social_media.customer_acquisition", "--source", "regus", "--focus", "Belux", "--period", "2010"]
    out = subprocess.run(
        [sys.executable, "-m", "adoptstats", *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    assert "Belgium-Luxembourg (BE+LU): 27%" in out.stdout
    assert "\x1b[" not in out.stdout
