"""The ``manual`` source: the installed entry point, filters, the default folder, the contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from manual_testkit import figure, lavenir, write_csv

import adoptstats
from adoptstats import QueryError, ValidationError
from adoptstats.testing import check_source, registry_for
from adoptstats.testing.strategies import queries
from adoptstats_manual import ManualSource, add, default_paths, template


@pytest.fixture(autouse=True)
def _fresh_registry() -> None:
    adoptstats.refresh()


def test_the_entry_point_passes_the_contract(belgian_csv: Path) -> None:
    source = adoptstats.get_source("manual")
    assert isinstance(source, ManualSource)
    result = check_source(
        source,
        source.query(path=belgian_csv, geo=["Belux", "Pays-Bas"], concept="social_media.customer_acquisition"),
        bad_queries=[{"path": belgian_csv.parent / "missing.csv"}, {"colour": "red"}, {"since": 2011, "until": 2010}],
    )
    assert sorted(result.unique("geo")) == ["BE+LU", "NL"]
    plugin = next(p for p in adoptstats.list_plugins() if p.name == "manual")
    assert (plugin.distribution, plugin.status, plugin.sources) == ("adoptstats-manual", "loaded", ("manual",))
    assert set(plugin.hooks) == {"adoptstats_register_sources", "adoptstats_register_commands"}


@pytest.fixture(scope="module")
def press_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Belgian press figures, one file for every generated query."""
    rows = [figure(), lavenir("Mexique", "52 %"), lavenir("Espagne", "50 %"), lavenir("Pays-Bas", "50 %")]
    return write_csv(tmp_path_factory.mktemp("manual") / "belgian_press.csv", rows)


def test_the_contract_on_generated_queries(press_file: Path) -> None:
    """Queries drawn from the source's own indicators and the file's coverage: answered, or empty and valid."""
    source = ManualSource()
    registry = registry_for(source)
    geos = ["BE+LU", "MX", "ES", "NL", "FR"]

    @settings(deadline=None)
    @given(
        query=queries(
            source, geos=geos, periods=["2009", "2010", "2011"], options={"path": press_file}, registry=registry
        )
    )
    def run(query: adoptstats.Query) -> None:
        check_source(source, query, registry=registry)

    run()


def test_rows_carry_source_dataset_and_citation(belgian_csv: Path) -> None:
    results = adoptstats.fetch("manual", path=belgian_csv, geo="Belux")
    [obs] = results.records()
    assert (obs.source, obs.dataset, obs.indicator, obs.concept) == (
        "manual",
        "belgian_press",
        "new_customers_via_social_networks",
        "social_media.customer_acquisition",
    )
    assert (obs.estimate.lower, obs.estimate.upper) == (26.5, 27.5)
    assert obs.citation.publisher == "La Libre Belgique"
    assert "27 %" in (obs.citation.quote or "")
    assert obs.citation.primary is False


def test_filters(tmp_path: Path, belgian_csv: Path) -> None:
    other = add(tmp_path / "budget.csv", **figure(concept="social_media.marketing_budget", indicator="", value="13 %"))
    both = [belgian_csv, tmp_path / "budget.csv"]
    assert len(adoptstats.fetch("manual", path=both)) == 5
    assert len(adoptstats.fetch("manual", path=tmp_path)) == 5  # a folder
    assert adoptstats.fetch("manual", path=both, dataset="budget").records() == [other]
    assert len(adoptstats.fetch("manual", path=both, concept="social_media.marketing_budget")) == 1
    assert len(adoptstats.fetch("manual", path=both, indicator="social_media.marketing_budget")) == 1
    assert len(adoptstats.fetch("manual", path=both, geo="Belgique-Luxembourg")) == 2
    with pytest.warns(adoptstats.EmptyResultWarning):
        assert len(adoptstats.fetch("manual", path=both, period=2011)) == 0
    assert len(adoptstats.fetch("manual", path=both, since=2010, until=2010)) == 5


def test_default_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADOPTSTATS_MANUAL_PATH", str(tmp_path / "nowhere"))
    assert default_paths() == [tmp_path / "nowhere"]
    with pytest.warns(adoptstats.EmptyResultWarning):  # no folder yet: no figures, no error
        assert len(adoptstats.fetch("manual")) == 0
    monkeypatch.setenv("ADOPTSTATS_MANUAL_PATH", str(tmp_path))
    (tmp_path / "figures.yaml").write_text(template("yaml"), encoding="utf-8")
    write_csv(tmp_path / "more.csv", [lavenir("Mexique", "52 %")])
    (tmp_path / ".figures.yaml.x.tmp").write_text("a write in progress", encoding="utf-8")
    (tmp_path / "readme.txt").write_text("not a manual file", encoding="utf-8")
    assert sorted(adoptstats.fetch("manual").unique("geo")) == ["BE+LU", "MX"]
    monkeypatch.delenv("ADOPTSTATS_MANUAL_PATH")
    assert default_paths()[0].parts[-2:] == ("adoptstats", "manual")


def test_bad_files_and_paths(tmp_path: Path) -> None:
    bad = write_csv(tmp_path / "bad.csv", [figure(geo="Belgiqe")])
    with pytest.raises(ValidationError, match="did you mean 'Belgium"):
        adoptstats.fetch("manual", path=bad)
    with pytest.raises(QueryError, match="no such file or folder"):
        adoptstats.fetch("manual", path=tmp_path / "missing.csv")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(QueryError, match="not a manual file"):
        adoptstats.fetch("manual", path=tmp_path / "notes.txt")


def test_info_and_indicators() -> None:
    source = ManualSource()
    assert source.info().name == "manual"
    codes = {i.code for i in source.indicators()}
    assert "social_media.customer_acquisition" in codes
    assert all(i.code == i.concept for i in source.indicators())


def test_registering_reads_no_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADOPTSTATS_MANUAL_PATH", str(tmp_path / "bad.csv"))
    write_csv(tmp_path / "bad.csv", [figure(geo="Belgiqe")])
    adoptstats.refresh()
    assert "manual" in adoptstats.list_sources()["name"].tolist()
