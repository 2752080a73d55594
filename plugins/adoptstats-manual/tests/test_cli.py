"""The ``adoptstats manual`` commands, through click's test runner."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from manual_testkit import LALIBRE_URL, POPULATION, figure, write_csv

from adoptstats.cli import build_cli
from adoptstats_manual import COLUMN_NAMES, load, template, validate


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(build_cli(), list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", [[], ["template"], ["add"], ["validate"], ["folder"]])
def test_help_has_an_example(command: list[str]) -> None:
    code, out, _ = run("manual", *command, "--help")
    assert code == 0
    assert "Example:" in out
    assert "adoptstats manual" in out


def test_template() -> None:
    code, out, _ = run("manual", "template")
    assert code == 0
    assert out == template("csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(COLUMN_NAMES)
    assert rows[0]["publisher"] == "La Libre Belgique"
    assert run("manual", "template", "--format", "yaml", "--header-only")[1] == template("yaml", example=False)


def test_add_then_validate(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    code, out, err = run(
        "manual", "add", str(path), "--geo", "Belgique-Luxembourg", "--period", "2010",
        "--concept", "social_media.customer_acquisition", "--value", "27 %", "--population", POPULATION,
        "--publisher", "La Libre Belgique", "--url", LALIBRE_URL, "--sample-size", "15000",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == f"added to {path}: BE+LU 2010 social_media.customer_acquisition 27% (La Libre Belgique)\n"
    assert load(path).records()[0].sample_size == 15000
    code, out, err = run("manual", "validate", str(path))
    assert (code, out) == (0, "1 file checked: no problems\n")


def test_add_refused_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    code, _, err = run("manual", "add", str(path), "--geo", "Belgiqe", "--value", "plus d'un quart", "--publisher", "X")
    assert code == 1
    assert err.startswith(f"error: the figure was not added to {path}: 6 problems")
    assert "'plus de 25 %'" in err
    assert not path.exists()


def test_validate_lists_problems_and_fails(tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", [figure()])
    bad = write_csv(tmp_path / "bad.csv", [figure(geo="Belgiqe"), figure(value="almost half", breakdown="x")])
    code, out, err = run("manual", "validate", str(good), str(bad))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [str(p) for p in validate(bad)] + ["2 problems in 2 files"]
    assert f"{bad}:2, column 'geo'" in err
    code, _, err = run("manual", "validate", str(tmp_path / "missing.csv"))
    assert code == 1
    assert "no such file or folder" in err


def test_validate_default_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADOPTSTATS_MANUAL_PATH", str(tmp_path))
    write_csv(tmp_path / "good.csv", [figure()])
    assert run("manual", "validate") == (0, "1 file checked: no problems\n", "")
    assert run("manual", "folder") == (0, f"{tmp_path}\n", "")


def test_validate_warns_about_rows_that_do_not_compare(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "figures.csv", [figure(), figure(geo="Espagne", value="50 %", indicator="")])
    code, out, err = run("manual", "validate", str(path))
    assert code == 0  # a warning, not a problem
    assert out == "1 file checked: no problems, 1 warning\n"
    assert err.startswith(f"warning: {path}:3, column 'indicator': rows of the concept social_media.customer_acq")
    bad = write_csv(tmp_path / "bad.csv", [figure(geo="Belgiqe")])
    code, _, err = run("manual", "validate", str(path), str(bad))
    assert code == 1
    assert err.splitlines()[-1] == "1 problem, 1 warning in 2 files"
