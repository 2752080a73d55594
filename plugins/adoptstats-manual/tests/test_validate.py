"""Validation: every problem of a file at once, with file, line, column, value and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from manual_testkit import LALIBRE_URL, figure, lavenir, write_csv

import adoptstats
from adoptstats import ValidationError
from adoptstats_manual import COLUMN_NAMES, load, template, validate


def test_valid_file_has_no_problems(belgian_csv: Path) -> None:
    assert validate(belgian_csv) == []
    results = load(belgian_csv)
    assert sorted(results.unique("geo")) == ["BE+LU", "ES", "MX", "NL"]


def test_eleven_different_errors_are_all_reported_with_their_lines(tmp_path: Path) -> None:
    rows = [
        figure(),  # line 2: valid
        lavenir("Belgiqe", "27 %"),  # 3: unknown geography
        lavenir("Mexique", "127 %"),  # 4: percent out of range
        lavenir("Espagne", "50 %") | {"publisher": ""},  # 5: citation without publisher
        lavenir("Pays-Bas", "50 %") | {"concept": "social_media.customer_aquisition"},  # 6: unknown concept
        figure(period="2010-13", breakdown="size:small"),  # 7: bad period
        figure(value="almost half", breakdown="size:medium"),  # 8: value with no number
        figure(),  # 9: duplicate of line 2
        figure(breakdown="size:large", url="", quote=""),  # 10: publisher without URL or title
        figure(breakdown="sector:retail", published="08/07/2010"),  # 11: date not ISO
    ]
    path = write_csv(tmp_path / "errors.csv", rows, [*COLUMN_NAMES, "comment"])  # 1: unknown column
    with path.open("a", encoding="utf-8") as f:
        f.write("Belgique,2010,,,27 %,,too,few,cells\n")  # 12: wrong number of cells
    problems = validate(path)
    got = [(p.line, p.column) for p in problems]
    assert got == [
        (1, "comment"),
        (3, "geo"),
        (4, "value"),
        (5, "publisher"),
        (6, "concept"),
        (7, "period"),
        (8, "value"),
        (9, "value"),
        (10, "url"),
        (11, "published"),
        (12, None),
    ]
    assert all(p.file == str(path) for p in problems)
    text = [str(p) for p in problems]
    assert "unknown column" in text[0]
    assert "did you mean 'Belgium (BE)'" in text[1]
    assert "outside the range of unit 'percent'" in text[2]
    assert "is required" in text[3]
    assert "did you mean 'social_media.customer_acquisition'" in text[4]
    assert "not a period" in text[5]
    assert "'almost 50%'" in text[6]
    assert "duplicate of line 2" in text[7]
    assert "needs a URL or a title" in text[8]
    assert "YYYY-MM-DD" in text[9]
    assert "cells but the header has 20 columns" in text[10]
    with pytest.raises(ValidationError) as info:
        load(path)
    assert len(info.value.problems) == 11
    assert f"{path}:12" in str(info.value)


def test_conflicting_values_from_one_citation(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [figure(), figure(value="28 %")])
    [problem] = validate(path)
    assert problem.line == 3
    assert "conflicts with line 2, which gives '27 %'" in problem.message


def test_other_citations_may_give_other_values(tmp_path: Path) -> None:
    lavenir_world = lavenir("Monde", "plus de 40 %")
    lalibre_world = figure(geo="monde", value="40 %")
    path = write_csv(tmp_path / "world.csv", [lavenir_world, lalibre_world])
    assert validate(path) == []
    assert sorted(load(path).frame["qualifier"].astype(str)) == ["exact", "more_than"]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    write_csv(tmp_path / "utf8.csv", [figure()])
    path.write_bytes((tmp_path / "utf8.csv").read_text(encoding="utf-8").encode("cp1252"))
    [problem] = validate(path)
    assert problem.line == 2
    assert "not UTF-8" in problem.message
    assert "'é'" in problem.message  # what the byte would be in Windows-1252
    assert "CSV UTF-8" in problem.message


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    [problem] = validate(path)
    assert "the file is empty" in problem.message
    assert "adoptstats manual template" in problem.message


def test_header_only(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text(template("csv", example=False), encoding="utf-8")
    [problem] = validate(path)
    assert "a header but no rows" in problem.message


def test_unknown_and_missing_columns(tmp_path: Path) -> None:
    columns = [c for c in COLUMN_NAMES if c not in ("value", "url", "title")] + ["valeur", "note", "value"]
    path = write_csv(tmp_path / "cols.csv", [figure()], [*columns, "value"])
    messages = {(p.column, p.message.split(";")[0]) for p in validate(path) if p.line == 1}
    assert ("valeur", "unknown column") in messages
    assert ("value", "the column appears twice in the header") in messages
    assert ("url", "the header needs a url or a title column for the citations") in messages
    note = next(p for p in validate(path) if p.column == "note")
    assert "did you mean 'notes'" in note.message
    missing = write_csv(tmp_path / "missing.csv", [figure()], ["geo", "period", "value", "publisher", "url"])
    assert [(p.line, p.column) for p in validate(missing) if "missing from the header" in p.message] == [
        (1, "population")
    ]


def test_extra_cells(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "extra.csv", [figure()])
    with path.open("a", encoding="utf-8") as f:
        f.write("Pays-Bas,2010,,x,50 %,,people,,,L'Avenir,,https://www.lavenir.net/cnt/8921533,,,,,,,,extra\n")
    [problem] = validate(path)
    assert problem.line == 3
    assert "this line has 20 cells but the header has 19 columns" in problem.message


def test_bad_quoting(tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_text(template("csv") + '"Belgique"x,2010\n', encoding="utf-8")
    [problem] = validate(path)
    assert problem.line == 3
    assert "not valid CSV" in problem.message


def test_multiline_cells_keep_line_numbers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "multi.csv", [figure(quote="line one\nline two"), figure(geo="Belgiqe", breakdown="x")])
    [problem] = validate(path)
    assert problem.line == 4


def test_unknown_file_type_and_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "figures.xlsx"
    path.write_bytes(b"PK")
    assert "unknown file type '.xlsx'" in validate(path)[0].message
    assert "cannot read the file" in validate(tmp_path / "missing.csv")[0].message


YAML_ERRORS = """\
figures:
  - geo: Belgique-Luxembourg
    period: 2010
    concept: social_media.customer_acquisition
    value: 27 %
    population: business people
    publisher: La Libre Belgique
    url: {url}
  - geo: Belgiqe
    period: 2010-13
    concept: social_media.customer_acquisition
    value: environ 127 %
    population: business people
    publisher: La Libre Belgique
    url: {url}
  - geo: Pays-Bas
    period: 2010
    concept: [social_media.customer_acquisition]
    valeur: 50 %
  - just text
"""


def test_yaml_problems_point_at_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "errors.yaml"
    path.write_text(YAML_ERRORS.format(url=LALIBRE_URL), encoding="utf-8")
    got = [(p.line, p.column) for p in validate(path)]
    assert got == [(9, "geo"), (10, "period"), (12, "value"), (18, "concept"), (19, "valeur"), (20, None)]


def test_yaml_valid_and_template(tmp_path: Path) -> None:
    path = tmp_path / "figures.yml"
    path.write_text(template("yaml"), encoding="utf-8")
    assert validate(path) == []
    [obs] = load(path).records()
    assert (obs.geo, obs.value, obs.dataset) == ("BE+LU", 27.0, "regus_2010")
    plain = tmp_path / "plain.yaml"
    plain.write_text(
        "- geo: Belgique\n  period: 2010\n  indicator: my_question\n  value: '60.90'\n"
        "  population: firms\n  publisher: Somebody\n  title: A report\n",
        encoding="utf-8",
    )
    [obs] = load(plain).records()
    assert (obs.estimate.decimals, obs.indicator, obs.concept, obs.dataset) == (2, "my_question", None, "plain")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("figures:\n  - geo: [unclosed\n", "not valid YAML"),
        ("just a string\n", "a YAML manual file is a list of figures"),
        ("rows:\n  - geo: BE\n", "unknown top-level key 'rows'"),
        ("figures: 3\n", "a YAML manual file is a list of figures"),
        ("- geo: BE\n---\n- geo: LU\n", "not valid YAML"),
        ("- geo: BE\n  geo: LU\n", "the key appears twice"),
        ("figures:\n", "no figures"),
    ],
)
def test_yaml_structure(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert any(message in p.message for p in validate(path)), validate(path)


def test_yaml_never_builds_objects(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("- geo: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    problems = validate(path)
    assert problems  # the tag is ignored: the text is checked as a geography, nothing is run
    assert not (tmp_path / "pwned").exists()


def test_several_files_fail_together(tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", [figure(geo="Belgiqe")])
    write_csv(tmp_path / "b.csv", [figure(value="la moitié")])
    with pytest.raises(ValidationError, match="2 manual files: 2 problems"):
        adoptstats.fetch("manual", path=tmp_path)


@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".yaml"]))
def test_any_bytes_give_problems_not_crashes(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    path.write_bytes(data)
    for problem in validate(path):
        assert problem.message


@given(
    text=st.lists(
        st.sampled_from([*COLUMN_NAMES, "Belgique", "27 %", '"', ",", "\n", "- ", ": ", "2010", "x"]), max_size=40
    )
)
def test_near_miss_files_give_problems_not_crashes(tmp_path_factory: pytest.TempPathFactory, text: list[str]) -> None:
    for suffix in (".csv", ".yaml"):
        path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
        path.write_text("".join(text), encoding="utf-8")
        validate(path)


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"published": "2010-02-30"}, "published", "day is out of range"),
        ({"value": "index 75"}, "unit", "is measured in percent, this value in index"),
        ({"unit": "percentage"}, "unit", "unknown unit"),
        ({"sample_size": "about 1000"}, "sample_size", "positive whole number"),
        ({"primary": "maybe"}, "primary", "must be yes"),
        ({"url": "www.lalibre.be"}, "url", "http:// or https://"),
        ({"concept": "", "indicator": ""}, "concept", "give a concept"),
        ({"population": "  "}, "population", "is required"),
    ],
)
def test_field_checks(tmp_path: Path, changes: dict[str, str], column: str, message: str) -> None:
    path = write_csv(tmp_path / "f.csv", [figure(**changes)])
    [problem] = validate(path)
    assert (problem.line, problem.column) == (2, column)
    assert message in problem.message


def test_rows_of_one_concept_with_different_indicators_are_a_warning(tmp_path: Path) -> None:
    from adoptstats_manual import comparability_warnings

    path = write_csv(
        tmp_path / "figures.csv",
        [
            lavenir("Espagne", "50 %"),  # line 2
            lavenir("Mexique", "52 %"),  # 3
            lavenir("Pays-Bas", "50 %") | {"indicator": ""},  # 4: added without the indicator
            figure(),  # 5
        ],
    )
    assert validate(path) == []  # a valid file: fetching it works
    [warning] = comparability_warnings(path)
    assert (warning.file, warning.line, warning.column) == (str(path), 4, "indicator")
    assert warning.message == (
        "rows of the concept social_media.customer_acquisition carry 2 indicators, so they are not comparable "
        "with each other: 'new_customers_via_social_networks' on lines 2-3, 5; "
        "'social_media.customer_acquisition' (not given: the default) on line 4; "
        "give them the same indicator if they measure the same thing"
    )
    # What the warning foresees: compare calls the row not comparable.
    comp = adoptstats.compare(load(path), focus="BE+LU", period="2010")
    notes = dict(zip(comp.to_frame()["geo"], comp.to_frame()["comparability"], strict=True))
    assert notes["ES"] == "comparable"
    assert notes["NL"].startswith("indicator:")


def test_one_indicator_per_concept_gives_no_warning(tmp_path: Path) -> None:
    from adoptstats_manual import comparability_warnings

    rows = [lavenir("Espagne", "50 %"), figure(), figure(concept="web.website", indicator="", value="80 %")]
    assert comparability_warnings(write_csv(tmp_path / "figures.csv", rows)) == []
    # Another period may come from another dataset (an edition of the survey); the same period may not.
    editions = [figure(dataset="social_success_2010"), figure(period="2011", dataset="social_recovery_2011")]
    assert comparability_warnings(write_csv(tmp_path / "editions.csv", editions)) == []
    mixed = [figure(dataset="social_success_2010"), lavenir("Espagne", "50 %")]
    [warning] = comparability_warnings(write_csv(tmp_path / "mixed.csv", mixed))
    assert warning.column == "dataset"
    assert "rows of the concept social_media.customer_acquisition for 2010 carry 2 datasets" in warning.message
    assert "'mixed' (not given: the default) on line 3" in warning.message
    assert comparability_warnings(tmp_path / "missing.csv") == []  # validate() reports it
