"""Readers for Eurostat's data formats, shared by the core and by source plugins.

- :func:`read_jsonstat` / :func:`decode_jsonstat`: JSON-stat 2.0 datasets (Eurostat's
  statistics API), with the metadata in :class:`JsonStatData`.
- :func:`read_sdmx_tsv`: SDMX TSV ("bulk download") files, plain or gzip-compressed.

Both return the same tidy frame: one categorical column per dimension (the time dimension
last, as ``time`` in TSV), ``value`` (float64) and ``status`` (categorical), so the same data
read from either format gives equal frames (after sorting rows and categories). Malformed
input raises :class:`adoptstats.errors.FormatError`.
"""

from __future__ import annotations

from adoptstats.formats.jsonstat import JsonStatData, JsonStatInput, decode_jsonstat, read_jsonstat
from adoptstats.formats.sdmx_tsv import read_sdmx_tsv

__all__ = ["JsonStatData", "JsonStatInput", "decode_jsonstat", "read_jsonstat", "read_sdmx_tsv"]
