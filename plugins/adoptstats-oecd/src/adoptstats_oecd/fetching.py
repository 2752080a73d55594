"""How one fetch runs: cache or offline, download, split, read the SDMX-CSV, convert, cite.

Imported when a fetch starts (it brings the HTTP client and the reader), not when the plugin is
discovered.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import attrs
import numpy as np
import pandas as pd

from adoptstats import Citation, FormatError, OfflineError, Query, QueryError, ResultSet, SourceUnavailable, concat
from adoptstats.formats import SdmxCsvData, read_sdmx_csv
from adoptstats_oecd import catalogue
from adoptstats_oecd.cache import Cache
from adoptstats_oecd.client import Client
from adoptstats_oecd.plan import Options, Request

__all__ = ["PUBLISHER", "TITLE", "Run", "fetch_requests", "fetch_text", "no_records"]

logger = logging.getLogger("adoptstats_oecd")

PUBLISHER = "OECD"
TITLE = "ICT Access and Usage by Businesses"
_NO_RECORDS = re.compile(rb"no\s*(records|results)\s*found", re.IGNORECASE)


@attrs.define(kw_only=True)
class Run:
    """Everything a fetch needs, resolved when it starts."""

    base: str
    client: Client
    cache: Cache | None
    offline: bool
    refresh: bool
    max_requests: int = 32
    requests_made: int = 0


def no_records(status: int, body: bytes) -> bool:
    """Whether an answer is the service's "NoRecordsFound" (HTTP 404 with that text)."""
    return status == 404 and _NO_RECORDS.search(body[:4096]) is not None


def _answer(run: Run, url: str, *, download: bool = True) -> tuple[int, bytes, dt.datetime]:
    """Status, body and retrieval time for ``url``: from the cache when it may, else from the service."""
    if run.cache is not None and (run.offline or not run.refresh):
        hit = run.cache.get(url, stale_ok=run.offline)
        if hit is not None:
            logger.debug("OECD answer for %s from the cache (retrieved %s)", url, hit.retrieved.isoformat())
            return hit.status, hit.body, hit.retrieved
    if run.offline:
        where = f"the cache in {run.cache.folder if run.cache else '(no cache)'} holds no OECD answer for {url}"
        where = where.replace("{", "{{").replace("}", "}}")  # the message's {fields} name arguments
        raise OfflineError(
            f"offline: {where}; run the same query once online (without {{offline}} or ADOPTSTATS_OFFLINE=1) "
            "to store it"
        ).naming(offline=True)
    response = run.client.get(url, download=download)
    if run.cache is not None and (response.status == 200 or no_records(response.status, response.body)):
        run.cache.put(url, response.status, response.body, response.retrieved)
    return response.status, response.body, response.retrieved


def fetch_text(run: Run, url: str) -> bytes:
    """The body of a structure or availability answer (cached like data)."""
    status, body, _ = _answer(run, url, download=False)
    if status != 200:
        raise SourceUnavailable(f"the OECD service answered HTTP {status} for {url}: {_excerpt(body)}")
    return body


def _excerpt(body: bytes) -> str:
    text = body[:300].decode("utf-8", errors="replace").strip()
    return re.sub(r"\s+", " ", text) or "(empty body)"


@attrs.frozen(kw_only=True)
class _Part:
    data: SdmxCsvData
    url: str
    retrieved: dt.datetime


def _get(run: Run, request: Request) -> list[_Part]:
    url = request.url(run.base)
    status, body, retrieved = _answer(run, url)
    if status == 200:
        try:
            return [_Part(data=read_sdmx_csv(body), url=url, retrieved=retrieved)]
        except FormatError as exc:
            if run.cache is not None:
                run.cache.path(url).unlink(missing_ok=True)
            raise FormatError(f"the OECD answer {url} cannot be read: {exc}") from None
    if no_records(status, body):
        logger.warning("the OECD has no records for %s (HTTP 404 NoRecordsFound)", url)
        return []
    if status == 413:
        halves = request.halves()
        run.requests_made += 2
        if halves is None or run.requests_made > run.max_requests:
            raise QueryError(
                f"the OECD finds {url} too large even after splitting; ask fewer countries, measures or years"
            )
        logger.info("%s is too large for the OECD; splitting it in two", url)
        return _get(run, halves[0]) + _get(run, halves[1])
    if status in (400, 404):
        raise QueryError(f"the OECD service refused {url} (HTTP {status}): {_excerpt(body)}")
    raise SourceUnavailable(f"the OECD service answered HTTP {status} for {url}: {_excerpt(body)}")


def fetch_requests(run: Run, query: Query, opts: Options, requests: list[Request]) -> ResultSet:
    """The rows answering every planned request, converted, filtered and cited."""
    results = []
    for request in requests:
        parts = _get(run, request)
        if not parts:
            continue
        results.append(_convert(parts, request, query, opts))
    results = [r for r in results if len(r)]
    if not results:
        return ResultSet.empty()
    return results[0] if len(results) == 1 else concat(results)


def _decimals(frame: pd.DataFrame) -> pd.Series:
    """Published decimals: ``DECIMALS`` where it is a number, else the fewest that write the value."""
    if "DECIMALS" in frame.columns:
        given = pd.to_numeric(frame["DECIMALS"].astype(object), errors="coerce")
    else:
        given = pd.Series(np.nan, index=frame.index)
    values = frame["value"].to_numpy(dtype="float64")
    inferred = [next((k for k in range(7) if abs(round(v, k) - v) < 1e-9 * max(1.0, abs(v))), 6) for v in values]
    return pd.Series(given.fillna(pd.Series(inferred, index=frame.index)).astype("int64"), dtype="Int64")


def _flags(frame: pd.DataFrame) -> list[str]:
    """``OBS_STATUS``, ``OBS_STATUS_2`` and ``OBS_STATUS_3`` of each row as sorted flags (``A``, normal, left out)."""
    columns = [frame[c].astype(object) for c in ("status", "OBS_STATUS_2", "OBS_STATUS_3") if c in frame.columns]
    out = []
    for cells in zip(*columns, strict=True):
        codes = {str(c) for c in cells if isinstance(c, str) and c and c != "A"}
        out.append(",".join(sorted(codes)))
    return out


def _convert(parts: list[_Part], request: Request, query: Query, opts: Options) -> ResultSet:
    frame = pd.concat([p.data.frame.astype({"value": "float64"}) for p in parts], ignore_index=True)
    frame = frame[frame["value"].notna()].reset_index(drop=True)
    needed = {"REF_AREA", "MEASURE", "UNIT_MEASURE", "ACTIVITY", "SIZE_CLASS", "TIME_PERIOD"}
    missing = needed - set(frame.columns)
    if missing:
        raise FormatError(f"the OECD answer {parts[0].url} has no {', '.join(sorted(missing))} column")
    areas = frame["REF_AREA"].astype(str)
    geo = areas.map({a: catalogue.geo_from_oecd(a) for a in areas.unique()})
    unknown = sorted(set(areas[geo.isna()]))
    if unknown:
        logger.warning(
            "%s: rows of %s left out: adoptstats does not know these areas", parts[0].url, ", ".join(unknown)
        )
    keep = geo.notna() & (frame["UNIT_MEASURE"].astype(str) == opts.unit)
    if query.geos:
        keep &= geo.isin(query.geos)
    if query.indicators or query.concepts:
        wanted = set(query.indicators) | {m.code for m in catalogue.MEASURES.values() if m.concept in query.concepts}
        keep &= frame["MEASURE"].astype(str).isin(wanted)
    periods = frame["TIME_PERIOD"].astype(str)
    keep &= periods.map(lambda p: query.wants_period(p))
    if opts.sizes:
        keep &= frame["SIZE_CLASS"].astype(str).isin(opts.sizes)
    if opts.activities:
        keep &= frame["ACTIVITY"].astype(str).isin(opts.activities)
    frame, geo = frame[keep].reset_index(drop=True), geo[keep].reset_index(drop=True)
    if frame.empty:
        return ResultSet.empty()
    sizes, activities = frame["SIZE_CLASS"].astype(str), frame["ACTIVITY"].astype(str)
    collected = geo.isin(catalogue.OECD_COLLECTED)
    url = parts[0].url
    accessed = max(p.retrieved for p in parts)
    title = next(iter(parts[0].data.structure_names.values()), TITLE)
    own = Citation(
        publisher=PUBLISHER,
        title=title,
        url=url,
        table=catalogue.DATAFLOW,
        accessed=accessed.date(),
        primary=True,
        quote="Figures the OECD collects itself; licence CC BY 4.0",
    )
    republished = attrs.evolve(
        own,
        primary=False,
        quote="The OECD's republication of Eurostat's survey on ICT usage in enterprises; licence CC BY 4.0",
    )
    measures = frame["MEASURE"].astype(str)
    out = pd.DataFrame(
        {
            "source": "oecd",
            "dataset": catalogue.DATAFLOW_ID,
            "indicator": measures,
            "concept": measures.map(lambda m: catalogue.MEASURES[m].concept if m in catalogue.MEASURES else None),
            "geo": geo,
            "period": frame["TIME_PERIOD"].astype(str),
            "population": [catalogue.population(g, s, a) for g, s, a in zip(geo, sizes, activities, strict=True)],
            "breakdown": [catalogue.breakdown(s, a) for s, a in zip(sizes, activities, strict=True)],
            "unit": "percent",
            "value": frame["value"].to_numpy(dtype="float64"),
            "qualifier": "exact",
            "decimals": _decimals(frame),
            "flags": _flags(frame),
            "citation_id": np.where(collected, own.id, republished.id),
            "retrieved": pd.Timestamp(accessed).tz_convert("UTC"),
        }
    )
    return ResultSet.from_frame(out, [own, republished])
