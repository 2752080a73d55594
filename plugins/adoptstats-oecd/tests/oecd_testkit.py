"""Shared pieces of the OECD plugin's tests: the constructed payloads and a sleep that records."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
#: The data path of the dataflow, as the plugin asks for it.
DATA_PATH = "/data/OECD.STI.DEP,DSD_ICT_B@DF_BUSINESSES,1.0/"
#: The SDMX-CSV media type.
CSV = "application/vnd.sdmx.data+csv; version=2.0; charset=utf-8"


def payload(name: str) -> bytes:
    """A constructed answer from tests/data (see its README)."""
    return (DATA / name).read_bytes()


class Sleeps(list[float]):
    """A ``sleep`` that records instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
