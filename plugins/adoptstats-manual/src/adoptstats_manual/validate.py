"""Validating and loading manual files: every problem of a file, at once, with file, line and column."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from adoptstats import Observation, Problem, ResultSet, ValidationError
from adoptstats_manual.files import PathsLike, find_files
from adoptstats_manual.read import RawTable, read_table
from adoptstats_manual.schema import REQUIRED, RowKey, row_key, to_observation

__all__ = ["check_table", "comparability_warnings", "load", "load_observations", "read_observations", "validate"]


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


def comparability_warnings(path: str | os.PathLike[str]) -> list[Problem]:
    """What keeps the figures of a file from comparing with each other, though nothing is wrong.

    :func:`adoptstats.compare` calls two rows comparable when they share the indicator,
    the population, the period and the source (the source and the dataset).  Within one
    file, rows of one concept that carry different indicators, or rows of one concept and
    one period from different datasets, are therefore "not comparable" with each other:
    usually a row added without the ``indicator`` (or ``dataset``) the others have.  Each
    such concept gives one :class:`~adoptstats.Problem`, naming the lines of each value.
    These are warnings: :func:`validate` does not list them and fetching still works.
    Rows with problems are left out (see :func:`validate`).
    """
    path = Path(path)
    try:
        table = read_table(path, path.read_bytes())
    except OSError:
        return []  # validate() says why the file cannot be read
    file = str(path)
    indicators: dict[str, dict[str, list[tuple[int, bool]]]] = defaultdict(lambda: defaultdict(list))
    datasets: dict[tuple[str, str], dict[str, list[tuple[int, bool]]]] = defaultdict(lambda: defaultdict(list))
    for row in table.rows:
        observation, problems = to_observation(
            row.fields, dataset=table.path.stem, file=file, line=row.line, lines=row.lines
        )
        if observation is None or problems or observation.concept is None:
            continue
        given = {name: bool(row.fields.get(name, "").strip()) for name in ("indicator", "dataset")}
        indicators[observation.concept][observation.indicator].append((row.line, given["indicator"]))
        datasets[(observation.concept, observation.period)][observation.dataset].append((row.line, given["dataset"]))
    warnings = [
        _mixed(file, "indicator", f"rows of the concept {concept}", found)
        for concept, found in indicators.items()
        if len(found) > 1
    ]
    warnings += [
        _mixed(file, "dataset", f"rows of the concept {concept} for {period}", found)
        for (concept, period), found in datasets.items()
        if len(found) > 1
    ]
    return sorted(warnings, key=lambda p: p.line or 0)


def _lines(lines: Sequence[int]) -> str:
    """``line 4`` or ``lines 2-5, 9``."""
    spans: list[list[int]] = []
    for line in sorted(lines):
        if spans and line == spans[-1][1] + 1:
            spans[-1][1] = line
        else:
            spans.append([line, line])
    text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
    return f"line{'s' if len(lines) > 1 else ''} {text}"


def _mixed(file: str, column: str, rows: str, found: dict[str, list[tuple[int, bool]]]) -> Problem:
    parts = []
    for value, where in sorted(found.items(), key=lambda item: min(line for line, _ in item[1])):
        unset = " (not given: the default)" if not any(given for _, given in where) else ""
        parts.append(f"{value!r}{unset} on {_lines([line for line, _ in where])}")
    # The line shown: the first row off the main group (a given value, the most rows, the earliest).
    main = max(found, key=lambda v: (any(g for _, g in found[v]), len(found[v]), -min(line for line, _ in found[v])))
    first_off = min(line for value, where in found.items() if value != main for line, _ in where)
    message = (
        f"{rows} carry {len(found)} {column}s, so they are not comparable with each other: "
        + "; ".join(parts)
        + f"; give them the same {column} if they measure the same thing"
    )
    return Problem(message=message, column=column, file=file, line=first_off)


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
