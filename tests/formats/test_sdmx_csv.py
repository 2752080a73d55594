"""Tests of adoptstats.formats.sdmx_csv: both versions, labels, errors naming line and column, Hypothesis.

The files here are constructed: they follow the 34-column layout the OECD documents for
``format=csvfilewithlabels`` ("ICT Access and Usage by Businesses"), with made-up values.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoptstats.errors import FormatError
from adoptstats.formats import SdmxCsvData, read_sdmx_csv, sdmx_csv

FLOW = "OECD.STI.DEP:DSD_ICT_B@DF_BUSINESSES(1.0)"
LABELLED_HEADER = [
    "STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION", "REF_AREA", "Reference area", "FREQ",
    "Frequency of observation", "MEASURE", "Measure", "UNIT_MEASURE", "Unit of measure", "ACTIVITY",
    "Economic activity", "SIZE_CLASS", "Employment size class", "TIME_PERIOD", "Time period", "OBS_VALUE",
    "Observation value", "OBS_STATUS", "Observation status", "OBS_STATUS_2", "Observation status 2",
    "OBS_STATUS_3", "Observation status 3", "UNIT_MULT", "Unit multiplier", "TIME_HORIZON_USE", "Time horizon",
    "DECIMALS", "Decimals", "BREAKDOWN_V7", "V7 Breakdowns",
]  # fmt: skip
# (area, area label, measure, year, value, status, status 2)
ROWS = [
    ("BEL", "Belgium", "B1_B", "2023", "81.5", "A", ""),
    ("MEX", "Mexico", "B1_B", "2023", "", "M", ""),
    ("NLD", "Netherlands", "B1_B", "2023", "85.25", "B", "D"),
    ("NLD", "Netherlands", "B1_B", "2022", "", "", ""),
]
DIMS = ["REF_AREA", "FREQ", "MEASURE", "UNIT_MEASURE", "ACTIVITY", "SIZE_CLASS", "TIME_PERIOD"]


def labelled(rows: list[tuple[str, ...]] = ROWS, lineterminator: str = "\r\n") -> bytes:
    """A constructed file in the documented 34-column shape."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow(LABELLED_HEADER)
    for area, area_label, measure, year, value, status, status2 in rows:
        writer.writerow(
            [
                "DATAFLOW", FLOW, "ICT Access and Usage by Businesses", "I", area, area_label, "A", "Annual",
                measure, "Enterprises having a website, as a share", "PT_ENT", "Percentage of enterprises", "_T",
                "Total", "S_GE10", "10 persons employed or more", year, "", value, "", status,
                {"A": "Normal value", "B": "Time series break", "M": "Missing value", "": ""}[status], status2,
                "Definition differs" if status2 else "", "", "", "0", "Units", "", "", "2", "Two", "", "",
            ]
        )  # fmt: skip
    return out.getvalue().encode()


def plain_of(data: bytes) -> bytes:
    """The same file without the label columns (``format=csvfile``)."""
    rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
    leading = ("STRUCTURE", "STRUCTURE_ID", "ACTION")
    keep = [i for i, name in enumerate(rows[0]) if name in leading or (i >= 4 and i % 2 == 0)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[i] for i in keep] for r in rows])
    return out.getvalue().encode()


def general_only(data: Any, **kwargs: Any) -> SdmxCsvData:
    """``read_sdmx_csv`` with the fast path switched off."""
    with mock.patch.object(sdmx_csv, "_tokenise_fast", return_value=None):
        return read_sdmx_csv(data, **kwargs)


def test_documented_34_column_shape() -> None:
    data = read_sdmx_csv(labelled())
    frame = data.frame
    assert list(frame.columns) == [
        *DIMS, "value", "status", "OBS_STATUS_2", "OBS_STATUS_3", "UNIT_MULT", "TIME_HORIZON_USE", "DECIMALS",
        "BREAKDOWN_V7",
    ]  # fmt: skip
    # the row with neither value nor status is dropped; the missing value with status M is kept
    assert frame["REF_AREA"].astype(str).tolist() == ["BEL", "MEX", "NLD"]
    assert frame["value"].tolist()[0] == 81.5 and math.isnan(frame["value"].tolist()[1])
    assert frame["status"].astype(object).tolist() == ["A", "M", "B"]
    assert frame["OBS_STATUS_2"].astype(object).where(frame["OBS_STATUS_2"].notna(), None).tolist() == [None, None, "D"]
    assert frame["DECIMALS"].astype(str).tolist() == ["2", "2", "2"]
    for name in [*DIMS, "status", "DECIMALS"]:
        assert isinstance(frame[name].dtype, pd.CategoricalDtype)
        cats = list(frame[name].cat.categories)
        assert cats == sorted(cats)
    assert frame["value"].dtype == np.float64
    assert data.version == "2.0"
    assert data.structures == (FLOW,)
    assert data.structure_names == {FLOW: "ICT Access and Usage by Businesses"}
    assert data.dimensions == tuple(DIMS)
    assert data.attributes[0] == "OBS_STATUS"
    assert data.names["REF_AREA"] == "Reference area"
    assert data.labels["REF_AREA"] == {"BEL": "Belgium", "MEX": "Mexico", "NLD": "Netherlands"}
    assert data.labels["OBS_STATUS"] == {"A": "Normal value", "B": "Time series break", "M": "Missing value"}
    assert data.labels["TIME_PERIOD"] == {}  # empty labels are left out


def test_plain_and_labelled_give_the_same_frame() -> None:
    with_labels = read_sdmx_csv(labelled())
    plain = read_sdmx_csv(plain_of(labelled()))
    assert plain.frame.equals(with_labels.frame)
    assert plain.labels == {} and plain.names == {}
    assert plain.structure_names == {}


def test_version_1_with_dataflow_column() -> None:
    text = (
        "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_FLAG\nESTAT:ISOC(1.0),BE,2023,60.9,\nESTAT:ISOC(1.0),NL,2023,,c\n"
    )
    data = read_sdmx_csv(text)
    assert data.version == "1.0"
    assert data.structures == ("ESTAT:ISOC(1.0)",)
    assert list(data.frame.columns) == ["REF_AREA", "TIME_PERIOD", "value", "status"]
    assert data.frame["status"].astype(object).where(data.frame["status"].notna(), None).tolist() == [None, "c"]


def test_no_status_column_gives_an_empty_status() -> None:
    frame = read_sdmx_csv("STRUCTURE,STRUCTURE_ID,REF_AREA,TIME_PERIOD,OBS_VALUE\nDATAFLOW,X,BEL,2023,1\n").frame
    assert frame["status"].isna().all() and isinstance(frame["status"].dtype, pd.CategoricalDtype)


def test_inputs_bytes_str_gzip_path_and_bom(tmp_path: Path) -> None:
    raw = labelled()
    expected = read_sdmx_csv(raw).frame
    path = tmp_path / "oecd.csv"
    path.write_bytes(b"\xef\xbb\xbf" + raw)
    for data in (raw.decode(), gzip.compress(raw), path, bytearray(raw), memoryview(raw)):
        assert read_sdmx_csv(data).frame.equals(expected)
    with pytest.raises(TypeError):
        read_sdmx_csv(12)  # type: ignore[arg-type]


def test_dropna_false_keeps_every_row() -> None:
    assert len(read_sdmx_csv(labelled(), dropna=False).frame) == 4


def test_labels_can_be_forced() -> None:
    raw = b"DATAFLOW,REF_AREA,Area,TIME_PERIOD,Time,OBS_VALUE,Value\nX,BEL,Belgium,2023,,1.5,\n"
    data = read_sdmx_csv(raw, labels=True)
    assert data.labels["REF_AREA"] == {"BEL": "Belgium"}
    assert list(data.frame.columns) == ["REF_AREA", "TIME_PERIOD", "value", "status"]
    with pytest.raises(FormatError, match="odd number"):
        read_sdmx_csv(b"DATAFLOW,REF_AREA,Area,TIME_PERIOD,Time,OBS_VALUE\n", labels=True)


def test_quoted_line_breaks_and_commas_in_labels() -> None:
    rows = [("BEL", "Belgium,\nKingdom of", "B1_B", "2023", "81.5", "A", "")]
    for reader in (read_sdmx_csv, general_only):
        data = reader(labelled(rows))
        assert data.labels["REF_AREA"] == {"BEL": "Belgium,\nKingdom of"}
        assert data.frame["value"].tolist() == [81.5]


def test_header_only_gives_an_empty_frame() -> None:
    data = read_sdmx_csv(",".join(LABELLED_HEADER) + "\r\n")
    assert len(data.frame) == 0
    assert list(data.frame.columns)[:8] == [*DIMS, "value"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file"),
        ("REF_AREA,TIME_PERIOD,OBS_VALUE\nBEL,2023,1\n", r"line 1, column 1: SDMX-CSV starts with DATAFLOW"),
        ("DATAFLOW,REF_AREA,OBS_VALUE\nX,BEL,1\n", "line 1: no TIME_PERIOD column"),
        ("DATAFLOW,REF_AREA,TIME_PERIOD\nX,BEL,1\n", "line 1: no OBS_VALUE column"),
        ("DATAFLOW,REF_AREA,TIME_PERIOD,OBS_STATUS,OBS_VALUE\n", "OBS_VALUE must directly follow"),
        (
            "DATAFLOW,REF_AREA,REF_AREA,TIME_PERIOD,OBS_VALUE\n",
            "line 1, column 3: component 'REF_AREA' repeats column 2",
        ),
        ("DATAFLOW,value,TIME_PERIOD,OBS_VALUE\n", "line 1, column 2: component 'value' clashes"),
        ("DATAFLOW,REF_AREA: Area,TIME_PERIOD,OBS_VALUE\n", "labels=both"),
        ("DATAFLOW,,TIME_PERIOD,OBS_VALUE\n", "line 1, column 2: component id '' is empty"),
        ('DATAFLOW,"REF_AREA,TIME_PERIOD,OBS_VALUE\n', "line 1: the header is not valid CSV"),
        ("DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nX,BEL,2023\n", "line 2: 3 fields, but the header has 4"),
        ("DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nX,BEL,2023,1\nX,NLD,2023,1,9\n", "line 3: 5 fields"),
        (
            "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nX,BEL,2023,1\nX,,2023,2\n",
            r"line 3, column 2 \(REF_AREA\): empty code",
        ),
        ("DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nX,BEL,2023,1\nX,NLD,2023,1,5\n", "line 3: 5 fields"),
        (
            "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\r\nX,BEL,2023,12;5\r\n",
            r"line 2, column 4 \(OBS_VALUE\): cannot read value '12;5'",
        ),
        ("DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nX,BEL,2023,1e999\n", "number out of range"),
        (
            "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nX,BEL,2023,1\n\nX,BEL,2023,2\n",
            "line 4, column 2 .*repeats line 2",
        ),
    ],
)
def test_errors_name_line_and_column(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message) as info:
        read_sdmx_csv(text)
    assert str(info.value).startswith("SDMX-CSV")


def test_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nX,BEL,2023,\xff\n")
    with pytest.raises(FormatError, match=r"bad\.csv'.*line 2: not valid UTF-8"):
        read_sdmx_csv(path)
    with pytest.raises(FormatError, match="does not decompress"):
        read_sdmx_csv(b"\x1f\x8b" + b"junk")


# --------------------------------------------------------------------------------------------
# Hypothesis: valid files read back exactly, by both paths

_CODE = st.text(alphabet="ABCXYZ_019.-", min_size=1, max_size=4)
_LABEL = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00\r"), max_size=6)
_VALUE = st.one_of(
    st.just(""),
    st.just("NaN"),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
    st.integers(-(10**6), 10**6).map(str),
)


@st.composite
def sdmx_files(draw: st.DrawFn) -> tuple[bytes, list[dict[str, str]], bool]:
    """A valid SDMX-CSV file, its observations, and whether it has label columns."""
    n_dims = draw(st.integers(1, 3))
    dims = [f"D{i}" for i in range(n_dims)]
    keys = draw(st.lists(st.tuples(*[_CODE] * (n_dims + 1)), unique=True, max_size=12))
    with_labels = draw(st.booleans())
    version2 = draw(st.booleans()) or with_labels
    attrs_ = ["OBS_STATUS", "DECIMALS"][: draw(st.integers(0, 2))]
    head = (
        (["STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION"] if with_labels else ["STRUCTURE", "STRUCTURE_ID"])
        if version2
        else ["DATAFLOW"]
    )
    components = [*dims, "TIME_PERIOD", "OBS_VALUE", *attrs_]
    header = list(head)
    for c in components:
        header += [c, f"{c} label"] if with_labels else [c]
    rows: list[dict[str, str]] = []
    lines = [header]
    for key in keys:
        obs = dict(zip([*dims, "TIME_PERIOD"], key, strict=True))
        obs["OBS_VALUE"] = draw(_VALUE)
        for a in attrs_:
            obs[a] = draw(st.sampled_from(["", "A", "B", "2"]))
        rows.append(obs)
        line = ["DATAFLOW", "F:X(1.0)", "Flow", "I"][: len(head)] if version2 else ["F:X(1.0)"]
        for c in components:
            line += [obs[c], draw(_LABEL)] if with_labels else [obs[c]]
        lines.append(line)
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(lines)
    return out.getvalue().encode(), rows, with_labels


@settings(deadline=None)
@given(sdmx_files())
def test_valid_files_read_back_exactly(case: tuple[bytes, list[dict[str, str]], bool]) -> None:
    raw, rows, _ = case
    fast = read_sdmx_csv(raw, dropna=False)
    general = general_only(raw, dropna=False)
    assert fast.frame.equals(general.frame)
    assert fast.labels == general.labels
    frame = fast.frame
    assert len(frame) == len(rows)
    for i, obs in enumerate(rows):
        for dim in [c for c in obs if (c[:1] == "D" and c[1:].isdigit()) or c == "TIME_PERIOD"]:
            assert frame[dim].iloc[i] == obs[dim]
        expected = float(obs["OBS_VALUE"]) if obs["OBS_VALUE"] not in ("", "NaN") else math.nan
        got = float(frame["value"].iloc[i])
        assert got == expected or (math.isnan(got) and math.isnan(expected))
        if "OBS_STATUS" in obs:
            status = frame["status"].iloc[i]
            assert (status if isinstance(status, str) else "") == obs["OBS_STATUS"]
