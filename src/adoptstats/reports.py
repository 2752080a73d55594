"""Self-contained HTML reports of a comparison, a ranking, a trend or a profile.

One page that opens in any browser with no network: the chart as inline SVG, the table
with intervals, verdicts and caveat markers, the paragraph, the caveats and the numbered
sources with their links.  Pages are built from Jinja2 templates shipped with the package;
every value is escaped (autoescaping), and the page holds no script.

>>> adoptstats.reports.write_report(comparison, "report.html")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from adoptstats.concepts import get_concept
from adoptstats.errors import AdoptstatsError, SelectionError
from adoptstats.geo import geo_name
from adoptstats.records import Citation, Estimate
from adoptstats.render.notes import caveat_notes, row_notes

if TYPE_CHECKING:
    import jinja2
    from matplotlib.figure import Figure

__all__ = ["Cell", "Report", "ReportError", "ReportSource", "build_report", "render_report", "write_report"]

_LANGS = ("en", "fr")


class ReportError(AdoptstatsError):
    """A report could not be built or written (unknown result type, missing Jinja2, file not writable)."""


@attrs.frozen(kw_only=True)
class Cell:
    """One table cell: its text, a CSS class (``ahead``, ``behind`` ...) and the caveat numbers it carries."""

    text: str
    css: str = ""
    detail: str = ""
    caveats: tuple[int, ...] = ()
    sources: tuple[int, ...] = ()


@attrs.frozen(kw_only=True)
class ReportSource:
    """A numbered source of the report."""

    number: int
    publisher: str
    title: str | None
    url: str | None
    published: str | None
    primary: bool
    quote: str | None


@attrs.frozen(kw_only=True)
class Report:
    """What a report page shows, in words; :func:`render_report` makes the page."""

    lang: str
    title: str
    subtitle: str
    paragraph: str
    chart_svg: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caveats: tuple[str, ...]
    sources: tuple[ReportSource, ...]
    left_out: tuple[str, ...] = ()
    generated: str = ""


# -- shared pieces ---------------------------------------------------------------------------


class _Numbers:
    """Caveats and sources numbered in the order the table first mentions them."""

    def __init__(self, citations: dict[str, Citation]) -> None:
        self.citations = citations
        self.caveats: list[str] = []
        self._cites: list[Citation] = []

    def caveat(self, text: str) -> int:
        if text not in self.caveats:
            self.caveats.append(text)
        return self.caveats.index(text) + 1

    def source(self, citation_id: object) -> tuple[int, ...]:
        cite = self.citations.get(str(citation_id))
        if cite is None:
            return ()
        if cite not in self._cites:
            self._cites.append(cite)
        return (self._cites.index(cite) + 1,)

    def secondary(self, citation_id: object, geo: str, lang: str) -> tuple[int, ...]:
        cite = self.citations.get(str(citation_id))
        if cite is None or cite.primary:
            return ()
        if lang == "fr":
            return (
                self.caveat(f"Source secondaire : le chiffre de {geo} vient de {cite.publisher}, qui le rapporte."),
            )
        return (
            self.caveat(f"Secondary report: the {geo} figure comes from {cite.publisher}, reporting it second-hand."),
        )

    def sources_list(self) -> tuple[ReportSource, ...]:
        return tuple(
            ReportSource(
                number=n,
                publisher=c.publisher,
                title=c.title,
                url=c.url,
                published=c.published.isoformat() if c.published else None,
                primary=c.primary,
                quote=c.quote,
            )
            for n, c in enumerate(self._cites, start=1)
        )


def _num(x: float, decimals: int, lang: str, *, sign: bool = False) -> str:
    if not math.isfinite(x):
        return "−∞" if x < 0 else "+∞"
    text = f"{x:+.{decimals}f}" if sign else f"{x:.{decimals}f}"
    text = text.replace("-", "−")
    return text.replace(".", ",") if lang == "fr" else text


def _interval(lo: float, hi: float, decimals: int, lang: str, *, sign: bool = False) -> str:
    sep = " ; " if lang == "fr" else ", "
    return f"[{_num(lo, decimals, lang, sign=sign)}{sep}{_num(hi, decimals, lang, sign=sign)}]"


_VERDICT_WORDS = {
    "en": {
        "ahead": "ahead",
        "behind": "behind",
        "higher": "higher",
        "lower": "lower",
        "indistinguishable": "indistinguishable",
        "undetermined": "undetermined",
    },
    "fr": {
        "ahead": "devant",
        "behind": "derrière",
        "higher": "plus haut",
        "lower": "plus bas",
        "indistinguishable": "indiscernable",
        "undetermined": "indéterminé",
    },
}
_VERDICT_CSS = {
    "ahead": "ahead",
    "higher": "ahead",
    "behind": "behind",
    "lower": "behind",
    "indistinguishable": "even",
    "undetermined": "open",
}


def _verdict(word: str, lang: str) -> Cell:
    return Cell(text=_VERDICT_WORDS[lang].get(word, word), css=_VERDICT_CSS.get(word, ""))


def _svg(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element (text drawn as paths, no XML prologue, no date)."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "adoptstats"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    start = text.find("<svg")
    svg = text[start:] if start >= 0 else text
    svg = re.sub(r"<script.*?</script>", "", svg, flags=re.S | re.I)  # matplotlib writes none; never let one in
    end = svg.index(">")
    return re.sub(r'\s(width|height)="[^"]*"', "", svg[:end]) + svg[end:]


def _chart(plot: Any, lang: str) -> str | None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:  # pragma: no cover - charts are optional
        return None
    return _svg(plot(lang=lang))


def _what(concept: str | None, indicator: str, lang: str) -> str:
    """The concept's label in English (its name in French, which the vocabulary does not translate)."""
    if concept is None:
        return indicator
    if lang == "fr":
        return concept
    try:
        return get_concept(concept).label
    except AdoptstatsError:  # a concept of a plugin that is not loaded
        return concept


def _check_lang(lang: str) -> None:
    if lang not in _LANGS:
        raise SelectionError(f"report: lang must be one of {', '.join(_LANGS)}, got {lang!r} (argument lang)")


def _stamp(lang: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        __version__ = version("adoptstats")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        __version__ = "(source tree)"
    today = dt.date.today().isoformat()
    if lang == "fr":
        return (
            f"Produit par adoptstats {__version__} le {today}. Chiffres tels que publiés ; intervalles issus de "
            "l'arrondi publié."
        )
    return (
        f"Made with adoptstats {__version__} on {today}. Figures as published; intervals from their published rounding."
    )


# -- one builder per kind of result ----------------------------------------------------------


def _profile_report(p: Any, lang: str) -> Report:
    nums = _Numbers(p.citations)
    for text in p.general_caveats(lang):
        nums.caveat(text)
    notes = caveat_notes(p.caveats, lang)
    focus = geo_name(p.focus, lang)
    several = len(p.against) > 1
    cols = ["Concept", "Période" if lang == "fr" else "Period", focus]
    cols += ["Comparé à" if lang == "fr" else "Against"] if several else []
    cols += ["Valeur" if lang == "fr" else "Value"] if several else [geo_name(p.against[0], lang)]
    cols += ["Écart (pp)" if lang == "fr" else "Difference (pp)", "Verdict", "Sources"]
    rows = []
    for r in p.frame.to_dict("records"):
        dec = int(r["diff_decimals"])
        marks = tuple(nums.caveat(n.text) for n in row_notes(r["caveat_list"], notes))
        refs = nums.source(r["focus_citation_id"]) + nums.source(r["citation_id"])
        label = r["label"] if lang == "en" else r["concept"]
        cells = [
            Cell(text=str(label), caveats=marks),
            Cell(text=str(r["period"])),
            Cell(text=r["focus_text" if lang == "en" else "focus_text_fr"]),
        ]
        if several:
            cells.append(Cell(text=geo_name(str(r["benchmark"]), lang)))
        cells.append(Cell(text=r["text" if lang == "en" else "text_fr"]))
        cells.append(
            Cell(
                text=_num(r["diff"], dec, lang, sign=True),
                detail=_interval(r["diff_lower"], r["diff_upper"], dec, lang, sign=True),
            )
        )
        cells.append(_verdict(str(r["standing"]), lang))
        cells.append(Cell(text="", sources=tuple(dict.fromkeys(refs))))
        rows.append(tuple(cells))
    benches = ", ".join(geo_name(b, lang) for b in p.against)
    n = len(p.frame)
    if lang == "fr":
        title = f"{focus} face à {benches} : {n} indicateur{'s' if n > 1 else ''} d'adoption"
        sub = f"Sous-population : {p.breakdown}. " + (
            f"Période : {p.period}." if p.period else "Pour chaque concept, la dernière période commune aux deux."
        )
    else:
        title = f"{focus} against {benches}: {n} adoption indicator{'s' if n != 1 else ''}"
        sub = f"Breakdown: {p.breakdown}. " + (
            f"Period: {p.period}." if p.period else "For each concept, the latest period both sides share."
        )
    left = tuple(f"{m.concept} ({geo_name(m.benchmark, lang)}): {m.reason}" for m in p.missing)
    return Report(
        lang=lang,
        title=title,
        subtitle=sub,
        paragraph=p.summary(lang),
        chart_svg=_chart(p.plot, lang) if n else None,
        columns=tuple(cols),
        rows=tuple(rows),
        caveats=tuple(nums.caveats),
        sources=nums.sources_list(),
        left_out=left,
        generated=_stamp(lang),
    )


def _comparison_report(c: Any, lang: str) -> Report:
    nums = _Numbers(c.citations)
    est: Estimate = c.focus_estimate
    frame = c.to_frame()
    dec = (est.decimals or 0) + 1
    unit = c.diff_unit
    cols = (
        ("Géographie", "Valeur", f"Écart ({unit})", "Verdict", "Sources")
        if lang == "fr"
        else ("Geography", "Value", f"Difference ({unit})", "Verdict", "Sources")
    )
    focus_marks = nums.secondary(c.focus_citation_id, c.focus, lang)
    rows = [
        (
            Cell(text=geo_name(c.focus, lang), css="focus", caveats=focus_marks),
            Cell(text=est.text(lang)),
            Cell(text="—"),
            Cell(text="étudié" if lang == "fr" else "focus"),
            Cell(text="", sources=nums.source(c.focus_citation_id)),
        )
    ]
    for r in frame.to_dict("records"):
        marks: tuple[int, ...] = ()
        if str(r["comparability"]) != "comparable":
            word = "Pas comparable tel quel" if lang == "fr" else "Not comparable as such"
            marks += (nums.caveat(f"{word} ({r['geo']}): {r['comparability']}"),)
        marks += nums.secondary(r["citation_id"], str(r["geo"]), lang)
        value = Estimate(
            value=float(r["value"]),
            lower=float(r["published_lower"]),
            upper=float(r["published_upper"]),
            qualifier=str(r["qualifier"]),
            unit=c.unit,
        )
        rows.append(
            (
                Cell(text=geo_name(str(r["geo"]), lang), caveats=marks),
                Cell(text=str(r["text"]) if lang == "en" else value.text("fr")),
                Cell(
                    text=_num(r["diff"], dec, lang, sign=True),
                    detail=_interval(r["diff_lower"], r["diff_upper"], dec, lang, sign=True),
                ),
                _verdict(str(r["verdict"]), lang),
                Cell(text="", sources=nums.source(r["citation_id"])),
            )
        )
    what = _what(c.concept, c.indicator, lang)
    title = (
        f"{geo_name(c.focus, lang)} : {what}, {c.period}"
        if lang == "fr"
        else f"{geo_name(c.focus, lang)}: {what}, {c.period}"
    )
    sub = f"{'Sous-population' if lang == 'fr' else 'Breakdown'}: {c.breakdown}"
    return Report(
        lang=lang,
        title=title,
        subtitle=sub,
        paragraph=c.summary(lang),
        chart_svg=_chart(c.plot, lang),
        columns=cols,
        rows=tuple(rows),
        caveats=tuple(nums.caveats),
        sources=nums.sources_list(),
        generated=_stamp(lang),
    )


def _rank_report(t: Any, lang: str) -> Report:
    from adoptstats.plot import plot_rank

    nums = _Numbers(t.citations)
    frame = t.to_frame()
    cols = ("Rang", "Géographie", "Valeur", "Sources") if lang == "fr" else ("Rank", "Geography", "Value", "Sources")
    rows = []
    for r in frame.to_dict("records"):
        marks: tuple[int, ...] = ()
        if str(r["comparability"]) not in ("comparable", ""):
            marks += (nums.caveat(f"{r['geo']}: {r['comparability']}"),)
        marks += nums.secondary(r["citation_id"], str(r["geo"]), lang)
        est = Estimate(
            value=float(r["value"]),
            lower=float(r["lower"]),
            upper=float(r["upper"]),
            qualifier=str(r["qualifier"]),
            decimals=None
            if r["decimals"] is None or (isinstance(r["decimals"], float) and math.isnan(r["decimals"]))
            else int(r["decimals"]),
            unit=str(r["unit"]),
        )
        lo, hi = int(r["rank_lower"]), int(r["rank_upper"])
        rank = f"{r['rank']}" if lo == hi else f"{r['rank']} ({lo}–{hi})"
        rows.append(
            (
                Cell(text=rank),
                Cell(text=geo_name(str(r["geo"]), lang), caveats=marks),
                Cell(text=est.text(lang)),
                Cell(text="", sources=nums.source(r["citation_id"])),
            )
        )
    first = frame.iloc[0] if len(frame) else None
    what = (
        ""
        if first is None
        else f"{first['concept'] if isinstance(first['concept'], str) else first['indicator']}, {first['period']}"
    )
    n = len(frame)
    if lang == "fr":
        title = f"Classement : {what}"
        para = (
            f"{n} géographies classées. Le rang entre parenthèses va du meilleur au moins bon rang que les intervalles "
            "publiés permettent."
        )
    else:
        title = f"Ranking: {what}"
        para = (
            f"{n} geographies ranked. The range in brackets runs from the best to the worst rank the published "
            "intervals allow."
        )
    return Report(
        lang=lang,
        title=title,
        subtitle="",
        paragraph=para,
        chart_svg=_chart(functools.partial(plot_rank, t), lang) if n else None,
        columns=cols,
        rows=tuple(rows),
        caveats=tuple(nums.caveats),
        sources=nums.sources_list(),
        generated=_stamp(lang),
    )


def _trend_report(t: Any, lang: str) -> Report:
    nums = _Numbers(t.citations)
    for note in t.notes_fr if lang == "fr" else t.notes:
        nums.caveat(note)
    frame = t.to_frame()
    cols = (
        ("Géographie", "Période", "Valeur", "Sources") if lang == "fr" else ("Geography", "Period", "Value", "Sources")
    )
    rows = []
    for r in frame.to_dict("records"):
        est = Estimate(
            value=float(r["value"]),
            lower=float(r["lower"]),
            upper=float(r["upper"]),
            qualifier=str(r["qualifier"]),
            unit=t.unit,
        )
        marks = nums.secondary(r["citation_id"], str(r["geo"]), lang)
        rows.append(
            (
                Cell(text=geo_name(str(r["geo"]), lang), caveats=marks),
                Cell(text=str(r["period"])),
                Cell(text=est.text(lang)),
                Cell(text="", sources=nums.source(r["citation_id"])),
            )
        )
    what = _what(t.concept, t.indicator, lang)
    who = geo_name(t.geo, lang) + (f" / {geo_name(t.against, lang)}" if t.against else "")
    return Report(
        lang=lang,
        title=f"{who} : {what}" if lang == "fr" else f"{who}: {what}",
        subtitle=f"{'Sous-population' if lang == 'fr' else 'Breakdown'}: {t.breakdown}",
        paragraph=t.summary(lang),
        chart_svg=_chart(t.plot, lang),
        columns=cols,
        rows=tuple(rows),
        caveats=tuple(nums.caveats),
        sources=nums.sources_list(),
        generated=_stamp(lang),
    )


def build_report(result: Any, lang: str = "en") -> Report:
    """What the report of ``result`` (a Profile, Comparison, RankTable or Trend) shows.

    :raises ReportError: for another kind of object.
    """
    _check_lang(lang)
    kind = type(result).__name__
    builders = {
        "Profile": _profile_report,
        "Comparison": _comparison_report,
        "RankTable": _rank_report,
        "Trend": _trend_report,
    }
    builder = builders.get(kind)
    if builder is None:
        raise ReportError(
            f"report: cannot report on a {kind}; give a Profile, Comparison, RankTable or Trend (argument result)"
        )
    return builder(result, lang)


@functools.cache
def _environment() -> jinja2.Environment:
    try:
        import jinja2
    except ImportError as exc:  # pragma: no cover - Jinja2 is a dependency
        raise ReportError("HTML reports need Jinja2: pip install 'jinja2>=3.1'") from exc
    return jinja2.Environment(
        loader=jinja2.PackageLoader("adoptstats", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(report: Report) -> str:
    """The page of a :class:`Report`: one HTML document, styles inline, chart inline, no script."""
    import markupsafe

    template = _environment().get_template("report.html")
    words = _WORDS[report.lang]
    return template.render(
        report=report,
        chart=markupsafe.Markup(report.chart_svg) if report.chart_svg else None,
        w=words,
    )


def write_report(result: Any, path: str | Path, lang: str = "en") -> Path:
    """Write the HTML report of ``result`` to ``path`` (atomically: a temporary file renamed into place).

    :raises ReportError: when the file cannot be written or ``result`` is not a result.
    """
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise ReportError(f"report: {str(path)!r} should end in .html (argument path)")
    if not target.parent.is_dir():
        raise ReportError(f"report: the directory {str(target.parent)!r} does not exist (argument path)")
    page = render_report(build_report(result, lang))
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReportError(f"report: cannot write {str(path)!r}: {exc.strerror or exc}") from exc
    return target


_WORDS = {
    "en": {
        "chart": "Chart",
        "table": "Figures",
        "caveats": "Caveats",
        "sources": "Sources",
        "left_out": "Left out",
        "secondary": "secondary report",
        "primary": "the survey owner's publication",
        "published": "published",
        "no_chart": "No chart (matplotlib is not installed).",
    },
    "fr": {
        "chart": "Graphique",
        "table": "Chiffres",
        "caveats": "Réserves",
        "sources": "Sources",
        "left_out": "Laissés de côté",
        "secondary": "source secondaire",
        "primary": "publication du responsable de l'enquête",
        "published": "publié le",
        "no_chart": "Pas de graphique (matplotlib n'est pas installé).",
    },
}
