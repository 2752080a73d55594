"""adoptstats: compare how businesses adopt technology across countries and sources.

Typed survey results with provenance on every number, comparison functions that
respect definitions, periods, populations, qualifiers and uncertainty, and sources as
plugins.  Plugin authors import only from this module (plus :mod:`adoptstats.formats`
and :mod:`adoptstats.testing`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from adoptstats.concepts import Concept, ConceptMapping, get_concept, register_concept
from adoptstats.errors import (
    AdoptstatsError,
    AdoptstatsPluginWarning,
    AdoptstatsWarning,
    AggregationError,
    Argument,
    ComparabilityError,
    ComparabilityWarning,
    DuplicateReportsError,
    DuplicateSourceError,
    EmptyResultError,
    EmptyResultWarning,
    FormatError,
    Hint,
    OfflineError,
    PluginHookError,
    PluginLoadError,
    Problem,
    QueryError,
    RecordError,
    SelectionError,
    SourceError,
    SourceUnavailable,
    SourceWarning,
    UnitWarning,
    UnknownConceptError,
    UnknownFilterValueError,
    UnknownGeographyError,
    UnknownSourceError,
    ValidationError,
    ValueStringError,
)
from adoptstats.geo import geo_name, normalize_geo
from adoptstats.hookspecs import hookimpl
from adoptstats.plugins import PluginInfo
from adoptstats.records import (
    QUALIFIERS,
    UNITS,
    Citation,
    Estimate,
    Indicator,
    Observation,
    Query,
    SourceInfo,
    normalize_period,
)
from adoptstats.registry import (
    Registry,
    fetch,
    get_registry,
    get_source,
    list_plugins,
    list_sources,
    refresh,
    show_versions,
)
from adoptstats.resultset import ResultSet, concat
from adoptstats.sources import Source

if TYPE_CHECKING:
    from adoptstats.aggregation import aggregate
    from adoptstats.comparison import Comparison, Gap, compare, gap
    from adoptstats.profiles import Profile, profile
    from adoptstats.ranking import RankTable, rank
    from adoptstats.reconciliation import Reconciliation, reconcile
    from adoptstats.trends import Trend, trend

#: The version of the installed adoptstats distribution.
__version__ = "0.1.0"

# Heavy modules (statsmodels, matplotlib through them) load on first use, so that
# ``import adoptstats`` stays fast.
_LAZY = {
    "compare": "adoptstats.comparison",
    "gap": "adoptstats.comparison",
    "Comparison": "adoptstats.comparison",
    "Gap": "adoptstats.comparison",
    "rank": "adoptstats.ranking",
    "RankTable": "adoptstats.ranking",
    "trend": "adoptstats.trends",
    "Trend": "adoptstats.trends",
    "aggregate": "adoptstats.aggregation",
    "reconcile": "adoptstats.reconciliation",
    "Reconciliation": "adoptstats.reconciliation",
    "profile": "adoptstats.profiles",
    "Profile": "adoptstats.profiles",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'adoptstats' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def list_concepts() -> list[Concept]:
    """Every concept in the vocabulary: the core ones and those contributed by installed plugins."""
    from adoptstats import concepts

    get_registry()  # loading plugins registers their concepts
    return concepts.list_concepts()


__all__ = [
    "QUALIFIERS",
    "UNITS",
    "AdoptstatsError",
    "AdoptstatsPluginWarning",
    "AdoptstatsWarning",
    "AggregationError",
    "Argument",
    "Citation",
    "ComparabilityError",
    "ComparabilityWarning",
    "Comparison",
    "Concept",
    "ConceptMapping",
    "DuplicateReportsError",
    "DuplicateSourceError",
    "EmptyResultError",
    "EmptyResultWarning",
    "Estimate",
    "FormatError",
    "Gap",
    "Hint",
    "Indicator",
    "Observation",
    "OfflineError",
    "PluginHookError",
    "PluginInfo",
    "PluginLoadError",
    "Problem",
    "Profile",
    "Query",
    "QueryError",
    "RankTable",
    "Reconciliation",
    "RecordError",
    "Registry",
    "ResultSet",
    "SelectionError",
    "Source",
    "SourceError",
    "SourceInfo",
    "SourceUnavailable",
    "SourceWarning",
    "Trend",
    "UnitWarning",
    "UnknownConceptError",
    "UnknownFilterValueError",
    "UnknownGeographyError",
    "UnknownSourceError",
    "ValidationError",
    "ValueStringError",
    "__version__",
    "aggregate",
    "compare",
    "concat",
    "fetch",
    "gap",
    "geo_name",
    "get_concept",
    "get_registry",
    "get_source",
    "hookimpl",
    "list_concepts",
    "list_plugins",
    "list_sources",
    "normalize_geo",
    "normalize_period",
    "profile",
    "rank",
    "reconcile",
    "refresh",
    "register_concept",
    "show_versions",
    "trend",
]
