"""Command-line commands: ``adoptstats cache info|clear`` and ``adoptstats eurostat search|fetch|datasets|flags``.

The commands call the registered ``eurostat`` source, so they honour the same environment
variables as the Python API. Downloads show a progress bar on a terminal (stderr) only.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any, TextIO, cast

import click

import adoptstats
from adoptstats_eurostat.progress import Progress, report_progress
from adoptstats_eurostat.source import EurostatSource

__all__ = ["ProgressBar", "cache_group", "eurostat_group", "register"]

logger = logging.getLogger(__name__)


def _source() -> EurostatSource:
    src = adoptstats.get_source("eurostat")
    if not isinstance(src, EurostatSource):  # pragma: no cover - another plugin took the name
        raise adoptstats.SourceError(f"the registered 'eurostat' source is a {type(src).__name__}")
    return src


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


class ProgressBar:
    """A progress callback drawing on a terminal: a bar when the length is known, a byte count otherwise."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self._url: str | None = None
        self._bar: Any = None
        self._shown = 0

    def __call__(self, event: Progress) -> None:
        """Draw one progress event."""
        if event.url != self._url:
            self.close()
            self._url = event.url
            if event.total:
                self._bar = click.progressbar(length=event.total, label="downloading", file=self.stream)
                self._bar.__enter__()
        if self._bar is not None:
            self._bar.update(event.received - self._shown)
            self._shown = event.received
        else:
            click.echo(f"\rdownloading: {_size(event.received)}", nl=False, file=self.stream)
        if event.done:
            if self._bar is None:
                click.echo("", file=self.stream)
            self.close()

    def close(self) -> None:
        """Finish the current bar, if any."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
        self._bar = None
        self._url = None
        self._shown = 0


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
    """Eurostat: search its table of contents, fetch a dataset, list the catalogue and flags.

    \b
    Examples:
      adoptstats eurostat search "social media"
      adoptstats eurostat fetch isoc_cismt --indicator E_SM1_ANY --geo BE --geo NL --since 2019
    """


@eurostat_group.command("search")
@click.argument("text")
@click.option("--lang", type=click.Choice(["en", "fr", "de"]), default="en", show_default=True)
@click.option("--offline", is_flag=True, default=None, help="Use the cached table of contents only.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def search_command(text: str, lang: str, offline: bool | None, as_json: bool) -> None:
    """Find datasets and tables whose title or code holds every word of TEXT."""
    with report_progress(ProgressBar()) if sys.stderr.isatty() else _nothing():
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
        click.echo(f"{star} {row['code']:<18} {span:<10} {row['title']}")
    if found["catalogued"].any():
        click.echo("* catalogued: indicators mapped to adoptstats concepts")


class _nothing:  # noqa: N801 - a context manager used like a function
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


@eurostat_group.command("fetch")
@click.argument("dataset")
@click.option("--indicator", "-i", multiple=True, help="indic_is code (repeatable), e.g. E_SM1_ANY.")
@click.option("--geo", "-g", multiple=True, help="Geography (repeatable), e.g. BE, Belgique, EU27_2020.")
@click.option("--period", "-p", multiple=True, help="Period (repeatable), e.g. 2023.")
@click.option("--since", help="First period, e.g. 2013.")
@click.option("--until", help="Last period.")
@click.option("--size-class", multiple=True, help="GE10 (default), 10-49, 50-249, GE250, 10-249 or all.")
@click.option("--activity", multiple=True, help="NACE Rev. 2 code (repeatable) or all.")
@click.option("--unit", multiple=True, help="Eurostat unit code (default PC_ENT).")
@click.option("--lang", type=click.Choice(["en", "fr", "de"]), default="en", show_default=True)
@click.option("--offline", is_flag=True, default=None, help="Answer from the cache only.")
@click.option("--refresh", is_flag=True, help="Ignore the cache and fetch again.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, allow_dash=True), help="Write the rows as CSV.")
def fetch_command(
    dataset: str,
    indicator: tuple[str, ...],
    geo: tuple[str, ...],
    period: tuple[str, ...],
    since: str | None,
    until: str | None,
    size_class: tuple[str, ...],
    activity: tuple[str, ...],
    unit: tuple[str, ...],
    lang: str,
    offline: bool | None,
    refresh: bool,
    csv_path: str | None,
) -> None:
    """Fetch DATASET (e.g. isoc_cismt) through the eurostat source and print or save the rows."""
    filters: dict[str, Any] = {"dataset": dataset, "lang": lang}
    for key, value in (
        ("indicator", indicator),
        ("geo", geo),
        ("period", period),
        ("size_class", size_class),
        ("activity", activity),
        ("unit", unit),
    ):
        if value:
            filters[key] = list(value)
    for key, single in (("since", since), ("until", until)):
        if single:
            filters[key] = single
    if offline:
        filters["offline"] = True
    if refresh:
        filters["refresh"] = True
    with report_progress(ProgressBar()) if sys.stderr.isatty() else _nothing():
        result = adoptstats.fetch("eurostat", **filters)
    if csv_path:
        frame = result.to_frame(with_citations=True)
        if csv_path == "-":
            click.echo(frame.to_csv(index=False), nl=False)
        else:
            frame.to_csv(csv_path, index=False)
            click.echo(f"wrote {len(frame)} rows to {csv_path}", err=True)
        return
    click.echo(repr(result))


@eurostat_group.command("datasets")
def datasets_command() -> None:
    """The catalogued datasets (size-class and activity twins)."""
    for row in EurostatSource.datasets().to_dict("records"):
        click.echo(f"{row['code']:<18} {row['by']:<9} {row['start']}-  {row['title']}")


@eurostat_group.command("flags")
def flags_command() -> None:
    """Eurostat's observation flags and their meaning."""
    for row in EurostatSource.flags().to_dict("records"):
        click.echo(f"{row['flag']:<2} {row['meaning']}  [{row['used']}]")


def register(cli: click.Group) -> None:
    """Add the ``cache`` and ``eurostat`` command groups (a name already taken is left alone and logged)."""
    for group in (cache_group, eurostat_group):
        name = cast(str, group.name)
        if name in cli.commands:
            logger.warning("the command %r already exists; adoptstats-eurostat does not replace it", name)
            continue
        cli.add_command(group)
