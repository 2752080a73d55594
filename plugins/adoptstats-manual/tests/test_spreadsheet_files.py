"""Files as spreadsheets save them, and rows added next to others of the same question.

- A CSV file separated by semicolons (a spreadsheet's "CSV" in French or Belgian settings)
  is read as it is, and ``add`` appends to it with semicolons.
- ``manual add`` without ``--indicator`` takes the indicator (and dataset) that the file's
  other rows of the same concept share, as the template's example row sets them, so the
  new row compares with them.
"""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner
from manual_testkit import figure, lavenir, write_csv

import adoptstats
from adoptstats.cli import build_cli
from adoptstats_manual import load, template, validate
from adoptstats_manual.read import csv_delimiter

ADD_SPAIN = [
    "--geo", "Espagne", "--period", "2010", "--concept", "social_media.customer_acquisition",
    "--value", "50 %", "--population", "business people in the Regus global contacts database",
    "--publisher", "L'Avenir", "--url", "https://www.lavenir.net/cnt/8921533",
]  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(build_cli(), list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _semicolons(source: Path, target: Path) -> Path:
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    with target.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    return target


def test_the_separator_is_detected() -> None:
    assert csv_delimiter("geo;period;value\nBE;2010;27,5 %\n") == ";"
    assert csv_delimiter('geo,period,value\nBE,2010,"27,5 %"\n') == ","
    assert csv_delimiter("\n\ngeo;period\n") == ";"


def test_a_semicolon_file_reads_like_its_comma_twin(belgian_csv: Path, tmp_path: Path) -> None:
    french = _semicolons(belgian_csv, tmp_path / "french.csv")
    assert validate(french) == []
    ours, theirs = load(belgian_csv).to_frame(), load(french).to_frame()
    assert ours.drop(columns=["dataset", "retrieved"]).equals(theirs.drop(columns=["dataset", "retrieved"]))
    assert len(ours) == 4


def test_a_decimal_comma_in_a_semicolon_file(tmp_path: Path) -> None:
    path = _semicolons(write_csv(tmp_path / "a.csv", [figure(value="27,5 %")]), tmp_path / "b.csv")
    assert validate(path) == []
    assert load(path).to_frame()["value"].tolist() == [27.5]


def test_add_keeps_the_semicolons(belgian_csv: Path, tmp_path: Path) -> None:
    french = _semicolons(belgian_csv, tmp_path / "french.csv")
    code, _, err = run("manual", "add", str(french), *[a if a != "Espagne" else "Italie" for a in ADD_SPAIN])
    assert code == 0, err
    last = french.read_text(encoding="utf-8").splitlines()[-1]
    assert last.startswith("Italie;2010;social_media.customer_acquisition;")
    assert "," not in last.replace("L'Avenir", "")  # no comma-separated cells slipped in
    assert validate(french) == []
    assert len(load(french)) == 5


def test_a_broken_semicolon_line_says_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("geo;period;value;population;publisher;url\nBE;2010;27 %;x;y;https://a.be;extra\n")
    problems = validate(path)
    assert len(problems) == 1
    assert "semicolons" in str(problems[0])


def test_add_takes_the_indicator_and_dataset_of_the_template_row(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(template("csv"), encoding="utf-8")
    code, out, err = run("manual", "add", str(path), *ADD_SPAIN)
    assert code == 0, err
    assert "new_customers_via_social_networks" in out
    rows = load(path).to_frame()
    assert rows["indicator"].nunique() == 1
    assert rows["dataset"].nunique() == 1
    comparison = adoptstats.compare(load(path), focus="Belux")
    assert comparison.to_frame()["comparability"].tolist() == ["comparable"]


def test_add_leaves_the_indicator_alone_when_the_rows_disagree(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "mixed.csv",
        [figure(), lavenir("Mexique", "52 %") | {"indicator": "another_question"}],
    )
    code, _, err = run("manual", "add", str(path), *ADD_SPAIN)
    assert code == 0, err
    spain = load(path).to_frame().query("geo == 'ES'")
    assert spain["indicator"].tolist() == ["social_media.customer_acquisition"]
