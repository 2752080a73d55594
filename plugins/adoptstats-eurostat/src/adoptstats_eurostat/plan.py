"""From an adoptstats query to Statistics API requests: which datasets, which filters, how to split.

Filters go to the server (``geo=BE&geo=NL&indic_is=E_SM1_ANY&unit=PC_ENT&size_emp=GE10&
nace_r2=C10-S951_X_K&sinceTimePeriod=2013``), one request per dataset whatever the number
of geographies or indicators (never one request per combination). Every filter is also
checked on the rows that come back (:class:`~adoptstats_eurostat.convert.Filters`), so an
answer that ignored a filter cannot leak rows.

URLs are canonical: parameters sorted by name, values sorted, so the same query always
gives the same URL, which is also the cache key and the citation's URL.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from adoptstats import QueryError, get_concept
from adoptstats.geo import is_composite, to_eurostat
from adoptstats_eurostat import mapping
from adoptstats_eurostat.convert import Filters
from adoptstats_eurostat.datasets import DATASETS, DEFAULT_ACTIVITY, DEFAULT_SIZE, DatasetInfo, dataset_info
from adoptstats_eurostat.indicators import INDICATORS, indicators_for, native_indicator

__all__ = [
    "LANGUAGES",
    "Options",
    "Request",
    "bulk_url",
    "data_url",
    "parse_options",
    "plan",
    "split_params",
    "toc_url",
]

logger = logging.getLogger("adoptstats_eurostat")

#: Label languages of the Statistics API.
LANGUAGES = ("en", "fr", "de")
_DATASET_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_DIM_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_INDICATOR_RE = re.compile(r"^[A-Z0-9][A-Z0-9_\-]*$")
_TIME_PARAMS = ("time", "sinceTimePeriod", "untilTimePeriod")

Params = tuple[tuple[str, tuple[str, ...]], ...]


@attrs.frozen(kw_only=True)
class Options:
    """The source's own options, checked: see :class:`~adoptstats_eurostat.source.EurostatSource`."""

    #: Size codes; ``()`` = the default (``GE10``), ``None`` = every size class.
    sizes: tuple[str, ...] | None = ()
    #: NACE codes; ``()`` = the default, ``None`` = every activity.
    activities: tuple[str, ...] | None = ()
    #: Eurostat unit codes; ``()`` = the dataset's default (``PC_ENT``), ``None`` = every unit.
    units: tuple[str, ...] | None = ()
    lang: str = "en"
    offline: bool | None = None
    refresh: bool = False
    bulk: bool = False
    extra: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)


def _bool(name: str, value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise QueryError(f"source 'eurostat': option {name!r} takes True or False, not {value!r}")


def parse_options(options: Mapping[str, Any]) -> Options:
    """Check the query's options.

    :raises QueryError: naming the option and what it accepts.
    """
    lang = str(options.get("lang") or "en").strip().lower()
    if lang not in LANGUAGES:
        raise QueryError(f"source 'eurostat': option 'lang' must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    extra_raw = options.get("filters") or {}
    if not isinstance(extra_raw, Mapping):
        raise QueryError(f"source 'eurostat': option 'filters' takes a mapping of dimension → codes, not {extra_raw!r}")
    extra: dict[str, tuple[str, ...]] = {}
    reserved = {"geo", "time", "format", "lang", "indic_is", "unit", "size_emp", "nace_r2", "sizen_r2", *_TIME_PARAMS}
    for dim, codes in extra_raw.items():
        key = str(dim).strip().lower()
        if not _DIM_RE.match(key) or key in {r.lower() for r in reserved}:
            raise QueryError(
                f"source 'eurostat': option 'filters' cannot set {dim!r}; use the geo, period, indicator, "
                "unit, size_class and activity filters for those dimensions"
            )
        resolved = mapping.resolve_codes(codes, f"filters[{key}]")
        if resolved:
            extra[key] = resolved
    refresh = _bool("refresh", options.get("refresh"))
    bulk = _bool("bulk", options.get("bulk"))
    return Options(
        sizes=mapping.resolve_sizes(options.get("size_class")),
        activities=mapping.resolve_codes(options.get("activity"), "activity"),
        units=mapping.resolve_codes(options.get("unit"), "unit"),
        lang=lang,
        offline=_bool("offline", options.get("offline")),
        refresh=bool(refresh),
        bulk=bool(bulk),
        extra=extra,
    )


@attrs.frozen(kw_only=True)
class Request:
    """One dataset request: server-side parameters plus the filters checked on the rows."""

    dataset: str
    params: Params
    filters: Filters
    lang: str = "en"
    info: DatasetInfo | None = None
    #: Download the whole dataset as SDMX TSV and filter it here, instead of asking the Statistics API.
    bulk: bool = False

    def url(self, base: str) -> str:
        """The canonical request URL."""
        if self.bulk:
            return bulk_url(base, self.dataset)
        return data_url(base, self.dataset, self.params, self.lang)

    def with_params(self, params: Params) -> Request:
        """The same request with other parameters."""
        return attrs.evolve(self, params=params)

    def older_layout(self) -> Request | None:
        """The request written for the older ``sizen_r2`` layout, or ``None`` when it has no size/activity filter."""
        p = dict(self.params)
        sizes = p.pop("size_emp", None)
        activities = p.pop("nace_r2", None)
        if sizes is None and activities is None:
            return None
        if sizes and activities and all(mapping.size_to_old(s) for s in sizes):
            p["sizen_r2"] = tuple(
                sorted(f"{mapping.size_to_old(s)}_{mapping.activity_to_old(a)}" for s in sizes for a in activities)
            )
        return self.with_params(_freeze(p))


def _freeze(params: Mapping[str, Sequence[str]]) -> Params:
    return tuple(sorted((k, tuple(sorted(set(v)))) for k, v in params.items() if v))


def data_url(base: str, dataset: str, params: Params, lang: str = "en") -> str:
    """``{base}/statistics/1.0/data/{dataset}?format=JSON&lang=EN&...`` with parameters in canonical order."""
    items: list[tuple[str, str]] = [("format", "JSON"), ("lang", lang.upper())]
    items += [(k, v) for k, values in params for v in values]
    return f"{base}/statistics/1.0/data/{urllib.parse.quote(dataset)}?{urllib.parse.urlencode(items)}"


def bulk_url(base: str, dataset: str) -> str:
    """The whole dataset as gzip-compressed SDMX TSV (the "bulk download")."""
    return f"{base}/sdmx/2.1/data/{urllib.parse.quote(dataset)}?format=TSV&compressed=true"


def toc_url(base: str, lang: str = "en") -> str:
    """The table of contents (TXT) URL."""
    return f"{base}/catalogue/toc/txt?lang={lang.lower()}"


def _check_indicator(code: str) -> str:
    text = code.strip().upper()
    if not _INDICATOR_RE.match(text):
        raise QueryError(f"source 'eurostat': {code!r} is not an indicator code (such as E_SM1_ANY)")
    return text


def _pick(datasets: Sequence[str], by: str) -> str:
    for ds in datasets:
        info = DATASETS.get(ds)
        if info and info.by == by:
            return ds
    return datasets[0]


def _wants_activity_breakdown(opts: Options) -> bool:
    acts = opts.activities
    return acts is None or (bool(acts) and acts != (DEFAULT_ACTIVITY,))


def plan(query: Any, opts: Options) -> list[Request]:
    """The requests answering ``query`` (an :class:`adoptstats.Query`).

    Without a dataset, indicators choose theirs from the catalogue (the size-class dataset,
    or its NACE twin when an activity breakdown is asked); concepts do the same through their
    mapped indicators. Geographies that Eurostat cannot answer (composites such as ``BE+LU``)
    are left out with a log message.

    :raises QueryError: for an unknown indicator without a dataset, a size or activity that
        the dataset does not break down by, or a query naming nothing to fetch.
    """
    by = "activity" if _wants_activity_breakdown(opts) else "size"
    indicators = tuple(_check_indicator(i) for i in query.indicators)
    concepts = tuple(query.concepts)
    for name in concepts:
        get_concept(name)  # unknown concept → UnknownConceptError
    targets: dict[str, list[str] | None] = {}
    if query.dataset:
        dataset = query.dataset.strip().lower()
        if not _DATASET_RE.match(dataset):
            raise QueryError(
                f"source 'eurostat': {query.dataset!r} is not a Eurostat dataset code (such as isoc_cismt)"
            )
        if indicators:
            targets[dataset] = list(indicators)
        elif concepts:
            mapped = indicators_for(concepts, dataset)
            if not mapped:
                logger.info("eurostat: no catalogued indicator of %s maps to %s", dataset, ", ".join(concepts))
                return []
            targets[dataset] = mapped
        else:
            targets[dataset] = None
    elif indicators:
        for code in indicators:
            native = native_indicator(code)
            if native is None:
                known = ", ".join(sorted({i.code for i in INDICATORS}))
                raise QueryError(
                    f"source 'eurostat': indicator {code!r} is not in the catalogue; name its dataset too "
                    f"(dataset=...; EurostatSource().search('...') finds datasets). Catalogued: {known}"
                )
            targets.setdefault(_pick(native.datasets, by), []).append(code)  # type: ignore[union-attr]
    elif concepts:
        for ind in INDICATORS:
            if ind.concept in concepts:
                targets.setdefault(_pick(ind.datasets, by), []).append(ind.code)  # type: ignore[union-attr]
        if not targets:
            logger.info("eurostat: no catalogued indicator maps to %s", ", ".join(concepts))
            return []
    else:
        raise QueryError(
            "source 'eurostat': name a dataset, an indicator or a concept "
            "(for example dataset='isoc_cismt', indicator='E_SM1_ANY'); "
            "EurostatSource().indicators() lists the catalogue"
        )

    geos = list(query.geos)
    plain = [g for g in geos if not is_composite(g)]
    if len(plain) < len(geos):
        logger.info(
            "eurostat: Eurostat publishes no figures for the composites %s; fetch their parts and use "
            "adoptstats.aggregate",
            ", ".join(g for g in geos if is_composite(g)),
        )
        if not plain:
            return []
    requests: list[Request] = []
    for dataset, codes in targets.items():
        requests.append(_request(dataset, codes, plain, query, opts))
    return requests


def _request(dataset: str, codes: list[str] | None, geos: list[str], query: Any, opts: Options) -> Request:
    info = dataset_info(dataset)
    params: dict[str, Sequence[str]] = {}
    sizes: tuple[str, ...] | None
    activities: tuple[str, ...] | None
    units: tuple[str, ...] | None
    if info is not None:
        if info.by == "size" and opts.activities and opts.activities != (DEFAULT_ACTIVITY,):
            raise QueryError(
                f"source 'eurostat': {dataset} is broken down by size class only (activity {DEFAULT_ACTIVITY}); "
                f"use dataset={info.twin!r} for activity {', '.join(opts.activities)}"
            )
        if info.by == "activity" and opts.sizes and opts.sizes != (DEFAULT_SIZE,):
            raise QueryError(
                f"source 'eurostat': {dataset} is broken down by activity for {DEFAULT_SIZE} only; "
                f"use dataset={info.twin!r} for size class {', '.join(opts.sizes)}"
            )
        sizes = opts.sizes if opts.sizes != () else (DEFAULT_SIZE,)
        default_activities = (DEFAULT_ACTIVITY,) if info.by == "size" else None
        activities = default_activities if opts.activities == () else opts.activities
        units = opts.units if opts.units != () else (info.default_unit,)
        if codes:
            params["indic_is"] = codes
    else:
        sizes = opts.sizes or None
        activities = opts.activities or None
        units = opts.units or None
    if sizes:
        params["size_emp"] = sizes
    if activities:
        params["nace_r2"] = activities
    if units:
        params["unit"] = units
    if geos:
        params["geo"] = [to_eurostat(g) for g in geos]
    if query.periods:
        params["time"] = list(query.periods)
    else:
        if query.since:
            params["sinceTimePeriod"] = [query.since]
        if query.until:
            params["untilTimePeriod"] = [query.until]
    params.update(opts.extra)
    filters = Filters(
        geos=frozenset(geos) if geos else None,
        indicators=frozenset(codes) if codes else None,
        concepts=frozenset(query.concepts) if query.concepts else None,
        units=frozenset(units) if units else None,
        sizes=frozenset(sizes) if sizes else None,
        activities=frozenset(activities) if activities else None,
        extra={k: frozenset(v) for k, v in opts.extra.items()},
        query=query,
    )
    return Request(dataset=dataset, params=_freeze(params), filters=filters, lang=opts.lang, info=info, bulk=opts.bulk)


def split_params(params: Params, *, first_year: int | None, today: dt.date | None = None) -> list[Params] | None:
    """Two smaller parameter sets covering ``params``, or ``None`` when it cannot be split.

    Split by geography (halves) when several are asked; else by indicator; else by time:
    listed periods in halves, or the year range ``sinceTimePeriod``..``untilTimePeriod``
    (open ends: the dataset's first year, or 2000, and this year) in halves.
    """
    p = dict(params)
    for dim in ("geo", "indic_is"):
        values = p.get(dim, ())
        if len(values) >= 2:
            mid = len(values) // 2
            return [_freeze({**p, dim: values[:mid]}), _freeze({**p, dim: values[mid:]})]
    times = p.get("time", ())
    if len(times) >= 2:
        mid = len(times) // 2
        return [_freeze({**p, "time": times[:mid]}), _freeze({**p, "time": times[mid:]})]
    if times:
        return None
    since = p.get("sinceTimePeriod", ())
    until = p.get("untilTimePeriod", ())
    try:
        start = int(since[0][:4]) if since else (first_year or 2000)
        end = int(until[0][:4]) if until else (today or dt.date.today()).year
    except ValueError:
        return None
    if end <= start:
        return None
    mid_year = (start + end) // 2
    low = {k: v for k, v in p.items() if k not in ("sinceTimePeriod", "untilTimePeriod")}
    first = {**low, "sinceTimePeriod": since or (str(start),), "untilTimePeriod": (str(mid_year),)}
    second = {**low, "sinceTimePeriod": (str(mid_year + 1),), "untilTimePeriod": until or (str(end),)}
    if not since:
        # an open start must stay open (data may begin before the first year we know of)
        first.pop("sinceTimePeriod")
    if not until:
        second.pop("untilTimePeriod")
    return [_freeze(first), _freeze(second)]
