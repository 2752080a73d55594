"""Languages: CLDR numbers, lists, ordinals and dates; the choice of language; concept labels."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import adoptstats
from adoptstats.errors import SelectionError
from adoptstats.i18n import LANGS, LanguageError, check_lang, default_lang, format_date, format_list, ordinal
from adoptstats.render.numbers import format_number, format_percent
from adoptstats.render.wording import estimate_text, rank_text


def test_percents_follow_cldr() -> None:
    texts = {lang: estimate_text(27, 26.5, 27.5, "exact", 0, "percent", lang) for lang in LANGS}
    assert texts == {"en": "27%", "fr": "27\u00a0%", "nl": "27%", "de": "27\u00a0%"}
    assert format_percent("40", "fr") == "40\u00a0%"


def test_decimal_marks_groups_and_signs() -> None:
    assert format_number(1025000.5, 1, "en", grouping=True) == "1,025,000.5"
    assert format_number(1025000.5, 1, "fr", grouping=True) == "1\u202f025\u202f000,5"
    assert format_number(1025000.5, 1, "de", grouping=True) == "1.025.000,5"
    assert format_number(1025000.5, 1, "nl", grouping=True) == "1.025.000,5"
    assert format_number(-7.57, 2, "de", sign=True) == "-7,57"
    assert format_number(7.57, 2, "nl", sign=True) == "+7,57"


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 3), st.sampled_from(LANGS))
def test_every_language_prints_the_same_digits(x: float, decimals: int, lang: str) -> None:
    """Only the symbols change from one language to another, never the rounding."""
    en = format_number(x, decimals, "en", grouping=True, sign=True)
    other = format_number(x, decimals, lang, grouping=True, sign=True)
    digits = [c for c in en if c.isdigit()]
    assert [c for c in other if c.isdigit()] == digits


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, ("1st", "1er", "1ste", "1.")),
        (2, ("2nd", "2e", "2de", "2.")),
        (3, ("3rd", "3e", "3de", "3.")),
        (8, ("8th", "8e", "8ste", "8.")),
        (11, ("11th", "11e", "11de", "11.")),
        (13, ("13th", "13e", "13de", "13.")),
        (20, ("20th", "20e", "20ste", "20.")),
        (22, ("22nd", "22e", "22ste", "22.")),
        (102, ("102nd", "102e", "102de", "102.")),
    ],
)
def test_ordinals(n: int, expected: tuple[str, str, str, str]) -> None:
    assert tuple(ordinal(n, lang) for lang in ("en", "fr", "nl", "de")) == expected


def test_lists_and_dates() -> None:
    items = ["Spain", "France", "World"]
    assert [format_list(items, lang) for lang in LANGS] == [
        "Spain, France, and World",
        "Spain, France et World",
        "Spain, France en World",
        "Spain, France und World",
    ]
    assert format_list(["Spain"], "de") == "Spain" and format_list([], "fr") == ""
    day = dt.date(2026, 12, 4)
    assert [format_date(day, lang) for lang in LANGS] == [
        "December 4, 2026",
        "4 décembre 2026",
        "4 december 2026",
        "4. Dezember 2026",
    ]


def test_rank_text_in_four_languages() -> None:
    assert [rank_text(3, 2, 5, 14, lang) for lang in LANGS] == [
        "3rd of 14 (between 2nd and 5th)",
        "3e sur 14 (entre 2e et 5e)",
        "3de van 14 (tussen 2de en 5de)",
        "3. von 14 (zwischen 2. und 5.)",
    ]


@pytest.mark.parametrize("bad", ["xx", "EN", "", None, 3, "fr_BE"])
def test_an_unknown_language_lists_the_four(bad: object) -> None:
    with pytest.raises(LanguageError, match="adoptstats writes en, fr, nl, de") as info:
        check_lang(bad)
    assert isinstance(info.value, SelectionError)
    assert info.value.message(lambda a: "--" + a.name).startswith(f"unknown language {bad!r} for --lang")


def test_the_default_language() -> None:
    assert default_lang({"ADOPTSTATS_LANG": "nl", "LANG": "de_DE.UTF-8"}) == "nl"
    assert default_lang({"ADOPTSTATS_LANG": "FR"}) == "fr"
    assert default_lang({"LANG": "de_BE.UTF-8"}) == "de"
    assert default_lang({"LC_ALL": "nl_BE.UTF-8", "LANG": "fr_BE.UTF-8"}) == "nl"
    assert default_lang({"LANG": "it_IT.UTF-8"}) == "en"
    assert default_lang({"LANG": "C.UTF-8"}) == "en"
    with pytest.raises(LanguageError, match="'klingon'"):
        default_lang({"ADOPTSTATS_LANG": "klingon"})


def test_every_core_concept_has_a_label_and_definition_in_every_language() -> None:
    for concept in adoptstats.list_concepts():
        for lang in ("fr", "nl", "de"):
            label, definition = concept.label_in(lang), concept.definition_in(lang)
            assert label != concept.label, (concept.name, lang)
            assert definition != concept.definition, (concept.name, lang)
            assert label[0].isupper(), (concept.name, lang, label)
