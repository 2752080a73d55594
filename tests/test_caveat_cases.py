"""The cases where an output once said more than its table knew, in English and French.

- Spain (INE) against the EU in 2021: the two figures describe different populations;
- China in the Regus 2010 survey: the reports say 22% and 44%, and nothing in the policy
  separates them;
- the Netherlands and the EU, 2013-2023: the slope intervals overlap, so "never" is not known;
- the precision of a difference between figures published with different decimals;
- a comparison written to a file, with its focus row, its citations and its caveats.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import adoptstats
from adoptstats.export import write
from adoptstats.render.json import as_json

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial"


@pytest.fixture(scope="module")
def with_spain() -> adoptstats.ResultSet:
    paths = [str(TUTORIAL / "eurostat_social_media.csv"), str(TUTORIAL / "spain_ine.csv")]
    return adoptstats.reconcile(adoptstats.fetch("manual", path=paths)).resolved


@pytest.fixture(scope="module")
def regus() -> adoptstats.ResultSet:
    pytest.importorskip("adoptstats_regus")
    return adoptstats.fetch("regus", concept="social_media.customer_acquisition", period=2010, breakdown="total")


def test_spain_against_the_eu_says_the_populations_differ(with_spain: adoptstats.ResultSet) -> None:
    comp = adoptstats.compare(with_spain, focus="Espagne", period=2021)
    eu = comp.row("EU27_2020")
    assert eu["verdict"] == "higher"
    assert "population" in eu["comparability"] and "not comparable" in eu["caveats"]
    en = comp.summary()
    assert (
        "higher than European Union (27 countries, from 2020; 59%) by 7.6 pp (between 7.0 and 8.1), "
        "though the two figures describe different populations and different sources" in en
    )
    fr = comp.summary("fr")
    assert (
        "Union européenne (27 pays, depuis 2020 ; 59\u00a0%) : en avance de 7,6 points (entre 7,0 et 8,1), "
        "bien que les deux chiffres portent sur des populations différentes et des sources différentes" in fr
    )
    for lang in ("nl", "de"):  # no doubled parentheses, and the caveat in the sentence, in every language
        text = comp.summary(lang)
        assert ") (" not in text
        assert "populaties" in text or "Grundgesamtheiten" in text
    kinds = {(c.kind, c.geo, c.fields) for c in comp.caveats}
    assert ("not_comparable", "EU27_2020", ("population", "source")) in kinds
    assert "not comparable: population, source" in str(comp)


def test_china_2010_is_contested_not_lower(regus: adoptstats.ResultSet) -> None:
    rec = adoptstats.reconcile(regus)
    china = rec.resolved.filter(geo="CN").records()[0]
    assert (china.estimate.lower, china.estimate.upper) == (21.5, 44.5)  # spans 22% and 44%
    assert "contested" in china.flags
    assert "its interval spans them" in rec.conflicts.set_index("geo").loc["CN", "reason"]
    assert any(c.kind == "contested" and c.geo == "CN" and "44%" in c.detail for c in rec.caveats)
    comp = adoptstats.compare(rec.resolved, focus="Belux", against=["China", "Monde"])
    assert comp.row("CN")["verdict"] == "undetermined"
    en, fr = comp.summary(), comp.summary("fr")
    assert "higher than China" not in en
    assert "not clearly different from China (21.5-44.5%)" in en
    assert "though the figure for China is contested: reports disagree" in en
    assert "bien que le chiffre de Chine soit contesté : les sources divergent" in fr
    assert "contested: China" in str(comp)
    doc = json.loads(json.dumps(as_json(comp)))
    assert any(c["kind"] == "contested" and c["geo"] == "CN" for c in doc["caveats"])


def test_china_2010_chosen_explicitly_keeps_its_value_and_the_caveat(regus: adoptstats.ResultSet) -> None:
    rec = adoptstats.reconcile(regus, policy="primary,agreement,recent,first")
    assert "listed first" in rec.conflicts.set_index("geo").loc["CN", "reason"]
    comp = adoptstats.compare(rec.resolved, focus="Belux", against=["China"])
    assert comp.row("CN")["value"] == 22.0 and comp.row("CN")["verdict"] == "higher"
    assert "though the figure for China is contested" in comp.summary()


def test_a_verdict_stands_when_every_report_points_the_same_way(regus: adoptstats.ResultSet) -> None:
    comp = adoptstats.compare(adoptstats.reconcile(regus).resolved, focus="Belux", against=["Pays-Bas"])
    assert comp.row("NL")["verdict"] == "lower"  # 50%, 48% and 28% are all above 27%
    assert "though the figure for Netherlands is contested" in comp.summary()


def test_netherlands_and_the_eu_never_is_not_known(with_spain: adoptstats.ResultSet) -> None:
    tr = adoptstats.trend(with_spain, "Pays-Bas", against="EU27_2020")
    assert tr.laggard == "EU27_2020" and tr.line.slope > tr.against_line.slope  # type: ignore[union-attr]
    assert tr.against_line is not None and tr.against_line.upper > tr.line.lower  # the intervals overlap
    assert tr.catch_up == "undetermined" and tr.catch_up_why == "slopes overlap"
    en, fr = tr.summary(), tr.summary("fr")
    assert "never" not in en and "jamais" not in fr
    assert "Whether European Union (27 countries, from 2020) catches up with Netherlands is undetermined" in en
    assert "[+2.41, +3.95] and [+2.49, +5.05] pp a year" in en
    assert "On ne peut pas dire si Union européenne (27 pays, depuis 2020) rattrapera Pays-Bas" in fr
    assert any(c.kind == "uncertain_catch_up" for c in tr.caveats)


def test_never_is_said_when_the_slope_intervals_say_so() -> None:
    cite = adoptstats.Citation(publisher="Constructed", title="constructed for tests", primary=True)

    def obs(geo: str, value: float, year: int) -> adoptstats.Observation:
        return adoptstats.Observation(
            source="constructed",
            dataset="ds",
            indicator="X",
            concept=None,
            geo=geo,
            period=str(year),
            population="p",
            estimate=adoptstats.Estimate.published(value),
            citation=cite,
        )

    rows = [obs("BE", 20 + y % 2, 2015 + y) for y in range(6)] + [obs("NL", 40 + 3 * y, 2015 + y) for y in range(6)]
    tr = adoptstats.trend(adoptstats.ResultSet.from_records(rows), "BE", against="NL")
    assert tr.catch_up == "never" and tr.catch_up_certain
    assert "would never catch up with Netherlands (the slope intervals rule it out)" in tr.summary()
    assert "ne rattraperait jamais Pays-Bas" in tr.summary("fr")


def test_french_precision_follows_the_published_decimals(with_spain: adoptstats.ResultSet) -> None:
    comp = adoptstats.compare(with_spain, focus="Pays-Bas", period=2021)
    fr = comp.summary("fr")
    assert "Espagne (66,57\u00a0%) : en avance de 13,4 points (entre 12,9 et 14,0)" in fr
    assert "12,925" not in fr and "13,935" not in fr
    assert "Union européenne (27 pays, depuis 2020 ; 59\u00a0%) : en avance de 21 points (entre 20 et 22)" in fr
    en = comp.summary()
    assert "by 13.4 pp (between 12.9 and 14.0)" in en
    assert "-13.4 [-14.0, -12.9]" not in str(comp) and "+13.4 [+12.9, +14.0]" in str(comp)


def test_a_comparison_exports_with_its_focus_citations_and_caveats(
    with_spain: adoptstats.ResultSet, tmp_path: Path
) -> None:
    comp = adoptstats.compare(with_spain, focus="Espagne", period=2021, against=["EU27_2020"])
    frame = comp.to_frame(include_focus=True)
    assert frame["geo"].tolist() == ["ES", "EU27_2020"] and frame["focus"].tolist() == [True, False]
    # the figures shown: the rows, and the leader the gap is measured to
    leader = comp.row(comp.gap_to_leader.to)["citation_id"]  # type: ignore[union-attr]
    assert set(comp.citations) == {*frame["citation_id"], leader}
    written = write(comp, tmp_path / "spain.csv")
    assert [p.name for p in written] == ["spain.csv", "spain.citations.csv", "spain.caveats.csv"]
    data = pd.read_csv(written[0])
    cites = pd.read_csv(written[1])
    caveats = pd.read_csv(written[2], keep_default_na=False)
    assert data["geo"].tolist() == ["ES", "EU27_2020"]
    assert sorted(cites["citation_id"]) == sorted(set(data["citation_id"]))
    assert cites["ref"].tolist() == [1, 2]
    assert {"not_comparable", "no_sample_size"} <= set(caveats["kind"])
    assert not list(tmp_path.glob("*.tmp"))
    doc = json.loads(write(comp, tmp_path / "spain.json")[0].read_text(encoding="utf-8"))
    assert set(doc) == {"data", "citations", "caveats"}
    assert doc["data"][0]["focus"] is True
    pytest.importorskip("openpyxl")
    sheets = pd.read_excel(write(comp, tmp_path / "spain.xlsx")[0], sheet_name=None)
    assert list(sheets) == ["data", "citations", "caveats"]


def test_exported_text_cannot_run_as_a_formula(tmp_path: Path) -> None:
    cite = adoptstats.Citation(publisher="=HYPERLINK(1)", title="constructed for tests", primary=True)
    rs = adoptstats.ResultSet.from_records(
        [
            adoptstats.Observation(
                source="constructed",
                dataset="ds",
                indicator="X",
                concept=None,
                geo="BE",
                period="2021",
                population="-p",
                estimate=adoptstats.Estimate(value=27, decimals=0),
                citation=cite,
            )
        ]
    )
    data, cites, _ = (pd.read_csv(p, keep_default_na=False) for p in write(rs, tmp_path / "x.csv"))
    assert data["population"].tolist() == ["'-p"] and cites["publisher"].tolist() == ["'=HYPERLINK(1)"]
    assert data["value"].tolist() == [27.0]


def test_an_estimate_derives_its_interval() -> None:
    assert adoptstats.Estimate(value=27, decimals=0) == adoptstats.Estimate.published(27)
    assert adoptstats.Estimate(value=40, qualifier="more_than") == adoptstats.Estimate.published(
        40, qualifier="more_than"
    )
    assert adoptstats.Estimate(value=27, lower=26, upper=28).lower == 26.0  # explicit bounds kept
    with pytest.raises(adoptstats.RecordError, match="upper is missing"):
        adoptstats.Estimate(value=27, lower=26)
    with pytest.raises(adoptstats.RecordError, match="lower <= value <= upper"):
        adoptstats.Estimate(value=27, lower=28, upper=29)
