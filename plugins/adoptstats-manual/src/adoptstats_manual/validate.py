"""Validating and loading manual files: every problem of a file, at once, with file, line and column."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from adoptstats import Observation, Problem, ResultSet, ValidationError
from adoptstats_manual.files import PathsLike, find_files
from adoptstats_manual.read import RawTable, read_table
from adoptstats_manual.schema import REQUIRED, RowKey, row_key, to_observation

__all__ = ["check_table", "load", "load_observations", "read_observations", "validate"]


def check_table(table: RawTable) -> tuple[list[Observation], list[Problem]]:
    """The observations of a file read by :func:`~adoptstats_manual.read.read_table`, and every problem in it."""
    file = str(table.path)
    problems = [*table.problems, *table.row_problems]
    if table.empty:
        problems.append(
            Problem(
                message=(
                    "the file is empty; start from 'adoptstats manual template' (a CSV file needs a header line "
                    f"with at least {', '.join(REQUIRED)} and url or title)"
                ),
                file=file,
            )
        )
    elif table.format and not table.rows and not problems:
        what = "a header but no rows" if table.format == "csv" else "no figures"
        problems.append(Problem(message=f"the file has {what}; add figures with 'adoptstats manual add'", file=file))
    observations: list[Observation] = []
    seen: dict[RowKey, tuple[int, str]] = {}
    for row in table.rows:
        observation, row_problems = to_observation(
            row.fields, dataset=table.path.stem, file=file, line=row.line, lines=row.lines
        )
        problems += row_problems
        key = row_key(row.fields)
        value = row.fields.get("value", "").strip()
        if key in seen:
            line, other = seen[key]
            message = (
                f"duplicate of line {line} (same geography, period, indicator, population, breakdown and citation)"
                if value == other
                else f"conflicts with line {line}, which gives {other!r} for the same figure from the same citation"
            )
            problems.append(Problem(message=message, column="value", value=value or None, file=file, line=row.line))
            continue
        seen[key] = (row.line, value)
        if observation is not None:
            observations.append(observation)
    problems.sort(key=lambda p: (p.line or 0, p.column or ""))
    return observations, problems


def read_observations(path: str | os.PathLike[str]) -> tuple[list[Observation], list[Problem]]:
    """The observations of one manual file, and every problem in it (an unreadable file is one problem)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [Problem(message=f"cannot read the file: {exc.strerror or exc}", file=str(path))]
    return check_table(read_table(path, data))


def validate(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem of a manual file, sorted by line; an empty list when the file is valid.

    Each :class:`~adoptstats.Problem` names the file, the line (the CSV header is line 1),
    the column, the value and what is wrong, with suggestions for unknown geographies,
    concepts and columns.
    """
    return read_observations(path)[1]


def load_observations(paths: PathsLike | None = None) -> list[Observation]:
    """The figures of manual files (the default folder when ``paths`` is ``None``), as observations.

    :raises ValidationError: listing every problem of every file, when there are any.
    :raises QueryError: when a path given does not exist.
    """
    files = find_files(paths)
    observations: list[Observation] = []
    problems: list[Problem] = []
    for file in files:
        found, file_problems = read_observations(file)
        observations += found
        problems += file_problems
    if problems:
        raise ValidationError(_what(files), problems)
    return observations


def load(paths: PathsLike | None = None) -> ResultSet:
    """The figures of manual files as a :class:`~adoptstats.ResultSet` (see ``load_observations``)."""
    return ResultSet.from_records(load_observations(paths))


def _what(files: Sequence[Path]) -> str:
    return f"manual file {files[0]}" if len(files) == 1 else f"{len(files)} manual files"
