"""Charts drawn with adoptstats when the documentation is built.

The home page shows the Belgian comparison of the Regus survey of 2010 and the tutorial
ends on a trend chart of Eurostat's published figures.  Both are drawn here, at build time,
from the installed plugins and the tutorial's CSV file, with the same calls the pages show,
so that a chart can never disagree with the code beside it.

The PNG files go to ``docs/_generated/``, a folder the build creates with a ``.gitignore``
of its own; a file is rewritten only when its bytes change, so unchanged charts do not make
Sphinx read the pages again.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from matplotlib.figure import Figure
from sphinx.application import Sphinx

import adoptstats

#: Folder, inside the documentation's source folder, that receives the charts.
GENERATED = "_generated"


def belgium_2010(docs: Path) -> Figure:
    """The home page's chart: Belgium-Luxembourg against the countries the Belgian press named, Regus 2010."""
    regus = adoptstats.fetch("regus", concept="social_media.customer_acquisition", period=2010, breakdown="total")
    resolved = adoptstats.reconcile(regus).resolved
    comparison = adoptstats.compare(resolved, focus="Belux", against=["Mexique", "Espagne", "Pays-Bas", "Monde"])
    return comparison.plot()


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


#: File name -> function drawing the chart (given the documentation's source folder).
CHARTS: dict[str, Callable[[Path], Figure]] = {
    "belgium-2010.png": belgium_2010,
    "belgium-trend.png": belgium_trend,
    "lavenir-2010-fr.png": lavenir_2010_fr,
    "nl-eu-trend.png": nl_eu_trend,
}


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


def setup(app: Sphinx) -> dict[str, object]:
    """Register the chart renderer with Sphinx."""
    app.connect("builder-inited", render)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
