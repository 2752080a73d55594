"""adoptstats.profile: one geography against benchmarks across concepts (constructed figures)."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import adoptstats
from adoptstats import (
    Citation,
    ComparabilityError,
    DuplicateReportsError,
    Estimate,
    Observation,
    ResultSet,
    SelectionError,
    UnknownConceptError,
)
from adoptstats.caveats import Caveat, sort_caveats
from adoptstats.export import write
from adoptstats.profiles import PROFILE_COLUMNS, STANDINGS, Profile
from adoptstats.render.notes import caveat_notes

# Constructed figures: not published numbers, made up to exercise the rules.
OWNER = Citation(publisher="Survey owner", title="constructed survey tables", primary=True)
PRESS = Citation(publisher="A newspaper", title="constructed press report", url="https://example.org/press")
POP = "enterprises with 10 or more persons employed"


def obs(
    geo: str,
    concept: str,
    period: int,
    value: float,
    *,
    qualifier: str = "exact",
    citation: Citation = OWNER,
    population: str = POP,
    breakdown: str = "total",
    dataset: str = "ict_survey",
    n: int | None = None,
) -> Observation:
    return Observation(
        source="constructed",
        dataset=dataset,
        indicator=concept,
        concept=concept,
        geo=geo,
        period=period,
        population=population,
        breakdown=breakdown,
        estimate=Estimate.published(value, qualifier=qualifier),
        citation=citation,
        sample_size=n,
    )


@pytest.fixture
def results() -> ResultSet:
    return ResultSet.from_records(
        [
            # social media: both sides in 2019 and 2021, focus also 2023 -> 2021 is the latest shared
            obs("BE", "social_media.any_use", 2019, 71),
            obs("EU27_2020", "social_media.any_use", 2019, 50),
            obs("BE", "social_media.any_use", 2021, 76),
            obs("EU27_2020", "social_media.any_use", 2021, 59),
            obs("BE", "social_media.any_use", 2023, 80),
            # cloud: behind in 2023, the benchmark's figure from the press
            obs("BE", "cloud.any_use", 2023, 40),
            obs("EU27_2020", "cloud.any_use", 2023, 45, citation=PRESS),
            # AI: the intervals overlap -> indistinguishable
            obs("BE", "ai.any_use", 2024, 13.6, n=1000),
            obs("EU27_2020", "ai.any_use", 2024, 13.5, n=1200),
            # website: an open-ended benchmark figure that straddles the focus -> undetermined
            obs("BE", "web.website", 2022, 80),
            obs("EU27_2020", "web.website", 2022, 70, qualifier="more_than"),
            # ERP: only the benchmark has it
            obs("EU27_2020", "software.erp", 2019, 36),
            # IoT: both, but never the same year
            obs("BE", "iot.any_use", 2020, 27),
            obs("EU27_2020", "iot.any_use", 2021, 29),
            # a second benchmark with social media only
            obs("NL", "social_media.any_use", 2021, 80),
            # SMEs
            obs("BE", "ai.any_use", 2023, 12.5, breakdown="size:10-249"),
            obs("EU27_2020", "ai.any_use", 2023, 7.4, breakdown="size:10-249"),
        ]
    )


def test_rows_counts_and_latest_common_period(results: ResultSet) -> None:
    prof = adoptstats.profile(results, "Belgique", "EU27_2020")
    assert isinstance(prof, Profile)
    frame = prof.to_frame()
    assert list(frame.columns) == list(PROFILE_COLUMNS)
    by = frame.set_index("concept")
    assert set(by.index) == {"social_media.any_use", "cloud.any_use", "ai.any_use", "web.website"}
    assert by.loc["social_media.any_use", "period"] == "2021"  # not 2023: the benchmark has no 2023
    assert by.loc["social_media.any_use", "diff"] == pytest.approx(17.0)
    assert (by.loc["social_media.any_use", "diff_lower"], by.loc["social_media.any_use", "diff_upper"]) == (
        pytest.approx(16.0),
        pytest.approx(18.0),
    )
    assert by.loc["social_media.any_use", "standing"] == "ahead"
    assert by.loc["cloud.any_use", "standing"] == "behind"
    assert by.loc["ai.any_use", "standing"] == "indistinguishable"
    assert by.loc["web.website", "standing"] == "undetermined"
    assert prof.counts() == {"ahead": 1, "behind": 1, "indistinguishable": 1, "undetermined": 1}
    assert tuple(prof.counts()) == STANDINGS


def test_forced_period(results: ResultSet) -> None:
    prof = adoptstats.profile(results, "BE", "EU27_2020", period=2019)
    assert list(prof.to_frame()["concept"]) == ["social_media.any_use"]
    assert prof.to_frame()["diff"].iloc[0] == pytest.approx(21.0)
    reasons = {m.concept: m.reason for m in prof.missing}
    assert "2019" in reasons["cloud.any_use"] and "2023" in reasons["cloud.any_use"]


def test_one_sided_and_disjoint_concepts_are_listed_as_missing(results: ResultSet) -> None:
    prof = adoptstats.profile(results, "BE", "EU27_2020")
    reasons = {m.concept: m.reason for m in prof.missing}
    assert reasons["software.erp"] == "no figure for BE (EU27_2020 has 2019)"
    assert reasons["iot.any_use"] == "no period in common: BE has 2020, EU27_2020 2021"
    # the summary names what is left out by label, never by concept id
    summary = prof.summary()
    assert "uses ERP software" in summary and "uses the Internet of Things" in summary
    assert "software.erp" not in summary and "iot.any_use" not in summary
    assert "left out: software.erp" in str(prof)


def test_caveats_are_carried(results: ResultSet) -> None:
    prof = adoptstats.profile(results, "BE", "EU27_2020")
    by = prof.to_frame().set_index("concept")
    assert "secondary only" in by.loc["cloud.any_use", "caveats"]
    assert "open ended" in by.loc["web.website", "caveats"]
    assert "secondary only" not in by.loc["social_media.any_use", "caveats"]
    # each row's typed caveats are those of the comparison behind it
    cloud = prof.row_caveats("cloud.any_use")
    assert Caveat(kind="secondary_only", geo="EU27_2020", period="2023", detail="A newspaper") in cloud
    assert any(c.kind == "open_ended" and c.fields == ("more_than",) for c in prof.row_caveats("web.website"))
    assert prof.caveats == sort_caveats(c for concept in by.index for c in prof.row_caveats(concept))
    assert all(isinstance(c, Caveat) for c in prof.caveats)
    # the whole-profile notes: periods that differ, verdicts on rounding alone
    assert any("Periods differ" in c for c in prof.general_caveats())
    assert any("No sample size for 3 of 4 rows" in c for c in prof.general_caveats())
    assert any(line.startswith("[2] secondary reports only: European Union") for line in prof.caveat_lines())
    assert not any(c.geo == "NL" for c in prof.caveats)  # only the two sides of each row
    assert any("sources secondaires seulement" in line for line in prof.caveat_lines("fr"))
    summary = prof.summary()
    assert "2 of 4 rows carry caveats (open-ended, secondary reports only)" in summary
    html = prof._repr_html_()
    assert "A newspaper" in html and "<table" in html


def test_population_mismatch_is_a_caveat_and_strict_refuses_it() -> None:
    rs = ResultSet.from_records(
        [
            obs("BE", "cloud.any_use", 2017, 40, population="enterprises in the national survey"),
            obs("EU27_2020", "cloud.any_use", 2017, 35),
        ]
    )
    lenient = adoptstats.profile(rs, "BE", "EU27_2020")
    assert "not comparable (population)" in lenient.to_frame()["caveats"].iloc[0]
    assert any(c.kind == "not_comparable" and "population" in c.fields for c in lenient.caveats)
    with pytest.raises(ComparabilityError, match="population"):
        adoptstats.profile(rs, "BE", "EU27_2020", strict=True)


def test_several_benchmarks_give_a_column_group_each(results: ResultSet) -> None:
    prof = adoptstats.profile(results, "BE", ["EU27_2020", "Pays-Bas"])
    assert prof.against == ("EU27_2020", "NL")
    wide = prof.wide()
    assert list(wide.columns.get_level_values(0).unique()) == ["EU27_2020", "NL"]
    assert wide.loc["social_media.any_use", ("NL", "diff")] == pytest.approx(-4.0)
    assert wide.loc["social_media.any_use", ("NL", "standing")] == "behind"
    assert prof.counts("NL") == {"ahead": 0, "behind": 1, "indistinguishable": 0, "undetermined": 0}
    assert "Netherlands" in prof.summary()
    with pytest.raises(SelectionError, match="benchmark"):
        prof.counts("FR")


def test_breakdown_and_concepts(results: ResultSet) -> None:
    smes = adoptstats.profile(results, "BE", "EU27_2020", breakdown="size:10-249")
    assert list(smes.to_frame()["concept"]) == ["ai.any_use"]
    assert smes.to_frame()["standing"].iloc[0] == "ahead"
    with pytest.raises(SelectionError, match=r"breakdowns present: size:10-249, total"):
        adoptstats.profile(results, "BE", "EU27_2020", breakdown="size:50-249")
    only = adoptstats.profile(results, "BE", "EU27_2020", concepts=["cloud.any_use", "data.big_data"])
    assert list(only.to_frame()["concept"]) == ["cloud.any_use"]
    assert [m.reason for m in only.missing] == ["no figure for BE or EU27_2020"]
    with pytest.raises(UnknownConceptError):
        adoptstats.profile(results, "BE", "EU27_2020", concepts=["cloud.any_usage"])


def test_french_summary(results: ResultSet) -> None:
    text = adoptstats.profile(results, "BE", "EU27_2020").summary("fr")
    assert text.startswith("Belgique face à ")
    assert "devant sur 1" in text and "derrière sur 1" in text and "Sources : " in text
    with pytest.raises(SelectionError, match="lang"):
        adoptstats.profile(results, "BE", "EU27_2020").summary("xx")


def test_bad_arguments_name_the_argument(results: ResultSet) -> None:
    with pytest.raises(SelectionError, match="against lists the focus"):
        adoptstats.profile(results, "BE", ["BE"])
    with pytest.raises(SelectionError, match="against"):
        adoptstats.profile(results, "BE", [])
    with pytest.raises(SelectionError, match="results"):
        adoptstats.profile([], "BE", "EU27_2020")  # type: ignore[arg-type]
    with pytest.raises(SelectionError, match="no figure"):
        adoptstats.profile(results.filter(geo="FR"), "BE", "EU27_2020")


def test_duplicate_reports_are_refused_with_advice() -> None:
    rs = ResultSet.from_records(
        [
            obs("BE", "cloud.any_use", 2023, 40),
            obs("BE", "cloud.any_use", 2023, 41, citation=PRESS),
            obs("EU27_2020", "cloud.any_use", 2023, 45),
        ]
    )
    with pytest.raises(DuplicateReportsError, match="reconcile"):
        adoptstats.profile(rs, "BE", "EU27_2020")
    settled = adoptstats.profile(adoptstats.reconcile(rs).resolved, "BE", "EU27_2020")
    assert settled.to_frame()["focus_value"].iloc[0] == 40  # the primary report wins


def test_plot_draws_one_line_per_row(results: ResultSet, tmp_path: object) -> None:
    pytest.importorskip("matplotlib")
    prof = adoptstats.profile(results, "BE", ["EU27_2020", "NL"])
    fig = prof.plot()
    axes = fig.axes[0]
    assert len(axes.get_yticklabels()) == len(prof.to_frame())
    # rows with caveats carry the numbers of their notes, written under the chart
    marked = [t.get_text() for t in axes.get_yticklabels() if "[" in t.get_text()]
    assert marked and len(marked) == sum(1 for cavs in prof.frame["caveat_list"] if cavs)
    footer = " ".join(t.get_text() for t in fig.texts)
    assert all(f"[{n.number}] {n.text}" in footer for n in caveat_notes(prof.caveats))


def test_source_flags_become_caveats() -> None:
    flagged = attrs.evolve(obs("BE", "ai.any_use", 2021, 10), flags="b")
    rs = ResultSet.from_records([flagged, obs("EU27_2020", "ai.any_use", 2021, 8)])
    prof = adoptstats.profile(rs, "BE", "EU27_2020")
    assert prof.to_frame()["caveats"].iloc[0].startswith("source flag (break)")
    assert Caveat(kind="source_flag", geo="BE", period="2021", fields=("break",)) in prof.caveats
    assert "1 of 1 row carries caveats (flagged)" in prof.summary()
    assert "1 ligne sur 1 porte des réserves (signalé)" in prof.summary("fr")


def test_a_profile_exports_with_its_citations_and_caveats(results: ResultSet, tmp_path: Path) -> None:
    prof = adoptstats.profile(results, "BE", "EU27_2020")
    files = write(prof, tmp_path / "be.json", lang="fr")
    assert [f.name for f in files] == ["be.json"]
    payload = json.loads(files[0].read_text(encoding="utf-8"))
    assert len(payload["data"]) == len(prof.to_frame())
    cited = {r["citation_id"] for r in payload["citations"]}
    assert cited == {*prof.to_frame()["citation_id"], *prof.to_frame()["focus_citation_id"]}
    kinds = [(c["kind"], c["geo"]) for c in payload["caveats"]]
    assert kinds == [(c.kind, c.geo) for c in prof.caveats]
    assert any(c["label"].startswith("sources secondaires") for c in payload["caveats"])
