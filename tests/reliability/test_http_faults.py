"""HTTP faults against a real server on 127.0.0.1, for the Eurostat source.

The plugin's own tests check each fault's error message. These check what must hold *after*
every fault, on one matrix: the right error type naming the URL, no partial result, the cache
unharmed (an earlier answer still served, nothing bad stored, no temporary file left), the
next good answer served and cached, and no thread, socket or file left open.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import adoptstats
from adoptstats import AdoptstatsError, FormatError, QueryError, ResultSet, SourceUnavailable
from adoptstats.testing import make_registry
from adoptstats_eurostat import EurostatSource

from ._kit import (
    DATA_PATH,
    Action,
    ScriptedServer,
    closed_port,
    cut_body,
    endless_chunks,
    gzip_bomb,
    gzip_garbage,
    jsonstat_bytes,
    open_fds,
    redirect,
    respond,
    silent,
    sockets,
    trickle,
)

PATH = f"{DATA_PATH}/isoc_cismt"
GOOD = jsonstat_bytes(["BE"], ["2021", "2023"])
OTHER_GOOD = jsonstat_bytes(["NL"], ["2021", "2023"], base=60.0)
HTML = b"<!DOCTYPE html><html><head><title>Sorry</title></head><body>Too many requests</body></html>"


class Sleeps(list[float]):
    """Records the waits asked for, without waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def no_leaks() -> Iterator[None]:
    """The test leaves no thread running and no socket or file open (Linux: /proc/self/fd)."""
    gc.collect()
    threads = set(threading.enumerate())
    before = open_fds()
    yield
    gc.collect()  # an unclosed socket now raises ResourceWarning (an error in this suite)
    after = open_fds()
    if before is not None and after is not None:
        wait = time.monotonic() + 2
        while sockets(after) - sockets(before) and time.monotonic() < wait:
            time.sleep(0.02)
            gc.collect()
            after = open_fds() or {}
        assert not sockets(after) - sockets(before), "sockets left open"
        files = {t for t in after.values() if t.startswith("/")} - {t for t in before.values() if t.startswith("/")}
        assert not {f for f in files if "/cache/" in f}, f"files left open: {files}"
    stray = [t for t in set(threading.enumerate()) - threads if t.is_alive()]
    assert not stray, f"threads left running: {stray}"


@pytest.fixture
def server(no_leaks: None) -> Iterator[ScriptedServer]:
    with ScriptedServer() as srv:
        yield srv


def make_source(base: str, cache: Path, sleeps: Sleeps, **kwargs: Any) -> EurostatSource:
    options: dict[str, Any] = {
        "base_url": base,
        "cache_dir": cache,
        "backoff": 0.01,
        "async_wait": 0.0,
        "sleep": sleeps,
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "download_timeout": 0.5,
        "max_bytes": 256 * 1024,
        "attempts": 3,
    }
    options.update(kwargs)
    return EurostatSource(**options)


def fetch(source: EurostatSource, geo: str | list[str] = "BE", **options: Any) -> ResultSet:
    return source.fetch(source.query(dataset="isoc_cismt", indicator="E_SM1_ANY", geo=geo, **options))


def cache_files(source: EurostatSource) -> list[Path]:
    return sorted(p for p in source.cache_dir.rglob("*") if p.is_file() and p.parent.name != "locks")


#: (name, actions for the faulty URL, expected error, words of its message)
FAULTS: list[tuple[str, Callable[[ScriptedServer], list[Action]], type[AdoptstatsError], str]] = [
    ("reset-mid-body", lambda s: [cut_body(GOOD, reset=True)], SourceUnavailable, "after 3 tries"),
    ("closed-mid-body", lambda s: [cut_body(GOOD, reset=False)], SourceUnavailable, "cut off"),
    ("slow-body", lambda s: [trickle(GOOD, 0.05)], SourceUnavailable, "timed out"),
    ("slow-body-keep-alive", lambda s: [trickle(GOOD, 0.05, close=False)], SourceUnavailable, "timed out"),
    ("endless-body", lambda s: [endless_chunks()], SourceUnavailable, "limit"),
    ("no-answer", lambda s: [silent(1.5)], SourceUnavailable, "timed out"),
    ("429-no-retry-after", lambda s: [respond(b"slow down", status=429)], SourceUnavailable, "HTTP 429"),
    ("429-retry-after", lambda s: [respond(b"", status=429, Retry_After="2")], SourceUnavailable, "HTTP 429"),
    ("500-burst", lambda s: [respond(b"oops", status=500)], SourceUnavailable, "HTTP 500"),
    ("502-burst", lambda s: [respond(b"bad gateway", status=502)], SourceUnavailable, "HTTP 502"),
    (
        "503-burst",
        lambda s: [respond(b'{"error": [{"status": 503, "label": "busy"}]}', status=503)],
        SourceUnavailable,
        "busy",
    ),
    ("gzip-garbage", lambda s: [gzip_garbage()], SourceUnavailable, "damaged"),
    ("gzip-bomb", lambda s: [gzip_bomb(8 * 1024 * 1024)], SourceUnavailable, "limit"),
    ("over-size-cap", lambda s: [respond(b" " * (300 * 1024) + GOOD)], SourceUnavailable, "limit"),
    (
        "redirect-to-html",
        lambda s: [redirect("/sorry/")],
        SourceUnavailable,
        "HTML page",
    ),
    ("redirect-loop", lambda s: [redirect(PATH + "?again=1")], SourceUnavailable, "redirected more than"),
    ("redirect-to-plain-http", lambda s: [redirect("http://data.example.org/x")], QueryError, "plain HTTP"),
    ("html-as-json", lambda s: [respond(HTML)], SourceUnavailable, "HTML page"),
    ("truncated-json", lambda s: [respond(GOOD[: len(GOOD) // 2])], SourceUnavailable, "not valid JSON"),
    ("binary-garbage", lambda s: [respond(bytes(range(256)) * 4)], SourceUnavailable, "not valid JSON"),
    ("empty-body", lambda s: [respond(b"")], SourceUnavailable, "empty body"),
    (
        "jsonstat-sizes-mismatch",
        lambda s: [respond(GOOD.replace(b'"size": [1, 1, 1, 1, 1, 1, 2]', b'"size": [1, 1, 1, 1, 1, 1, 3]'))],
        FormatError,
        "categories",
    ),
    (
        "jsonstat-value-out-of-cube",
        lambda s: [respond(GOOD.replace(b'"value": {"0"', b'"value": {"9"'))],
        FormatError,
        "out of range",
    ),
]


@pytest.mark.parametrize(("name", "actions", "error", "words"), FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_then_recovery(
    server: ScriptedServer,
    tmp_path: Path,
    name: str,
    actions: Callable[[ScriptedServer], list[Action]],
    error: type[AdoptstatsError],
    words: str,
) -> None:
    sleeps = Sleeps()
    source = make_source(server.url(), tmp_path / "cache", sleeps)
    server.script("/sorry/", respond(HTML, content_type="text/html"))
    # an earlier answer, for another query, is in the cache
    server.script(PATH, respond(OTHER_GOOD))
    earlier = fetch(source, geo="NL")
    stored = cache_files(source)
    assert len(stored) == 1
    snapshot = stored[0].read_bytes()

    server.script(PATH, *actions(server))
    started = time.monotonic()
    with pytest.raises(error) as info:
        fetch(source)
    assert time.monotonic() - started < 10
    assert words in str(info.value)
    assert f"127.0.0.1:{server.port}" in str(info.value)  # the message names the URL
    # the cache is unharmed: the earlier entry is untouched, nothing was stored for the fault
    assert cache_files(source) == stored
    assert stored[0].read_bytes() == snapshot
    assert fetch(source, geo="NL", offline=True).equals(earlier)
    assert not list(source.cache_dir.rglob(".tmp-*"))
    # retries are bounded: at most 3 tries (each may follow up to 5 redirects)
    assert server.count(PATH) <= 3 * 6

    # the next good answer is served and cached, then served from the cache
    server.script(PATH, respond(GOOD))
    rs = fetch(source)
    assert sorted(rs.frame["period"].astype(str)) == ["2021", "2023"]
    assert len(cache_files(source)) == 2
    asked = server.count(PATH)
    assert fetch(source).equals(rs)
    assert fetch(source, offline=True).equals(rs)
    assert server.count(PATH) == asked


def test_connection_refused_then_a_server(tmp_path: Path, no_leaks: None) -> None:
    sleeps = Sleeps()
    port = closed_port()
    source = make_source(f"http://127.0.0.1:{port}/api", tmp_path / "cache", sleeps)
    with pytest.raises(SourceUnavailable, match="connection failed") as info:
        fetch(source)
    assert f"127.0.0.1:{port}" in str(info.value)
    assert sleeps == [0.01, 0.02]  # exponential backoff between the 3 tries
    assert cache_files(source) == []
    with ScriptedServer() as srv:
        srv.script(PATH, respond(GOOD))
        good = make_source(srv.url(), tmp_path / "cache", sleeps)
        assert len(fetch(good)) == 2
    assert len(fetch(good, offline=True)) == 2


@pytest.mark.parametrize(
    ("burst", "ok"),
    [(1, True), (2, True), (3, False)],
    ids=["one-503", "two-503", "three-503"],
)
def test_5xx_bursts_shorter_than_the_retries_recover(
    server: ScriptedServer, tmp_path: Path, burst: int, ok: bool
) -> None:
    sleeps = Sleeps()
    source = make_source(server.url(), tmp_path / "cache", sleeps)
    statuses = [500, 502, 503][:burst]
    server.script(PATH, *[respond(b"busy", status=s) for s in statuses], respond(GOOD))
    if ok:
        assert len(fetch(source)) == 2
    else:
        with pytest.raises(SourceUnavailable):
            fetch(source)
        assert cache_files(source) == []
    assert server.count(PATH) == min(burst + 1, 3)
    assert sleeps == [0.01, 0.02][: min(burst, 2)]


def test_429_waits_for_retry_after_or_backs_off(server: ScriptedServer, tmp_path: Path) -> None:
    sleeps = Sleeps()
    source = make_source(server.url(), tmp_path / "cache", sleeps)
    server.script(PATH, respond(b"", status=429, Retry_After="7"), respond(b"", status=429), respond(GOOD))
    assert len(fetch(source)) == 2
    assert sleeps == [7.0, 0.02]  # Retry-After first, then the backoff of the second retry


def test_a_fault_in_one_part_of_a_split_query_returns_nothing(server: ScriptedServer, tmp_path: Path) -> None:
    """Eurostat finds the query too big; the first half arrives, the second fails: no partial result."""
    too_big = b'{"error": [{"status": 413, "id": 413, "label": "EXTRACTION_TOO_BIG: too many cells"}]}'
    answers = {"BE": respond(jsonstat_bytes(["BE"], ["2021", "2023"])), "NL": cut_body(OTHER_GOOD, reset=True)}

    def by_geo(conn: Any, request: bytes) -> None:
        line = request.split(b"\r\n", 1)[0].decode()
        geos = [p.split("=", 1)[1] for p in line.split(" ")[1].split("?", 1)[1].split("&") if p.startswith("geo=")]
        action = answers[geos[0]] if len(geos) == 1 else respond(too_big, status=413)
        action(conn, request)

    sleeps = Sleeps()
    source = make_source(server.url(), tmp_path / "cache", sleeps)
    server.script(PATH, by_geo)
    with pytest.raises(SourceUnavailable):
        fetch(source, geo=["BE", "NL"])
    answers["NL"] = respond(OTHER_GOOD)
    rs = fetch(source, geo=["BE", "NL"])
    assert sorted(set(rs.frame["geo"].astype(str))) == ["BE", "NL"]
    assert len(rs) == 4


@pytest.mark.parametrize(
    "fault",
    [
        cut_body(GOOD, reset=True),
        respond(b"busy", status=503),
        respond(GOOD[:100]),
        respond(HTML),
        respond(GOOD.replace(b'"size": [1, 1, 1, 1, 1, 1, 2]', b'"size": [1, 1, 1, 1, 1, 1, 3]')),
    ],
    ids=["reset", "503", "truncated", "html", "bad-jsonstat"],
)
def test_a_failed_refresh_keeps_the_cached_answer(server: ScriptedServer, tmp_path: Path, fault: Action) -> None:
    """refresh=True asks again; when the new answer is bad, the old one is still there for offline use."""
    sleeps = Sleeps()
    source = make_source(server.url(), tmp_path / "cache", sleeps)
    server.script(PATH, respond(GOOD))
    first = fetch(source)
    server.script(PATH, fault)
    with pytest.raises(AdoptstatsError):
        fetch(source, refresh=True)
    assert fetch(source, offline=True).equals(first)


def test_the_timeout_of_adoptstats_fetch_bounds_a_slow_download(tmp_path: Path, no_leaks: None) -> None:
    """adoptstats.fetch(..., timeout=) answers in time even while the plugin is still reading."""
    with ScriptedServer() as srv:
        srv.script(PATH, trickle(GOOD, 0.01, limit=1.0))
        source = make_source(srv.url(), tmp_path / "cache", Sleeps(), download_timeout=None, attempts=1)

        class Plugin:
            @adoptstats.hookimpl
            def adoptstats_register_sources(self, register: Callable[[Any], None]) -> None:
                register(source)

        registry = make_registry(("eurostat-under-test", Plugin()))
        started = time.monotonic()
        with pytest.raises(SourceUnavailable, match="did not answer within 0.5 s"):
            registry.fetch("eurostat", dataset="isoc_cismt", indicator="E_SM1_ANY", geo="BE", timeout=0.5)
        assert time.monotonic() - started < 1.5
        # the abandoned download goes on in its own thread: wait for it before the leak check
        for thread in threading.enumerate():
            if thread.name.startswith("adoptstats-fetch"):
                thread.join(30)
