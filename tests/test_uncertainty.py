"""Intervals, differences, p-values and verdicts (adoptstats.uncertainty)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
)
from statsmodels.stats.proportion import (
    test_proportions_2indep as score_test_2indep,
)

from adoptstats import ComparabilityError, Estimate, RecordError
from adoptstats.testing.strategies import estimates
from adoptstats.uncertainty import (
    VERDICTS,
    decide,
    difference,
    difference_bounds,
    effective_bounds,
    holm,
    interval,
    newcombe_bounds,
    swap_verdict,
    two_proportion_pvalues,
    wilson_bounds,
)

# -- cross-checks against statsmodels ------------------------------------------------------------


@pytest.mark.parametrize(("share", "n"), [(27.0, 1276), (50.0, 200), (3.0, 4000), (0.0, 50), (100.0, 80)])
def test_wilson_matches_statsmodels_for_an_exact_share(share: float, n: int) -> None:
    lo, hi = wilson_bounds([share], [share], [n])
    ref_lo, ref_hi = proportion_confint(share / 100 * n, n, alpha=0.05, method="wilson")
    assert lo[0] == pytest.approx(100 * ref_lo)
    assert hi[0] == pytest.approx(100 * ref_hi)


def test_wilson_over_rounding_is_the_union_of_the_end_intervals() -> None:
    # "27%" stands for [26.5, 27.5]; with n = 1276 the interval joins Wilson(26.5%) and Wilson(27.5%)
    lo, hi = wilson_bounds([26.5], [27.5], [1276])
    lo_ref, _ = proportion_confint(0.265 * 1276, 1276, method="wilson")
    _, hi_ref = proportion_confint(0.275 * 1276, 1276, method="wilson")
    assert (lo[0], hi[0]) == pytest.approx((100 * lo_ref, 100 * hi_ref))
    # and the union covers every share in between
    for p in np.linspace(26.5, 27.5, 11):
        a, b = proportion_confint(p / 100 * 1276, 1276, method="wilson")
        assert lo[0] <= 100 * a + 1e-9
        assert 100 * b <= hi[0] + 1e-9


def test_wilson_leaves_rows_without_sample_size_alone() -> None:
    lo, hi = wilson_bounds([26.5, 40.0], [27.5, 100.0], [None, 500])
    assert (lo[0], hi[0]) == (26.5, 27.5)
    assert lo[1] < 40.0
    assert hi[1] == 100.0


def test_effective_bounds_widen_shares_only() -> None:
    lo, hi, widened = effective_bounds([26.5, 74.5], [27.5, 75.5], [500, 500], ["percent", "index"])
    assert widened.tolist() == [True, False]
    assert lo[0] < 26.5
    assert (lo[1], hi[1]) == (74.5, 75.5)


def test_newcombe_matches_statsmodels_for_exact_shares() -> None:
    lo, hi = newcombe_bounds([40.0], [40.0], [500], [30.0], [30.0], [800])
    ref = confint_proportions_2indep(200, 500, 240, 800, method="newcomb", compare="diff")
    assert (lo[0], hi[0]) == pytest.approx((100 * ref[0], 100 * ref[1]))


def test_newcombe_over_rounding_covers_every_corner() -> None:
    lo, hi = newcombe_bounds([39.5], [40.5], [500], [29.5], [30.5], [800])
    for pa in (39.5, 40.5):
        for pb in (29.5, 30.5):
            a, b = confint_proportions_2indep(pa / 100 * 500, 500, pb / 100 * 800, 800, method="newcomb")
            assert lo[0] <= 100 * a + 1e-9
            assert 100 * b <= hi[0] + 1e-9


def test_pvalues_match_the_statsmodels_score_test() -> None:
    p = two_proportion_pvalues([40.0, 31.0], [500, 600], [30.0, 27.0], [800, 500])
    for i, (va, na, vb, nb) in enumerate([(40, 500, 30, 800), (31, 600, 27, 500)]):
        ref = score_test_2indep(va / 100 * na, na, vb / 100 * nb, nb, method="score", compare="diff")
        assert p[i] == pytest.approx(ref.pvalue)


def test_pvalues_need_both_sample_sizes() -> None:
    p = two_proportion_pvalues([40.0, 40.0], [None, 500], [30.0, 30.0], [800, None])
    assert np.isnan(p).all()


def test_pvalue_of_identical_extreme_shares_is_one() -> None:
    assert two_proportion_pvalues([0.0, 100.0], [50, 50], [0.0, 100.0], [80, 80]).tolist() == [1.0, 1.0]


def test_holm_matches_statsmodels_and_skips_nan() -> None:
    raw = [0.01, np.nan, 0.04, 0.03]
    adjusted = holm(raw)
    _, ref, _, _ = multipletests([0.01, 0.04, 0.03], method="holm")
    assert np.isnan(adjusted[1])
    assert adjusted[[0, 2, 3]] == pytest.approx(ref)
    assert np.isnan(holm([np.nan, np.nan])).all()


# -- verdicts -----------------------------------------------------------------------------------


def test_exact_below_an_open_bound_is_certainly_lower() -> None:
    # 27% is [26.5, 27.5]; "more than 40%" is (40, 100]
    d = difference(Estimate.published(27), Estimate.published(40, qualifier="more_than"))
    assert d.verdict == "lower"
    assert (d.lower, d.upper) == (-73.5, -12.5)
    assert d.upper_open
    assert math.isnan(d.diff)  # an open-ended figure gives no point difference
    assert d.unit == "pp"
    assert d.method == "published bounds"


def test_forty_and_more_than_forty_cannot_be_told_apart() -> None:
    d = difference(Estimate.published(40), Estimate.published(40, qualifier="more_than"))
    assert d.verdict == "undetermined"


def test_touching_open_bounds_decide() -> None:
    # at most 40 vs more than 40: every value of the first is below every value of the second
    d = difference(Estimate.published(40, qualifier="at_most"), Estimate.published(40, qualifier="more_than"))
    assert d.upper == 0.0
    assert d.upper_open
    assert d.verdict == "lower"
    # at most 40 vs at least 40 may both be 40
    d = difference(Estimate.published(40, qualifier="at_most"), Estimate.published(40, qualifier="at_least"))
    assert d.verdict == "undetermined"


def test_point_difference_with_rounding() -> None:
    d = difference(Estimate.published(50), Estimate.published(27))
    assert (d.diff, d.lower, d.upper, d.verdict) == (23.0, 22.0, 24.0, "higher")
    assert math.isnan(d.p_value)


def test_indistinguishable_needs_both_sample_sizes() -> None:
    # without sample sizes, 50% vs 48% is "higher" on the published figures alone ([1, 3] pp) ...
    assert difference(Estimate.published(50), Estimate.published(48)).verdict == "higher"
    # ... a test can say more only when both sample sizes are known
    a, b = Estimate.published(50), Estimate.published(48, qualifier="approx")
    assert difference(a, b).verdict == "undetermined"
    assert difference(a, b, n_a=300).verdict == "undetermined"
    d = difference(a, b, n_a=300, n_b=300)
    assert d.verdict == "indistinguishable"
    assert d.method == "newcombe"
    assert 0.05 < d.p_value < 1


def test_large_samples_make_a_small_difference_significant() -> None:
    d = difference(Estimate.published(50), Estimate.published(45), n_a=20000, n_b=20000)
    assert d.verdict == "higher"
    assert d.p_value < 0.001


def test_rounding_can_leave_a_significant_test_undetermined() -> None:
    # "about 50%" vs "about 46%": the test at the printed values is significant with huge samples,
    # but the published intervals allow equal shares
    d = difference(
        Estimate.published(50, qualifier="approx"), Estimate.published(46, qualifier="approx"), n_a=10**6, n_b=10**6
    )
    assert d.p_value < 0.05
    assert d.lower < 0 < d.upper
    assert d.verdict == "undetermined"


def test_one_sample_size_widens_one_side() -> None:
    d = difference(Estimate.published(50), Estimate.published(27), n_a=100)
    assert d.method == "wilson + published bounds"
    assert d.lower < 22.0
    assert math.isnan(d.p_value)


def test_index_differences_are_not_tested() -> None:
    d = difference(Estimate.published(75, unit="index"), Estimate.published(112, unit="index"), n_a=500, n_b=500)
    assert d.unit == "index"
    assert d.method == "published bounds"
    assert d.verdict == "lower"


def test_decide_table() -> None:
    out = decide([1, -3, -1, -1, 0, -2], [3, -1, 1, 1, 2, 0], [False, False, False, False, True, False],
                 [False] * 5 + [True], [np.nan, np.nan, np.nan, 0.2, np.nan, np.nan])  # fmt: skip
    assert out.tolist() == ["higher", "lower", "undetermined", "indistinguishable", "higher", "lower"]
    assert decide([1], [3], p_value=[0.01]).tolist() == ["higher"]
    assert decide([1], [3], p_value=[0.2]).tolist() == ["indistinguishable"]
    assert set(VERDICTS) == {"higher", "lower", "indistinguishable", "undetermined"}


def test_interval_of_an_estimate() -> None:
    assert interval(Estimate.published(27)) == (26.5, 27.5)
    lo, hi = interval(Estimate.published(27), 1276)
    assert lo < 26.5 and hi > 27.5


@pytest.mark.parametrize("alpha", [0, 1, 1.5, -0.1, "0.05"])
def test_bad_alpha(alpha: object) -> None:
    with pytest.raises(RecordError, match="alpha"):
        difference(Estimate.published(1), Estimate.published(2), alpha=alpha)  # type: ignore[arg-type]


def test_bad_inputs() -> None:
    with pytest.raises(ComparabilityError, match="units are never mixed"):
        difference(Estimate.published(27), Estimate.published(75, unit="index"))
    with pytest.raises(RecordError, match="must be an Estimate"):
        difference(27, Estimate.published(2))  # type: ignore[arg-type]
    with pytest.raises(RecordError, match="0-100 percent"):
        wilson_bounds([0.2], [120.0], [100])
    with pytest.raises(RecordError, match="expected an Estimate"):
        interval(0.27)  # type: ignore[arg-type]


def test_difference_bounds_openness() -> None:
    lo, hi, lo_open, hi_open = difference_bounds(26.5, 27.5, 40.0, 100.0, False, False, True, False)
    assert (float(lo), float(hi), bool(lo_open), bool(hi_open)) == (-73.5, -12.5, False, True)


# -- properties ---------------------------------------------------------------------------------


def _draw_inside(data: st.DataObject, e: Estimate) -> float:
    x = data.draw(st.floats(min_value=e.lower, max_value=e.upper, allow_nan=False))
    if e.open_lower and x == e.lower:
        x = np.nextafter(x, math.inf)
    if e.open_upper and x == e.upper:
        x = np.nextafter(x, -math.inf)
    return float(x)


@settings(max_examples=200, deadline=None)
@given(a=estimates(unit="percent"), b=estimates(unit="percent"), data=st.data())
def test_difference_interval_contains_every_difference_of_values(a: Estimate, b: Estimate, data: st.DataObject) -> None:
    d = difference(a, b)
    for _ in range(5):
        x, y = _draw_inside(data, a), _draw_inside(data, b)
        if x > a.upper or y > b.upper or x < a.lower or y < b.lower:
            continue  # nudged past a degenerate open interval
        assert d.lower - 1e-9 <= x - y <= d.upper + 1e-9


@settings(max_examples=150, deadline=None)
@given(
    a=estimates(unit="percent"),
    b=estimates(unit="percent"),
    n_a=st.none() | st.integers(1, 5000),
    n_b=st.none() | st.integers(1, 5000),
)
def test_difference_is_antisymmetric(a: Estimate, b: Estimate, n_a: int | None, n_b: int | None) -> None:
    ab = difference(a, b, n_a=n_a, n_b=n_b)
    ba = difference(b, a, n_a=n_b, n_b=n_a)
    assert ab.lower == pytest.approx(-ba.upper, abs=1e-9)
    assert ab.upper == pytest.approx(-ba.lower, abs=1e-9)
    assert ab.verdict == swap_verdict(ba.verdict)
    assert (math.isnan(ab.p_value) and math.isnan(ba.p_value)) or ab.p_value == pytest.approx(ba.p_value)
    # with sample sizes the interval still covers the published bounds
    assert ab.lower <= a.lower - b.upper + 1e-9
    assert ab.upper >= a.upper - b.lower - 1e-9


@settings(max_examples=200, deadline=None)
@given(a=estimates(unit="percent"), b=estimates(unit="percent"))
def test_no_sample_size_and_overlap_never_decides(a: Estimate, b: Estimate) -> None:
    d = difference(a, b)
    overlap = max(a.lower, b.lower) < min(a.upper, b.upper) or (
        a.lower <= b.upper and b.lower <= a.upper and not (a.open_lower or a.open_upper or b.open_lower or b.open_upper)
    )
    if overlap:
        assert d.verdict == "undetermined"
    assert d.verdict != "indistinguishable"
