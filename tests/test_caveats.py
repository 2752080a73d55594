"""Every caveat kind reaches every renderer: table, paragraph (en, fr), HTML, JSON, chart, exported file.

The figures here are constructed for the test (no survey published them): each geography
carries one kind of caveat, so that a renderer that drops a kind fails by name.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import adoptstats
from adoptstats import Citation, Estimate, Observation, ResultSet
from adoptstats.caveats import CAVEAT_KINDS, CONTESTED_FLAG, Caveat, caveat_markers, frame_caveats, row_caveats
from adoptstats.errors import RecordError
from adoptstats.export import write
from adoptstats.render.json import as_json
from adoptstats.render.wording import caveat_label

PRIMARY = Citation(publisher="Constructed statistics office", title="constructed for tests", primary=True)
PRESS = Citation(publisher="Constructed newspaper", title="constructed for tests", primary=False)
POP = "enterprises (constructed)"

#: Words each kind brings into the paragraph, by language.
PARAGRAPH_WORDS = {
    "en": {
        "not_comparable": "different populations",
        "contested": "contested",
        "open_ended": "open-ended",
        "secondary_only": "secondary reports",
        "source_flag": "flags the figure",
        "no_sample_size": "sample size",
        "uncertain_catch_up": "undetermined|uncertain",
    },
    "fr": {
        "not_comparable": "des populations différentes",
        "contested": "contesté",
        "open_ended": "ouvert",
        "secondary_only": "sources secondaires",
        "source_flag": "signale",
        "no_sample_size": "taille d'échantillon",
        "uncertain_catch_up": "On ne peut pas dire|incertain",
    },
    "nl": {
        "not_comparable": "verschillende|niet strikt vergelijkbaar",
        "contested": "betwist",
        "open_ended": "grens",
        "secondary_only": "secundaire bronnen",
        "source_flag": "markeert|markering",
        "no_sample_size": "steekproefomvang",
        "uncertain_catch_up": "niet te bepalen|onzeker",
    },
    "de": {
        "not_comparable": "verschiedene|nicht streng vergleichbar",
        "contested": "umstritten",
        "open_ended": "offene Angabe|eingrenzt|grenzen",
        "secondary_only": "Sekundärberichten",
        "source_flag": "kennzeichnet",
        "no_sample_size": "Stichprobengröße",
        "uncertain_catch_up": "ist offen|unsicher",
    },
}


def obs(
    geo: str,
    value: float,
    *,
    period: int = 2021,
    qualifier: str = "exact",
    cite: Citation = PRIMARY,
    population: str = POP,
    flags: str = "",
) -> Observation:
    return Observation(
        source="constructed",
        dataset="ds",
        indicator="ANY",
        concept="social_media.any_use",
        geo=geo,
        period=str(period),
        population=population,
        estimate=Estimate.published(value, qualifier=qualifier),
        citation=cite,
        flags=flags,
    )


@pytest.fixture(scope="module")
def comparison() -> adoptstats.Comparison:
    reports = ResultSet.from_records(
        [
            obs("BE", 30),
            obs("NL", 50, population="all enterprises (constructed)"),  # not comparable
            obs("FR", 22),  # two reports that disagree: contested
            obs("FR", 44),
            obs("WORLD", 40, qualifier="more_than"),  # open-ended
            obs("DE", 60, cite=PRESS),  # secondary only
            obs("LU", 35, flags="p"),  # provisional
        ]
    )
    resolved = adoptstats.reconcile(reports).resolved
    return adoptstats.compare(resolved, "BE")


@pytest.fixture(scope="module")
def trend() -> adoptstats.Trend:
    rows = [obs("BE", v, period=y) for y, v in ((2015, 20), (2017, 25), (2019, 31), (2021, 34))]
    rows += [obs("NL", v, period=y) for y, v in ((2015, 40), (2017, 43), (2019, 48), (2021, 49))]
    return adoptstats.trend(ResultSet.from_records(rows), "BE", against="NL")


def _kinds(*results: object) -> set[str]:
    return {c.kind for r in results for c in r.caveats}  # type: ignore[attr-defined]


def test_the_fixtures_carry_every_kind(comparison: adoptstats.Comparison, trend: adoptstats.Trend) -> None:
    assert _kinds(comparison, trend) == set(CAVEAT_KINDS)
    assert all(set(words) == set(CAVEAT_KINDS) for words in PARAGRAPH_WORDS.values())
    by_geo = {(c.kind, c.geo) for c in comparison.caveats}
    assert {("not_comparable", "NL"), ("contested", "FR"), ("open_ended", "WORLD")} <= by_geo
    assert {("secondary_only", "DE"), ("source_flag", "LU"), ("no_sample_size", "BE")} <= by_geo
    assert comparison.row("FR")["verdict"] == "undetermined"  # 22% and 44% around the focus's 30%


def _every(comparison: adoptstats.Comparison, trend: adoptstats.Trend) -> list[tuple[object, Caveat]]:
    return [(comparison, c) for c in comparison.caveats] + [(trend, c) for c in trend.caveats]


def test_the_table_shows_every_caveat(comparison: adoptstats.Comparison, trend: adoptstats.Trend) -> None:
    for result, c in _every(comparison, trend):
        text = str(result)
        assert caveat_label(c.kind, c.fields) in text, (c, text)


def test_the_paragraph_mentions_every_caveat(comparison: adoptstats.Comparison, trend: adoptstats.Trend) -> None:
    for lang in PARAGRAPH_WORDS:
        for result, c in _every(comparison, trend):
            paragraph = result.summary(lang)  # type: ignore[attr-defined]
            word = re.compile(PARAGRAPH_WORDS[lang][c.kind])
            sentences = [s for s in paragraph.replace(" ; ", ". ").split(". ") if word.search(s)]
            assert sentences, (lang, c, paragraph)
            if c.geo is not None and c.kind not in ("no_sample_size", "uncertain_catch_up"):
                name = adoptstats.geo_name(c.geo, lang)
                assert any(name in s for s in sentences), (lang, c, paragraph)


def test_the_paragraph_says_it_in_the_sentence_it_bears_on(comparison: adoptstats.Comparison) -> None:
    en = comparison.summary()
    assert "higher than Netherlands" not in en
    clause = next(part for part in en.split("; ") if "Netherlands (50%)" in part)
    assert "though the two figures describe different populations" in clause
    fr = comparison.summary("fr")
    clause = next(part for part in fr.split(" ; ") if "Pays-Bas (50\u00a0%)" in part)
    assert "bien que les deux chiffres portent sur des populations différentes" in clause


def test_html_shows_every_caveat(comparison: adoptstats.Comparison, trend: adoptstats.Trend) -> None:
    for result, c in _every(comparison, trend):
        page = result._repr_html_()  # type: ignore[attr-defined]
        assert html.escape(caveat_label(c.kind, c.fields)) in page, c
    page = comparison._repr_html_()
    assert "<sup>" in page and "class='undetermined'" in page and "Sources" in page


def test_json_holds_every_caveat(comparison: adoptstats.Comparison, trend: adoptstats.Trend) -> None:
    for result, c in _every(comparison, trend):
        doc = json.loads(json.dumps(as_json(result)))
        found = [r for r in doc["caveats"] if r["kind"] == c.kind and r["geo"] == c.geo]
        assert found and found[0]["label"] == caveat_label(c.kind, c.fields), c
        assert doc["summary"] == result.summary()  # type: ignore[attr-defined]


def test_charts_note_every_caveat(comparison: adoptstats.Comparison, trend: adoptstats.Trend) -> None:
    pytest.importorskip("matplotlib")
    for result, c in _every(comparison, trend):
        fig = result.plot()  # type: ignore[attr-defined]
        footer = fig._supxlabel.get_text()
        assert caveat_label(c.kind, c.fields) in " ".join(footer.split()), (c, footer)


def test_exported_files_carry_every_caveat(
    comparison: adoptstats.Comparison, trend: adoptstats.Trend, tmp_path: Path
) -> None:
    for n, (result, c) in enumerate(_every(comparison, trend)):
        target = tmp_path / f"result{n}.csv"
        write(result, target)
        caveats = pd.read_csv(tmp_path / f"result{n}.caveats.csv", keep_default_na=False)
        assert ((caveats["kind"] == c.kind) & (caveats["geo"] == (c.geo or ""))).any(), c


def test_a_caveat_is_typed() -> None:
    with pytest.raises(RecordError, match="kind must be one of"):
        Caveat(kind="maybe")
    c = Caveat(kind="source_flag", geo="LU", fields="provisional")
    assert c.fields == ("provisional",) and c.marker() == "source flag (provisional)"


def test_vectorised_markers_match_the_row_caveats() -> None:
    rs = ResultSet.from_records(
        [
            obs("BE", 30, flags=f"b,{CONTESTED_FLAG}"),
            obs("NL", 40, qualifier="at_least", cite=PRESS),
            obs("LU", 50),
        ]
    )
    rows = frame_caveats(rs.frame, rs.citations)
    expected = [
        "; ".join(c.marker() for c in sorted_cs) for sorted_cs in (adoptstats.caveats.sort_caveats(r) for r in rows)
    ]
    assert caveat_markers(rs.frame, rs.citations).tolist() == expected
    assert expected[0].startswith("contested; source flag (break)")
    assert {c.kind for c in rs.caveats} == {"contested", "source_flag", "open_ended", "secondary_only"}


def test_resultset_and_aggregate_results_carry_caveats() -> None:
    rs = ResultSet.from_records([obs("BE", 30, flags="e"), obs("LU", 40, flags="p")])
    composite = adoptstats.aggregate(rs, "BE+LU", weights={"BE": 10, "LU": 1})
    assert isinstance(composite.caveats, tuple)
    assert {c.kind for c in rs.caveats} == {"source_flag"}


def test_citation_dates_survive_json(comparison: adoptstats.Comparison) -> None:
    cited = Citation(publisher="Constructed", title="t", published=dt.date(2021, 3, 1), primary=True)
    doc = as_json(ResultSet.from_records([obs("BE", 30, cite=cited)]))
    assert doc["citations"][0]["published"] == "2021-03-01"


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ("D,U", ("definition_differs", "low_reliability")),  # OECD's SDMX statuses, in capitals
        ("B", ("break",)),
        ("A", ()),  # normal value
        ("b,u", ("break", "low_reliability")),  # Eurostat's letters
        ("P", ("confidential",)),  # Eurostat's confidentiality code, not SDMX's "provisional"
    ],
)
def test_source_flags_of_either_convention_become_caveats(flags: str, expected: tuple[str, ...]) -> None:
    row = {"geo": "MX", "period": "2023", "qualifier": "exact", "flags": flags, "sample_size": 500, "unit": "percent"}
    found = [c.fields for c in row_caveats(row, {}) if c.kind == "source_flag"]
    assert found == ([expected] if expected else [])
