"""Charts of comparisons and trends (needs the ``plot`` extra: matplotlib).

Charts are drawn on a :class:`matplotlib.figure.Figure` created directly (no
``pyplot``, no global state, no display needed), so they work on servers and in tests
with any backend.  Every chart shows the intervals, draws open-ended figures ("more
than 40%") as arrows rather than as points, and names its sources under the plot.

>>> fig = comparison.plot("belux.png")  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adoptstats._selection import concept_label
from adoptstats.errors import QueryError
from adoptstats.geo import geo_name
from adoptstats.i18n import check_lang, ptr, tr
from adoptstats.render.notes import caveat_notes, markers, row_markers
from adoptstats.render.paragraph import row_text
from adoptstats.render.verdicts import verdict_word

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from adoptstats.comparison import Comparison
    from adoptstats.profiles import Profile
    from adoptstats.ranking import RankTable
    from adoptstats.trends import Trend

__all__ = ["STANDING_COLOURS", "plot_comparison", "plot_profile", "plot_rank", "plot_trend"]

_FORMATS = (".png", ".svg", ".pdf")
_FOCUS = "#c0392b"
_OTHER = "#34495e"
_BENCH = "#7f8c8d"


def _matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:  # pragma: no cover - the test environment has matplotlib
        from adoptstats.install import extra_advice

        raise ImportError(f"adoptstats.plot needs matplotlib: {extra_advice('plot', 'matplotlib')}") from exc


def _check_path(path: str | Path | None) -> Path | None:
    if path is None:
        return None
    p = Path(path)
    if p.suffix.lower() not in _FORMATS:
        raise QueryError(f"plot: cannot save to {str(path)!r}; use a file name ending in {', '.join(_FORMATS)}")
    return p


def _new_figure(ax: Axes | None, width: float, height: float) -> tuple[Figure, Axes]:
    if ax is not None:
        fig = ax.get_figure()
        if fig is None:  # pragma: no cover - an Axes always belongs to a figure
            raise QueryError("plot: the axes given belong to no figure")
        return fig, ax  # type: ignore[return-value]
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


@functools.cache
def _font_charmap() -> frozenset[int]:
    """Code points the default font can draw."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties())
    return frozenset(FT2Font(path).get_charmap())


def _drawable(text: str) -> str:
    """``text`` without the characters the chart's font cannot draw (no boxes in the chart).

    ``"日本の人事部 (jinjibu.jp)"`` becomes ``"jinjibu.jp"``.
    """
    charmap = _font_charmap()
    kept = "".join(ch for ch in text if ord(ch) in charmap or ch in "\n")
    if kept == text:
        return text
    kept = re.sub(r"\(\s*\)", "", kept)
    kept = re.sub(r"^\s*\((.*)\)\s*$", r"\1", kept.strip())
    return " ".join(kept.split())


def _footer(fig: Figure, sources: list[str], note: str, lang: str) -> None:
    shown = [s for s in (_drawable(src) for src in sources) if s]
    width = max(40, int(fig.get_figwidth() * 17))
    text = textwrap.fill(tr("Sources: {sources}", lang, sources=", ".join(shown)), width) if shown else ""
    if note:
        note = "\n".join(textwrap.fill(part, width) for part in note.split("\n"))
        text = f"{text}\n{note}" if text else note
    if text:
        fig.supxlabel(text, fontsize=7, color="#555555", ha="left", x=0.01)


def _unit_label(unit: str, lang: str) -> str:
    """The value axis's label: ``%``, ``index`` or ``count`` in ``lang``."""
    if unit == "percent":
        return "%"
    if unit == "index":
        return ptr("axis", "index", lang)
    if unit == "count":
        return ptr("axis", "count", lang)
    return unit


def _bars_show(intervals: list[tuple[float, float]], x_min: float, x_max: float, width: float, dot: float) -> bool:
    """Whether any interval drawn as a bar reaches out from under its dot (``dot`` points wide).

    The plot area is taken as three quarters of the figure's ``width`` (inches); a bar
    of ±0.5 on a 0-100 axis is a few points long and hides under a dot.
    """
    span = x_max - x_min
    if span <= 0:
        return False
    points = width * 72 * 0.75
    return any(math.isfinite(lo) and math.isfinite(hi) and (hi - lo) / span * points > dot + 2 for lo, hi in intervals)


def _notes(parts: list[str], notes: list[Any]) -> str:
    """The chart's caption: its sentences on one line, then one line per numbered caveat note."""
    return "\n".join([" ".join(parts), *(f"[{n.number}] {n.text}" for n in notes)]).strip("\n")


def _save(fig: Figure, path: Path | None) -> None:
    if path is not None:
        fig.savefig(path, format=path.suffix.lower().lstrip("."), dpi=150)


def plot_comparison(
    comparison: Comparison,
    path: str | Path | None = None,
    *,
    ax: Axes | None = None,
    lang: str = "en",
    title: str | None = None,
    width: float = 7.0,
) -> Figure:
    """A dot chart of a :class:`~adoptstats.comparison.Comparison`: one line per geography.

    Each geography shows its published value (a dot) and its interval (a bar:
    rounding, qualifiers and, where a sample size is known, Wilson 95%; the caption
    mentions the bars only when one shows beyond its dot).  Open-ended
    figures are drawn as an arrow from their bound towards the open side, with a hollow
    marker at the bound when the bound itself is excluded ("more than") and a filled one
    when it is included ("at least").  The focus is highlighted, the benchmark drawn in grey, and the
    sources are written under the chart.  With ``path`` the figure is also saved (PNG,
    SVG or PDF, by extension).
    """
    _matplotlib()
    target = _check_path(path)
    check_lang(lang)
    shown = comparison.to_frame()
    est = comparison.focus_estimate
    rows: list[dict[str, Any]] = [
        {
            "geo": comparison.focus,
            "value": est.value,
            "lower": comparison.focus_lower,
            "upper": comparison.focus_upper,
            "qualifier": est.qualifier,
            "text": est.text(lang),
            "kind": "focus",
        }
    ]
    full = comparison.frame.set_index("geo")
    for rec in shown.to_dict("records"):
        r: dict[str, Any] = {str(k): v for k, v in rec.items()}
        rows.append(
            {
                "geo": r["geo"],
                "value": r["value"],
                "lower": r["lower"],
                "upper": r["upper"],
                "qualifier": r["qualifier"],
                "text": row_text(full.loc[r["geo"]], lang),
                "kind": "benchmark" if r["benchmark"] else "other",
            }
        )
    rows.sort(key=lambda r: (r["value"], r["geo"]))
    notes = caveat_notes(comparison.caveats, lang)
    for r in rows:
        mark = markers(r["geo"], notes)
        r["text"] = f"{r['text']} {mark}" if mark else r["text"]
    fig, axes = _new_figure(ax, width, 0.9 + 0.42 * len(rows))

    percent = comparison.unit == "percent"
    finite = [v for r in rows for v in (r["lower"], r["upper"], r["value"]) if math.isfinite(v)]
    closed_hi = [r["upper"] for r in rows if r["qualifier"] not in ("more_than", "at_least")]
    closed_lo = [r["lower"] for r in rows if r["qualifier"] not in ("less_than", "at_most")]
    lo_lim = min(closed_lo or finite)
    hi_lim = max(closed_hi + [r["value"] for r in rows])
    span = max(hi_lim - lo_lim, 1.0)
    x_min, x_max = lo_lim - 0.25 * span, hi_lim + 0.45 * span
    if percent:
        x_min, x_max = max(0.0, x_min), min(100.0, x_max)
    for y, r in enumerate(rows):
        color = _FOCUS if r["kind"] == "focus" else _BENCH if r["kind"] == "benchmark" else _OTHER
        q = r["qualifier"]
        if q in ("more_than", "at_least"):
            axes.annotate(
                "",
                xy=(x_max, y),
                xytext=(r["value"], y),
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2},
            )
            face = "white" if q == "more_than" else color  # hollow: the bound itself is excluded
            axes.plot([r["value"]], [y], marker="o", mfc=face, mec=color, ms=8, mew=2, ls="none")
        elif q in ("less_than", "at_most"):
            axes.annotate(
                "",
                xy=(x_min, y),
                xytext=(r["value"], y),
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2},
            )
            face = "white" if q == "less_than" else color
            axes.plot([r["value"]], [y], marker="o", mfc=face, mec=color, ms=8, mew=2, ls="none")
        else:
            axes.plot([r["lower"], r["upper"]], [y, y], color=color, lw=4, alpha=0.45, solid_capstyle="butt")
            axes.plot([r["value"]], [y], marker="o", color=color, ms=8, ls="none")
        label_x = r["upper"] if q not in ("more_than", "at_least") else r["value"]
        axes.annotate(
            r["text"],
            xy=(min(label_x, x_max), y),
            xytext=(6, 7),
            textcoords="offset points",
            fontsize=8,
            color=color,
            fontweight="bold" if r["kind"] == "focus" else "normal",
        )
    axes.set_yticks(range(len(rows)))
    labels = axes.set_yticklabels([f"{geo_name(r['geo'], lang)}" for r in rows])
    for label, r in zip(labels, rows, strict=True):
        if r["kind"] == "focus":
            label.set_color(_FOCUS)
            label.set_fontweight("bold")
        elif r["kind"] == "benchmark":
            label.set_fontstyle("italic")
    axes.set_xlim(x_min, x_max)
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.set_xlabel(_unit_label(comparison.unit, lang))
    axes.grid(axis="x", color="#dddddd", lw=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    what = concept_label(comparison.concept, comparison.indicator, lang)
    axes.set_title(
        title or tr("{concept}, {period}", lang, concept=what, period=comparison.period), fontsize=10, loc="left"
    )
    open_ended = ("more_than", "at_least", "less_than", "at_most")
    bars = [(r["lower"], r["upper"]) for r in rows if r["qualifier"] not in open_ended]
    parts = []
    if _bars_show(bars, x_min, x_max, fig.get_figwidth(), 8):
        parts.append(tr("Bars: published rounding and qualifiers (Wilson 95% where n is known).", lang))
    if any(r["qualifier"] in open_ended for r in rows):
        parts.append(tr("Arrows: 'more than' / 'less than'.", lang))
    _footer(fig, comparison.sources, _notes(parts, notes), lang)
    _save(fig, target)
    return fig


def plot_trend(
    trend: Trend,
    path: str | Path | None = None,
    *,
    ax: Axes | None = None,
    lang: str = "en",
    title: str | None = None,
    width: float = 7.0,
    height: float = 4.0,
) -> Figure:
    """The series of a :class:`~adoptstats.trends.Trend` with intervals, fitted lines and the catch-up point.

    Point values are dots with their interval; open-ended values are arrows; each
    fitted line is drawn over its data, and, when the laggard catches up at current
    trends, both lines are extended (dashed) to the catch-up year.
    """
    _matplotlib()
    target = _check_path(path)
    check_lang(lang)
    fig, axes = _new_figure(ax, width, height)
    frame = trend.to_frame()
    colors = {trend.geo: _FOCUS}
    if trend.against is not None:
        colors[trend.against] = _OTHER
    lines = [trend.line, *([trend.against_line] if trend.against_line is not None else [])]
    t_end = float(frame["time"].max())
    if isinstance(trend.catch_up, int):
        t_end = max(t_end, float(trend.catch_up))
    drawn_lines = dashed = False
    for line in lines:
        color = colors[line.geo]
        part = frame[frame["geo"] == line.geo]
        used = part[part["used"]]
        axes.vlines(used["time"], used["lower"], used["upper"], color=color, lw=3, alpha=0.4)
        axes.plot(used["time"], used["value"], "o", color=color, label=geo_name(line.geo, lang))
        for rec in part[~part["used"]].to_dict("records"):
            up = rec["qualifier"] in ("more_than", "at_least")
            axes.annotate(
                "",
                xy=(rec["time"], rec["value"] + (6 if up else -6)),
                xytext=(rec["time"], rec["value"]),
                arrowprops={"arrowstyle": "-|>", "color": color},
            )
            axes.plot([rec["time"]], [rec["value"]], marker="o", mfc="white", mec=color, ms=7, mew=2, ls="none")
        if line.method != "none":
            t0 = float(used["time"].min())
            t1 = float(used["time"].max())
            axes.plot([t0, t1], [line.value_at(t0), line.value_at(t1)], color=color, lw=1.5)
            drawn_lines = True
            if t_end > t1:
                axes.plot([t1, t_end], [line.value_at(t1), line.value_at(t_end)], color=color, lw=1, ls="--")
                dashed = True
    if isinstance(trend.catch_up, int) and trend.leader is not None:
        lead = trend.against_line if trend.leader == trend.against else trend.line
        if lead is not None:
            y = lead.value_at(float(trend.catch_up))
            axes.annotate(
                tr("catch-up {year}", lang, year=trend.catch_up),
                xy=(trend.catch_up, y),
                xytext=(-10, 10),
                textcoords="offset points",
                ha="right",
                fontsize=8,
            )
            axes.plot([trend.catch_up], [y], marker="x", color="black", ms=8)
    axes.set_ylabel(_unit_label(trend.unit, lang))
    axes.grid(color="#dddddd", lw=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, fontsize=8)
    axes.set_title(title or concept_label(trend.concept, trend.indicator, lang), fontsize=10, loc="left")
    parts = []
    if drawn_lines:
        parts.append(tr("Lines: straight-line trend.", lang))
    if dashed:
        parts.append(tr("Dashes: extended at current trends.", lang))
    _footer(fig, trend.sources, _notes(parts, caveat_notes(trend.caveats, lang)), lang)
    _save(fig, target)
    return fig


#: Colours of the line joining focus and benchmark, by how the focus stands.
STANDING_COLOURS = {
    "ahead": "#1e8449",
    "behind": "#c0392b",
    "indistinguishable": "#7f8c8d",
    "undetermined": "#d4ac0d",
}


def plot_profile(
    profile: Profile,
    path: str | Path | None = None,
    *,
    ax: Axes | None = None,
    lang: str = "en",
    title: str | None = None,
    width: float = 8.0,
) -> Figure:
    """A dumbbell chart of a :class:`~adoptstats.profiles.Profile`: one line per concept and benchmark.

    The focus is a filled dot, the benchmark a hollow one, each with its interval as a
    bar; the line between them is coloured by how the focus stands (ahead, behind,
    indistinguishable, undetermined).  Rows with caveats carry the numbers of their notes
    (``[1, 3]``, written under the chart, as in ``Profile.caveat_lines()``) and the period
    is written beside each concept.  With ``path`` the figure is also saved (PNG, SVG or
    PDF, by extension).
    """
    _matplotlib()
    target = _check_path(path)
    check_lang(lang)
    frame = profile.to_frame().assign(caveat_list=list(profile.frame["caveat_list"]))
    notes = caveat_notes(profile.caveats, lang)
    several = len(profile.against) > 1
    fig, axes = _new_figure(ax, width, 1.3 + 0.42 * max(len(frame), 1))
    rows = list(reversed(frame.to_dict("records")))
    drawn: list[tuple[float, float]] = []
    for y, r in enumerate(rows):
        colour = STANDING_COLOURS.get(str(r["standing"]), _BENCH)
        axes.plot([r["focus_value"], r["value"]], [y, y], color=colour, lw=2.5, alpha=0.8, zorder=1)
        for lo, hi, colour_i in ((r["focus_lower"], r["focus_upper"], _FOCUS), (r["lower"], r["upper"], _OTHER)):
            lo = max(lo, 0.0) if math.isfinite(lo) else 0.0
            hi = min(hi, 100.0) if math.isfinite(hi) else 100.0
            drawn.append((lo, hi))
            axes.plot([lo, hi], [y + 0.18, y + 0.18], color=colour_i, lw=3, alpha=0.5, solid_capstyle="butt")
        axes.plot([r["focus_value"]], [y], marker="o", color=_FOCUS, ms=9, ls="none", zorder=3)
        axes.plot([r["value"]], [y], marker="o", mfc="white", mec=_OTHER, mew=2, ms=9, ls="none", zorder=3)
        axes.annotate(
            verdict_word(str(r["standing"]), lang),
            xy=(max(r["focus_value"], r["value"]), y),
            xytext=(8, -3),
            textcoords="offset points",
            fontsize=7,
            color=colour,
        )
    labels = []
    for r in rows:
        label = concept_label(str(r["concept"]), str(r["concept"]), lang)
        mark = row_markers(r["caveat_list"], notes)
        label = _drawable(f"{label} ({r['period']})" + (f" {mark}" if mark else ""))
        against = tr("vs {benchmark}", lang, benchmark=r["benchmark"])
        labels.append(f"{label}\n{against}" if several else label)
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels(labels, fontsize=8)
    axes.set_ylim(-0.7, max(len(rows), 1) - 0.3)
    percent = all(str(u) == "percent" for u in frame["unit"])
    if percent:
        axes.set_xlim(0, 100)
    axes.set_xlabel(_unit_label(str(frame["unit"].iloc[0]), lang) if len(frame) else "")
    axes.grid(axis="x", color="#dddddd", lw=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    focus = geo_name(profile.focus, lang)
    benches = ", ".join(geo_name(b, lang) for b in profile.against)
    default = tr("{focus} (●) against {benchmarks} (○)", lang, focus=focus, benchmarks=benches)
    axes.set_title(textwrap.fill(_drawable(title or default), 60), fontsize=10, loc="left")
    parts = []
    if _bars_show(drawn, *axes.get_xlim(), width, 9):
        parts.append(tr("Bars: published intervals.", lang))
    if any(row_markers(r["caveat_list"], notes) for r in rows):
        parts.append(tr("[n]: caveats below.", lang))
    parts.append(tr("Period: the latest both sides share, per concept.", lang))
    _footer(fig, list(dict.fromkeys(c.publisher for c in profile.sources())), _notes(parts, notes), lang)
    _save(fig, target)
    return fig


def plot_rank(
    table: RankTable,
    path: str | Path | None = None,
    *,
    ax: Axes | None = None,
    lang: str = "en",
    title: str | None = None,
    width: float = 7.0,
) -> Figure:
    """A dot chart of a :class:`~adoptstats.RankTable`, best rank on top, with each interval as a bar.

    A table of several groups (concepts, periods, breakdowns) draws its first group and
    says so under the chart.
    """
    _matplotlib()
    target = _check_path(path)
    check_lang(lang)
    frame = table.to_frame()
    keys = ["concept", "indicator", "period", "breakdown"]
    first = frame.iloc[0] if len(frame) else None
    if first is not None:
        same = (frame[keys].astype(str) == first[keys].astype(str)).all(axis=1)
        frame = frame[same]
    rows = list(reversed(frame.to_dict("records")))
    fig, axes = _new_figure(ax, width, 1.1 + 0.36 * max(len(rows), 1))
    drawn: list[tuple[float, float]] = []
    for y, r in enumerate(rows):
        lo = r["lower"] if math.isfinite(r["lower"]) else 0.0
        hi = r["upper"] if math.isfinite(r["upper"]) else 100.0
        drawn.append((lo, hi))
        axes.plot([lo, hi], [y, y], color=_OTHER, lw=4, alpha=0.45, solid_capstyle="butt")
        axes.plot([r["value"]], [y], marker="o", color=_OTHER, ms=7, ls="none")
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels([_drawable(f"{r['rank']}. {geo_name(str(r['geo']), lang)}") for r in rows], fontsize=8)
    axes.set_ylim(-0.7, max(len(rows), 1) - 0.3)
    axes.grid(axis="x", color="#dddddd", lw=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    parts = []
    if first is not None:
        concept = first["concept"] if isinstance(first["concept"], str) else None
        what = concept_label(concept, str(first["indicator"]), lang)
        axes.set_title(
            _drawable(title or tr("{concept}, {period}", lang, concept=what, period=first["period"])),
            fontsize=10,
            loc="left",
        )
        axes.set_xlabel(_unit_label(str(first["unit"]), lang))
        if _bars_show(drawn, *axes.get_xlim(), width, 7):
            parts.append(tr("Bars: published intervals.", lang))
    if table.groups > 1:
        parts.append(tr("First group only.", lang))
    note = " ".join(parts)
    publishers = [table.citations[str(c)].publisher for c in frame["citation_id"] if str(c) in table.citations]
    _footer(fig, list(dict.fromkeys(publishers)), note, lang)
    _save(fig, target)
    return fig
