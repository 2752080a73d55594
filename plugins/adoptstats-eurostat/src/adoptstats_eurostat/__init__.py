"""adoptstats-eurostat: the ``eurostat`` source for adoptstats.

Eurostat's survey on ICT usage in enterprises (enterprises with 10 or more persons
employed, financial sector excluded): social media (``isoc_cismt``, headline indicator
``E_SM1_ANY`` in ``PC_ENT``), websites, e-commerce sales, cloud computing and artificial
intelligence, by size class or by NACE activity, fetched live from Eurostat's Statistics
API, cached on disk and usable offline::

    import adoptstats
    rs = adoptstats.fetch("eurostat", dataset="isoc_cismt", indicator="E_SM1_ANY", geo=["BE", "NL"])

The plugin implements :func:`adoptstats_register_sources` (registers
:class:`EurostatSource`) and :func:`adoptstats_register_commands` (``adoptstats cache`` and
``adoptstats eurostat``). Importing it does no I/O. Downloads report their progress through
:mod:`adoptstats.progress`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import adoptstats

if TYPE_CHECKING:
    import click

    from adoptstats_eurostat.cache import ResponseCache
    from adoptstats_eurostat.datasets import DATASETS, DEFAULT_ACTIVITY, DEFAULT_SIZE
    from adoptstats_eurostat.flags import FLAGS, explain_flags
    from adoptstats_eurostat.indicators import INDICATORS
    from adoptstats_eurostat.mapping import POPULATION
    from adoptstats_eurostat.source import EurostatSource

__version__ = "0.1.0"

__all__ = [
    "DATASETS",
    "DEFAULT_ACTIVITY",
    "DEFAULT_SIZE",
    "FLAGS",
    "INDICATORS",
    "POPULATION",
    "EurostatSource",
    "ResponseCache",
    "__version__",
    "adoptstats_register_commands",
    "adoptstats_register_sources",
    "explain_flags",
]

# Plugin discovery imports this package: the public names load on first use, so that
# discovering the plugin costs little more than the source's own module. (Type checkers
# read the imports above instead.) ``dir()`` stays the module's own: pluggy looks for hooks
# through it, and listing the lazy names there would import them all.
if not TYPE_CHECKING:
    import lazy_loader

    __getattr__, _, _ = lazy_loader.attach(
        __name__,
        submod_attrs={
            "cache": ["ResponseCache"],
            "datasets": ["DATASETS", "DEFAULT_ACTIVITY", "DEFAULT_SIZE"],
            "indicators": ["INDICATORS"],
            "flags": ["FLAGS", "explain_flags"],
            "mapping": ["POPULATION"],
            "source": ["EurostatSource"],
        },
    )


@adoptstats.hookimpl
def adoptstats_register_sources(register: Callable[[adoptstats.Source], None]) -> None:
    """Register the ``eurostat`` source (no I/O: settings are read when a fetch starts)."""
    from adoptstats_eurostat.source import EurostatSource

    register(EurostatSource())


@adoptstats.hookimpl
def adoptstats_register_commands(cli: click.Group) -> None:
    """Add ``adoptstats cache info|clear`` and ``adoptstats eurostat search|datasets|flags``."""
    from adoptstats_eurostat.cli import register

    register(cli)
