"""Tests of adoptstats.formats.sdmx_tsv: real samples, the cell grammar, errors, Hypothesis."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from adoptstats.errors import FormatError
from adoptstats.formats import read_jsonstat, read_sdmx_tsv, sdmx_tsv

DATA = Path(__file__).resolve().parent.parent / "data" / "eurostat"
DS045409 = DATA / "tsv_comext_ds-045409_DE_US_2026-06_07.tsv"
DS059358 = DATA / "tsv_comext_ds-059358_DE_2022_confidential.tsv"

Row = tuple[Any, ...]


def rows_of(frame: pd.DataFrame) -> list[Row]:
    """The frame's rows as plain tuples (NaN value -> "NaN", missing status -> None)."""
    columns = []
    for name in frame.columns:
        col = frame[name]
        if name == "value":
            columns.append(["NaN" if math.isnan(v) else v for v in col.to_numpy()])
        else:
            columns.append([None if pd.isna(v) else str(v) for v in col.astype(object)])
    return list(zip(*columns, strict=True))


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """Unused categories removed, categories sorted, rows sorted: for comparing formats."""
    frame = frame.copy()
    for name in frame.columns:
        if isinstance(frame[name].dtype, pd.CategoricalDtype):
            col = frame[name].cat.remove_unused_categories()
            frame[name] = col.cat.reorder_categories(sorted(col.cat.categories))
    keys = [c for c in frame.columns if c not in ("value", "status")]
    return frame.sort_values(keys).reset_index(drop=True)


def general_only(data: Any, **kwargs: Any) -> pd.DataFrame:
    """``read_sdmx_tsv`` with the fast path switched off."""
    with mock.patch.object(sdmx_tsv, "_read_fast", return_value=None):
        return read_sdmx_tsv(data, **kwargs)


# ---------------------------------------------------------------------------------------------
# real samples


def test_ds045409_sample() -> None:
    frame = read_sdmx_tsv(DS045409)
    assert list(frame.columns) == [
        "freq",
        "reporter",
        "partner",
        "product",
        "flow",
        "indicators",
        "time",
        "value",
        "status",
    ]
    assert rows_of(frame) == [
        ("M", "DE", "US", "01", "1", "VALUE_IN_EUROS", "2026-06", 1235161.0, None),
        ("M", "DE", "US", "01", "1", "VALUE_IN_EUROS", "2026-07", 1131631.0, None),
        ("M", "DE", "US", "0101", "1", "VALUE_IN_EUROS", "2026-06", 105434.0, None),
        ("M", "DE", "US", "0101", "1", "VALUE_IN_EUROS", "2026-07", 55153.0, None),
        ("M", "DE", "US", "010121", "1", "VALUE_IN_EUROS", "2026-07", 52403.0, None),
    ]
    # "2026-06 " in the header: the trailing space is not part of the period
    assert list(frame["time"].cat.categories) == ["2026-06", "2026-07"]
    assert frame["value"].dtype == np.float64
    for name in ["freq", "product", "time", "status"]:
        assert isinstance(frame[name].dtype, pd.CategoricalDtype)
    full = read_sdmx_tsv(DS045409, dropna=False)
    assert rows_of(full)[4] == ("M", "DE", "US", "010121", "1", "VALUE_IN_EUROS", "2026-06", "NaN", None)
    assert len(full) == 6


def test_ds059358_sample() -> None:
    frame = read_sdmx_tsv(DS059358)
    assert len(frame) == 58
    cells = {(r[2], r[3]): (r[5], r[6]) for r in rows_of(frame)}
    assert cells[("20143420", "OWNQNTFLAG")] == ("NaN", "C")  # ":C"
    assert cells[("20143420", "QNTUNIT")] == ("NaN", "KG")  # "KG"
    assert cells[("20143430", "EXPQNT")] == (23097098.0, None)
    assert cells[("201434Z1", "SCVALFLAG")] == ("NaN", "C")
    assert frame["status"].value_counts().to_dict() == {"C": 27, "KG": 6}
    assert list(frame["product"].cat.categories) == sorted(frame["product"].cat.categories)


@pytest.mark.parametrize(("path", "n_dims"), [(DS045409, 6), (DS059358, 4)])
def test_the_samples_take_the_fast_path(path: Path, n_dims: int) -> None:
    # Comext numbers without a trailing space, and the odd "KG" cells, stay on the fast path
    raw = path.read_bytes()
    header, body = raw.split(b"\n", 1)
    assert sdmx_tsv._read_fast(body, n_dims, header.count(b"\t"), crlf=True) is not None


@pytest.mark.parametrize(
    ("body", "fast"),
    [
        (b"BE\t1 \t2 e\nNL\t: \t:C\n", True),
        (b"BE\t1\t2 e\nNL\t:\t:C\n", True),  # bare numbers and colons
        (b"BE\t0n\t1\nFR\t2\tKG\nLU\tTRUE\t3\nNL\t4\t5\n", True),  # a few odd cells: read by the grammar
        (b"BE\t0n\tKG\nNL\tTRUE\t\n", False),  # mostly odd cells: the general path
        (b"BE\t1 \t2 e\n\nNL\t: \t:C\n", False),  # blank line
        (b"BE\t1e \t2\nNL\t3\t4\n", False),  # "1e": number bytes the C parser refuses
        (b"BE\t1 \t2 e\nBE\t: \t:C\n", False),  # duplicate key: the general path says where
    ],
)
def test_fast_path_choice(body: bytes, fast: bool) -> None:
    assert (sdmx_tsv._read_fast(body, 1, 2, crlf=False) is not None) is fast
    text = b"geo\\TIME_PERIOD\t2023 \t2024 \n" + body
    try:
        expected = general_only(text, dropna=False)
    except FormatError:
        with pytest.raises(FormatError):
            read_sdmx_tsv(text, dropna=False)
    else:
        pd.testing.assert_frame_equal(read_sdmx_tsv(text, dropna=False), expected)


def test_input_forms_agree(tmp_path: Path) -> None:
    raw = DS059358.read_bytes()
    expected = read_sdmx_tsv(raw)
    gz = tmp_path / "data.tsv.gz"
    gz.write_bytes(gzip.compress(raw))
    for form in (DS059358, raw.decode(), bytearray(raw), gzip.compress(raw), gz, raw.replace(b"\r\n", b"\n")):
        pd.testing.assert_frame_equal(read_sdmx_tsv(form), expected)
    pd.testing.assert_frame_equal(general_only(raw), expected)


def test_old_header_and_bom() -> None:
    text = "\ufeffunit,geo\\time\t2010 \t2011 \nPC_ENT,BE\t60.9 \t65.2 e\nPC_ENT,NL\t: \t:c\n"
    assert rows_of(read_sdmx_tsv(text.encode())) == [
        ("PC_ENT", "BE", "2010", 60.9, None),
        ("PC_ENT", "BE", "2011", 65.2, "e"),
        ("PC_ENT", "NL", "2011", "NaN", "c"),
    ]


def test_header_only_gives_an_empty_frame() -> None:
    frame = read_sdmx_tsv(b"freq,geo\\TIME_PERIOD\t2024 \r\n")
    assert list(frame.columns) == ["freq", "geo", "time", "value", "status"]
    assert len(frame) == 0


def test_unsupported_argument_type() -> None:
    with pytest.raises(TypeError, match="not list"):
        read_sdmx_tsv([])  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# the cell grammar


@pytest.mark.parametrize(
    ("cell", "value", "status"),
    [
        ("60.9 ", 60.9, None),
        ("60.9", 60.9, None),
        ("65.2 e", 65.2, "e"),
        ("12 bep", 12.0, "bep"),
        (": ", "NaN", None),
        (":", "NaN", None),
        (":C", "NaN", "C"),
        (": c", "NaN", "c"),
        (":z ", "NaN", "z"),
        ("0n", 0.0, "n"),
        ("0 n", 0.0, "n"),
        ("KG", "NaN", "KG"),
        ("-1.5e3", -1500.0, None),
        ("+.5 p", 0.5, "p"),
        ("5. |C", 5.0, "|C"),
        ("00012", 12.0, None),
        ("", "NaN", None),
        ("  7  ", 7.0, None),
    ],
)
def test_cell_grammar(cell: str, value: Any, status: str | None) -> None:
    text = f"geo\\TIME_PERIOD\t2024 \nBE\t{cell}\n"
    expected = [("BE", "2024", value, status)]
    assert rows_of(read_sdmx_tsv(text, dropna=False)) == expected
    assert rows_of(general_only(text, dropna=False)) == expected


@pytest.mark.parametrize("cell", ["12,3.4", "1.5.6", "12 e p", "abc1", "1 2", ":5", "::", "1e999", "e 1", "-", "١٢"])
def test_bad_cells_name_line_and_column(cell: str) -> None:
    text = f"geo\\TIME_PERIOD\t2023 \t2024 \nBE\t1 \t2 \nNL\t3 \t{cell}\n"
    with pytest.raises(FormatError, match=r"line 3, column 3 \(period '2024'\): cannot read cell"):
        read_sdmx_tsv(text)


# ---------------------------------------------------------------------------------------------
# malformed files


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        (b"", "empty file"),
        (b" \r\n", "empty file"),
        (b"freq,geo\t2024 \nA,BE\t1 \n", r"line 1, column 1: the first header cell must be like"),
        (b"freq\\geo\\TIME_PERIOD\t2024\n", "the first header cell must be like"),
        (b"freq,geo\\ \t2024\n", "no time dimension name"),
        (b"freq,,geo\\TIME_PERIOD\t2024\n", "dimension 2 name '' is empty"),
        (b"freq,freq\\TIME_PERIOD\t2024\n", "dimension 'freq' is named twice"),
        (b"freq,value\\TIME_PERIOD\t2024\n", "dimension 'value' clashes"),
        (b"freq,geo\\TIME_PERIOD\n", "no time-period columns"),
        (b"freq,geo\\TIME_PERIOD\t2024\t \n", "line 1, column 3: empty time period"),
        (b"freq,geo\\TIME_PERIOD\t2024\t2024 \n", "time period '2024' repeats column 2"),
        (
            b"freq,geo\\TIME_PERIOD\t2023 \t2024 \r\nA,BE\t1 \r\nA,NL\t1 \t2 \r\n",
            r"line 2: 2 tab-separated fields, but",
        ),
        (b"freq,geo\\TIME_PERIOD\t2024 \nA,BE\t1 \t2 \n", r"line 2: 3 tab-separated fields, but the header has 2"),
        (b"freq,geo\\TIME_PERIOD\t2024 \nA,BE\t1 \n\nA\t2 \n", r"line 4, column 1: series key 'A' has 1 codes"),
        (b"freq,geo\\TIME_PERIOD\t2024 \nA,BE,X\t1 \n", r"line 2, column 1: series key 'A,BE,X' has 3 codes"),
        (b"freq,geo\\TIME_PERIOD\t2024 \nA,\t1 \n", r"line 2, column 1: empty code for dimension 'geo'"),
        (b"freq,geo\\TIME_PERIOD\t2024 \nA,BE\t1 \nA,NL\t1 \nA,BE\t2 \n", "line 4.*'A,BE' already appears on line 2"),
        (b"freq,geo\\TIME_PERIOD\t2024 \nA,BE\t1 \rA,NL\t2 \n", "line 2: carriage return that does not end a line"),
        (b"freq,geo\\TIME_PERIOD\t2024 \nA,BE\t1 \nA,N\xffL\t2 \n", "line 3: not valid UTF-8"),
        (b"fr\xffeq,geo\\TIME_PERIOD\t2024 \n", "line 1: not valid UTF-8"),
        (gzip.compress(b"freq\\TIME_PERIOD\t2024 \nA\t1 \n")[:-5], "starts like gzip but does not decompress"),
        (b"\x1f\x8bnot gzip at all", "starts like gzip but does not decompress"),
    ],
)
def test_malformed_files(data: bytes, pattern: str) -> None:
    with pytest.raises(FormatError, match=pattern):
        read_sdmx_tsv(data)


def test_gz_name_with_plain_content(tmp_path: Path) -> None:
    path = tmp_path / "isoc_cismt.tsv.gz"
    path.write_bytes(b"geo\\TIME_PERIOD\t2024 \nBE\t1 \n")
    with pytest.raises(FormatError, match="isoc_cismt.tsv.gz.*file name says gzip"):
        read_sdmx_tsv(path)


def test_blank_lines_are_skipped() -> None:
    frame = read_sdmx_tsv(b"geo\\TIME_PERIOD\t2024 \r\n\r\nBE\t1 \r\n\r\nNL\t2 \r\n\r\n")
    assert rows_of(frame) == [("BE", "2024", 1.0, None), ("NL", "2024", 2.0, None)]


# ---------------------------------------------------------------------------------------------
# Hypothesis: random valid tables round-trip

DIM_NAMES = ["freq", "unit", "indic_is", "size_emp", "nace_r2", "geo", "sex"]
CODES = st.one_of(
    st.text(alphabet="ABCZ_019-", min_size=1, max_size=4),
    st.sampled_from(["NA", "nan", "None", "0", "01", "EU27_2020", "C10-S951_X_K", "TRUE"]),
)
PERIODS = st.sampled_from(
    ["2019", "2020", "2021", "2022-Q1", "2023-01", "2024-W01", "2025-S1", "2026-12-31", "2004m05"]
)
FLAGS = st.sampled_from(["", "", "", "e", "p", "b", "c", "C", "bep", "|C", "n", "KG"])
numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.integers(-(10**12), 10**12),
    st.decimals(-1000, 1000, places=1, allow_nan=False, allow_infinity=False),
)


def number_text(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)
    return str(value)


@st.composite
def cells(draw: st.DrawFn, eurostat_style: bool) -> tuple[str, float, str | None]:
    """One cell: its text and what it means."""
    flags = draw(FLAGS)
    if draw(st.integers(0, 4)) == 0:  # not available
        variants = [": " + flags] if eurostat_style else [":" + flags, ": " + flags, ":" + flags + " "]
        text = draw(st.sampled_from(variants))
        return text, math.nan, flags or None
    if not eurostat_style and draw(st.integers(0, 9)) == 0:  # flags only (Comext "KG") or empty
        return flags, math.nan, flags or None
    value = draw(numbers)
    text = number_text(value)
    if eurostat_style:
        text = f"{text} {flags}"
    else:
        text = draw(st.sampled_from([f"{text} {flags}", f"{text}{' ' if flags else ''}{flags}", f" {text}  {flags} "]))
    return text, float(value), flags or None


@st.composite
def tsv_tables(draw: st.DrawFn, eurostat_style: bool | None = None) -> tuple[bytes, list[Row], dict[str, Any]]:
    """A TSV file, the rows it means (dropna=False), and facts about it."""
    style = draw(st.booleans()) if eurostat_style is None else eurostat_style
    dims = draw(st.lists(st.sampled_from(DIM_NAMES), min_size=1, max_size=3, unique=True))
    periods = draw(st.lists(PERIODS, min_size=1, max_size=4, unique=True))
    keys = draw(st.lists(st.tuples(*[CODES for _ in dims]), max_size=6, unique=True))
    eol = draw(st.sampled_from(["\r\n", "\n"]))
    time_name = draw(st.sampled_from(["TIME_PERIOD", "time"]))
    pad = draw(st.sampled_from([" ", ""]))
    lines = [",".join(dims) + "\\" + time_name + "\t" + "\t".join(p + pad for p in periods)]
    rows: list[Row] = []
    for key in keys:
        texts = []
        for period in periods:
            text, value, status = draw(cells(style))
            texts.append(text)
            rows.append((*key, period, "NaN" if math.isnan(value) else value, status))
        lines.append(",".join(key) + "\t" + "\t".join(texts))
    body = eol.join(lines) + (eol if draw(st.booleans()) else "")
    data = body.encode()
    if draw(st.booleans()):
        data = gzip.compress(data)
    return data, rows, {"dims": dims, "periods": periods, "keys": keys, "eurostat_style": style}


@given(table=tsv_tables(), dropna=st.booleans())
def test_random_tables_round_trip(table: tuple[bytes, list[Row], dict[str, Any]], dropna: bool) -> None:
    data, rows, facts = table
    frame = read_sdmx_tsv(data, dropna=dropna)
    expected = [r for r in rows if not (dropna and r[-2] == "NaN" and r[-1] is None)]
    assert rows_of(frame) == expected
    assert list(frame.columns) == [*facts["dims"], "time", "value", "status"]
    assert list(frame["time"].cat.categories) == facts["periods"]
    for d, dim in enumerate(facts["dims"]):
        assert list(frame[dim].cat.categories) == sorted({k[d] for k in facts["keys"]})
    statuses = list(frame["status"].cat.categories)
    assert statuses == sorted(statuses)
    pd.testing.assert_frame_equal(general_only(data, dropna=dropna), frame)


@given(table=tsv_tables(eurostat_style=True))
def test_eurostat_style_tables_take_the_fast_path(table: tuple[bytes, list[Row], dict[str, Any]]) -> None:
    data, _, facts = table
    raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    body = raw[raw.index(b"\n") + 1 :] if b"\n" in raw else b""
    if facts["keys"] and body:
        fast = sdmx_tsv._read_fast(body, len(facts["dims"]), len(facts["periods"]), raw.split(b"\n")[0].endswith(b"\r"))
        assert fast is not None


# ---------------------------------------------------------------------------------------------
# Hypothesis: corruptions raise FormatError (or read), and both paths agree


@given(table=tsv_tables(), data=st.data())
def test_corruptions_raise_format_error(table: tuple[bytes, list[Row], dict[str, Any]], data: st.DataObject) -> None:
    raw = data.draw(st.sampled_from([table[0], gzip.decompress(table[0]) if table[0][:2] == b"\x1f\x8b" else table[0]]))
    corrupted = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 3))):
        action = data.draw(st.sampled_from(["flip", "insert", "delete", "truncate", "line"]))
        pos = data.draw(st.integers(0, max(len(corrupted) - 1, 0)))
        if action == "flip" and corrupted:
            corrupted[pos] = data.draw(st.sampled_from([0, 9, 10, 13, 32, 44, 58, 92, 0xFF, ord("x"), ord("1")]))
        elif action == "insert":
            corrupted[pos:pos] = data.draw(st.sampled_from([b"\t", b" ", b",", b":", b"\r", b"\n", b"e", b"5", b"\t:"]))
        elif action == "delete" and corrupted:
            del corrupted[pos]
        elif action == "line":
            lines = bytes(corrupted).split(b"\n")
            i = data.draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[data.draw(st.integers(0, len(lines) - 1))])
            corrupted = bytearray(b"\n".join(lines))
        else:
            del corrupted[pos:]
    outcomes: list[pd.DataFrame | None] = []
    for reader in (read_sdmx_tsv, general_only):
        try:
            outcomes.append(reader(bytes(corrupted)))
        except FormatError:
            outcomes.append(None)
    if outcomes[0] is None or outcomes[1] is None:
        assert outcomes[0] is None and outcomes[1] is None  # the fast path accepts nothing the grammar rejects
    else:
        pd.testing.assert_frame_equal(outcomes[0], outcomes[1])


# ---------------------------------------------------------------------------------------------
# the same data as JSON-stat and as TSV


@given(data=st.data())
def test_jsonstat_and_tsv_of_the_same_cube_agree(data: st.DataObject) -> None:
    dims = data.draw(st.lists(st.sampled_from(DIM_NAMES), min_size=1, max_size=3, unique=True))
    codes = {d: data.draw(st.lists(CODES, min_size=1, max_size=3, unique=True)) for d in dims}
    periods = data.draw(st.lists(PERIODS, min_size=1, max_size=3, unique=True))
    sizes = [len(codes[d]) for d in dims] + [len(periods)]
    total = math.prod(sizes)
    values: dict[str, float] = {}
    status: dict[str, str] = {}
    texts: list[str] = []
    for flat in range(total):
        flags = data.draw(FLAGS)
        if data.draw(st.integers(0, 3)) == 0:
            texts.append(": " + flags)
        else:
            value = data.draw(st.floats(allow_nan=False, allow_infinity=False))
            values[str(flat)] = value
            texts.append(f"{value!r} {flags}")
        if flags:
            status[str(flat)] = flags
    doc = {
        "version": "2.0",
        "class": "dataset",
        "id": [*dims, "time"],
        "size": sizes,
        "value": values,
        "status": status,
        "dimension": {
            **{d: {"category": {"index": codes[d]}} for d in dims},
            "time": {"category": {"index": {p: i for i, p in enumerate(periods)}}},
        },
    }
    lines = [",".join(dims) + "\\TIME_PERIOD\t" + "\t".join(p + " " for p in periods)]
    for series, start in enumerate(range(0, total, len(periods))):
        key = np.unravel_index(series, sizes[:-1])
        lines.append(
            ",".join(codes[d][int(k)] for d, k in zip(dims, key, strict=True))
            + "\t"
            + "\t".join(texts[start : start + len(periods)])
        )
    from_json = read_jsonstat(json.dumps(doc))
    from_tsv = read_sdmx_tsv("\r\n".join(lines) + "\r\n")
    pd.testing.assert_frame_equal(normalised(from_json), normalised(from_tsv))
