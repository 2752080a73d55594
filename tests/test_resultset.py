from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

from adoptstats import Citation, Estimate, Observation, ResultSet, UnitWarning, ValidationError, concat
from adoptstats.resultset import CANONICAL_COLUMNS
from adoptstats.testing.strategies import result_sets

CITE = Citation(publisher="Regus", title="Social success?", url="https://example.org/report", primary=True)


def _obs(geo: str, value: float, **over: object) -> Observation:
    fields: dict[str, object] = {
        "source": "regus",
        "dataset": "social_success_2010",
        "indicator": "new_customers_via_social_networks",
        "concept": "social_media.customer_acquisition",
        "geo": geo,
        "period": 2010,
        "population": "business people",
        "estimate": Estimate.published(value),
        "citation": CITE,
    }
    fields.update(over)
    return Observation(**fields)  # type: ignore[arg-type]


@pytest.fixture
def rs() -> ResultSet:
    return ResultSet.from_records(
        [
            _obs("Belux", 27),
            _obs("ES", 50),
            _obs("NL", 48),
            _obs("WORLD", 40, estimate=Estimate.published(40, qualifier="more_than")),
            _obs("NL", 50, period=2011, flags="uncertain"),
        ]
    )


@given(result_sets())
def test_records_roundtrip(rs: ResultSet) -> None:
    assert ResultSet.from_records(rs.records()).records() == rs.records()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnitWarning)  # small random percents may all lie in [0, 1]
        again = ResultSet.from_frame(rs.to_frame(), rs.citations)
    assert again.records() == rs.records()


def test_canonical_frame(rs: ResultSet) -> None:
    frame = rs.frame
    assert tuple(frame.columns) == CANONICAL_COLUMNS
    assert isinstance(frame["geo"].dtype, pd.CategoricalDtype)
    assert frame["value"].dtype == np.float64
    assert len(rs) == 5
    assert rs.citation(0) == CITE
    with pytest.raises(IndexError):
        rs.citation(99)


def test_filter(rs: ResultSet) -> None:
    assert rs.filter(geo="Belgique-Luxembourg").unique("geo") == ["BE+LU"]
    assert len(rs.filter(geo=["ES", "Pays-Bas"])) == 3
    assert len(rs.filter(period=2010)) == 4
    assert len(rs.filter(since=2011)) == 1
    assert len(rs.filter(without_flag="uncertain")) == 4
    assert len(rs.filter(has_flag="uncertain")) == 1
    assert len(rs.filter(primary=True)) == 5
    assert len(rs.filter(qualifier="more_than")) == 1
    with pytest.raises(TypeError, match="not a canonical column"):
        rs.filter(country="BE")


def test_concat_merges_citations(rs: ResultSet) -> None:
    other_cite = Citation(publisher="La Libre Belgique", url="https://example.org/lalibre")
    other = ResultSet.from_records([_obs("BE+LU", 27, citation=other_cite)])
    both = concat([rs, other])
    assert len(both) == 6
    assert set(both.citations) == {CITE.id, other_cite.id}
    assert concat([]).frame.shape == (0, len(CANONICAL_COLUMNS))


def test_to_frame_with_citations(rs: ResultSet) -> None:
    frame = rs.to_frame(with_citations=True)
    assert set(frame["publisher"]) == {"Regus"}
    assert set(frame["url"]) == {"https://example.org/report"}


def test_from_frame_derives_bounds_and_defaults() -> None:
    frame = pd.DataFrame(
        {
            "source": ["manual", "manual"],
            "dataset": ["press", "press"],
            "indicator": ["x", "x"],
            "geo": ["Belgique", "monde"],
            "period": [2010, 2010],
            "population": ["firms", "firms"],
            "value": [27, 40],
            "qualifier": ["exact", "more_than"],
            "citation_id": [CITE.id, CITE.id],
        }
    )
    rs = ResultSet.from_frame(frame, [CITE])
    assert rs.frame["geo"].tolist() == ["BE", "WORLD"]
    assert rs.frame["lower"].tolist() == [26.5, 40.0]
    assert rs.frame["upper"].tolist() == [27.5, 100.0]
    assert rs.frame["breakdown"].tolist() == ["total", "total"]


def _base_frame(rs: ResultSet) -> pd.DataFrame:
    frame = rs.to_frame()
    for col in frame.columns:
        if isinstance(frame[col].dtype, pd.CategoricalDtype):
            frame[col] = frame[col].astype(object)
    frame["value"] = frame["value"].astype(object)
    for col in ("decimals", "sample_size"):
        frame[col] = frame[col].astype(object)
    return frame


# one wrong value per canonical column: the error names the row and the column
BAD_VALUES = {
    "source": "",
    "dataset": None,
    "indicator": 12,
    "concept": "Social Media!",
    "geo": "Atlantis",
    "period": "spring 2010",
    "population": "",
    "breakdown": "",
    "unit": "fraction",
    "value": "twenty",
    "lower": "low",
    "upper": "high",
    "qualifier": "roughly",
    "decimals": 2.5,
    "sample_size": -3,
    "flags": 7,
    "citation_id": "nope",
    "retrieved": "yesterday",
}


@pytest.mark.parametrize("column", sorted(BAD_VALUES))
def test_each_bad_column_is_reported_with_row_and_column(rs: ResultSet, column: str) -> None:
    frame = _base_frame(rs)
    for col in ("lower", "upper", "retrieved"):
        frame[col] = frame[col].astype(object)
    frame.loc[2, column] = BAD_VALUES[column]
    with pytest.raises(ValidationError) as info:
        ResultSet.from_frame(frame, rs.citations)
    problems = info.value.problems
    assert any(p.column == column for p in problems), problems
    located = [p for p in problems if p.column == column]
    if column != "retrieved":
        assert located[0].row == 2
        assert "row 2" in str(info.value)
    assert f"column {column!r}" in str(info.value)


@pytest.mark.parametrize("number", [9.3e18, 1e300, -1e300])
def test_retrieved_numbers_past_the_datetime_range_are_a_problem(rs: ResultSet, number: float) -> None:
    # numpy only warns ("invalid value encountered in cast") for these; the warning must not escape
    frame = _base_frame(rs)
    frame["retrieved"] = number
    with pytest.raises(ValidationError, match="column 'retrieved': not a date-time"):
        ResultSet.from_frame(frame, rs.citations)


def test_every_problem_is_reported_at_once(rs: ResultSet) -> None:
    frame = _base_frame(rs)
    frame.loc[0, "geo"] = "Atlantis"
    frame.loc[1, "unit"] = "fraction"
    frame.loc[3, "value"] = "x"
    with pytest.raises(ValidationError) as info:
        ResultSet.from_frame(frame, rs.citations)
    assert {(p.row, p.column) for p in info.value.problems} >= {(0, "geo"), (1, "unit"), (3, "value")}


def test_value_out_of_percent_range(rs: ResultSet) -> None:
    frame = _base_frame(rs).drop(columns=["lower", "upper"])
    frame.loc[1, "value"] = 150
    with pytest.raises(ValidationError, match="shares are stored in percent"):
        ResultSet.from_frame(frame, rs.citations)


def test_missing_and_unknown_columns(rs: ResultSet) -> None:
    frame = rs.to_frame().drop(columns=["geo"]).assign(smaple_size=1)
    with pytest.raises(ValidationError) as info:
        ResultSet.from_frame(frame, rs.citations)
    text = str(info.value)
    assert "column 'geo': required column is missing" in text
    assert "column 'smaple_size': unknown column" in text


def test_complex_values_are_refused(rs: ResultSet) -> None:
    frame = rs.to_frame().drop(columns=["lower", "upper"])
    frame["value"] = [complex(27, 1), 50, 48, 40, 50]
    with pytest.raises(ValidationError, match="row 0, column 'value': must be a finite number"):
        ResultSet.from_frame(frame, rs.citations)


def test_not_a_frame() -> None:
    with pytest.raises(ValidationError, match="expected a pandas DataFrame"):
        ResultSet.from_frame([1, 2, 3])  # type: ignore[arg-type]


def test_fractions_warn(rs: ResultSet) -> None:
    frame = rs.to_frame().drop(columns=["lower", "upper"])
    frame["value"] = [0.27, 0.5, 0.48, 0.4, 0.5]
    frame["decimals"] = 2
    with pytest.warns(UnitWarning, match="look like fractions"):
        ResultSet.from_frame(frame, rs.citations)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ResultSet.from_frame(rs.to_frame(), rs.citations)


def test_repr_and_html(rs: ResultSet) -> None:
    text = repr(rs)
    assert text.startswith("ResultSet: 5 rows, sources: regus")
    assert "BE+LU" in text
    assert "<table" in rs._repr_html_()
    assert repr(ResultSet.empty()) == "ResultSet: 0 rows"


def test_equals(rs: ResultSet) -> None:
    assert rs.equals(ResultSet.from_frame(rs.to_frame(), rs.citations))
    assert not rs.equals(rs.filter(geo="ES"))
