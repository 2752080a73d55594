"""Writing a table and its citations to a file the user can open, chosen by extension.

=============  =====================================================  ===========================
extension      data                                                   citations
=============  =====================================================  ===========================
``.csv``       UTF-8 CSV, text cells guarded against formulas         ``<name>.citations.csv``
``.json``      ``{"data": [...], "citations": [...]}``                 embedded
``.parquet``   Parquet (needs the ``parquet`` extra: pyarrow)          ``<name>.citations.parquet``
``.xlsx``      sheet ``data`` (needs the ``excel`` extra: openpyxl)    sheet ``citations``
=============  =====================================================  ===========================

Spreadsheets run cells that start with ``=``, ``+``, ``-`` or ``@`` (and tab or carriage
return) as formulas, so CSV and Excel text cells that start so get a leading ``'``.
Numeric columns are left alone: ``-3.5`` stays a number.  Files are written to a
temporary name beside the target and renamed, so a failed export leaves no half file.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from adoptstats._cli_output import dumps, frame_records
from adoptstats.errors import AdoptstatsError
from adoptstats.install import extra_advice

__all__ = ["EXPORT_FORMATS", "ExportError", "check_target", "guard_formulas", "sidecar_path", "write_table"]

#: Extension → (format name, optional extra needed, module that extra provides).
EXPORT_FORMATS: dict[str, tuple[str, str | None, str | None]] = {
    ".csv": ("csv", None, None),
    ".json": ("json", None, None),
    ".parquet": ("parquet", "parquet", "pyarrow"),
    ".xlsx": ("excel", "excel", "openpyxl"),
}

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportError(AdoptstatsError):
    """A table could not be written: unknown extension, missing optional extra or an OS error."""


def _is_text(series: pd.Series) -> bool:
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return not pd.api.types.is_numeric_dtype(dtype.categories.dtype)
    return bool(pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype))


def _guard(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def guard_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells starting with ``=``, ``+``, ``-``, ``@``, tab or CR get a leading ``'``.

    Only text columns are touched; numbers (including negative ones) are kept as numbers.
    """
    out = frame.copy()
    for name in out.columns:
        col = out[name]
        if not _is_text(col):
            continue
        out[name] = col.astype(object).map(_guard, na_action="ignore")
    return out


def sidecar_path(path: Path, extension: str | None = None) -> Path:
    """``results.csv`` → ``results.citations.csv`` (the citations file written beside the data)."""
    ext = extension or path.suffix
    return path.with_name(f"{path.stem}.citations{ext}")


def _require(extension: str) -> None:
    _fmt, extra, module = EXPORT_FORMATS[extension]
    if module is None or extra is None:
        return
    try:
        importlib.import_module(module)
    except ImportError:
        raise ExportError(
            f"writing {extension} files needs {module}, which is not installed; {extra_advice(extra, module)}"
        ) from None


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        tmp_path.replace(path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _naive_times(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel has no time zones: UTC times become naive UTC times."""
    out = frame.copy()
    for name in out.columns:
        dtype = out[name].dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            out[name] = out[name].dt.tz_convert("UTC").dt.tz_localize(None)
    return out


def check_target(path: str | os.PathLike[str]) -> Path:
    """Check, before any work, that ``path`` can be written: known extension, extra installed, directory exists.

    :raises ExportError: naming the problem (and the extra to install).
    """
    target = Path(path)
    ext = target.suffix.lower()
    if ext not in EXPORT_FORMATS:
        known = ", ".join(EXPORT_FORMATS)
        raise ExportError(f"cannot write {str(target)!r}: unknown extension {target.suffix or '(none)'!r}; use {known}")
    _require(ext)
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {str(target)!r}: the directory {str(target.parent)!r} does not exist")
    return target


def write_table(path: str | os.PathLike[str], data: pd.DataFrame, citations: pd.DataFrame) -> list[Path]:
    """Write ``data`` and its ``citations`` to ``path`` in the format its extension names.

    Returns the files written (the data file first, then any sidecar).

    :raises ExportError: for an unknown extension, a missing optional extra (naming it) or
        a file that cannot be written.
    """
    target = check_target(path)
    ext = target.suffix.lower()
    writers: dict[str, Callable[[Path, pd.DataFrame, pd.DataFrame], list[Path]]] = {
        ".csv": _write_csv,
        ".json": _write_json,
        ".parquet": _write_parquet,
        ".xlsx": _write_excel,
    }
    try:
        return writers[ext](target, data, citations)
    except OSError as exc:
        raise ExportError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from exc


def _write_csv(target: Path, data: pd.DataFrame, citations: pd.DataFrame) -> list[Path]:
    side = sidecar_path(target)
    with _atomic(target) as tmp:
        guard_formulas(data).to_csv(tmp, index=False, encoding="utf-8")
    with _atomic(side) as tmp:
        guard_formulas(citations).to_csv(tmp, index=False, encoding="utf-8")
    return [target, side]


def _write_json(target: Path, data: pd.DataFrame, citations: pd.DataFrame) -> list[Path]:
    payload: dict[str, Any] = {"data": frame_records(data), "citations": frame_records(citations)}
    with _atomic(target) as tmp:
        tmp.write_text(dumps(payload) + "\n", encoding="utf-8")
    return [target]


def _write_parquet(target: Path, data: pd.DataFrame, citations: pd.DataFrame) -> list[Path]:
    side = sidecar_path(target)
    with _atomic(target) as tmp:
        data.to_parquet(tmp, index=False)
    with _atomic(side) as tmp:
        citations.to_parquet(tmp, index=False)
    return [target, side]


def _write_excel(target: Path, data: pd.DataFrame, citations: pd.DataFrame) -> list[Path]:
    with _atomic(target) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        guard_formulas(_naive_times(data)).to_excel(writer, sheet_name="data", index=False)
        guard_formulas(_naive_times(citations)).to_excel(writer, sheet_name="citations", index=False)
    return [target]
