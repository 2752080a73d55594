"""The core refuses a query naming an unknown concept, indicator or dataset before the source runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

import adoptstats
import adoptstats.registry
from adoptstats import EmptyResultWarning, Indicator, Query, ResultSet, SourceInfo, SourceWarning, UnknownConceptError
from adoptstats.cli import build_cli
from adoptstats.errors import UnknownFilterValueError
from adoptstats.testing import make_registry

from .fakeplugins import FakeSource, plugin_with


class DatasetSource(FakeSource):
    """A source whose indicators name their datasets (and which checks nothing itself)."""

    def indicators(self) -> list[Indicator]:
        return [
            Indicator(code="IND", label="An indicator", concept="social_media.any_use", dataset="survey_2023"),
            Indicator(code="WEB", label="A website", concept="web.website", dataset="survey_2024"),
        ]


class OpenSource(FakeSource):
    """A source serving a whole database: any indicator or dataset code may exist."""

    def info(self) -> SourceInfo:
        return SourceInfo(name=self.name, title="A database", publisher="Test publisher", open_catalogue=True)


def test_unknown_concept_is_refused_with_suggestions_before_the_source_runs() -> None:
    src = FakeSource("fake")
    reg = make_registry(("fakes", plugin_with(src)))
    with pytest.raises(UnknownFilterValueError, match=r"did you mean 'social_media\.any_use'") as info:
        reg.fetch("fake", concept="social_media.any_uze")
    assert (info.value.filter, info.value.value) == ("concept", "social_media.any_uze")
    assert str(info.value).startswith("source 'fake': unknown concept 'social_media.any_uze'")
    assert isinstance(info.value, adoptstats.QueryError)
    with pytest.raises(UnknownFilterValueError) as info:  # nothing close: what the source has in that area
        reg.fetch("fake", concept="social_media.nonsense")
    assert info.value.suggestions and info.value.suggestions[0] == "social_media.any_use"
    assert src.calls == 0
    assert len(reg.fetch("fake", concept="social_media.any_use")) == 3  # known concepts pass


def test_unknown_indicator_and_dataset_are_refused() -> None:
    src = DatasetSource("ds")
    reg = make_registry(("fakes", plugin_with(src)))
    with pytest.raises(UnknownFilterValueError, match="has no indicator 'INDD'; did you mean 'IND'") as info:
        reg.fetch("ds", indicator="INDD")
    assert info.value.filter == "indicator" and info.value.suggestions == ["IND"]
    with pytest.raises(UnknownFilterValueError, match="has no dataset 'survey_2032'; did you mean") as info:
        reg.fetch("ds", dataset="survey_2032")
    assert info.value.filter == "dataset" and "survey_2023" in info.value.suggestions
    with pytest.raises(UnknownFilterValueError, match="did you mean 'survey_2023'"):
        reg.fetch("ds", dataset="SURVEY-2023")
    assert src.calls == 0
    with pytest.warns(EmptyResultWarning):  # nothing matches: the source is asked again to say what it has
        reg.fetch("ds", indicator="WEB", dataset="survey_2024")
    assert src.calls >= 1


def test_renamed_indicators_say_what_replaced_them() -> None:
    class Renamed(FakeSource):
        renamed_indicators = {"OLD": "IND (breakdown='size:small')"}  # noqa: RUF012

    reg = make_registry(("fakes", plugin_with(Renamed("r"))))
    with pytest.raises(UnknownFilterValueError, match=r"has no indicator 'OLD'; it is now IND \(breakdown"):
        reg.fetch("r", indicator="OLD")


def test_open_catalogues_check_concepts_only() -> None:
    src = OpenSource("db")
    reg = make_registry(("fakes", plugin_with(src)))
    with pytest.warns(EmptyResultWarning):
        reg.fetch("db", indicator="ANY_CODE", dataset="any_dataset")
    assert src.calls >= 1
    with pytest.raises(UnknownFilterValueError, match="unknown concept"):
        reg.fetch("db", concept="cloud.anyuse")


def test_several_sources_refuse_an_unknown_concept_once() -> None:
    a, b = FakeSource("a"), FakeSource("b")
    reg = make_registry(("fakes", plugin_with(a, b)))
    with pytest.raises(UnknownConceptError, match=r"did you mean 'cloud\.any_use'"):
        reg.fetch(["a", "b"], concept="cloud.any_usee", on_error="ignore")
    assert a.calls == b.calls == 0


def test_an_installed_source_needs_no_code_of_its_own() -> None:
    """The Regus figures through the public API: the core answers the misspelling."""
    if "regus" not in adoptstats.get_registry().names:
        pytest.skip("the regus plugin is not installed")
    with pytest.raises(UnknownFilterValueError, match="did you mean") as info:
        adoptstats.fetch("regus", concept="social_media.nonsense")
    assert info.value.suggestions


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ADOPTSTATS_")}


def test_get_concept_loads_plugins_in_a_fresh_process() -> None:
    code = (
        "import adoptstats\n"
        "print(adoptstats.get_concept('social_media.business_contacts').contributed_by)\n"
        "from adoptstats.concepts import get_concept\n"
        "print(get_concept('social_media.business_contacts').label != '')\n"
    )
    if "regus" not in adoptstats.get_registry().names:
        pytest.skip("the regus plugin is not installed")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["regus", "True"]


def test_the_command_line_refuses_a_misspelled_concept() -> None:
    if "regus" not in adoptstats.get_registry().names:
        pytest.skip("the regus plugin is not installed")
    out = subprocess.run(
        [sys.executable, "-m", "adoptstats", "fetch", "regus", "--concept", "social_media.nonsense"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    assert out.returncode == 1
    [line] = out.stderr.splitlines()
    assert line.startswith("error: UnknownFilterValueError: source 'regus': unknown concept 'social_media.nonsense'")
    assert "did you mean" in line


# -- --on-error on the command line -------------------------------------------------------------


@pytest.fixture
def several(monkeypatch: pytest.MonkeyPatch) -> click.Group:
    broken = FakeSource("broken", fail=adoptstats.SourceUnavailable("source 'broken': down for maintenance"))
    registry = make_registry(("fakes", plugin_with(FakeSource("good"), broken)))
    monkeypatch.setattr(adoptstats.registry, "_DEFAULT", registry)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return build_cli()


def test_fetch_on_error(several: click.Group) -> None:
    runner = CliRunner()
    failed = runner.invoke(several, ["fetch", "good", "broken", "--json"])
    assert failed.exit_code == 1 and "1 of 2 sources failed (broken)" in failed.output
    warned = runner.invoke(several, ["fetch", "good", "broken", "--json", "--on-error", "warn"])
    assert warned.exit_code == 0, warned.output
    assert "warning: source 'broken': down for maintenance" in warned.stderr
    assert {r["source"] for r in json.loads(warned.stdout)["data"]} == {"good"}
    ignored = runner.invoke(several, ["fetch", "good", "broken", "--json", "--on-error", "ignore"])
    assert ignored.exit_code == 0 and ignored.stderr == ""
    assert len(json.loads(ignored.stdout)["data"]) == 3
    bad = runner.invoke(several, ["fetch", "good", "--on-error", "explode"])
    assert bad.exit_code == 2 and "--on-error" in bad.output


@pytest.mark.parametrize("command", ["compare", "rank", "trend"])
def test_analysis_commands_take_on_error(several: click.Group, command: str) -> None:
    extra = {"compare": ["--focus", "BE"], "rank": [], "trend": ["--geo", "BE"]}[command]
    args = [command, "social_media.any_use", "--source", "good", "--source", "broken", *extra]
    runner = CliRunner()
    strict = runner.invoke(several, args)
    assert strict.exit_code == 1 and "broken" in strict.output
    warned = runner.invoke(several, [*args, "--on-error", "warn"])
    assert "warning: source 'broken': down for maintenance" in warned.stderr
    assert "sources failed" not in warned.output


def test_a_warning_from_api_names_the_source() -> None:
    broken = FakeSource("broken", fail=RuntimeError("disk on fire"))
    reg = make_registry(("fakes", plugin_with(FakeSource("good"), broken)))
    with pytest.warns(SourceWarning, match="source 'broken'"):
        rs = reg.fetch(["good", "broken"], on_error="warn")
    assert set(rs.unique("source")) == {"good"}


def test_query_objects_are_checked_the_same_way() -> None:
    from adoptstats.sources import check_query

    with pytest.raises(UnknownFilterValueError, match="has no indicator"):
        check_query(DatasetSource("ds"), Query(indicators=["NOPE"]))
    check_query(DatasetSource("ds"), Query(indicators=["IND"]))
    assert isinstance(DatasetSource("ds").fetch(Query()), ResultSet)
