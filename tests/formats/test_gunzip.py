"""Decompressing gzip input: python-isal when installed, the standard library's messages always."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adoptstats.errors import FormatError
from adoptstats.formats import read_jsonstat, read_sdmx_tsv
from adoptstats.formats import sdmx_tsv as sdmx_tsv_module

TSV = b"freq,geo\\TIME_PERIOD\t2023 \t2024 \r\nA,BE\t60.9 \t65.2 e\r\nA,NL\t: \t:C\r\n"
FIRST = gzip.compress(TSV, mtime=0)
SECOND = gzip.compress(b"A,LU\t1 \t2 \r\n", mtime=0)

# (data, what the standard library makes of it): the same with python-isal
CASES = {
    "two members": FIRST + SECOND,
    "trailing zeros": FIRST + b"\0\0\0\0",
    "trailing garbage": FIRST + b"xyz",
    "one byte of a second member": FIRST + b"\x1f",
    "truncated": FIRST[:-3],
    "bad CRC": FIRST[:-8] + bytes([FIRST[-8] ^ 1]) + FIRST[-7:],
    "bad length": FIRST[:-1] + bytes([FIRST[-1] ^ 1]),
    "damaged body": FIRST[:20] + bytes([FIRST[20] ^ 0x55]) + FIRST[21:],
    "not gzip after the magic": b"\x1f\x8bnot gzip at all",
}


def outcome(read: Callable[[bytes], object], data: bytes) -> str:
    try:
        read(data)
    except FormatError as exc:
        return f"error: {exc}"
    return "read"


@pytest.mark.parametrize("name", list(CASES))
def test_gunzip_agrees_with_the_standard_library(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = CASES[name]
    try:
        expected: bytes | None = gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        expected = None
    if expected is None:
        with pytest.raises(FormatError, match="SDMX TSV: the data starts like gzip but does not decompress: ") as exc:
            sdmx_tsv_module.gunzip(data, "SDMX TSV")
        message = str(exc.value)
    else:
        assert sdmx_tsv_module.gunzip(data, "SDMX TSV") == expected
    tsv_fast = outcome(read_sdmx_tsv, data)
    json_fast = outcome(read_jsonstat, data)
    monkeypatch.setattr(sdmx_tsv_module, "_fast_gunzip", lambda: None)
    if expected is None:
        with pytest.raises(FormatError) as exc:
            sdmx_tsv_module.gunzip(data, "SDMX TSV")
        assert str(exc.value) == message  # the standard library's message, whoever failed first
    assert outcome(read_sdmx_tsv, data) == tsv_fast
    assert outcome(read_jsonstat, data) == json_fast


def test_two_members_read_as_one_file() -> None:
    frame = read_sdmx_tsv(CASES["two members"])
    assert sorted(frame["geo"].astype(str).unique()) == ["BE", "LU", "NL"]


@given(cut=st.integers(0, len(FIRST)), flip=st.integers(0, len(FIRST) - 1), bit=st.integers(0, 7))
def test_damaged_gzip_is_read_or_refused_as_the_standard_library_does(cut: int, flip: int, bit: int) -> None:
    data = bytearray(FIRST[:cut] if cut > 2 else FIRST)
    if flip < len(data):
        data[flip] ^= 1 << bit
    data = bytes(data)
    if data[:2] != b"\x1f\x8b":
        return
    try:
        expected: bytes | str = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        expected = f"SDMX TSV: the data starts like gzip but does not decompress: {exc}"
    try:
        got: bytes | str = sdmx_tsv_module.gunzip(data, "SDMX TSV")
    except FormatError as exc:
        got = str(exc)
    assert got == expected
