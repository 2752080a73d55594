"""Fuzzing every reader and parser: the only exceptions that escape are documented ``AdoptstatsError``
subclasses, and their messages say where the problem is.

Inputs are random, and also *near-valid*: real Eurostat payloads and valid manual files with a few
mutations, which reach far deeper than random bytes. The example counts (under the ``ci``
profile) are the constants below; tests/reliability/README.md records them.
"""

from __future__ import annotations

import copy
import datetime as dt
import gzip
import json
import math
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import adoptstats
from adoptstats import (
    AdoptstatsError,
    Citation,
    Estimate,
    FormatError,
    Query,
    RecordError,
    ResultSet,
    UnknownGeographyError,
    ValidationError,
    ValueStringError,
    normalize_geo,
    normalize_period,
)
from adoptstats.formats import decode_jsonstat, read_sdmx_csv, read_sdmx_tsv
from adoptstats.resultset import CANONICAL_COLUMNS
from adoptstats_manual import COLUMN_NAMES, ManualSource, add, load, parse_value, validate
from adoptstats_regus.source import RegusSource

from ._kit import examples, jsonstat

DATA = Path(__file__).parent.parent / "data" / "eurostat"

#: Examples per test under the ``ci`` profile (tests/reliability/README.md adds them up per reader).
N_JSONSTAT_DOCS = examples(3000)
N_JSONSTAT_TEXT = examples(2000)
N_JSONSTAT_RANDOM = examples(1000)
N_TSV_MUTATED = examples(4000)
N_TSV_RANDOM = examples(1500)
N_CSV_MUTATED = examples(3000)
N_CSV_RANDOM = examples(1500)
N_MANUAL_BYTES = examples(1500)
N_MANUAL_MUTATED = examples(2500)
N_MANUAL_ADD = examples(800)
N_VALUES = examples(5000)
N_GEO = examples(2000)
N_PERIOD = examples(3000)
N_FRAMES = examples(1000)
N_QUERY = examples(2500)
N_SHARES = examples(300)
N_FILTER = examples(1000)

FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much], database=None)


def fuzz(n: int) -> settings:
    return settings(FUZZ, max_examples=n)


# --------------------------------------------------------------------------------------------
# shared strategies

_JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "0", "01", "-1", " 1", "1e3", ":", ":C", "KG", "|C", "1.5 e", "0n", "NaN", "x", "\u00e9"]),
    st.text(max_size=6),
)
_KEYS = ["id", "size", "dimension", "value", "status", "category", "index", "label", "extension", "class", "0", "1"]
json_values = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(obj: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(obj, dict):
        for key, value in obj.items():
            out += _paths(value, (*path, key))
    elif isinstance(obj, list):
        for i, value in enumerate(obj[:6]):
            out += _paths(value, (*path, i))
    return out


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    """``base`` with one to four random edits anywhere in its tree (delete, replace, add, retype)."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        op = draw(st.sampled_from(["delete", "replace", "replace", "add", "retype", "grow"]))
        if op == "delete":
            del parent[key]
        elif op == "replace":
            parent[key] = draw(json_values)
        elif op == "add":
            if isinstance(parent, dict):
                parent[draw(st.sampled_from(["0", "99", "x", "index", "label", "extra"]))] = draw(json_values)
            else:
                parent.append(draw(json_values))
        elif op == "retype":
            value = parent[key]
            parent[key] = (
                str(value)
                if isinstance(value, int | float)
                else len(value)
                if isinstance(value, str | list | dict)
                else [value]
            )
        else:
            value = parent[key]
            if isinstance(value, int) and not isinstance(value, bool):
                parent[key] = value + draw(st.sampled_from([-1, 1, 2**31, 2**62, -(2**40)]))
            elif isinstance(value, list):
                parent[key] = value + value[:1]
    return doc


# --------------------------------------------------------------------------------------------
# JSON-stat

_SAMPLES = [json.loads(p.read_text()) for p in sorted(DATA.glob("statistics_api_jsonstat_*.json"))]
_CONSTRUCTED = [jsonstat(["BE", "NL", "LU"], ["2021", "2023"]), jsonstat(["EU27_2020"], ["2024"])]
_CONSTRUCTED[1]["status"] = {"0": "p"}
_CONSTRUCTED[1]["value"] = ["12.5"]
JSONSTAT_SEEDS = _SAMPLES + _CONSTRUCTED
_JSONSTAT_WORDS = ("dimension", "categor", "size", "'id'", "'value'", "'status'", "position", "key", "index", "label")


_JSONSTAT_PLACE = re.compile(
    r"line \d+, column \d+|byte \d+|'[^']*'|position|key|gzip|JSON object|nested|\w+ is not valid JSON"
    r"|\b[a-z]+\.[a-z.\-]+\b"  # a field path: extension.status, category.index
)


def _check_jsonstat_error(exc: FormatError, prefix: str = "JSON-stat") -> None:
    message = str(exc)
    assert message.startswith(prefix), message
    # a place: a dimension or field, a key or position of a cell, or a line and column of the JSON text
    assert _JSONSTAT_PLACE.search(message) or any(w in message for w in _JSONSTAT_WORDS), message


def _decode_all_ways(doc: Any, dropna: bool) -> None:
    try:
        decode_jsonstat(doc, dropna=dropna)
    except FormatError as exc:
        _check_jsonstat_error(exc)


@fuzz(N_JSONSTAT_DOCS)
@given(data=st.data(), dropna=st.booleans())
def test_jsonstat_near_valid_documents(data: st.DataObject, dropna: bool) -> None:
    base = data.draw(st.sampled_from(JSONSTAT_SEEDS))
    _decode_all_ways(data.draw(mutated(base)), dropna)


@st.composite
def damaged_text(draw: st.DrawFn, seeds: list[bytes], tokens: list[bytes]) -> bytes:
    raw = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(raw)))
        op = draw(st.sampled_from(["delete", "insert", "insert", "byte", "truncate", "duplicate"]))
        if op == "delete":
            del raw[at : at + draw(st.integers(1, 20))]
        elif op == "insert":
            raw[at:at] = draw(st.sampled_from(tokens))
        elif op == "byte" and raw:
            raw[min(at, len(raw) - 1)] = draw(st.integers(0, 255))
        elif op == "truncate":
            del raw[at:]
        else:
            raw[at:at] = raw[max(0, at - 30) : at]
    return bytes(raw)


_JSON_TEXTS = [json.dumps(d).encode() for d in JSONSTAT_SEEDS]
_JSON_TOKENS = [
    b",",
    b":",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b"\\",
    b"null",
    b"1e999",
    b"-0",
    b"01",
    b"NaN",
    b"\xff",
    b"\x00",
]


@fuzz(N_JSONSTAT_TEXT)
@given(raw=damaged_text(_JSON_TEXTS, _JSON_TOKENS), form=st.sampled_from(["bytes", "str", "gzip", "path"]))
def test_jsonstat_damaged_text(raw: bytes, form: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    data: Any = raw
    prefix = "JSON-stat"
    if form == "str":
        data = raw.decode("utf-8", errors="replace")
    elif form == "gzip":
        data = gzip.compress(raw)[: len(raw) // 2 + 10] if len(raw) % 3 == 0 else gzip.compress(raw)
    elif form == "path":
        path = tmp_path_factory.mktemp("js") / "answer.json"
        path.write_bytes(raw)
        data, prefix = path, f"JSON-stat {str(path)!r}"
    try:
        decode_jsonstat(data)
    except FormatError as exc:
        _check_jsonstat_error(exc, prefix)


@fuzz(N_JSONSTAT_RANDOM)
@given(doc=st.dictionaries(st.sampled_from(_KEYS), json_values, max_size=6) | json_values)
def test_jsonstat_random_json(doc: Any) -> None:
    assume(isinstance(doc, dict))
    _decode_all_ways(doc, True)
    _decode_all_ways(json.dumps(doc), False)


# --------------------------------------------------------------------------------------------
# SDMX TSV

_TSV_GENERATED = (
    b"freq,unit,indic_is,size_emp,geo\\TIME_PERIOD\t2021 \t2023 \n"
    b"A,PC_ENT,E_SM1_ANY,GE10,BE\t58.62 \t65.2 e\n"
    b"A,PC_ENT,E_SM1_ANY,GE10,NL\t: \t:C\n"
    b"A,PC_ENT,E_SM1_ANY,GE10,EL\t0n \t61.80 p\n"
)
TSV_SEEDS = [p.read_bytes() for p in sorted(DATA.glob("*.tsv"))] + [
    _TSV_GENERATED,
    _TSV_GENERATED.replace(b"\n", b"\r\n"),
]
_TSV_TOKENS = [
    b"\t",
    b",",
    b"\n",
    b"\r",
    b"\r\n",
    b":",
    b" ",
    b"e",
    b"1",
    b"\\",
    b"\x00",
    b"\xff",
    b"-",
    b".",
    b"1e999",
    b"KG",
]
_TSV_PLACE = re.compile(r"line \d+|empty file|gzip|header")


def _check_tsv(data: Any, prefix: str = "SDMX TSV") -> None:
    try:
        frame = read_sdmx_tsv(data)
    except FormatError as exc:
        assert str(exc).startswith(prefix), str(exc)
        assert _TSV_PLACE.search(str(exc)), str(exc)
        return
    assert list(frame.columns)[-3:] == ["time", "value", "status"]


@fuzz(N_TSV_MUTATED)
@given(raw=damaged_text(TSV_SEEDS, _TSV_TOKENS), form=st.sampled_from(["bytes", "bytes", "str", "gzip"]))
def test_sdmx_tsv_near_valid_files(raw: bytes, form: str) -> None:
    if form == "str":
        _check_tsv(raw.decode("utf-8", errors="replace"))
    elif form == "gzip":
        _check_tsv(gzip.compress(raw))
    else:
        _check_tsv(raw)


@fuzz(N_TSV_RANDOM)
@given(
    raw=st.binary(max_size=300) | st.text(alphabet="a,\\\tTIME:\n\r 0123.e-+CK|x", max_size=80).map(str.encode),
    gz_name=st.booleans(),
)
def test_sdmx_tsv_random_bytes(raw: bytes, gz_name: bool, tmp_path_factory: pytest.TempPathFactory) -> None:
    _check_tsv(raw)
    path = tmp_path_factory.mktemp("tsv") / ("data.tsv.gz" if gz_name else "data.tsv")
    path.write_bytes(raw)
    _check_tsv(path, f"SDMX TSV {str(path)!r}")


# --------------------------------------------------------------------------------------------
# SDMX-CSV (constructed files in the OECD's documented 34-column shape and plain SDMX-CSV 1.0)

_CSV_LABELLED = (
    b"STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,ACTION,REF_AREA,Reference area,FREQ,Frequency of observation,"
    b"MEASURE,Measure,UNIT_MEASURE,Unit of measure,ACTIVITY,Economic activity,SIZE_CLASS,Employment size class,"
    b"TIME_PERIOD,Time period,OBS_VALUE,Observation value,OBS_STATUS,Observation status,OBS_STATUS_2,"
    b"Observation status 2,OBS_STATUS_3,Observation status 3,UNIT_MULT,Unit multiplier,TIME_HORIZON_USE,"
    b"Time horizon,DECIMALS,Decimals,BREAKDOWN_V7,V7 Breakdowns\r\n"
    b'DATAFLOW,OECD.STI.DEP:DSD_ICT_B@DF_BUSINESSES(1.0),ICT usage,I,BEL,Belgium,A,Annual,B1_B,"Website, any",'
    b"PT_ENT,Percentage of enterprises,_T,Total,S_GE10,10 or more,2023,,81.5,,A,Normal value,,,,,0,Units,,,2,Two,,\r\n"
    b'DATAFLOW,OECD.STI.DEP:DSD_ICT_B@DF_BUSINESSES(1.0),ICT usage,I,MEX,Mexico,A,Annual,B1_B,"Website, any",'
    b"PT_ENT,Percentage of enterprises,_T,Total,S_GE10,10 or more,2023,,,,M,Missing,B,Break,,,0,Units,,,2,Two,,\r\n"
)
_CSV_PLAIN = b"DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS\nX:F(1.0),BE,2023,60.9,\nX:F(1.0),NL,2023,,c\n"
CSV_SEEDS = [_CSV_LABELLED, _CSV_PLAIN, _CSV_LABELLED.replace(b"\r\n", b"\n")]
_CSV_TOKENS = [b",", b'"', b"\n", b"\r", b"\r\n", b"NaN", b"1e999", b"\xff", b"\x00", b" ", b"-", b".", b"OBS_VALUE"]
_CSV_PLACE = re.compile(r"line \d+|empty file|gzip")


def _check_csv(data: Any, prefix: str = "SDMX-CSV") -> None:
    try:
        frame = read_sdmx_csv(data).frame
    except FormatError as exc:
        assert str(exc).startswith(prefix), str(exc)
        assert _CSV_PLACE.search(str(exc)), str(exc)
        return
    assert "value" in frame.columns and "status" in frame.columns


@fuzz(N_CSV_MUTATED)
@given(raw=damaged_text(CSV_SEEDS, _CSV_TOKENS), form=st.sampled_from(["bytes", "bytes", "str", "gzip"]))
def test_sdmx_csv_near_valid_files(raw: bytes, form: str) -> None:
    if form == "str":
        _check_csv(raw.decode("utf-8", errors="replace"))
    elif form == "gzip":
        _check_csv(gzip.compress(raw))
    else:
        _check_csv(raw)


@fuzz(N_CSV_RANDOM)
@given(raw=st.binary(max_size=300) | st.text(alphabet='DATFLOW_IME,"\n\r 01.e-+ABPVU', max_size=120).map(str.encode))
def test_sdmx_csv_random_bytes(raw: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    _check_csv(raw)
    path = tmp_path_factory.mktemp("csv") / "data.csv"
    path.write_bytes(raw)
    _check_csv(path, f"SDMX-CSV {str(path)!r}")


# --------------------------------------------------------------------------------------------
# manual files

_FILE_LEVEL = ("the file is empty", "the file has", "not UTF-8", "cannot read the file", "unknown file type")


def _seed_files() -> dict[str, bytes]:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="adoptstats-seed-"))
    seeds = {}
    for suffix in (".csv", ".yaml"):
        path = folder / f"seed{suffix}"
        add(path, **_figure())
        add(path, **_figure(geo="Espagne", value="plus de 50 %", quote="« 50 % »"))
        add(path, **_figure(geo="Pays-Bas", value="26–28%", sample_size="1 250", published="2010-07-08"))
        seeds[suffix] = path.read_bytes()
        path.unlink()
        (folder / f"seed{suffix}.lock").unlink(missing_ok=True)
    folder.rmdir()
    return seeds


def _figure(**changes: str) -> dict[str, str]:
    row = {
        "geo": "Belgique-Luxembourg",
        "period": "2010",
        "concept": "social_media.customer_acquisition",
        "value": "27 %",
        "population": "business people in the Regus global contacts database",
        "publisher": "La Libre Belgique",
        "url": "https://www.lalibre.be/economie/entreprises-startup/51b8c1c3e4b0de6db9bcca6a",
        "quote": "elles ne sont que 27 % à y recourir en Belgique et au Luxembourg",
    }
    row.update(changes)
    return row


MANUAL_SEEDS = _seed_files()
_MANUAL_TOKENS = [
    b",", b'"', b"\n", b"\r", b"\r\n", b"- ", b": ", b"#", b"&a", b"*a", b"!!python/object/apply:os.system ['true']",
    b"!!binary", b"{", b"[", b"]", b"}", b"\t", b"  ", b"\x00", b"\xff", b"\xef\xbb\xbf", b"%", b"27", b"2010",
    b"Belgique", b"geo", b"value", b"---", b"...", b"? ", b"|", b">", b"'", b"\\", b"~", b"null", b"<<: *a", b"\x1b",
]  # fmt: skip


def _check_manual(path: Path) -> None:
    problems = validate(path)
    for p in problems:
        assert p.file == str(path), p
        assert p.message
        assert p.line is not None or any(w in p.message for w in _FILE_LEVEL), p
    try:
        rs = load(path)
    except ValidationError as exc:
        assert problems, "load failed on a file that validates"
        assert str(path) in str(exc)
        return
    assert not problems
    assert len(rs) > 0


@fuzz(N_MANUAL_BYTES)
@given(raw=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".yaml", ".yml"]))
def test_manual_random_bytes(raw: bytes, suffix: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("manual") / f"figures{suffix}"
    path.write_bytes(raw)
    _check_manual(path)


@fuzz(N_MANUAL_MUTATED)
@given(data=st.data(), suffix=st.sampled_from([".csv", ".yaml"]))
def test_manual_near_valid_files(data: st.DataObject, suffix: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    raw = data.draw(damaged_text([MANUAL_SEEDS[suffix]], _MANUAL_TOKENS))
    path = tmp_path_factory.mktemp("manual") / f"figures{suffix}"
    path.write_bytes(raw)
    _check_manual(path)


_CELL = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20) | st.sampled_from(
    ["", " ", '"', "'", "- x", "a: b", "#x", "null", "~", "yes", "2010", "27 %", "BE", "\n", "\r", "a\rb", "\r\n",
     "|", ">", "&a", "*a", "!!str", "[1]", "{a: 1}", "---", "\t", "\u2028", "\u0085", "\ufeff", "=1+1", "@SUM(A1)"]
)  # fmt: skip


@fuzz(N_MANUAL_ADD)
@given(
    changes=st.dictionaries(st.sampled_from(COLUMN_NAMES), _CELL, max_size=4), suffix=st.sampled_from([".csv", ".yaml"])
)
def test_manual_add_never_breaks_the_file(
    changes: dict[str, str], suffix: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A row is either refused, leaving the file unchanged, or appended so that the file still reads back."""
    path = tmp_path_factory.mktemp("add") / f"figures{suffix}"
    add(path, **_figure(geo="Mexique", value="52 %"))
    before = path.read_bytes()
    try:
        added = add(path, **{**_figure(), **changes})
    except ValidationError as exc:
        assert path.read_bytes() == before
        assert all(p.file == str(path) and p.column for p in exc.problems), exc.problems
        return
    after = path.read_bytes()
    assert after.startswith(before)
    assert validate(path) == [], validate(path)
    rows = load(path).records()
    assert len(rows) == 2
    assert rows[1].estimate == added.estimate and rows[1].citation == added.citation


# --------------------------------------------------------------------------------------------
# value strings, geographies, periods


_VALUE_TEXT = st.text(max_size=30) | st.text(alphabet="0123456789 ,.%<>=~-–abouteplusdmorthanixdc€$", max_size=25)


@fuzz(N_VALUES)
@given(
    text=_VALUE_TEXT | st.integers() | st.floats(),
    unit=st.sampled_from([None, "percent", "pp", "index", "count"]),
)
def test_value_strings(text: str | int | float, unit: str | None) -> None:
    try:
        estimate = parse_value(text, unit=unit)
    except ValueStringError as exc:
        raw = text if isinstance(text, str) else repr(text)
        assert repr(raw) in str(exc) or not raw.strip(), str(exc)  # the message quotes what it could not read
        return
    assert isinstance(estimate, Estimate)
    assert estimate.lower <= estimate.value <= estimate.upper
    assert unit is None or estimate.unit == unit


@fuzz(N_GEO)
@given(
    text=st.text(max_size=25)
    | st.text(alphabet="BELUNGRFSXMWOD+ -_eu27202lxyzé.'", max_size=20)
    | st.sampled_from(["Belux", "be+lu", "EL", "UK", "Pays-Bas", "België", "EU27_2020", "BE1", "EL30", "+", "BE++LU"])
)
def test_geography_names(text: str) -> None:
    try:
        code = normalize_geo(text)
    except UnknownGeographyError as exc:
        assert repr(text) in str(exc) or repr(text.strip()) in str(exc) or "+" in text, str(exc)
        return
    assert normalize_geo(code) == code  # idempotent
    assert adoptstats.geo_name(code)


@fuzz(N_PERIOD)
@given(
    value=st.text(max_size=12)
    | st.text(alphabet="0123456789-QMSWqmsw. ", max_size=12)
    | st.integers(-(10**6), 10**6)
    | st.floats()
    | st.booleans()
)
def test_periods(value: Any) -> None:
    try:
        period = normalize_period(value)
    except RecordError as exc:
        shown = repr(int(value)) if isinstance(value, float) and value.is_integer() else repr(value)
        assert "period" in str(exc) and shown[:20] in str(exc), str(exc)
        return
    assert normalize_period(period) == period
    assert 0 <= int(period[:4]) <= 9999


# --------------------------------------------------------------------------------------------
# ResultSet.from_frame

CITE = Citation(
    publisher="Eurostat", title="ICT usage in enterprises", url="https://ec.europa.eu/eurostat", primary=True
)
_GOOD_ROW = {
    "source": "s",
    "dataset": "d",
    "indicator": "i",
    "geo": "BE",
    "period": "2010",
    "population": "p",
    "value": 27.0,
    "citation_id": CITE.id,
}
_CELLS = st.one_of(
    st.none(),
    st.just(math.nan),
    st.just(pd.NA),
    st.just(pd.NaT),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(["BE", "NL", "Belux", "Atlantis", "2010", "2023-Q1", "percent", "exact", "more_than", CITE.id, ""]),
    st.sampled_from(["social_media.any_use", "60.9", "1e400", "2024-01-01T00:00:00Z", " ", "x"]),
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),
    st.dates(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 6))
    extra = draw(st.lists(st.sampled_from([*CANONICAL_COLUMNS, "junk", "Value"]), unique=True, max_size=8))
    names = list(_GOOD_ROW) + [c for c in extra if c not in _GOOD_ROW] if draw(st.booleans()) else extra
    data: dict[str, Any] = {}
    for name in names:
        kind = draw(st.integers(0, 3))
        if kind == 0 and name in _GOOD_ROW:
            data[name] = pd.Series([_GOOD_ROW[name]] * n, dtype=object)
        elif kind == 1:
            data[name] = pd.Series(draw(st.lists(_CELLS, min_size=n, max_size=n)), dtype=object)
        elif kind == 2:
            data[name] = pd.Series([draw(_CELLS)] * n, dtype=object)
        else:
            data[name] = pd.Categorical(
                draw(st.lists(st.sampled_from(["BE", "x", "2010", ""]), min_size=n, max_size=n))
            )
    frame = pd.DataFrame(data, index=pd.RangeIndex(n)) if data else pd.DataFrame(index=pd.RangeIndex(n))
    if draw(st.booleans()):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = frame.infer_objects()
    return frame


@fuzz(N_FRAMES)
@given(
    frame=frames(), citations=st.sampled_from([None, [CITE], {CITE.id: CITE}, {"other": CITE}]), normalize=st.booleans()
)
def test_result_set_from_random_frames(frame: pd.DataFrame, citations: Any, normalize: bool) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", adoptstats.UnitWarning)
            rs = ResultSet.from_frame(frame, citations, normalize=normalize)
    except ValidationError as exc:
        assert exc.problems
        for p in exc.problems:  # each problem names its column (and row, when it is about one)
            assert p.column is not None, p
        return
    assert list(rs.frame.columns) == list(CANONICAL_COLUMNS)
    assert len(rs) == len(frame)
    assert (rs.frame["lower"] <= rs.frame["value"]).all() and (rs.frame["value"] <= rs.frame["upper"]).all()


@fuzz(N_SHARES)
@given(values=st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=50))
def test_any_share_in_percent_is_accepted(values: list[float]) -> None:
    frame = pd.DataFrame({**{k: v for k, v in _GOOD_ROW.items() if k != "value"}, "value": values})
    assume(max(values) > 1)
    rs = ResultSet.from_frame(frame, [CITE])
    assert rs.frame["value"].tolist() == values


# --------------------------------------------------------------------------------------------
# queries and filters

_FILTER_VALUES = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.integers(-(10**5), 10**5),
    st.floats(),
    st.booleans(),
    st.sampled_from(["BE", "Belux", "2010", "2023-Q1", "social_media.any_use", "E_SM1_ANY", "isoc_cismt"]),
    st.lists(st.one_of(st.text(max_size=6), st.integers(1990, 2030), st.none()), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
_FILTER_NAMES = ["dataset", "indicator", "indicators", "concept", "concepts", "geo", "geos", "period", "periods"]
_FILTER_NAMES += ["since", "until", "options", "path", "primary_only", "bogus"]
_SOURCES = [RegusSource(), ManualSource()]


def _check_query_error(exc: AdoptstatsError, filters: dict[str, Any]) -> None:
    message = str(exc)
    if isinstance(exc, UnknownGeographyError):  # names the geography (a part, for "A+B" composites)
        assert message.startswith("unknown geography "), message
        return
    shown = [repr(v) for v in filters.values()] + [repr(str(v)) for v in filters.values()]
    shown += [repr(x) for v in filters.values() if isinstance(v, list) for x in v]
    shown += [repr(str(x)) for v in filters.values() if isinstance(v, list) for x in v]
    assert any(k in message for k in filters) or any(s in message for s in shown) or "period" in message, message


@fuzz(N_QUERY)
@given(filters=st.dictionaries(st.sampled_from(_FILTER_NAMES), _FILTER_VALUES, max_size=4))
def test_queries_and_source_filters(filters: dict[str, Any]) -> None:
    direct = {k: v for k, v in filters.items() if k in ("dataset", "indicators", "concepts", "geos", "periods")}
    direct |= {k: v for k, v in filters.items() if k in ("since", "until", "options")}
    try:
        Query(**direct)
    except AdoptstatsError as exc:
        _check_query_error(exc, direct)
    for source in _SOURCES:
        try:
            source.query(**filters)
        except AdoptstatsError as exc:
            _check_query_error(exc, filters)


_RS = RegusSource().fetch(Query())


@fuzz(N_FILTER)
@given(
    geo=st.none() | st.text(max_size=8) | st.lists(st.sampled_from(["BE+LU", "Belux", "NL", "x", ""]), max_size=3),
    period=st.none() | st.text(max_size=8) | st.integers(1990, 2030) | st.lists(st.integers(2009, 2012), max_size=2),
    since=st.none() | st.text(alphabet="0123456789-Q", max_size=8),
    flag=st.none() | st.text(max_size=3),
)
def test_result_set_filters(geo: Any, period: Any, since: Any, flag: Any) -> None:
    columns = {k: v for k, v in (("geo", geo), ("period", period)) if v is not None}
    try:
        rs = _RS.filter(since=since, has_flag=flag, **columns)
    except AdoptstatsError as exc:
        assert str(exc)
        return
    assert len(rs) <= len(_RS)


# --------------------------------------------------------------------------------------------
# the fuzz domains are wide enough: each reader also accepts what it should


@pytest.mark.parametrize(
    ("reader", "data"),
    [
        (lambda d: decode_jsonstat(d).frame, JSONSTAT_SEEDS[0]),
        (read_sdmx_tsv, TSV_SEEDS[-1]),
        (lambda d: parse_value(d), "plus de 40 %"),
    ],
    ids=["jsonstat", "sdmx-tsv", "value"],
)
def test_seeds_are_valid(reader: Callable[[Any], Any], data: Any) -> None:
    reader(data)


def test_manual_seeds_are_valid(tmp_path: Path) -> None:
    for suffix, raw in MANUAL_SEEDS.items():
        path = tmp_path / f"seed{suffix}"
        path.write_bytes(raw)
        assert validate(path) == []
        assert len(load(path)) == 3
    assert np.isfinite(len(MANUAL_SEEDS))
