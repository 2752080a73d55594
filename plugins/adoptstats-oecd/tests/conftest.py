"""Fixtures: a real HTTP server on 127.0.0.1 replaying constructed OECD answers; a fresh cache; no internet."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

sys.path.insert(0, str(Path(__file__).parent))

from oecd_testkit import Sleeps


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No ADOPTSTATS_* variable of the caller leaks in; the cache is a fresh folder."""
    for name in list(os.environ):
        if name.startswith("ADOPTSTATS_") and name != "ADOPTSTATS_HYPOTHESIS_PROFILE":
            monkeypatch.delenv(name)
    monkeypatch.setenv("ADOPTSTATS_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def base_url(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """The loopback server's URL, also set as ADOPTSTATS_OECD_URL."""
    url = httpserver.url_for("/").rstrip("/")
    monkeypatch.setenv("ADOPTSTATS_OECD_URL", url)
    return url


@pytest.fixture
def sleeps() -> Sleeps:
    """A recorder passed as ``sleep``."""
    return Sleeps()
