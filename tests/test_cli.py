"""The ``adoptstats`` command: listings, fetch, exports, options, errors and terminal behaviour."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import click
import pandas as pd
import pytest
from click.testing import CliRunner

import adoptstats
import adoptstats.registry
from adoptstats import Citation, Indicator, OfflineError, Query, ResultSet, Source, SourceInfo
from adoptstats import _cli_output as out
from adoptstats.cli import AdoptstatsGroup, build_cli, parse_source_options
from adoptstats.export import guard_formulas, sidecar_path
from adoptstats.testing import make_registry

from .fakeplugins import FakeSource, plugin_with

TRICKY_CITE = Citation(
    publisher="@Evil Press", title='=HYPERLINK("https://x.example","click")', url="https://example.org/e"
)


class TrickySource(Source):
    """Text that a spreadsheet would run as a formula, and a negative number that must stay a number."""

    name = "tricky"

    def info(self) -> SourceInfo:
        return SourceInfo(name=self.name, title="Tricky figures", publisher="@Evil Press")

    def indicators(self) -> list[Indicator]:
        return [Indicator(code="=1+2", label="A formula", concept="social_media.any_use", unit="pp")]

    def fetch(self, query: Query) -> ResultSet:
        frame = pd.DataFrame(
            {
                "source": self.name,
                "dataset": "-d",
                "indicator": "=1+2",
                "concept": "social_media.any_use",
                "geo": ["BE", "NL"],
                "period": "2023",
                "population": "+enterprises",
                "unit": "pp",
                "value": [-3.5, 2.0],
                "citation_id": TRICKY_CITE.id,
            }
        )
        return ResultSet.from_frame(frame, [TRICKY_CITE])


class OfflineSource(FakeSource):
    """A source with a download cache that is empty: offline, it cannot answer."""

    options = ("offline", "extra")  # type: ignore[assignment]

    def fetch(self, query: Query) -> ResultSet:
        self.seen_env = os.environ.get("ADOPTSTATS_OFFLINE")
        if query.options.get("offline"):
            raise OfflineError(f"source {self.name!r}: offline and the cache holds nothing for this query")
        return super().fetch(query)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def offline_source() -> OfflineSource:
    return OfflineSource("cached")


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch, offline_source: OfflineSource) -> click.Group:
    """The CLI over a registry of fake sources only (no installed plugin)."""
    registry = make_registry(("fakes", plugin_with(FakeSource("fake"), TrickySource(), offline_source)))
    monkeypatch.setattr(adoptstats.registry, "_DEFAULT", registry)
    monkeypatch.delenv("ADOPTSTATS_OFFLINE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return build_cli()


def regus_installed() -> bool:
    return "regus" in adoptstats.get_registry().names


needs_regus = pytest.mark.skipif(not regus_installed(), reason="the regus plugin is not installed")


# -- listings ----------------------------------------------------------------------------------


def test_sources_table(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["sources"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["source", "publisher", "plugin", "title"]
    assert set(lines[1]) <= {"-", " "}
    assert [line.split()[0] for line in lines[2:]] == ["cached", "fake", "tricky"]


def test_plugins_table(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["plugins"])
    assert result.exit_code == 0
    assert "fakes" in result.output
    assert "fake, tricky, cached" in result.output


def test_indicators_table_json_and_concept_filter(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["indicators", "fake"])
    assert result.exit_code == 0
    assert "IND" in result.output
    assert "social_media.any_use" in result.output
    listed = json.loads(runner.invoke(fakes, ["indicators", "fake", "--json"]).output)
    assert listed == [
        {
            "code": "IND",
            "label": "An indicator",
            "concept": "social_media.any_use",
            "match": "same",
            "note": None,
            "dataset": None,
            "unit": "percent",
            "population": None,
        }
    ]
    none = runner.invoke(fakes, ["indicators", "fake", "--concept", "web.website", "--json"])
    assert json.loads(none.output) == []


def test_indicators_unknown_concept_suggests(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["indicators", "fake", "--concept", "social_media.any_uses"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: UnknownConceptError: unknown concept 'social_media.any_uses'")
    assert "social_media.any_use" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_concepts(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["concepts"])
    assert result.exit_code == 0
    assert "social_media.customer_acquisition" in result.output
    listed = json.loads(runner.invoke(fakes, ["concepts", "--json"]).output)
    names = [c["name"] for c in listed]
    assert names == [c.name for c in adoptstats.list_concepts()]
    assert all(c["definition"] for c in listed)
    web = runner.invoke(fakes, ["concepts", "--area", "web", "--definitions"])
    assert "web.website" in web.output
    assert "social_media" not in web.output
    bad = runner.invoke(fakes, ["concepts", "--area", "nope"])
    assert bad.exit_code == 2
    assert "areas:" in bad.output


# -- fetch -------------------------------------------------------------------------------------


def test_fetch_prints_a_table(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["fetch", "fake"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["source", "geo", "period", "indicator", "breakdown", "value", "interval", "cited", "by"]
    assert "60.9%" in result.output
    assert "60.85–60.95" in result.output
    assert "Test publisher (primary)" in result.output
    assert lines[-1] == "3 rows, 1 citation"


def test_fetch_filters_in_any_language(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["fetch", "fake", "--geo", "Belgique", "--geo", "Pays-Bas", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert sorted(r["geo"] for r in data["data"]) == ["BE", "NL"]
    assert data["citations"][0]["publisher"] == "Test publisher"


def test_fetch_period_filter_and_limit(runner: CliRunner, fakes: click.Group) -> None:
    data = json.loads(runner.invoke(fakes, ["fetch", "fake", "--period", "2024", "--json"]).output)
    assert [r["geo"] for r in data["data"]] == ["LU"]
    limited = runner.invoke(fakes, ["fetch", "fake", "--limit", "1"])
    assert "3 rows, 1 citation; showing the first 1" in limited.output


def test_fetch_several_sources(runner: CliRunner, fakes: click.Group) -> None:
    data = json.loads(runner.invoke(fakes, ["fetch", "fake", "cached", "--json"]).output)
    assert sorted({r["source"] for r in data["data"]}) == ["cached", "fake"]


def test_fetch_unknown_source(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["fetch", "fakr"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: UnknownSourceError: no source named 'fakr': did you mean 'fake'?")
    assert len(result.stderr.strip().splitlines()) == 1


def test_fetch_unknown_geography_suggests(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["fetch", "fake", "--geo", "Belgum"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: UnknownGeographyError: unknown geography 'Belgum'; did you mean 'Belgium (BE)'?"
    )


def test_fetch_unknown_option_names_the_accepted_ones(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["fetch", "fake", "--option", "colour=blue"])
    assert result.exit_code == 1
    assert "has no filter 'colour'" in result.stderr
    assert "extra" in result.stderr


def test_option_values_are_json_when_they_parse() -> None:
    assert parse_source_options(
        ["edition=2010", "primary_only=true", "size_class=10-49", 'tag="2010"', 'list=["a", "b"]', "x=", "n=null"]
    ) == {
        "edition": 2010,
        "primary_only": True,
        "size_class": "10-49",
        "tag": "2010",
        "list": ["a", "b"],
        "x": "",
        "n": None,
    }
    assert parse_source_options(["edition=2010", "edition=2011", "edition=2012"]) == {"edition": [2010, 2011, 2012]}
    assert parse_source_options(["q=a=b"]) == {"q": "a=b"}


@pytest.mark.parametrize(("item", "message"), [("novalue", "is not KEY=VALUE"), ("geo=BE", "use --geo")])
def test_bad_option_items_are_usage_errors(runner: CliRunner, fakes: click.Group, item: str, message: str) -> None:
    result = runner.invoke(fakes, ["fetch", "fake", "--option", item])
    assert result.exit_code == 2
    assert message in result.output


def test_options_reach_the_source(runner: CliRunner, fakes: click.Group, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Query] = []
    original = FakeSource.fetch

    def spy(self: FakeSource, query: Query) -> ResultSet:
        seen.append(query)
        return original(self, query)

    monkeypatch.setattr(FakeSource, "fetch", spy)
    result = runner.invoke(fakes, ["fetch", "fake", "--option", "extra=[1, 2]", "--since", "2023", "--dataset", "d"])
    assert result.exit_code == 0, result.output
    assert seen[0].options == {"extra": [1, 2]}
    assert seen[0].since == "2023"
    assert seen[0].dataset == "d"


# -- offline -----------------------------------------------------------------------------------


def test_offline_with_an_empty_cache_fails_in_one_line(
    runner: CliRunner, fakes: click.Group, offline_source: OfflineSource
) -> None:
    result = runner.invoke(fakes, ["fetch", "cached", "--offline"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: OfflineError: source 'cached': offline and the cache holds nothing for this query"
    )
    assert offline_source.seen_env == "1"
    assert "ADOPTSTATS_OFFLINE" not in os.environ  # restored after the command


def test_offline_is_not_passed_to_sources_that_do_not_take_it(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["fetch", "fake", "--offline", "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["data"]) == 3


def test_offline_across_sources_reports_each_failure(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["fetch", "fake", "cached", "--offline"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: 1 of 2 sources failed (cached): OfflineError:")


# -- timeout -----------------------------------------------------------------------------------


class SlowSource(FakeSource):
    """A source that does not answer until released."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.release = threading.Event()

    def fetch(self, query: Query) -> ResultSet:
        self.release.wait(30)
        return super().fetch(query)


def test_timeout_gives_up_on_a_source_that_does_not_answer(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = SlowSource("slow")
    registry = make_registry(("slowplugin", plugin_with(slow, FakeSource("fake"))))
    monkeypatch.setattr(adoptstats.registry, "_DEFAULT", registry)
    try:
        started = time.monotonic()
        result = runner.invoke(build_cli(), ["fetch", "slow", "--timeout", "0.3"])
        elapsed = time.monotonic() - started
        assert result.exit_code == 1
        assert result.stderr.startswith("error: SourceUnavailable: ")
        assert "'slow'" in result.stderr and "did not answer within 0.3 s" in result.stderr
        assert elapsed < 10  # it did not wait for the source
        result = runner.invoke(build_cli(), ["fetch", "slow", "fake", "--timeout", "0.3"])
        assert result.exit_code == 1
        assert result.stderr.startswith("error: 1 of 2 sources failed (slow): SourceUnavailable:")
        result = runner.invoke(build_cli(), ["fetch", "fake", "--timeout", "5", "--json"])
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.output)["data"]) == 3
    finally:
        slow.release.set()


@pytest.mark.parametrize("value", ["0", "-1", "soon"])
def test_timeout_must_be_a_positive_number(runner: CliRunner, fakes: click.Group, value: str) -> None:
    result = runner.invoke(fakes, ["fetch", "fake", "--timeout", value])
    assert result.exit_code == 2
    assert "--timeout" in result.stderr


@pytest.mark.parametrize("command", ["fetch", "compare", "rank", "trend", "reconcile"])
def test_every_command_that_fetches_has_a_timeout(runner: CliRunner, fakes: click.Group, command: str) -> None:
    result = runner.invoke(fakes, [command, "--help"])
    assert result.exit_code == 0
    assert "--timeout SECONDS" in result.output


# -- exports -----------------------------------------------------------------------------------


def test_export_csv_with_sidecar(runner: CliRunner, fakes: click.Group, tmp_path: Path) -> None:
    target = tmp_path / "figures.csv"
    result = runner.invoke(fakes, ["fetch", "fake", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"wrote 3 rows to {target}" in result.stderr
    data = pd.read_csv(target)
    cites = pd.read_csv(tmp_path / "figures.citations.csv")
    assert data["value"].tolist() == [60.9, 70.1, 55.0]
    assert set(data["citation_id"]) <= set(cites["citation_id"])
    assert cites["publisher"].tolist() == ["Test publisher"]


def test_export_json_embeds_citations(runner: CliRunner, fakes: click.Group, tmp_path: Path) -> None:
    target = tmp_path / "figures.json"
    assert runner.invoke(fakes, ["fetch", "fake", "-o", str(target)]).exit_code == 0
    payload = json.loads(target.read_text(encoding="utf-8"))
    assert set(payload) == {"data", "citations", "caveats"}
    assert len(payload["data"]) == 3
    assert payload["citations"][0]["url"] == "https://example.org/t"
    assert not (tmp_path / "figures.citations.json").exists()


def test_export_parquet_with_sidecar(runner: CliRunner, fakes: click.Group, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    target = tmp_path / "figures.parquet"
    assert runner.invoke(fakes, ["fetch", "fake", "-o", str(target)]).exit_code == 0
    data = pd.read_parquet(target)
    assert data["geo"].astype(str).tolist() == ["BE", "NL", "LU"]
    assert pd.read_parquet(sidecar_path(target))["publisher"].tolist() == ["Test publisher"]


def test_export_excel_has_a_citations_sheet(runner: CliRunner, fakes: click.Group, tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    target = tmp_path / "figures.xlsx"
    assert runner.invoke(fakes, ["fetch", "fake", "-o", str(target)]).exit_code == 0
    sheets = pd.read_excel(target, sheet_name=None)
    assert list(sheets) == ["data", "citations", "caveats"]
    assert sheets["data"]["value"].tolist() == [60.9, 70.1, 55.0]
    assert sheets["citations"]["publisher"].tolist() == ["Test publisher"]


@pytest.mark.parametrize(
    ("extension", "extra", "module"), [(".parquet", "parquet", "pyarrow"), (".xlsx", "excel", "openpyxl")]
)
def test_missing_extra_is_named(
    runner: CliRunner,
    fakes: click.Group,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extension: str,
    extra: str,
    module: str,
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes "import module" fail
    result = runner.invoke(fakes, ["fetch", "fake", "-o", str(tmp_path / f"f{extension}")])
    assert result.exit_code == 1
    assert f"pip install -e '.[{extra}]'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_unknown_extension_fails_before_fetching(
    runner: CliRunner, fakes: click.Group, tmp_path: Path, offline_source: OfflineSource
) -> None:
    result = runner.invoke(fakes, ["fetch", "cached", "-o", str(tmp_path / "f.txt")])
    assert result.exit_code == 1
    assert "unknown extension '.txt'; use .csv, .json, .parquet, .xlsx" in result.stderr
    assert offline_source.calls == 0


def test_missing_directory(runner: CliRunner, fakes: click.Group, tmp_path: Path) -> None:
    result = runner.invoke(fakes, ["fetch", "fake", "-o", str(tmp_path / "nope" / "f.csv")])
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_csv_guards_against_formulas_but_not_numbers(runner: CliRunner, fakes: click.Group, tmp_path: Path) -> None:
    target = tmp_path / "tricky.csv"
    assert runner.invoke(fakes, ["fetch", "tricky", "-o", str(target)]).exit_code == 0
    data = pd.read_csv(target, dtype={"value": float})
    assert data["indicator"].tolist() == ["'=1+2", "'=1+2"]
    assert data["dataset"].tolist() == ["'-d", "'-d"]
    assert data["population"].tolist() == ["'+enterprises", "'+enterprises"]
    assert data["value"].tolist() == [-3.5, 2.0]  # numbers stay numbers
    assert data["lower"].iloc[0] == -3.55
    cites = pd.read_csv(sidecar_path(target))
    assert cites["publisher"].tolist() == ["'@Evil Press"]
    assert cites["title"].tolist() == ['\'=HYPERLINK("https://x.example","click")']
    assert cites["url"].tolist() == ["https://example.org/e"]


def test_excel_guards_against_formulas(runner: CliRunner, fakes: click.Group, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "tricky.xlsx"
    assert runner.invoke(fakes, ["fetch", "tricky", "-o", str(target)]).exit_code == 0
    book = openpyxl.load_workbook(target)
    data = book["data"]
    header = [c.value for c in data[1]]
    indicator = data.cell(row=2, column=header.index("indicator") + 1)
    value = data.cell(row=2, column=header.index("value") + 1)
    assert indicator.data_type == "s"
    assert indicator.value == "'=1+2"
    assert value.value == -3.5
    cites = book["citations"]
    assert all(c.data_type != "f" for row in cites.iter_rows() for c in row)


def test_json_export_is_not_guarded(runner: CliRunner, fakes: click.Group) -> None:
    data = json.loads(runner.invoke(fakes, ["fetch", "tricky", "--json"]).output)
    assert data["data"][0]["indicator"] == "=1+2"


def test_guard_formulas_leaves_numbers_and_missing_values() -> None:
    frame = pd.DataFrame({"t": ["=a", "b", None, "-c", "\tx"], "n": [-1.0, 2.0, None, -3.0, 4.0]})
    guarded = guard_formulas(frame)
    assert guarded["t"].tolist()[:2] == ["'=a", "b"]
    assert pd.isna(guarded["t"].iloc[2])
    assert guarded["t"].tolist()[3:] == ["'-c", "'\tx"]
    assert guarded["n"].tolist()[:2] == [-1.0, 2.0]


# -- errors, help, colour ----------------------------------------------------------------------


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    group = build_cli()

    def walk(cmd: click.Command, path: list[str]) -> Iterator[list[str]]:
        yield path
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])

    for path in walk(group, []):
        result = runner.invoke(group, [*path, "--help"])
        assert result.exit_code == 0, path
        if path and path[0] in _CORE_COMMANDS:
            assert "Example" in result.output, path
            assert f"adoptstats {' '.join(path)}" in result.output, path


_CORE_COMMANDS = {"plugins", "sources", "indicators", "concepts", "fetch", "compare", "rank", "trend", "reconcile"}


def test_nested_plugin_groups_print_one_line_errors(runner: CliRunner, fakes: click.Group) -> None:
    root = AdoptstatsGroup("root")

    @root.group("plug")
    def plug() -> None:
        """A plugin group."""

    @plug.command("boom")
    def boom() -> None:
        raise adoptstats.QueryError("bad filter")

    assert isinstance(plug, AdoptstatsGroup)
    for target, args in ((root, ["plug", "boom"]), (plug, ["boom"])):
        result = runner.invoke(target, args)
        assert result.exit_code == 1
        assert result.stderr == "error: QueryError: bad filter\n"


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setattr(out, "_is_terminal", lambda stream: False)
    assert not out.colour_enabled()
    monkeypatch.setattr(out, "_is_terminal", lambda stream: True)
    assert out.colour_enabled()
    assert out.style("x", fg="red") == "\x1b[31mx\x1b[0m"
    monkeypatch.setenv("NO_COLOR", "1")
    assert not out.colour_enabled()
    assert out.style("x", fg="red") == "x"


def test_plain_output_has_no_escape_codes(runner: CliRunner, fakes: click.Group) -> None:
    result = runner.invoke(fakes, ["plugins"], color=True)
    assert "\x1b[" not in result.output


def test_spinner_is_silent_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    with out.spinner("working"):
        pass
    assert capsys.readouterr().err == ""


def test_table_wraps_free_text_to_a_width() -> None:
    note = "agrees with 1 of the 2 other reports; then most recent publication (2010-07-07)"
    rows = [{"geo": "BE+LU", "why": note, "value": 1.5}, {"geo": "NL", "why": "", "value": 2.0}]
    cols = [
        out.Column(key="geo", header="geo"),
        out.Column(key="why", header="why chosen"),
        out.Column(key="value", header="value", align="right"),
    ]
    text = out.render_table(rows, cols, width=50)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 50
    assert len(lines) > 4  # the note took more than one line
    assert "…" not in text  # wrapped, not cut: every word is still there, in order
    words = [w for line in lines[2:-1] for w in line.split() if w not in ("BE+LU", "1.5")]
    assert " ".join(words) == note
    assert lines[-1].split() == ["NL", "2"]


def test_table_never_wraps_codes_or_short_cells() -> None:
    rows = [{"a": "new_customers_via_social_networks", "b": "undetermined"}]
    cols = [out.Column(key="a", header="a"), out.Column(key="b", header="verdict")]
    text = out.render_table(rows, cols, width=20)
    assert text.splitlines()[-1].split() == ["new_customers_via_social_networks", "undetermined"]


def test_table_fits_columns_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [{"a": "word " * 30}]
    cols = [out.Column(key="a", header="a")]
    monkeypatch.delenv("COLUMNS", raising=False)
    assert len(out.render_table(rows, cols).splitlines()) == 3  # piped: one line per row
    monkeypatch.setenv("COLUMNS", "40")
    text = out.render_table(rows, cols)
    assert max(len(line) for line in text.splitlines()) <= 40
    assert text.count("word") == 30


@needs_regus
def test_fetch_regus_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    group = build_cli()
    args = ["fetch", "regus", "--concept", "social_media.customer_acquisition", "--geo", "Belux", "--period", "2010"]
    result = runner.invoke(group, args)
    assert result.exit_code == 0, result.output
    assert "BE+LU" in result.output
    assert "27%" in result.output
    target = tmp_path / "belux.csv"
    assert runner.invoke(group, [*args, "-o", str(target)]).exit_code == 0
    data = pd.read_csv(target)
    cites = pd.read_csv(sidecar_path(target))
    assert set(data["geo"]) == {"BE+LU"}
    assert set(data["citation_id"]) == set(cites["citation_id"])
    assert cites["url"].notna().all()


def test_spinner_shows_download_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import time

    from adoptstats import progress

    fake = io.StringIO()
    monkeypatch.setattr(sys, "stderr", fake)
    monkeypatch.setattr(out, "_is_terminal", lambda stream: True)
    monkeypatch.delenv("TERM", raising=False)
    with out.spinner("fetching from fake"):
        callback = progress.current_callback()
        assert callback is not None
        progress.notify(callback, progress.Progress(url="https://x.example", received=1_500_000, total=3_000_000))
        time.sleep(0.55)
    assert progress.current_callback() is None
    text = fake.getvalue()
    assert "fetching from fake  1.5 MB of 3.0 MB ( 50%)" in text
    assert text.endswith("\r\x1b[2K")  # the line is cleared at the end


def test_quick_work_draws_nothing_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    fake = io.StringIO()
    monkeypatch.setattr(sys, "stderr", fake)
    monkeypatch.setattr(out, "_is_terminal", lambda stream: True)
    with out.spinner("quick"):
        pass
    assert fake.getvalue() == ""


def eurostat_installed() -> bool:
    return "eurostat" in adoptstats.get_registry().names


@pytest.mark.skipif(not eurostat_installed(), reason="the eurostat plugin is not installed")
def test_eurostat_offline_with_an_empty_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADOPTSTATS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ADOPTSTATS_OFFLINE", raising=False)
    result = CliRunner().invoke(
        build_cli(), ["fetch", "eurostat", "--concept", "cloud.any_use", "--geo", "BE", "--offline"]
    )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: OfflineError: offline: the cache in")
    assert "ADOPTSTATS_OFFLINE" not in os.environ


def test_a_table_too_wide_leaves_out_columns_and_says_so() -> None:
    rows = [
        {"src": "regus", "geo": "BE+LU", "code": "new_customers_via_social_networks", "ratio": 0.5, "ref": 1},
        {"src": "regus", "geo": "ES", "code": "new_customers_via_social_networks", "ratio": 0.9, "ref": 2},
    ]
    cols = [
        out.Column(key="src", header="source", drop=2),
        out.Column(key="geo", header="geo"),
        out.Column(key="code", header="indicator"),
        out.Column(key="ratio", header="ratio", align="right", drop=1),
        out.Column(key="ref", header="ref", align="right"),
    ]
    wide = out.render_table(rows, cols, width=200)
    assert wide.splitlines()[0].split() == ["source", "geo", "indicator", "ratio", "ref"]
    # One column must go: the one that is the same in every row goes first, and its value is kept.
    one = out.render_table(rows, cols, width=55).splitlines()
    assert one[0].split() == ["geo", "indicator", "ratio", "ref"]
    assert one[-1] == "every row: source regus"
    assert max(len(line) for line in one) <= 55
    # Two must go: the varying one is named, its values are not invented.
    two = out.render_table(rows, cols, width=48).splitlines()
    assert two[0].split() == ["geo", "indicator", "ref"]
    assert two[-2:] == ["every row: source regus", "left out to fit the window: ratio"]
    assert max(len(line) for line in two) <= 48
    # Nothing left to drop: the table stays as narrow as it can, every code whole.
    assert "new_customers_via_social_networks" in out.render_table(rows, cols, width=10)


def test_fit_wraps_each_line_under_its_marker() -> None:
    url = "https://www.marketingweek.com/2011/06/13/companies-increasingly-using-social-networks-to-win-customers/"
    text = "\n".join(
        [
            "short line",
            f"[8] Marketing Week, “companies increasingly using social networks”, 2011-06-13, {url} (secondary report)",
            "  MX 2010: chose 50% (Media in Canada) over 52% (L'Avenir): agrees with 1 of the 2 other reports",
            "error: QueryError: source 'regus' has no filter 'colour'; it accepts breakdown, concept, dataset",
            "a paragraph of 27 % and 12 pp and p = 0.01 and so on and on and on and on and on and on",
        ]
    )
    lines = out.fit(text, width=40).splitlines()
    assert lines[0] == "short line"
    assert "    " + url in lines  # never cut, alone on its line
    assert all(len(line) <= 40 for line in lines if url not in line)
    at = lines.index("[8] Marketing Week, “companies")
    assert lines[at + 1].startswith("    increasingly")  # under the text after "[8] "
    mx = next(i for i, line in enumerate(lines) if line.startswith("  MX 2010"))
    assert lines[mx + 1].startswith("    ") and not lines[mx + 1].startswith("     ")
    err = next(i for i, line in enumerate(lines) if line.startswith("error: "))
    assert lines[err + 1].startswith("       ") and lines[err + 1][7] != " "
    joined = " ".join(lines)
    assert "27 %" in joined and "12 pp" in joined and "p = 0.01" in joined
    assert [w for line in lines for w in line.split()] == text.split()  # no word lost, none cut


def test_fit_leaves_piped_output_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    long = "word " * 60
    assert out.fit(long) == long
    assert max(len(line) for line in out.paragraph(long).splitlines()) <= out.PARAGRAPH_WIDTH
    monkeypatch.setenv("COLUMNS", "40")
    assert max(len(line) for line in out.fit(long).splitlines()) <= 40
    assert max(len(line) for line in out.paragraph(long).splitlines()) <= 40
