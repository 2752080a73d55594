"""Trends: the change per year of a geography, and when a laggard would catch up.

:func:`trend` fits a straight line through every period of one geography's figures (and
of a second geography to set it against) and returns a :class:`Trend`: the slope of each
line with its interval (a :class:`TrendLine`), which geography lags, and the first year
the laggard's line would reach the leader's at current trends.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from adoptstats._selection import (
    FloatArray,
    arrays,
    check_duplicates,
    check_one_unit,
    coerce_results,
    listing,
    select,
    what_of,
)
from adoptstats.caveats import Caveat, caveats_column, frame_caveats, sort_caveats
from adoptstats.errors import SelectionError
from adoptstats.geo import geo_name, normalize_geo
from adoptstats.i18n import tr
from adoptstats.records import Citation
from adoptstats.render.numbers import format_number, format_percent
from adoptstats.resultset import ResultSet, period_window
from adoptstats.uncertainty import DEFAULT_ALPHA, POINT_QUALIFIERS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Trend", "TrendLine", "trend"]


def _period_time(period: str) -> float:
    """Calendar time of the start of a canonical period, in years (``2010-Q2`` → 2010.25)."""
    year = int(period[:4])
    rest = period[5:]
    if not rest:
        return float(year)
    if rest[0] == "Q":
        return year + (int(rest[1]) - 1) / 4
    if rest[0] == "S":
        return year + (int(rest[1]) - 1) / 2
    if rest[0] == "W":
        return year + (int(rest[1:]) - 1) / 52
    return year + (int(rest) - 1) / 12


@attrs.frozen(kw_only=True)
class TrendLine:
    """The straight-line trend of one geography: change per year with its interval.

    ``method`` is ``"ols"`` (three or more point values: least-squares slope with its
    ``1 - alpha`` t interval, widened if needed to the slopes the rounding of the first
    and last values allows), ``"two points"`` (the slope between two values, its interval
    from their published bounds) or ``"none"`` (fewer than two point values: no slope).
    Open-ended figures ("more than 40%") bound a value but do not give one, so they are
    left out of the fit and listed in ``excluded``.
    """

    geo: str
    slope: float
    lower: float
    upper: float
    intercept: float
    points: int
    first: str | None
    last: str | None
    method: str
    unit: str
    excluded: tuple[str, ...] = ()

    def value_at(self, time: float) -> float:
        """The fitted value at a time in years (NaN without a slope)."""
        return self.intercept + self.slope * time

    @property
    def per_year_unit(self) -> str:
        """``pp`` a year for shares, else the unit of the figures."""
        return "pp" if self.unit == "percent" else self.unit


def _fit(
    geo: str, t: FloatArray, v: FloatArray, lo: FloatArray, hi: FloatArray, periods: list[str], unit: str, alpha: float
) -> TrendLine:
    n = t.shape[0]
    first = periods[0] if periods else None
    last = periods[-1] if periods else None
    if n < 2 or np.ptp(t) == 0:
        return TrendLine(
            geo=geo,
            slope=math.nan,
            lower=math.nan,
            upper=math.nan,
            intercept=math.nan,
            points=n,
            first=first,
            last=last,
            method="none",
            unit=unit,
        )
    span = t[-1] - t[0]
    bound_lo = (lo[-1] - hi[0]) / span
    bound_hi = (hi[-1] - lo[0]) / span
    if n == 2:
        slope = (v[1] - v[0]) / span
        return TrendLine(
            geo=geo,
            slope=float(slope),
            lower=float(bound_lo),
            upper=float(bound_hi),
            intercept=float(v[0] - slope * t[0]),
            points=n,
            first=first,
            last=last,
            method="two points",
            unit=unit,
        )
    from statsmodels.regression.linear_model import OLS

    design = np.column_stack([np.ones(n), t - t.mean()])
    fit = OLS(v, design).fit()
    ci = np.asarray(fit.conf_int(alpha=alpha), dtype="float64")
    slope = float(fit.params[1])
    intercept = float(fit.params[0] - slope * t.mean())
    return TrendLine(
        geo=geo,
        slope=slope,
        lower=float(min(ci[1, 0], bound_lo)),
        upper=float(max(ci[1, 1], bound_hi)),
        intercept=intercept,
        points=n,
        first=first,
        last=last,
        method="ols",
        unit=unit,
    )


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Trend:
    """Trends of one geography (and optionally another to set it against), with the catch-up year.

    ``catch_up`` is ``None`` without ``against``; otherwise the first calendar year in
    which the laggard's trend line reaches the leader's, ``"never"`` only when the slope
    intervals say so (the laggard's slope is certainly not steeper, or the lines meet only
    outside 0-100% whatever the slopes within their intervals), or ``"undetermined"``.
    ``catch_up_why`` says why it is undetermined or uncertain: ``"slopes overlap"`` (the
    fitted slopes point one way, their intervals allow the other), ``"no slope"`` (fewer
    than two point values) or ``"no laggard"`` (equal at the latest time); ``""`` when
    settled.  It is "at current trends": ``catch_up_certain`` says whether the slope
    intervals leave no doubt about the answer.  ``caveats`` holds an ``uncertain_catch_up``
    caveat when that doubt exists, and those of every figure of the series.
    """

    geo: str
    against: str | None
    concept: str | None
    indicator: str
    breakdown: str
    unit: str
    line: TrendLine
    against_line: TrendLine | None
    laggard: str | None
    leader: str | None
    catch_up: int | str | None
    catch_up_certain: bool
    catch_up_why: str
    caveats: tuple[Caveat, ...]
    meets_at: float | None
    citations: dict[str, Citation]
    frame: pd.DataFrame

    def notes_in(self, lang: str = "en") -> tuple[str, ...]:
        """Notes on the fit in ``lang``: open-ended figures left out, lines that meet outside 0-100%."""
        out = []
        for line in (self.line, self.against_line):
            if line is not None and line.excluded:
                out.append(
                    tr(
                        "Open-ended figures of {name} ({periods}) bound the value without giving it and are left "
                        "out of the fit.",
                        lang,
                        name=geo_name(line.geo, lang),
                        periods=", ".join(line.excluded),
                    )
                )
        if self.meets_at is not None:
            at = format_percent(format_number(self.meets_at, 1, lang, strip=True), lang)
            out.append(tr("The trend lines meet only at {at}, outside 0-100%.", lang, at=at))
        return tuple(out)

    @property
    def notes(self) -> tuple[str, ...]:
        """The notes on the fit in English (see :meth:`notes_in`)."""
        return self.notes_in("en")

    @property
    def slope(self) -> float:
        """Change per year of the focus geography (pp a year for shares)."""
        return self.line.slope

    def to_frame(self) -> pd.DataFrame:
        """The series: ``geo, period, time, value, lower, upper, qualifier, fitted, used, citation_id, caveats``."""
        return self.frame.copy()

    @property
    def sources(self) -> list[str]:
        """Publishers of the figures, without repeats."""
        out: list[str] = []
        for cid in self.frame["citation_id"].astype(str):
            c = self.citations.get(cid)
            if c is not None and c.publisher not in out:
                out.append(c.publisher)
        return out

    def summary(self, lang: str = "en") -> str:
        """One paragraph: the change per year of each geography and when (whether) the laggard catches up."""
        from adoptstats.render.paragraph import trend_summary

        return trend_summary(self, lang)

    def text(self, lang: str = "en") -> str:
        """The terminal table in ``lang`` (``en``, ``fr``, ``nl``, ``de``): headers, figures, verdicts and notes."""
        from adoptstats.render.text import trend_text

        return trend_text(self, lang)

    def html(self, lang: str = "en") -> str:
        """The notebook HTML block in ``lang``: the table with its caveat notes and sources."""
        from adoptstats.render.html import trend_html

        return trend_html(self, lang)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return self.__str__()

    def _repr_html_(self) -> str:
        return self.html("en")

    def plot(self, path: str | None = None, **kwargs: Any) -> Figure:
        """The series with intervals and fitted lines (see :func:`adoptstats.plot.plot_trend`)."""
        from adoptstats.plot import plot_trend

        return plot_trend(self, path=path, **kwargs)


def trend(
    results: ResultSet,
    geo: str,
    against: str | None = None,
    concept: str | None = None,
    *,
    breakdown: str | None = "total",
    since: str | int | None = None,
    until: str | int | None = None,
    alpha: float = DEFAULT_ALPHA,
) -> Trend:
    """The change per year of ``geo`` (and ``against``), and the year a laggard would catch up.

    Every period in the data (between ``since`` and ``until``) is used.  The slope is in
    percentage points a year for shares (see :class:`~adoptstats.trends.TrendLine` for how its interval is
    built).  With ``against``, :attr:`Trend.catch_up` gives the first year the laggard's
    line reaches the leader's, ``"never"`` or ``"undetermined"``.

    :raises SelectionError: when a geography has no figure or several concepts remain.
    :raises DuplicateReportsError: when a geography has several figures for one period.
    """
    rs = coerce_results(results, "trend")
    if not isinstance(geo, str):
        raise SelectionError(f"trend: geo must be a geography code or name, got {geo!r}")
    code = normalize_geo(geo)
    other = normalize_geo(against) if against is not None else None
    if other == code:
        raise SelectionError(f"trend: against is {code} itself")
    sub = select(rs, "trend", concept=concept, period=None, breakdown=breakdown, many_periods=True)
    if since is not None or until is not None:
        sub = sub[period_window(sub["period"], since, until)].reset_index(drop=True)
    wanted = [code, *([other] if other else [])]
    sub = sub[sub["geo"].isin(wanted).to_numpy()].reset_index(drop=True)
    for c in wanted:
        if not (sub["geo"] == c).any():
            raise SelectionError(
                f"trend: {geo_name(c)} ({c}) has no figure for "
                f"{concept or listing(sorted(set(what_of(rs.frame).tolist())))}"
                f"{' in the periods asked for' if since or until else ''}"
            )
    unit = check_one_unit(sub, "trend")
    check_duplicates(sub, rs.citations, "trend", ["period"])
    a = arrays(sub)
    t_all = np.array([_period_time(p) for p in a["period"]], dtype="float64")
    point = np.isin(a["qualifier"], list(POINT_QUALIFIERS))
    lines: dict[str, TrendLine] = {}
    fitted = np.full(len(sub), np.nan)
    meets_at: float | None = None
    for c in wanted:
        m = a["geo"] == c
        use = m & point
        order = np.flatnonzero(use)[np.argsort(t_all[use], kind="stable")]
        excluded = tuple(sorted(str(p) for p in a["period"][m & ~point]))
        line = _fit(
            c,
            t_all[order],
            a["value"][order],
            a["lower"][order],
            a["upper"][order],
            [str(p) for p in a["period"][order]],
            unit,
            alpha,
        )
        line = attrs.evolve(line, excluded=excluded)
        lines[c] = line
        if line.method != "none":
            fitted[m] = line.value_at(t_all[m])
    focus_line = lines[code]
    against_line = lines.get(other) if other else None
    laggard = leader = None
    catch: int | str | None = None
    certain = False
    why = ""
    if against_line is not None:
        catch = "undetermined"
        why = "no slope"
        if focus_line.method != "none" and against_line.method != "none":
            why = "no laggard"
            t_now = float(t_all[point].max())
            f_now, a_now = focus_line.value_at(t_now), against_line.value_at(t_now)
            if f_now != a_now:
                lag_line, lead_line = (focus_line, against_line) if f_now < a_now else (against_line, focus_line)
                laggard, leader = lag_line.geo, lead_line.geo
                rel = lag_line.slope - lead_line.slope
                steeper = lag_line.lower - lead_line.upper > 0  # the laggard's slope is certainly steeper
                never = lag_line.upper - lead_line.lower <= 0  # ... certainly not steeper
                certain = steeper or never
                why = "" if certain else "slopes overlap"
                if rel <= 0:
                    catch = "never" if never else "undetermined"
                else:
                    t_star = t_now + (lead_line.value_at(t_now) - lag_line.value_at(t_now)) / rel
                    meet = lead_line.value_at(t_star)
                    if unit == "percent" and not 0.0 <= meet <= 100.0:
                        catch = "never" if certain else "undetermined"
                        meets_at = meet
                    else:
                        catch = math.ceil(t_star - 1e-9)
    per_row = frame_caveats(sub, rs.citations, sample_size_matters=False)
    cavs = [c for row in per_row for c in row]
    if against_line is not None and not certain:
        cavs.append(
            Caveat(kind="uncertain_catch_up", geo=laggard, fields=(str(catch),), detail=why or "slopes overlap")
        )
    frame = pd.DataFrame(
        {
            "geo": a["geo"],
            "period": a["period"],
            "time": t_all,
            "value": a["value"],
            "lower": a["lower"],
            "upper": a["upper"],
            "qualifier": a["qualifier"],
            "fitted": fitted,
            "used": point,
            "citation_id": a["citation_id"],
            "caveats": caveats_column(per_row),
        }
    ).sort_values(["geo", "time"], kind="stable", ignore_index=True)
    return Trend(
        geo=code,
        against=other,
        concept=a["concept"][0],
        indicator=str(a["indicator"][0]),
        breakdown=str(a["breakdown"][0]),
        unit=unit,
        line=focus_line,
        against_line=against_line,
        laggard=laggard,
        leader=leader,
        catch_up=catch,
        catch_up_certain=bool(certain),
        catch_up_why=why,
        caveats=sort_caveats(cavs),
        meets_at=meets_at,
        citations=rs.citations,
        frame=frame,
    )
