"""Fixtures: a real HTTP server on 127.0.0.1 serving recorded and constructed payloads; no internet.

Every test gets a fresh cache folder, a clean environment (no ``ADOPTSTATS_*`` variable from
the caller leaks in) and a check that it leaves no stray thread behind; ``gc.collect()`` at
teardown (and a full collection after each module) surfaces unclosed sockets as
``ResourceWarning`` (an error under ``filterwarnings = error``), and on Linux the test fails
if it leaves a socket open.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

sys.path.insert(0, str(Path(__file__).parent))

from eurostat_testkit import API, Sleeps

from adoptstats_eurostat import EurostatSource


def _open_sockets() -> set[str] | None:
    """Socket inodes this process holds open (Linux), or None where /proc is not available."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return None
    out: set[str] = set()
    for fd in fds.iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith("socket:"):
            out.add(target)
    return out


@pytest.fixture(scope="module", autouse=True)
def _full_gc_per_module() -> Iterator[None]:
    """A full collection after each module, so that nothing unclosed hides in old generations."""
    yield
    gc.collect()


@pytest.fixture(scope="session")
def server() -> Iterator[HTTPServer]:
    """One HTTP server on 127.0.0.1 (a free port) for the whole session, cleared before each test."""
    srv = HTTPServer(host="127.0.0.1", port=0)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


@pytest.fixture
def httpserver(server: HTTPServer) -> Iterator[HTTPServer]:
    """The session server, with no expectations and an empty log."""
    server.clear()
    yield server
    server.clear()


@pytest.fixture
def base_url(httpserver: HTTPServer) -> str:
    """The API base URL on the local server."""
    return httpserver.url_for(API)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No ADOPTSTATS_* variable leaks in; the default cache lives in tmp_path; no stray threads."""
    for var in ("ADOPTSTATS_OFFLINE", "ADOPTSTATS_EUROSTAT_URL", "ADOPTSTATS_CACHE_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("ADOPTSTATS_CACHE_DIR", str(tmp_path / "default-cache"))
    before = set(threading.enumerate())
    sockets = _open_sockets()
    yield
    gc.collect(1)  # young objects: sockets dropped by this test show up now, as ResourceWarning
    if sockets is not None:
        # the server thread may still be closing its end of the last connection: wait a little
        deadline = time.monotonic() + 2.0
        leaked = (_open_sockets() or set()) - sockets
        while leaked and time.monotonic() < deadline:
            time.sleep(0.01)
            gc.collect(1)
            leaked = (_open_sockets() or set()) - sockets
        assert not leaked, f"sockets left open: {sorted(leaked)}"
    stray = [
        t
        for t in set(threading.enumerate()) - before
        if t.is_alive() and "thread_target" not in t.name and "serve_forever" not in t.name
    ]
    assert not stray, f"threads left running: {stray}"


@pytest.fixture
def sleeps() -> Sleeps:
    """A fake ``sleep`` recording its arguments."""
    return Sleeps()


@pytest.fixture
def make_source(base_url: str, tmp_path: Path, sleeps: Sleeps) -> Callable[..., EurostatSource]:
    """Build an EurostatSource against the local server with zero backoff and a private cache."""

    def make(**kwargs: Any) -> EurostatSource:
        options: dict[str, Any] = {
            "base_url": base_url,
            "cache_dir": tmp_path / "cache",
            "backoff": 0.0,
            "async_wait": 0.0,
            "sleep": sleeps,
            "read_timeout": 5.0,
            "connect_timeout": 2.0,
        }
        options.update(kwargs)
        return EurostatSource(**options)

    return make


@pytest.fixture
def source(make_source: Callable[..., EurostatSource]) -> EurostatSource:
    """An EurostatSource against the local server (zero backoff, private cache)."""
    return make_source()
