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
- ``--timeout SECONDS`` gives up on a source that has not answered in time
  (``SourceUnavailable``), through ``adoptstats.fetch(..., timeout=)``.
- ``--on-error raise|warn|ignore`` on commands that fetch from several sources: what a
  failing source does to the command, through ``adoptstats.fetch(..., on_error=)``.
- Notes and warnings go to stderr; spinners appear only on a terminal.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import attrs
import click

import adoptstats
from adoptstats._cli_common import (
    filter_options,
    filters,
    flag_spelling,
    json_option,
    on_error_option,
    parse_source_options,
    run_fetch,
)
from adoptstats._cli_output import Column, echo_json, fit, frame_records, paragraph, render_table, style, warn
from adoptstats.errors import AdoptstatsError
from adoptstats.export import EXPORT_FORMATS, check_target, write

__all__ = ["AdoptstatsGroup", "build_cli", "cli", "main", "parse_source_options"]  # and cli_with_plugins, built on use


def _raise_errors() -> bool:
    return os.environ.get("ADOPTSTATS_RAISE_ERRORS", "").strip().lower() in ("1", "true", "yes", "on")


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup):
        parts = [_one_line(e) for e in exc.exceptions]
        return f"{exc.message}: " + "; ".join(parts)
    # errors name the arguments of the call; here they are the command's flags
    text = (exc.message(flag_spelling) if isinstance(exc, AdoptstatsError) else str(exc)).strip()
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


class AdoptstatsGroup(click.Group):
    """A click group that turns adoptstats errors into one line on stderr and exit code 1.

    Errors whose message spans several lines print their first line and how to see the
    rest (``adoptstats --verbose``); validation errors list every problem.

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
                message = str(exc)  # every problem, one per line, as the validators promise
            elif isinstance(exc, adoptstats.EmptyResultError):
                pass  # what the sources have instead, one line each: the guidance is the message
            elif "\n" in message and not ctx.find_root().meta.get(_VERBOSE, False):
                head, *rest = message.splitlines()
                message = (
                    f"{head.rstrip(' :;')} ({len(rest)} more lines: rerun with 'adoptstats --verbose' to see them)"
                )
            _echo_error(message)
            ctx.exit(1)


def _echo_error(message: str) -> None:
    """``error: message`` on stderr, each line wrapped to the terminal."""
    fitted = fit("error: " + message, err=True)
    click.echo(style("error: ", err=True, fg="red", bold=True) + fitted[len("error: ") :], err=True)


_VERBOSE = "adoptstats.verbose"


def _verbose_callback(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.meta[_VERBOSE] = value


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
@click.option(
    "--verbose",
    "-v",
    "--debug",
    is_flag=True,
    expose_value=False,
    callback=_verbose_callback,
    help="Print errors with all their detail (several lines) instead of one line, and where a plugin failed to import.",
)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Compare how businesses adopt technology across countries and sources.

    Every figure keeps its source, wording, qualifier and uncertainty. Add --json to any
    listing or comparison for scripts, -o FILE to fetch for a file you can open.

    \b
    Examples:
      adoptstats sources
      adoptstats compare social_media.customer_acquisition --source regus --focus Belux \\
          --period 2010
      adoptstats fetch regus --concept social_media.customer_acquisition -o figures.xlsx
    """
    if ctx.invoked_subcommand != "plugins":  # 'adoptstats plugins' lists the failures itself
        for line in _loaded_registry().problems(verbose=bool(ctx.meta.get(_VERBOSE))):
            warn(line)


def _loaded_registry() -> adoptstats.Registry:
    """The default registry, its plugin warnings kept for one line each (see Registry.problems)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", adoptstats.AdoptstatsPluginWarning)
        return adoptstats.get_registry()


# -- listings ----------------------------------------------------------------------------------


@cli.command("plugins", short_help="List installed plugins and their status.")
@json_option
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
    verbose = bool(click.get_current_context().find_root().meta.get(_VERBOSE))
    for i in infos:
        if i.error:
            where = f" (at {i.where})" if verbose and i.where else ""
            click.echo(f"{i.name}: {i.error}{where}", err=True)


@cli.command("sources", short_help="List installed sources.")
@json_option
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
        Column(key="from", header="plugin", drop=1),
        Column(key="title", header="title", max_width=70),
    ]
    click.echo(render_table(rows, columns))


@cli.command("indicators", short_help="List a source's indicators and their concepts.")
@click.argument("source")
@click.option("--concept", help="Only indicators mapped to this concept.")
@click.option(
    "--refresh",
    is_flag=True,
    help="Read the source's catalogue from its service first (sources with a remote catalogue, such as oecd).",
)
@json_option
def indicators_command(source: str, concept: str | None, refresh: bool, as_json: bool) -> None:
    """List a source's native indicators and the concepts they map to.

    The match level says how closely an indicator measures its concept: same, close or related.
    With --refresh a source that reads its catalogue from a service (its refresh_indicators()
    method) does so first, and lists every indicator there, mapped to a concept or not.

    \b
    Examples:
      adoptstats indicators regus
      adoptstats indicators regus --concept social_media.customer_acquisition --json
      adoptstats indicators oecd --refresh
    """
    src = adoptstats.get_source(source)
    if concept is not None:
        adoptstats.get_concept(concept)  # unknown concept: an error with suggestions
    reader = src.indicators
    if refresh:
        remote = getattr(src, "refresh_indicators", None)
        if not callable(remote):
            raise click.UsageError(
                f"--refresh: source {source!r} has no remote catalogue to read (it lists a fixed one)"
            )
        reader = remote
    try:
        listed = reader()
    except AdoptstatsError:
        raise
    except Exception as exc:  # a broken plugin: one line naming it, not a traceback
        raise adoptstats.SourceError(
            f"source {source!r} could not list its indicators: {type(exc).__name__}: {exc}", source=source
        ) from exc
    indicators = [i for i in listed if concept is None or i.concept == concept]
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
        Column(key="concept", header="concept", drop=1),
        Column(key="match", header="match", drop=2),
        Column(key="unit", header="unit", drop=3),
        Column(key="label", header="label", max_width=80),
    ]
    click.echo(render_table(rows, columns))


@cli.command("concepts", short_help="List the harmonised adoption concepts.")
@click.option("--area", help="Only concepts of this area (social_media, web, cloud ...).")
@click.option("--definitions", "-d", is_flag=True, help="Print each concept's definition.")
@json_option
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
            line = fit(f"{c.name}  {c.label} ({c.unit}; from {c.contributed_by})")
            click.echo(style(c.name, bold=True) + line[len(c.name) :])
            click.echo(paragraph("    " + c.definition))
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
        Column(key="source", header="source", drop=1),
        Column(key="geo", header="geo"),
        Column(key="period", header="period", drop=3),
        Column(key="indicator", header="indicator", max_width=36),
        Column(key="breakdown", header="breakdown", drop=2),
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
@filter_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help=f"Write a file instead of a table; the extension picks the format ({', '.join(EXPORT_FORMATS)}).",
)
@click.option("--limit", default=50, show_default=True, help="Rows shown in the table; 0 shows all.")
@on_error_option
@json_option
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

    Without -o, prints a table. With -o FILE, writes the rows, their citations and their
    caveats: .csv and .parquet get sidecars FILE.citations.csv and FILE.caveats.csv (or
    .parquet), .json embeds them ({"data": [...], "citations": [...], "caveats": [...]}),
    .xlsx gets two more sheets. Parquet needs the parquet extra, Excel the excel extra (from
    the adoptstats clone: pip install -e '.[excel]').

    Source-specific options go through --option KEY=VALUE (see the source's
    documentation); VALUE is read as JSON when it parses (true, 2010, ["a","b"]) and as
    text otherwise, and a repeated key collects a list.

    \b
    Examples:
      adoptstats fetch regus --concept social_media.customer_acquisition --period 2010 \\
          --geo Belgique-Luxembourg --geo Espagne
      adoptstats fetch regus --period 2010 --option primary_only=true -o regus-2010.csv
      adoptstats fetch eurostat --concept cloud.any_use --geo BE --geo NL --since 2018 \\
          -o cloud.xlsx
    """
    if output is not None:
        check_target(output)  # fail before downloading anything
    query = filters(concepts, indicators, geos, periods, since, until, dataset, source_options)
    results = run_fetch(sources, query, offline=offline)
    if output is not None:
        written = write(results, output)
        n = len(results)
        click.echo(f"wrote {n} row{'s' if n != 1 else ''} to {written[0]}", err=True)
        for extra in written[1:]:
            what = "caveats" if extra.stem.endswith(".caveats") else "citations"
            count = len(results.caveats) if what == "caveats" else len(results.citations)
            click.echo(f"wrote {count} {what} to {extra}", err=True)
        return
    if as_json:
        echo_json(_results_json(results))
        return
    _print_results(results, limit)


@attrs.define
class _PluginCommands:
    """Which registry added commands to :data:`cli`, and their names."""

    registry: adoptstats.Registry | None = None
    names: set[str] = attrs.field(factory=set)


_plugin_commands = _PluginCommands()


def build_cli() -> click.Group:
    """The root command group, with the commands installed plugins contribute.

    Plugins add their commands once per registry: calling this again is cheap, and after
    :func:`adoptstats.refresh` the commands follow the new registry.
    """
    registry = _loaded_registry()
    if _plugin_commands.registry is not registry:
        for name in _plugin_commands.names:
            cli.commands.pop(name, None)
        before = set(cli.commands)
        with warnings.catch_warnings():  # printed in one line each when a command runs
            warnings.simplefilter("ignore", adoptstats.AdoptstatsPluginWarning)
            registry.register_commands(cli)
        _plugin_commands.registry = registry
        _plugin_commands.names = set(cli.commands) - before
    return cli


def __getattr__(name: str) -> Any:
    """``cli_with_plugins``: the root group with the installed plugins' commands (for documentation tools)."""
    if name == "cli_with_plugins":
        return build_cli()
    raise AttributeError(f"module 'adoptstats.cli' has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``adoptstats`` console script."""
    try:
        group = build_cli()
    except AdoptstatsError as exc:  # strict plugin loading (ADOPTSTATS_STRICT_PLUGINS=1)
        if _raise_errors():
            raise
        _echo_error(_one_line(exc))
        sys.exit(1)
    group.main(args=argv if argv is not None else sys.argv[1:], prog_name="adoptstats")


def _add_analysis_commands() -> None:
    from adoptstats._cli_compare import compare_command, rank_command, reconcile_command, trend_command
    from adoptstats._cli_profile import profile_command

    for command in (compare_command, rank_command, trend_command, reconcile_command, profile_command):
        cli.add_command(command)


_add_analysis_commands()
