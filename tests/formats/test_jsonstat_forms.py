"""JSON-stat 2.0 dataset forms beyond Eurostat's, and the choice of JSON parser.

Every document here is constructed in code (no file of another project is copied): the shapes
follow json-stat.org's samples, the numbers are made up.
"""

from __future__ import annotations

import gzip
import json
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from adoptstats.errors import FormatError
from adoptstats.formats import decode_jsonstat, json_text, read_jsonstat
from adoptstats.formats import jsonstat as jsonstat_module

AGES = ["T", "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49"]
AGES += ["50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"]


def canada_shaped(status: Any = ("a",)) -> dict[str, Any]:
    """Constructed: the shape of json-stat.org's canada.json (population by sex and age group).

    Five dimensions of sizes 1, 1, 20, 2, 3 (country, year, age, concept, sex), a dense
    ``value`` array of 120 numbers, a ``role`` object and a one-entry ``status`` array. The
    values are invented.
    """
    dims = {
        "country": (["CA"], {"CA": "Canada"}),
        "year": (["2012"], {"2012": "2012"}),
        "age": (AGES, {a: a for a in AGES}),
        "concept": (["POP", "PERCENT"], {"POP": "population", "PERCENT": "weight of age group in the population"}),
        "sex": (["T", "M", "F"], {"T": "total", "M": "male", "F": "female"}),
    }
    n = 1 * 1 * 20 * 2 * 3
    doc: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "Population by sex and age group (constructed)",
        "source": "constructed for a test",
        "updated": "2012-09-27",
        "id": list(dims),
        "size": [len(codes) for codes, _ in dims.values()],
        "role": {"time": ["year"], "geo": ["country"], "metric": ["concept"]},
        "dimension": {
            name: {"label": name, "category": {"index": codes, "label": labels}}
            for name, (codes, labels) in dims.items()
        },
        "value": [round(100 + 0.5 * i, 1) for i in range(n)],
    }
    if status is not None:
        doc["status"] = list(status)
    return doc


def test_canada_shape_one_status_for_every_cell() -> None:
    frame = read_jsonstat(canada_shaped())
    assert len(frame) == 120
    assert list(frame.columns) == ["country", "year", "age", "concept", "sex", "value", "status"]
    assert (frame["status"] == "a").all()
    assert frame["value"].tolist() == [round(100 + 0.5 * i, 1) for i in range(120)]
    assert frame.iloc[7][["age", "concept", "sex"]].tolist() == ["0-4", "POP", "M"]


def test_one_entry_status_array_reads_like_a_status_string() -> None:
    for dropna in (True, False):
        doc = canada_shaped()
        doc["value"][5] = None
        as_string = canada_shaped(status=None)
        as_string["value"][5] = None
        as_string["status"] = "a"
        a, b = read_jsonstat(doc, dropna=dropna), read_jsonstat(as_string, dropna=dropna)
        pd.testing.assert_frame_equal(a, b)
        assert len(a) == (120 if not dropna else 119)
        # like the string form, the status marks the cells that have a value
        assert a["status"].isna().sum() == (1 if not dropna else 0)


@pytest.mark.parametrize("entry", [None, ""])
def test_one_entry_status_array_without_a_status(entry: str | None) -> None:
    frame = read_jsonstat(canada_shaped(status=[entry]))
    assert frame["status"].isna().all()
    assert list(frame["status"].cat.categories) == []


def test_one_entry_status_array_of_a_one_cell_cube_is_per_cell() -> None:
    doc = canada_shaped(status=["e"])
    doc["id"], doc["size"] = ["geo"], [1]
    doc["dimension"] = {"geo": {"category": {"index": ["BE"]}}}
    doc["value"] = [None]
    # one cell: the array is that cell's status, so a cell with no value still has a row
    assert read_jsonstat(doc)["status"].tolist() == ["e"]


def test_one_entry_status_array_must_hold_a_string() -> None:
    with pytest.raises(FormatError, match="status at position 0 is an integer; it must be a string or null"):
        read_jsonstat(canada_shaped(status=[3]))


def test_size_as_strings_of_digits() -> None:
    doc = canada_shaped()
    doc["size"] = [str(s) for s in doc["size"]]
    pd.testing.assert_frame_equal(read_jsonstat(doc), read_jsonstat(canada_shaped()))
    doc["size"][2] = "020"  # leading zeros spell the same number
    assert len(read_jsonstat(doc)) == 120
    doc["size"][2] = "19"
    with pytest.raises(FormatError, match="dimension 'age': 20 categories, but 'size' says 19"):
        read_jsonstat(doc)


def order_shaped() -> dict[str, Any]:
    """Constructed: the shape of json-stat.org's order.json, whose values are strings naming cells."""
    value = [f"A{a}B{b}C{c}" for a in range(1, 4) for b in range(1, 3) for c in range(1, 5)]
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Demo of value ordering (constructed)",
        "id": ["A", "B", "C"],
        "size": [3, 2, 4],
        "dimension": {
            "A": {"category": {"index": ["1", "2", "3"]}},
            "B": {"category": {"index": ["1", "2"]}},
            "C": {"category": {"index": ["1", "2", "3", "4"]}},
        },
        "value": value,
    }


def test_string_values_that_are_not_cells_are_refused() -> None:
    with pytest.raises(
        FormatError, match=r"value at position 0 is the string 'A1B1C1', which is not a number, ':' or flag letters"
    ):
        read_jsonstat(order_shaped())
    with pytest.raises(FormatError, match="value at position 0 is the string 'A1B1C1'"):
        read_jsonstat(json.dumps(order_shaped()).encode())


# --------------------------------------------------------------------------------------------
# the parser: orjson, with the standard library as the fallback


def eurostat_like() -> bytes:
    doc = canada_shaped(status=None)
    doc["value"] = {str(i): v for i, v in enumerate(doc["value"]) if i % 7}
    doc["value"]["14"] = ":C"
    doc["status"] = {"3": "e", "14": "c", "21": "C"}
    doc["extension"] = {"status": {"label": {"e": "estimated"}}, "positions-with-no-data": {"age": [3]}}
    return json.dumps(doc).encode()


def test_standard_library_fallback_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = eurostat_like()
    fast = decode_jsonstat(raw)
    monkeypatch.setattr(json_text, "FAST_LOADS", None)
    slow = decode_jsonstat(raw)
    assert fast == slow
    assert fast.extension == slow.extension
    assert fast.status_labels == slow.status_labels == {"e": "estimated"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # orjson refuses these; the standard library reads them, as before
        (b'{"a": NaN}', "NaN is not valid JSON"),
        (b'{"a": -Infinity}', "-Infinity is not valid JSON"),
        (b"{", "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
        (b'{"a": 1} x', "not valid JSON: Extra data at line 1, column 10"),
        (b'{"a": "\xff"}', "not valid JSON text: invalid start byte at byte 7"),
        (b"[1, 2]", "expected a JSON object \\(a dataset\\), got an array"),
    ],
)
def test_parse_errors_keep_their_messages(text: bytes, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(FormatError, match=message) as fast:
        read_jsonstat(text)
    monkeypatch.setattr(json_text, "FAST_LOADS", None)
    with pytest.raises(FormatError, match=message) as slow:
        read_jsonstat(text)
    assert str(fast.value) == str(slow.value)


def test_numbers_beyond_64_bits_read_as_the_standard_library_reads_them() -> None:
    # orjson turns integers beyond 64 bits into floats; errors and metadata still name the integers
    doc = canada_shaped()
    doc["size"][2] = 2**70
    with pytest.raises(FormatError, match=rf"cells \(sizes \[1, 1, {2**70}, 2, 3\]\)"):
        read_jsonstat(json.dumps(doc).encode())
    doc = canada_shaped()
    doc["extension"] = {"big": [2**70], "small": 1.5}
    data = decode_jsonstat(json.dumps(doc).encode())
    assert data.extension == {"big": [2**70], "small": 1.5}
    assert isinstance(data.extension["big"][0], int)


def test_utf16_and_bom_and_gzip_still_read() -> None:
    doc = canada_shaped()
    expected = read_jsonstat(doc)
    text = json.dumps(doc)
    for raw in (text.encode("utf-16"), b"\xef\xbb\xbf" + text.encode(), gzip.compress(text.encode()), text):
        pd.testing.assert_frame_equal(read_jsonstat(raw), expected)


def test_lone_surrogate_label_reads() -> None:
    doc = canada_shaped()
    doc["label"] = "x\ud800"
    assert decode_jsonstat(json.dumps(doc).encode()).label == "x\ud800"


def test_orjson_values_are_the_standard_librarys(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(7)
    values = [*rng.uniform(-1e6, 1e6, 300).tolist(), *np.round(rng.uniform(0, 100, 300), 1).tolist(), 5e-324]
    values += [1.7976931348623157e308, 2**63 - 1, -(2**63), 2**64 - 1, 0.1 + 0.2]
    doc = canada_shaped(status=None)
    doc["size"][2] = 1
    doc["dimension"]["age"]["category"] = {"index": ["T"]}
    doc["id"].append("n")
    doc["size"].append(len(values))
    doc["dimension"]["n"] = {"category": {"index": [str(i) for i in range(len(values))]}}
    doc["value"] = values * 6
    raw = json.dumps(doc).encode()
    fast = read_jsonstat(raw)["value"].to_numpy()
    monkeypatch.setattr(json_text, "FAST_LOADS", None)
    slow = read_jsonstat(raw)["value"].to_numpy()
    assert fast.tobytes() == slow.tobytes()
    assert not np.isnan(fast).any()


# --------------------------------------------------------------------------------------------
# coordinates of the rows


@given(
    sizes=st.lists(st.sampled_from([1, 2, 3, 7, 40, 300, 70_000]), min_size=1, max_size=6),
    data=st.data(),
)
def test_coordinates_are_unravel_index(sizes: list[int], data: st.DataObject) -> None:
    total = math.prod(sizes)
    assume(total <= jsonstat_module.MAX_CUBE_CELLS)  # larger cubes are refused before
    rows = np.array(
        sorted(data.draw(st.sets(st.integers(0, total - 1), max_size=50))) or [0, total - 1], dtype=np.int64
    )
    got = jsonstat_module._coordinates(rows, sizes)
    for codes, expected, size in zip(got, np.unravel_index(rows, sizes), sizes, strict=True):
        assert np.array_equal(codes.astype(np.int64), expected)
        assert codes.dtype.itemsize <= (1 if size < 127 else 2 if size < 32767 else 4)
