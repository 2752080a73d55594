"""The Eurostat response cache under abuse: writers killed mid-write, damaged files, a read-only folder.

What must hold: a read returns exactly what was stored or nothing (never garbage); a damaged
entry is deleted and a warning is logged on ``adoptstats_eurostat.cache``; listing and clearing
never fail; the next fetch downloads again and caches a good entry.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import logging
import multiprocessing
import os
import random
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adoptstats import OfflineError
from adoptstats_eurostat import EurostatSource, ResponseCache

from ._kit import DATA_PATH, ScriptedServer, examples, jsonstat_bytes, respond, runs

try:
    FORK = multiprocessing.get_context("fork")
except ValueError:  # pragma: no cover - platforms without fork
    pytest.skip("needs the fork start method", allow_module_level=True)

# forking a process that runs threads (a test server of another module) is what these tests do on purpose
pytestmark = pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")

URL = "https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data/isoc_cismt?geo=BE"
RETRIEVED = __import__("datetime").datetime(2026, 1, 5, 10, 0, tzinfo=__import__("datetime").UTC)
#: Two bodies big enough (2 MiB, incompressible) that a write takes a while, so kills land mid-write.
BODIES = [random.Random(seed).randbytes(2 * 1024 * 1024) for seed in (1, 2)]
DIGESTS = {hashlib.sha256(b).hexdigest() for b in BODIES}

#: Runs of the kill tests, and examples of the corruption fuzz (recorded in README.md).
KILL_RUNS = runs(20)
FETCH_KILL_RUNS = runs(12)
CORRUPTIONS = examples(600)


class Warnings(logging.Handler):
    """Collects the warnings of the cache's logger."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def warnings_logged() -> Iterator[Warnings]:
    handler = Warnings()
    logger = logging.getLogger("adoptstats_eurostat.cache")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _writer(directory: str, ack: int) -> None:
    """Store the two bodies in turn under one URL, for ever; one byte on ``ack`` after each put."""
    cache = ResponseCache(directory, expire_after=None)
    i = 0
    while True:
        cache.put(URL, status=200, content_type="application/json", body=BODIES[i % 2], retrieved=RETRIEVED)
        os.write(ack, b".")
        i += 1


def _kill_after_first_put(target: Any, args: tuple[Any, ...], rng: random.Random, spread: float) -> int:
    """Run ``target(*args, ack)`` in a forked process, SIGKILL it at a random moment; acknowledged writes."""
    read_end, write_end = os.pipe()
    proc = FORK.Process(target=target, args=(*args, write_end))
    proc.start()
    os.close(write_end)
    try:
        assert os.read(read_end, 1) == b"."  # one write is complete
        time.sleep(rng.uniform(0, spread))
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(10)
        acked = 1
        while chunk := os.read(read_end, 65536):
            acked += len(chunk)
    finally:
        os.close(read_end)
        proc.close()
    return acked


def test_a_writer_killed_at_random_never_leaves_garbage(tmp_path: Path, warnings_logged: Warnings) -> None:
    rng = random.Random(20260105)
    cache = ResponseCache(tmp_path / "cache", expire_after=None)
    for _ in range(KILL_RUNS):
        acked = _kill_after_first_put(_writer, (str(cache.directory),), rng, 0.2)
        assert acked >= 1
        hit = cache.get(URL)
        assert hit is not None, "an acknowledged write was lost"
        assert hashlib.sha256(hit.body).hexdigest() in DIGESTS
        assert (hit.url, hit.status, hit.retrieved) == (URL, 200, RETRIEVED)
        assert [e.url for e in cache.entries()] == [URL]
    assert warnings_logged.messages == []  # nothing was ever corrupt: the rename is atomic
    assert cache.info().entries == 1
    cache.clear()
    assert not list(cache.directory.rglob(".tmp-*"))
    assert cache.get(URL) is None


def _stalled_writer(directory: str, ack: int) -> None:
    """One complete put, then a second one that stalls between writing its data and renaming it."""
    cache = ResponseCache(directory, expire_after=None)
    cache.put(URL, status=200, content_type="application/json", body=BODIES[0], retrieved=RETRIEVED)
    os.write(ack, b".")

    def stall(fd: int) -> None:
        os.write(ack, b"w")
        time.sleep(60)

    os.fsync = stall
    cache.put(URL, status=200, content_type="application/json", body=BODIES[1], retrieved=RETRIEVED)


def test_a_writer_killed_between_write_and_rename(tmp_path: Path, warnings_logged: Warnings) -> None:
    cache = ResponseCache(tmp_path / "cache", expire_after=None)
    for _ in range(runs(5)):
        read_end, write_end = os.pipe()
        proc = FORK.Process(target=_stalled_writer, args=(str(cache.directory), write_end))
        proc.start()
        os.close(write_end)
        try:
            assert os.read(read_end, 2) == b".w" or os.read(read_end, 1) == b"w"
            assert proc.pid is not None
            os.kill(proc.pid, signal.SIGKILL)
            proc.join(10)
        finally:
            os.close(read_end)
            proc.close()
        (tmp,) = cache.directory.rglob(".tmp-*")  # the half-done write is left behind ...
        hit = cache.get(URL)  # ... and the entry is the complete earlier one
        assert hit is not None and hit.body == BODIES[0]
        assert [e.url for e in cache.entries()] == [URL]
        cache.put(URL, status=200, content_type="application/json", body=BODIES[1], retrieved=RETRIEVED)
        assert cache.get(URL).body == BODIES[1]  # type: ignore[union-attr]
        cache.clear()
        assert not tmp.exists()
    assert warnings_logged.messages == []


def _fetching(base: str, directory: str, ack: int) -> None:
    """Fetch with refresh=True again and again (each fetch downloads and rewrites the entry)."""
    source = EurostatSource(base_url=base, cache_dir=directory, backoff=0, sleep=lambda s: None)
    while True:
        source.fetch(source.query(dataset="isoc_cismt", indicator="E_SM1_ANY", geo="BE", refresh=True))
        os.write(ack, b".")


def test_a_fetch_killed_mid_download_or_mid_write(tmp_path: Path) -> None:
    """End to end: kill a process while it downloads and caches; the next run reads a good answer offline."""
    body = jsonstat_bytes(["BE"], [str(y) for y in range(1990, 2024)])
    rng = random.Random(7)
    with ScriptedServer() as server:
        server.script(f"{DATA_PATH}/isoc_cismt", respond(body))
        for _ in range(FETCH_KILL_RUNS):
            _kill_after_first_put(_fetching, (server.url(), str(tmp_path / "cache")), rng, 0.2)
            source = EurostatSource(base_url=server.url(), cache_dir=tmp_path / "cache", offline=True)
            rs = source.fetch(source.query(dataset="isoc_cismt", indicator="E_SM1_ANY", geo="BE"))
            assert len(rs) == 34
            assert rs.frame["value"].iloc[0] == 50.0
    gc.collect()


def test_a_killed_lock_holder_does_not_block_the_next_run(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache", expire_after=None)

    def hold(directory: str, ack: int) -> None:
        with ResponseCache(directory, expire_after=None).lock(URL):
            os.write(ack, b".")
            time.sleep(60)

    _kill_after_first_put(hold, (str(cache.directory),), random.Random(1), 0.0)
    started = time.monotonic()
    with cache.lock(URL, timeout=5):
        pass
    assert time.monotonic() - started < 1


# --------------------------------------------------------------------------------------------
# damaged files


def _entry(cache: ResponseCache, body: bytes) -> bytes:
    cache.put(URL, status=200, content_type="application/json", body=body, retrieved=RETRIEVED)
    return cache.path(URL).read_bytes()


@st.composite
def damages(draw: st.DrawFn, size: int) -> tuple[str, Any]:
    """A way to damage an entry file of ``size`` bytes."""
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "header", "zero", "append", "swap"]))
    at = draw(st.integers(0, max(0, size - 1)))
    if kind == "flip":
        return kind, (at, draw(st.integers(1, 255)))
    if kind in ("insert", "append"):
        return kind, (at, draw(st.binary(min_size=1, max_size=16)))
    if kind == "delete":
        return kind, (at, draw(st.integers(1, 64)))
    if kind == "header":
        return kind, draw(
            st.sampled_from(['{"url": 1}', "{}", "[]", "null", '{"retrieved": "x"}', "not json", ""])
            | st.text(max_size=30)
        )
    return kind, at


def _damage(raw: bytes, other: bytes, how: tuple[str, Any]) -> bytes:
    kind, arg = how
    if kind == "truncate":
        return raw[:arg]
    if kind == "flip":
        at, mask = arg
        return raw[:at] + bytes([raw[at] ^ mask]) + raw[at + 1 :]
    if kind == "insert":
        at, extra = arg
        return raw[:at] + extra + raw[at:]
    if kind == "append":
        return raw + arg[1]
    if kind == "delete":
        at, n = arg
        return raw[:at] + raw[at + n :]
    if kind == "header":
        magic, _header, rest = raw.split(b"\n", 2)
        return magic + b"\n" + arg.encode("utf-8", "surrogatepass") + b"\n" + rest
    if kind == "zero":
        return b"\0" * len(raw)
    return other  # "swap": the entry of another URL under this URL's name


def test_damaged_entries_are_discarded_and_logged(tmp_path: Path, warnings_logged: Warnings) -> None:
    cache = ResponseCache(tmp_path / "cache", expire_after=None)
    body = jsonstat_bytes(["BE", "NL"], ["2021", "2023"])
    good = _entry(cache, body)
    other_cache = ResponseCache(tmp_path / "other", expire_after=None)
    other_cache.put(URL + "&x=1", status=200, content_type="application/json", body=body, retrieved=RETRIEVED)
    other = other_cache.path(URL + "&x=1").read_bytes()
    outcomes = {"discarded": 0, "unchanged": 0}

    @settings(max_examples=CORRUPTIONS, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(how=damages(len(good)))
    def check(how: tuple[str, Any]) -> None:
        damaged = _damage(good, other, how)
        path = cache.path(URL)
        path.write_bytes(damaged)
        warnings_logged.messages.clear()
        listed = cache.entries()  # listing reads headers only; a bad header is discarded there already
        hit = cache.get(URL)
        if hit is not None:
            assert hit.body == body, "a damaged entry was served"
            assert [e.url for e in listed] == [URL]
            outcomes["unchanged"] += 1
        else:
            assert not path.exists()
            assert any("corrupt cache entry" in m for m in warnings_logged.messages)
            outcomes["discarded"] += 1
        cache.info()
        path.parent.mkdir(parents=True, exist_ok=True)

    check()
    assert outcomes["discarded"] > outcomes["unchanged"]


def test_a_damaged_entry_is_downloaded_again(tmp_path: Path, warnings_logged: Warnings) -> None:
    body = jsonstat_bytes(["BE"], ["2021", "2023"])
    with ScriptedServer() as server:
        path = f"{DATA_PATH}/isoc_cismt"
        server.script(path, respond(body))
        source = EurostatSource(base_url=server.url(), cache_dir=tmp_path / "cache", backoff=0)
        query = source.query(dataset="isoc_cismt", indicator="E_SM1_ANY", geo="BE")
        first = source.fetch(query)
        (entry,) = source.cache_dir.rglob("*.entry")
        entry.write_bytes(entry.read_bytes()[:-10])
        with pytest.raises(OfflineError):
            source.fetch(source.query(dataset="isoc_cismt", indicator="E_SM1_ANY", geo="BE", offline=True))
        assert any("cut off" in m for m in warnings_logged.messages)
        again = source.fetch(query)
        assert server.count(path) == 2
        assert again.frame["value"].tolist() == first.frame["value"].tolist()
        assert source.cache().get(source.urls(query)[0]) is not None
    gc.collect()


def test_an_unwritable_cache_folder_does_not_stop_a_fetch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(ResponseCache, "put", refuse)
    monkeypatch.setattr(ResponseCache, "lock", refuse)
    body = jsonstat_bytes(["BE"], ["2023"])
    with ScriptedServer() as server:
        server.script(f"{DATA_PATH}/isoc_cismt", respond(body))
        source = EurostatSource(base_url=server.url(), cache_dir=tmp_path / "cache", backoff=0)
        with caplog.at_level(logging.WARNING):
            rs = source.fetch(source.query(dataset="isoc_cismt", indicator="E_SM1_ANY", geo="BE"))
    assert len(rs) == 1
    assert "cannot write the cache entry" in caplog.text
    assert "cannot lock" in caplog.text
