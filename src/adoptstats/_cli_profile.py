"""The ``adoptstats profile`` command, and ``--html FILE`` reports for the analysis commands."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

import adoptstats
from adoptstats._cli_common import json_option, lang_option, offline_option, run_fetch, source_option, timeout_option
from adoptstats._cli_output import echo_json, echo_text, frame_records, paragraph, style, warn
from adoptstats._selection import concept_label
from adoptstats.export import ExportError, check_target, write
from adoptstats.i18n import tr
from adoptstats.install import extra_advice
from adoptstats.render.json import caveats_json

__all__ = ["html_option", "profile_command", "write_html"]

F = TypeVar("F", bound=Callable[..., Any])
_CHARTS = (".png", ".svg", ".pdf")


def html_option(f: F) -> F:
    """The ``--html FILE`` option: also write a self-contained HTML report."""
    return click.option(
        "--html",
        "html_path",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="Also write a self-contained HTML report (chart, table, paragraph, caveats, sources) to this file.",
    )(f)


def check_html_path(path: Path | None) -> None:
    """Refuse a report path before any download: wrong extension or missing directory."""
    if path is None:
        return
    if path.suffix.lower() not in (".html", ".htm"):
        raise ExportError(f"--html: cannot write {str(path)!r}; use a file name ending in .html")
    if not path.parent.is_dir():
        raise ExportError(f"--html: the directory {str(path.parent)!r} does not exist")


def write_html(result: Any, path: Path | None, lang: str) -> None:
    """Write the report of ``result`` when ``--html`` was given, and say where."""
    if path is None:
        return
    from adoptstats.reports import write_report

    write_report(result, path, lang=lang)
    click.echo(f"wrote a report to {path}", err=True)


def _check_chart_path(path: Path | None) -> None:
    if path is None:
        return
    if path.suffix.lower() not in _CHARTS:
        raise ExportError(f"--plot: cannot draw {str(path)!r}; use a file name ending in {', '.join(_CHARTS)}")
    if not path.parent.is_dir():
        raise ExportError(f"--plot: the directory {str(path.parent)!r} does not exist")
    if importlib.util.find_spec("matplotlib") is None:
        raise ExportError(
            f"--plot: charts need matplotlib, which is not installed; {extra_advice('plot', 'matplotlib')}"
        )


def _concepts_of(name: str) -> list[str]:
    """Concepts a source maps indicators to (none for sources that read the user's files)."""
    try:
        indicators = adoptstats.get_registry().get(name).indicators()
    except Exception as exc:  # a broken source must not hide the others
        warn(f"source {name!r} could not list its indicators: {type(exc).__name__}: {exc}")
        return []
    return sorted({i.concept for i in indicators if i.concept})


def _fetch(
    sources: Sequence[str],
    paths: Sequence[Path],
    concepts: Sequence[str],
    geos: Sequence[str],
    period: str | None,
    source_options: dict[str, Any],
    offline: bool,
) -> adoptstats.ResultSet:
    names = list(dict.fromkeys([*sources, *(["manual"] if paths else [])]))
    if not names:
        raise adoptstats.SelectionError("profile: name the figures to use with --source SOURCE or --path FILE")
    parts = []
    for name in names:
        mapped = _concepts_of(name)
        wanted = [c for c in concepts if not mapped or c in mapped] if concepts else mapped
        if mapped and not wanted:
            warn(f"source {name!r} has no indicator for {', '.join(concepts)}; skipped")
            continue
        query: dict[str, Any] = {"geo": list(geos), **source_options}
        if wanted:
            query["concept"] = wanted
        if period:
            query["period"] = [period]
        if name == "manual" and paths:
            query["path"] = [str(p) for p in paths]
        parts.append(run_fetch([name], query, offline=offline))
    if parts and not any(len(p) for p in parts):
        raise adoptstats.SelectionError(
            f"profile: no figure for {', '.join(geos)} in {', '.join(names)}"
            + (f" for {period} (--period)" if period else "")
            + "; check the geographies (GEO, --against) and the sources (--source, --path)"
        )
    if not parts:
        raise adoptstats.SelectionError(f"profile: no source has an indicator for {', '.join(concepts)} (--concept)")
    return parts[0] if len(parts) == 1 else adoptstats.concat(parts)


def _echo_text(prof: Any, lang: str) -> None:
    echo_text(f"{prof.focus} against {', '.join(prof.against)} (breakdown {prof.breakdown})", bold=True)
    click.echo("")
    if len(prof.frame):
        click.echo(prof.display(lang).to_string(index=False))
    else:
        click.echo("(no concept with a figure on both sides for one period)")
    click.echo("")
    for bench in prof.against:
        counts = prof.counts(bench)
        echo_text(f"{bench}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    click.echo("")
    click.echo(paragraph(prof.summary(lang)))
    lines = prof.caveat_lines(lang)
    if lines:
        click.echo("")
        click.echo(style(tr("Caveats", lang), bold=True))
        for text in lines:
            click.echo(paragraph(text))
    if prof.missing:
        click.echo("")
        click.echo(style(tr("Left out", lang), bold=True))
        for m in prof.missing:
            label = concept_label(m.concept, m.concept, lang)
            echo_text(f"- {label} ({m.benchmark}): {m.reason_in(lang)}")
    click.echo("")
    click.echo(style(tr("Sources", lang), bold=True))
    for n, cite in enumerate(prof.sources(), start=1):
        kind = "" if cite.primary else tr(" (secondary report)", lang)
        echo_text(f"[{n}] {cite.text()}{kind}")


def _json(prof: Any, lang: str) -> dict[str, Any]:
    cites = prof.citations_frame()
    numbers = dict(zip(cites["citation_id"], cites["ref"], strict=True)) if len(cites) else {}
    rows = frame_records(prof.to_frame())
    for row in rows:
        row["focus_ref"] = int(numbers[row["focus_citation_id"]])
        row["ref"] = int(numbers[row["citation_id"]])
    return {
        "focus": prof.focus,
        "against": list(prof.against),
        "breakdown": prof.breakdown,
        "period": prof.period,
        "counts": {b: prof.counts(b) for b in prof.against},
        "rows": rows,
        "missing": [
            {"concept": m.concept, "benchmark": m.benchmark, "reason": m.reason_in(lang)} for m in prof.missing
        ],
        "caveats": caveats_json(prof.caveats, lang),
        "general_caveats": prof.general_caveats(lang),
        "summary": prof.summary(lang),
        "citations": frame_records(cites),
    }


@click.command("profile", short_help="One geography against benchmarks on every adoption concept.")
@click.argument("geo")
@click.option("--against", multiple=True, required=True, metavar="GEO", help="Benchmark geography, repeatable.")
@click.option("--source", "sources", multiple=True, metavar="SOURCE", help="Source to fetch from, repeatable.")
@click.option(
    "--path",
    "paths",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    metavar="FILE",
    help="Your own figures: a manual CSV or YAML file (or folder), repeatable; adds the manual source.",
)
@click.option("--concept", "concepts", multiple=True, metavar="CONCEPT", help="Limit to these concepts, repeatable.")
@click.option("--period", metavar="PERIOD", help="Force one period; default: per concept, the latest both sides share.")
@click.option("--breakdown", default="total", show_default=True, help="Breakdown to profile (size:10-49, sme ...).")
@click.option("--strict", is_flag=True, help="Refuse figures that are not strictly comparable instead of noting why.")
@click.option("--no-reconcile", is_flag=True, help="Keep several reports of the same figure as they are.")
@lang_option
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also draw a dumbbell chart to this file (.png, .svg, .pdf; needs the plot extra).",
)
@html_option
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also export the table with its citations (.csv, .json, .parquet, .xlsx; by extension).",
)
@source_option
@offline_option
@timeout_option
@json_option
def profile_command(
    geo: str,
    against: tuple[str, ...],
    sources: tuple[str, ...],
    paths: tuple[Path, ...],
    concepts: tuple[str, ...],
    period: str | None,
    breakdown: str,
    strict: bool,
    no_reconcile: bool,
    lang: str,
    plot_path: Path | None,
    html_path: Path | None,
    output: Path | None,
    source_options: dict[str, Any],
    offline: bool,
    as_json: bool,
) -> None:
    """Compare GEO with each --against geography on every concept both have a figure for.

    Each concept is compared at the latest period both sides share for it (surveys ask
    some questions only in some years; --period forces one), then the verdicts are
    counted: ahead, behind, indistinguishable, undetermined. Concepts only one side has,
    or has for other years only, are listed as left out. Every row carries its caveats:
    populations, sources or indicators that differ, second-hand reports, open figures.

    \b
    Examples:
      adoptstats profile Belux --against WORLD --source regus
      adoptstats profile Belux --against WORLD --source regus --lang fr \\
          --html belux.html --plot belux.png
      adoptstats profile Espagne --against Belux --path figures.csv --json
      adoptstats profile BE --against EU27_2020 --source eurostat --breakdown size:10-49
    """
    _check_chart_path(plot_path)
    check_html_path(html_path)
    if output is not None:
        check_target(output)
    adoptstats.get_registry()  # plugins contribute concepts
    for concept in concepts:
        adoptstats.get_concept(concept)
    geos = [adoptstats.normalize_geo(g) for g in (geo, *against)]
    results = _fetch(sources, paths, concepts, geos, period, source_options, offline)
    if not no_reconcile:
        results = adoptstats.reconcile(results).resolved
    prof = adoptstats.profile(
        results,
        geo,
        list(against),
        period=period,
        breakdown=breakdown,
        concepts=list(concepts) or None,
        strict=strict,
    )
    if as_json:
        echo_json(_json(prof, lang))
    else:
        _echo_text(prof, lang)
    if plot_path is not None:
        prof.plot(str(plot_path), lang=lang)
        click.echo(f"wrote a chart to {plot_path}", err=True)
    write_html(prof, html_path, lang)
    if output is not None:
        for path in write(prof, output, lang=lang):
            click.echo(f"wrote {path}", err=True)
