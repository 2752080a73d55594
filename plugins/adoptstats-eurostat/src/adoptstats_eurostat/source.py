"""The ``eurostat`` source: Eurostat's survey on ICT usage in enterprises, fetched live, cached on disk.

This module is what plugin discovery imports, so it stays light: the HTTP client, the cache
and the format readers (:mod:`adoptstats_eurostat.fetching`) are imported when a fetch starts.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import pandas as pd

from adoptstats import Indicator, Query, QueryError, ResultSet, Source, SourceInfo
from adoptstats_eurostat import mapping, settings
from adoptstats_eurostat.datasets import DATASETS
from adoptstats_eurostat.indicators import indicators as catalogued_indicators
from adoptstats_eurostat.toc import search_toc

if TYPE_CHECKING:
    from adoptstats_eurostat.cache import ResponseCache
    from adoptstats_eurostat.fetching import Run

__all__ = ["EurostatSource"]


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
        download_timeout: float | None = settings.DEFAULT_DOWNLOAD_TIMEOUT,
        attempts: int = 3,
        backoff: float = 1.0,
        max_retry_after: float = 60.0,
        async_wait: float = 15.0,
        async_attempts: int = 8,
        max_bytes: int = settings.DEFAULT_MAX_BYTES,
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
        self._retry = settings.RetryPolicy(attempts=attempts, backoff=backoff, max_retry_after=max_retry_after)
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
            publisher="Eurostat",
            url="https://ec.europa.eu/eurostat/web/digital-economy-and-society/database",
            licence="Eurostat copyright policy: free re-use with the acknowledgement 'Source: Eurostat'",
            description=(
                "Eurostat's annual Community survey on ICT usage and e-commerce in enterprises, fetched live from "
                "the Statistics API (JSON-stat 2.0), filtered on the server, cached on disk and usable offline."
            ),
            coverage="EU Member States, EU aggregates, EFTA and candidate countries; survey years 2009 onwards",
            population=mapping.POPULATION,
            open_catalogue=True,  # any dataset of the database, checked by the source
        )

    def indicators(self) -> list[Indicator]:
        """The catalogued indicators, once per dataset, with concept, match level and note."""
        return catalogued_indicators(mapping.POPULATION)

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
                for d in DATASETS.values()
            ]
        )

    @staticmethod
    def flags() -> pd.DataFrame:
        """Eurostat's observation flags and what they mean (old single letters and the 2025 split)."""
        from adoptstats_eurostat import flags

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
        from adoptstats_eurostat.cache import ResponseCache

        return ResponseCache(self.cache_dir, expire_after=self.expire_after)

    def _run(self, offline: bool | None, refresh: bool = False) -> Run:
        from adoptstats_eurostat.fetching import Run
        from adoptstats_eurostat.http import HttpClient

        http = HttpClient(
            connect_timeout=self._timeouts[0],
            read_timeout=self._timeouts[1],
            retry=self._retry,
            max_bytes=self._max_bytes,
            download_timeout=self._download_timeout,
            sleep=self._sleep,
        )
        return Run(
            base=self.base_url,
            http=http,
            cache=self.cache() if self._use_cache else None,
            offline=settings.offline(offline if offline is not None else self._offline),
            refresh=refresh,
            max_requests=self._max_requests,
            async_wait=self._async_wait,
            async_attempts=self._async_attempts,
            sleep=self._sleep,
        )

    # -- fetching ---------------------------------------------------------------------------

    def fetch(self, query: Query) -> ResultSet:
        """The rows matching ``query``; see the class docstring for filters and options.

        :raises QueryError: bad filters or options, an unknown dataset, a query Eurostat
            rejects or that stays too big after splitting.
        :raises OfflineError: offline and the cache lacks an answer (the message names it).
        :raises SourceUnavailable: network failures after retries, throttling, bad bodies.
        """
        from adoptstats_eurostat.fetching import fetch_requests
        from adoptstats_eurostat.plan import parse_options, plan

        opts = parse_options(query.options)
        requests = plan(query, opts)
        if not requests:
            return ResultSet.empty()
        return fetch_requests(self._run(opts.offline, opts.refresh), requests)

    def urls(self, query: Query) -> list[str]:
        """The request URLs a fetch of ``query`` starts with (one per dataset), without fetching anything.

        These are also the cache keys and the URLs of the citations. A query Eurostat finds too
        big is then split into more requests.
        """
        from adoptstats_eurostat.plan import parse_options, plan

        base = self.base_url
        return [r.url(base) for r in plan(query, parse_options(query.options))]

    # -- table of contents ------------------------------------------------------------------

    def toc(self, *, lang: str = "en", offline: bool | None = None, refresh: bool = False) -> pd.DataFrame:
        """Eurostat's table of contents (every dataset and table), cached like data.

        Columns: see ``adoptstats_eurostat.toc.parse_toc``.
        """
        lang = lang.strip().lower()
        if lang not in ("en", "fr", "de"):
            raise QueryError(f"source 'eurostat': the table of contents exists in en, fr and de, not {lang!r}")
        from adoptstats_eurostat.fetching import fetch_toc

        return fetch_toc(self._run(offline, refresh), lang)

    def search(
        self,
        text: str,
        *,
        lang: str = "en",
        types: Sequence[str] = ("dataset", "table"),
        offline: bool | None = None,
    ) -> pd.DataFrame:
        """Datasets and tables whose title or code holds every word of ``text``; catalogued ones first.

        Columns: those of ``adoptstats_eurostat.toc.parse_toc`` plus ``catalogued`` (whether this
        source's catalogue maps the dataset's indicators to concepts).
        """
        return search_toc(self.toc(lang=lang, offline=offline), text, types=types)
