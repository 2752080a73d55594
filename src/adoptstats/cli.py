"""The ``adoptstats`` command line.

Every command is a thin layer over the public Python API.  Errors print as one line on
stderr with a non-zero exit code; ``ADOPTSTATS_RAISE_ERRORS=1`` shows the traceback.
Plugins add commands through the ``adoptstats_register_commands`` hook.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

import adoptstats
from adoptstats.errors import AdoptstatsError

__all__ = ["AdoptstatsGroup", "build_cli", "main"]


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
    """A click group that turns adoptstats errors into one line on stderr and exit code 1."""

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
            click.echo(f"error: {message}", err=True)
            ctx.exit(1)


def _versions_callback(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"adoptstats {adoptstats.__version__}")
    for info in adoptstats.list_plugins():
        status = "" if info.status == "loaded" else f" ({info.status})"
        click.echo(f"  {info.distribution or info.name} {info.version or '?'}{status}")
    ctx.exit(0)


@click.group(cls=AdoptstatsGroup, context_settings={"help_option_names": ["-h", "--help"]})
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

    \b
    Example:
      adoptstats compare social_media.customer_acquisition --source regus --focus Belux --period 2010
    """


@cli.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def plugins_command(as_json: bool) -> None:
    """List installed plugins: distribution, version, hooks, sources and status.

    \b
    Example:
      adoptstats plugins --json
    """
    infos = adoptstats.list_plugins()
    if as_json:
        click.echo(json.dumps([i.as_dict() for i in infos], indent=2))
        return
    if not infos:
        click.echo("no plugins installed")
        return
    for i in infos:
        line = f"{i.name:<12} {i.distribution or '-':<22} {i.version or '-':<10} {i.status:<8}"
        line += f" sources: {', '.join(i.sources) or '-'}"
        click.echo(line)
        if i.error:
            click.echo(f"{'':12} error: {i.error}")


@cli.command("sources")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def sources_command(as_json: bool) -> None:
    """List installed sources with their plugin and version.

    \b
    Example:
      ADOPTSTATS_DISABLE_PLUGINS=eurostat adoptstats sources
    """
    frame = adoptstats.list_sources()
    if as_json:
        click.echo(json.dumps(frame.to_dict("records"), indent=2))
        return
    if frame.empty:
        click.echo("no sources installed")
        return
    for row in frame.to_dict("records"):
        click.echo(
            f"{row['name']:<10} {row['title'] or '-'}  [{row['distribution'] or row['plugin']} {row['version'] or ''}]"
        )


def build_cli() -> click.Group:
    """The root command group, with the commands installed plugins contribute."""
    adoptstats.get_registry().register_commands(cli)
    return cli


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``adoptstats`` console script."""
    group = build_cli()
    group.main(args=argv if argv is not None else sys.argv[1:], prog_name="adoptstats")
