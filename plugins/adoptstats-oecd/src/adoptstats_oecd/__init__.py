"""adoptstats-oecd: the ``oecd`` source for adoptstats.

The OECD's "ICT Access and Usage by Businesses" (dataflow
``OECD.STI.DEP,DSD_ICT_B@DF_BUSINESSES,1.0``): official business ICT figures for countries
Eurostat does not cover (Mexico, Korea, Japan, Canada, the United States ...), and Eurostat's
figures, republished, for EU members; fetched as SDMX-CSV, cached on disk, usable offline, within
the OECD's request limits::

    import adoptstats
    rs = adoptstats.fetch("oecd", indicator="B1_B", geo=["MX", "BE", "NL"], period=2023)

Importing the package does no I/O and imports nothing heavy: the source's module loads when
plugins are discovered, everything else on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import adoptstats

if TYPE_CHECKING:
    from adoptstats_oecd.catalogue import MEASURES, OECD_COLLECTED, STATUSES, explain_flags
    from adoptstats_oecd.settings import RateLimits
    from adoptstats_oecd.source import OECDSource

__version__ = "0.1.0"

__all__ = [
    "MEASURES",
    "OECD_COLLECTED",
    "STATUSES",
    "OECDSource",
    "RateLimits",
    "__version__",
    "adoptstats_register_sources",
    "explain_flags",
]

_LAZY = {
    "MEASURES": "catalogue",
    "OECD_COLLECTED": "catalogue",
    "STATUSES": "catalogue",
    "explain_flags": "catalogue",
    "RateLimits": "settings",
    "OECDSource": "source",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'adoptstats_oecd' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"adoptstats_oecd.{module}"), name)


@adoptstats.hookimpl
def adoptstats_register_sources(register: Callable[[adoptstats.Source], None]) -> None:
    """Register the ``oecd`` source (no I/O: settings are read when a fetch starts)."""
    from adoptstats_oecd.source import OECDSource

    register(OECDSource())
