"""Every measure of the dataflow: the bundled catalogue, completed by the live structure when it is cached."""

from __future__ import annotations

import logging

from adoptstats import Indicator, OfflineError, SourceUnavailable
from adoptstats_oecd import catalogue
from adoptstats_oecd.fetching import Run, fetch_text
from adoptstats_oecd.structure import read_availability, read_structure

__all__ = ["availability_url", "cached_indicators", "refresh", "structure_url"]

logger = logging.getLogger("adoptstats_oecd")


def structure_url(base: str) -> str:
    """The dataflow with everything it references (data structure, codelists, constraints), SDMX-ML."""
    return f"{base}/dataflow/{catalogue.AGENCY}/{catalogue.DATAFLOW_ID}/{catalogue.VERSION}?references=all"


def availability_url(base: str) -> str:
    """The measures that have data (an availability constraint), SDMX-ML."""
    return f"{base}/availableconstraint/{catalogue.DATAFLOW}/all/all/MEASURE"


def _merge(labels: dict[str, str], available: set[str] | None) -> list[Indicator]:
    out = catalogue.indicators()
    known = {i.code for i in out}
    for code, label in sorted(labels.items()):
        if code in known:
            continue
        if available is None:
            note = "Listed by the dataflow's structure; not mapped to a concept."
        elif code in available:
            note = "Listed by the structure, with data; not mapped to a concept."
        else:
            note = "Listed by the structure; the availability constraint lists no data for it."
        out.append(
            Indicator(
                code=code,
                label=label or code,
                note=note,
                dataset=catalogue.DATAFLOW_ID,
                unit="percent",
                population=catalogue.EUROSTAT_POPULATION,
            )
        )
    return out


def _measures(run: Run) -> tuple[dict[str, str], set[str] | None]:
    components = read_structure(fetch_text(run, structure_url(run.base)))
    labels = components.get("MEASURE", {})
    catalogue_statuses = components.get("OBS_STATUS", {})
    for code, label in catalogue_statuses.items():
        catalogue.STATUSES.setdefault(code, label)
    try:
        available: set[str] | None = read_availability(fetch_text(run, availability_url(run.base)))
    except (SourceUnavailable, OfflineError) as exc:
        logger.warning("the OECD availability of measures could not be read: %s", exc)
        available = None
    return labels, available


def refresh(run: Run) -> list[Indicator]:
    """Read (and cache) the structure and availability, and list every measure."""
    labels, available = _measures(run)
    return _merge(labels, available)


def cached_indicators(run: Run) -> list[Indicator]:
    """The bundled measures, plus those of a cached structure (``run`` is offline: no network)."""
    try:
        labels, available = _measures(run)
    except (OfflineError, SourceUnavailable):
        return catalogue.indicators()
    return _merge(labels, available)
