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

from adoptstats._selection import concept_label
from adoptstats.errors import AdoptstatsError
from adoptstats.geo import geo_name
from adoptstats.i18n import check_lang, format_date, ntr, ptr, tr
from adoptstats.records import Citation, Estimate
from adoptstats.render.notes import Note, caveat_notes, row_notes
from adoptstats.render.numbers import MISSING, format_interval, format_number
from adoptstats.render.verdicts import verdict_word
from adoptstats.render.wording import unit_word

if TYPE_CHECKING:
    import jinja2
    from matplotlib.figure import Figure

__all__ = ["Cell", "Report", "ReportError", "ReportSource", "build_report", "render_report", "write_report"]


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
    published_text: str | None = None


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

    def notes(self, notes: list[Note]) -> tuple[int, ...]:
        """The numbers of ``notes`` (one row's caveat notes), numbering them on first mention; in order."""
        return tuple(sorted(self.caveat(n.text) for n in notes))

    def sources_list(self, lang: str) -> tuple[ReportSource, ...]:
        return tuple(
            ReportSource(
                number=n,
                publisher=c.publisher,
                title=c.title,
                url=c.url,
                published=c.published.isoformat() if c.published else None,
                primary=c.primary,
                quote=c.quote,
                published_text=tr("published {date}", lang, date=format_date(c.published, lang))
                if c.published
                else None,
            )
            for n, c in enumerate(self._cites, start=1)
        )


def _num(x: float, decimals: int, lang: str, *, sign: bool = False) -> str:
    return format_number(x, decimals, lang, sign=sign)


def _interval(lo: float, hi: float, decimals: int, lang: str, *, sign: bool = False) -> str:
    return format_interval(lo, hi, decimals=decimals, lang=lang, sign=sign)


_VERDICT_CSS = {
    "ahead": "ahead",
    "higher": "ahead",
    "behind": "behind",
    "lower": "behind",
    "indistinguishable": "even",
    "undetermined": "open",
}


def _verdict(word: str, lang: str) -> Cell:
    return Cell(text=verdict_word(word, lang), css=_VERDICT_CSS.get(word, ""))


def _geo_notes(geo: str, notes: list[Note]) -> list[Note]:
    """The caveat notes that name ``geo``."""
    return [n for n in notes if geo in n.geos]


def _difference(unit: str, lang: str) -> str:
    """The header of a difference column: ``Difference (pp)``."""
    word = unit_word(unit, lang)
    return tr("Difference ({unit})", lang, unit=word) if word else ptr("report column", "Difference", lang)


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


def _stamp(lang: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        __version__ = version("adoptstats")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        __version__ = "(source tree)"
    return tr(
        "Made with adoptstats {version} on {date}. Figures as published; intervals from their published rounding.",
        lang,
        version=__version__,
        date=format_date(dt.date.today(), lang),
    )


# -- one builder per kind of result ----------------------------------------------------------


def _profile_report(p: Any, lang: str) -> Report:
    nums = _Numbers(p.citations)
    for text in p.general_caveats(lang):
        nums.caveat(text)
    notes = caveat_notes(p.caveats, lang)
    focus = geo_name(p.focus, lang)
    several = len(p.against) > 1
    cols = [ptr("report column", "Concept", lang), ptr("report column", "Period", lang), focus]
    cols += [ptr("report column", "Against", lang)] if several else []
    cols += [ptr("report column", "Value", lang)] if several else [geo_name(p.against[0], lang)]
    cols += [_difference("percent", lang), ptr("report column", "Verdict", lang), ptr("report column", "Sources", lang)]
    rows = []
    for r in p.frame.to_dict("records"):
        dec = int(r["diff_decimals"])
        marks = nums.notes(row_notes(r["caveat_list"], notes))
        refs = nums.source(r["focus_citation_id"]) + nums.source(r["citation_id"])
        cells = [
            Cell(text=concept_label(str(r["concept"]), str(r["concept"]), lang), caveats=marks),
            Cell(text=str(r["period"])),
            Cell(text=r["focus_estimate"].text(lang)),
        ]
        if several:
            cells.append(Cell(text=geo_name(str(r["benchmark"]), lang)))
        cells.append(Cell(text=r["estimate"].text(lang)))
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
    title = ntr(
        "{focus} against {benchmarks}: {n} adoption indicator",
        "{focus} against {benchmarks}: {n} adoption indicators",
        n,
        lang,
        focus=focus,
        benchmarks=benches,
    )
    if p.period:
        sub = tr("Breakdown: {breakdown}. Period: {period}.", lang, breakdown=p.breakdown, period=p.period)
    else:
        sub = tr(
            "Breakdown: {breakdown}. For each concept, the latest period both sides share.", lang, breakdown=p.breakdown
        )
    left = tuple(
        tr(
            "{concept} ({benchmark}): {reason}",
            lang,
            concept=concept_label(m.concept, m.concept, lang),
            benchmark=geo_name(m.benchmark, lang),
            reason=m.reason_in(lang),
        )
        for m in p.missing
    )
    return Report(
        lang=lang,
        title=title,
        subtitle=sub,
        paragraph=p.summary(lang),
        chart_svg=_chart(p.plot, lang) if n else None,
        columns=tuple(cols),
        rows=tuple(rows),
        caveats=tuple(nums.caveats),
        sources=nums.sources_list(lang),
        left_out=left,
        generated=_stamp(lang),
    )


def _comparison_report(c: Any, lang: str) -> Report:
    nums = _Numbers(c.citations)
    notes = caveat_notes(c.caveats, lang)
    est: Estimate = c.focus_estimate
    frame = c.shown()
    dec = (est.decimals or 0) + 1
    cols = (
        ptr("report column", "Geography", lang),
        ptr("report column", "Value", lang),
        _difference(c.unit, lang),
        ptr("report column", "Verdict", lang),
        ptr("report column", "Sources", lang),
    )
    rows = [
        (
            Cell(text=geo_name(c.focus, lang), css="focus", caveats=nums.notes(row_notes(c.focus_caveats, notes))),
            Cell(text=est.text(lang)),
            Cell(text=MISSING),
            # TRANSLATORS: the verdict cell of the row of the geography the comparison is about.
            Cell(text=ptr("report table", "focus", lang)),
            Cell(text="", sources=nums.source(c.focus_citation_id)),
        )
    ]
    for r in frame.to_dict("records"):
        rows.append(
            (
                Cell(text=geo_name(str(r["geo"]), lang), caveats=nums.notes(row_notes(r["caveat_list"], notes))),
                Cell(text=r["estimate"].text(lang)),
                Cell(
                    text=_num(r["diff"], dec, lang, sign=True),
                    detail=_interval(r["diff_lower"], r["diff_upper"], dec, lang, sign=True),
                ),
                _verdict(str(r["verdict"]), lang),
                Cell(text="", sources=nums.source(r["citation_id"])),
            )
        )
    what = concept_label(c.concept, c.indicator, lang)
    return Report(
        lang=lang,
        title=tr("{focus}: {concept}, {period}", lang, focus=geo_name(c.focus, lang), concept=what, period=c.period),
        subtitle=tr("Breakdown: {breakdown}", lang, breakdown=c.breakdown),
        paragraph=c.summary(lang),
        chart_svg=_chart(c.plot, lang),
        columns=cols,
        rows=tuple(rows),
        caveats=tuple(nums.caveats),
        sources=nums.sources_list(lang),
        generated=_stamp(lang),
    )


def _rank_report(t: Any, lang: str) -> Report:
    from adoptstats.plot import plot_rank

    nums = _Numbers(t.citations)
    notes = caveat_notes(t.caveats, lang)
    frame = t.to_frame()
    cols = (
        ptr("report column", "Rank", lang),
        ptr("report column", "Geography", lang),
        ptr("report column", "Value", lang),
        ptr("report column", "Sources", lang),
    )
    rows = []
    for r in frame.to_dict("records"):
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
                Cell(text=geo_name(str(r["geo"]), lang), caveats=nums.notes(_geo_notes(str(r["geo"]), notes))),
                Cell(text=est.text(lang)),
                Cell(text="", sources=nums.source(r["citation_id"])),
            )
        )
    first = frame.iloc[0] if len(frame) else None
    n = len(frame)
    if first is None:
        title = ptr("report title", "Ranking", lang)
    else:
        concept = first["concept"] if isinstance(first["concept"], str) else None
        what = concept_label(concept, str(first["indicator"]), lang)
        title = tr("Ranking: {concept}, {period}", lang, concept=what, period=first["period"])
    para = ntr(
        "{n} geography ranked. The range in brackets runs from the best to the worst rank the published "
        "intervals allow.",
        "{n} geographies ranked. The range in brackets runs from the best to the worst rank the published "
        "intervals allow.",
        n,
        lang,
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
        sources=nums.sources_list(lang),
        generated=_stamp(lang),
    )


def _trend_report(t: Any, lang: str) -> Report:
    nums = _Numbers(t.citations)
    for note in t.notes_in(lang):
        nums.caveat(note)
    notes = caveat_notes(t.caveats, lang)
    frame = t.to_frame()
    cols = (
        ptr("report column", "Geography", lang),
        ptr("report column", "Period", lang),
        ptr("report column", "Value", lang),
        ptr("report column", "Sources", lang),
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
        rows.append(
            (
                Cell(text=geo_name(str(r["geo"]), lang), caveats=nums.notes(_geo_notes(str(r["geo"]), notes))),
                Cell(text=str(r["period"])),
                Cell(text=est.text(lang)),
                Cell(text="", sources=nums.source(r["citation_id"])),
            )
        )
    what = concept_label(t.concept, t.indicator, lang)
    who = geo_name(t.geo, lang) + (f" / {geo_name(t.against, lang)}" if t.against else "")
    return Report(
        lang=lang,
        title=tr("{geo}: {concept}", lang, geo=who, concept=what),
        subtitle=tr("Breakdown: {breakdown}", lang, breakdown=t.breakdown),
        paragraph=t.summary(lang),
        chart_svg=_chart(t.plot, lang),
        columns=cols,
        rows=tuple(rows),
        caveats=tuple(nums.caveats),
        sources=nums.sources_list(lang),
        generated=_stamp(lang),
    )


def build_report(result: Any, lang: str = "en") -> Report:
    """What the report of ``result`` (a Profile, Comparison, RankTable or Trend) shows.

    :raises ReportError: for another kind of object.
    """
    check_lang(lang)
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
    words = _words(report.lang)
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


def _words(lang: str) -> dict[str, str]:
    """The page's own words in ``lang``: section headings and source kinds."""
    return {
        "chart": ptr("report heading", "Chart", lang),
        "table": ptr("report heading", "Figures", lang),
        "caveats": ptr("report heading", "Caveats", lang),
        "sources": ptr("report heading", "Sources", lang),
        "left_out": ptr("report heading", "Left out", lang),
        "secondary": tr("secondary report", lang),
        "primary": tr("the survey owner's publication", lang),
        "no_chart": tr("No chart (matplotlib is not installed).", lang),
    }
