"""compare, rank, gap and trend (adoptstats.comparison, adoptstats.ranking, adoptstats.trends)."""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from statsmodels.regression.linear_model import OLS
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import test_proportions_2indep as score_test_2indep

import adoptstats
from adoptstats import (
    Citation,
    ComparabilityError,
    DuplicateReportsError,
    Estimate,
    Observation,
    ResultSet,
    SelectionError,
    UnknownGeographyError,
)
from adoptstats.comparison import COMPARISON_COLUMNS, Comparison
from adoptstats.ranking import RankTable, rank_intervals
from adoptstats.testing.strategies import estimates
from adoptstats.trends import Trend
from adoptstats.uncertainty import swap_verdict

LALIBRE = Citation(
    publisher="La Libre Belgique",
    url="https://www.lalibre.be/economie/entreprises-startup/les-entreprises-belges-sont-a-la-traine-sur-les-reseaux-sociaux-51b8c1c3e4b0de6db9bcca6a",
    quote="tandis que 40\u00a0% des entreprises dans le monde utilisent les réseaux sociaux pour trouver de nouveaux "
    "clients, elles ne sont que 27\u00a0% à y recourir en Belgique et au Luxembourg",
)
AVENIR_MX = Citation(
    publisher="L'Avenir",
    url="https://www.lavenir.net/cnt/8921533",
    quote="C'est peu comparé à des pays comme le Mexique (52 %), l'Espagne (50 %) ou encore les Pays-Bas (50 %).",
)
AVENIR_WORLD = Citation(
    publisher="L'Avenir",
    url="https://www.lavenir.net/cnt/8921533",
    quote="plus de 40\u00a0% des entreprises de la planète recourent à Twitter et autres Facebook pour recueillir de "
    "nouveaux clients",
)
TICPYMES = Citation(
    publisher="ticpymes.es",
    url="https://ticpymes.es/marketing/nuevos-clientes-gracias-a-las-redes-sociales",
    quote="Según el estudio, durante 2010, el 50% de las empresas españolas incrementó el número de nuevos clientes a "
    "través de actividades empresariales relacionadas con las redes sociales.",
)
TEST_CITE = Citation(publisher="Test publisher", title="test figures")


def obs(
    geo: str,
    value: float,
    qualifier: str = "exact",
    *,
    citation: Citation = TEST_CITE,
    period: str | int = 2010,
    n: int | None = None,
    unit: str = "percent",
    concept: str | None = "social_media.customer_acquisition",
    indicator: str = "new_customers_via_social_networks",
    population: str = "business people",
    source: str = "regus",
    dataset: str = "social_success_2010",
    breakdown: str = "total",
) -> Observation:
    return Observation(
        source=source,
        dataset=dataset,
        indicator=indicator,
        concept=concept,
        geo=geo,
        period=period,
        population=population,
        breakdown=breakdown,
        estimate=Estimate.published(value, qualifier=qualifier, unit=unit),
        citation=citation,
        sample_size=n,
    )


@pytest.fixture
def belux() -> ResultSet:
    return ResultSet.from_records(
        [
            obs("Belux", 27, citation=LALIBRE),
            obs("Espagne", 50, citation=TICPYMES),
            obs("Mexique", 52, citation=AVENIR_MX),
            obs("WORLD", 40, "more_than", citation=AVENIR_WORLD),
        ]
    )


# -- the Belgium example -------------------------------------------------------------------------


def test_belux_against_spain_mexico_and_the_world(belux: ResultSet) -> None:
    comp = adoptstats.compare(belux, "Belux")
    assert isinstance(comp, Comparison)
    assert comp.focus == "BE+LU"
    frame = comp.to_frame()
    assert list(frame.columns[: len(COMPARISON_COLUMNS)]) == list(COMPARISON_COLUMNS)
    assert list(COMPARISON_COLUMNS) == [
        "geo", "value", "lower", "upper", "diff", "diff_lower", "diff_upper", "ratio", "verdict", "p_value",
        "comparability", "caveats",
    ]  # fmt: skip
    rows = frame.set_index("geo")
    assert rows.loc["ES", ["diff", "diff_lower", "diff_upper"]].tolist() == [-23.0, -24.0, -22.0]
    assert rows.loc["MX", ["diff", "diff_lower", "diff_upper"]].tolist() == [-25.0, -26.0, -24.0]
    assert rows.loc["ES", "ratio"] == pytest.approx(27 / 50)
    assert set(rows["verdict"]) == {"lower"}
    assert rows["p_value"].isna().all()
    assert set(rows["comparability"]) == {"comparable"}
    world = rows.loc["WORLD"]
    assert (world["lower"], world["upper"]) == (40.0, 100.0)
    assert math.isnan(world["diff"]) and math.isnan(world["ratio"])
    assert (world["diff_lower"], world["diff_upper"], world["diff_upper_open"]) == (-73.5, -12.5, True)
    assert world["text"] == "more than 40%"
    assert world["publisher"] == "L'Avenir"
    # order: by value, highest first
    assert frame["geo"].tolist() == ["MX", "ES", "WORLD"]


def test_belux_rank_and_gaps(belux: ResultSet) -> None:
    comp = adoptstats.compare(belux, "Belgique-Luxembourg")
    assert attrs.asdict(comp.rank) == {"geo": "BE+LU", "rank": 3, "lower": 3, "upper": 3, "n": 3}
    assert comp.rank.text() == "3rd of 3"
    assert comp.gap_to_leader is not None
    assert (comp.gap_to_leader.to, comp.gap_to_leader.diff, comp.gap_to_leader.verdict) == ("MX", -25.0, "lower")
    assert not comp.gap_to_leader.focus_leads
    assert comp.benchmark == "WORLD"
    assert comp.gap_to_benchmark is not None
    assert comp.gap_to_benchmark.text() == (
        "lower than World by more than 12 pp, though the figure for World is open-ended: it bounds the value without "
        "giving it"
    )
    assert comp.gap_to_leader.text("fr") == "Mexique : en retrait de 25 points (entre 24 et 26)"


def test_belux_rendering(belux: ResultSet) -> None:
    comp = adoptstats.compare(belux, "BE+LU")
    text = str(comp)
    assert "more than 40%" in text and "27%" in text
    assert "-25 [-26, -24]" in text
    assert "[-74, -12)" in text
    assert "La Libre Belgique" in text
    assert repr(comp) == text
    html = comp._repr_html_()
    assert html.startswith("<div class='adoptstats'>") and "<table" in html and "more than 40%" in html
    en = comp.summary()
    assert en.startswith("Belgium-Luxembourg: 27% in 2010")
    assert "lower than Mexico (52%) by 25 pp (between 24 and 26)" in en
    assert "lower than World (more than 40%) by more than 12 pp, though the figure for World is open-ended" in en
    assert "no significance test was possible" in en
    assert "Sources: La Libre Belgique, L'Avenir, ticpymes.es." in en
    fr = comp.summary("fr")
    assert fr.startswith("Belgique-Luxembourg : 27\u00a0% en 2010")
    assert "Monde (plus de 40\u00a0%) : en retrait de plus de 12 points" in fr
    assert "Sources : La Libre Belgique, L'Avenir, ticpymes.es." in fr
    with pytest.raises(SelectionError, match="unknown language 'xx' for lang=...: adoptstats writes en, fr, nl, de"):
        comp.summary("xx")


def test_focus_leads(belux: ResultSet) -> None:
    comp = adoptstats.compare(belux, "MX")
    assert comp.rank.rank == 1
    gap = comp.gap_to_leader
    assert gap is not None and gap.focus_leads and gap.to == "ES"
    assert (gap.diff, gap.verdict) == (2.0, "higher")


def test_against_and_benchmark(belux: ResultSet) -> None:
    comp = adoptstats.compare(belux, "BE+LU", against="Spain")
    assert comp.to_frame()["geo"].tolist() == ["ES", "WORLD"]  # the benchmark is always shown
    assert comp.rank.n == 3  # ranked among every country with a figure
    comp = adoptstats.compare(belux, "BE+LU", against=["ES"], benchmark="Mexique")
    assert comp.to_frame()["geo"].tolist() == ["MX", "ES"]
    assert comp.gap_to_benchmark is not None and comp.gap_to_benchmark.to == "MX"
    assert comp.row("Espagne")["diff"] == -23.0
    with pytest.raises(SelectionError, match="FR is not compared"):
        comp.row("FR")


# -- statistics with sample sizes ----------------------------------------------------------------


@pytest.fixture
def sampled() -> ResultSet:
    return ResultSet.from_records(
        [
            obs("BE", 27, n=500),
            obs("NL", 31, n=600),
            obs("FR", 28, n=400),
            obs("DE", 40, n=800),
            obs("EU27_2020", 30),
        ]
    )


def test_pvalues_are_holm_corrected_across_rows(sampled: ResultSet) -> None:
    comp = adoptstats.compare(sampled, "BE")
    frame = comp.to_frame().set_index("geo")
    raw = {}
    for geo, v, n in [("NL", 31, 600), ("FR", 28, 400), ("DE", 40, 800)]:
        raw[geo] = score_test_2indep(0.27 * 500, 500, v / 100 * n, n, method="score", compare="diff").pvalue
    _, adjusted, _, _ = multipletests(list(raw.values()), method="holm")
    for geo, p_raw, p_adj in zip(raw, raw.values(), adjusted, strict=True):
        assert frame.loc[geo, "p_raw"] == pytest.approx(p_raw)
        assert frame.loc[geo, "p_value"] == pytest.approx(p_adj)
        assert frame.loc[geo, "method"] == "newcombe"
    assert math.isnan(frame.loc["EU27_2020", "p_value"])  # no n for the aggregate
    assert frame.loc["EU27_2020", "method"] == "wilson + published bounds"
    assert frame.loc["DE", "verdict"] == "lower"
    assert frame.loc["NL", "verdict"] == "indistinguishable"
    assert frame.loc["FR", "verdict"] == "indistinguishable"
    assert frame.loc["EU27_2020", "verdict"] == "undetermined"
    assert comp.focus_lower < 26.5 and comp.focus_upper > 27.5
    summary = comp.summary()
    assert "p < 0.001" in summary and "Holm-corrected across 3 comparisons" in summary
    assert "No test was possible for European Union (27 countries, from 2020)" in summary


# -- bad inputs ----------------------------------------------------------------------------------


def test_unknown_focus_suggests(belux: ResultSet) -> None:
    with pytest.raises(UnknownGeographyError, match="did you mean") as info:
        adoptstats.compare(belux, "Belgiqe")
    assert info.value.suggestions


def test_focus_absent_from_the_data(belux: ResultSet) -> None:
    with pytest.raises(SelectionError, match=r"the focus France \(FR\) has no figure for .* geographies with one"):
        adoptstats.compare(belux, "France")


def test_against_absent_or_focus(belux: ResultSet) -> None:
    with pytest.raises(SelectionError, match="no figure .* for NL"):
        adoptstats.compare(belux, "BE+LU", against=["NL"])
    with pytest.raises(SelectionError, match="against lists the focus BE\\+LU"):
        adoptstats.compare(belux, "BE+LU", against=["ES", "Belux"])
    with pytest.raises(SelectionError, match="benchmark FR has no figure"):
        adoptstats.compare(belux, "BE+LU", benchmark="FR")
    with pytest.raises(SelectionError, match="results must be a ResultSet"):
        adoptstats.compare([1, 2], "BE")  # type: ignore[arg-type]


def test_mixed_units_are_refused() -> None:
    rs = ResultSet.from_records([obs("BE", 27), obs("NL", 112, unit="index"), obs("ES", 50)])
    with pytest.raises(ComparabilityError, match=r"mixes units: index \(NL\); percent \(BE, ES\)"):
        adoptstats.compare(rs, "BE")
    with pytest.raises(ComparabilityError, match="mixes units"):
        adoptstats.rank(rs)


def test_several_concepts_or_periods_ask_to_choose() -> None:
    rs = ResultSet.from_records(
        [
            obs("BE", 27),
            obs("ES", 50),
            obs("BE", 13, concept="social_media.marketing_budget", indicator="budget"),
            obs("BE", 30, period=2011),
        ]
    )
    with pytest.raises(SelectionError, match=r"2 concepts \(social_media.customer_acquisition, "):
        adoptstats.compare(rs, "BE")
    with pytest.raises(SelectionError, match=r"2 periods \(2010, 2011\); pass period="):
        adoptstats.compare(rs, "BE", concept="social_media.customer_acquisition")
    comp = adoptstats.compare(rs, "BE", concept="social_media.customer_acquisition", period=2010)
    assert comp.to_frame()["geo"].tolist() == ["ES"]
    # a native indicator code works as well
    assert adoptstats.compare(rs, "BE", concept="new_customers_via_social_networks", period="2010").concept
    with pytest.raises(SelectionError, match="no figures for concept 'cloud.any_use'"):
        adoptstats.compare(rs, "BE", concept="cloud.any_use")
    with pytest.raises(SelectionError, match="no figures for period 2015"):
        adoptstats.compare(rs, "BE", concept="social_media.customer_acquisition", period=2015)
    with pytest.raises(SelectionError, match="no figures for breakdown 'size:small'"):
        adoptstats.compare(rs, "BE", concept="social_media.customer_acquisition", breakdown="size:small")


def test_duplicates_point_to_reconcile() -> None:
    rs = ResultSet.from_records(
        [obs("MX", 52, citation=AVENIR_MX), obs("MX", 50, citation=TEST_CITE), obs("BE+LU", 27, citation=LALIBRE)]
    )
    with pytest.raises(DuplicateReportsError, match=r"reconcile\(results\)\.resolved") as info:
        adoptstats.compare(rs, "BE+LU")
    assert "MX: 52% (regus/social_success_2010, L'Avenir, https://www.lavenir.net/cnt/8921533)" in str(info.value)
    other_source = ResultSet.from_records([obs("MX", 52), obs("MX", 48, source="other"), obs("BE", 27)])
    with pytest.raises(DuplicateReportsError, match="different sources"):
        adoptstats.compare(other_source, "BE")


def test_strict_refuses_mismatches_and_lenient_notes_them() -> None:
    rs = ResultSet.from_records(
        [
            obs("BE", 27),
            obs("NL", 48, population="enterprises 10+ persons employed", source="eurostat", dataset="isoc_cismt"),
            obs("ES", 50),
        ]
    )
    with pytest.raises(ComparabilityError, match="NL vs BE: population differs") as info:
        adoptstats.compare(rs, "BE", strict=True)
    assert "NL vs BE: source differs ('eurostat/isoc_cismt' vs 'regus/social_success_2010')" in str(info.value)
    comp = adoptstats.compare(rs, "BE")
    notes = comp.to_frame().set_index("geo")["comparability"]
    assert notes["ES"] == "comparable"
    assert "population: 'enterprises 10+ persons employed' here, 'business people' for BE" in notes["NL"]
    assert "source: 'eurostat/isoc_cismt' here" in notes["NL"]
    assert adoptstats.compare(rs, "BE", against=["ES"], strict=False).to_frame()["verdict"].tolist() == ["lower"]


def test_index_units_compare_without_pp() -> None:
    rs = ResultSet.from_records([obs("BE+LU", 75, unit="index"), obs("NL", 112, unit="index")])
    comp = adoptstats.compare(rs, "Belux")
    assert comp.diff_unit == "index"
    row = comp.to_frame().iloc[0]
    assert (row["diff"], row["verdict"]) == (-37.0, "lower")
    assert "diff (index)" in str(comp)


# -- gap -----------------------------------------------------------------------------------------


def test_gap_function(belux: ResultSet) -> None:
    g = adoptstats.gap(belux, "Belux")
    assert (g.kind, g.to, g.diff) == ("leader", "MX", -25.0)
    g = adoptstats.gap(belux, "Belux", to="benchmark")
    assert (g.kind, g.to, g.upper, g.upper_open) == ("benchmark", "WORLD", -12.5, True)
    g = adoptstats.gap(belux, "Belux", to="Espagne")
    assert (g.kind, g.to, g.diff, g.lower, g.upper) == ("geo", "ES", -23.0, -24.0, -22.0)
    lonely = ResultSet.from_records([obs("BE", 27), obs("WORLD", 40)])
    with pytest.raises(SelectionError, match="no leader"):
        adoptstats.gap(lonely, "BE")
    no_bench = ResultSet.from_records([obs("BE", 27), obs("NL", 40)])
    with pytest.raises(SelectionError, match="no benchmark"):
        adoptstats.gap(no_bench, "BE", to="benchmark")


# -- rank ----------------------------------------------------------------------------------------


def test_rank_table(belux: ResultSet) -> None:
    table = adoptstats.rank(belux)
    assert isinstance(table, RankTable)
    frame = table.to_frame()
    assert frame["geo"].tolist() == ["MX", "ES", "BE+LU"]
    assert frame[["rank", "rank_lower", "rank_upper", "n"]].values.tolist() == [
        [1, 1, 1, 3],
        [2, 2, 2, 3],
        [3, 3, 3, 3],
    ]
    assert "WORLD" not in frame["geo"].tolist()
    with_world = adoptstats.rank(belux, include_aggregates=True).to_frame().set_index("geo")
    assert with_world.loc["WORLD", ["rank", "rank_lower", "rank_upper"]].tolist() == [3, 1, 3]
    assert with_world.loc["BE+LU", "rank"] == 4
    assert "Belgium-Luxembourg" in str(table)
    assert "<table" in table._repr_html_()
    assert len(table) == 3


def test_rank_each_group() -> None:
    rs = ResultSet.from_records(
        [
            obs("BE", 27),
            obs("NL", 30),
            obs("BE", 35, period=2011),
            obs("NL", 33, period=2011),
            obs("BE", 13, concept="social_media.marketing_budget", indicator="budget"),
            obs("NL", 10, concept="social_media.marketing_budget", indicator="budget", source="other"),
        ]
    )
    with pytest.raises(SelectionError, match="pass concept="):
        adoptstats.rank(rs)
    table = adoptstats.rank(rs, each=True)
    assert table.groups == 3
    frame = table.to_frame()
    got = {(r["concept"], r["period"], r["geo"]): r["rank"] for r in frame.to_dict("records")}
    assert got == {
        ("social_media.customer_acquisition", "2010", "NL"): 1,
        ("social_media.customer_acquisition", "2010", "BE"): 2,
        ("social_media.customer_acquisition", "2011", "BE"): 1,
        ("social_media.customer_acquisition", "2011", "NL"): 2,
        ("social_media.marketing_budget", "2010", "BE"): 1,
        ("social_media.marketing_budget", "2010", "NL"): 2,
    }
    notes = frame.set_index(["concept", "geo"])["comparability"]
    assert notes[("social_media.marketing_budget", "BE")] == "mixed sources in this ranking"
    assert "3 groups" in str(table)


def test_rank_duplicates() -> None:
    rs = ResultSet.from_records([obs("NL", 50), obs("NL", 48, citation=LALIBRE), obs("BE", 27)])
    with pytest.raises(DuplicateReportsError, match="reconcile"):
        adoptstats.rank(rs)


def test_rank_without_concept_column_uses_indicators() -> None:
    rs = ResultSet.from_records([obs("BE", 27, concept=None), obs("NL", 30, concept=None)])
    frame = adoptstats.rank(rs).to_frame()
    assert frame["geo"].tolist() == ["NL", "BE"]


def test_rank_only_aggregates() -> None:
    rs = ResultSet.from_records([obs("WORLD", 40), obs("EU27_2020", 30)])
    with pytest.raises(SelectionError, match="include_aggregates=True"):
        adoptstats.rank(rs)


@st.composite
def _groups(draw: Any) -> tuple[np.ndarray, ...]:
    n = draw(st.integers(1, 40))
    n_groups = draw(st.integers(1, 4))
    g = np.array(draw(st.lists(st.integers(0, n_groups - 1), min_size=n, max_size=n)), dtype=np.int64)
    slot = np.zeros(n, dtype=np.int64)
    for gg in range(n_groups):
        idx = np.flatnonzero(g == gg)
        slot[idx] = np.arange(idx.size)
    x = np.array(draw(st.lists(st.integers(0, 12), min_size=n, max_size=n)), dtype="float64")
    dl = np.array(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)), dtype="float64")
    du = np.array(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)), dtype="float64")
    lo_open = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    hi_open = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    return g, slot, np.array([n_groups]), x, x - dl, x + du, lo_open & (dl > 0), hi_open & (du > 0)


@settings(max_examples=200, deadline=None)
@given(case=_groups())
def test_rank_interval_algorithms_agree(case: tuple[np.ndarray, ...]) -> None:
    g, slot, ng, x, lo, hi, lo_open, hi_open = case
    width = int(slot.max()) + 1
    dense = rank_intervals(g, slot, int(ng[0]), width, x, lo, hi, lo_open, hi_open, method="dense")
    by_sort = rank_intervals(g, slot, int(ng[0]), width, x, lo, hi, lo_open, hi_open, method="sort")
    for a, b in zip(dense, by_sort, strict=True):
        assert a.tolist() == b.tolist()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(estimates(unit="percent"), min_size=2, max_size=6), data=st.data())
def test_rank_interval_contains_the_rank_under_any_values(values: list[Estimate], data: st.DataObject) -> None:
    geos = ["BE", "NL", "ES", "MX", "FR", "DE"][: len(values)]
    rs = ResultSet.from_records(
        [attrs.evolve(obs(geo, 0), estimate=est) for geo, est in zip(geos, values, strict=True)]
    )
    table = adoptstats.rank(rs).to_frame().set_index("geo")
    for _ in range(5):
        draws = {}
        for geo, est in zip(geos, values, strict=True):
            xs = data.draw(st.floats(min_value=est.lower, max_value=est.upper, allow_nan=False))
            if est.open_lower and xs == est.lower:
                xs = min(est.upper, float(np.nextafter(xs, math.inf)))
            if est.open_upper and xs == est.upper:
                xs = max(est.lower, float(np.nextafter(xs, -math.inf)))
            draws[geo] = xs
        for geo in geos:
            if (values[geos.index(geo)].open_lower and draws[geo] == values[geos.index(geo)].lower) or (
                values[geos.index(geo)].open_upper and draws[geo] == values[geos.index(geo)].upper
            ):
                continue  # an empty open interval ("less than 0%") holds no value
            r = 1 + sum(1 for other in geos if draws[other] > draws[geo])
            assert table.loc[geo, "rank_lower"] <= r <= table.loc[geo, "rank_upper"]
    comp = adoptstats.compare(rs, geos[0])
    assert (comp.rank.lower, comp.rank.upper) == (table.loc[geos[0], "rank_lower"], table.loc[geos[0], "rank_upper"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    a=estimates(unit="percent"),
    b=estimates(unit="percent"),
    n=st.none() | st.tuples(st.integers(20, 5000), st.integers(20, 5000)),
)
def test_compare_mirrors(a: Estimate, b: Estimate, n: tuple[int, int] | None) -> None:
    na, nb = n if n else (None, None)
    rs = ResultSet.from_records(
        [attrs.evolve(obs("BE", 0), estimate=a, sample_size=na), attrs.evolve(obs("NL", 0), estimate=b, sample_size=nb)]
    )
    ab = adoptstats.compare(rs, "BE").to_frame().iloc[0]
    ba = adoptstats.compare(rs, "NL").to_frame().iloc[0]
    assert (math.isnan(ab["diff"]) and math.isnan(ba["diff"])) or ab["diff"] == pytest.approx(-ba["diff"])
    assert ab["diff_lower"] == pytest.approx(-ba["diff_upper"], abs=1e-9)
    assert ab["diff_upper"] == pytest.approx(-ba["diff_lower"], abs=1e-9)
    assert ab["verdict"] == swap_verdict(ba["verdict"])
    assert (math.isnan(ab["p_value"]) and math.isnan(ba["p_value"])) or ab["p_value"] == pytest.approx(ba["p_value"])
    if n is None:
        assert math.isnan(ab["p_value"])
        assert ab["verdict"] != "indistinguishable"


# -- trend ---------------------------------------------------------------------------------------


@pytest.fixture
def series() -> ResultSet:
    rows = []
    for year, be, nl in [(2015, 20, 40), (2017, 24, 41), (2019, 29, 43), (2021, 33, 44), (2023, 37, 46)]:
        rows.append(obs("BE", be, period=year))
        rows.append(obs("NL", nl, period=year))
    rows.append(obs("NL", 45, "more_than", period=2024))
    return ResultSet.from_records(rows)


def test_trend_slope_and_catch_up(series: ResultSet) -> None:
    tr = adoptstats.trend(series, "Belgique", against="Pays-Bas")
    assert isinstance(tr, Trend)
    years = np.array([2015, 2017, 2019, 2021, 2023], dtype=float)
    fit = OLS(np.array([20, 24, 29, 33, 37.0]), np.column_stack([np.ones(5), years])).fit()
    assert tr.slope == pytest.approx(fit.params[1])
    ci = fit.conf_int(alpha=0.05)[1]
    assert tr.line.lower == pytest.approx(min(ci[0], (36.5 - 20.5) / 8))
    assert tr.line.upper == pytest.approx(max(ci[1], (37.5 - 19.5) / 8))
    assert tr.line.method == "ols" and tr.line.points == 5
    assert tr.against_line is not None and tr.against_line.excluded == ("2024",)
    assert (tr.laggard, tr.leader) == ("BE", "NL")
    # lines cross during 2029: the first full year at or above is 2030
    assert tr.catch_up == 2030
    assert tr.catch_up_certain
    text = tr.summary()
    assert "+2.15 pp a year" in text and "would catch up with Netherlands in 2030" in text
    assert "left out of the fit" in text
    fr = tr.summary("fr")
    assert "rattraperait Pays-Bas en 2030" in fr and "exclus de l'ajustement" in fr
    frame = tr.to_frame()
    assert list(frame.columns) == [
        "geo", "period", "time", "value", "lower", "upper", "qualifier", "fitted", "used", "citation_id", "caveats",
    ]  # fmt: skip
    assert not frame.loc[frame["period"] == "2024", "used"].iloc[0]
    assert "Trend:" in str(tr) and "<table" in tr._repr_html_()


def test_trend_never_and_undetermined() -> None:
    rs = ResultSet.from_records(
        [obs("BE", 20, period=2015), obs("BE", 21, period=2020), obs("NL", 40, period=2015), obs("NL", 45, period=2020)]
    )
    tr = adoptstats.trend(rs, "BE", against="NL")
    assert tr.line.method == "two points"
    assert (tr.line.slope, tr.line.lower, tr.line.upper) == pytest.approx((0.2, 0.0, 0.4))
    assert tr.catch_up == "never"
    assert "would never catch up" in tr.summary()
    one = ResultSet.from_records([obs("BE", 20, period=2015), obs("NL", 40, period=2015), obs("NL", 45, period=2020)])
    tr = adoptstats.trend(one, "BE", against="NL")
    assert tr.line.method == "none" and math.isnan(tr.slope)
    assert tr.catch_up == "undetermined"
    assert adoptstats.trend(one, "NL").catch_up is None


def test_trend_meets_only_above_100_percent() -> None:
    rs = ResultSet.from_records(
        [obs("BE", 50, period=2015), obs("BE", 70, period=2020), obs("NL", 90, period=2015), obs("NL", 98, period=2020)]
    )
    tr = adoptstats.trend(rs, "BE", against="NL")
    assert tr.catch_up == "never"
    assert "outside 0-100%" in tr.summary()


def test_trend_errors(series: ResultSet) -> None:
    with pytest.raises(SelectionError, match=r"France \(FR\) has no figure"):
        adoptstats.trend(series, "BE", against="FR")
    with pytest.raises(SelectionError, match="against is BE itself"):
        adoptstats.trend(series, "BE", against="Belgium")
    dup = ResultSet.from_records([obs("BE", 20, period=2015), obs("BE", 22, period=2015, citation=LALIBRE)])
    with pytest.raises(DuplicateReportsError):
        adoptstats.trend(dup, "BE")
    tr = adoptstats.trend(series, "BE", since=2019, until=2021)
    assert tr.line.points == 2 and (tr.line.first, tr.line.last) == ("2019", "2021")


def test_sub_annual_periods_are_placed_in_time() -> None:
    rs = ResultSet.from_records(
        [obs("BE", 20, period="2020-Q1"), obs("BE", 21, period="2020-Q3"), obs("BE", 22, period="2021-Q1")]
    )
    tr = adoptstats.trend(rs, "BE")
    assert tr.to_frame()["time"].tolist() == [2020.0, 2020.5, 2021.0]
    assert tr.slope == pytest.approx(2.0)


def test_lazy_exports_are_the_functions() -> None:
    import importlib

    for name in adoptstats.__all__:
        assert getattr(adoptstats, name) is not None
    assert adoptstats.compare is importlib.import_module("adoptstats.comparison").compare
    assert adoptstats.rank is importlib.import_module("adoptstats.ranking").rank
    assert adoptstats.trend is importlib.import_module("adoptstats.trends").trend
    assert adoptstats.aggregate is importlib.import_module("adoptstats.aggregation").aggregate
    assert adoptstats.reconcile is importlib.import_module("adoptstats.reconciliation").reconcile
    assert callable(adoptstats.compare) and callable(adoptstats.reconcile)
    assert pd.api.types.is_list_like(COMPARISON_COLUMNS)
