"""Each language says the same thing: the same numbers, the same verdicts and the same caveats as English.

The paragraphs are compared through what they must share with the English one: every number
(once decimal commas, signs and ordinal suffixes are read back), and the words each language
uses for the verdicts and caveats the comparison holds.  No English sentence may be left over.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

import adoptstats
from adoptstats import Citation, Estimate, Observation, ResultSet
from adoptstats.i18n import LANGS
from adoptstats.render.wording import caveat_label

OTHERS = [lang for lang in LANGS if lang != "en"]

#: English phrases no translated paragraph may keep.
ENGLISH = (" than ", " though ", "Sources:", "Rank:", " pp ", "It is ", "reports disagree", "a year", "figure")


def numbers(text: str, lang: str) -> Counter[float]:
    """Every number of a paragraph, read back whatever the language's symbols."""
    if lang != "en":
        text = re.sub(r"(?<=\d),(?=\d)", ".", text)  # decimal comma
    text = text.replace("\u2212", "-")
    text = re.sub(r"(?<=\d)(st|nd|rd|th|er|e|ste|de|\.)(?=[\s,;)])", "", text)  # ordinals
    return Counter(float(m) for m in re.findall(r"[-+]?\d+(?:\.\d+)?", text))


PRIMARY = Citation(publisher="Constructed statistics office", title="constructed for tests", primary=True)
PRESS = Citation(publisher="Constructed newspaper", title="constructed for tests", primary=False)


def obs(geo: str, value: float, *, qualifier: str = "exact", cite: Citation = PRIMARY, **kw: str) -> Observation:
    """A constructed figure (no survey published it)."""
    return Observation(
        source="constructed",
        dataset="ds",
        indicator="ANY",
        concept="social_media.any_use",
        geo=geo,
        period="2021",
        population=kw.get("population", "enterprises (constructed)"),
        estimate=Estimate.published(value, qualifier=qualifier, decimals=1 if value % 1 else 0),
        citation=cite,
        flags=kw.get("flags", ""),
    )


@pytest.fixture(scope="module")
def comparisons() -> list[adoptstats.Comparison]:
    """Constructed figures with every inline caveat kind, and the bundled Regus survey of 2010."""
    reports = ResultSet.from_records(
        [
            obs("BE", 30.5),
            obs("NL", 50, population="all enterprises (constructed)"),
            obs("FR", 22),
            obs("FR", 44),
            obs("WORLD", 40, qualifier="more_than"),
            obs("DE", 60, cite=PRESS),
            obs("LU", 35, flags="p"),
        ]
    )
    regus = adoptstats.fetch("regus", concept="social_media.customer_acquisition", period=2010, breakdown="total")
    return [
        adoptstats.compare(adoptstats.reconcile(reports).resolved, "BE"),
        adoptstats.compare(adoptstats.reconcile(regus).resolved, focus="Belux", against=["Chine", "Monde", "Espagne"]),
    ]


@pytest.mark.parametrize("lang", OTHERS)
def test_the_same_numbers_in_every_language(comparisons: list[adoptstats.Comparison], lang: str) -> None:
    for comp in comparisons:
        en, other = comp.summary("en"), comp.summary(lang)
        assert numbers(other, lang) == numbers(en, "en"), (en, other)


@pytest.mark.parametrize("lang", OTHERS)
def test_no_english_is_left(comparisons: list[adoptstats.Comparison], lang: str) -> None:
    for comp in comparisons:
        text = comp.summary(lang)
        assert not [w for w in ENGLISH if w in text], text
        assert "social_media." not in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_same_caveats_in_every_language(comparisons: list[adoptstats.Comparison], lang: str) -> None:
    """Each caveat the comparison holds is said, by the label the language gives its kind."""
    for comp in comparisons:
        kinds = {c.kind for c in comp.caveats}
        notes = [caveat_label(kind, (), lang) for kind in sorted(kinds)]
        table = comp.text(lang)
        for label in notes:
            assert label in table, (lang, label, table)
        assert len(set(re.findall(r"^\[(\d+)\]", table, re.M))) == len(re.findall(r"^\[(\d+)\]", comp.text("en"), re.M))


@pytest.mark.parametrize("lang", OTHERS)
def test_the_same_verdicts_in_every_language(comparisons: list[adoptstats.Comparison], lang: str) -> None:
    """Each verdict reads in the language's own words, once per row, as many times as in English."""
    from adoptstats.render.verdicts import verdict_word

    for comp in comparisons:
        verdicts = Counter(comp.to_frame()["verdict"])
        table = comp.text(lang)
        for verdict, count in verdicts.items():
            word = verdict_word(verdict, lang)
            assert word != verdict_word(verdict, "en") or (verdict in ("undetermined",) and lang != "fr")
            assert len(re.findall(rf"(?<!\S){re.escape(word)}(?!\S)", table)) >= count, (verdict, word, table)


def test_reconciliation_reasons_in_every_language() -> None:
    """Why a report was chosen reads in each language, its dates and numbers in the language's forms."""
    regus = adoptstats.fetch("regus", concept="social_media.customer_acquisition", period=2010, breakdown="total")
    rec = adoptstats.reconcile(regus)
    chosen = rec.reports[rec.reports["chosen"] & (rec.reports["geo"] == "MX")].iloc[0]
    group = int(chosen["group"])
    assert rec.reason_in(group) == chosen["reason"]
    texts = {lang: rec.reason_in(group, lang) for lang in LANGS}
    assert "Jul 7, 2010" in texts["en"]
    assert "7 juil. 2010" in texts["fr"] and "publication la plus récente" in texts["fr"]
    assert "7 jul 2010" in texts["nl"] and "meest recente publicatie" in texts["nl"]
    assert "07.07.2010" in texts["de"] and "jüngste Veröffentlichung" in texts["de"]
    china = rec.reports[rec.reports["chosen"] & (rec.reports["geo"] == "CN")].iloc[0]
    assert "(21,5-44,5)" in rec.reason_in(int(china["group"]), "de")
    assert "(21.5-44.5)" in rec.reason_in(int(china["group"]), "en")
