"""The contract every source must pass, and registries for testing one plugin alone."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from adoptstats.concepts import Concept, using_vocabulary
from adoptstats.errors import AdoptstatsError
from adoptstats.hookspecs import hookimpl
from adoptstats.records import Indicator, Query, SourceInfo
from adoptstats.registry import Registry
from adoptstats.resultset import CANONICAL_COLUMNS, ResultSet
from adoptstats.sources import SOURCE_NAME_RE, Source, check_query

__all__ = ["ContractError", "check_source", "make_registry", "registry_for"]


class ContractError(AssertionError):
    """A source broke the contract; the message lists every broken clause."""


def make_registry(*plugins: object | tuple[str, object], strict: bool = True) -> Registry:
    """A registry with only the given plugin objects (no entry points), strict by default.

    A plugin is a module (or object) with hook implementations, optionally named:
    ``make_registry(("statbel", adoptstats_statbel))``.  The registry's vocabulary holds the
    core concepts and those the plugins contribute.
    """
    return Registry(load_entrypoints=False, plugins=plugins, strict=strict)


class _OneSource:
    """A plugin serving one source, with the concepts of the source's own plugin and any given."""

    def __init__(self, source: Source | None, concepts: Sequence[Concept], hooks: Callable[..., None] | None) -> None:
        self._source = source
        self._concepts = concepts
        self._hooks = hooks

    @hookimpl
    def adoptstats_register_sources(self, register: Callable[[Source], None]) -> None:
        if self._source is not None:
            register(self._source)

    @hookimpl
    def adoptstats_register_concepts(self, register: Callable[[Concept], None]) -> None:
        if self._hooks is not None:
            self._hooks(register=register)
        for concept in self._concepts:
            register(concept)


def _plugin_concept_hook(source: Source) -> Callable[..., None] | None:
    """The ``adoptstats_register_concepts`` hook of the package the source's class comes from, if any."""
    package = type(source).__module__.split(".", 1)[0]
    module = sys.modules.get(package)
    if module is None:
        try:
            module = importlib.import_module(package)
        except ImportError:
            return None
    hook = getattr(module, "adoptstats_register_concepts", None)
    return hook if callable(hook) and hasattr(hook, "adoptstats_impl") else None


def registry_for(source: Source, *, concepts: Iterable[Concept] = (), plugin_concepts: bool = True) -> Registry:
    """A registry holding just ``source``: the core concepts, its plugin's concepts and ``concepts``.

    Use it to test a source class without installing its distribution and without the
    other installed plugins.  The source is registered under its own name by a plugin of
    that name; the concepts of its plugin come from the ``adoptstats_register_concepts``
    hook of the package its class lives in (``plugin_concepts=False`` leaves them out).

    >>> from adoptstats.testing import registry_for
    >>> registry = registry_for(MySource())                     # doctest: +SKIP
    >>> registry.fetch("mysource", concept="security.any_measure")  # doctest: +SKIP

    :raises PluginLoadError: when the source or a concept cannot be registered (strict).
    """
    hooks = _plugin_concept_hook(source) if plugin_concepts else None
    name = getattr(source, "name", None)
    label = name if isinstance(name, str) and name else type(source).__name__
    return make_registry((label, _OneSource(source, tuple(concepts), hooks)))


def check_source(
    source: Source,
    query: Query | None = None,
    *,
    bad_queries: Sequence[dict[str, Any]] = (),
    registry: Registry | None = None,
) -> ResultSet:
    """Check that ``source`` honours the source contract; return what ``fetch(query)`` gave.

    Clauses:

    - the name is valid and ``info()`` is complete;
    - ``indicators()`` are :class:`~adoptstats.Indicator` records mapped to known concepts;
    - ``fetch`` returns a valid :class:`~adoptstats.ResultSet` whose every row has a
      citation with a publisher and names the source; without ``query`` (everything),
      it must not be empty; a query matching nothing must give an empty, valid result;
    - each row's indicator is one ``indicators()`` lists (unless ``info().open_catalogue``)
      and its concept is the one that indicator maps to;
    - rows honour the query's filters (dataset, indicators, concepts, geographies,
      periods, since/until);
    - each of ``bad_queries`` (keyword filters) raises an
      :class:`~adoptstats.AdoptstatsError`, counting the core's checks before fetching
      (an unknown concept, indicator or dataset).

    Concepts resolve against ``registry`` (default: :func:`registry_for` the source, so
    the source's own plugin concepts are known without installing it).

    :raises ContractError: listing every clause broken.
    """
    if registry is None:
        try:
            registry = registry_for(source)
        except AdoptstatsError:  # the source cannot even be registered: the clauses below say why
            registry = make_registry(("concepts", _OneSource(None, (), _plugin_concept_hook(source))), strict=False)
    with using_vocabulary(registry.vocabulary):
        return _check(source, query, bad_queries, registry)


def _check(source: Source, query: Query | None, bad_queries: Sequence[dict[str, Any]], registry: Registry) -> ResultSet:
    failures: list[str] = []
    name = getattr(source, "name", None)
    if not isinstance(name, str) or not SOURCE_NAME_RE.match(name):
        failures.append(f"name {name!r} is not a valid source name")
    info: SourceInfo | None = None
    try:
        got_info: object = source.info()
        if not isinstance(got_info, SourceInfo):
            failures.append(f"info() returned {type(got_info).__name__}, not SourceInfo")
        else:
            info = got_info
            if info.name != name:
                failures.append(f"info().name {info.name!r} differs from the source name {name!r}")
    except Exception as exc:
        failures.append(f"info() raised {type(exc).__name__}: {exc}")
    indicators: list[Indicator] = []
    try:
        listed: list[object] = list(source.indicators())
        for ind in listed:
            if not isinstance(ind, Indicator):
                failures.append(f"indicators() holds a {type(ind).__name__}, not an Indicator")
                continue
            indicators.append(ind)
            if ind.concept is not None and ind.concept not in registry.vocabulary:
                failures.append(f"indicator {ind.code!r}: unknown concept {ind.concept!r}")
        if not indicators:
            failures.append("indicators() is empty")
    except Exception as exc:
        failures.append(f"indicators() raised {type(exc).__name__}: {exc}")
    result = ResultSet.empty()
    asked = query if query is not None else Query()
    try:
        check_query(source, asked)
        got: object = source.fetch(asked)
    except Exception as exc:
        failures.append(f"fetch({asked!r}) raised {type(exc).__name__}: {exc}")
    else:
        if not isinstance(got, ResultSet):
            failures.append(f"fetch() returned {type(got).__name__}, not a ResultSet")
        else:
            result = got
            if query is None and len(result) == 0:
                failures.append("fetch(Query()) returned no rows: asked for everything, a source must serve something")
            failures += _check_result(source, asked, result, registry)
            open_catalogue = info is not None and info.open_catalogue
            failures += _check_rows_against_indicators(result, indicators, open_catalogue)
    for filters in bad_queries:
        try:
            bad = source.query(**filters)
            check_query(source, bad)
            source.fetch(bad)
        except AdoptstatsError:
            pass
        except Exception as exc:
            failures.append(f"bad query {filters!r} raised {type(exc).__name__}, not an AdoptstatsError: {exc}")
        else:
            failures.append(f"bad query {filters!r} did not raise")
    if failures:
        raise ContractError(f"source {name!r} breaks the contract:\n" + "\n".join(f"  - {f}" for f in failures))
    return result


def _check_rows_against_indicators(result: ResultSet, indicators: list[Indicator], open_catalogue: bool) -> list[str]:
    """Each row's indicator is listed by ``indicators()`` and carries the concept it maps to."""
    if len(result) == 0 or not indicators:
        return []
    failures: list[str] = []
    mapped: dict[tuple[str, str | None], str | None] = {}
    by_code: dict[str, set[str | None]] = {}
    for ind in indicators:
        mapped[(ind.code, ind.dataset)] = ind.concept
        by_code.setdefault(ind.code, set()).add(ind.concept)
    pairs = result.frame[["indicator", "dataset", "concept"]].astype(object).drop_duplicates()
    for code, dataset, concept in pairs.itertuples(index=False):
        code, concept = str(code), (None if concept is None or concept != concept else str(concept))
        dataset = None if dataset is None or dataset != dataset else str(dataset)
        if code not in by_code:
            if not open_catalogue:
                failures.append(f"rows have the indicator {code!r}, which indicators() does not list")
            continue
        expected = {mapped[(code, dataset)]} if (code, dataset) in mapped else by_code[code]
        if concept not in expected:
            want = ", ".join(repr(c) for c in sorted(expected, key=str))
            failures.append(
                f"rows of indicator {code!r}{f' in {dataset!r}' if dataset else ''} have the concept {concept!r}; "
                f"indicators() maps it to {want}"
            )
    return failures


def _check_result(source: Source, query: Query, result: ResultSet, registry: Registry) -> list[str]:
    failures: list[str] = []
    frame = result.frame
    columns = [str(c) for c in frame.columns]
    if columns != list(CANONICAL_COLUMNS):
        failures.append(f"the ResultSet's columns are not the canonical ones: {columns}")
        return failures
    try:
        ResultSet.from_frame(frame, result.citations)
    except AdoptstatsError as exc:
        failures.append(f"the ResultSet does not validate: {exc}")
    if len(result) == 0:
        return failures  # an empty answer is a valid answer to a query that matches nothing
    if set(frame["source"].astype(str).unique()) != {source.name}:
        failures.append(f"column source holds {sorted(frame['source'].astype(str).unique())}, not [{source.name!r}]")
    for cid in frame["citation_id"].astype(str).unique():
        citation = result.citations.get(cid)
        if citation is None:
            failures.append(f"citation {cid!r} is missing from the citations table")
        elif not citation.publisher:
            failures.append(f"citation {cid!r} has no publisher")
    for concept in frame["concept"].dropna().astype(str).unique():
        if concept not in registry.vocabulary:
            failures.append(f"row concept: unknown concept {concept!r}")
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
