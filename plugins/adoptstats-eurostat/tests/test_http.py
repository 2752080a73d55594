"""HTTP faults against a real local server: retries, 429, 5xx, truncation, throttling, both 413s, limits."""

from __future__ import annotations

import itertools
import socket
import time
from collections.abc import Callable, Iterator

import pytest
from eurostat_testkit import DATA_PATH, Sleeps, args, constructed, json_response, payload, payload_json
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from adoptstats import QueryError, SourceUnavailable
from adoptstats_eurostat import EurostatSource
from adoptstats_eurostat.settings import check_url

HEADLINE = "constructed_isoc_cismt_E_SM1_ANY_5geo_2019-2023.json"
URI = f"{DATA_PATH}/isoc_cismt"
QUERY = {"dataset": "isoc_cismt", "indicator": "E_SM1_ANY", "geo": ["BE", "NL"]}


def sequence(*responses: Response | Callable[[Request], Response]) -> Callable[[Request], Response]:
    """A handler answering with each response in turn, then repeating the last."""
    it = iter(responses)
    last: list[Response | Callable[[Request], Response]] = []

    def handler(request: Request) -> Response:
        try:
            item = next(it)
            last[:] = [item]
        except StopIteration:
            item = last[0]
        return item(request) if callable(item) and not isinstance(item, Response) else item  # type: ignore[return-value]

    return handler


def ok() -> Response:
    return Response(payload(HEADLINE), content_type="application/json")


def fetch(source: EurostatSource, **filters: object) -> object:
    return source.fetch(source.query(**{**QUERY, **filters}))


def test_429_then_success_honours_retry_after(httpserver: HTTPServer, source: EurostatSource, sleeps: Sleeps) -> None:
    httpserver.expect_request(URI).respond_with_handler(
        sequence(Response("slow down", status=429, headers={"Retry-After": "7"}), ok())
    )
    rs = source.fetch(source.query(**QUERY))
    assert len(rs) == 6
    assert len(httpserver.log) == 2
    assert sleeps == [7.0]


def test_retry_after_is_capped(
    httpserver: HTTPServer, make_source: Callable[..., EurostatSource], sleeps: Sleeps
) -> None:
    httpserver.expect_request(URI).respond_with_handler(
        sequence(Response("", status=429, headers={"Retry-After": "3600"}), ok())
    )
    source = make_source(max_retry_after=5.0)
    fetch(source)
    assert sleeps == [5.0]


def test_retry_after_as_an_http_date(httpserver: HTTPServer, source: EurostatSource, sleeps: Sleeps) -> None:
    httpserver.expect_request(URI).respond_with_handler(
        sequence(Response("", status=503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}), ok())
    )
    fetch(source)
    assert sleeps == [0.0]  # a date in the past: no wait


def test_500_three_times_then_a_clear_error(httpserver: HTTPServer, source: EurostatSource, sleeps: Sleeps) -> None:
    httpserver.expect_request(URI).respond_with_json(
        {"error": [{"status": 500, "id": 500, "label": "Internal error"}]}, status=500
    )
    with pytest.raises(SourceUnavailable) as info:
        fetch(source)
    assert len(httpserver.log) == 3
    message = str(info.value)
    assert "HTTP 500" in message and "Internal error" in message
    assert httpserver.url_for(URI) in message
    assert sleeps == [0.0, 0.0]


def test_backoff_is_exponential(
    httpserver: HTTPServer, make_source: Callable[..., EurostatSource], sleeps: Sleeps
) -> None:
    httpserver.expect_request(URI).respond_with_data("busy", status=502)
    source = make_source(backoff=0.5, attempts=4)
    with pytest.raises(SourceUnavailable, match="HTTP 502"):
        fetch(source)
    assert sleeps == [0.5, 1.0, 2.0]


def test_503_then_success(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(URI).respond_with_handler(sequence(Response("", status=503), ok()))
    assert len(fetch(source)) == 6  # type: ignore[arg-type]


def test_body_cut_off_before_its_length_is_retried(httpserver: HTTPServer, source: EurostatSource) -> None:
    body = payload(HEADLINE)

    def cut(_request: Request) -> Response:
        response = Response(body[: len(body) // 2], content_type="application/json")
        response.headers["Content-Length"] = str(len(body))
        return response

    httpserver.expect_request(URI).respond_with_handler(sequence(cut, ok()))
    assert len(fetch(source)) == 6  # type: ignore[arg-type]
    assert len(httpserver.log) == 2


def test_body_always_cut_off(httpserver: HTTPServer, source: EurostatSource) -> None:
    body = payload(HEADLINE)

    def cut(_request: Request) -> Response:
        response = Response(body[:100], content_type="application/json")
        response.headers["Content-Length"] = str(len(body))
        return response

    httpserver.expect_request(URI).respond_with_handler(cut)
    with pytest.raises(SourceUnavailable, match="cut off"):
        fetch(source)


def test_truncated_json_is_a_clear_error_and_not_cached(httpserver: HTTPServer, source: EurostatSource) -> None:
    body = payload(HEADLINE)
    httpserver.expect_request(URI).respond_with_data(body[: len(body) // 3], content_type="application/json")
    for _ in range(2):
        with pytest.raises(SourceUnavailable, match="not valid JSON") as info:
            fetch(source)
        assert httpserver.url_for(URI) in str(info.value)
    assert len(httpserver.log) == 2  # the bad body was not cached


def test_throttling_redirect_to_an_html_page(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(URI).respond_with_data("", status=307, headers={"Location": "/sorry/"})
    httpserver.expect_request("/sorry/").respond_with_data(
        payload("constructed_throttle_page.html"), content_type="text/html"
    )
    with pytest.raises(SourceUnavailable, match="throttl") as info:
        fetch(source)
    assert httpserver.url_for(URI) in str(info.value)
    assert [r.path for r, _ in httpserver.log] == [URI, "/sorry/"]


def test_redirect_to_eurostat_sorry_page_is_not_followed(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(URI).respond_with_data(
        "", status=307, headers={"Location": "https://sorry.ec.europa.eu/"}
    )
    with pytest.raises(SourceUnavailable, match="throttling"):
        fetch(source)
    assert len(httpserver.log) == 1


def test_html_page_with_status_200(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(URI).respond_with_data(
        payload("constructed_throttle_page.html"), content_type="application/json"
    )
    with pytest.raises(SourceUnavailable, match="HTML page"):
        fetch(source)


def test_a_redirect_inside_loopback_is_followed(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(URI).respond_with_data("", status=302, headers={"Location": "/moved"})
    httpserver.expect_request("/moved").respond_with_data(payload(HEADLINE), content_type="application/json")
    assert len(fetch(source)) == 6  # type: ignore[arg-type]


def test_redirect_to_plain_http_elsewhere_is_refused(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(URI).respond_with_data("", status=302, headers={"Location": "http://data.example.org/x"})
    with pytest.raises(QueryError, match="plain HTTP"):
        fetch(source)
    assert len(httpserver.log) == 1


def test_redirect_loop_stops(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(URI).respond_with_data("", status=302, headers={"Location": URI + "?again=1"})
    with pytest.raises(SourceUnavailable, match="redirected more than"):
        fetch(source)


def _split_handler(too_big: Callable[[dict[str, list[str]]], bool]) -> Callable[[Request], Response]:
    def handler(request: Request) -> Response:
        query = args(request)
        if too_big(query):
            return Response(
                payload("statistics_api_error_413_extraction_too_big.json"), status=413, content_type="application/json"
            )
        geos = query.get("geo", ["EU27_2020", "BE", "ES", "LU", "NL"])
        since, until = query.get("sinceTimePeriod", ["0"])[0], query.get("untilTimePeriod", ["9999"])[0]
        years = query.get("time") or [y for y in ("2019", "2021", "2023") if since <= y <= until]
        return json_response(_years(geos, years))

    return handler


def _years(geos: list[str], years: list[str]) -> dict[str, object]:
    full = constructed.cismt_headline(geos)
    values = {}
    for geo_i, _geo in enumerate(geos):
        for year_i, year in enumerate(("2019", "2021", "2023")):
            if year in years:
                values[(geo_i, year)] = full["value"][str(geo_i * 3 + year_i)]
    dims = [(d, list(full["dimension"][d]["category"]["index"])) for d in full["id"]]
    dims[-1] = ("time", years)
    cells = {("A", "GE10", "C10-S951_X_K", "E_SM1_ANY", "PC_ENT", geos[g], y): v for (g, y), v in values.items()}
    return constructed.jsonstat(dims, cells, label=full["label"])


def test_extraction_too_big_is_split_by_geography(httpserver: HTTPServer, source: EurostatSource) -> None:
    geos = ["BE", "LU", "NL", "ES", "EU27_2020"]
    httpserver.expect_request(URI).respond_with_handler(_split_handler(lambda q: len(q.get("geo", [])) > 1))
    rs = source.fetch(source.query(dataset="isoc_cismt", indicator="E_SM1_ANY", geo=geos))
    assert sorted(rs.frame["geo"].astype(str)) == sorted(geos * 3)
    assert len(rs) == 15
    # one citation, for the query as asked
    (citation,) = rs.citations.values()
    assert citation.url == httpserver.log[0][0].url
    asked = [args(r).get("geo", []) for r, _ in httpserver.log]
    assert asked[0] == sorted(geos)
    assert sorted(g[0] for g in asked if len(g) == 1) == sorted(geos)


def test_extraction_too_big_is_split_by_time(httpserver: HTTPServer, source: EurostatSource) -> None:
    def too_big(q: dict[str, list[str]]) -> bool:
        return q.get("sinceTimePeriod", ["?"]) != q.get("untilTimePeriod", ["!"])

    httpserver.expect_request(URI).respond_with_handler(_split_handler(too_big))
    rs = source.fetch(source.query(dataset="isoc_cismt", indicator="E_SM1_ANY", geo="BE", since=2019, until=2023))
    assert sorted(rs.frame["period"].astype(str)) == ["2019", "2021", "2023"]
    assert set(rs.frame["geo"]) == {"BE"}


def test_extraction_too_big_that_cannot_be_split(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(URI).respond_with_data(
        payload("statistics_api_error_413_extraction_too_big.json"), status=413, content_type="application/json"
    )
    with pytest.raises(QueryError, match="EXTRACTION_TOO_BIG"):
        source.fetch(source.query(dataset="isoc_cismt", geo="BE", period=2023))
    assert len(httpserver.log) == 1


def test_splitting_is_bounded(httpserver: HTTPServer, make_source: Callable[..., EurostatSource]) -> None:
    httpserver.expect_request(URI).respond_with_data(
        payload("statistics_api_error_413_extraction_too_big.json"), status=413, content_type="application/json"
    )
    source = make_source(max_requests=4)
    with pytest.raises(QueryError, match="more than 4 requests"):
        source.fetch(source.query(dataset="isoc_cismt", geo=["BE", "NL", "LU", "ES", "FR", "DE"]))
    assert len(httpserver.log) <= 5


@pytest.mark.parametrize(
    "pending",
    [
        lambda: json_response(constructed.ASYNC_WARNING, status=200),
        lambda: json_response(constructed.ASYNC_ERROR, status=413),
    ],
    ids=["warning-200", "error-413"],
)
def test_asynchronous_response_waits_then_succeeds(
    httpserver: HTTPServer,
    make_source: Callable[..., EurostatSource],
    sleeps: Sleeps,
    pending: Callable[[], Response],
) -> None:
    httpserver.expect_request(URI).respond_with_handler(sequence(pending(), pending(), ok()))
    source = make_source(async_wait=3.0)
    assert len(fetch(source)) == 6  # type: ignore[arg-type]
    assert sleeps == [3.0, 3.0]
    assert len(httpserver.log) == 3


def test_asynchronous_response_gives_up(httpserver: HTTPServer, make_source: Callable[..., EurostatSource]) -> None:
    httpserver.expect_request(URI).respond_with_json(constructed.ASYNC_WARNING)
    source = make_source(async_attempts=2)
    with pytest.raises(SourceUnavailable, match="asynchronously"):
        fetch(source)
    assert len(httpserver.log) == 3


def test_unknown_dataset_real_404_body(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(f"{DATA_PATH}/ds-999999").respond_with_data(
        payload("statistics_api_error_404_not_available.json"), status=404, content_type="application/json"
    )
    with pytest.raises(QueryError, match="ERR_NOT_FOUND_4") as info:
        source.fetch(source.query(dataset="DS-999999"))
    assert "ds-999999" in str(info.value)


def test_invalid_query_400_body(httpserver: HTTPServer, source: EurostatSource) -> None:
    body = {"error": [{"status": 400, "id": 150, "label": 'INVALID_QUERY_DIMENSION: Dimension "X" is not defined'}]}
    httpserver.expect_request(f"{DATA_PATH}/une_rt_m").respond_with_json(body, status=400)
    with pytest.raises(QueryError, match="INVALID_QUERY_DIMENSION"):
        source.fetch(source.query(dataset="une_rt_m", filters={"x": "Y"}))
    assert len(httpserver.log) == 1  # 4xx are not retried


def test_error_object_instead_of_list(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(URI).respond_with_json({"error": {"status": 403, "label": "FORBIDDEN"}}, status=403)
    with pytest.raises(SourceUnavailable, match="FORBIDDEN"):
        fetch(source)


def test_no_results_error_on_200_is_empty(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(URI).respond_with_json({"error": [{"status": 200, "id": 100, "label": "NO_RESULTS"}]})
    assert len(fetch(source)) == 0  # type: ignore[arg-type]


def test_json_that_is_not_a_dataset(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(URI).respond_with_json({"hello": "world"})
    with pytest.raises(SourceUnavailable, match="neither a JSON-stat dataset"):
        fetch(source)


def test_empty_body(httpserver: HTTPServer, source: EurostatSource) -> None:
    httpserver.expect_request(URI).respond_with_data(b"", content_type="application/json")
    with pytest.raises(SourceUnavailable, match="empty body"):
        fetch(source)


def test_malformed_jsonstat_is_a_format_error_naming_the_url(httpserver: HTTPServer, source: EurostatSource) -> None:
    from adoptstats import FormatError

    doc = payload_json(HEADLINE)
    doc["size"] = [1, 1, 1, 1, 1, 5]
    httpserver.expect_request(URI).respond_with_json(doc)
    with pytest.raises(FormatError, match="cannot be read") as info:
        fetch(source)
    assert httpserver.url_for(URI) in str(info.value)
    assert not list((source.cache_dir).rglob("*.entry"))


def test_size_cap_with_announced_length(httpserver: HTTPServer, make_source: Callable[..., EurostatSource]) -> None:
    httpserver.expect_request(URI).respond_with_data(payload(HEADLINE), content_type="application/json")
    source = make_source(max_bytes=1000)
    with pytest.raises(SourceUnavailable, match="limit"):
        fetch(source)


def test_size_cap_while_streaming(httpserver: HTTPServer, make_source: Callable[..., EurostatSource]) -> None:
    def stream(_request: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            for _ in range(64):
                yield b" " * 1024
            yield payload(HEADLINE)

        return Response(chunks(), content_type="application/json", direct_passthrough=True)

    httpserver.expect_request(URI).respond_with_handler(stream)
    source = make_source(max_bytes=8 * 1024)
    with pytest.raises(SourceUnavailable, match="stopped reading"):
        fetch(source)


def test_read_timeout_is_retried_then_reported(
    httpserver: HTTPServer, make_source: Callable[..., EurostatSource]
) -> None:
    def slow(_request: Request) -> Response:
        time.sleep(0.4)
        return ok()

    httpserver.expect_request(URI).respond_with_handler(slow)
    source = make_source(read_timeout=0.1, attempts=2)
    with pytest.raises(SourceUnavailable, match="timed out"):
        fetch(source)


def test_connection_refused(make_source: Callable[..., EurostatSource], sleeps: Sleeps) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    source = make_source(base_url=f"http://127.0.0.1:{port}/api")
    with pytest.raises(SourceUnavailable, match="connection failed") as info:
        fetch(source)
    assert f"127.0.0.1:{port}" in str(info.value)
    assert len(sleeps) == 2


@pytest.mark.parametrize(
    "url",
    ["http://ec.europa.eu/eurostat/api/dissemination", "ftp://127.0.0.1/x", "file:///etc/passwd", "http://10.0.0.1/"],
)
def test_https_only(url: str) -> None:
    with pytest.raises(QueryError):
        EurostatSource(base_url=url)


def test_https_only_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADOPTSTATS_EUROSTAT_URL", "http://ec.europa.eu/eurostat/api/dissemination")
    source = EurostatSource()
    with pytest.raises(QueryError, match="plain HTTP"):
        source.fetch(source.query(dataset="isoc_cismt"))


@pytest.mark.parametrize(
    "url",
    [
        "https://ec.europa.eu/eurostat/api/dissemination",
        "http://127.0.0.1:8080/api",
        "http://127.9.9.9/api",
        "http://localhost:1/api",
        "http://[::1]:8080/api",
    ],
)
def test_allowed_urls(url: str) -> None:
    check_url(url)


def test_no_sleep_between_successes(httpserver: HTTPServer, source: EurostatSource, sleeps: Sleeps) -> None:
    httpserver.expect_request(URI).respond_with_handler(lambda _r: ok())
    for geos in itertools.islice(itertools.permutations(["BE", "NL", "LU"], 2), 3):
        source.fetch(source.query(dataset="isoc_cismt", geo=list(geos)))
    assert sleeps == []
