"""Rows as file text: a CSV line, a YAML item, and the templates for new files."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence

from adoptstats_manual.schema import COLUMN_NAMES, COLUMNS

__all__ = ["EXAMPLE", "csv_line", "template", "yaml_item"]

#: The example row of the templates: La Libre Belgique's report of the Regus survey of 2010.
EXAMPLE: dict[str, str] = {c.name: c.example for c in COLUMNS if c.example}

# Characters YAML does not allow raw in a file, or reads as line breaks: written as escapes.
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\u2028\u2029\ufffe\uffff]")


def _yaml_string(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def csv_line(columns: Sequence[str], fields: Mapping[str, str], newline: str = "\n", delimiter: str = ",") -> str:
    """One CSV line with the cells of ``fields`` in the order of ``columns`` (quoted as needed)."""
    out = io.StringIO()
    # the writer quotes cells holding a character of its line terminator: with "\r\n" a cell
    # holding a lone "\r" (or "\n") is quoted too, whatever the file's own line ending
    csv.writer(out, lineterminator="\r\n", delimiter=delimiter).writerow([fields.get(c, "") for c in columns])
    return out.getvalue().removesuffix("\r\n") + newline


def yaml_item(fields: Mapping[str, str], column: int = 2, newline: str = "\n") -> str:
    """One item of a YAML list, its ``-`` at ``column``; every value is a double-quoted string.

    Double quotes keep each value text exactly as given (``"60.90"``, ``"no"``,
    ``"2010"``); a JSON string is a valid YAML double-quoted scalar.
    """
    pad = " " * column
    lines = [
        f"{pad}{'- ' if i == 0 else '  '}{name}: {_yaml_string(fields[name])}"
        for i, name in enumerate(n for n in COLUMN_NAMES if fields.get(n, "").strip())
    ]
    return newline.join(lines) + newline


def template(format: str = "csv", *, example: bool = True) -> str:
    """The text of a new manual file: the CSV header, or the YAML skeleton, with one real example row.

    The example is La Libre Belgique's figure for Belgium-Luxembourg (27 %), with its
    citation; it validates and loads as it is.  ``example=False`` gives the header only.
    """
    if format == "csv":
        return csv_line(COLUMN_NAMES, dict(zip(COLUMN_NAMES, COLUMN_NAMES, strict=True))) + (
            csv_line(COLUMN_NAMES, EXAMPLE) if example else ""
        )
    if format == "yaml":
        head = (
            "# adoptstats manual figures: one item per figure, each with its citation.\n"
            "# Columns and value strings: 'adoptstats manual add --help'.\n"
            "figures:\n"
        )
        return head + (yaml_item(EXAMPLE) if example else "")
    raise ValueError(f"format must be 'csv' or 'yaml', not {format!r}")
