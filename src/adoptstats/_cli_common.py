"""Options and helpers shared by the ``adoptstats`` commands (and usable by plugin commands)."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

import adoptstats
from adoptstats._cli_output import spinner, warn
from adoptstats.i18n import LANGS, LanguageError, default_lang

__all__ = [
    "filter_options",
    "filters",
    "json_option",
    "lang_option",
    "offline_mode",
    "offline_option",
    "on_error_option",
    "parse_source_options",
    "path_option",
    "flag_spelling",
    "FLAGS",
    "run_fetch",
    "source_option",
    "timeout_option",
]

F = TypeVar("F", bound=Callable[..., Any])

#: Filters every source understands; ``--option`` may not use these names.
_COMMON_FILTERS = ("dataset", "indicator", "concept", "geo", "period", "since", "until")


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


def offline_option(f: F) -> F:
    """The ``--offline`` flag."""
    return click.option(
        "--offline",
        is_flag=True,
        help="Download nothing: answer from caches and bundled data, or fail (sets ADOPTSTATS_OFFLINE=1).",
    )(f)


def _timeout_callback(ctx: click.Context, _param: click.Parameter, value: float | None) -> None:
    ctx.meta[_TIMEOUT_KEY] = value


_TIMEOUT_KEY = "adoptstats.timeout"


def timeout_option(f: F) -> F:
    """The ``--timeout SECONDS`` option: a bound on each source's fetch, kept in the click context for run_fetch."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        metavar="SECONDS",
        expose_value=False,
        callback=_timeout_callback,
        help="Give up on a source that has not answered after SECONDS (it fails with SourceUnavailable).",
    )(f)


_ON_ERROR_KEY = "adoptstats.on_error"
_PATH_KEY = "adoptstats.path"

#: The flag of each argument a message may name; other arguments are source options (``--option``).
FLAGS: dict[str, str] = {
    "concept": "--concept",
    "concepts": "--concept",
    "indicator": "--indicator",
    "indicators": "--indicator",
    "geo": "--geo",
    "geos": "--geo",
    "period": "--period",
    "periods": "--period",
    "since": "--since",
    "until": "--until",
    "dataset": "--dataset",
    "offline": "--offline",
    "timeout": "--timeout",
    "on_error": "--on-error",
    "path": "--path",
    "focus": "--focus",
    "against": "--against",
    "benchmark": "--benchmark",
    "strict": "--strict",
    "policy": "--policy",
    "lang": "--lang",
}


def flag_spelling(argument: adoptstats.Argument) -> str:
    """An argument named in a message, as the command line spells it: ``--geo BE+LU``, ``--period``, ``--offline``.

    Arguments without a flag of their own are source options: ``--option primary_only=true``.
    """
    value = argument.value
    flag = FLAGS.get(argument.name)
    if flag is None:
        shown = "..." if value is ... else json.dumps(value) if not isinstance(value, str) else value
        return f"--option {argument.name}={shown}"
    if value is ... or value is True:
        return flag
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    return " ".join(f"{flag} {shlex.quote(str(v))}" for v in values)


def _path_callback(ctx: click.Context, _param: click.Parameter, value: tuple[Path, ...]) -> None:
    ctx.meta[_PATH_KEY] = value


def path_option(f: F) -> F:
    """The repeatable ``--path FILE``: manual files (or folders) to read, for the ``manual`` source."""
    return click.option(
        "--path",
        type=click.Path(path_type=Path),
        multiple=True,
        metavar="FILE",
        expose_value=False,
        callback=_path_callback,
        help=(
            "Your own figures: a manual CSV or YAML file, or a folder of them, repeatable; adds the manual source. "
            "Without it the manual source reads its default folder (see 'adoptstats manual folder')."
        ),
    )(f)


def _on_error_callback(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    ctx.meta[_ON_ERROR_KEY] = value


def on_error_option(f: F) -> F:
    """The ``--on-error warn|ignore|raise`` option of commands that fetch from several sources.

    Kept in the click context for :func:`run_fetch`, which passes it to ``adoptstats.fetch(on_error=)``.
    """
    return click.option(
        "--on-error",
        type=click.Choice(["raise", "warn", "ignore"]),
        expose_value=False,
        callback=_on_error_callback,
        help=(
            "When one of several sources fails: raise (fail the command), warn (a warning naming the source, "
            "then the others' rows) or ignore (the others' rows, silently)."
        ),
    )(f)


def source_option(f: F) -> F:
    """The repeatable ``--option KEY=VALUE`` (parsed by :func:`parse_source_options`)."""
    return click.option(
        "--option",
        "source_options",
        metavar="KEY=VALUE",
        multiple=True,
        callback=_option_callback,
        help="A source-specific option, repeatable; VALUE is read as JSON when it parses, else as text.",
    )(f)


def _lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    if value is not None:
        return value
    try:
        return default_lang()
    except LanguageError:
        raise click.BadParameter(
            f"ADOPTSTATS_LANG={os.environ.get('ADOPTSTATS_LANG', '')!r} is not a language adoptstats writes; "
            f"use one of {', '.join(LANGS)}, or pass --lang",
            ctx=ctx,
            param=param,
        ) from None


def lang_option(f: F) -> F:
    """``--lang``: the language of tables, paragraphs and sources (else ``ADOPTSTATS_LANG``, the locale, English)."""
    return click.option(
        "--lang",
        type=click.Choice(list(LANGS)),
        default=None,
        callback=_lang,
        help="Language of the table, paragraph and sources: "
        + ", ".join(LANGS)
        + " (default: ADOPTSTATS_LANG, then your locale, then en).",
    )(f)


def json_option(f: F) -> F:
    """The ``--json`` flag."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def filter_options(f: F) -> F:
    """The fetch filters and ``--option``, ``--path``, ``--offline``, ``--timeout``.

    Filters: ``--concept --indicator --geo --period --since --until --dataset``.
    """
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
        source_option,
        path_option,
        offline_option,
        timeout_option,
    ]
    for option in reversed(options):
        f = option(f)
    return f


@contextlib.contextmanager
def offline_mode(offline: bool) -> Iterator[None]:
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


def run_fetch(
    sources: Sequence[str],
    filters: dict[str, Any],
    *,
    offline: bool,
    on_error: str = "raise",
) -> adoptstats.ResultSet:
    """Fetch through :func:`adoptstats.fetch`, with a spinner, offline mode, ``--timeout`` and warnings as notes.

    ``on_error`` is the command's default; ``--on-error`` given on the command line wins.
    """
    ctx = click.get_current_context(silent=True)
    chosen = ctx.meta.get(_ON_ERROR_KEY) if ctx is not None else None
    on_error = chosen or on_error
    filters = {k: v for k, v in filters.items() if v not in (None, (), [])}
    paths = ctx.meta.get(_PATH_KEY) if ctx is not None else None
    if paths:
        sources = list(sources) if "manual" in sources else [*sources, "manual"]
        filters["path"] = [str(p) for p in paths]
    registry = adoptstats.get_registry()
    entries = [registry.entry(name) for name in sources]  # unknown names fail before any download
    if offline and any("offline" in e.source.options for e in entries):
        filters["offline"] = True
    label = f"fetching from {', '.join(sources)}"
    with offline_mode(offline), spinner(label), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", adoptstats.SourceWarning)
        warnings.simplefilter("always", adoptstats.EmptyResultWarning)
        result = adoptstats.fetch(
            list(sources) if len(sources) > 1 else sources[0], on_error=on_error, timeout=_timeout(), **filters
        )
    empty: adoptstats.EmptyResultWarning | None = None
    for w in caught:
        if issubclass(w.category, adoptstats.SourceWarning):
            warn(str(w.message))
        elif isinstance(w.message, adoptstats.EmptyResultWarning):
            empty = w.message
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if empty is not None:  # an empty answer is a failure of the command, said in its own flags
        raise adoptstats.EmptyResultError(empty.hint)
    return result


def _timeout() -> float | None:
    """The ``--timeout`` of the running command, if it has one."""
    ctx = click.get_current_context(silent=True)
    value = ctx.meta.get(_TIMEOUT_KEY) if ctx is not None else None
    return float(value) if value is not None else None


def filters(
    concepts: Sequence[str] = (),
    indicators: Sequence[str] = (),
    geos: Sequence[str] = (),
    periods: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    dataset: str | None = None,
    source_options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Keyword filters for :func:`adoptstats.fetch` from the command's options."""
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
