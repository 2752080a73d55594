"""The ``regus`` source: figures of the Regus surveys "Social success?" (2010) and "A Social Recovery" (2011)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs
import pandas as pd

from adoptstats import (
    AdoptstatsError,
    Argument,
    Hint,
    Indicator,
    Query,
    QueryError,
    ResultSet,
    Source,
    SourceInfo,
    UnknownConceptError,
    get_concept,
)
from adoptstats_regus import bundled
from adoptstats_regus.mapping import CONTRIBUTED_CONCEPTS, DATASETS, INDICATORS, POPULATION, RENAMED, UNCLEAR_DATASET

__all__ = ["RegusSource"]

_ALL_DATASETS = (*DATASETS.values(), UNCLEAR_DATASET)

_DESCRIPTION = (
    "Figures of two Regus surveys of business people about business social networking: "
    "'Social success? A global survey of business social networking' (July 2010; report copy "
    "http://issuu.com/chris_at_regus/docs/social_success_) and 'A Social Recovery' (June 2011; report copy "
    "https://www.scribd.com/doc/57526468/A-Social-Recovery). Each row is one published report of one figure, from a "
    "copy of the report (primary) or from the press and Regus national releases (secondary); reports that disagree "
    "are all kept. Rows whose attribution, geography level or edition is doubtful carry the flag 'uncertain' and are "
    "left out unless include_uncertain=True."
)
_COVERAGE = (
    "2010 edition ('Social success?'): over 15,000 respondents from the Regus global contacts database, fieldwork "
    "February-March 2010, published July 2010; country figures for 14 geographies in the report's charts. "
    "2011 edition ('A Social Recovery'): over 17,000 business respondents in 80 countries, fieldwork February 2011 "
    "(Marketing UK), published June 2011; country figures from national press releases. Periods are the edition "
    "years, 2010 and 2011."
)
_LICENCE = (
    "Figures quoted from the published Regus reports and from press articles and releases that report them; every "
    "row cites its source with a URL and the quoted sentence. The reports themselves are not redistributed."
)


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, int)):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.5)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


class RegusSource(Source):
    """Published figures of the Regus business social-networking surveys of 2010 and 2011.

    The data ship with the plugin and are read once per process; fetching needs no network.
    Besides the common filters (``dataset``, ``indicator``, ``concept``, ``geo``, ``period``,
    ``since``, ``until``) :meth:`fetch` understands these options:

    ``edition``
        ``2010``/``2011`` or a dataset name (``social_success_2010``, ``social_recovery_2011``,
        ``unclear_edition``); one value or a list.
    ``primary_only``
        ``True`` keeps only figures read from a copy of a Regus report.
    ``include_uncertain``
        ``False`` by default: rows flagged ``uncertain`` (unverified attribution, city figures,
        unclear edition) are left out unless this is ``True``.
    ``breakdown``
        ``"total"``, ``"size:small"``, ``"city:Brisbane"`` ...; one value or a list.

    >>> src = RegusSource()
    >>> rs = src.fetch(src.query(geo="Belux", indicator="new_customers_via_social_networks"))
    >>> sorted(set(rs.frame["value"]))
    [27.0]
    """

    name: ClassVar[str] = bundled.SOURCE_NAME
    options: ClassVar[tuple[str, ...]] = ("edition", "primary_only", "include_uncertain", "breakdown")
    renamed_indicators: ClassVar[Mapping[str, str]] = RENAMED

    # -- metadata -------------------------------------------------------------------------

    def info(self) -> SourceInfo:
        """Title, publisher, report URL, coverage, population and licence note."""
        return SourceInfo(
            name=self.name,
            title="Regus business social-networking surveys (2010 'Social success?', 2011 'A Social Recovery')",
            publisher="Regus",
            url="http://issuu.com/chris_at_regus/docs/social_success_",
            licence=_LICENCE,
            description=_DESCRIPTION,
            coverage=_COVERAGE,
            population=POPULATION,
        )

    def indicators(self) -> list[Indicator]:
        """Every native indicator, once per dataset it occurs in, with its concept, match level and note."""
        return [
            Indicator(
                code=ind.code,
                label=ind.label,
                concept=ind.concept,
                match=ind.match,
                note=ind.note,
                dataset=dataset,
                unit=ind.unit,
                population=POPULATION,
            )
            for ind in INDICATORS
            for dataset in ind.datasets
        ]

    @classmethod
    def surveys(cls) -> pd.DataFrame:
        """One row per survey edition: dataset, title, publication month, fieldwork, respondents, countries, population, agency, citation, known per-country sample sizes."""  # noqa: E501
        return bundled.surveys().copy()

    @classmethod
    def sample_sizes(cls) -> pd.DataFrame:
        """Per-country sample sizes stated by the sources; only ``exact`` ones are used as ``sample_size``."""
        return bundled.sample_sizes().copy()

    @classmethod
    def figures(cls) -> pd.DataFrame:
        """The bundled figures table as shipped, plus ``dataset``: every report of every figure, with notes."""
        return bundled.figures().copy()

    @classmethod
    def excluded(cls) -> pd.DataFrame:
        """Figures that cannot be observations (no geography, or no edition and so no period), with the reason."""
        return bundled.excluded_figures()

    # -- fetching -------------------------------------------------------------------------

    def fetch(self, query: Query) -> ResultSet:
        """The figures matching ``query``, each with its citation; uncertain rows only when asked for."""
        options = dict(query.options)
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            raise QueryError(
                f"source 'regus': unknown option(s) {', '.join(map(repr, unknown))}; "
                f"it accepts {', '.join(self.options)}"
            )
        include_uncertain = self._flag(options, "include_uncertain", default=False)
        primary_only = self._flag(options, "primary_only", default=False)
        datasets = self._datasets(query.dataset, options.get("edition"))
        indicators = self._indicators(query.indicators)
        concepts = self._concepts(query.concepts)
        breakdowns = self._breakdowns(options.get("breakdown"))

        rs = bundled.resultset()
        columns: dict[str, Any] = {}
        if datasets is not None:
            columns["dataset"] = datasets
        if indicators:
            columns["indicator"] = indicators
        if concepts:
            columns["concept"] = concepts
        if query.geos:
            columns["geo"] = list(query.geos)
        if query.periods:
            columns["period"] = list(query.periods)
        if breakdowns:
            columns["breakdown"] = breakdowns
        return rs.filter(
            since=query.since,
            until=query.until,
            without_flag=None if include_uncertain else "uncertain",
            primary=True if primary_only else None,
            **columns,
        )

    def empty_hint(self, query: Query) -> Hint | None:
        """When only rows flagged ``uncertain`` (left out by default) match: how many, and the option showing them."""
        if query.options.get("include_uncertain") is True:
            return None
        try:
            hidden = len(self.fetch(attrs.evolve(query, options={**query.options, "include_uncertain": True})))
        except AdoptstatsError:
            return None
        if not hidden:
            return None
        rows = f"{hidden} row{'s' if hidden != 1 else ''} flagged 'uncertain' match{'es' if hidden == 1 else ''}"
        return Hint(
            text=f"{rows} (unverified attribution, city figures or unclear edition); pass {{include}} to see them",
            arguments={"include": Argument("include_uncertain", True)},
        )

    @staticmethod
    def _flag(options: dict[str, Any], name: str, *, default: bool) -> bool:
        value = options.get(name, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise QueryError(f"source 'regus': option {name!r} must be True or False, not {value!r}")
        return value

    @staticmethod
    def _datasets(dataset: str | None, edition: object) -> list[str] | None:
        chosen: set[str] | None = None
        if dataset is not None:
            if dataset not in _ALL_DATASETS:
                raise QueryError(
                    f"source 'regus' has no dataset {dataset!r}{_suggest(dataset, _ALL_DATASETS)} "
                    f"(datasets: {', '.join(_ALL_DATASETS)})"
                )
            chosen = {dataset}
        if edition is not None:
            wanted: set[str] = set()
            for item in _as_list(edition):
                text = str(item).strip() if not isinstance(item, bool) else ""
                if text in DATASETS:
                    wanted.add(DATASETS[text])
                elif text in _ALL_DATASETS:
                    wanted.add(text)
                else:
                    raise QueryError(
                        f"source 'regus': option 'edition' got {item!r}; the editions are 2010 and 2011 "
                        f"(or a dataset name: {', '.join(_ALL_DATASETS)})"
                    )
            chosen = wanted if chosen is None else chosen & wanted
        return None if chosen is None else sorted(chosen)

    @staticmethod
    def _indicators(codes: tuple[str, ...]) -> list[str]:
        known = [ind.code for ind in INDICATORS]
        for code in codes:
            if code not in known:
                hint = f"; it is now {RENAMED[code]!r}" if code in RENAMED else _suggest(code, known)
                raise QueryError(f"source 'regus' has no indicator {code!r}{hint} (see RegusSource().indicators())")
        return list(codes)

    @staticmethod
    def _concepts(names: tuple[str, ...]) -> list[str]:
        own = {c.name for c in CONTRIBUTED_CONCEPTS} | {i.concept for i in INDICATORS if i.concept}
        for name in names:
            if name in own:
                continue
            try:
                get_concept(name)
            except UnknownConceptError as exc:
                close = list(dict.fromkeys([*difflib.get_close_matches(name, sorted(own), n=3), *exc.suggestions]))
                hint = f"; did you mean {', '.join(repr(c) for c in close[:3])}?" if close else ""
                raise QueryError(
                    f"source 'regus': unknown concept {name!r}{hint} (see adoptstats.list_concepts())"
                ) from None
        return list(names)

    @staticmethod
    def _breakdowns(value: object) -> list[str]:
        wanted = [str(v) for v in _as_list(value)]
        if not wanted:
            return []
        known = sorted(set(bundled.resultset().frame["breakdown"].astype(str)))
        for item in wanted:
            if item not in known:
                raise QueryError(
                    f"source 'regus': option 'breakdown' got {item!r}{_suggest(item, known)} "
                    f"(breakdowns: {', '.join(known)})"
                )
        return wanted
