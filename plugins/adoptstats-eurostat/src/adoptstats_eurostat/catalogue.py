"""The adoption datasets of Eurostat's "ICT usage in enterprises" survey, their indicators and concepts.

This is a curated list, not a mirror of Eurostat: the datasets that answer "how many
enterprises use X" for the technologies adoptstats compares, each native ``indic_is`` code
mapped to an adoptstats concept with a match level and a note. Any other Eurostat dataset
can still be fetched by code; :func:`parse_toc` reads Eurostat's full table of contents
for searching.

Codes and titles come from Eurostat's table of contents (July 2025) and from code that
queries these datasets (``docs/sources/eurostat.md``, "Datasets and indicators"). Datasets come in pairs: ``<code>`` by
size class of enterprise and ``<code>n2`` by NACE Rev. 2 activity.

The catalogue is held by three modules, re-exported here: :mod:`adoptstats_eurostat.datasets`
(the datasets), :mod:`adoptstats_eurostat.indicators` (their indicator codes and concepts)
and :mod:`adoptstats_eurostat.toc` (reading and searching the table of contents).
"""

from __future__ import annotations

from adoptstats_eurostat.datasets import DATASETS, DEFAULT_ACTIVITY, DEFAULT_SIZE, DatasetInfo, dataset_info
from adoptstats_eurostat.indicators import (
    INDICATORS,
    NativeIndicator,
    concept_of,
    indicators,
    indicators_for,
    native_indicator,
)
from adoptstats_eurostat.toc import TOC_COLUMNS, parse_toc, search_toc

__all__ = [
    "DATASETS",
    "DEFAULT_ACTIVITY",
    "DEFAULT_SIZE",
    "INDICATORS",
    "TOC_COLUMNS",
    "DatasetInfo",
    "NativeIndicator",
    "concept_of",
    "dataset_info",
    "indicators",
    "indicators_for",
    "native_indicator",
    "parse_toc",
    "search_toc",
]
