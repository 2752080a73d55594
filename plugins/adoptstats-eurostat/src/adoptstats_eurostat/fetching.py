"""How one fetch runs: plan, cache, download, split, decode, convert.

:class:`~adoptstats_eurostat.EurostatSource` resolves its settings into a :class:`Run` when a
fetch starts and hands it to :func:`fetch_request` (data) or :func:`fetch_toc` (the table of
contents). This module holds the heavy parts of the plugin (HTTP client, cache, format
readers), so that it is imported on the first fetch, not when the plugin is discovered.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterator, Mapping

import attrs
import pandas as pd

from adoptstats import Citation, FormatError, OfflineError, QueryError, ResultSet, SourceUnavailable, concat
from adoptstats.formats import decode_jsonstat, read_sdmx_tsv
from adoptstats_eurostat import convert
from adoptstats_eurostat.cache import CachedResponse, ResponseCache
from adoptstats_eurostat.http import HttpClient, HttpResponse
from adoptstats_eurostat.plan import Request, split_params, toc_url
from adoptstats_eurostat.responses import (
    ApiError,
    Dataset,
    Pending,
    TooBig,
    Tsv,
    classify,
    classify_tsv,
    is_no_results,
    raise_for_error,
)
from adoptstats_eurostat.toc import parse_toc

__all__ = ["PUBLISHER", "Run", "fetch_requests", "fetch_toc"]

logger = logging.getLogger("adoptstats_eurostat")

#: The publisher named in every citation.
PUBLISHER = "Eurostat"
_LAYOUT_HINTS = ("SIZE_EMP", "NACE_R2")


@attrs.frozen(kw_only=True)
class _Part:
    frame: pd.DataFrame = attrs.field(eq=False)
    label: str | None
    updated: str | None
    url: str
    retrieved: dt.datetime
    decimals: dict[float, int] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class _Table:
    """A dataset answer read into its tidy frame (with the label and ``updated`` stamp of JSON-stat)."""

    frame: pd.DataFrame = attrs.field(eq=False)
    label: str | None
    updated: str | None
    decimals: Mapping[float, int]


def _read_answer(answer: Dataset | Tsv, url: str) -> _Table:
    """Decode a dataset answer; :class:`FormatError` names the URL when it does not decode."""
    try:
        if isinstance(answer, Tsv):
            return _Table(frame=read_sdmx_tsv(answer.body), label=None, updated=None, decimals=answer.decimals)
        data = decode_jsonstat(answer.doc)
    except FormatError as exc:
        raise FormatError(f"Eurostat answer {url} cannot be read: {exc}") from None
    return _Table(frame=data.frame, label=data.label, updated=data.updated, decimals=answer.decimals)


@attrs.define(kw_only=True)
class Run:
    """Everything one fetch needs, resolved when it starts (environment variables included)."""

    base: str
    http: HttpClient
    cache: ResponseCache | None
    offline: bool
    refresh: bool
    max_requests: int
    async_wait: float
    async_attempts: int
    sleep: Callable[[float], None]
    requests_made: int = 0


class _OlderLayout(Exception):
    """The dataset rejected ``size_emp``/``nace_r2``: ask again in the older ``sizen_r2`` layout."""


def fetch_requests(run: Run, requests: list[Request]) -> ResultSet:
    """The rows answering every planned request, concatenated."""
    results = [_fetch_request(run, req) for req in requests]
    return results[0] if len(results) == 1 else concat(results)


def _fetch_request(run: Run, request: Request) -> ResultSet:
    url = request.url(run.base)
    try:
        parts = _get(run, request)
    except _OlderLayout:
        older = request.older_layout()
        if older is None:  # pragma: no cover - _OlderLayout only comes from size/activity filters
            raise QueryError(f"Eurostat rejected the dimension filters of {url}") from None
        logger.info("%s: the dataset uses the older sizen_r2 layout; asking again", request.dataset)
        parts = _get(run, older)
    parts = [p for p in parts if len(p.frame)]
    if not parts:
        logger.info("%s: no data matches this query", url)
        return ResultSet.empty()
    std = convert.concat_standardized(
        [
            convert.standardize(
                p.frame,
                dataset=request.dataset,
                url=p.url,
                retrieved=p.retrieved,
                updated=p.updated,
                extra_filters=request.filters.extra,
            )
            for p in parts
        ]
    )
    updated = next((p.updated for p in parts if p.updated), None)
    title = parts[0].label or (request.info.title if request.info else request.dataset)
    citation = Citation(
        publisher=PUBLISHER,
        title=title,
        url=url,
        table=request.dataset,
        published=_date_of(updated),
        accessed=max(p.retrieved for p in parts).date(),
        primary=True,
    )
    written: dict[float, int] = {}
    for p in parts:
        for value, n in p.decimals.items():
            written[value] = max(n, written.get(value, 0))
    frame = convert.canonical_frame(
        std,
        dataset=request.dataset,
        filters=request.filters,
        citation_id=citation.id,
        url=url,
        written_decimals=written,
    )
    if frame.empty:
        return ResultSet.empty()
    return ResultSet.from_frame(frame, [citation])


def _get(run: Run, request: Request) -> list[_Part]:
    """Every part of the answer to ``request``, splitting it while Eurostat finds it too big."""
    url = request.url(run.base)
    kind = "tsv" if request.bulk else "json"
    answer, retrieved = _answer(run, url, kind)
    if isinstance(answer, Dataset | Tsv):  # from the cache
        try:
            answer = _read_answer(answer, url)
        except FormatError:
            if run.cache is not None:  # a body that does not decode must not stay cached
                run.cache.path(url).unlink(missing_ok=True)
            raise
    if isinstance(answer, _Table):
        part = _Part(
            frame=answer.frame,
            label=answer.label,
            updated=answer.updated,
            url=url,
            retrieved=retrieved,
            decimals=dict(answer.decimals),
        )
        return [part]
    if isinstance(answer, TooBig):
        if request.bulk:
            raise QueryError(
                f"Eurostat will not send {request.dataset} in one bulk file ({url}); fetch it without "
                f"bulk=True, so that the filters are applied on the server. Eurostat said: {answer.label}"
            )
        first = request.info.start if request.info else None
        pieces = split_params(request.params, first_year=first)
        if pieces is None:
            raise QueryError(
                f"Eurostat finds {url} too big even for one geography, indicator and year; "
                f"ask fewer dimensions (unit, size_class, activity). Eurostat said: {answer.label}"
            )
        run.requests_made += len(pieces)
        if run.requests_made > run.max_requests:
            raise QueryError(
                f"Eurostat finds {url} too big, and splitting it needs more than {run.max_requests} requests; "
                f"narrow the query. Eurostat said: {answer.label}"
            )
        logger.info("%s is too big for Eurostat; splitting it in two", url)
        out: list[_Part] = []
        for piece in pieces:
            out += _get(run, request.with_params(piece))
        return out
    assert isinstance(answer, ApiError)
    if is_no_results(answer):
        return []
    if answer.http_status == 400 and any(h in answer.label.upper() for h in _LAYOUT_HINTS):
        params = dict(request.params)
        if not request.bulk and ("size_emp" in params or "nace_r2" in params):
            raise _OlderLayout()
    raise_for_error(answer, url=url, dataset=request.dataset)
    raise AssertionError("unreachable")  # pragma: no cover


def _answer(run: Run, url: str, kind: str = "json") -> tuple[Dataset | Tsv | _Table | TooBig | ApiError, dt.datetime]:
    """The API's answer for ``url``: from the cache when fresh (or offline), else from the network."""
    cache = run.cache
    if cache is not None and (not run.refresh or run.offline):
        hit = cache.get(url, allow_stale=run.offline)
        if hit is not None:
            answer = _cached_answer(cache, hit, kind)
            if answer is not None:
                logger.debug("cache hit for %s (retrieved %s)", url, hit.retrieved.isoformat())
                return answer, hit.retrieved
    if run.offline:
        where = _braces(f"the cache in {cache.directory if cache else '(no cache)'} holds no answer for {url}")
        raise OfflineError(
            f"offline: {where}; run the same query once online (without {{offline}} or ADOPTSTATS_OFFLINE=1) "
            "to store it"
        ).naming(offline=True)
    with _lock(cache, url):
        if cache is not None and not run.refresh:
            hit = cache.get(url)
            if hit is not None:
                answer = _cached_answer(cache, hit, kind)
                if answer is not None:
                    return answer, hit.retrieved
        return _download(run, url, kind)


def _cached_answer(cache: ResponseCache, hit: CachedResponse, kind: str) -> Dataset | Tsv | TooBig | ApiError | None:
    response = HttpResponse(
        url=hit.url,
        final_url=hit.url,
        status=hit.status,
        headers={"content-type": hit.content_type},
        body=hit.body,
        retrieved=hit.retrieved,
    )
    try:
        answer = classify_tsv(response) if kind == "tsv" else classify(response)
    except SourceUnavailable as exc:
        logger.warning("discarding a cache entry that no longer reads as an answer (%s): %s", hit.url, exc)
        cache.path(hit.url).unlink(missing_ok=True)
        return None
    if isinstance(answer, Pending):
        return None
    return answer


@contextlib.contextmanager
def _lock(cache: ResponseCache | None, url: str) -> Iterator[None]:
    if cache is None:
        yield
        return
    try:
        lock = cache.lock(url)
        lock.acquire()
    except Exception as exc:  # a read-only cache folder must not stop a fetch
        logger.warning("cannot lock the cache entry for %s (%s); going on without the lock", url, exc)
        yield
        return
    try:
        yield
    finally:
        lock.release()


def _download(run: Run, url: str, kind: str) -> tuple[_Table | TooBig | ApiError, dt.datetime]:
    accept = "text/tab-separated-values, application/gzip, */*" if kind == "tsv" else "application/json"
    for attempt in range(run.async_attempts + 1):
        response = run.http.get(url, accept=accept)
        classified = classify_tsv(response) if kind == "tsv" else classify(response)
        if isinstance(classified, Pending):
            if attempt == run.async_attempts:
                raise SourceUnavailable(
                    f"Eurostat is still preparing {url} asynchronously after {attempt + 1} tries "
                    f"({classified.label}); try again later"
                )
            logger.info("%s: Eurostat answers asynchronously; asking again in %.0f s", url, run.async_wait)
            run.sleep(run.async_wait)
            continue
        # decoded before it is cached: a body that does not decode never replaces a good entry
        answer = _read_answer(classified, url) if isinstance(classified, Dataset | Tsv) else classified
        cacheable = isinstance(answer, _Table | TooBig) or (
            isinstance(answer, ApiError)
            and answer.http_status == 400
            and any(h in answer.label.upper() for h in _LAYOUT_HINTS)
        )
        if run.cache is not None and cacheable:
            try:
                run.cache.put(
                    url,
                    status=response.status,
                    content_type=response.content_type or "application/json",
                    body=response.body,
                    retrieved=response.retrieved,
                )
            except OSError as exc:
                logger.warning("cannot write the cache entry for %s: %s", url, exc)
        return answer, response.retrieved
    raise AssertionError("unreachable")  # pragma: no cover


def fetch_toc(run: Run, lang: str) -> pd.DataFrame:
    """Eurostat's table of contents in ``lang``, from the cache when fresh (or offline), else downloaded and cached."""
    url = toc_url(run.base, lang)
    cache = run.cache
    body: bytes | None = None
    if cache is not None and (not run.refresh or run.offline):
        hit = cache.get(url, allow_stale=run.offline)
        body = hit.body if hit is not None else None
    if body is None:
        if run.offline:
            raise OfflineError(
                f"offline: the cache holds no table of contents for {url}; search once online to store it"
            )
        with _lock(cache, url):
            response = run.http.get(url, accept="text/plain, text/tab-separated-values, */*")
            if response.status != 200:
                raise SourceUnavailable(f"Eurostat answered HTTP {response.status} for {url}")
            head = response.body[:256].lstrip()
            if "html" in response.content_type or head[:1] == b"<":
                raise SourceUnavailable(
                    f"Eurostat sent an HTML page instead of the table of contents for {url}: this is how it "
                    "answers when it throttles requests; wait a minute or two and try again"
                )
            body = response.body
            frame = parse_toc(body)
            if cache is not None:
                cache.put(
                    url,
                    status=200,
                    content_type=response.content_type or "text/plain",
                    body=body,
                    retrieved=response.retrieved,
                )
            return frame
    return parse_toc(body)


def _date_of(updated: str | None) -> dt.date | None:
    if not updated:
        return None
    try:
        return dt.datetime.fromisoformat(updated).date()
    except ValueError:
        try:
            return dt.date.fromisoformat(updated[:10])
        except ValueError:
            return None


def _braces(text: str) -> str:
    """``text`` with its braces doubled, to sit in a message whose ``{fields}`` name arguments."""
    return text.replace("{", "{{").replace("}", "}}")
