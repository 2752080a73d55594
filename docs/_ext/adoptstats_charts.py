"""Charts and reports drawn with adoptstats when the documentation is built.

The home page shows the Belgian comparison of the Regus survey of 2010 and the tutorial
ends on a trend chart of Eurostat's published figures.  Both are drawn here, at build time,
from the installed plugins and the tutorial's CSV file, with the same calls the pages show,
so that a chart can never disagree with the code beside it.

The ICT profile of Belgium (tutorial) is drawn as a chart and also written as the
self-contained HTML report that ``adoptstats profile --html`` writes; the HTML builder copies
that page to ``_reports/`` in its output, where the reports page shows it.

The PNG files go to ``docs/_generated/``, a folder the build creates with a ``.gitignore``
of its own; a file is rewritten only when its bytes change, so unchanged charts do not make
Sphinx read the pages again.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from sphinx.application import Sphinx

import adoptstats

#: Folder, inside the documentation's source folder, that receives the charts.
GENERATED = "_generated"


def belgium_2010(docs: Path) -> Figure:
    """The home page's chart: the Belgian comparison of the Regus survey of 2010, as the library sees it.

    Above, each figure with its interval (:meth:`Comparison.plot`); below, Belgium-Luxembourg
    minus each other geography in percentage points, with the interval of the difference
    and the verdict, all read from :meth:`Comparison.to_frame`.
    """
    from matplotlib.figure import Figure as MplFigure

    regus = adoptstats.fetch("regus", concept="social_media.customer_acquisition", period=2010, breakdown="total")
    resolved = adoptstats.reconcile(regus).resolved
    comparison = adoptstats.compare(resolved, focus="Belux", against=["Mexique", "Espagne", "Pays-Bas", "Monde"])
    fig = MplFigure(figsize=(7.5, 7.0), layout="constrained")
    left, right = fig.subplots(2, 1)  # the figures above, the differences below
    comparison.plot(ax=left, title="Published figures and their intervals (%)")
    _differences(right, comparison)
    world = regus.filter(geo="WORLD").to_frame(with_citations=True)
    open_ended = world[world["qualifier"] == "more_than"]
    chosen = resolved.filter(geo="WORLD").to_frame(with_citations=True).iloc[0]
    if len(open_ended):  # why the world is drawn at 40 when a newspaper wrote "more than 40"
        who = " and ".join(sorted(set(open_ended["publisher"])))
        right.annotate(
            f'World: {who} wrote "more than {open_ended["value"].iloc[0]:g}%"; the figure kept is\n'
            f"{chosen['publisher']}'s own report, {chosen['value']:g}% (reconcile: the survey owner's report first)",
            xy=(0, 0),
            xycoords="axes fraction",
            xytext=(0, -38),
            textcoords="offset points",
            fontsize=7,
            color="#555555",
            va="top",
        )
    return fig


def _differences(ax: Axes, comparison: adoptstats.Comparison) -> None:
    """Belgium-Luxembourg minus each geography: dot, interval bar, zero line, the verdict and the caveat notes.

    The bracketed numbers are those of the notes :meth:`Comparison.plot` writes under the chart.
    """
    from adoptstats.render.notes import caveat_notes, markers

    notes = caveat_notes(comparison.caveats)
    rows = comparison.to_frame().sort_values(["diff", "geo"]).reset_index(drop=True)
    focus = adoptstats.geo_name(comparison.focus)
    colours = {"lower": "#c0392b", "higher": "#27ae60", "indistinguishable": "#7f8c8d", "undetermined": "#e67e22"}
    for y, row in rows.iterrows():
        colour = colours.get(str(row["verdict"]), "#34495e")
        ax.plot([row["diff_lower"], row["diff_upper"]], [y, y], color=colour, lw=4, alpha=0.45, solid_capstyle="butt")
        ax.plot([row["diff"]], [y], "o", color=colour, ms=7)
        ax.annotate(
            f"{row['verdict']}: {row['diff']:+g} pp [{row['diff_lower']:+g}, {row['diff_upper']:+g}] "
            f"{markers(str(row['geo']), notes)}".rstrip(),
            xy=(row["diff_upper"], y),
            xytext=(6, -3),
            textcoords="offset points",
            fontsize=8,
            color=colour,
        )
    ax.axvline(0, color="#34495e", lw=0.8)
    ax.set_yticks(range(len(rows)), [adoptstats.geo_name(g) for g in rows["geo"]])
    low = min(float(rows["diff_lower"].min()), 0.0)
    ax.set_xlim(low - 4, max(float(rows["diff_upper"].max()), 0.0) + 16)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlabel(f"{focus} minus each, percentage points")
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("Differences, their intervals and the verdicts", fontsize=10, loc="left")


def belgium_trend(docs: Path) -> Figure:
    """The tutorial's last chart: the Netherlands and the EU over time, with Belgium's 2019 figure."""
    eurostat = adoptstats.fetch("manual", path=docs / "tutorial" / "eurostat_social_media.csv")
    eu = adoptstats.reconcile(eurostat).resolved
    nl_eu = adoptstats.trend(eu, "Pays-Bas", against="EU27_2020")
    title = "Enterprises using social media (% of enterprises, 10+ persons employed)"
    fig = nl_eu.plot(title=title)
    ax = fig.axes[0]
    belgium = eu.filter(geo="BE").to_frame()
    year, orange = belgium["period"].astype(int), "#e67e22"
    ax.vlines(year, belgium["lower"], belgium["upper"], color=orange, lw=3, alpha=0.4)
    ax.plot(year, belgium["value"], "D", color=orange, label="Belgium")
    ax.legend(frameon=False, fontsize=8)
    return fig


def lavenir_2010_fr(docs: Path) -> Figure:
    """The charts page's example: L'Avenir's figures alone, in French, with its "plus de 40 %" as an arrow."""
    regus = adoptstats.fetch("regus", concept="social_media.customer_acquisition", period=2010, breakdown="total")
    lavenir = [cid for cid, c in regus.citations.items() if c.publisher == "L'Avenir"]
    comparison = adoptstats.compare(regus.filter(citation_id=lavenir), focus="Belux")
    return comparison.plot(lang="fr", title="Ont trouvé de nouveaux clients via les réseaux sociaux (Regus, 2010)")


def nl_eu_trend(docs: Path) -> Figure:
    """The charts page's trend: the Netherlands against the EU, from the tutorial's file of Eurostat figures."""
    eurostat = adoptstats.fetch("manual", path=docs / "tutorial" / "eurostat_social_media.csv")
    return adoptstats.trend(adoptstats.reconcile(eurostat).resolved, "Pays-Bas", against="EU27_2020").plot()


def ict_profile(docs: Path) -> adoptstats.Profile:
    """The tutorial's profile: Belgium against the EU on every concept of the tutorial's file."""
    figures = adoptstats.fetch("manual", path=docs / "tutorial" / "ict_profile_belgium.csv")
    return adoptstats.profile(adoptstats.reconcile(figures).resolved, "Belgique", "EU27_2020")


def ict_profile_chart(docs: Path) -> Figure:
    """The tutorial's dumbbell chart."""
    return ict_profile(docs).plot()


#: File name -> function drawing the chart (given the documentation's source folder).
CHARTS: dict[str, Callable[[Path], Figure]] = {
    "belgium-2010.png": belgium_2010,
    "belgium-trend.png": belgium_trend,
    "lavenir-2010-fr.png": lavenir_2010_fr,
    "nl-eu-trend.png": nl_eu_trend,
    "ict-profile.png": ict_profile_chart,
}

#: File name -> function giving the result whose HTML report the build writes.
REPORTS: dict[str, Callable[[Path], object]] = {
    "ict-profile-report.html": ict_profile,
}
#: Folder of the HTML output that receives the reports.
REPORTS_DIR = "_reports"


def render(app: Sphinx) -> None:
    """Draw every chart into ``<srcdir>/_generated``."""
    docs = Path(app.srcdir)
    out = docs / GENERATED
    out.mkdir(exist_ok=True)
    ignore = out / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# charts drawn by docs/_ext/adoptstats_charts.py at build time\n*\n", encoding="utf-8")
    for name, draw in CHARTS.items():
        buffer = io.BytesIO()
        draw(docs).savefig(buffer, format="png", dpi=150)
        data = buffer.getvalue()
        target = out / name
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
    from adoptstats.reports import write_report

    for name, result in REPORTS.items():
        write_report(result(docs), out / name)


def copy_reports(app: Sphinx, exception: Exception | None) -> None:
    """Copy the reports into the HTML output, beside the pages that show them."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / REPORTS_DIR
    target.mkdir(exist_ok=True)
    for name in REPORTS:
        shutil.copyfile(Path(app.srcdir) / GENERATED / name, target / name)


def setup(app: Sphinx) -> dict[str, object]:
    """Register the chart renderer with Sphinx."""
    app.connect("builder-inited", render)
    app.connect("build-finished", copy_reports)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
