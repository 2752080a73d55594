"""The ``adoptstats`` command line.

Every command is a thin layer over the public Python API.  Errors print as one line on
stderr with a non-zero exit code; ``ADOPTSTATS_RAISE_ERRORS=1`` shows the traceback.
Plugins add commands through the ``adoptstats_register_commands`` hook; groups they
create with ``@cli.group()`` get the same error handling.

Conventions shared by the commands:

- ``--json`` prints one JSON document on stdout, for scripts; without it, readable
  tables (coloured on a terminal unless ``NO_COLOR`` is set).
- ``-o FILE`` writes a file chosen by its extension (``.csv``, ``.json``, ``.parquet``,
  ``.xlsx``) with its citations beside or inside it.
- ``--option KEY=VALUE`` passes a source-specific option; the value is read as JSON when
  it parses (``true``, ``2010``, ``["a", "b"]``) and as text otherwise.  Repeating a key
  collects a list.
- ``--offline`` sets ``ADOPTSTATS_OFFLINE=1`` for the command and passes ``offline=True``
  to sources that accept it: nothing is downloaded, caches answer or the command fails.
- Notes and warnings go to stderr; spinners appear only on a terminal.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs
import click

import adoptstats
from adoptstats._cli_export import EXPORT_FORMATS, check_target, write_table
from adoptstats._cli_output import Column, echo_json, frame_records, render_table, spinner, style, warn
from adoptstats.errors import AdoptstatsError

__all__ = ["AdoptstatsGroup", "build_cli", "cli", "main", "parse_source_options"]

F = TypeVar("F", bound=Callable[..., Any])

#: Filters every source understands; ``--option`` may not use these names.
_COMMON_FILTERS = ("dataset", "indicator", "concept", "geo", "period", "since", "until")


def _raise_errors() -> bool:
    return os.environ.get("ADOPTSTATS_RAISE_ERRORS", "").strip().lower() in ("1", "true", "yes", "on")


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup):
        parts = [_one_line(e) for e in exc.exceptions]
        return f"{exc.message}: " + "; ".join(parts)
    text = str(exc).strip()
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


class AdoptstatsGroup(click.Group):
    """A click group that turns adoptstats errors into one line on stderr and exit code 1.

    Sub-groups made with ``@group.group()`` are AdoptstatsGroups too, so plugin groups
    behave the same when invoked on their own.
    """

    group_class = type

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; print :class:`AdoptstatsError` as ``error: ...`` unless asked to raise."""
        try:
            return super().invoke(ctx)
        except (AdoptstatsError, BaseExceptionGroup) as exc:
            if _raise_errors():
                raise
            message = _one_line(exc)
            if isinstance(exc, adoptstats.ValidationError):
                message = str(exc)
            click.echo(style("error: ", err=True, fg="red", bold=True) + message, err=True)
            ctx.exit(1)


def _versions_callback(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"adoptstats {adoptstats.__version__}")
    for info in adoptstats.list_plugins():
        status = "" if info.status == "loaded" else f" ({info.status})"
        click.echo(f"  {info.distribution or info.name} {info.version or '?'}{status}")
    ctx.exit(0)


@click.group(
    cls=AdoptstatsGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_versions_callback,
    help="Show the versions of adoptstats and its plugins, then exit.",
)
def cli() -> None:
    """Compare how businesses adopt technology across countries and sources.

    Every figure keeps its source, wording, qualifier and uncertainty. Add --json to any
    listing or comparison for scripts, -o FILE to fetch for a file you can open.

    \b
    Examples:
      adoptstats sources
      adoptstats compare social_media.customer_acquisition --source regus --focus Belux --period 2010
      adoptstats fetch regus --concept social_media.customer_acquisition -o figures.xlsx
    """


# -- shared options ----------------------------------------------------------------------------


def parse_source_options(pairs: Sequence[str]) -> dict[str, Any]:
    """``["edition=2010", "primary_only=true"]`` → ``{"edition": 2010, "primary_only": True}``.

    Each value is read as JSON when it parses, as text otherwise (``size_class=10-49`` is the
    text ``"10-49"``; write ``key='"2010"'`` to force the text ``"2010"``).  A key given
    several times collects a list of its values.

    :raises click.BadParameter: for an item without ``=``, or one that names a common filter.
    """
    collected: dict[str, list[Any]] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="'--option'")
        if key in _COMMON_FILTERS or key in ("indicators", "concepts", "geos", "periods"):
            flag = key.removesuffix("s") if key != "since" else key
            raise click.BadParameter(f"use --{flag} for {key!r}, not --option", param_hint="'--option'")
        try:
            value: Any = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        collected.setdefault(key, []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in collected.items()}


def _option_callback(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> dict[str, Any]:
    return parse_source_options(value)


def _offline_option(f: F) -> F:
    return click.option(
        "--offline",
        is_flag=True,
        help="Download nothing: answer from caches and bundled data, or fail (sets ADOPTSTATS_OFFLINE=1).",
    )(f)


def _source_option_option(f: F) -> F:
    return click.option(
        "--option",
        "source_options",
        metavar="KEY=VALUE",
        multiple=True,
        callback=_option_callback,
        help="A source-specific option, repeatable; VALUE is read as JSON when it parses, else as text.",
    )(f)


def _json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def _filter_options(f: F) -> F:
    options = [
        click.option("--concept", "concepts", multiple=True, metavar="CONCEPT", help="Harmonised concept, repeatable."),
        click.option("--indicator", "indicators", multiple=True, metavar="CODE", help="Native indicator, repeatable."),
        click.option(
            "--geo", "geos", multiple=True, metavar="GEO", help="Geography code or name in any language, repeatable."
        ),
        click.option("--period", "periods", multiple=True, metavar="PERIOD", help="2010, 2023-Q1 ..., repeatable."),
        click.option("--since", metavar="PERIOD", help="First period to keep."),
        click.option("--until", metavar="PERIOD", help="Last period to keep."),
        click.option("--dataset", metavar="NAME", help="The source's dataset."),
        _source_option_option,
        _offline_option,
    ]
    for option in reversed(options):
        f = option(f)
    return f


@contextlib.contextmanager
def _offline_mode(offline: bool) -> Iterator[None]:
    """``ADOPTSTATS_OFFLINE=1`` while the block runs, when asked for."""
    if not offline:
        yield
        return
    before = os.environ.get("ADOPTSTATS_OFFLINE")
    os.environ["ADOPTSTATS_OFFLINE"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("ADOPTSTATS_OFFLINE", None)
        else:
            os.environ["ADOPTSTATS_OFFLINE"] = before


def _fetch(
    sources: Sequence[str],
    filters: dict[str, Any],
    *,
    offline: bool,
    on_error: str = "raise",
) -> adoptstats.ResultSet:
    """Fetch through :func:`adoptstats.fetch`, with a spinner, offline mode and warnings as notes."""
    filters = {k: v for k, v in filters.items() if v not in (None, (), [])}
    registry = adoptstats.get_registry()
    entries = [registry.entry(name) for name in sources]  # unknown names fail before any download
    if offline and any("offline" in e.source.options for e in entries):
        filters["offline"] = True
    label = f"fetching from {', '.join(sources)}"
    with _offline_mode(offline), spinner(label), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", adoptstats.SourceWarning)
        result = adoptstats.fetch(list(sources) if len(sources) > 1 else sources[0], on_error=on_error, **filters)
    for w in caught:
        if issubclass(w.category, adoptstats.SourceWarning):
            warn(str(w.message))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return result


def _filters(
    concepts: Sequence[str] = (),
    indicators: Sequence[str] = (),
    geos: Sequence[str] = (),
    periods: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    dataset: str | None = None,
    source_options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "concept": list(concepts),
        "indicator": list(indicators),
        "geo": list(geos),
        "period": list(periods),
        "since": since,
        "until": until,
        "dataset": dataset,
    }
    out.update(source_options or {})
    return out


# -- listings ----------------------------------------------------------------------------------


@cli.command("plugins", short_help="List installed plugins and their status.")
@_json_option
def plugins_command(as_json: bool) -> None:
    """List installed plugins: distribution, version, hooks, sources and status.

    A plugin that failed to load is listed with its error; the others still work.

    \b
    Examples:
      adoptstats plugins
      adoptstats plugins --json
    """
    infos = adoptstats.list_plugins()
    if as_json:
        click.echo(json.dumps([i.as_dict() for i in infos], indent=2))
        return
    if not infos:
        click.echo("no plugins installed")
        return
    rows = [
        {
            "name": i.name,
            "distribution": i.distribution or "-",
            "version": i.version or "-",
            "status": i.status,
            "sources": ", ".join(i.sources) or "-",
        }
        for i in infos
    ]
    columns = [
        Column(key="name", header="plugin"),
        Column(key="distribution", header="distribution"),
        Column(key="version", header="version"),
        Column(key="status", header="status", colour=lambda s: None if s == "loaded" else {"fg": "red"}),
        Column(key="sources", header="sources"),
    ]
    click.echo(render_table(rows, columns))
    for i in infos:
        if i.error:
            click.echo(f"{i.name}: {i.error}", err=True)


@cli.command("sources", short_help="List installed sources.")
@_json_option
def sources_command(as_json: bool) -> None:
    """List installed sources with their publisher, plugin and version.

    \b
    Examples:
      adoptstats sources
      ADOPTSTATS_DISABLE_PLUGINS=eurostat adoptstats sources --json
    """
    frame = adoptstats.list_sources()
    if as_json:
        click.echo(json.dumps(frame.to_dict("records"), indent=2))
        return
    if frame.empty:
        click.echo("no sources installed")
        return
    rows = [
        {
            "name": r["name"],
            "publisher": r["publisher"] or "-",
            "from": f"{r['distribution'] or r['plugin']} {r['version'] or ''}".strip(),
            "title": r["title"] or "-",
        }
        for r in frame.to_dict("records")
    ]
    columns = [
        Column(key="name", header="source"),
        Column(key="publisher", header="publisher"),
        Column(key="from", header="plugin"),
        Column(key="title", header="title", max_width=70),
    ]
    click.echo(render_table(rows, columns))


@cli.command("indicators", short_help="List a source's indicators and their concepts.")
@click.argument("source")
@click.option("--concept", help="Only indicators mapped to this concept.")
@_json_option
def indicators_command(source: str, concept: str | None, as_json: bool) -> None:
    """List a source's native indicators and the concepts they map to.

    The match level says how closely an indicator measures its concept: same, close or related.

    \b
    Examples:
      adoptstats indicators regus
      adoptstats indicators regus --concept social_media.customer_acquisition --json
    """
    src = adoptstats.get_source(source)
    if concept is not None:
        adoptstats.get_concept(concept)  # unknown concept: an error with suggestions
    indicators = [i for i in src.indicators() if concept is None or i.concept == concept]
    if as_json:
        echo_json([attrs.asdict(i) for i in indicators])
        return
    if not indicators:
        click.echo(f"source {source!r} has no indicator" + (f" mapped to {concept!r}" if concept else ""))
        return
    rows = [attrs.asdict(i) for i in indicators]
    columns = [
        Column(key="code", header="indicator"),
        Column(key="dataset", header="dataset"),
        Column(key="concept", header="concept"),
        Column(key="match", header="match"),
        Column(key="unit", header="unit"),
        Column(key="label", header="label", max_width=60),
    ]
    click.echo(render_table(rows, columns))


@cli.command("concepts", short_help="List the harmonised adoption concepts.")
@click.option("--area", help="Only concepts of this area (social_media, web, cloud ...).")
@click.option("--definitions", "-d", is_flag=True, help="Print each concept's definition.")
@_json_option
def concepts_command(area: str | None, definitions: bool, as_json: bool) -> None:
    """List the harmonised adoption concepts, core and plugin-contributed.

    \b
    Examples:
      adoptstats concepts --area social_media
      adoptstats concepts --json
    """
    concepts = [c for c in adoptstats.list_concepts() if area is None or c.area == area]
    if as_json:
        echo_json([attrs.asdict(c) for c in concepts])
        return
    if not concepts:
        areas = sorted({c.area for c in adoptstats.list_concepts()})
        raise click.BadParameter(f"no concept in area {area!r}; areas: {', '.join(areas)}", param_hint="'--area'")
    if definitions:
        for c in concepts:
            click.echo(style(c.name, bold=True) + f"  {c.label} ({c.unit}; from {c.contributed_by})")
            click.echo(click.wrap_text(c.definition, width=92, initial_indent="    ", subsequent_indent="    "))
        return
    rows = [{"name": c.name, "label": c.label, "unit": c.unit, "from": c.contributed_by} for c in concepts]
    columns = [
        Column(key="name", header="concept"),
        Column(key="label", header="label", max_width=60),
        Column(key="unit", header="unit"),
        Column(key="from", header="from"),
    ]
    click.echo(render_table(rows, columns))


# -- fetch ---------------------------------------------------------------------------------------


def _result_rows(results: adoptstats.ResultSet, limit: int | None) -> list[dict[str, Any]]:
    frame = results.frame if limit is None else results.frame.head(limit)
    sub = adoptstats.ResultSet(frame, results.citations, _trusted=True)
    rows = []
    for rec in sub.records():
        est = rec.estimate
        cite = rec.citation
        rows.append(
            {
                "source": rec.source,
                "geo": rec.geo,
                "period": rec.period,
                "indicator": rec.indicator,
                "breakdown": rec.breakdown,
                "value": est.text(),
                "interval": _interval(est.lower, est.upper),
                "n": rec.sample_size,
                "flags": rec.flags,
                "cited": f"{cite.publisher}{' (primary)' if cite.primary else ''}",
            }
        )
    return rows


def _interval(lower: float, upper: float) -> str:
    return f"{round(lower, 6):g}–{round(upper, 6):g}"


def _print_results(results: adoptstats.ResultSet, limit: int) -> None:
    n = len(results)
    if n == 0:
        click.echo("no rows match these filters")
        return
    shown = None if limit <= 0 else limit
    rows = _result_rows(results, shown)
    columns = [
        Column(key="source", header="source"),
        Column(key="geo", header="geo"),
        Column(key="period", header="period"),
        Column(key="indicator", header="indicator", max_width=36),
        Column(key="breakdown", header="breakdown"),
        Column(key="value", header="value", align="right"),
        Column(key="interval", header="interval", align="right"),
        Column(key="n", header="n", align="right"),
        Column(key="flags", header="flags"),
        Column(key="cited", header="cited by", max_width=36),
    ]
    if all(not r["flags"] for r in rows):
        columns = [c for c in columns if c.key != "flags"]
    if all(r["n"] is None for r in rows):
        columns = [c for c in columns if c.key != "n"]
    click.echo(render_table(rows, columns))
    cites = len(results.citations)
    more = f"; showing the first {len(rows)} (--limit 0 for all, -o FILE to save)" if len(rows) < n else ""
    click.echo(f"{n} row{'s' if n != 1 else ''}, {cites} citation{'s' if cites != 1 else ''}{more}")


def _results_json(results: adoptstats.ResultSet) -> dict[str, Any]:
    return {"data": frame_records(results.to_frame()), "citations": frame_records(results.citations_frame())}


@cli.command("fetch", short_help="Fetch results with citations; print or save them.")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@_filter_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help=f"Write a file instead of a table; the extension picks the format ({', '.join(EXPORT_FORMATS)}).",
)
@click.option("--limit", default=50, show_default=True, help="Rows shown in the table; 0 shows all.")
@_json_option
def fetch_command(
    sources: tuple[str, ...],
    concepts: tuple[str, ...],
    indicators: tuple[str, ...],
    geos: tuple[str, ...],
    periods: tuple[str, ...],
    since: str | None,
    until: str | None,
    dataset: str | None,
    source_options: dict[str, Any],
    offline: bool,
    output: Path | None,
    limit: int,
    as_json: bool,
) -> None:
    """Fetch survey results from one source or several, with their citations.

    Without -o, prints a table. With -o FILE, writes the rows and their citations:
    .csv and .parquet get a sidecar FILE.citations.csv/.parquet, .json embeds them
    ({"data": [...], "citations": [...]}), .xlsx gets a second sheet. Parquet needs
    pip install 'adoptstats[parquet]', Excel 'adoptstats[excel]'.

    Source-specific options go through --option KEY=VALUE (see the source's
    documentation); VALUE is read as JSON when it parses (true, 2010, ["a","b"]) and as
    text otherwise, and a repeated key collects a list.

    \b
    Examples:
      adoptstats fetch regus --concept social_media.customer_acquisition --geo Belgique --period 2010
      adoptstats fetch regus --period 2010 --option primary_only=true -o regus-2010.csv
      adoptstats fetch eurostat --concept cloud.any_use --geo BE --geo NL --since 2018 -o cloud.xlsx
    """
    if output is not None:
        check_target(output)  # fail before downloading anything
    filters = _filters(concepts, indicators, geos, periods, since, until, dataset, source_options)
    results = _fetch(sources, filters, offline=offline)
    if output is not None:
        written = write_table(output, results.to_frame(), results.citations_frame())
        n = len(results)
        click.echo(f"wrote {n} row{'s' if n != 1 else ''} to {written[0]}", err=True)
        for extra in written[1:]:
            click.echo(f"wrote {len(results.citations)} citations to {extra}", err=True)
        return
    if as_json:
        echo_json(_results_json(results))
        return
    _print_results(results, limit)


def build_cli() -> click.Group:
    """The root command group, with the commands installed plugins contribute."""
    adoptstats.get_registry().register_commands(cli)
    return cli


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``adoptstats`` console script."""
    group = build_cli()
    group.main(args=argv if argv is not None else sys.argv[1:], prog_name="adoptstats")
