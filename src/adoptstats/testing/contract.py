"""The contract every source must pass."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from adoptstats.concepts import get_concept
from adoptstats.errors import AdoptstatsError, UnknownConceptError
from adoptstats.records import Indicator, Query, SourceInfo
from adoptstats.registry import Registry
from adoptstats.resultset import ResultSet
from adoptstats.sources import SOURCE_NAME_RE, Source

__all__ = ["ContractError", "check_source", "make_registry"]


class ContractError(AssertionError):
    """A source broke the contract; the message lists every broken clause."""


def make_registry(*plugins: object | tuple[str, object], strict: bool = True) -> Registry:
    """A registry with only the given plugin objects (no entry points), strict by default."""
    return Registry(load_entrypoints=False, plugins=plugins, strict=strict)


def check_source(
    source: Source, query: Query | None = None, *, bad_queries: Sequence[dict[str, Any]] = ()
) -> ResultSet:
    """Check that ``source`` honours the source contract; return what ``fetch(query)`` gave.

    Clauses: the name is valid and ``info()`` is complete; ``indicators()`` are
    :class:`~adoptstats.Indicator` records mapped to known concepts; ``fetch`` returns
    a valid, non-empty :class:`~adoptstats.ResultSet` whose every row has a citation
    with a publisher; rows honour the query's filters (dataset, indicators, concepts,
    geographies, periods, since/until); each of ``bad_queries`` (keyword filters)
    raises an :class:`~adoptstats.AdoptstatsError`.

    :raises ContractError: listing every clause broken.
    """
    failures: list[str] = []
    name = getattr(source, "name", None)
    if not isinstance(name, str) or not SOURCE_NAME_RE.match(name):
        failures.append(f"name {name!r} is not a valid source name")
    try:
        info: object = source.info()
        if not isinstance(info, SourceInfo):
            failures.append(f"info() returned {type(info).__name__}, not SourceInfo")
        elif info.name != name:
            failures.append(f"info().name {info.name!r} differs from the source name {name!r}")
    except Exception as exc:
        failures.append(f"info() raised {type(exc).__name__}: {exc}")
    try:
        indicators: list[object] = list(source.indicators())
        if not indicators:
            failures.append("indicators() is empty")
        for ind in indicators:
            if not isinstance(ind, Indicator):
                failures.append(f"indicators() holds a {type(ind).__name__}, not an Indicator")
                continue
            if ind.concept is None:
                continue
            try:
                get_concept(ind.concept)
            except UnknownConceptError as exc:
                failures.append(f"indicator {ind.code!r}: {exc}")
    except Exception as exc:
        failures.append(f"indicators() raised {type(exc).__name__}: {exc}")
    query = query if query is not None else Query()
    result = ResultSet.empty()
    try:
        got: object = source.fetch(query)
    except Exception as exc:
        failures.append(f"fetch({query!r}) raised {type(exc).__name__}: {exc}")
    else:
        if not isinstance(got, ResultSet):
            failures.append(f"fetch() returned {type(got).__name__}, not a ResultSet")
        else:
            result = got
            failures += _check_result(source, query, result)
    for filters in bad_queries:
        try:
            source.fetch(source.query(**filters))
        except AdoptstatsError:
            pass
        except Exception as exc:
            failures.append(f"bad query {filters!r} raised {type(exc).__name__}, not an AdoptstatsError: {exc}")
        else:
            failures.append(f"bad query {filters!r} did not raise")
    if failures:
        raise ContractError(f"source {name!r} breaks the contract:\n" + "\n".join(f"  - {f}" for f in failures))
    return result


def _check_result(source: Source, query: Query, result: ResultSet) -> list[str]:
    failures: list[str] = []
    frame = result.frame
    if len(result) == 0:
        failures.append(f"fetch({query!r}) returned no rows; give check_source a query that matches data")
        return failures
    try:
        ResultSet.from_frame(frame, result.citations)
    except AdoptstatsError as exc:
        failures.append(f"the ResultSet does not validate: {exc}")
    if set(frame["source"].astype(str).unique()) != {source.name}:
        failures.append(f"column source holds {sorted(frame['source'].astype(str).unique())}, not [{source.name!r}]")
    for cid in frame["citation_id"].astype(str).unique():
        citation = result.citations.get(cid)
        if citation is None:
            failures.append(f"citation {cid!r} is missing from the citations table")
        elif not citation.publisher:
            failures.append(f"citation {cid!r} has no publisher")
    for concept in frame["concept"].dropna().astype(str).unique():
        try:
            get_concept(concept)
        except UnknownConceptError as exc:
            failures.append(f"row concept: {exc}")
    checks: list[tuple[str, tuple[str, ...]]] = [
        ("indicator", query.indicators),
        ("concept", query.concepts),
        ("geo", query.geos),
    ]
    if query.dataset:
        checks.append(("dataset", (query.dataset,)))
    for column, wanted in checks:
        if wanted:
            extra = sorted(set(frame[column].dropna().astype(str).unique()) - set(wanted))
            if extra:
                failures.append(f"filter {column} in {list(wanted)} not honoured: rows with {extra[:5]}")
    periods = frame["period"].astype(str).unique()
    outside = [p for p in periods if not query.wants_period(p)]
    if outside:
        failures.append(f"period filters not honoured: rows with {sorted(outside)[:5]}")
    values = frame["value"].to_numpy()
    if not np.isfinite(values).all():
        failures.append("some values are not finite")
    return failures
