"""adoptstats-regus: the ``regus`` source for adoptstats.

Published figures of the Regus surveys of business social networking, "Social success?"
(2010) and "A Social Recovery" (2011), shipped with the plugin, each with its citation
(publisher, title, URL, quoted sentence, primary or secondary).  Installing the
distribution makes the source available::

    import adoptstats
    rs = adoptstats.fetch("regus", concept="social_media.customer_acquisition", geo="Belux")

The plugin implements two hooks: :func:`adoptstats_register_sources` registers
:class:`RegusSource`, and :func:`adoptstats_register_concepts` adds the concepts that the
core vocabulary lacks (see :data:`CONTRIBUTED_CONCEPTS`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import adoptstats
from adoptstats_regus.mapping import CONTRIBUTED_CONCEPTS, INDICATORS, POPULATION
from adoptstats_regus.source import RegusSource

__version__ = "0.1.0"

__all__ = [
    "CONTRIBUTED_CONCEPTS",
    "INDICATORS",
    "POPULATION",
    "RegusSource",
    "__version__",
    "adoptstats_register_catalogues",
    "adoptstats_register_concepts",
    "adoptstats_register_sources",
]


@adoptstats.hookimpl
def adoptstats_register_sources(register: Callable[[adoptstats.Source], None]) -> None:
    """Register the ``regus`` source (no I/O: the data are read on first fetch)."""
    register(RegusSource())


@adoptstats.hookimpl
def adoptstats_register_catalogues(register: Callable[[str, str | Path], None]) -> None:
    """Ship the French, Dutch and German labels and definitions of the contributed concepts."""
    register("adoptstats_regus", Path(__file__).parent / "locale")


@adoptstats.hookimpl
def adoptstats_register_concepts(register: Callable[[adoptstats.Concept], None]) -> None:
    """Contribute the concepts of Regus questions that the core vocabulary has no concept for."""
    for concept in CONTRIBUTED_CONCEPTS:
        register(concept)
