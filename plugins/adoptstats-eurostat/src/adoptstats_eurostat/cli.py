"""Command-line commands: ``adoptstats cache info|clear`` and ``adoptstats eurostat search|datasets|flags``.

The commands call the registered ``eurostat`` source, so they honour the same environment
variables as the Python API. Fetching is the core command's job
(``adoptstats fetch eurostat --dataset isoc_cismt --indicator E_SM1_ANY --geo BE``), which
shows download progress on a terminal.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import textwrap
from typing import Any, cast

import click

import adoptstats
from adoptstats_eurostat.source import EurostatSource

__all__ = ["cache_group", "eurostat_group", "register"]

logger = logging.getLogger(__name__)


def _source() -> EurostatSource:
    src = adoptstats.get_source("eurostat")
    if not isinstance(src, EurostatSource):  # pragma: no cover - another plugin took the name
        raise adoptstats.SourceError(f"the registered 'eurostat' source is a {type(src).__name__}")
    return src


def _width() -> int | None:
    """The terminal's width (or ``COLUMNS``); ``None`` for piped output, which keeps one line per row."""
    if sys.stdout.isatty() or os.environ.get("COLUMNS", "").strip().isdigit():
        return shutil.get_terminal_size((120, 24)).columns
    return None


def _echo_row(head: str, text: str) -> None:
    """``head`` then ``text``, the text wrapped at spaces to the terminal and continued under itself."""
    width = _width()
    if width is None or len(head) + len(text) <= width or width - len(head) < 20:
        click.echo(head + text)
        return
    lines = textwrap.wrap(text, width - len(head), break_long_words=False, break_on_hyphens=False)
    click.echo(head + ("\n" + " " * len(head)).join(lines))


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


@click.group("cache")
def cache_group() -> None:
    """Inspect or clear the adoptstats download cache (Eurostat answers).

    \b
    Examples:
      adoptstats cache info
      adoptstats cache clear --expired
    """


@cache_group.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--list", "list_entries", is_flag=True, help="List every entry (URL, date, size).")
def cache_info(as_json: bool, list_entries: bool) -> None:
    """Where the cache is, how many answers it holds, their size and how many have expired."""
    cache = _source().cache()
    info = cache.info()
    data: dict[str, Any] = {
        "directory": str(info.directory),
        "entries": info.entries,
        "size": info.size,
        "expired": info.expired,
        "expire_after_seconds": info.expire_after.total_seconds() if info.expire_after else None,
    }
    if list_entries:
        data["items"] = [
            {"url": e.url, "retrieved": e.retrieved.isoformat(), "size": e.size, "expired": e.expired}
            for e in cache.entries()
        ]
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"cache directory: {info.directory}")
    click.echo(f"entries:         {info.entries} ({info.expired} expired)")
    click.echo(f"size:            {_size(info.size)}")
    if info.expire_after is not None:
        click.echo(f"entries expire:  {info.expire_after} after retrieval")
    for item in data.get("items", []):
        mark = " (expired)" if item["expired"] else ""
        click.echo(f"  {item['retrieved'][:19]}  {_size(item['size']):>10}  {item['url']}{mark}")


@cache_group.command("clear")
@click.option("--expired", is_flag=True, help="Delete only expired entries.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def cache_clear(expired: bool, yes: bool) -> None:
    """Delete cached answers (all of them, or only expired ones)."""
    cache = _source().cache()
    if not yes and not expired:
        click.confirm(f"delete every cached Eurostat answer in {cache.directory}?", abort=True)
    removed = cache.clear(expired_only=expired)
    click.echo(f"deleted {removed} entr{'y' if removed == 1 else 'ies'} from {cache.directory}")


@click.group("eurostat")
def eurostat_group() -> None:
    """Eurostat: search its table of contents, list the catalogue and the flags.

    Fetch with the core command: ``adoptstats fetch eurostat --dataset isoc_cismt ...``.

    \b
    Examples:
      adoptstats eurostat search "social media"
      adoptstats eurostat datasets
    """


@eurostat_group.command("search")
@click.argument("text")
@click.option("--lang", type=click.Choice(["en", "fr", "de"]), default="en", show_default=True)
@click.option("--offline", is_flag=True, default=None, help="Use the cached table of contents only.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def search_command(text: str, lang: str, offline: bool | None, as_json: bool) -> None:
    """Find datasets and tables whose title or code holds every word of TEXT."""
    found = _source().search(text, lang=lang, offline=offline or None)
    if as_json:
        out = found.astype(object).where(found.notna(), None)
        click.echo(json.dumps(out.to_dict("records"), indent=2, default=str))
        return
    if found.empty:
        click.echo(f"nothing matches {text!r}")
        return
    for row in found.to_dict("records"):
        star = "*" if row["catalogued"] else " "
        span = f"{row['data_start'] or ''}-{row['data_end'] or ''}"
        _echo_row(f"{star} {row['code']:<18} {span:<10} ", str(row["title"]))
    if found["catalogued"].any():
        click.echo("* catalogued: indicators mapped to adoptstats concepts")


@eurostat_group.command("datasets")
def datasets_command() -> None:
    """The catalogued datasets (size-class and activity twins)."""
    for row in EurostatSource.datasets().to_dict("records"):
        _echo_row(f"{row['code']:<18} {row['by']:<9} {row['start']}-  ", str(row["title"]))


@eurostat_group.command("flags")
def flags_command() -> None:
    """Eurostat's observation flags and their meaning."""
    for row in EurostatSource.flags().to_dict("records"):
        _echo_row(f"{row['flag']:<2} ", f"{row['meaning']}  [{row['used']}]")


def register(cli: click.Group) -> None:
    """Add the ``cache`` and ``eurostat`` command groups (a name already taken is left alone and logged)."""
    for group in (cache_group, eurostat_group):
        name = cast(str, group.name)
        if name in cli.commands:
            logger.warning("the command %r already exists; adoptstats-eurostat does not replace it", name)
            continue
        cli.add_command(group)
