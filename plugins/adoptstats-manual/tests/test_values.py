"""Value strings: every documented form, refusals with suggestions, and round trips with the formatter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adoptstats import Estimate, ValueStringError
from adoptstats.testing.strategies import estimates
from adoptstats_manual import parse_value

# text, value, lower, upper, qualifier, decimals, unit
FORMS = [
    ("27", 27, 26.5, 27.5, "exact", 0, "percent"),
    ("27%", 27, 26.5, 27.5, "exact", 0, "percent"),
    ("27 %", 27, 26.5, 27.5, "exact", 0, "percent"),
    ("27\u00a0%", 27, 26.5, 27.5, "exact", 0, "percent"),
    ("27\u202f%", 27, 26.5, 27.5, "exact", 0, "percent"),
    ("27,5 %", 27.5, 27.45, 27.55, "exact", 1, "percent"),
    ("27.5%", 27.5, 27.45, 27.55, "exact", 1, "percent"),
    ("60.90%", 60.9, 60.895, 60.905, "exact", 2, "percent"),
    ("52 percent", 52, 51.5, 52.5, "exact", 0, "percent"),
    ("55 per cent", 55, 54.5, 55.5, "exact", 0, "percent"),
    ("40 pour cent", 40, 39.5, 40.5, "exact", 0, "percent"),
    ("only 27%", 27, 26.5, 27.5, "exact", 0, "percent"),
    ("seulement 27 %", 27, 26.5, 27.5, "exact", 0, "percent"),
    ("more than 40%", 40, 40, 100, "more_than", 0, "percent"),
    ("More Than 40 %", 40, 40, 100, "more_than", 0, "percent"),
    ("plus de 40 %", 40, 40, 100, "more_than", 0, "percent"),
    ("over 40%", 40, 40, 100, "more_than", 0, "percent"),
    ("above 40%", 40, 40, 100, "more_than", 0, "percent"),
    ("just over 40%", 40, 40, 100, "more_than", 0, "percent"),
    ("> 40", 40, 40, 100, "more_than", 0, "percent"),
    (">40%", 40, 40, 100, "more_than", 0, "percent"),
    ("at least 40%", 40, 40, 100, "at_least", 0, "percent"),
    ("au moins 40 %", 40, 40, 100, "at_least", 0, "percent"),
    (">= 40", 40, 40, 100, "at_least", 0, "percent"),
    ("≥40 %", 40, 40, 100, "at_least", 0, "percent"),
    ("about 50%", 50, 47.5, 52.5, "approx", 0, "percent"),
    ("environ 50 %", 50, 47.5, 52.5, "approx", 0, "percent"),
    ("~50", 50, 47.5, 52.5, "approx", 0, "percent"),
    ("≈ 50 %", 50, 47.5, 52.5, "approx", 0, "percent"),
    ("around 50%", 50, 47.5, 52.5, "approx", 0, "percent"),
    ("some 44 per cent", 44, 41.5, 46.5, "approx", 0, "percent"),
    ("almost 50%", 50, 47.5, 52.5, "approx", 0, "percent"),
    ("nearly 50%", 50, 47.5, 52.5, "approx", 0, "percent"),
    ("près de 50 %", 50, 47.5, 52.5, "approx", 0, "percent"),
    ("presque 50 %", 50, 47.5, 52.5, "approx", 0, "percent"),
    ("less than 10%", 10, 0, 10, "less_than", 0, "percent"),
    ("moins de 10 %", 10, 0, 10, "less_than", 0, "percent"),
    ("under 10%", 10, 0, 10, "less_than", 0, "percent"),
    ("< 10", 10, 0, 10, "less_than", 0, "percent"),
    ("at most 5%", 5, 0, 5, "at_most", 0, "percent"),
    ("au plus 5 %", 5, 0, 5, "at_most", 0, "percent"),
    ("up to 20%", 20, 0, 20, "at_most", 0, "percent"),
    ("<= 5", 5, 0, 5, "at_most", 0, "percent"),
    ("26-28%", 27, 26, 28, "approx", 0, "percent"),
    ("26–28 %", 27, 26, 28, "approx", 0, "percent"),
    ("26 — 28 %", 27, 26, 28, "approx", 0, "percent"),
    ("26%-28%", 27, 26, 28, "approx", 0, "percent"),
    ("26 to 28%", 27, 26, 28, "approx", 0, "percent"),
    ("between 26 and 28%", 27, 26, 28, "approx", 0, "percent"),
    ("entre 26 et 28 %", 27, 26, 28, "approx", 0, "percent"),
    ("de 26 à 28 %", 27, 26, 28, "approx", 0, "percent"),
    ("26,5-28 %", 27.25, 26.5, 28, "approx", 1, "percent"),
    ("index 75", 75, 74.5, 75.5, "exact", 0, "index"),
    ("indice 75", 75, 74.5, 75.5, "exact", 0, "index"),
    ("5 pp", 5, 4.5, 5.5, "exact", 0, "pp"),
    ("-5 points", -5, -5.5, -4.5, "exact", 0, "pp"),
    ("−5 pp", -5, -5.5, -4.5, "exact", 0, "pp"),
    ("moins de -5 points", -5, -100, -5, "less_than", 0, "pp"),
    ("-5--3 pp", -4, -5, -3, "approx", 0, "pp"),
]


@pytest.mark.parametrize(("text", "value", "lower", "upper", "qualifier", "decimals", "unit"), FORMS)
def test_value_forms(
    text: str, value: float, lower: float, upper: float, qualifier: str, decimals: int, unit: str
) -> None:
    got = parse_value(text)
    assert (got.value, got.lower, got.upper) == pytest.approx((value, lower, upper))
    assert (got.qualifier, got.decimals, got.unit) == (qualifier, decimals, unit)


def test_exact_matches_published() -> None:
    assert parse_value("27 %") == Estimate.published(27)
    assert parse_value("plus de 40 %") == Estimate.published(40, qualifier="more_than")
    assert parse_value("26–28%") == Estimate.interval(26, 28, decimals=0)


@pytest.mark.parametrize(
    ("text", "unit", "expected_unit"),
    [
        ("75", "index", "index"),
        ("75 points", "index", "index"),
        ("1500", "count", "count"),
        ("1 500", "count", "count"),
    ],
)
def test_row_unit(text: str, unit: str, expected_unit: str) -> None:
    assert parse_value(text, unit=unit).unit == expected_unit


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("almost half", "'almost 50%'"),
        ("près de la moitié", "'près de 50 %'"),
        ("une majorité", "'plus de 50 %'"),
        ("a majority", "'more than 50%'"),
        ("a third", "'about 33%'"),
        ("un tiers", "'environ 33 %'"),
        ("plus d'un quart", "'plus de 25 %'"),
        ("more than half", "'more than 50%'"),
        ("two fifths", "'40%'"),
        ("most", "'more than 50%'"),
    ],
)
def test_vague_words_are_refused_with_a_suggestion(text: str, suggestion: str) -> None:
    with pytest.raises(ValueStringError, match="gives no number") as info:
        parse_value(text)
    assert suggestion in str(info.value)
    assert "quote column" in str(info.value)


@pytest.mark.parametrize(
    ("text", "unit", "match"),
    [
        ("", None, "empty"),
        ("   ", None, "empty"),
        ("five", None, "gives no number"),
        ("120%", None, r"outside the range of unit 'percent'"),
        ("-3 %", None, r"outside the range of unit 'percent'"),
        ("1,500", None, "ambiguous"),
        ("27 % des entreprises", None, "cannot read"),
        ("27%%", None, "cannot read"),
        ("28-26%", None, "runs backwards"),
        ("more than 26-28%", None, "a range cannot also be"),
        ("26% - 28 pp", None, "different units"),
        ("27%", "index", "the unit given is 'index'"),
        ("index 75", "percent", "the unit given is 'percent'"),
        ("5 pp", "percent", "the unit given is 'percent'"),
    ],
)
def test_bad_value_strings(text: str, unit: str | None, match: str) -> None:
    with pytest.raises(ValueStringError, match=match):
        parse_value(text, unit=unit)


def test_numbers_are_accepted_as_written() -> None:
    assert parse_value(27) == Estimate.published(27)
    assert parse_value(27.5).decimals == 1
    with pytest.raises(ValueStringError):
        parse_value(True)  # type: ignore[arg-type]


@st.composite
def intervals(draw: st.DrawFn) -> Estimate:
    """Published ranges ("26-28%"): bounds with the same number of decimals."""
    decimals = draw(st.integers(min_value=0, max_value=2))
    scale = 10**decimals
    lo = draw(st.integers(min_value=0, max_value=100 * scale))
    hi = draw(st.integers(min_value=lo, max_value=100 * scale))
    return Estimate.interval(lo / scale, hi / scale, decimals=decimals)


@given(estimate=estimates() | intervals(), lang=st.sampled_from(["en", "fr"]))
def test_round_trip_with_the_formatter(estimate: Estimate, lang: str) -> None:
    text = estimate.text(lang)
    assert parse_value(text, unit=estimate.unit) == estimate, text


@given(estimate=estimates(unit="percent"), lang=st.sampled_from(["en", "fr"]))
def test_percent_text_needs_no_unit(estimate: Estimate, lang: str) -> None:
    assert parse_value(estimate.text(lang)) == estimate


@given(text=st.text(max_size=40))
def test_any_text_parses_or_fails_cleanly(text: str) -> None:
    try:
        got = parse_value(text)
    except ValueStringError:
        return
    assert got.lower <= got.value <= got.upper
