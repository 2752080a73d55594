"""Pieces on their own: flags, populations, query planning and splitting, decimals; fuzzed readers."""

from __future__ import annotations

import contextlib
import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from adoptstats import FormatError, Query, QueryError, SourceUnavailable
from adoptstats_eurostat import POPULATION, explain_flags
from adoptstats_eurostat.cache import ResponseCache
from adoptstats_eurostat.catalogue import parse_toc
from adoptstats_eurostat.convert import infer_decimals
from adoptstats_eurostat.flags import normalize_status
from adoptstats_eurostat.http import HttpResponse, RetryPolicy, parse_retry_after
from adoptstats_eurostat.mapping import breakdown, population, resolve_sizes
from adoptstats_eurostat.plan import data_url, parse_options, plan, split_params
from adoptstats_eurostat.responses import ApiError, Dataset, Pending, TooBig, classify, written_decimals

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("status", "flags"),
    [
        ("p", "p"),
        ("bep", "b,e,p"),
        ("c", "c"),
        ("|C", "C"),
        ("p|", "p"),
        ("u|", "u"),
        ("e|C", "C,e"),
        ("bp|N", "N,b,p"),
        ("", ""),
        (None, ""),
        (" u ", "u"),
    ],
)
def test_normalize_status(status: str | None, flags: str) -> None:
    assert normalize_status(status) == flags


@given(st.text(alphabet="abcdefimnprsuzCNP| ", max_size=8))
def test_normalize_status_gives_sorted_unique_tokens(status: str) -> None:
    flags = normalize_status(status)
    tokens = flags.split(",") if flags else []
    assert tokens == sorted(set(tokens))
    assert all((len(t) == 1 and t.islower()) or t[0].isupper() for t in tokens)


def test_explain_flags() -> None:
    assert explain_flags("b,u") == ["b: break in time series", "u: low reliability"]
    assert explain_flags("x") == ["x: unknown flag"]
    assert explain_flags("X", {"X": "|special"}) == ["X: special"]
    assert explain_flags("") == []


def test_population_and_breakdown() -> None:
    assert population("GE10", "C10-S951_X_K", "PC_ENT", "isoc_cismt") == POPULATION
    assert population("GE250", "C10-S951_X_K", "PC_ENT", "x").startswith("enterprises with 250 or more persons")
    assert population("0_1", None, "PC_ENT", "x") == "enterprises with 0 or 1 person employed"
    assert population(None, None, "PC_ACT", "une_rt_m") == "as defined in Eurostat dataset une_rt_m (unit PC_ACT)"
    assert population("GE10", "C10-S951_X_K", "PC_TURN", "x").startswith("turnover of enterprises, with 10 or more")
    assert breakdown("GE10", "C10-S951_X_K") == "total"
    assert breakdown("10-49", "C", "sex:T") == "size:10-49;activity:C;sex:T"
    assert breakdown(None, None) == "total"


def test_size_classes() -> None:
    assert resolve_sizes(None) == ()
    assert resolve_sizes("all") is None
    assert resolve_sizes(["small", "Medium", "250+", "GE10", "sme"]) == ("10-49", "50-249", "GE250", "GE10", "10-249")
    with pytest.raises(QueryError, match="unknown size class"):
        resolve_sizes("tiny")
    with pytest.raises(QueryError):
        resolve_sizes(10)


def test_options() -> None:
    opts = parse_options({"lang": "DE", "unit": ["pc_ent"], "activity": "all", "offline": True})
    assert (opts.lang, opts.units, opts.activities, opts.offline) == ("de", ("PC_ENT",), None, True)
    with pytest.raises(QueryError):
        parse_options({"filters": ["sex"]})
    with pytest.raises(QueryError, match="cannot set"):
        parse_options({"filters": {"size_emp": "GE10"}})


def test_url_is_canonical() -> None:
    a = data_url("https://x/api", "isoc_cismt", (("geo", ("BE", "NL")), ("unit", ("PC_ENT",))))
    assert a == "https://x/api/statistics/1.0/data/isoc_cismt?format=JSON&lang=EN&geo=BE&geo=NL&unit=PC_ENT"
    q1 = plan(Query(dataset="isoc_cismt", geos=["NL", "BE"]), parse_options({}))[0]
    q2 = plan(Query(dataset="ISOC_CISMT", geos=["BE", "NL"]), parse_options({}))[0]
    assert q1.url("https://x") == q2.url("https://x")


def test_older_layout_request() -> None:
    (req,) = plan(Query(dataset="isoc_cismt"), parse_options({"size_class": ["small", "GE10"]}))
    older = req.older_layout()
    assert older is not None
    assert dict(older.params)["sizen_r2"] == ("10_C10_S951_XK", "S_C10_S951_XK")
    (every,) = plan(Query(dataset="isoc_cismt"), parse_options({"size_class": "all"}))
    older_every = every.older_layout()
    assert older_every is not None and "sizen_r2" not in dict(older_every.params)


def test_split_by_geo_then_indicator_then_time() -> None:
    params = (("geo", ("BE", "LU", "NL")), ("indic_is", ("A", "B")))
    assert split_params(params, first_year=None) == [
        (("geo", ("BE",)), ("indic_is", ("A", "B"))),
        (("geo", ("LU", "NL")), ("indic_is", ("A", "B"))),
    ]
    assert split_params((("geo", ("BE",)), ("indic_is", ("A", "B"))), first_year=None) == [
        (("geo", ("BE",)), ("indic_is", ("A",))),
        (("geo", ("BE",)), ("indic_is", ("B",))),
    ]
    assert split_params((("time", ("2019", "2021", "2023")),), first_year=None) == [
        (("time", ("2019",)),),
        (("time", ("2021", "2023")),),
    ]
    assert split_params((("time", ("2019",)),), first_year=None) is None
    halves = split_params((("geo", ("BE",)),), first_year=2013, today=dt.date(2025, 6, 1))
    assert halves == [
        (("geo", ("BE",)), ("untilTimePeriod", ("2019",))),
        (("geo", ("BE",)), ("sinceTimePeriod", ("2020",))),
    ]
    assert split_params((("sinceTimePeriod", ("2023",)), ("untilTimePeriod", ("2023",))), first_year=None) is None


@given(
    st.integers(min_value=1990, max_value=2030),
    st.integers(min_value=0, max_value=40),
)
def test_time_split_covers_the_range_without_overlap(start: int, length: int) -> None:
    end = start + length
    params = (("sinceTimePeriod", (str(start),)), ("untilTimePeriod", (str(end),)))
    parts = split_params(params, first_year=None)
    if length == 0:
        assert parts is None
        return
    assert parts is not None
    years: list[int] = []
    for part in parts:
        p = dict(part)
        years += list(range(int(p["sinceTimePeriod"][0]), int(p["untilTimePeriod"][0]) + 1))
    assert years == list(range(start, end + 1))


@given(st.lists(st.sampled_from(["BE", "LU", "NL", "ES", "FR", "DE", "EL"]), min_size=2, unique=True))
def test_geo_split_is_a_partition(geos: list[str]) -> None:
    parts = split_params((("geo", tuple(sorted(geos))),), first_year=None)
    assert parts is not None
    got = [g for part in parts for g in dict(part)["geo"]]
    assert sorted(got) == sorted(geos)


@pytest.mark.parametrize(
    ("values", "decimals"),
    [([60.94, 61.0], 2), ([27.0, 50.0], 0), ([4.5], 1), ([0.125], 3), ([], 0), ([1 / 3], 6)],
)
def test_infer_decimals(values: list[float], decimals: int) -> None:
    assert infer_decimals(np.array(values, dtype="float64")) == decimals


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1), st.integers(min_value=0, max_value=3))
def test_infer_decimals_never_exceeds_the_written_precision(ints: list[int], k: int) -> None:
    values = np.array([i / 10**k for i in ints], dtype="float64")
    assert infer_decimals(values) <= k


def test_retry_policy_and_retry_after() -> None:
    policy = RetryPolicy(backoff=1.0, max_retry_after=10.0)
    assert [policy.delay(n, None) for n in (1, 2, 3, 4, 5)] == [1.0, 2.0, 4.0, 8.0, 10.0]
    assert policy.delay(1, 99.0) == 10.0
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("Thu, 01 Jan 2026 00:00:30 GMT", now=NOW) == 30.0


def _response(body: bytes, status: int = 200, content_type: str = "application/json") -> HttpResponse:
    return HttpResponse(
        url="https://x/d",
        final_url="https://x/d",
        status=status,
        headers={"content-type": content_type},
        body=body,
        retrieved=NOW,
    )


def test_classify() -> None:
    assert isinstance(classify(_response(b'{"id": [], "dimension": {}, "value": {"0": 4.0}}')), Dataset)
    written = classify(_response(b'{"id": [], "dimension": {}, "value": {"0": 4.0, "1": 4.25, "2": 61, "3": 61.80}}'))
    assert isinstance(written, Dataset) and written.decimals == {4.0: 1, 61.8: 2}
    assert written_decimals(b'{"version": "2.0", "value": [1.10, 2, 3.0]}') == {1.1: 2, 3.0: 1}
    too_big = classify(_response(b'{"error":[{"status":413,"label":"EXTRACTION_TOO_BIG: no"}]}', 413))
    assert isinstance(too_big, TooBig)
    assert isinstance(classify(_response(b'{"warning":{"label":"ASYNCHRONOUS_RESPONSE. later"}}')), Pending)
    err = classify(_response(b'{"error":[{"status":404,"id":100,"label":"ERR_NOT_FOUND_4: x"}]}', 404))
    assert err == ApiError(http_status=404, status=404, code=100, label="ERR_NOT_FOUND_4: x")
    assert isinstance(classify(_response(b"<html>oops</html>", 500, "text/html")), ApiError)


@given(
    st.binary(max_size=300),
    st.sampled_from([200, 404, 413, 500]),
    st.sampled_from(["application/json", "text/html", ""]),
)
def test_classify_never_crashes(body: bytes, status: int, content_type: str) -> None:
    with contextlib.suppress(SourceUnavailable):
        classify(_response(body, status, content_type))


@given(st.text(max_size=400))
def test_toc_reader_never_crashes(text: str) -> None:
    header = (
        '"title"\t"code"\t"type"\t"last update of data"\t"last table structure change"\t'
        '"data start"\t"data end"\t"values"\n'
    )
    for data in (text, header + text):
        try:
            frame = parse_toc(data)
        except FormatError:
            continue
        assert list(frame.columns)[:3] == ["code", "title", "type"]


@given(st.binary(max_size=400))
def test_cache_reader_never_crashes(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    cache = ResponseCache(tmp_path_factory.mktemp("fuzz"), expire_after=None)
    path = cache.path("https://x/y")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    assert cache.get("https://x/y") is None or raw.startswith(b"ADOPTSTATS-EUROSTAT-CACHE 1\n")


def test_cache_round_trip(tmp_path_factory: pytest.TempPathFactory) -> None:
    cache = ResponseCache(tmp_path_factory.mktemp("rt"), expire_after=dt.timedelta(hours=1))
    cache.put("https://x/y", status=200, content_type="application/json", body=b"{}", retrieved=NOW)
    hit = cache.get("https://x/y", allow_stale=True)
    assert hit is not None and hit.body == b"{}" and hit.retrieved == NOW and hit.status == 200
    assert cache.get("https://x/y") is None  # retrieved long ago: expired
    assert cache.get("https://x/other") is None
