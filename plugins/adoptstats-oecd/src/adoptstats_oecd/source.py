"""The ``oecd`` source: the OECD's "ICT Access and Usage by Businesses", fetched as SDMX-CSV, cached on disk.

Plugin discovery imports this module, so it stays light: the HTTP client, the cache, the
rate limiter and the SDMX-CSV reader are imported when a fetch starts.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from adoptstats import Indicator, Query, ResultSet, Source, SourceInfo
from adoptstats_oecd import catalogue, settings

if TYPE_CHECKING:
    from adoptstats_oecd.fetching import Run

__all__ = ["OECDSource"]


class OECDSource(Source):
    """The OECD's ICT Access and Usage by Businesses (``OECD.STI.DEP,DSD_ICT_B@DF_BUSINESSES,1.0``).

    Filters: ``indicator`` (``MEASURE`` codes such as ``B1_B``) or ``concept``, ``geo`` (any
    spelling adoptstats understands; sent as alpha-3, ``EU27_2020`` as ``EU27``), ``period``
    or ``since``/``until``. Options:

    ``size_class``
        ``"S_GE10"`` (default: 10 or more persons employed), ``"S10T49"``, ``"S50T249"``,
        ``"S_GE250"`` (also ``"small"``, ``"medium"``, ``"large"``), a list, or ``"all"``.
    ``activity``
        ``"_T"`` (default: all activities), ISIC codes (``"C"``, ``"J"`` ...), a list, or ``"all"``.
    ``unit``
        ``"PT_ENT"`` (percentage of enterprises), the only unit adoptstats reads here.
    ``offline``
        ``True``: answer from the cache only (also ``ADOPTSTATS_OFFLINE=1``).
    ``refresh``
        ``True``: ask the service again even when the cache holds a fresh answer.

    Constructor arguments set where and how to fetch; ``None`` means "read the environment at
    fetch time". ``limits`` are the client-side request limits (shared between processes);
    tests pass ``backoff=0`` and a ``sleep`` that does not sleep.
    """

    name: ClassVar[str] = "oecd"
    options: ClassVar[tuple[str, ...]] = ("size_class", "activity", "unit", "offline", "refresh")

    def __init__(
        self,
        *,
        base_url: str | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        offline: bool | None = None,
        expire_after: dt.timedelta | None = settings.DEFAULT_EXPIRE_AFTER,
        limits: settings.RateLimits | None = None,
        attempts: int = 3,
        backoff: float = 1.0,
        max_retry_after: float = 120.0,
        timeout: tuple[float, float] = (10.0, 60.0),
        max_bytes: int = settings.DEFAULT_MAX_BYTES,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if base_url is not None:
            settings.check_url(base_url)
        self._base_url = base_url
        self._cache_dir = cache_dir
        self._offline = offline
        self.expire_after = expire_after
        self.limits = limits or settings.RateLimits()
        self._attempts = attempts
        self._backoff = backoff
        self._max_retry_after = max_retry_after
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._sleep = sleep

    def info(self) -> SourceInfo:
        """Title, publisher, licence, URL and coverage of the source."""
        return SourceInfo(
            name=self.name,
            title="OECD: ICT Access and Usage by Businesses",
            publisher="OECD",
            url="https://data-explorer.oecd.org/",
            licence="CC BY 4.0 (OECD open-by-default policy, content published since 1 July 2024)",
            description=(
                "The OECD's database of business ICT use, through its SDMX REST service as SDMX-CSV: figures the "
                "OECD collects itself (Australia, Brazil, Canada, Colombia, Japan, Korea, Mexico, New Zealand, "
                "Switzerland, the United States) and Eurostat's figures, republished, for EU members."
            ),
            coverage="OECD members and partners, EU27 and OECD aggregates; annual",
            population=catalogue.EUROSTAT_POPULATION + " (for EU members; see each row for the others)",
            open_catalogue=True,
        )

    def indicators(self) -> list[Indicator]:
        """The bundled measures, and those of the structure when a refresh has cached it (no network)."""
        from adoptstats_oecd.measures import cached_indicators

        return cached_indicators(self._run(offline=True))

    def refresh_indicators(self) -> list[Indicator]:
        """Read the dataflow's structure and availability from the service (cached) and list every measure.

        Measures the bundled catalogue does not map get no concept; the note says whether the
        availability constraint lists data for them.
        """
        from adoptstats_oecd.measures import refresh

        return refresh(self._run(offline=None, refresh=True))

    def republishes(self) -> dict[str, tuple[str, str]]:
        """Measures whose figures for EU members are Eurostat's, republished: ``{measure: ("eurostat", indicator)}``.

        :func:`adoptstats.reconcile` reads it: an OECD row and the Eurostat row of the same
        geography, period, breakdown and population are one figure reported twice.
        """
        return {"B1_B": ("eurostat", "E_WEB")}

    @property
    def base_url(self) -> str:
        """The service's base URL in effect now."""
        return settings.base_url(self._base_url)

    @property
    def cache_dir(self) -> Path:
        """The cache folder in effect now."""
        return settings.cache_dir(self._cache_dir)

    def _run(self, offline: bool | None, refresh: bool = False) -> Run:
        from adoptstats_oecd.cache import Cache
        from adoptstats_oecd.client import Client
        from adoptstats_oecd.fetching import Run
        from adoptstats_oecd.ratelimit import RateLimiter

        folder = self.cache_dir
        client = Client(
            limiter=RateLimiter(folder, self.limits, sleep=self._sleep),
            attempts=self._attempts,
            backoff=self._backoff,
            max_retry_after=self._max_retry_after,
            timeout=self._timeout,
            max_bytes=self._max_bytes,
            sleep=self._sleep,
        )
        return Run(
            base=self.base_url,
            client=client,
            cache=Cache(folder, self.expire_after),
            offline=settings.offline(offline if offline is not None else self._offline),
            refresh=refresh,
        )

    def urls(self, query: Query) -> list[str]:
        """The data URLs a fetch of ``query`` sends (before any split on HTTP 413), without fetching."""
        from adoptstats_oecd.plan import parse_options, plan

        base = self.base_url
        return [r.url(base) for r in plan(query, parse_options(query.options), base)]

    def fetch(self, query: Query) -> ResultSet:
        """The rows matching ``query``; see the class docstring for filters and options.

        :raises QueryError: bad filters or options, a query the service refuses.
        :raises OfflineError: offline, and the cache lacks the answer (the message names it).
        :raises SourceUnavailable: network failures after retries, the rate limit, bad answers.
        """
        from adoptstats_oecd.fetching import fetch_requests
        from adoptstats_oecd.plan import parse_options, plan

        opts = parse_options(query.options)
        run = self._run(opts.offline, opts.refresh)
        requests = plan(query, opts, run.base)
        if not requests:
            return ResultSet.empty()
        return fetch_requests(run, query, opts, requests)
