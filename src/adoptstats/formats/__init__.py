"""Readers for statistical data formats, shared by the core and by source plugins.

- :func:`read_jsonstat` / :func:`decode_jsonstat`: JSON-stat 2.0 datasets (Eurostat's
  statistics API), with the metadata in :class:`JsonStatData`.
- :func:`read_sdmx_tsv`: SDMX TSV ("bulk download") files, plain or gzip-compressed.
- :func:`read_sdmx_csv`: SDMX-CSV 1.0 and 2.0 (the OECD's ``csvfile`` and
  ``csvfilewithlabels``), with labels alongside in :class:`SdmxCsvData`.

All return the same tidy frame: one categorical column per dimension (the time dimension
last, as ``time`` in TSV, ``TIME_PERIOD`` in SDMX-CSV), ``value`` (float64) and ``status``
(categorical); SDMX-CSV adds its other attributes (``DECIMALS`` ...) after ``status``. The
same data read from JSON-stat or TSV gives equal frames (after sorting rows and categories). Malformed
input raises :class:`adoptstats.errors.FormatError`.
"""

from __future__ import annotations

from adoptstats.formats.jsonstat import JsonStatData, JsonStatInput, decode_jsonstat, read_jsonstat
from adoptstats.formats.sdmx_csv import SdmxCsvData, SdmxCsvInput, read_sdmx_csv
from adoptstats.formats.sdmx_tsv import read_sdmx_tsv

__all__ = [
    "JsonStatData",
    "JsonStatInput",
    "SdmxCsvData",
    "SdmxCsvInput",
    "decode_jsonstat",
    "read_jsonstat",
    "read_sdmx_csv",
    "read_sdmx_tsv",
]
