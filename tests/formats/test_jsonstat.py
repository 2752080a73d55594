"""Tests of adoptstats.formats.jsonstat: real Eurostat samples, malformed input, Hypothesis."""

from __future__ import annotations

import copy
import gzip
import json
import math
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from adoptstats.errors import FormatError
from adoptstats.formats import JsonStatData, decode_jsonstat, read_jsonstat, read_sdmx_tsv

DATA = Path(__file__).resolve().parent.parent / "data" / "eurostat"
UNE = DATA / "statistics_api_jsonstat_une_rt_m_DE_last3.json"
STS = DATA / "statistics_api_jsonstat_sts_inpr_m_IE_confidential_status.json"
DS045409 = DATA / "statistics_api_jsonstat_comext_ds-045409_EU27_2020_US_2024-01_02.json"
DS059358 = DATA / "statistics_api_jsonstat_comext_ds-059358_DE_2022_string_values.json"
DS059358_TSV = DATA / "tsv_comext_ds-059358_DE_2022_confidential.tsv"

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


# ---------------------------------------------------------------------------------------------
# real samples


def test_une_rt_m_sample_values_and_metadata() -> None:
    data = decode_jsonstat(UNE)
    frame = data.frame
    assert list(frame.columns) == ["freq", "s_adj", "age", "unit", "sex", "geo", "time", "value", "status"]
    assert rows_of(frame) == [
        ("M", "SA", "TOTAL", "PC_ACT", "T", "DE", "2026-06", 4.0, None),
        ("M", "SA", "TOTAL", "PC_ACT", "T", "DE", "2026-07", 4.0, None),
    ]
    assert frame["value"].dtype == np.float64
    for name in ["freq", "s_adj", "age", "unit", "sex", "geo", "time", "status"]:
        assert isinstance(frame[name].dtype, pd.CategoricalDtype), name
    # the category list keeps 2026-08 (in positions-with-no-data) in index order
    assert list(frame["time"].cat.categories) == ["2026-06", "2026-07", "2026-08"]
    assert data.label == "Unemployment by sex and age - monthly data"
    assert data.updated == "2026-09-22T11:00:00+0200"
    assert data.source == "ESTAT"
    assert data.dimension_names["geo"] == "Geopolitical entity (reporting)"
    assert data.dimension_labels["geo"] == {"DE": "Germany"}
    assert data.dimension_labels["time"]["2026-08"] == "2026-08"
    assert data.status_labels == {}
    assert data.extension["id"] == "UNE_RT_M"
    assert data.extension["positions-with-no-data"]["time"] == [2]


def test_une_rt_m_dropna_false_gives_the_whole_cube() -> None:
    frame = read_jsonstat(UNE, dropna=False)
    assert rows_of(frame)[-1] == ("M", "SA", "TOTAL", "PC_ACT", "T", "DE", "2026-08", "NaN", None)
    assert len(frame) == 3


def test_sts_inpr_m_confidential_status_only_cells() -> None:
    data = decode_jsonstat(STS)
    frame = data.frame
    assert len(frame) == 6
    assert frame["value"].isna().all()
    assert (frame["status"] == "|C").all()  # kept verbatim (post-2025 obs|conf form)
    assert list(frame["time"]) == ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"]
    assert data.status_labels == {"|C": "|confidential"}


def test_ds045409_positions_with_no_data() -> None:
    frame = read_jsonstat(DS045409)
    assert rows_of(frame) == [
        ("M", "EU27_2020", "US", "TOTAL", "1", "VALUE_IN_EUROS", "2024-01", 28417786122.0, None),
        ("M", "EU27_2020", "US", "TOTAL", "1", "VALUE_IN_EUROS", "2024-02", 27944902670.0, None),
    ]
    assert list(frame["freq"].cat.categories) == ["A", "M"]
    full = read_jsonstat(DS045409, dropna=False)
    assert len(full) == 4
    assert full["value"].isna().tolist() == [True, True, False, False]


def test_ds059358_string_cells() -> None:
    frame = read_jsonstat(DS059358)
    assert len(frame) == 58
    cells = {(r[2], r[3]): (r[5], r[6]) for r in rows_of(frame)}
    # key "1": product 0 (20143420), indicator 1 (PVALFLAG), value ":C"
    assert cells[("20143420", "PVALFLAG")] == ("NaN", "C")
    # key "6": indicator 6 (QNTUNIT), value "KG"
    assert cells[("20143420", "QNTUNIT")] == ("NaN", "KG")
    # key "32" = 1 * 23 + 9: product 20143430, EXPQNT
    assert cells[("20143430", "EXPQNT")] == (23097098.0, None)
    # key "46" = 2 * 23 + 0: product 20143440, PRODVAL
    assert cells[("20143440", "PRODVAL")] == (124243000.0, None)
    # key "133" = 5 * 23 + 18: product 201434Z1, SCVALFLAG
    assert cells[("201434Z1", "SCVALFLAG")] == ("NaN", "C")
    assert frame["status"].value_counts().to_dict() == {"C": 27, "KG": 6}
    assert frame["value"].notna().sum() == 25
    # PVALBASE (position 2) is in positions-with-no-data: no rows, but still a category
    assert "PVALBASE" in frame["indicators"].cat.categories
    assert not (frame["indicators"] == "PVALBASE").any()


def test_ds059358_json_and_tsv_give_equal_frames() -> None:
    from_json = read_jsonstat(DS059358)
    from_tsv = read_sdmx_tsv(DS059358_TSV)
    pd.testing.assert_frame_equal(normalised(from_json), normalised(from_tsv))


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("statistics_api_error_413_extraction_too_big.json", "error response.*413 EXTRACTION_TOO_BIG"),
        ("statistics_api_error_404_not_available.json", "error response.*404 ERR_NOT_FOUND_4"),
    ],
)
def test_error_bodies_are_format_errors(name: str, pattern: str) -> None:
    with pytest.raises(FormatError, match=pattern):
        read_jsonstat(DATA / name)


def test_input_forms_agree() -> None:
    raw = DS059358.read_bytes()
    expected = decode_jsonstat(DS059358)
    for form in (raw, bytearray(raw), raw.decode(), json.loads(raw), gzip.compress(raw)):
        assert decode_jsonstat(form) == expected
    assert decode_jsonstat(raw, dropna=False) != expected


def test_jsonstatdata_is_frozen_and_keyword_only() -> None:
    data = decode_jsonstat(UNE)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        data.label = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        JsonStatData(data.frame)  # type: ignore[call-arg]
    assert isinstance(hash(data), int)
    assert attrs.evolve(data, label="other") != data


def test_unsupported_argument_type() -> None:
    with pytest.raises(TypeError, match="not int"):
        read_jsonstat(3)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# malformed input: FormatError naming what and where


def small_doc() -> dict[str, Any]:
    return {
        "version": "2.0",
        "class": "dataset",
        "id": ["geo", "time"],
        "size": [2, 3],
        "dimension": {
            "geo": {"label": "Geo", "category": {"index": {"BE": 0, "NL": 1}, "label": {"BE": "Belgium"}}},
            "time": {"category": {"index": ["2022", "2023", "2024"]}},
        },
        "value": {"0": 1.5, "4": 2, "5": ":C"},
        "status": {"1": "c", "4": "e"},
    }


def test_small_doc_decodes() -> None:
    frame = read_jsonstat(small_doc())
    assert rows_of(frame) == [
        ("BE", "2022", 1.5, None),
        ("BE", "2023", "NaN", "c"),
        ("NL", "2023", 2.0, "e"),
        ("NL", "2024", "NaN", "C"),
    ]


def mutate(path: list[Any], new: Any) -> dict[str, Any]:
    doc = small_doc()
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    if new is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = new
    return doc


DELETE = object()


@pytest.mark.parametrize(
    ("path", "new", "pattern"),
    [
        (["id"], ["geo"], "'id' names 1 dimensions but 'size' has 2"),
        (["id"], ["geo", "geo"], "dimension 'geo' appears twice"),
        (["id"], "geo", "'id' must be an array"),
        (["size"], [2, "3.0"], "'size' must be an array of non-negative integers"),
        (["size"], [2, "-3"], "'size' must be an array of non-negative integers"),
        (["size"], [2, " 3"], "'size' must be an array of non-negative integers"),
        (["size"], [2, ""], "'size' must be an array of non-negative integers"),
        (["size"], [2, "\u0663"], "'size' must be an array of non-negative integers"),  # Arabic-Indic 3
        (["size"], [2, -3], "'size' must be an array of non-negative integers"),
        (["size"], [2, True], "'size' must be an array of non-negative integers"),
        (["size"], [2, 4], "dimension 'time': 3 categories, but 'size' says 4"),
        (["value"], [1, 2, 3], "'value' has 3 entries but the sizes \\[2, 3\\] make 6 cells"),
        (["value"], 5, "'value' must be an object or an array"),
        (["value", "6"], 1.0, "value key '6' is out of range: the cube has 6 cells"),
        (["value", "-1"], 1.0, "value key '-1' is not a non-negative integer index"),
        (["value", "1.5"], 1.0, "value key '1.5' is not a non-negative integer index"),
        (["value", "01"], 1.0, "value key '01' is not a non-negative integer index"),
        (["value", " 1"], 1.0, "value key ' 1' is not a non-negative integer index"),
        (["value", "1_0"], 1.0, "value key '1_0' is not a non-negative integer index"),
        (["value", ""], 1.0, "value key '' is not a non-negative integer index"),
        (["value", "99999999999999999999999"], 1.0, "value key '99999999999999999999999' is out of range"),
        (["value", "3"], True, "value at key '3' is a boolean"),
        (["value", "3"], [1], "value at key '3' is an array"),
        (["value", "3"], "12,3", "value at key '3' is the string '12,3'"),
        (["status"], 5, "'status' must be a string, an object or an array"),
        (["status"], ["e", "b"], "'status' has 2 entries but the sizes"),
        (["status"], [7], "status at position 0 is an integer"),
        (["status", "2"], 7, "status at key '2' is an integer"),
        (["status", "x"], "e", "status key 'x' is not a non-negative integer index"),
        (["status"], {"": "e"}, "status key '' is not a non-negative integer index"),
        (["status"], {"": None}, "status key '' is not a non-negative integer index"),
        (["dimension"], [], "'dimension' must be an object"),
        (["dimension", "time"], DELETE, "dimension 'time' is listed in 'id' but missing"),
        (["dimension", "time", "category"], DELETE, "dimension 'time': 'category' must be an object"),
        (["dimension", "time", "category", "index"], ["2022", "2022", "2024"], "'2022' appears twice"),
        (["dimension", "time", "category", "index"], ["2022", 2023, "2024"], r"category.index\[1\] must be a string"),
        (["dimension", "geo", "category", "index"], {"BE": 0, "NL": 0}, "'BE' and 'NL' share position 0"),
        (["dimension", "geo", "category", "index"], {"BE": 0, "NL": 2}, r"category.index\['NL'\] = 2 is out of range"),
        (["dimension", "geo", "category", "index"], {"BE": 0, "NL": "1"}, "must be an integer position"),
        (["dimension", "geo", "category", "index"], "BE", "category.index must be an array or an object"),
        (["dimension", "time", "category", "index"], DELETE, "category.index is missing"),
        (["dimension", "geo", "category", "index"], DELETE, "1 categories, but .size. says 2"),
        (["dimension", "geo", "category", "label"], {"XX": "x"}, "names code 'XX', which is not in category.index"),
        (["dimension", "geo", "category", "label"], {"BE": 1}, "must map a string to a string"),
        (["dimension", "geo", "label"], 3, "dimension 'geo': 'label' must be a string"),
        (["class"], "collection", "'class' is 'collection'"),
        (["id"], DELETE, "'id' is missing"),
        (["label"], 3, "'label' must be a string"),
        (["extension"], [], "'extension' must be an object"),
        (["extension"], {"status": {"label": {"e": 1}}}, "extension.status.label"),
        (["extension"], {"positions-with-no-data": {"geo": [2]}}, r"positions-with-no-data\['geo'\]: 2 is not"),
        (["extension"], {"positions-with-no-data": {"sex": []}}, "names 'sex', which is not a dimension"),
    ],
)
def test_malformed_documents(path: list[Any], new: Any, pattern: str) -> None:
    with pytest.raises(FormatError, match=pattern):
        decode_jsonstat(mutate(path, new))


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("", "not valid JSON"),
        ("{", "not valid JSON.*line 1, column 2"),
        ("[1, 2]", "expected a JSON object.*got an array"),
        ('{"value": NaN}', "NaN is not valid JSON"),
        ('{"class": "dataset"}', "'id' is missing"),
        ("[" * 100_000, "not valid JSON|nested too deeply"),
    ],
)
def test_not_a_dataset(text: str, pattern: str) -> None:
    with pytest.raises(FormatError, match=pattern):
        decode_jsonstat(text)


def test_invalid_utf8_and_bad_gzip() -> None:
    with pytest.raises(FormatError, match="not valid JSON"):
        decode_jsonstat(b'{"a": "\xff"}')
    with pytest.raises(FormatError, match="starts like gzip"):
        decode_jsonstat(gzip.compress(b"{}")[:-6])


def test_infinite_value() -> None:
    with pytest.raises(FormatError, match="value at key '0' is out of range"):
        decode_jsonstat(json.dumps(small_doc()).replace('"0": 1.5', '"0": 1e999'))
    doc = small_doc()
    doc["value"]["0"] = 10**400
    with pytest.raises(FormatError, match="value at key '0' is out of range"):
        decode_jsonstat(doc)


def test_single_category_with_label_only() -> None:
    doc = small_doc()
    doc["id"], doc["size"] = ["freq", *doc["id"]], [1, *doc["size"]]
    doc["dimension"]["freq"] = {"label": "Frequency", "category": {"label": {"A": "Annual"}}}
    frame = read_jsonstat(doc)
    assert list(frame["freq"].cat.categories) == ["A"]
    assert len(frame) == 4


def test_array_forms_and_global_status() -> None:
    doc = small_doc()
    doc["value"] = [1.0, None, 3, None, ":", "7 p"]
    doc["status"] = "e"
    doc["dimension"]["geo"]["category"]["index"] = ["NL", "BE"]
    assert rows_of(read_jsonstat(doc)) == [
        ("NL", "2022", 1.0, "e"),
        ("NL", "2024", 3.0, "e"),
        ("BE", "2023", "NaN", "e"),  # ":" has a value entry, so the global status applies
        ("BE", "2024", 7.0, "e"),  # the cell's own status beats the flag in "7 p"
    ]
    doc["status"] = [None, "x", None, "", None, None]
    assert rows_of(read_jsonstat(doc)) == [
        ("NL", "2022", 1.0, None),
        ("NL", "2023", "NaN", "x"),
        ("NL", "2024", 3.0, None),
        ("BE", "2024", 7.0, "p"),
    ]


def test_empty_value_and_size_zero() -> None:
    doc = small_doc()
    doc["value"], doc["status"] = {}, {}
    frame = read_jsonstat(doc)
    assert len(frame) == 0
    assert list(frame.columns) == ["geo", "time", "value", "status"]
    assert len(read_jsonstat(doc, dropna=False)) == 6
    doc["size"] = [2, 0]
    doc["dimension"]["time"]["category"]["index"] = {}
    frame = read_jsonstat(doc, dropna=False)
    assert len(frame) == 0
    assert isinstance(frame["time"].dtype, pd.CategoricalDtype)


def test_unsorted_keys_give_rows_in_cube_order() -> None:
    doc = small_doc()
    doc["value"] = {"5": 6.0, "0": 1.0, "3": 4.0}
    del doc["status"]
    assert [r[2] for r in rows_of(read_jsonstat(doc))] == [1.0, 4.0, 6.0]


# ---------------------------------------------------------------------------------------------
# Hypothesis: random valid documents against a slow reference decoder

#: String cells and what they mean (value, flags), written out by hand.
STRING_CELLS: dict[str, tuple[float, str | None]] = {
    ":C": (math.nan, "C"),
    ":": (math.nan, None),
    ": c": (math.nan, "c"),
    "KG": (math.nan, "KG"),
    "12.5": (12.5, None),
    "0n": (0.0, "n"),
    "3 e": (3.0, "e"),
    "-1e3 p": (-1000.0, "p"),
    "": (math.nan, None),
}

DIM_IDS = ["freq", "indic_is", "unit", "size_emp", "nace_r2", "geo", "time", "sex"]
CODES = st.one_of(
    st.text(alphabet="ABCZ_019-", min_size=1, max_size=4),
    st.sampled_from(["NA", "nan", "None", "0", "01", "EU27_2020", "É", "C10-S951_X_K"]),
)
cell_values = st.one_of(
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**15), 10**15),
    st.sampled_from(sorted(STRING_CELLS)),
)
status_strings = st.sampled_from(["e", "p", "|C", "b", "", "C"])


@st.composite
def jsonstat_docs(draw: st.DrawFn) -> dict[str, Any]:
    n_dims = draw(st.integers(1, 4))
    ids = draw(st.lists(st.sampled_from(DIM_IDS), min_size=n_dims, max_size=n_dims, unique=True))
    sizes = [draw(st.integers(1, 4)) for _ in ids]
    if draw(st.integers(0, 19)) == 0:
        sizes[draw(st.integers(0, n_dims - 1))] = 0
    dimension: dict[str, Any] = {}
    for dim_id, size in zip(ids, sizes, strict=True):
        codes = draw(st.lists(CODES, min_size=size, max_size=size, unique=True))
        labelled = draw(st.lists(st.sampled_from(codes), unique=True)) if codes else []
        category: dict[str, Any] = {}
        form = draw(st.sampled_from(["array", "object", "label-only"]))
        if form == "label-only" and size == 1:
            category["label"] = {codes[0]: f"label of {codes[0]}"}
        else:
            if form == "array":
                category["index"] = codes
            else:
                order = draw(st.permutations(list(range(size))))
                category["index"] = {codes[i]: i for i in order}
            with_labels = draw(st.booleans())
            if labelled or with_labels:
                category["label"] = {c: f"label of {c}" for c in labelled}
        dim: dict[str, Any] = {"category": category}
        if draw(st.booleans()):
            dim["label"] = f"Dimension {dim_id}"
        dimension[dim_id] = dim
    total = math.prod(sizes)
    cells = draw(st.lists(cell_values, min_size=total, max_size=total))
    doc: dict[str, Any] = {"version": "2.0", "class": "dataset", "id": ids, "size": sizes, "dimension": dimension}
    if draw(st.booleans()):
        doc["value"] = cells
    else:
        keys = [i for i, c in enumerate(cells) if c is not None or draw(st.integers(0, 9)) == 0]
        keys = draw(st.permutations(keys))
        doc["value"] = {str(i): cells[i] for i in keys}
    status_form = draw(st.sampled_from(["none", "string", "array", "object"]))
    if status_form == "string":
        doc["status"] = draw(status_strings)
    elif status_form == "array":
        doc["status"] = draw(st.lists(st.one_of(st.none(), status_strings), min_size=total, max_size=total))
    elif status_form == "object":
        keys = draw(st.lists(st.integers(0, max(total - 1, 0)), unique=True)) if total else []
        doc["status"] = {str(i): draw(st.one_of(st.none(), status_strings)) for i in keys}
    if draw(st.booleans()):
        doc["extension"] = {"positions-with-no-data": {i: [] for i in ids}, "status": {"label": {"e": "estimated"}}}
    return doc


def reference_rows(doc: dict[str, Any], dropna: bool) -> list[Row]:
    """A slow, cell-by-cell decoder written from the JSON-stat spec and the module docstring."""
    ids, sizes = doc["id"], doc["size"]
    codes: dict[str, list[str]] = {}
    for dim_id in ids:
        category = doc["dimension"][dim_id]["category"]
        index = category.get("index")
        if index is None:
            codes[dim_id] = list(category["label"])
        elif isinstance(index, list):
            codes[dim_id] = list(index)
        else:
            codes[dim_id] = sorted(index, key=index.__getitem__)
    value, status = doc["value"], doc.get("status")
    rows: list[Row] = []
    for flat in range(math.prod(sizes)):
        coords, rest = [], flat
        for size in reversed(sizes):
            coords.append(rest % size)
            rest //= size
        coords.reverse()
        cell = value[flat] if isinstance(value, list) else value.get(str(flat))
        own: str | None
        if isinstance(status, str):
            own = status if cell is not None else None
        elif isinstance(status, list):
            own = status[flat]
        elif isinstance(status, dict):
            own = status.get(str(flat))
        else:
            own = None
        own = own or None
        if cell is None:
            number, flags = math.nan, None
        elif isinstance(cell, str):
            number, flags = STRING_CELLS[cell]
        else:
            number, flags = float(cell), None
        final_status = own if own is not None else flags
        if dropna and math.isnan(number) and final_status is None:
            continue
        dims = tuple(codes[d][c] for d, c in zip(ids, coords, strict=True))
        rows.append((*dims, "NaN" if math.isnan(number) else number, final_status))
    return rows


@given(doc=jsonstat_docs(), dropna=st.booleans(), form=st.sampled_from(["dict", "str", "bytes"]))
def test_random_documents_match_the_reference(doc: dict[str, Any], dropna: bool, form: str) -> None:
    data: Any = {"dict": doc, "str": json.dumps(doc), "bytes": json.dumps(doc).encode()}[form]
    decoded = decode_jsonstat(data, dropna=dropna)
    frame = decoded.frame
    assert rows_of(frame) == reference_rows(doc, dropna)
    assert list(frame.columns) == [*doc["id"], "value", "status"]
    assert frame["value"].dtype == np.float64
    for dim_id in doc["id"]:
        category = doc["dimension"][dim_id]["category"]
        index = category.get("index")
        if index is None:
            expected = list(category["label"])
        elif isinstance(index, list):
            expected = index
        else:
            expected = sorted(index, key=index.__getitem__)
        assert list(frame[dim_id].cat.categories) == expected
    statuses = list(frame["status"].cat.categories)
    assert statuses == sorted(statuses)
    assert decoded.dimension_names == {d: doc["dimension"][d].get("label", d) for d in doc["id"]}


# ---------------------------------------------------------------------------------------------
# Hypothesis: corruptions raise FormatError (or decode), never anything else


def json_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            paths += json_paths(child, (*prefix, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            paths += json_paths(child, (*prefix, i))
    return paths


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**20) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=6,
)


@given(doc=jsonstat_docs(), data=st.data())
def test_structural_corruptions_raise_format_error(doc: dict[str, Any], data: st.DataObject) -> None:
    paths = json_paths(doc)
    assume(paths)
    path = data.draw(st.sampled_from(paths))
    corrupted = copy.deepcopy(doc)
    parent: Any = corrupted
    for key in path[:-1]:
        parent = parent[key]
    if isinstance(parent, dict) and data.draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(json_values)
    if isinstance(parent, dict) and data.draw(st.booleans()):
        parent[data.draw(st.text(max_size=4))] = data.draw(json_values)
    try:
        result = decode_jsonstat(corrupted, dropna=data.draw(st.booleans()))
    except FormatError:
        return
    assert isinstance(result, JsonStatData)


@given(doc=jsonstat_docs(), data=st.data())
def test_byte_corruptions_raise_format_error(doc: dict[str, Any], data: st.DataObject) -> None:
    raw = bytearray(json.dumps(doc).encode())
    for _ in range(data.draw(st.integers(1, 4))):
        action = data.draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        pos = data.draw(st.integers(0, max(len(raw) - 1, 0)))
        if action == "flip" and raw:
            raw[pos] = data.draw(st.integers(0, 255))
        elif action == "insert":
            raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=3))
        elif action == "delete" and raw:
            del raw[pos]
        else:
            del raw[pos:]
    try:
        decode_jsonstat(bytes(raw))
    except FormatError:
        return
