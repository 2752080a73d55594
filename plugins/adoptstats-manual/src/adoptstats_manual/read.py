"""Reading a manual file, CSV or YAML, into rows of text with their line numbers.

Nothing is interpreted here beyond the file's structure: cells stay text (``"60.90"``
keeps its two decimals) and :mod:`adoptstats_manual.schema` checks their meaning.
YAML is parsed with PyYAML's safe loader only, and only as far as composing nodes:
no Python object is ever constructed from the file.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from pathlib import Path

import attrs
import yaml

from adoptstats import Problem
from adoptstats_manual.schema import COLUMN_NAMES, REQUIRED

__all__ = ["FORMATS", "RawRow", "RawTable", "YamlList", "csv_delimiter", "file_format", "read_table"]

#: File extensions understood, and their format.
FORMATS: dict[str, str] = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}

# PyYAML's safe loader (its C version when installed), used only to compose nodes
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_COMMENT_RE = re.compile(r"^\s*(#.*)?$")


@attrs.frozen(kw_only=True)
class RawRow:
    """One row (CSV) or item (YAML): its text fields and where they are."""

    line: int
    fields: dict[str, str]
    #: Line of each field, when it differs from :attr:`line` (YAML items span several lines).
    lines: dict[str, int] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class YamlList:
    """Where new items go in a YAML file: the column of the ``-`` and whether the list ends the file."""

    column: int
    appendable: bool
    why_not: str = ""


@attrs.frozen(kw_only=True)
class RawTable:
    """A manual file read as text.

    ``problems`` are those of the file as a whole (encoding, syntax, header): when there
    are any, rows cannot be appended safely.  ``row_problems`` are those of single rows
    (a wrong number of cells, an unknown YAML key).
    """

    path: Path
    format: str
    columns: tuple[str, ...] = ()
    rows: tuple[RawRow, ...] = ()
    problems: tuple[Problem, ...] = ()
    row_problems: tuple[Problem, ...] = ()
    empty: bool = False
    newline: str = "\n"
    lines: int = 0
    yaml_list: YamlList | None = None
    #: The CSV separator: ``","``, or ``";"`` as French and Belgian spreadsheet programs save.
    delimiter: str = ","


def file_format(path: Path) -> str | None:
    """``"csv"`` or ``"yaml"`` from the file's extension, or ``None``."""
    return FORMATS.get(path.suffix.lower())


def _unknown_column(name: str) -> str:
    close = difflib.get_close_matches(name, COLUMN_NAMES, n=2, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return f"unknown column{hint} (the columns are: {', '.join(COLUMN_NAMES)})"


def _decode(path: Path, data: bytes) -> str | Problem:
    """The text of a UTF-8 file (a byte-order mark is dropped), or the problem saying where it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = data[exc.start : exc.start + 1]
        return Problem(
            message=(
                f"the file is not UTF-8 text: byte 0x{byte.hex()} cannot be read (in Windows-1252 it would be "
                f"{byte.decode('cp1252', errors='replace')!r}); save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8')"
            ),
            file=str(path),
            line=data.count(b"\n", 0, exc.start) + 1,
        )


def read_table(path: Path, data: bytes) -> RawTable:
    """Read the bytes of a manual file; the format comes from ``path``'s extension."""
    fmt = file_format(path)
    if fmt is None:
        message = f"unknown file type {path.suffix!r}: manual files end in {', '.join(FORMATS)}"
        return RawTable(path=path, format="", problems=(Problem(message=message, file=str(path)),))
    text = _decode(path, data)
    if isinstance(text, Problem):
        return RawTable(path=path, format=fmt, problems=(text,))
    newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1] else "\n"
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    if not text.strip():
        return RawTable(path=path, format=fmt, empty=True, newline=newline, lines=lines)
    table = _read_csv(path, text) if fmt == "csv" else _read_yaml(path, text)
    return attrs.evolve(table, newline=newline, lines=lines)


def csv_delimiter(text: str) -> str:
    """``";"`` when the header line is separated by semicolons, else ``","``.

    Spreadsheet programs set up for French or Belgian users save "CSV" with semicolons
    (the comma being their decimal mark); such files are read as they are.

    >>> csv_delimiter("geo;period;value\\nBE;2010;27,5 %\\n")
    ';'
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") > first.count(",") else ","


def _read_csv(path: Path, text: str) -> RawTable:
    file = str(path)
    delimiter = csv_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[RawRow] = []
    problems: list[Problem] = []
    row_problems: list[Problem] = []
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in cells):
                continue  # blank line, or a row of empty cells left by a spreadsheet
            if header is None:
                header = [c.strip().casefold() for c in cells]
                problems += _check_header(header, file, start)
                continue
            if len(cells) != len(header):
                row_problems.append(
                    Problem(
                        message=(
                            f"this line has {len(cells)} cells but the header has {len(header)} columns; "
                            f"quote values that hold {'semicolons' if delimiter == ';' else 'commas'}, "
                            "and give every line one cell per column"
                        ),
                        file=file,
                        line=start,
                    )
                )
                continue
            rows.append(RawRow(line=start, fields=dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        problems.append(Problem(message=f"not valid CSV: {exc}", file=file, line=reader.line_num))
    return RawTable(
        path=path,
        format="csv",
        columns=tuple(header or ()),
        rows=tuple(rows),
        problems=tuple(problems),
        row_problems=tuple(row_problems),
        delimiter=delimiter,
    )


def _check_header(header: list[str], file: str, line: int) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in header:
        if not name:
            problems.append(
                Problem(message="a column has no name (a stray comma in the header?)", file=file, line=line)
            )
        elif name in seen:
            problems.append(
                Problem(message="the column appears twice in the header", column=name, file=file, line=line)
            )
        elif name not in COLUMN_NAMES:
            problems.append(Problem(message=_unknown_column(name), column=name, file=file, line=line))
        seen.add(name)
    for name in REQUIRED:
        if name not in seen:
            problems.append(
                Problem(message="required column is missing from the header", column=name, file=file, line=line)
            )
    if "url" not in seen and "title" not in seen:
        problems.append(
            Problem(
                message="the header needs a url or a title column for the citations", column="url", file=file, line=line
            )
        )
    return problems


def _read_yaml(path: Path, text: str) -> RawTable:
    file = str(path)
    try:
        root = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        why = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses: it has a position, no mark
            char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
            # libyaml counts the position in bytes of the UTF-8 text, PyYAML in characters
            if _SAFE_LOADER is yaml.SafeLoader:
                line = text.count("\n", 0, exc.position) + 1
            else:
                line = text.encode("utf-8").count(b"\n", 0, exc.position) + 1
            why = f"the character U+{char:04X} is not allowed in YAML ({exc.reason}); remove it"
        return RawTable(
            path=path, format="yaml", problems=(Problem(message=f"not valid YAML: {why}", file=file, line=line),)
        )
    shape = (
        "a YAML manual file is a list of figures, or a mapping with the key 'figures:' holding that list "
        "(see 'adoptstats manual template --format yaml')"
    )
    figures: yaml.Node | None = root
    if isinstance(root, yaml.MappingNode):
        figures = None
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "figures":
                figures = value
            else:
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                return _yaml_problem(path, f"unknown top-level key {name!r}; {shape}", key.start_mark.line + 1)
        if figures is None:
            return _yaml_problem(path, shape, root.start_mark.line + 1)
    if root is None:
        return RawTable(path=path, format="yaml", empty=True)
    assert figures is not None
    if isinstance(figures, yaml.ScalarNode) and figures.tag.endswith(":null"):
        layout = _yaml_layout(text, figures, column=2)
        return RawTable(path=path, format="yaml", yaml_list=layout)
    if not isinstance(figures, yaml.SequenceNode):
        return _yaml_problem(path, shape, figures.start_mark.line + 1)
    rows: list[RawRow] = []
    row_problems: list[Problem] = []
    keys: set[str] = set()
    for item in figures.value:
        row, problems = _yaml_item(file, item)
        row_problems += problems
        if row is not None:
            rows.append(row)
            keys.update(row.fields)
    return RawTable(
        path=path,
        format="yaml",
        columns=tuple(c for c in COLUMN_NAMES if c in keys),
        rows=tuple(rows),
        row_problems=tuple(row_problems),
        yaml_list=_yaml_layout(text, figures, column=figures.start_mark.column),
    )


def _yaml_problem(path: Path, message: str, line: int) -> RawTable:
    return RawTable(path=path, format="yaml", problems=(Problem(message=message, file=str(path), line=line),))


def _yaml_layout(text: str, node: yaml.Node, column: int) -> YamlList:
    """Whether items can be appended at the end of the file, and at which column."""
    if isinstance(node, yaml.ScalarNode) and node.value:
        return YamlList(column=column, appendable=False, why_not="'figures:' is followed by a value such as null")
    if isinstance(node, yaml.SequenceNode) and node.flow_style:
        return YamlList(column=column, appendable=False, why_not="the list is written in flow style ([...])")
    if not all(_COMMENT_RE.match(line) for line in text[node.end_mark.index :].splitlines()):
        return YamlList(column=column, appendable=False, why_not="'figures:' is not the last key of the file")
    return YamlList(column=column, appendable=True)


def _yaml_item(file: str, item: yaml.Node) -> tuple[RawRow | None, list[Problem]]:
    line = item.start_mark.line + 1
    if not isinstance(item, yaml.MappingNode):
        return None, [Problem(message="this item is not a mapping of column: value", file=file, line=line)]
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key, value in item.value:
        name = str(key.value).strip().casefold() if isinstance(key, yaml.ScalarNode) else ""
        where = key.start_mark.line + 1
        if name not in COLUMN_NAMES:
            problems.append(Problem(message=_unknown_column(name), column=name or None, file=file, line=where))
        elif name in fields:
            problems.append(Problem(message="the key appears twice in this item", column=name, file=file, line=where))
        elif not isinstance(value, yaml.ScalarNode):
            problems.append(
                Problem(message="must be a single value, not a list or a mapping", column=name, file=file, line=where)
            )
        else:
            fields[name] = "" if value.tag.endswith(":null") else str(value.value)
            lines[name] = value.start_mark.line + 1
    if problems:
        return None, problems
    return RawRow(line=line, fields=fields, lines=lines), []
