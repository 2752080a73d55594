"""The comparison commands: ``compare``, ``rank``, ``trend`` and ``reconcile``.

Each fetches through :func:`adoptstats.fetch`, settles several reports of the same figure
with :func:`adoptstats.reconcile` (unless ``--no-reconcile``), calls the public comparison
function and lays out its result: a table, the one-paragraph summary and the numbered
sources the table's ``ref`` column points to.  ``--json`` prints the same as one document.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click
import pandas as pd

import adoptstats
from adoptstats._cli_analysis import (
    Refs,
    analysis_options,
    breakdown_option,
    check_concept,
    check_plot_path,
    concept_heading,
    conflict_groups,
    draw,
    fetch_for,
    num,
    plot_option,
    policy_option,
    reconcile_head,
    reconcile_json,
    reconcile_note,
    reconcile_results,
    span,
    verdict_colour,
    wrap,
)
from adoptstats._cli_common import (
    filter_options,
    filters,
    json_option,
    lang_option,
    run_fetch,
)
from adoptstats._cli_output import Column, echo_json, echo_text, fit, frame_records, render_table, style
from adoptstats._cli_profile import check_html_path, html_option, write_html
from adoptstats.i18n import ntr, ptr, tr
from adoptstats.render.json import caveats_json
from adoptstats.render.notes import caveat_notes, markers
from adoptstats.render.numbers import common_decimals, format_number, format_p
from adoptstats.render.text import comparability_cell, diff_cell, no_other_rows
from adoptstats.render.verdicts import verdict_word
from adoptstats.render.wording import unit_word

if TYPE_CHECKING:
    from adoptstats.comparison import Comparison
    from adoptstats.ranking import RankTable

__all__ = ["compare_command", "rank_command", "reconcile_command", "trend_command"]


# -- compare -------------------------------------------------------------------------------------


def _comparison_rows(comp: Comparison, refs: Refs, lang: str) -> list[dict[str, Any]]:
    rows = []
    decimals = dict(zip(comp.frame["geo"], comp.frame["decimals"], strict=True))
    for r in comp.to_frame().to_dict("records"):
        dec = common_decimals(decimals[r["geo"]], comp.focus_estimate.decimals)
        rows.append(
            {
                "geo": r["geo"],
                "name": adoptstats.geo_name(r["geo"], lang),
                "value": r["text"] if lang == "en" else _published(r, comp.unit).text(lang),
                "interval": span(r["lower"], r["upper"], lang=lang),
                "diff": diff_cell(r, dec, lang),
                "ratio": "" if not math.isfinite(r["ratio"]) else format_number(r["ratio"], 2, lang),
                "verdict": verdict_word(r["verdict"], lang),
                "p": "" if math.isnan(r["p_value"]) else format_p(r["p_value"], lang),
                "comparability": r["comparability"],
                "comparable": tr("yes", lang) if r["comparability"] == "comparable" else tr("no", lang),
                "benchmark": bool(r["benchmark"]),
                "ref": refs.ref(r["citation_id"]),
            }
        )
    return rows


def _published(row: Mapping[Any, Any], unit: str) -> adoptstats.Estimate:
    """A comparison row's figure as published (for writing it in another language)."""
    return adoptstats.Estimate(
        value=row["value"],
        lower=row["published_lower"],
        upper=row["published_upper"],
        qualifier=row["qualifier"],
        unit=unit,
    )


def _print_comparison(comp: Comparison, refs: Refs, lang: str) -> None:
    est = comp.focus_estimate
    focus_ref = refs.ref(comp.focus_citation_id)
    n = f", n = {comp.focus_sample_size}" if comp.focus_sample_size else ""
    echo_text(concept_heading(comp.concept, comp.indicator, lang), bold=True)
    echo_text(
        tr(
            "{period}, breakdown {breakdown}; differences are {focus} minus each other geography, in {unit}",
            lang,
            period=comp.period,
            breakdown=comp.breakdown,
            focus=comp.focus,
            unit=unit_word(comp.unit, lang, short=False) or comp.diff_unit,
        )
    )
    click.echo("")
    name = f"{adoptstats.geo_name(comp.focus, lang)} ({comp.focus})"
    line = fit(
        name
        + tr(
            ": {figure} {interval}{n}, rank {rank} [{ref}]",
            lang,
            figure=est.text(lang),
            interval=span(est.lower, est.upper, lang=lang),
            n=n,
            rank=comp.rank.text(lang),
            ref=focus_ref,
        )
    )
    click.echo(style(name, bold=True) + line[len(name) :])
    click.echo("")
    rows = _comparison_rows(comp, refs, lang)
    caveat_list = caveat_notes(comp.caveats, lang)
    for r in rows:
        r["caveats"] = markers(r["geo"], caveat_list)
    columns = [
        Column(key="geo", header=ptr("column", "geo", lang), drop=2),
        Column(key="name", header=ptr("column", "name", lang), max_width=28),
        Column(key="value", header=ptr("column", "value", lang), align="right"),
        Column(key="interval", header=ptr("column", "interval", lang), align="right"),
        Column(
            key="diff",
            header=ptr("column", "diff ({unit})", lang, unit=unit_word(comp.unit, lang) or comp.diff_unit),
            align="right",
        ),
        Column(key="ratio", header=ptr("column", "ratio", lang), align="right", drop=1),
        Column(key="verdict", header=ptr("column", "verdict", lang), colour=verdict_colour),
        Column(key="p", header=ptr("column", "p (Holm)", lang), align="right"),
        Column(key="comparable", header=ptr("column", "comparable", lang)),
        Column(key="caveats", header=ptr("column", "caveats", lang)),
        Column(key="ref", header=ptr("column", "ref", lang), align="right"),
    ]
    if all(not r["p"] for r in rows):
        columns = [c for c in columns if c.key != "p"]
    notes = [(r["geo"], r["comparability"]) for r in rows if r["comparability"] != "comparable"]
    if not notes:
        columns = [c for c in columns if c.key != "comparable"]
    click.echo(render_table(rows, columns, lang=lang) if rows else no_other_rows(comp, lang))
    if notes:
        click.echo("")
        echo_text(tr("not comparable with the focus:", lang))
        for geo, note in notes:
            echo_text(f"  {geo}: {note}")
    gaps = [g for g in (comp.gap_to_leader, comp.gap_to_benchmark) if g is not None]
    if gaps:
        click.echo("")
        if comp.gap_to_leader is not None:
            echo_text(tr("gap to leader: {text}", lang, text=comp.gap_to_leader.text(lang)))
        if comp.gap_to_benchmark is not None:
            echo_text(tr("gap to benchmark: {text}", lang, text=comp.gap_to_benchmark.text(lang)))
    if caveat_list:
        echo_text("")
        focus_marks = markers(comp.focus, caveat_list)
        if focus_marks:
            echo_text(tr("caveats ({focus}: {markers}):", lang, focus=comp.focus, markers=focus_marks))
        else:
            echo_text(tr("caveats:", lang))
        for note in caveat_list:
            echo_text(f"  [{note.number}] {note.text}")
    if rows and not notes:
        echo_text(tr("all rows comparable: same indicator, population, period and source", lang))


def _comparison_json(comp: Comparison, refs: Refs, lang: str) -> dict[str, Any]:
    frame = comp.to_frame()
    for cid in [comp.focus_citation_id, *frame["citation_id"].astype(str)]:
        refs.ref(cid)
    est = comp.focus_estimate
    return {
        "focus": {
            "geo": comp.focus,
            "name": adoptstats.geo_name(comp.focus, lang),
            "text": est.text(lang),
            **attrs.asdict(est),
            "sample_size": comp.focus_sample_size,
            "source": comp.focus_source,
            "citation_id": comp.focus_citation_id,
        },
        "concept": comp.concept,
        "indicator": comp.indicator,
        "period": comp.period,
        "breakdown": comp.breakdown,
        "unit": comp.unit,
        "diff_unit": comp.diff_unit,
        "benchmark": comp.benchmark,
        "rows": frame_records(frame),
        "rank": {**attrs.asdict(comp.rank), "text": comp.rank.text(lang)},
        "gap_to_leader": _gap_json(comp.gap_to_leader, lang),
        "gap_to_benchmark": _gap_json(comp.gap_to_benchmark, lang),
        "caveats": caveats_json(comp.caveats, lang),
        "summary": comp.summary(lang=lang),
    }


def _gap_json(gap: Any, lang: str) -> dict[str, Any] | None:
    if gap is None:
        return None
    return {**attrs.asdict(gap), "text": gap.text(lang)}


@click.command("compare", short_help="Compare one geography with the others.")
@click.argument("concept")
@click.option("--focus", required=True, metavar="GEO", help="The geography to compare (any language: Belux, Belgique).")
@click.option(
    "--against", multiple=True, metavar="GEO", help="Compare with these only (repeatable); default: every other."
)
@click.option("--period", metavar="PERIOD", help="The period (2010, 2023 ...); needed when the data hold several.")
@click.option("--benchmark", metavar="GEO", help="Benchmark geography; default WORLD, else EU27_2020, else EU28.")
@breakdown_option
@click.option("--strict", is_flag=True, help="Refuse figures that are not strictly comparable instead of noting why.")
@lang_option
@plot_option
@html_option
@analysis_options
def compare_command(
    concept: str,
    focus: str,
    against: tuple[str, ...],
    period: str | None,
    benchmark: str | None,
    breakdown: str,
    strict: bool,
    lang: str,
    plot_path: Path | None,
    html_path: Path | None,
    sources: tuple[str, ...],
    no_reconcile: bool,
    policy: str | None,
    source_options: dict[str, Any],
    offline: bool,
    as_json: bool,
) -> None:
    """Compare one geography (--focus) with the others on CONCEPT.

    Fetches CONCEPT from the sources (--source, repeatable; by default every installed
    source with an indicator for it), settles several reports of the same figure by a
    stated policy (primary reports first, then the majority reading, then the most
    recent; --policy to change it, --no-reconcile to skip), then prints the comparison
    table (differences in percentage points with their intervals, ratios, verdicts), a
    one-paragraph summary and the numbered sources the ref column points to.

    A verdict says how the focus stands: higher, lower, indistinguishable or
    undetermined (the intervals overlap). Figures that differ in indicator, population,
    period or source are kept with a note, or refused with --strict.

    \b
    Examples:
      adoptstats compare social_media.customer_acquisition --source regus --focus Belux \\
          --period 2010
      adoptstats compare social_media.customer_acquisition --source regus --period 2010 \\
          --focus Belgique-Luxembourg --against Espagne --against Pays-Bas \\
          --lang fr --plot belux.png
      adoptstats compare social_media.customer_acquisition --source regus --focus Belux \\
          --period 2010 --json
    """
    check_plot_path(plot_path)
    check_html_path(html_path)
    check_concept(concept)
    results, rec = fetch_for(
        concept,
        sources,
        periods=[period] if period else [],
        source_options=source_options,
        offline=offline,
        reconcile=not no_reconcile,
        policy=policy,
    )
    comp = adoptstats.compare(
        results,
        focus=focus,
        against=list(against) or None,
        concept=concept,
        period=period,
        strict=strict,
        benchmark=benchmark,
        breakdown=breakdown,
    )
    refs = Refs(comp.citations)
    if as_json:
        payload = _comparison_json(comp, refs, lang)
        payload["reconciliation"] = reconcile_json(rec)
        payload["citations"] = refs.as_json()
        echo_json(payload)
    else:
        shown = [comp.focus, *comp.to_frame()["geo"].astype(str)]
        for line in reconcile_note(rec, shown, lang):
            echo_text(line)
        _print_comparison(comp, refs, lang)
        click.echo("")
        click.echo(wrap(comp.summary(lang=lang)))
        refs.echo(lang)
    draw(comp.plot, plot_path)
    write_html(comp, html_path, lang)


# -- rank ----------------------------------------------------------------------------------------


def _rank_rows(table: RankTable, refs: Refs, lang: str) -> list[dict[str, Any]]:
    rows = []
    for r in table.to_frame().to_dict("records"):
        dec = r["decimals"]
        est = adoptstats.Estimate(
            value=r["value"],
            lower=r["lower"],
            upper=r["upper"],
            qualifier=r["qualifier"],
            decimals=None if pd.isna(dec) else int(dec),
            unit=r["unit"],
        )
        lo, hi = int(r["rank_lower"]), int(r["rank_upper"])
        rows.append(
            {
                "rank": str(r["rank"]),
                "range": str(lo) if lo == hi else f"{lo}–{hi}",
                "geo": r["geo"],
                "name": adoptstats.geo_name(r["geo"], lang),
                "value": est.text(lang),
                "interval": span(r["lower"], r["upper"], est.open_lower, est.open_upper, lang=lang),
                "n": None if pd.isna(r["sample_size"]) else int(r["sample_size"]),
                "comparable": r["comparability"] == "comparable",
                "comparability": comparability_cell(str(r["comparability"]), (), lang),
                "ref": refs.ref(r["citation_id"]),
            }
        )
    return rows


@click.command("rank", short_help="Rank geographies, with rank intervals.")
@click.argument("concept")
@click.option("--period", metavar="PERIOD", help="The period; needed when the data hold several.")
@breakdown_option
@click.option("--include-aggregates", is_flag=True, help="Rank WORLD, EU27_2020 ... too.")
@lang_option
@html_option
@analysis_options
def rank_command(
    concept: str,
    period: str | None,
    breakdown: str,
    include_aggregates: bool,
    lang: str,
    html_path: Path | None,
    sources: tuple[str, ...],
    no_reconcile: bool,
    policy: str | None,
    source_options: dict[str, Any],
    offline: bool,
    as_json: bool,
) -> None:
    """Rank every geography on CONCEPT, with the interval of ranks its figure allows.

    The rank is that of the published values (1 = highest, ties share the best rank);
    the range is 1 + the geographies certainly above .. 1 + those that could be above.
    Named aggregates (WORLD, EU27_2020 ...) are left out unless --include-aggregates.

    \b
    Examples:
      adoptstats rank social_media.customer_acquisition --source regus --period 2010
      adoptstats rank social_media.customer_acquisition --source regus --period 2010 --json
      adoptstats rank social_media.customer_acquisition --source regus --period 2010 --lang nl
    """
    check_html_path(html_path)
    check_concept(concept)
    results, rec = fetch_for(
        concept,
        sources,
        periods=[period] if period else [],
        source_options=source_options,
        offline=offline,
        reconcile=not no_reconcile,
        policy=policy,
    )
    table = adoptstats.rank(
        results, concept=concept, period=period, breakdown=breakdown, include_aggregates=include_aggregates
    )
    refs = Refs(table.citations)
    rows = _rank_rows(table, refs, lang)
    if as_json:
        echo_json(
            {
                "rows": frame_records(table.to_frame()),
                "caveats": caveats_json(table.caveats, lang),
                "reconciliation": reconcile_json(rec),
                "citations": refs.as_json(),
            }
        )
        write_html(table, html_path, lang)
        return
    for line in reconcile_note(rec, table.frame["geo"].astype(str).tolist(), lang):
        echo_text(line)
    frame = table.frame
    if len(frame):
        first = frame.iloc[0]
        concept_name = None if pd.isna(first["concept"]) else str(first["concept"])
        echo_text(concept_heading(concept_name, str(first["indicator"]), lang), bold=True)
        echo_text(
            ntr(
                "{period}, breakdown {breakdown}; {n} geography ranked",
                "{period}, breakdown {breakdown}; {n} geographies ranked",
                len(frame),
                lang,
                period=first["period"],
                breakdown=first["breakdown"],
            )
        )
        click.echo("")
    columns = [
        Column(key="rank", header=ptr("column", "rank", lang), align="right"),
        Column(key="range", header=ptr("column", "range", lang), align="right"),
        Column(key="geo", header=ptr("column", "geo", lang), drop=2),
        Column(key="name", header=ptr("column", "name", lang), max_width=28),
        Column(key="value", header=ptr("column", "value", lang), align="right"),
        Column(key="interval", header=ptr("column", "interval", lang), align="right"),
        Column(key="n", header=ptr("column", "n", lang), align="right", drop=1),
        Column(key="comparability", header=ptr("column", "comparability", lang), max_width=48),
        Column(key="ref", header=ptr("column", "ref", lang), align="right"),
    ]
    if all(r["n"] is None for r in rows):
        columns = [c for c in columns if c.key != "n"]
    if all(r["comparable"] for r in rows):
        columns = [c for c in columns if c.key != "comparability"]
    click.echo(render_table(rows, columns, lang=lang))
    refs.echo(lang)
    write_html(table, html_path, lang)


# -- trend ---------------------------------------------------------------------------------------


@click.command("trend", short_help="Change per year, and when a laggard catches up.")
@click.argument("concept")
@click.option("--geo", required=True, metavar="GEO", help="The geography whose trend to fit.")
@click.option("--against", metavar="GEO", help="A second geography; says when the laggard would catch up.")
@click.option("--since", metavar="PERIOD", help="First period to use.")
@click.option("--until", metavar="PERIOD", help="Last period to use.")
@breakdown_option
@lang_option
@plot_option
@html_option
@analysis_options
def trend_command(
    concept: str,
    geo: str,
    against: str | None,
    since: str | None,
    until: str | None,
    breakdown: str,
    lang: str,
    plot_path: Path | None,
    html_path: Path | None,
    sources: tuple[str, ...],
    no_reconcile: bool,
    policy: str | None,
    source_options: dict[str, Any],
    offline: bool,
    as_json: bool,
) -> None:
    """Fit the change per year of CONCEPT in --geo (and --against), and say when a laggard catches up.

    Prints the series with the fitted values, a summary (slope in percentage points a
    year with its interval; the catch-up year "at current trends") and the sources.
    Open-ended figures ("more than 40%") bound a value without giving one and are left
    out of the fit.

    \b
    Examples:
      adoptstats trend social_media.customer_acquisition --source regus --geo WORLD
      adoptstats trend cloud.any_use --source eurostat --geo BE --against NL --since 2014 \\
          --plot cloud.svg
    """
    check_plot_path(plot_path)
    check_html_path(html_path)
    check_concept(concept)
    results, rec = fetch_for(
        concept,
        sources,
        since=since,
        until=until,
        source_options=source_options,
        offline=offline,
        reconcile=not no_reconcile,
        policy=policy,
    )
    found = adoptstats.trend(
        results, geo, against=against, concept=concept, breakdown=breakdown, since=since, until=until
    )
    refs = Refs(found.citations)
    frame = found.to_frame()
    if as_json:
        for cid in frame["citation_id"]:
            refs.ref(cid)
        lines = [attrs.asdict(found.line)] + ([attrs.asdict(found.against_line)] if found.against_line else [])
        echo_json(
            {
                "geo": found.geo,
                "against": found.against,
                "concept": found.concept,
                "indicator": found.indicator,
                "breakdown": found.breakdown,
                "unit": found.unit,
                "lines": lines,
                "laggard": found.laggard,
                "leader": found.leader,
                "catch_up": found.catch_up,
                "catch_up_certain": found.catch_up_certain,
                "catch_up_why": found.catch_up_why,
                "caveats": caveats_json(found.caveats, lang),
                "rows": frame_records(frame),
                "summary": found.summary(lang=lang),
                "reconciliation": reconcile_json(rec),
                "citations": refs.as_json(),
            }
        )
    else:
        for line in reconcile_note(rec, [found.geo, *([found.against] if found.against else [])], lang):
            echo_text(line)
        echo_text(concept_heading(found.concept, found.indicator, lang), bold=True)
        echo_text(
            tr("breakdown {breakdown}; fitted values on each geography's trend line", lang, breakdown=found.breakdown)
        )
        click.echo("")
        rows = [
            {
                "geo": r["geo"],
                "period": r["period"],
                "value": adoptstats.Estimate(
                    value=r["value"], lower=r["lower"], upper=r["upper"], qualifier=r["qualifier"], unit=found.unit
                ).text(lang),
                "interval": span(
                    r["lower"], r["upper"], r["qualifier"] == "more_than", r["qualifier"] == "less_than", lang=lang
                ),
                "fitted": num(r["fitted"], lang=lang),
                "used": tr("yes", lang) if r["used"] else tr("no", lang),
                "ref": refs.ref(r["citation_id"]),
            }
            for r in frame.to_dict("records")
        ]
        columns = [
            Column(key="geo", header=ptr("column", "geo", lang)),
            Column(key="period", header=ptr("column", "period", lang)),
            Column(key="value", header=ptr("column", "value", lang), align="right"),
            Column(key="interval", header=ptr("column", "interval", lang), align="right"),
            Column(key="fitted", header=ptr("column", "fitted", lang), align="right"),
            Column(key="used", header=ptr("column", "in fit", lang)),
            Column(key="ref", header=ptr("column", "ref", lang), align="right"),
        ]
        click.echo(render_table(rows, columns, lang=lang))
        click.echo("")
        click.echo(wrap(found.summary(lang=lang)))
        refs.echo(lang)
    draw(found.plot, plot_path)
    write_html(found, html_path, lang)


# -- reconcile -----------------------------------------------------------------------------------


@click.command("reconcile", short_help="Show reports of the same figure that disagree, and the choice made.")
@click.argument("source")
@filter_options
@policy_option
@lang_option
@json_option
def reconcile_command(
    source: str,
    concepts: tuple[str, ...],
    indicators: tuple[str, ...],
    geos: tuple[str, ...],
    periods: tuple[str, ...],
    since: str | None,
    until: str | None,
    dataset: str | None,
    source_options: dict[str, Any],
    offline: bool,
    policy: str | None,
    lang: str,
    as_json: bool,
) -> None:
    """Group the reports of the same figure from SOURCE, show where they disagree and which one is kept.

    Reports of one figure share survey, indicator, geography, period and breakdown. The
    default policy keeps primary reports (the survey owner's) over secondary ones
    (press), then the report most others agree with, then the most recent publication;
    --policy changes it. The others stay as alternatives (--json lists every report).

    \b
    Examples:
      adoptstats reconcile regus --period 2010
      adoptstats reconcile regus --concept social_media.customer_acquisition --json
    """
    query = filters(concepts, indicators, geos, periods, since, until, dataset, source_options)
    results = run_fetch([source], query, offline=offline)
    rec = reconcile_results(results, policy)
    if as_json:
        echo_json(
            {
                **(reconcile_json(rec) or {}),
                "conflicts": frame_records(rec.conflicts),
                "reports": frame_records(rec.reports),
                "resolved": frame_records(rec.resolved.to_frame()),
                "citations": frame_records(results.citations_frame()),
            }
        )
        return
    echo_text(reconcile_head(rec, lang))
    groups = conflict_groups(rec)
    if not groups:
        echo_text(tr("no conflicts: reports of the same figure agree within their rounding", lang))
        return
    refs = Refs(results.citations)
    for group in groups:
        first = group.iloc[0]
        click.echo("")
        head = f"{first['geo']} {first['period']}"
        line = fit(f"{head} {first['indicator']} ({first['source']}/{first['dataset']}, {first['breakdown']})")
        click.echo(style(head, bold=True) + line[len(head) :])
        rows = [
            {
                "mark": "*" if r["chosen"] else "",
                "value": r["estimate"].text(lang),
                "publisher": r["publisher"],
                "reason": rec.reason_in(int(r["group"]), lang) if r["chosen"] else "",
                "ref": refs.ref(r["citation_id"]),
            }
            for r in group.to_dict("records")
        ]
        columns = [
            Column(key="mark", header=""),
            Column(key="value", header=ptr("column", "value", lang), align="right"),
            Column(key="publisher", header=ptr("column", "reported by", lang)),
            Column(key="reason", header=ptr("column", "why chosen", lang)),
            Column(key="ref", header=ptr("column", "ref", lang), align="right"),
        ]
        click.echo(render_table(rows, columns, lang=lang))
    refs.echo(lang)
