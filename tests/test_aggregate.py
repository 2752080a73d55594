"""Composite geographies (adoptstats.aggregate)."""

from __future__ import annotations

import itertools
import math

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import adoptstats
from adoptstats import AggregationError, Citation, DuplicateReportsError, Estimate, Observation, ResultSet
from adoptstats.aggregation import COMPUTED_PUBLISHER, _extreme_mean
from adoptstats.testing.strategies import estimates

CITE = Citation(publisher="Statistics office", url="https://example.org/figures", title="Enterprise survey")
COUNTS = Citation(publisher="Business register", url="https://example.org/counts", title="Enterprises by country")


def obs(geo: str, value: float, qualifier: str = "exact", *, period: int = 2020, unit: str = "percent",
        indicator: str = "E_SM", breakdown: str = "total", citation: Citation = CITE) -> Observation:  # fmt: skip
    return Observation(
        source="survey",
        dataset="ict_2020",
        indicator=indicator,
        concept="social_media.any_use",
        geo=geo,
        period=period,
        population="enterprises 10+ persons employed",
        breakdown=breakdown,
        estimate=Estimate.published(value, qualifier=qualifier, unit=unit),
        citation=citation,
    )


def test_weighted_mean_with_mapping() -> None:
    rs = ResultSet.from_records([obs("BE", 25), obs("LU", 40), obs("ES", 50)])
    out = adoptstats.aggregate(rs, "Belux", weights={"Belgique": 90, "LU": 10})
    assert len(out) == 1
    row = out.frame.iloc[0]
    assert row["geo"] == "BE+LU"
    assert row["value"] == pytest.approx(26.5)
    assert row["lower"] == pytest.approx(0.9 * 24.5 + 0.1 * 39.5)
    assert row["upper"] == pytest.approx(0.9 * 25.5 + 0.1 * 40.5)
    assert (row["qualifier"], row["decimals"], row["unit"]) == ("exact", 1, "percent")
    assert row["source"] == "survey" and row["indicator"] == "E_SM"
    assert out.records()[0].sample_size is None  # no n is invented for a composite
    cite = out.citation(0)
    assert cite.publisher == COMPUTED_PUBLISHER
    assert not cite.primary
    assert cite.table is not None
    assert "BE+LU = weighted mean of BE, LU; weights BE = 90, LU = 10" in cite.table
    assert f"BE 25% [citation {CITE.id}: Statistics office, https://example.org/figures]" in cite.table


def test_weights_from_counts_per_period() -> None:
    rs = ResultSet.from_records([obs("BE", 20, period=2019), obs("LU", 40, period=2019), obs("BE", 30), obs("LU", 50)])
    counts = ResultSet.from_records(
        [
            obs("BE", 3, period=2019, unit="count", citation=COUNTS),
            obs("LU", 1, period=2019, unit="count", citation=COUNTS),
            obs("BE", 1, unit="count", citation=COUNTS),
            obs("LU", 1, unit="count", citation=COUNTS),
        ]
    )
    out = adoptstats.aggregate(rs, "BE+LU", weights=counts).frame.set_index("period")
    assert out.loc["2019", "value"] == pytest.approx(25.0)
    assert out.loc["2020", "value"] == pytest.approx(40.0)
    # the counts' own rounding ([2.5, 3.5] and [0.5, 1.5]) widens the interval
    assert out.loc["2019", "lower"] < 0.75 * 19.5 + 0.25 * 39.5
    one = ResultSet.from_records([obs("BE", 7, unit="count", citation=COUNTS), obs("LU", 1, unit="count")])
    out = adoptstats.aggregate(rs, "BE+LU", weights=one)
    assert out.frame["value"].tolist() == pytest.approx([22.5, 32.5])
    assert "weights (counts) BE = 7 (2020" in out.citation(0).table  # type: ignore[operator]


def test_counts_are_summed_without_weights() -> None:
    rs = ResultSet.from_records([obs("BE", 1200, unit="count"), obs("LU", 300, unit="count")])
    row = adoptstats.aggregate(rs, "BE+LU").frame.iloc[0]
    assert (row["value"], row["lower"], row["upper"]) == (1500.0, 1499.0, 1501.0)
    assert "sum of BE, LU" in adoptstats.aggregate(rs, "BE+LU").citation(0).table  # type: ignore[operator]


def test_open_parts_give_a_range() -> None:
    rs = ResultSet.from_records([obs("BE", 27), obs("LU", 40, "more_than")])
    est = adoptstats.aggregate(rs, "BE+LU", weights={"BE": 9, "LU": 1}).records()[0].estimate
    assert est.qualifier == "approx"
    assert est.lower == pytest.approx(0.9 * 26.5 + 0.1 * 40)
    assert est.upper == pytest.approx(0.9 * 27.5 + 0.1 * 100)
    assert est.text() == f"{est.lower:.1f}-{est.upper:.1f}%"


def test_no_weights_is_refused() -> None:
    rs = ResultSet.from_records([obs("BE", 25), obs("LU", 40)])
    with pytest.raises(AggregationError, match="unweighted average of shares is wrong"):
        adoptstats.aggregate(rs, "Belux")


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"BE": 1}, "no weight for LU"),
        ({"BE": 1, "LU": 1, "NL": 1}, "weights given for NL"),
        ({"BE": -1, "LU": 1}, "weight of BE must be a positive finite number"),
        ({"BE": float("nan"), "LU": 1}, "positive finite"),
        ({"BE": True, "LU": 1}, "positive finite"),
        ({"Atlantis": 1, "LU": 1}, "unknown geography 'Atlantis'"),
        ([1, 2], "mapping"),
    ],
)
def test_bad_weights(weights: object, message: str) -> None:
    rs = ResultSet.from_records([obs("BE", 25), obs("LU", 40)])
    with pytest.raises(AggregationError, match=message):
        adoptstats.aggregate(rs, "BE+LU", weights=weights)  # type: ignore[arg-type]


def test_bad_count_weights() -> None:
    rs = ResultSet.from_records([obs("BE", 25), obs("LU", 40)])
    shares = ResultSet.from_records([obs("BE", 5), obs("LU", 5)])
    with pytest.raises(AggregationError, match="must be counts"):
        adoptstats.aggregate(rs, "BE+LU", weights=shares)
    partial = ResultSet.from_records([obs("BE", 5, unit="count")])
    with pytest.raises(AggregationError, match="no count for LU"):
        adoptstats.aggregate(rs, "BE+LU", weights=partial)
    wrong_years = ResultSet.from_records(
        [obs("BE", 5, unit="count", period=2018), obs("BE", 6, unit="count", period=2019), obs("LU", 1, unit="count")]
    )
    with pytest.raises(AggregationError, match="counts for BE in 2018, 2019 but not for 2020"):
        adoptstats.aggregate(rs, "BE+LU", weights=wrong_years)


def test_missing_parts_raise_or_skip() -> None:
    rs = ResultSet.from_records([obs("BE", 25), obs("LU", 40), obs("BE", 30, period=2021)])
    with pytest.raises(
        AggregationError, match=r"1 figure\(s\) lack a part of BE\+LU (?s:.*)E_SM 2021 total: no figure for LU"
    ):
        adoptstats.aggregate(rs, "BE+LU", weights={"BE": 9, "LU": 1})
    out = adoptstats.aggregate(rs, "BE+LU", weights={"BE": 9, "LU": 1}, on_missing="skip")
    assert out.frame["period"].tolist() == ["2020"]
    with pytest.raises(AggregationError, match="no figures at all for NL"):
        adoptstats.aggregate(rs, "BE+LU+NL", weights={"BE": 1, "LU": 1, "NL": 1})


def test_other_refusals() -> None:
    rs = ResultSet.from_records([obs("BE", 75, unit="index"), obs("LU", 80, unit="index")])
    with pytest.raises(AggregationError, match="unit index cannot be combined"):
        adoptstats.aggregate(rs, "BE+LU", weights={"BE": 1, "LU": 1})
    rs = ResultSet.from_records([obs("BE", 25), obs("LU", 40)])
    with pytest.raises(AggregationError, match="not a composite"):
        adoptstats.aggregate(rs, "BE", weights={"BE": 1})
    with pytest.raises(AggregationError, match="cannot be one of its own parts"):
        adoptstats.aggregate(rs, "BE+LU", parts=["BE", "BE+LU"], weights={"BE": 1})
    dup = ResultSet.from_records([obs("BE", 25), obs("BE", 26, citation=COUNTS), obs("LU", 40)])
    with pytest.raises(DuplicateReportsError, match="BE has 2 reports of one figure"):
        adoptstats.aggregate(dup, "BE+LU", weights={"BE": 1, "LU": 1})


def test_aggregate_then_compare() -> None:
    rs = ResultSet.from_records([obs("BE", 25), obs("LU", 40), obs("NL", 50)])
    composite = adoptstats.aggregate(rs, "BE+LU", weights={"BE": 90, "LU": 10})
    comp = adoptstats.compare(adoptstats.concat([rs, composite]), "Belux", against=["NL"])
    row = comp.to_frame().iloc[0]
    assert row["verdict"] == "lower"
    assert "adoptstats (computed)" in comp.sources


def _brute_extreme(x: np.ndarray, wlo: np.ndarray, whi: np.ndarray, lowest: bool) -> float:
    best = math.inf if lowest else -math.inf
    for corner in itertools.product(*[(a, b) for a, b in zip(wlo, whi, strict=True)]):
        w = np.array(corner)
        m = float((w * x).sum() / w.sum())
        best = min(best, m) if lowest else max(best, m)
    return best


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.floats(0, 100), st.floats(0.1, 50), st.floats(0, 50)),
        min_size=1,
        max_size=5,
    )
)
def test_extreme_mean_matches_vertex_enumeration(rows: list[tuple[float, float, float]]) -> None:
    x = np.array([[r[0] for r in rows]])
    wlo = np.array([[r[1] for r in rows]])
    whi = wlo + np.array([[r[2] for r in rows]])
    for lowest in (True, False):
        got = _extreme_mean(x, wlo, whi, lowest=lowest)[0]
        assert got == pytest.approx(_brute_extreme(x[0], wlo[0], whi[0], lowest), rel=1e-9, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(est=estimates(unit="percent"))
def test_one_part_with_weight_one_is_that_part(est: Estimate) -> None:
    rs = ResultSet.from_records([attrs.evolve(obs("BE", 0), estimate=est)])
    out = adoptstats.aggregate(rs, "BE+LU", parts=["BE"], weights={"BE": 1}).records()[0]
    assert out.geo == "BE+LU"
    assert (out.estimate.value, out.estimate.lower, out.estimate.upper) == pytest.approx(
        (est.value, est.lower, est.upper)
    )
    assert out.estimate.qualifier == est.qualifier
    assert out.estimate.decimals == est.decimals


@settings(max_examples=100, deadline=None)
@given(
    parts=st.lists(st.tuples(estimates(unit="percent"), st.integers(1, 10_000)), min_size=2, max_size=4),
    data=st.data(),
)
def test_composite_interval_holds_every_weighted_mean_of_values_inside(
    parts: list[tuple[Estimate, int]], data: st.DataObject
) -> None:
    geos = ["BE", "LU", "NL", "DE"][: len(parts)]
    rs = ResultSet.from_records([attrs.evolve(obs(g, 0), estimate=e) for g, (e, _) in zip(geos, parts, strict=True)])
    weights = {g: w for g, (_, w) in zip(geos, parts, strict=True)}
    row = adoptstats.aggregate(rs, "+".join(geos), weights=weights).frame.iloc[0]
    xs = [data.draw(st.floats(e.lower, e.upper)) for e, _ in parts]
    mean = sum(x * w for x, (_, w) in zip(xs, parts, strict=True)) / sum(w for _, w in parts)
    assert row["lower"] - 1e-9 <= mean <= row["upper"] + 1e-9


def test_sum_with_an_unbounded_part_is_bounded_below() -> None:
    # Regus 2011: 4,000 UK respondents and "more than 200" in Hong Kong
    rs = ResultSet.from_records([obs("GB", 4000, unit="count"), obs("HK", 200, "more_than", unit="count")])
    est = adoptstats.aggregate(rs, "GB+HK").records()[0].estimate
    assert (est.qualifier, est.lower, est.upper, est.value) == ("more_than", 4199.5, math.inf, 4199.5)
