"""No silent empty answer: a fetch that matches nothing says what the sources have near it.

In Python, :func:`adoptstats.fetch` returns the empty ResultSet and warns with
:class:`~adoptstats.EmptyResultWarning`; on the command line an empty answer is an error
(exit status 1).  Messages name arguments in the caller's terms: ``geo='BE+LU'`` in Python,
``--geo BE+LU`` on the command line, through :class:`~adoptstats.Hint`.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import adoptstats
from adoptstats import Argument, EmptyResultError, EmptyResultWarning, Hint, SelectionError
from adoptstats._cli_common import flag_spelling
from adoptstats.cli import build_cli

pytest.importorskip("adoptstats_regus")

CONCEPT = "social_media.customer_acquisition"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(build_cli(), list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _empty_warning(**filters: object) -> EmptyResultWarning:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rs = adoptstats.fetch("regus", **filters)
    assert len(rs) == 0
    found = [w.message for w in caught if isinstance(w.message, EmptyResultWarning)]
    assert len(found) == 1, [str(w.message) for w in caught]
    return found[0]


# -- messages that name arguments -------------------------------------------------------------


def test_a_hint_spells_its_arguments_for_python_or_for_the_command_line() -> None:
    hint = Hint(
        text="ask for {geo} in {period}, or not {offline}",
        arguments={"geo": Argument("geo", "BE+LU"), "period": Argument("period"), "offline": Argument("offline", True)},
    )
    assert str(hint) == "ask for geo='BE+LU' in period=..., or not offline=True"
    assert hint.render(flag_spelling) == "ask for --geo BE+LU in --period, or not --offline"


def test_flag_spelling_of_lists_and_source_options() -> None:
    assert flag_spelling(Argument("geo", ["BE", "NL"])) == "--geo BE --geo NL"
    assert flag_spelling(Argument("path", "my figures.csv")) == "--path 'my figures.csv'"
    assert flag_spelling(Argument("primary_only", True)) == "--option primary_only=true"


def test_an_error_names_its_argument_and_the_command_line_its_flag() -> None:
    error = SelectionError("2 periods remain; pass {period} to choose one").naming(period=...)
    assert str(error) == "2 periods remain; pass period=... to choose one"
    assert error.message(flag_spelling) == "2 periods remain; pass --period to choose one"
    assert error.message() == str(error)


# -- Python: a warning that says what is near ---------------------------------------------------


def test_belgique_points_to_the_composite_that_contains_it() -> None:
    warning = _empty_warning(concept=CONCEPT, geo="Belgique", period=2010)
    assert "BE is reported only as part of BE+LU (Belgium-Luxembourg)" in str(warning)
    assert "ask for geo='BE+LU'" in str(warning)


def test_a_period_without_data_lists_the_periods_there_are() -> None:
    warning = _empty_warning(concept=CONCEPT, geo="Belux", period=2015)
    assert "periods it has for the other filters: 2010" in str(warning)


def test_a_concept_without_data_lists_the_concepts_there_are() -> None:
    warning = _empty_warning(concept="web.website")
    assert "concepts it has for the other filters:" in str(warning)
    assert CONCEPT in str(warning)


def test_a_non_empty_answer_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(adoptstats.fetch("regus", concept=CONCEPT, geo="Belux", period=2010)) > 0


def test_the_manual_source_names_its_default_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("adoptstats_manual")
    monkeypatch.setenv("ADOPTSTATS_MANUAL_PATH", str(tmp_path / "nothing-here"))
    with pytest.warns(EmptyResultWarning) as caught:
        adoptstats.fetch("manual", concept=CONCEPT)
    text = str(caught[0].message)
    assert str(tmp_path / "nothing-here") in text
    assert "holds no manual files" in text
    assert "path='figures.csv'" in text


# -- the command line: an error in flags --------------------------------------------------------


def test_the_cli_fails_on_an_empty_answer_and_speaks_in_flags() -> None:
    code, out, err = run("fetch", "regus", "--concept", CONCEPT, "--geo", "Belgique", "--period", "2010")
    assert code == 1
    assert out == ""
    assert "EmptyResultError" in err
    assert "ask for --geo BE+LU" in err
    assert "geo=" not in err


def test_compare_on_a_missing_period_lists_the_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run("compare", CONCEPT, "--source", "regus", "--focus", "Belux", "--period", "2015")
    assert code == 1
    assert "--period 2015" in err
    assert "2010, 2011" in err


def test_compare_without_manual_files_names_the_folder_and_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("adoptstats_manual")
    monkeypatch.setenv("ADOPTSTATS_MANUAL_PATH", str(tmp_path / "empty"))
    code, _, err = run("compare", CONCEPT, "--source", "manual", "--focus", "Belux")
    assert code == 1
    assert str(tmp_path / "empty") in err
    assert "pass --path figures.csv to read a file" in err


def test_the_empty_error_is_a_selection_error() -> None:
    assert issubclass(EmptyResultError, SelectionError)


# -- --path on every command that fetches -------------------------------------------------------


@pytest.fixture
def figures(tmp_path: Path) -> Path:
    pytest.importorskip("adoptstats_manual")
    from adoptstats_manual import template

    path = tmp_path / "figures.csv"
    path.write_text(template("csv"), encoding="utf-8")
    code, _, err = run(
        "manual", "add", str(path), "--geo", "Espagne", "--period", "2010", "--concept", CONCEPT,
        "--value", "50 %", "--population", "business people in the Regus global contacts database",
        "--publisher", "L'Avenir", "--url", "https://www.lavenir.net/cnt/8921533",
    )  # fmt: skip
    assert code == 0, err
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["fetch", "manual"],
        ["fetch", "regus", "--geo", "ES", "--period", "2010"],
        ["compare", CONCEPT, "--source", "manual", "--focus", "Belux"],
        ["rank", CONCEPT, "--source", "manual"],
        ["reconcile", "manual"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_path_reads_manual_files_on_every_command_that_fetches(command: list[str], figures: Path) -> None:
    code, out, err = run(*command, "--path", str(figures), "--json")
    assert code == 0, err
    assert "L'Avenir" in out or "lavenir" in out


@pytest.mark.parametrize("command", ["fetch", "compare", "rank", "trend", "reconcile"])
def test_every_command_that_fetches_has_path(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "--path FILE" in out


# -- selections in the analysis functions ------------------------------------------------------


def test_compare_names_period_in_python_and_the_cli_names_the_flag() -> None:
    regus = adoptstats.fetch("regus", concept=CONCEPT)
    with pytest.raises(SelectionError) as info:
        adoptstats.compare(regus, focus="Belux")
    assert "pass period=... to choose one" in str(info.value)
    assert "pass --period to choose one" in info.value.message(flag_spelling)
    with pytest.raises(SelectionError, match=r"periods present: 2010, 2011; pass one of them as period=\.\.\."):
        adoptstats.compare(regus, focus="Belux", period=2015)
    code, _, err = run("compare", CONCEPT, "--source", "regus", "--focus", "Belux")
    assert code == 1
    assert "pass --period to choose one" in err
    assert "period=" not in err


def test_compare_of_an_empty_result_points_to_the_fetch_warning() -> None:
    with pytest.raises(SelectionError, match="EmptyResultWarning"):
        adoptstats.compare(adoptstats.ResultSet.empty(), focus="Belux")
