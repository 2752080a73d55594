"""Helpers for plugin authors: the source contract check and Hypothesis strategies.

>>> from adoptstats.testing import check_source   # doctest: +SKIP
>>> check_source(MySource(), MySource().query(geo="BE"))   # doctest: +SKIP

``adoptstats.testing.strategies`` needs Hypothesis (the ``testing`` extra).
"""

from __future__ import annotations

from adoptstats.testing.contract import ContractError, check_source, make_registry, registry_for

__all__ = ["ContractError", "check_source", "make_registry", "registry_for"]
