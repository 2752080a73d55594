"""The ``eurostat`` source: Eurostat's survey on ICT usage in enterprises, fetched live, cached on disk."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import attrs
import pandas as pd

import adoptstats
from adoptstats import (
    Citation,
    FormatError,
    Indicator,
    OfflineError,
    Query,
    QueryError,
    ResultSet,
    Source,
    SourceInfo,
    SourceUnavailable,
)
from adoptstats.formats import decode_jsonstat, read_sdmx_tsv
from adoptstats_eurostat import catalogue, convert, flags, mapping, settings
from adoptstats_eurostat.cache import CachedResponse, ResponseCache
from adoptstats_eurostat.http import DEFAULT_DOWNLOAD_TIMEOUT, DEFAULT_MAX_BYTES, HttpClient, HttpResponse, RetryPolicy
from adoptstats_eurostat.plan import Request, parse_options, plan, split_params, toc_url
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

__all__ = ["EurostatSource"]

logger = logging.getLogger("adoptstats_eurostat")

_PUBLISHER = "Eurostat"
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
class _Run:
    """Everything one fetch needs, resolved when it starts (environment variables included)."""

    base: str
    http: HttpClient
    cache: ResponseCache | None
    offline: bool
    refresh: bool
    requests_made: int = 0


class _OlderLayout(Exception):
    """The dataset rejected ``size_emp``/``nace_r2``: ask again in the older ``sizen_r2`` layout."""


class EurostatSource(Source):
    """Eurostat's "ICT usage in enterprises" survey (and any other Eurostat dataset) through the Statistics API.

    Fetch filters: ``dataset`` (``isoc_cismt`` ...), ``indicator`` (``indic_is`` codes such as
    ``E_SM1_ANY``) or ``concept`` (adoptstats concepts, mapped through :meth:`indicators`),
    ``geo`` (any spelling adoptstats understands; ``GR`` is sent as ``EL``), ``period`` or
    ``since``/``until``. Options:

    ``size_class``
        ``"GE10"`` (default: 10 or more persons employed), ``"10-49"``, ``"50-249"``,
        ``"GE250"``, ``"10-249"`` (also ``"small"``, ``"medium"``, ``"large"``, ``"sme"``), a
        list, or ``"all"``.
    ``activity``
        NACE Rev. 2 codes (``"C"``, ``"J62_J63"`` ...), a list, or ``"all"``. The default is
        ``C10-S951_X_K`` (all activities without the financial sector) in size-class datasets
        and every activity in ``...n2`` datasets. Asking an activity without a dataset picks
        the ``...n2`` dataset.
    ``unit``
        Eurostat unit codes; default ``PC_ENT`` (% of enterprises) for catalogued datasets.
    ``lang``
        ``"en"`` (default), ``"fr"`` or ``"de"``: the language of the titles in citations.
    ``offline``
        ``True``: answer from the cache only (also ``ADOPTSTATS_OFFLINE=1``);
        :class:`~adoptstats.OfflineError` names the request the cache lacks.
    ``refresh``
        ``True``: ignore cached answers and fetch again (the new answer is cached).
    ``bulk``
        ``True``: download the whole dataset once as SDMX TSV (``/sdmx/2.1/data/{dataset}?
        format=TSV&compressed=true``), cache it, and apply every filter here. Good for many
        queries on one dataset; the answer has no ``updated`` stamp.
    ``filters``
        Other dimension filters, ``{"dimension": codes}``, for datasets outside the catalogue.

    Constructor arguments set where and how to fetch; ``None`` means "read the environment at
    fetch time" (``ADOPTSTATS_EUROSTAT_URL``, ``ADOPTSTATS_CACHE_DIR``, ``ADOPTSTATS_OFFLINE``).
    ``read_timeout`` bounds each wait for data and ``download_timeout`` (default 600 s,
    ``None`` for no bound) a whole response body; a try that takes longer is retried like
    any timeout. Tests pass ``backoff=0``, ``async_wait=0`` and a ``sleep`` that does not sleep.
    """

    name: ClassVar[str] = "eurostat"
    options: ClassVar[tuple[str, ...]] = (
        "size_class",
        "activity",
        "unit",
        "lang",
        "offline",
        "refresh",
        "bulk",
        "filters",
    )

    def __init__(
        self,
        *,
        base_url: str | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        use_cache: bool = True,
        offline: bool | None = None,
        expire_after: dt.timedelta | float | None = settings.DEFAULT_EXPIRE_AFTER,
        connect_timeout: float = 10.0,
        read_timeout: float = 60.0,
        download_timeout: float | None = DEFAULT_DOWNLOAD_TIMEOUT,
        attempts: int = 3,
        backoff: float = 1.0,
        max_retry_after: float = 60.0,
        async_wait: float = 15.0,
        async_attempts: int = 8,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_requests: int = 64,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if base_url is not None:
            settings.check_url(base_url, what="the Eurostat base URL")
        self._base_url = base_url
        self._cache_dir = cache_dir
        self._use_cache = use_cache
        self._offline = offline
        self.expire_after = (
            dt.timedelta(seconds=expire_after) if isinstance(expire_after, int | float) else expire_after
        )
        self._retry = RetryPolicy(attempts=attempts, backoff=backoff, max_retry_after=max_retry_after)
        self._timeouts = (connect_timeout, read_timeout)
        self._download_timeout = download_timeout
        self._max_bytes = max_bytes
        self._async_wait = async_wait
        self._async_attempts = async_attempts
        self._max_requests = max_requests
        self._sleep = sleep

    # -- description ------------------------------------------------------------------------

    def info(self) -> SourceInfo:
        """Title, publisher, licence, URL and coverage of the source."""
        return SourceInfo(
            name=self.name,
            title="Eurostat: ICT usage and e-commerce in enterprises",
            publisher=_PUBLISHER,
            url="https://ec.europa.eu/eurostat/web/digital-economy-and-society/database",
            licence="Eurostat copyright policy: free re-use with the acknowledgement 'Source: Eurostat'",
            description=(
                "Eurostat's annual Community survey on ICT usage and e-commerce in enterprises, fetched live from "
                "the Statistics API (JSON-stat 2.0), filtered on the server, cached on disk and usable offline."
            ),
            coverage="EU Member States, EU aggregates, EFTA and candidate countries; survey years 2009 onwards",
            population=mapping.POPULATION,
        )

    def indicators(self) -> list[Indicator]:
        """The catalogued indicators, once per dataset, with concept, match level and note."""
        return catalogue.indicators(mapping.POPULATION)

    @staticmethod
    def datasets() -> pd.DataFrame:
        """The catalogued datasets: code, title, breakdown (``size``/``activity``), twin, topic, first year, page."""
        return pd.DataFrame(
            [
                {
                    "code": d.code,
                    "title": d.title,
                    "by": d.by,
                    "twin": d.twin,
                    "topic": d.topic,
                    "start": d.start,
                    "default_unit": d.default_unit,
                    "page": d.page,
                }
                for d in catalogue.DATASETS.values()
            ]
        )

    @staticmethod
    def flags() -> pd.DataFrame:
        """Eurostat's observation flags and what they mean (old single letters and the 2025 split)."""
        return flags.flags_table()

    # -- configuration ----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The API base URL in effect now (argument, else ``ADOPTSTATS_EUROSTAT_URL``, else Eurostat's)."""
        return settings.base_url(self._base_url)

    @property
    def cache_dir(self) -> Path:
        """The cache folder in effect now (argument, else ``$ADOPTSTATS_CACHE_DIR/eurostat``, else the platform's)."""
        return settings.cache_dir(self._cache_dir)

    def cache(self) -> ResponseCache:
        """The response cache in effect now (for inspection and clearing)."""
        return ResponseCache(self.cache_dir, expire_after=self.expire_after)

    def _run(self, offline: bool | None, refresh: bool = False) -> _Run:
        http = HttpClient(
            connect_timeout=self._timeouts[0],
            read_timeout=self._timeouts[1],
            retry=self._retry,
            max_bytes=self._max_bytes,
            download_timeout=self._download_timeout,
            sleep=self._sleep,
        )
        return _Run(
            base=self.base_url,
            http=http,
            cache=self.cache() if self._use_cache else None,
            offline=settings.offline(offline if offline is not None else self._offline),
            refresh=refresh,
        )

    # -- fetching ---------------------------------------------------------------------------

    def fetch(self, query: Query) -> ResultSet:
        """The rows matching ``query``; see the class docstring for filters and options.

        :raises QueryError: bad filters or options, an unknown dataset, a query Eurostat
            rejects or that stays too big after splitting.
        :raises OfflineError: offline and the cache lacks an answer (the message names it).
        :raises SourceUnavailable: network failures after retries, throttling, bad bodies.
        """
        opts = parse_options(query.options)
        requests = plan(query, opts)
        if not requests:
            return ResultSet.empty()
        run = self._run(opts.offline, opts.refresh)
        results = [self._fetch_request(run, req) for req in requests]
        return results[0] if len(results) == 1 else adoptstats.concat(results)

    def urls(self, query: Query) -> list[str]:
        """The request URLs a fetch of ``query`` starts with (one per dataset), without fetching anything.

        These are also the cache keys and the URLs of the citations. A query Eurostat finds too
        big is then split into more requests.
        """
        base = self.base_url
        return [r.url(base) for r in plan(query, parse_options(query.options))]

    def _fetch_request(self, run: _Run, request: Request) -> ResultSet:
        url = request.url(run.base)
        try:
            parts = self._get(run, request)
        except _OlderLayout:
            older = request.older_layout()
            if older is None:  # pragma: no cover - _OlderLayout only comes from size/activity filters
                raise QueryError(f"Eurostat rejected the dimension filters of {url}") from None
            logger.info("%s: the dataset uses the older sizen_r2 layout; asking again", request.dataset)
            parts = self._get(run, older)
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
            publisher=_PUBLISHER,
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

    def _get(self, run: _Run, request: Request) -> list[_Part]:
        """Every part of the answer to ``request``, splitting it while Eurostat finds it too big."""
        url = request.url(run.base)
        kind = "tsv" if request.bulk else "json"
        answer, retrieved = self._answer(run, url, kind)
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
            if run.requests_made > self._max_requests:
                raise QueryError(
                    f"Eurostat finds {url} too big, and splitting it needs more than {self._max_requests} requests; "
                    f"narrow the query. Eurostat said: {answer.label}"
                )
            logger.info("%s is too big for Eurostat; splitting it in two", url)
            out: list[_Part] = []
            for piece in pieces:
                out += self._get(run, request.with_params(piece))
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

    def _answer(
        self, run: _Run, url: str, kind: str = "json"
    ) -> tuple[Dataset | Tsv | _Table | TooBig | ApiError, dt.datetime]:
        """The API's answer for ``url``: from the cache when fresh (or offline), else from the network."""
        cache = run.cache
        if cache is not None and (not run.refresh or run.offline):
            hit = cache.get(url, allow_stale=run.offline)
            if hit is not None:
                answer = self._cached_answer(cache, hit, kind)
                if answer is not None:
                    logger.debug("cache hit for %s (retrieved %s)", url, hit.retrieved.isoformat())
                    return answer, hit.retrieved
        if run.offline:
            raise OfflineError(
                f"offline: the cache in {cache.directory if cache else '(no cache)'} holds no answer for {url}; "
                "run the same query once online (without offline=True / ADOPTSTATS_OFFLINE=1) to store it"
            )
        with self._lock(cache, url):
            if cache is not None and not run.refresh:
                hit = cache.get(url)
                if hit is not None:
                    answer = self._cached_answer(cache, hit, kind)
                    if answer is not None:
                        return answer, hit.retrieved
            return self._download(run, url, kind)

    @staticmethod
    def _cached_answer(
        cache: ResponseCache, hit: CachedResponse, kind: str
    ) -> Dataset | Tsv | TooBig | ApiError | None:
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

    @staticmethod
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

    def _download(self, run: _Run, url: str, kind: str) -> tuple[_Table | TooBig | ApiError, dt.datetime]:
        accept = "text/tab-separated-values, application/gzip, */*" if kind == "tsv" else "application/json"
        for attempt in range(self._async_attempts + 1):
            response = run.http.get(url, accept=accept)
            classified = classify_tsv(response) if kind == "tsv" else classify(response)
            if isinstance(classified, Pending):
                if attempt == self._async_attempts:
                    raise SourceUnavailable(
                        f"Eurostat is still preparing {url} asynchronously after {attempt + 1} tries "
                        f"({classified.label}); try again later"
                    )
                logger.info("%s: Eurostat answers asynchronously; asking again in %.0f s", url, self._async_wait)
                self._sleep(self._async_wait)
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

    # -- table of contents ------------------------------------------------------------------

    def toc(self, *, lang: str = "en", offline: bool | None = None, refresh: bool = False) -> pd.DataFrame:
        """Eurostat's table of contents (every dataset and table), cached like data; see :func:`catalogue.parse_toc`."""
        lang = lang.strip().lower()
        if lang not in ("en", "fr", "de"):
            raise QueryError(f"source 'eurostat': the table of contents exists in en, fr and de, not {lang!r}")
        run = self._run(offline, refresh)
        url = toc_url(run.base, lang)
        cache = run.cache
        body: bytes | None = None
        if cache is not None and (not refresh or run.offline):
            hit = cache.get(url, allow_stale=run.offline)
            body = hit.body if hit is not None else None
        if body is None:
            if run.offline:
                raise OfflineError(
                    f"offline: the cache holds no table of contents for {url}; search once online to store it"
                )
            with self._lock(cache, url):
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
                frame = catalogue.parse_toc(body)
                if cache is not None:
                    cache.put(
                        url,
                        status=200,
                        content_type=response.content_type or "text/plain",
                        body=body,
                        retrieved=response.retrieved,
                    )
                return frame
        return catalogue.parse_toc(body)

    def search(
        self,
        text: str,
        *,
        lang: str = "en",
        types: Sequence[str] = ("dataset", "table"),
        offline: bool | None = None,
    ) -> pd.DataFrame:
        """Datasets and tables whose title or code holds every word of ``text``; catalogued ones first.

        Columns: those of :func:`catalogue.parse_toc` plus ``catalogued`` (whether this
        source's catalogue maps the dataset's indicators to concepts).
        """
        return catalogue.search_toc(self.toc(lang=lang, offline=offline), text, types=types)


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
