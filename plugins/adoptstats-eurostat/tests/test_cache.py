"""The disk cache: hits, expiry, offline mode after the server is gone, corruption, clearing, locking."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from eurostat_testkit import API, DATA_PATH, payload
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from adoptstats import OfflineError
from adoptstats_eurostat import EurostatSource, ResponseCache

HEADLINE = "constructed_isoc_cismt_E_SM1_ANY_5geo_2019-2023.json"
URI = f"{DATA_PATH}/isoc_cismt"
QUERY = {"dataset": "isoc_cismt", "indicator": "E_SM1_ANY", "geo": ["BE", "NL"]}


def serve(httpserver: HTTPServer) -> None:
    httpserver.expect_request(URI).respond_with_data(payload(HEADLINE), content_type="application/json")


def entries(source: EurostatSource) -> list[Path]:
    return sorted(source.cache_dir.rglob("*.entry"))


def test_second_fetch_is_a_cache_hit(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver)
    first = source.fetch(source.query(**QUERY))
    second = source.fetch(source.query(**QUERY))
    assert len(httpserver.log) == 1
    assert first.equals(second)  # same retrieval time too: the cache keeps it
    # another query is another request
    source.fetch(source.query(**{**QUERY, "geo": "BE"}))
    assert len(httpserver.log) == 2


def test_entry_layout_no_pickle(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver)
    source.fetch(source.query(**QUERY))
    (entry,) = entries(source)
    url = httpserver.log[0][0].url
    key = hashlib.sha256(url.encode()).hexdigest()
    assert entry == source.cache_dir / key[:2] / f"{key}.entry"
    raw = entry.read_bytes()
    magic, header, _body = raw.split(b"\n", 2)
    assert magic == b"ADOPTSTATS-EUROSTAT-CACHE 1"
    meta = json.loads(header)
    assert meta["url"] == url and meta["status"] == 200
    assert dt.datetime.fromisoformat(meta["retrieved"]).tzinfo is not None
    assert not list(source.cache_dir.rglob(".tmp-*"))


def test_offline_after_the_server_is_gone(make_source: Callable[..., EurostatSource], tmp_path: Path) -> None:
    own = HTTPServer(host="127.0.0.1", port=0)
    own.start()
    try:
        own.expect_request(URI).respond_with_data(payload(HEADLINE), content_type="application/json")
        source = make_source(base_url=own.url_for(API), cache_dir=tmp_path / "offline-cache")
        online = source.fetch(source.query(**QUERY))
    finally:
        own.clear()
        own.stop()
    offline = source.fetch(source.query(**QUERY, offline=True))
    assert offline.equals(online)
    # still fresh: served from the cache even without offline mode
    assert source.fetch(source.query(**QUERY)).equals(online)
    # a new query offline names the request the cache lacks
    with pytest.raises(OfflineError) as info:
        source.fetch(source.query(**{**QUERY, "geo": "LU"}, offline=True))
    message = str(info.value)
    assert "geo=LU" in message and "/statistics/1.0/data/isoc_cismt?" in message
    assert str(tmp_path / "offline-cache") in message


def test_offline_from_the_environment(
    httpserver: HTTPServer, source: EurostatSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(httpserver)
    source.fetch(source.query(**QUERY))
    monkeypatch.setenv("ADOPTSTATS_OFFLINE", "1")
    assert len(source.fetch(source.query(**QUERY))) == 6
    with pytest.raises(OfflineError):
        source.fetch(source.query(**{**QUERY, "geo": "LU"}))
    # offline=False on the query wins over the environment
    source.fetch(source.query(**{**QUERY, "geo": "LU"}, offline=False))
    assert len(httpserver.log) == 2


def test_bad_offline_variable(monkeypatch: pytest.MonkeyPatch, source: EurostatSource) -> None:
    from adoptstats import QueryError

    monkeypatch.setenv("ADOPTSTATS_OFFLINE", "perhaps")
    with pytest.raises(QueryError, match="ADOPTSTATS_OFFLINE"):
        source.fetch(source.query(**QUERY))


def test_expired_entries_are_fetched_again_but_served_offline(
    httpserver: HTTPServer, make_source: Callable[..., EurostatSource]
) -> None:
    serve(httpserver)
    source = make_source(expire_after=0)
    source.fetch(source.query(**QUERY))
    source.fetch(source.query(**QUERY))
    assert len(httpserver.log) == 2
    httpserver.clear()
    assert len(source.fetch(source.query(**QUERY, offline=True))) == 6
    assert not httpserver.log


def test_refresh_ignores_the_cache(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver)
    first = source.fetch(source.query(**QUERY))
    second = source.fetch(source.query(**QUERY, refresh=True))
    assert len(httpserver.log) == 2
    assert second.frame["retrieved"].iloc[0] > first.frame["retrieved"].iloc[0]
    third = source.fetch(source.query(**QUERY))
    assert third.equals(second)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"garbage",
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw[:-5] + bytes(b ^ 0xFF for b in raw[-5:]),
        lambda raw: raw.replace(b'"status":200', b'"status":"x"'),
        lambda raw: b"",
    ],
    ids=["garbage", "cut-in-half", "flipped-bytes", "bad-header", "empty"],
)
def test_a_corrupt_entry_is_discarded_logged_and_replaced(
    httpserver: HTTPServer,
    source: EurostatSource,
    caplog: pytest.LogCaptureFixture,
    damage: Callable[[bytes], bytes],
) -> None:
    serve(httpserver)
    good = source.fetch(source.query(**QUERY))
    (entry,) = entries(source)
    entry.write_bytes(damage(entry.read_bytes()))
    with caplog.at_level(logging.WARNING, logger="adoptstats_eurostat.cache"):
        again = source.fetch(source.query(**QUERY))
    assert "corrupt cache entry" in caplog.text
    assert len(httpserver.log) == 2
    assert again.frame["value"].tolist() == good.frame["value"].tolist()
    (entry,) = entries(source)
    assert source.cache().get(httpserver.log[0][0].url) is not None


def test_a_corrupt_entry_offline_is_a_miss(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver)
    source.fetch(source.query(**QUERY))
    (entry,) = entries(source)
    entry.write_bytes(entry.read_bytes()[:50])
    with pytest.raises(OfflineError):
        source.fetch(source.query(**QUERY, offline=True))
    assert not entries(source)


def test_split_queries_work_offline(make_source: Callable[..., EurostatSource], tmp_path: Path) -> None:
    own = HTTPServer(host="127.0.0.1", port=0)
    own.start()
    too_big = payload("statistics_api_error_413_extraction_too_big.json")
    try:

        def handler(request: Request) -> Response:
            if len(request.args.getlist("geo")) > 1:
                return Response(too_big, status=413, content_type="application/json")
            return Response(payload(HEADLINE), content_type="application/json")

        own.expect_request(URI).respond_with_handler(handler)
        source = make_source(base_url=own.url_for(API), cache_dir=tmp_path / "split-cache")
        online = source.fetch(source.query(**QUERY))
        asked = len(own.log)
    finally:
        own.clear()
        own.stop()
    assert asked == 3
    offline = source.fetch(source.query(**QUERY, offline=True))
    assert offline.equals(online)


def test_cache_dir_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADOPTSTATS_CACHE_DIR", str(tmp_path / "root"))
    assert EurostatSource().cache_dir == tmp_path / "root" / "eurostat"
    monkeypatch.delenv("ADOPTSTATS_CACHE_DIR")
    import platformdirs

    assert EurostatSource().cache_dir == Path(platformdirs.user_cache_dir("adoptstats", appauthor=False)) / "eurostat"
    assert EurostatSource(cache_dir=tmp_path / "x").cache_dir == tmp_path / "x"


def test_no_cache_at_all(httpserver: HTTPServer, make_source: Callable[..., EurostatSource]) -> None:
    serve(httpserver)
    source = make_source(use_cache=False)
    source.fetch(source.query(**QUERY))
    source.fetch(source.query(**QUERY))
    assert len(httpserver.log) == 2
    assert not source.cache_dir.exists()


def test_info_and_clear(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver)
    source.fetch(source.query(**QUERY))
    source.fetch(source.query(**{**QUERY, "geo": "BE"}))
    foreign = source.cache_dir / "notes.txt"
    foreign.write_text("mine")
    (source.cache_dir / "ab").mkdir(exist_ok=True)
    (source.cache_dir / "ab" / ".tmp-leftover.entry").write_bytes(b"half")
    cache = source.cache()
    info = cache.info()
    assert info.entries == 2
    assert info.expired == 0
    assert info.size == sum(p.stat().st_size for p in entries(source) if not p.name.startswith(".tmp-"))
    assert info.directory == source.cache_dir
    assert cache.clear(expired_only=True) == 0
    assert cache.clear() == 2
    assert cache.info().entries == 0
    assert foreign.read_text() == "mine"
    assert not list(source.cache_dir.rglob(".tmp-*"))


def test_clear_only_expired(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver)
    source.fetch(source.query(**QUERY))
    cache = ResponseCache(source.cache_dir, expire_after=dt.timedelta(0))
    assert cache.info().expired == 1
    assert cache.clear(expired_only=True) == 1
    assert cache.info().entries == 0


def test_unreadable_entries_are_dropped_from_listings(
    httpserver: HTTPServer, source: EurostatSource, caplog: pytest.LogCaptureFixture
) -> None:
    serve(httpserver)
    source.fetch(source.query(**QUERY))
    (entry,) = entries(source)
    entry.write_bytes(b"nonsense\n")
    with caplog.at_level(logging.WARNING):
        assert source.cache().entries() == []
    assert "corrupt cache entry" in caplog.text


def test_two_threads_download_once(httpserver: HTTPServer, source: EurostatSource) -> None:
    serve(httpserver)
    results: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(len(source.fetch(source.query(**QUERY))))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not errors
    assert results == [6, 6, 6]
    assert len(httpserver.log) == 1
