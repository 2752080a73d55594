"""What a source holds near a query that matched nothing.

When a fetch returns no rows, :func:`explain_empty` asks each source again with one filter
left out at a time (geography; period; concept and indicator), offline when the source has
an ``offline`` option, so that nothing is downloaded for the explanation, and says what
those answers hold:

- the composite geographies that contain a geography asked for (Regus reports Belgium only
  within ``BE+LU``), or the geographies there are;
- the periods there are for the other filters;
- the concepts there are for the other filters;
- what only the source can say (:meth:`adoptstats.Source.empty_hint`: the manual source
  names the folder it read).

The explanation is a :class:`~adoptstats.errors.Hint`, so Python shows ``geo='BE+LU'`` and
the command line ``--geo BE+LU``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from adoptstats.errors import AdoptstatsError, Argument, Hint
from adoptstats.geo import composite_parts, geo_name, is_composite
from adoptstats.records import Query
from adoptstats.resultset import ResultSet
from adoptstats.sources import Source

__all__ = ["Asked", "explain_empty"]

#: Filters left out together, by what the explanation lists: (filter names, column, words).
_DIMENSIONS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("geo", "geos"), "geo", "geographies"),
    (("period", "periods", "since", "until"), "period", "periods"),
    (("concept", "concepts", "indicator", "indicators"), "concept", "concepts"),
)
#: How many values a list shows before "and N more".
_SHOWN = 12

Fetch = Callable[[dict[str, Any]], ResultSet]


@attrs.define
class _Message:
    """Sentences with argument placeholders, built up field by field."""

    parts: list[str] = attrs.field(factory=list)
    arguments: dict[str, Argument] = attrs.field(factory=dict)

    def field(self, name: str, value: object) -> str:
        key = f"a{len(self.arguments)}"
        self.arguments[key] = Argument(name, value)
        return "{" + key + "}"

    def add(self, text: str) -> None:
        self.parts.append(text)

    def hint(self, sep: str = "\n  ") -> Hint:
        return Hint(text=sep.join(self.parts), arguments=self.arguments)


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _listing(values: Sequence[str]) -> str:
    shown = ", ".join(_escape(str(v)) for v in values[:_SHOWN])
    more = len(values) - _SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _values(result: ResultSet | None, column: str) -> list[str]:
    if result is None or len(result) == 0:
        return []
    values = {str(v) for v in result.frame[column].dropna().unique() if str(v)}
    return sorted(values)


def _asked(filters: Mapping[str, Any], message: _Message) -> str:
    shown = []
    for name, value in filters.items():
        if name == "offline" or value is None or value == () or value == []:
            continue
        shown.append(message.field(name.removesuffix("s") if name in ("geos", "periods", "concepts") else name, value))
    return ", ".join(shown) if shown else "no filters"


def _relaxed(fetch: Fetch, filters: Mapping[str, Any], dropped: Sequence[str]) -> ResultSet | None:
    """The source's answer without the ``dropped`` filters, or ``None`` when it cannot say (offline, failing)."""
    try:
        return fetch({k: v for k, v in filters.items() if k not in dropped})
    except (AdoptstatsError, ExceptionGroup):
        return None


def _geo_lines(asked: Sequence[str], there: Sequence[str], message: _Message) -> list[str]:
    lines = []
    for code in asked:
        containing = [g for g in there if is_composite(g) and code in composite_parts(g)]
        if containing:
            names = ", ".join(f"{_escape(g)} ({_escape(geo_name(g))})" for g in containing)
            lines.append(
                f"{_escape(code)} is reported only as part of {names}: ask for {message.field('geo', containing[0])}"
            )
        elif is_composite(code) and all(p in there for p in composite_parts(code)):
            lines.append(
                f"{_escape(code)} is not reported as such, but its parts are; adoptstats.aggregate() builds it "
                "from them with weights"
            )
    return lines


@attrs.frozen
class Asked:
    """One source asked: the source, its name, the filters it got and how to ask it again."""

    source: Source
    name: str
    filters: Mapping[str, Any]
    #: Runs the source with other filters (the registry passes its guarded fetch).
    fetch: Fetch


def explain_empty(asked: Sequence[Asked]) -> Hint:
    """Why the filters matched nothing in each source asked, and what each has near them.

    Each source is asked again with ``offline=True`` when it has that option.
    """
    message = _Message()
    for one in asked:
        _explain_one(message, one.source, one.name, one.filters, one.fetch)
    return message.hint()


def _explain_one(message: _Message, source: Source, name: str, filters: Mapping[str, Any], fetch: Fetch) -> None:
    start = len(message.parts)
    message.add(f"source {name!r} has no rows for {_asked(filters, message)}")
    base = dict(filters)
    if "offline" in source.options:
        base["offline"] = True
    try:
        query = source.query(**{k: v for k, v in filters.items() if k != "offline"})
    except AdoptstatsError:
        query = Query()
    own = source.empty_hint(query)
    if own is not None:
        message.add(_own_hint(own, message))
    for dropped, column, words in _DIMENSIONS:
        if not any(filters.get(k) not in (None, (), []) for k in dropped):
            continue
        there = _values(_relaxed(fetch, base, dropped), column)
        if not there:
            continue
        lines = _geo_lines(query.geos, there, message) if column == "geo" else []
        message.parts.extend(lines)
        if not lines:
            message.add(f"{words} it has for the other filters: {_listing(there)}")
    if len(message.parts) == start + 1:
        everything = _relaxed(fetch, {k: v for k, v in base.items() if k == "offline"}, ())
        periods, concepts = _values(everything, "period"), _values(everything, "concept")
        if periods or concepts:
            message.add(f"periods it has: {_listing(periods) or 'none'}; concepts: {_listing(concepts) or 'none'}")
        else:
            message.add(f"nothing to show without downloading (see 'adoptstats indicators {_escape(name)}')")


def _own_hint(hint: Hint, message: _Message) -> str:
    """A source's own hint, its fields renamed into ``message``'s."""
    fields = {key: message.field(arg.name, arg.value) for key, arg in hint.arguments.items()}
    return hint.text.format(**fields)
