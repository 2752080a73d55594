from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import adoptstats


@pytest.fixture(scope="session")
def registry() -> adoptstats.Registry:
    """A registry that loads only the installed ``regus`` entry point (strict: a broken plugin fails the test)."""
    return adoptstats.Registry(only=["regus"], strict=True)


@pytest.fixture
def fetch(registry: adoptstats.Registry) -> Callable[..., adoptstats.ResultSet]:
    """``adoptstats.fetch("regus", ...)`` against the installed plugin."""

    def run(**filters: Any) -> adoptstats.ResultSet:
        return adoptstats.fetch("regus", registry=registry, **filters)

    return run
