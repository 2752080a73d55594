"""Pieces the analysis commands share: options, fetching for a concept, reconciling, numbered sources.

Used by :mod:`adoptstats._cli_compare` (``compare``, ``rank``, ``trend`` and ``reconcile``).
"""

from __future__ import annotations

import importlib.util
import re
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import click
import pandas as pd

import adoptstats
from adoptstats._cli_common import (
    filters,
    json_option,
    offline_option,
    on_error_option,
    path_option,
    run_fetch,
    source_option,
    timeout_option,
)
from adoptstats._cli_output import echo_text, frame_records, paragraph, style, warn
from adoptstats.export import ExportError
from adoptstats.i18n import ntr, tr
from adoptstats.install import extra_advice
from adoptstats.render.json import caveats_json
from adoptstats.render.numbers import format_interval, format_number

if TYPE_CHECKING:
    from adoptstats.reconciliation import Reconciliation

__all__ = [
    "analysis_options",
    "policy_option",
    "breakdown_option",
    "plot_option",
    "check_plot_path",
    "draw",
    "sources_for",
    "check_concept",
    "fetch_for",
    "reconcile_results",
    "Refs",
    "num",
    "span",
    "verdict_colour",
    "wrap",
    "concept_heading",
    "reconcile_head",
    "conflict_groups",
    "reconcile_note",
    "reconcile_json",
]

F = TypeVar("F", bound=Callable[..., Any])

#: Chart formats ``--plot`` writes (matplotlib picks the writer from the extension).
PLOT_FORMATS = (".png", ".svg", ".pdf")


# -- shared pieces -------------------------------------------------------------------------------


def analysis_options(f: F) -> F:
    """The options of the analysis commands.

    ``--source``, ``--option``, ``--path``, ``--offline``, ``--timeout``, ``--on-error``,
    ``--no-reconcile`` and ``--json``.
    """
    options = [
        click.option(
            "--source",
            "sources",
            multiple=True,
            metavar="SOURCE",
            help="Source to fetch from, repeatable. Default: every installed source with an indicator for CONCEPT.",
        ),
        click.option(
            "--no-reconcile",
            is_flag=True,
            help="Keep several reports of the same figure as they are (the comparison then refuses them).",
        ),
        policy_option,
        source_option,
        path_option,
        offline_option,
        timeout_option,
        on_error_option,
        json_option,
    ]
    for option in reversed(options):
        f = option(f)
    return f


def policy_option(f: F) -> F:
    return click.option(
        "--policy",
        metavar="CRITERIA",
        help="How to choose among reports of the same figure: comma-separated criteria from "
        "primary, agreement, median, recent, oldest, precise (default: primary,agreement,recent).",
    )(f)


def breakdown_option(f: F) -> F:
    return click.option(
        "--breakdown", default="total", show_default=True, help="Breakdown to compare (size:small ...)."
    )(f)


def plot_option(f: F) -> F:
    return click.option(
        "--plot",
        "plot_path",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help=f"Also draw a chart to this file ({', '.join(PLOT_FORMATS)}; needs the plot extra).",
    )(f)


def check_plot_path(path: Path | None) -> None:
    if path is None:
        return
    if path.suffix.lower() not in PLOT_FORMATS:
        raise ExportError(
            f"cannot draw {str(path)!r}: unknown extension {path.suffix or '(none)'!r}; use {', '.join(PLOT_FORMATS)}"
        )
    if not path.parent.is_dir():
        raise ExportError(f"cannot draw {str(path)!r}: the directory {str(path.parent)!r} does not exist")
    if importlib.util.find_spec("matplotlib") is None:
        raise ExportError(f"charts need matplotlib, which is not installed; {extra_advice('plot', 'matplotlib')}")


_GLYPH = re.compile(r"Glyph (\d+) \(.+\) missing from font")


def draw(plot: Callable[[str], Any], path: Path | None) -> None:
    """Draw a chart; matplotlib's warnings become one ``warning:`` line each (missing glyphs: one in all)."""
    if path is None:
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plot(str(path))
    glyphs: list[str] = []
    seen: set[str] = set()
    for w in caught:
        text = str(w.message)
        found = _GLYPH.search(text)
        if found:
            glyphs.append(chr(int(found.group(1))))
        elif text not in seen:
            seen.add(text)
            warn(text)
    if glyphs:
        shown = "".join(dict.fromkeys(glyphs))
        warn(f"the chart's font has no glyph for {len(glyphs)} characters ({shown}); they show as boxes")
    click.echo(f"wrote a chart to {path}", err=True)


def sources_for(concept: str, given: Sequence[str]) -> list[str]:
    """The sources asked for, or every installed source with an indicator mapped to ``concept``."""
    registry = adoptstats.get_registry()
    if given:
        return list(dict.fromkeys(given))
    names = []
    for name in registry.names:
        try:
            indicators = registry.get(name).indicators()
        except Exception as exc:  # a broken source must not hide the others
            warn(f"source {name!r} could not list its indicators: {type(exc).__name__}: {exc}")
            continue
        if any(i.concept == concept for i in indicators):
            names.append(name)
    if not names:
        installed = ", ".join(registry.names) or "none"
        raise adoptstats.SelectionError(
            f"no installed source has an indicator for {concept!r} (installed sources: {installed}); "
            "see 'adoptstats indicators SOURCE'"
        )
    return names


def check_concept(concept: str) -> None:
    adoptstats.get_registry()  # plugins contribute concepts
    adoptstats.get_concept(concept)  # unknown: an error with suggestions


def fetch_for(
    concept: str,
    sources: Sequence[str],
    *,
    periods: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    source_options: dict[str, Any],
    offline: bool,
    reconcile: bool,
    policy: str | None = None,
) -> tuple[adoptstats.ResultSet, Reconciliation | None]:
    names = sources_for(concept, sources)
    query = filters(concepts=[concept], periods=periods, since=since, until=until, source_options=source_options)
    # sources named on the command line must all answer; of the defaults, those that can
    results = run_fetch(names, query, offline=offline, on_error="raise" if sources or len(names) == 1 else "warn")
    if not reconcile:
        return results, None
    rec = reconcile_results(results, policy)
    return rec.resolved, rec


def reconcile_results(results: adoptstats.ResultSet, policy: str | None) -> Reconciliation:
    if policy is None:
        return adoptstats.reconcile(results)
    return adoptstats.reconcile(results, policy=policy)


class Refs:
    """Citations numbered in the order the output first mentions them.

    Citations that print the same (publisher, title, date, URL; several quotes from one
    article) share a number.
    """

    def __init__(self, citations: dict[str, adoptstats.Citation]) -> None:
        self._citations = citations
        self._keys: list[tuple[str, bool]] = []
        self._ids: dict[tuple[str, bool], list[str]] = {}

    def ref(self, citation_id: object) -> str:
        cid = str(citation_id)
        cite = self._citations.get(cid)
        if cite is None:
            return ""
        key = (cite.text(), cite.primary)
        if key not in self._ids:
            self._keys.append(key)
            self._ids[key] = []
        if cid not in self._ids[key]:
            self._ids[key].append(cid)
        return str(self._keys.index(key) + 1)

    def echo(self, lang: str = "en") -> None:
        if not self._keys:
            return
        click.echo("")
        click.echo(style(tr("Sources", lang), bold=True))
        for n, (text, primary) in enumerate(self._keys, start=1):
            kind = "" if primary else tr(" (secondary report)", lang)
            echo_text(f"[{n}] {text}{kind}")

    def as_json(self) -> list[dict[str, Any]]:
        out = []
        for n, key in enumerate(self._keys, start=1):
            for cid in self._ids[key]:
                out.append({"ref": n, "citation_id": cid, **attrs.asdict(self._citations[cid])})
        return out


def num(x: float, *, sign: bool = False, lang: str = "en") -> str:
    """A number in a table cell: at most two decimals, nothing when missing."""
    return format_number(x, 2, lang, sign=sign, strip=True, missing="")


def span(
    lo: float, hi: float, lo_open: bool = False, hi_open: bool = False, *, sign: bool = False, lang: str = "en"
) -> str:
    """An interval in a table cell: ``[26.5, 27.5]``, with a decimal comma ``[26,5; 27,5]``."""
    return format_interval(lo, hi, decimals=2, lang=lang, lower_open=lo_open, upper_open=hi_open, sign=sign, strip=True)


def verdict_colour(text: str) -> dict[str, Any] | None:
    if text in ("higher", "lower"):
        return {"bold": True}
    if text in ("undetermined", "indistinguishable"):
        return {"dim": True}
    return None


def wrap(text: str) -> str:
    """A paragraph wrapped for the terminal, never between a number and its unit, nor around ``=``."""
    return paragraph(text)


def concept_heading(concept: str | None, indicator: str, lang: str = "en") -> str:
    """The concept's label in ``lang`` (the name the user typed is in ``--json``); an unknown one as it is."""
    if concept is None:
        return tr("indicator {indicator}", lang, indicator=indicator)
    try:
        label = adoptstats.get_concept(concept).label_in(lang)
    except adoptstats.UnknownConceptError:
        return concept
    return label


def reconcile_head(rec: Reconciliation, lang: str = "en") -> str:
    """``48 reports of 23 figures (policy: ...); 15 figures reported more than once, 3 in conflict``."""
    multi = int(rec.reports["group"].nunique()) if len(rec.reports) else 0
    reports = ntr("{n} report", "{n} reports", rec.n_reports, lang)
    # TRANSLATORS: {reports} is "48 reports of 23 figures (policy: ...)", {repeated} "15 figures reported more
    # than once, 3 in conflict".
    return tr(
        "{reports}; {repeated}",
        lang,
        reports=ntr(
            "{reports} of {n} figure (policy: {policy})",
            "{reports} of {n} figures (policy: {policy})",
            rec.n_figures,
            lang,
            reports=reports,
            policy=", ".join(rec.policy),
        ),
        repeated=ntr(
            "{n} figure reported more than once, {conflicts} in conflict",
            "{n} figures reported more than once, {conflicts} in conflict",
            multi,
            lang,
            conflicts=rec.n_conflicts,
        ),
    )


def conflict_groups(rec: Reconciliation) -> list[pd.DataFrame]:
    reports = rec.reports
    if not len(reports):
        return []
    conflicting = reports[reports["conflict"].to_numpy(dtype=bool)]
    return [group for _, group in conflicting.groupby("group", sort=False)]


def reconcile_note(rec: Reconciliation | None, geos: Sequence[str] | None = None, lang: str = "en") -> list[str]:
    """A line saying how reports of the same figure were settled, then one per conflict resolved.

    With ``geos``, only the conflicts about those geographies are spelled out.  The reasons
    are the policy's own words (:attr:`Reconciliation.reports`), as recorded.
    """
    if rec is None or not len(rec.reports):
        return []
    groups = [g for g in conflict_groups(rec) if geos is None or str(g.iloc[0]["geo"]) in geos]
    if rec.n_conflicts and not groups:
        head = tr("reconciled {head}, none about the geographies shown", lang, head=reconcile_head(rec, lang))
    else:
        head = tr("reconciled {head}", lang, head=reconcile_head(rec, lang))
    # TRANSLATORS: a line introducing the list of conflicts under it.
    lines = [tr("{text}:", lang, text=head) if groups else head]
    for group in groups:
        chosen = group[group["chosen"].to_numpy(dtype=bool)]
        others = group[~group["chosen"].to_numpy(dtype=bool)]
        first = group.iloc[0]
        where = f"{first['geo']} {first['period']}" + (
            f" {first['breakdown']}" if first["breakdown"] != "total" else ""
        )
        if chosen.empty:  # pragma: no cover - reconcile always chooses one
            continue
        pick = chosen.iloc[0]
        over = ", ".join(f"{r['estimate'].text(lang)} ({r['publisher']})" for r in others.to_dict("records"))
        picked = f"{pick['estimate'].text(lang)} ({pick['publisher']})"
        line = tr(
            "{where}: chose {chosen} over {others}: {reason}",
            lang,
            where=where,
            chosen=picked,
            others=over,
            reason=rec.reason_in(int(pick["group"]), lang),
        )
        lines.append(f"  {line}")
    lines.append("")
    return lines


def reconcile_json(rec: Reconciliation | None) -> dict[str, Any] | None:
    if rec is None:
        return None
    return {
        "policy": list(rec.policy),
        "reports": rec.n_reports,
        "figures": rec.n_figures,
        "conflicts": frame_records(rec.conflicts),
        "caveats": caveats_json(rec.caveats),
    }
