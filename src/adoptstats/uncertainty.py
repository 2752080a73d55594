"""Intervals, differences and verdicts for published figures.

A published figure stands for an interval (see :class:`~adoptstats.records.Estimate`):
"27%" printed without decimals is [26.5, 27.5], "more than 40%" is (40, 100].  This
module widens such intervals by sampling error where a sample size is known, computes
intervals for differences and decides what can honestly be said about two figures.

How intervals are built
-----------------------
* **Published interval.**  From the qualifier and the published precision (the
  ``lower``/``upper`` columns of a :class:`~adoptstats.resultset.ResultSet`).
  ``more_than`` and ``less_than`` bounds are *open*: "more than 40%" excludes 40.
* **Sampling.**  Where ``sample_size`` is known for a share (unit ``percent``), the
  interval becomes the union of the Wilson score intervals of every share inside the
  published interval.  Wilson bounds grow with the observed share, so that union is
  ``[wilson_lower(lower), wilson_upper(upper)]``: the Wilson interval of the lowest
  share the rounding allows, joined with that of the highest.  It always contains the
  published interval.
* **Differences** (``a - b``, in percentage points for shares):

  - no sample size on either side: interval arithmetic on the published bounds,
    ``[lower_a - upper_b, upper_a - lower_b]`` (open where a bound it uses is open);
  - sample sizes on both sides: Newcombe's hybrid score interval
    (``statsmodels`` ``confint_proportions_2indep(method="newcomb")``), taken over the
    four corners of the two published intervals, so rounding is covered too;
  - a sample size on one side only: interval arithmetic between that side's Wilson
    interval and the other side's published interval.

* **P-values** exist only when both sample sizes are known and both figures are point
  values (``exact`` or ``approx``): the two-sided score test of ``statsmodels``
  ``test_proportions_2indep(method="score")`` at the published values.  Across several
  comparisons they are adjusted with Holm's method (``multipletests(method="holm")``).
  No sample size, no p-value: adoptstats never invents an *n*.

Verdicts
--------
``higher`` / ``lower``
    The difference interval lies entirely above (below) zero, and, when a p-value
    exists, the adjusted p-value is below ``alpha``.
``indistinguishable``
    Both sample sizes are known and the adjusted two-proportion test is not
    significant.  Said only when a test was possible.
``undetermined``
    The intervals cannot decide: they overlap and no test was possible, or the test is
    significant but the rounding of the published figures leaves room for no difference.

>>> from adoptstats.records import Estimate
>>> d = difference(Estimate.published(27), Estimate.published(40, qualifier="more_than"))
>>> d.verdict, d.upper, d.upper_open
('lower', -12.5, True)
"""

from __future__ import annotations

import warnings
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from pandas import NA as _NA

from adoptstats.errors import RecordError
from adoptstats.records import Estimate

__all__ = [
    "DEFAULT_ALPHA",
    "POINT_QUALIFIERS",
    "VERDICTS",
    "Difference",
    "Pairwise",
    "decide",
    "difference",
    "difference_bounds",
    "effective_bounds",
    "holm",
    "interval",
    "newcombe_bounds",
    "open_bounds",
    "pairwise",
    "swap_verdict",
    "two_proportion_pvalues",
    "wilson_bounds",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: The four verdicts, in the order they are documented.
VERDICTS: tuple[str, ...] = ("higher", "lower", "indistinguishable", "undetermined")
#: Significance level used unless another is given (95% intervals).
DEFAULT_ALPHA = 0.05
#: Qualifiers whose value is a point estimate (the others only bound the figure).
POINT_QUALIFIERS: frozenset[str] = frozenset({"exact", "approx"})

_SWAP = {"higher": "lower", "lower": "higher", "indistinguishable": "indistinguishable", "undetermined": "undetermined"}


def _f(values: Any) -> FloatArray:
    return np.asarray(values, dtype="float64")


def _n(sample_size: Any, length: int) -> FloatArray:
    """Sample sizes as floats, NaN where unknown (accepts None, pandas NA and Int64 arrays)."""
    if sample_size is None:
        return np.full(length, np.nan)
    if hasattr(sample_size, "to_numpy"):
        arr = sample_size.to_numpy(dtype="float64", na_value=np.nan)
    else:
        arr = np.array([np.nan if v is None or v is _NA else v for v in np.atleast_1d(sample_size)], dtype="float64")
    return np.broadcast_to(arr, (length,)).astype("float64") if arr.shape != (length,) else arr


def _check_alpha(alpha: float) -> None:
    if not (isinstance(alpha, (int, float)) and 0.0 < float(alpha) < 1.0):
        raise RecordError(f"alpha must be a number between 0 and 1 (got {alpha!r})")


def _check_percent(name: str, values: FloatArray) -> None:
    finite = values[np.isfinite(values)]
    if finite.size and (finite.min() < 0.0 or finite.max() > 100.0):
        raise RecordError(
            f"{name}: shares must lie in 0-100 percent (got values from {finite.min()} to {finite.max()})"
        )


def open_bounds(qualifier: Any) -> tuple[BoolArray, BoolArray]:
    """Which published bounds are open: ``more_than`` excludes its lower bound, ``less_than`` its upper one."""
    q = np.asarray(qualifier, dtype=object)
    return q == "more_than", q == "less_than"


def wilson_bounds(
    lower: Any, upper: Any, sample_size: Any, *, alpha: float = DEFAULT_ALPHA
) -> tuple[FloatArray, FloatArray]:
    """The published interval of a share (percent) widened by sampling error.

    For each row with a known ``sample_size`` the result is the union of the Wilson
    intervals (``statsmodels`` ``proportion_confint(method="wilson")``) of every share in
    ``[lower, upper]``: ``[wilson_lower(lower), wilson_upper(upper)]``.  Rows without a
    sample size keep their published bounds.

    >>> lo, hi = wilson_bounds([26.5], [27.5], [1276])
    >>> round(float(lo[0]), 2), round(float(hi[0]), 2)
    (24.15, 30.01)
    """
    _check_alpha(alpha)
    lo, hi = np.atleast_1d(_f(lower)).copy(), np.atleast_1d(_f(upper)).copy()
    n = _n(sample_size, lo.shape[0])
    known = np.isfinite(n) & (n > 0)
    if not known.any():
        return lo, hi
    _check_percent("wilson_bounds", np.concatenate([lo[known], hi[known]]))
    from statsmodels.stats.proportion import proportion_confint

    nk = n[known]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        w_lo, _ = proportion_confint(lo[known] / 100.0 * nk, nk, alpha=alpha, method="wilson")
        _, w_hi = proportion_confint(hi[known] / 100.0 * nk, nk, alpha=alpha, method="wilson")
    lo[known] = np.minimum(lo[known], np.clip(np.asarray(w_lo, dtype="float64") * 100.0, 0.0, 100.0))
    hi[known] = np.maximum(hi[known], np.clip(np.asarray(w_hi, dtype="float64") * 100.0, 0.0, 100.0))
    return lo, hi


def effective_bounds(
    lower: Any,
    upper: Any,
    sample_size: Any,
    unit: Any,
    *,
    alpha: float = DEFAULT_ALPHA,
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Bounds used for decisions: Wilson-widened for shares with a known sample size, else published.

    Returns ``(lower, upper, widened)``; ``widened`` marks the rows where sampling error
    was taken into account.  Only unit ``percent`` is widened (an *n* says nothing about
    the sampling error of an index or a count).
    """
    lo, hi = np.atleast_1d(_f(lower)), np.atleast_1d(_f(upper))
    n = _n(sample_size, lo.shape[0])
    units = np.broadcast_to(np.asarray(unit, dtype=object), lo.shape)
    widened = np.isfinite(n) & (units == "percent")
    if not widened.any():
        return lo.copy(), hi.copy(), widened
    w_lo, w_hi = wilson_bounds(lo, hi, np.where(widened, n, np.nan), alpha=alpha)
    return w_lo, w_hi, widened


def difference_bounds(
    lower_a: Any,
    upper_a: Any,
    lower_b: Any,
    upper_b: Any,
    lower_a_open: Any = False,
    upper_a_open: Any = False,
    lower_b_open: Any = False,
    upper_b_open: Any = False,
) -> tuple[FloatArray, FloatArray, BoolArray, BoolArray]:
    """Interval arithmetic for ``a - b``: ``[lower_a - upper_b, upper_a - lower_b]`` with openness.

    A bound of the difference is open when a bound it is computed from is open.
    """
    la, ua, lb, ub = _f(lower_a), _f(upper_a), _f(lower_b), _f(upper_b)
    lo = la - ub
    hi = ua - lb
    with np.errstate(invalid="ignore"):
        lo = np.where(np.isnan(lo), -np.inf, lo)
        hi = np.where(np.isnan(hi), np.inf, hi)
    lo_open = np.asarray(lower_a_open, dtype=bool) | np.asarray(upper_b_open, dtype=bool)
    hi_open = np.asarray(upper_a_open, dtype=bool) | np.asarray(lower_b_open, dtype=bool)
    shape = np.broadcast(lo, hi).shape
    return (
        np.broadcast_to(lo, shape).astype("float64"),
        np.broadcast_to(hi, shape).astype("float64"),
        np.broadcast_to(lo_open, shape).copy(),
        np.broadcast_to(hi_open, shape).copy(),
    )


def newcombe_bounds(
    lower_a: Any,
    upper_a: Any,
    n_a: Any,
    lower_b: Any,
    upper_b: Any,
    n_b: Any,
    *,
    alpha: float = DEFAULT_ALPHA,
) -> tuple[FloatArray, FloatArray]:
    """Newcombe's hybrid score interval for ``a - b`` (percentage points), over the rounding of both figures.

    Computed with ``statsmodels`` ``confint_proportions_2indep(method="newcomb")`` at the
    four corners of the published intervals; the result is their union.  With exact
    (unrounded) inputs (``lower == upper``) it is Newcombe's interval itself.
    """
    _check_alpha(alpha)
    la, ua, lb, ub = (np.atleast_1d(_f(v)) for v in (lower_a, upper_a, lower_b, upper_b))
    shape = np.broadcast(la, ua, lb, ub).shape
    na = _n(n_a, shape[0]) if shape else _n(n_a, 1)
    nb = _n(n_b, shape[0]) if shape else _n(n_b, 1)
    for name, arr in (
        ("newcombe_bounds", la),
        ("newcombe_bounds", ua),
        ("newcombe_bounds", lb),
        ("newcombe_bounds", ub),
    ):
        _check_percent(name, arr)
    from statsmodels.stats.proportion import confint_proportions_2indep

    lows: list[FloatArray] = []
    highs: list[FloatArray] = []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        for pa in (la, ua):
            for pb in (lb, ub):
                lo, hi = confint_proportions_2indep(
                    pa / 100.0 * na, na, pb / 100.0 * nb, nb, method="newcomb", compare="diff", alpha=alpha
                )
                lows.append(np.asarray(lo, dtype="float64") * 100.0)
                highs.append(np.asarray(hi, dtype="float64") * 100.0)
    lo_all = np.min(np.vstack(lows), axis=0)
    hi_all = np.max(np.vstack(highs), axis=0)
    # the union always holds the plain interval arithmetic of the published bounds
    lo_all = np.minimum(lo_all, la - ub)
    hi_all = np.maximum(hi_all, ua - lb)
    return np.clip(lo_all, -100.0, 100.0), np.clip(hi_all, -100.0, 100.0)


def two_proportion_pvalues(value_a: Any, n_a: Any, value_b: Any, n_b: Any) -> FloatArray:
    """Two-sided p-values of the score test for equal shares (``test_proportions_2indep(method="score")``).

    Values are in percent; rows with an unknown sample size get NaN.  Two identical
    shares at 0% or 100% (where the test statistic is undefined) get p = 1.
    """
    va, vb = np.atleast_1d(_f(value_a)), np.atleast_1d(_f(value_b))
    na, nb = _n(n_a, va.shape[0]), _n(n_b, vb.shape[0])
    out = np.full(va.shape, np.nan)
    known = np.isfinite(na) & np.isfinite(nb) & np.isfinite(va) & np.isfinite(vb)
    if not known.any():
        return out
    _check_percent("two_proportion_pvalues", np.concatenate([va[known], vb[known]]))
    from statsmodels.stats.proportion import test_proportions_2indep

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        res = test_proportions_2indep(
            va[known] / 100.0 * na[known],
            na[known],
            vb[known] / 100.0 * nb[known],
            nb[known],
            method="score",
            compare="diff",
        )
    p = np.atleast_1d(np.asarray(res.pvalue, dtype="float64"))
    same = va[known] == vb[known]
    p = np.where(np.isnan(p) & same, 1.0, p)
    out[known] = np.clip(p, 0.0, 1.0)
    return out


def holm(pvalues: Any) -> FloatArray:
    """Holm-adjusted p-values (``multipletests(method="holm")``); NaN entries stay NaN and are not counted."""
    p = np.atleast_1d(_f(pvalues)).copy()
    ok = ~np.isnan(p)
    if ok.sum() == 0:
        return p
    from statsmodels.stats.multitest import multipletests

    _, adjusted, _, _ = multipletests(p[ok], method="holm")
    p[ok] = np.asarray(adjusted, dtype="float64")
    return p


def decide(
    diff_lower: Any,
    diff_upper: Any,
    diff_lower_open: Any = False,
    diff_upper_open: Any = False,
    p_value: Any = np.nan,
    *,
    alpha: float = DEFAULT_ALPHA,
) -> npt.NDArray[np.object_]:
    """Verdicts for differences ``a - b`` (see the module documentation for the rules)."""
    _check_alpha(alpha)
    lo, hi = np.atleast_1d(_f(diff_lower)), np.atleast_1d(_f(diff_upper))
    shape = np.broadcast(lo, hi).shape
    lo_open = np.broadcast_to(np.asarray(diff_lower_open, dtype=bool), shape)
    hi_open = np.broadcast_to(np.asarray(diff_upper_open, dtype=bool), shape)
    p = np.broadcast_to(_f(p_value), shape)
    above = (lo > 0) | ((lo == 0) & lo_open)
    below = (hi < 0) | ((hi == 0) & hi_open)
    tested = ~np.isnan(p)
    significant = tested & (p < alpha)
    out = np.full(shape, "undetermined", dtype=object)
    # an empty interval (e.g. "less than 0%") is both above and below: nothing can be said
    out[above & ~below & (~tested | significant)] = "higher"
    out[below & ~above & (~tested | significant)] = "lower"
    out[tested & ~significant] = "indistinguishable"
    return out


def swap_verdict(verdict: str) -> str:
    """The verdict seen from the other side (``higher`` ↔ ``lower``)."""
    return _SWAP[verdict]


@attrs.frozen(kw_only=True)
class Difference:
    """The difference ``a - b`` between two figures, with its interval, verdict and p-value.

    ``method`` says how the interval was built: ``"published bounds"``, ``"newcombe"`` or
    ``"wilson + published bounds"``.  ``diff`` is NaN when either figure only bounds
    the true value ("more than 40%"); the interval still holds what is known.
    """

    diff: float
    lower: float
    upper: float
    lower_open: bool
    upper_open: bool
    verdict: str
    p_value: float
    method: str
    unit: str

    def contains(self, value: float) -> bool:
        """Whether a difference value lies inside the interval (respecting open bounds)."""
        above_lo = value > self.lower or (value == self.lower and not self.lower_open)
        below_hi = value < self.upper or (value == self.upper and not self.upper_open)
        return above_lo and below_hi


def interval(
    estimate: Estimate, sample_size: int | None = None, *, alpha: float = DEFAULT_ALPHA
) -> tuple[float, float]:
    """The interval a figure stands for: published bounds, Wilson-widened when ``sample_size`` is known."""
    if not isinstance(estimate, Estimate):
        raise RecordError(f"interval: expected an Estimate, got {type(estimate).__name__}")
    lo, hi, _ = effective_bounds([estimate.lower], [estimate.upper], [sample_size], [estimate.unit], alpha=alpha)
    return float(lo[0]), float(hi[0])


@attrs.frozen(kw_only=True, eq=False)
class Pairwise:
    """Vectorised differences ``a - b``, one element per pair of rows (see :func:`pairwise`).

    ``diff`` is NaN where either figure is open-ended; ``method`` says how each interval was
    built; ``p_raw`` is the unadjusted two-proportion p-value (NaN without both sample
    sizes); ``lower_a`` .. ``upper_b`` are the figures' intervals as used (Wilson-widened
    where a sample size is known).
    """

    diff: FloatArray
    diff_lower: FloatArray
    diff_upper: FloatArray
    diff_lower_open: BoolArray
    diff_upper_open: BoolArray
    method: npt.NDArray[np.object_]
    p_raw: FloatArray
    ratio: FloatArray
    ratio_lower: FloatArray
    ratio_upper: FloatArray
    lower_a: FloatArray
    upper_a: FloatArray
    lower_b: FloatArray
    upper_b: FloatArray


def pairwise(
    *,
    value_a: FloatArray,
    lower_a: FloatArray,
    upper_a: FloatArray,
    qualifier_a: npt.NDArray[np.object_],
    n_a: FloatArray,
    value_b: FloatArray,
    lower_b: FloatArray,
    upper_b: FloatArray,
    qualifier_b: npt.NDArray[np.object_],
    n_b: FloatArray,
    unit: str,
    alpha: float,
) -> Pairwise:
    """Vectorised ``a - b`` for rows of the same unit: point difference, interval, method, raw p-value, ratio.

    Every argument is an array with one element per pair (``n_a``/``n_b`` NaN where no
    sample size is known); ``unit`` is the unit of every figure.
    """
    la_open, ua_open = open_bounds(qualifier_a)
    lb_open, ub_open = open_bounds(qualifier_b)
    point_a = np.isin(qualifier_a, list(POINT_QUALIFIERS))
    point_b = np.isin(qualifier_b, list(POINT_QUALIFIERS))
    is_pct = unit == "percent"
    has_a = np.isfinite(n_a) & is_pct
    has_b = np.isfinite(n_b) & is_pct

    # start from interval arithmetic on the (possibly Wilson-widened) bounds
    ea_lo, ea_hi = (
        (wilson_bounds(lower_a, upper_a, np.where(has_a, n_a, np.nan), alpha=alpha))
        if is_pct
        else (
            lower_a.copy(),
            upper_a.copy(),
        )
    )
    eb_lo, eb_hi = (
        (wilson_bounds(lower_b, upper_b, np.where(has_b, n_b, np.nan), alpha=alpha))
        if is_pct
        else (
            lower_b.copy(),
            upper_b.copy(),
        )
    )
    dlo, dhi, dlo_open, dhi_open = difference_bounds(
        ea_lo, ea_hi, eb_lo, eb_hi, la_open & ~has_a, ua_open & ~has_a, lb_open & ~has_b, ub_open & ~has_b
    )
    method = np.full(value_a.shape, "published bounds", dtype=object)
    method[has_a ^ has_b] = "wilson + published bounds"
    both = has_a & has_b
    if both.any():
        n_lo, n_hi = newcombe_bounds(
            lower_a[both], upper_a[both], n_a[both], lower_b[both], upper_b[both], n_b[both], alpha=alpha
        )
        dlo[both], dhi[both] = n_lo, n_hi
        dlo_open[both] = False
        dhi_open[both] = False
        method[both] = "newcombe"
    p = np.full(value_a.shape, np.nan)
    testable = both & point_a & point_b
    if testable.any():
        p[testable] = two_proportion_pvalues(value_a[testable], n_a[testable], value_b[testable], n_b[testable])
    points = point_a & point_b
    diff = np.where(points, value_a - value_b, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(points & (value_b != 0), value_a / np.where(value_b == 0, np.nan, value_b), np.nan)
        ratio_lo = np.where(eb_hi > 0, ea_lo / np.where(eb_hi > 0, eb_hi, np.nan), np.nan)
        ratio_hi = np.where(eb_lo > 0, ea_hi / np.where(eb_lo > 0, eb_lo, np.nan), np.inf)
    if unit not in ("percent", "count"):
        ratio_lo = np.full(value_a.shape, np.nan)
        ratio_hi = np.full(value_a.shape, np.nan)
    return Pairwise(
        diff=diff,
        diff_lower=dlo,
        diff_upper=dhi,
        diff_lower_open=dlo_open,
        diff_upper_open=dhi_open,
        method=method,
        p_raw=p,
        ratio=ratio,
        ratio_lower=ratio_lo,
        ratio_upper=ratio_hi,
        lower_a=ea_lo,
        upper_a=ea_hi,
        lower_b=eb_lo,
        upper_b=eb_hi,
    )


def difference(
    a: Estimate,
    b: Estimate,
    *,
    n_a: int | None = None,
    n_b: int | None = None,
    alpha: float = DEFAULT_ALPHA,
) -> Difference:
    """The difference ``a - b`` between two published figures, with interval, p-value and verdict.

    >>> from adoptstats.records import Estimate
    >>> d = difference(Estimate.published(50), Estimate.published(27))
    >>> d.diff, d.lower, d.upper, d.verdict
    (23.0, 22.0, 24.0, 'higher')
    >>> difference(Estimate.published(50), Estimate.published(48), n_a=300, n_b=300).verdict
    'indistinguishable'

    :raises ComparabilityError: when the two figures have different units.
    """
    from adoptstats.errors import ComparabilityError

    for name, est in (("a", a), ("b", b)):
        if not isinstance(est, Estimate):
            raise RecordError(f"difference: {name} must be an Estimate, got {type(est).__name__}")
    if a.unit != b.unit:
        raise ComparabilityError(f"difference: cannot subtract {b.unit!r} from {a.unit!r}; units are never mixed")
    _check_alpha(alpha)
    res = pairwise(
        value_a=np.array([a.value]),
        lower_a=np.array([a.lower]),
        upper_a=np.array([a.upper]),
        qualifier_a=np.array([a.qualifier], dtype=object),
        n_a=np.array([np.nan if n_a is None else float(n_a)]),
        value_b=np.array([b.value]),
        lower_b=np.array([b.lower]),
        upper_b=np.array([b.upper]),
        qualifier_b=np.array([b.qualifier], dtype=object),
        n_b=np.array([np.nan if n_b is None else float(n_b)]),
        unit=a.unit,
        alpha=alpha,
    )
    verdict = decide(res.diff_lower, res.diff_upper, res.diff_lower_open, res.diff_upper_open, res.p_raw, alpha=alpha)
    return Difference(
        diff=float(res.diff[0]),
        lower=float(res.diff_lower[0]),
        upper=float(res.diff_upper[0]),
        lower_open=bool(res.diff_lower_open[0]),
        upper_open=bool(res.diff_upper_open[0]),
        verdict=str(verdict[0]),
        p_value=float(res.p_raw[0]),
        method=str(res.method[0]),
        unit="pp" if a.unit == "percent" else a.unit,
    )
