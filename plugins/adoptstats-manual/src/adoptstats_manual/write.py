"""Adding figures to a manual file: checked first, then appended atomically under a lock.

How a row is added, so that no row is ever lost or half-written:

1. take the lock (``figures.csv.lock`` beside ``figures.csv``): concurrent writers queue;
2. read the file as it is now and check the new row against it (every field, duplicates);
3. write the old bytes, unchanged, plus the new row to a temporary file in the same
   folder, then flush and fsync it;
4. ``os.replace`` it over the file (atomic: readers see the old file or the new one,
   never a mix), then fsync the folder.

A process killed at any moment leaves the file as it was before the row or after it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import filelock

from adoptstats import AdoptstatsError, FormatError, Observation, Problem, ValidationError
from adoptstats_manual.read import RawTable, file_format, read_table
from adoptstats_manual.render import csv_line, template, yaml_item
from adoptstats_manual.schema import COLUMN_NAMES, quick_key, row_key, to_observation
from adoptstats_manual.values import parse_value

__all__ = ["WriteError", "add"]

#: Permissions of a file ``add`` creates (an existing file keeps its own).
NEW_FILE_MODE = 0o644


class WriteError(AdoptstatsError, OSError):
    """A manual file could not be written (read-only folder, full disk, lock not acquired).

    The file is left exactly as it was.  ``filename`` names it and ``errno`` is
    the operating system's error number, when there is one.
    """

    def __init__(self, message: str, *, filename: str, error: int | None = None) -> None:
        super().__init__(message)
        self.filename = filename
        self.errno = error

    def __str__(self) -> str:
        return str(self.args[0])


def add(
    path: str | os.PathLike[str],
    observation: Observation | None = None,
    /,
    *,
    lock_timeout: float = 60.0,
    **fields: object,
) -> Observation:
    """Append one figure to a manual file (CSV or YAML, from the extension) and return it as an observation.

    Give the figure as ``fields`` named like the columns (``geo="Belgique"``,
    ``value="plus de 40 %"``, ``publisher=...``), or as an ``observation`` (fields then
    add to or override its columns, e.g. ``notes``).  The row is checked first, against
    the file as it is when the lock is held; nothing is written if it has a problem.  A
    missing file is created with a header; existing rows are never rewritten.

    :raises ValidationError: listing every problem of the new row (or of the file's header).
    :raises WriteError: when the file cannot be written; the file is left unchanged.
    """
    shown = Path(path)  # as given, for messages
    target = Path(os.path.realpath(path))  # through symbolic links, so that a link stays a link
    fmt = file_format(shown)
    if fmt is None:
        raise FormatError(f"{shown}: manual files end in .csv, .yaml or .yml")
    row = {**(_observation_fields(observation, shown) if observation is not None else {}), **_texts(fields)}
    unknown = [name for name in row if name not in COLUMN_NAMES]
    if unknown:
        raise ValidationError(
            f"cannot add to {shown}",
            [
                Problem(message=f"unknown column; the columns are {', '.join(COLUMN_NAMES)}", column=n, file=str(shown))
                for n in unknown
            ],
        )
    with _locked(target, shown, lock_timeout):
        data = _read_bytes(target, shown)
        table = read_table(shown, data) if data else RawTable(path=shown, format=fmt, empty=True)
        if table.problems:
            raise ValidationError(f"cannot add to {shown} until its problems are fixed", table.problems)
        row = _like_its_neighbours(table, row, shown.stem)
        header, item = _new_text(table, row)
        line = table.lines + header.count("\n") + 1
        added, problems = to_observation(row, dataset=shown.stem, file=str(shown), line=line)
        problems += _against_file(table, row, line)
        if problems or added is None:
            raise ValidationError(f"the figure was not added to {shown}", problems)
        end_of_last_line = table.newline if data and not data.endswith(b"\n") else ""
        _write(target, shown, data + (end_of_last_line + header + item).encode("utf-8"))
    return added


def _like_its_neighbours(table: RawTable, row: dict[str, str], stem: str) -> dict[str, str]:
    """The row, with the ``indicator`` and ``dataset`` that the file's other rows of its concept share.

    A row that gives a concept but no indicator (or no dataset) would otherwise be named
    after its concept (or the file), and not be comparable with rows of the same question
    that name one, such as the template's example.  When those rows agree on one value, the
    new row takes it; when they disagree, the row is left as given.
    """
    concept = row.get("concept", "").strip()
    if not concept:
        return row
    same = [r.fields for r in table.rows if r.fields.get("concept", "").strip() == concept]
    if not same:
        return row
    filled = dict(row)
    defaults = {"indicator": concept, "dataset": stem}
    for column, default in defaults.items():
        if filled.get(column, "").strip() or column not in (table.columns or COLUMN_NAMES):
            continue
        used = {f.get(column, "").strip() or default for f in same}
        if len(used) == 1 and (value := used.pop()) != default:
            filled[column] = value
    return filled


def _texts(fields: Mapping[str, object]) -> dict[str, str]:
    """Field values as the text a file would hold: ``True`` → ``yes``, dates in ISO form, numbers as written."""
    out: dict[str, str] = {}
    for name, value in fields.items():
        if value is None:
            out[name] = ""
        elif isinstance(value, bool):
            out[name] = "yes" if value else "no"
        elif isinstance(value, (dt.date, dt.datetime)):
            out[name] = value.isoformat()[:10]
        else:
            out[name] = str(value)
    return out


def _observation_fields(observation: Observation, path: Path) -> dict[str, str]:
    """The columns of a row holding ``observation``."""
    estimate = observation.estimate
    value = estimate.text("en")
    if parse_value(value, unit=estimate.unit) != estimate:
        raise ValidationError(
            f"cannot add to {path}",
            [Problem(message="this estimate cannot be written as a value string", column="value", value=estimate)],
        )
    citation = observation.citation
    return _texts(
        {
            "geo": observation.geo,
            "period": observation.period,
            "concept": observation.concept,
            "indicator": observation.indicator if observation.indicator != observation.concept else None,
            "value": value,
            "unit": estimate.unit,
            "population": observation.population,
            "breakdown": observation.breakdown if observation.breakdown != "total" else None,
            "sample_size": observation.sample_size,
            "publisher": citation.publisher,
            "title": citation.title,
            "url": citation.url,
            "quote": citation.quote,
            "table": citation.table,
            "published": citation.published,
            "accessed": citation.accessed,
            "primary": citation.primary,
            "dataset": observation.dataset if observation.dataset != path.stem else None,
        }
    )


def _against_file(table: RawTable, row: Mapping[str, str], line: int) -> list[Problem]:
    """Problems of the new row that depend on the file: columns its header lacks, duplicates."""
    file = str(table.path)
    problems: list[Problem] = []
    if table.format == "csv" and not table.empty:
        problems += [
            Problem(message="the file's header has no such column; add it to the header first", column=name, file=file)
            for name, text in row.items()
            if text.strip() and name not in table.columns
        ]
    if table.format == "yaml" and table.yaml_list is not None and not table.yaml_list.appendable:
        problems.append(Problem(message=f"cannot append to this YAML file: {table.yaml_list.why_not}", file=file))
    quick, key = quick_key(row), row_key(row)
    for existing in table.rows:
        if quick_key(existing.fields) == quick and row_key(existing.fields) == key:
            problems.append(
                Problem(
                    message=f"the file already has this figure from this citation, at line {existing.line}",
                    column="value",
                    value=existing.fields.get("value"),
                    file=file,
                    line=line,
                )
            )
            break
    return problems


def _new_text(table: RawTable, row: Mapping[str, str]) -> tuple[str, str]:
    """The text to append: a header (or YAML skeleton) when the file is new, and the new row."""
    newline = table.newline
    if table.format == "csv":
        header = template("csv", example=False).replace("\n", newline) if table.empty else ""
        return header, csv_line(table.columns or COLUMN_NAMES, row, newline, table.delimiter)
    if table.empty:
        return template("yaml", example=False).replace("\n", newline), yaml_item(row, 2, newline)
    assert table.yaml_list is not None
    return "", yaml_item(row, table.yaml_list.column, newline)


@contextlib.contextmanager
def _locked(path: Path, shown: Path, timeout: float) -> Iterator[None]:
    """Hold the lock file beside ``path``; remove temporary files a killed writer left behind."""
    lock = filelock.FileLock(f"{path}.lock", timeout=timeout)
    try:
        lock.acquire(poll_interval=0.005)
    except filelock.Timeout:
        raise WriteError(
            f"cannot add to {shown}: another process has held its lock ({path}.lock) for {timeout:g} s",
            filename=str(shown),
        ) from None
    except OSError as exc:
        raise _write_error(path, shown, exc) from exc
    try:
        for stale in path.parent.glob(f".{path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
        yield
    finally:
        lock.release()


def _read_bytes(path: Path, shown: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise _write_error(path, shown, exc) from exc


def _write(path: Path, shown: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` atomically: temporary file, fsync, ``os.replace``, fsync of the folder."""
    try:
        if path.exists() and not os.access(path, os.W_OK):
            raise PermissionError(errno.EACCES, "the file is read-only", str(path))
        mode = path.stat().st_mode & 0o7777 if path.exists() else NEW_FILE_MODE
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            tmp.chmod(mode)
            tmp.replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        _fsync_folder(path.parent)
    except OSError as exc:
        raise _write_error(path, shown, exc) from exc


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_error(path: Path, shown: Path, exc: OSError) -> WriteError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "no space left on the device"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = "the file" if exc.filename == str(path) else f"the folder {path.parent}"
        why = f"{what} is read-only or not writable"
    else:
        why = exc.strerror or str(exc)
    return WriteError(f"cannot add to {shown}: {why}; the file is unchanged", filename=str(shown), error=exc.errno)
