"""From a :class:`~adoptstats.Query` to the requests sent: the SDMX key, the period, the split.

The key has the dimensions ``REF_AREA.FREQ.MEASURE.UNIT_MEASURE.ACTIVITY.SIZE_CLASS``; codes
within a position are joined with ``+`` and an empty position means "all". One request covers
every country and measure of a query; a request the service finds too large (HTTP 413), or a
URL too long to send, is split in two, by countries first, then by measures.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any

import attrs

from adoptstats import Query, QueryError
from adoptstats_oecd import catalogue

__all__ = ["MAX_URL", "Options", "Request", "parse_options", "plan"]

#: Longest URL sent before a request is split (a conservative bound for proxies and servers).
MAX_URL = 1800


@attrs.frozen(kw_only=True)
class Options:
    """The OECD-specific options of a query, checked."""

    sizes: tuple[str, ...] = (catalogue.DEFAULT_SIZE,)
    activities: tuple[str, ...] = (catalogue.DEFAULT_ACTIVITY,)
    unit: str = catalogue.DEFAULT_UNIT
    offline: bool | None = None
    refresh: bool = False


def _codes(value: Any, name: str, aliases: Mapping[str, str]) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    if any(not isinstance(v, str) or not v.strip() for v in items):
        raise QueryError(f"source 'oecd': option {name}= takes codes (strings), not {value!r}")
    if [v.strip().lower() for v in items] == ["all"]:
        return ()
    return tuple(aliases.get(v.strip().lower(), v.strip()) for v in items)


def parse_options(options: Mapping[str, Any]) -> Options:
    """The options of a query; :class:`~adoptstats.QueryError` names a bad one."""
    sizes = _codes(options.get("size_class", catalogue.DEFAULT_SIZE), "size_class", catalogue.SIZE_ALIASES)
    activities = _codes(options.get("activity", catalogue.DEFAULT_ACTIVITY), "activity", {"total": "_T"})
    unit = options.get("unit", catalogue.DEFAULT_UNIT)
    if unit != catalogue.DEFAULT_UNIT:
        raise QueryError(f"source 'oecd': option unit= can only be {catalogue.DEFAULT_UNIT!r} (percent), not {unit!r}")
    offline, refresh = options.get("offline"), options.get("refresh", False)
    if offline is not None and not isinstance(offline, bool):
        raise QueryError(f"source 'oecd': option offline= takes True or False, not {offline!r}")
    if not isinstance(refresh, bool):
        raise QueryError(f"source 'oecd': option refresh= takes True or False, not {refresh!r}")
    return Options(sizes=sizes, activities=activities, unit=unit, offline=offline, refresh=refresh)


@attrs.frozen(kw_only=True)
class Request:
    """One data request: codes per key position (empty: all) and the period bounds."""

    areas: tuple[str, ...]
    measures: tuple[str, ...]
    unit: str
    activities: tuple[str, ...]
    sizes: tuple[str, ...]
    start: str | None
    end: str | None

    @property
    def key(self) -> str:
        """The SDMX key, ``BEL+MEX.A.B1_B.PT_ENT._T.S_GE10``."""
        positions = (self.areas, ("A",), self.measures, (self.unit,), self.activities, self.sizes)
        return ".".join("+".join(codes) for codes in positions)

    def url(self, base: str) -> str:
        """The data URL (also the cache key and the citation's URL)."""
        params = {"startPeriod": self.start, "endPeriod": self.end}
        query = {k: v for k, v in params.items() if v} | {
            "dimensionAtObservation": "AllDimensions",
            "format": "csvfilewithlabels",
        }
        return f"{base}/data/{catalogue.DATAFLOW}/{urllib.parse.quote(self.key, safe='+._')}?" + urllib.parse.urlencode(
            query
        )

    def halves(self) -> tuple[Request, Request] | None:
        """The request split in two (countries first, then measures), or ``None`` when it cannot be."""
        if len(self.areas) > 1:
            middle = len(self.areas) // 2
            return attrs.evolve(self, areas=self.areas[:middle]), attrs.evolve(self, areas=self.areas[middle:])
        if len(self.measures) > 1:
            middle = len(self.measures) // 2
            return attrs.evolve(self, measures=self.measures[:middle]), attrs.evolve(
                self, measures=self.measures[middle:]
            )
        return None


def _year(period: str) -> str:
    return period[:4]


def plan(query: Query, opts: Options, base: str) -> list[Request]:
    """The requests answering ``query`` (one, unless its URL would be too long)."""
    if query.dataset and query.dataset not in (catalogue.DATAFLOW_ID, catalogue.DATAFLOW):
        raise QueryError(
            f"source 'oecd' serves one dataflow, {catalogue.DATAFLOW_ID!r} (ICT Access and Usage by Businesses), "
            f"not {query.dataset!r}"
        )
    measures = list(query.indicators)
    if query.concepts:
        mapped = [m.code for m in catalogue.MEASURES.values() if m.concept in query.concepts]
        if not mapped and not measures:
            return []
        measures += [m for m in mapped if m not in measures]
    areas = tuple(sorted({catalogue.geo_to_oecd(g) for g in query.geos}))  # sorted: one cache entry per set
    years = [_year(p) for p in query.periods]
    start = min([*years, *([_year(query.since)] if query.since else [])], default=None)
    end = max([*years, *([_year(query.until)] if query.until else [])], default=None)
    request = Request(
        areas=areas,
        measures=tuple(measures),
        unit=opts.unit,
        activities=opts.activities,
        sizes=opts.sizes,
        start=start,
        end=end,
    )
    out, todo = [], [request]
    while todo:
        r = todo.pop(0)
        parts = r.halves() if len(r.url(base)) > MAX_URL else None
        if parts is None:
            out.append(r)
        else:
            todo[:0] = parts
    return out
