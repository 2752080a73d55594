"""Results to files people open: CSV, JSON, Parquet or Excel, with their citations and caveats.

:func:`write` takes a :class:`~adoptstats.ResultSet`, :class:`~adoptstats.Comparison`
(with the focus's own row first), :class:`~adoptstats.RankTable`,
:class:`~adoptstats.Trend`, :class:`~adoptstats.Reconciliation` or
:class:`~adoptstats.Profile` (one row per concept and benchmark) and writes its table,
the citations of exactly the rows written, and its caveats, in the format the extension
names:

============  =========================================================  ====================================
extension     data                                                       citations and caveats
============  =========================================================  ====================================
``.csv``      UTF-8 CSV, text cells guarded against formulas             ``<name>.citations.csv`` and
                                                                         ``<name>.caveats.csv``
``.json``     ``{"data": [...], "citations": [...], "caveats": [...]}``  embedded
``.parquet``  Parquet (needs the ``parquet`` extra: pyarrow)             ``<name>.citations.parquet`` and
                                                                         ``<name>.caveats.parquet``
``.xlsx``     sheet ``data`` (needs the ``excel`` extra: openpyxl)       sheets ``citations`` and ``caveats``
============  =========================================================  ====================================

Spreadsheets run cells that start with ``=``, ``+``, ``-`` or ``@`` (and tab or carriage
return) as formulas, so CSV and Excel text cells that start so get a leading ``'``.
Numeric columns are left alone: ``-3.5`` stays a number.  Files are written to a
temporary name beside the target and renamed, so a failed export leaves no half file.

**Languages.**  ``lang`` (``en``, ``fr``, ``nl`` or ``de``) writes what a person reads in
that language: the ``label`` of each caveat, and the ``text`` (the figure as written,
``"plus de 40 %"``) and ``name`` (the geography, ``"Pays-Bas"``) cells of comparisons and
rank tables.  Column names, codes (``geo``, ``verdict``, ``qualifier``, ``kind``, the
``caveats`` tags) and numbers are stable identifiers, the same in every language, so a
script reading a French export reads an English one too.
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

from adoptstats.caveats import Caveat, caveat_markers
from adoptstats.errors import AdoptstatsError
from adoptstats.geo import geo_name
from adoptstats.i18n import check_lang
from adoptstats.install import extra_advice
from adoptstats.render.json import caveats_json, citations_json, dumps, frame_records

__all__ = [
    "EXPORT_FORMATS",
    "ExportError",
    "check_target",
    "guard_formulas",
    "sidecar_path",
    "tables",
    "write",
    "write_table",
]

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


def sidecar_path(path: Path, extension: str | None = None, *, part: str = "citations") -> Path:
    """``results.csv`` → ``results.citations.csv`` (or ``results.caveats.csv``): a file written beside the data."""
    ext = extension or path.suffix
    return path.with_name(f"{path.stem}.{part}{ext}")


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


def write_table(
    path: str | os.PathLike[str], data: pd.DataFrame, citations: pd.DataFrame, caveats: pd.DataFrame | None = None
) -> list[Path]:
    """Write ``data``, its ``citations`` and its ``caveats`` to ``path`` in the format its extension names.

    Returns the files written (the data file first, then any sidecar).

    :raises ExportError: for an unknown extension, a missing optional extra (naming it) or
        a file that cannot be written.
    """
    target = check_target(path)
    ext = target.suffix.lower()
    cav = caveats if caveats is not None else pd.DataFrame(columns=list(_CAVEAT_COLUMNS))
    writers: dict[str, Callable[[Path, pd.DataFrame, pd.DataFrame, pd.DataFrame], list[Path]]] = {
        ".csv": _write_csv,
        ".json": _write_json,
        ".parquet": _write_parquet,
        ".xlsx": _write_excel,
    }
    try:
        return writers[ext](target, data, citations, cav)
    except OSError as exc:
        raise ExportError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from exc


_CAVEAT_COLUMNS = ("kind", "geo", "period", "fields", "detail", "label")


def _caveat_frame(caveats: tuple[Caveat, ...], lang: str) -> pd.DataFrame:
    records = caveats_json(caveats, lang)
    for r in records:
        r["fields"] = ", ".join(r["fields"])
    return pd.DataFrame(records, columns=list(_CAVEAT_COLUMNS))


def _in_lang(data: pd.DataFrame, lang: str, texts: list[str] | None = None) -> pd.DataFrame:
    """``data`` with its ``name`` cells (and ``texts`` as its ``text`` cells) in ``lang``."""
    if lang == "en":
        return data
    if "name" in data.columns and "geo" in data.columns:
        data["name"] = [geo_name(str(g), lang) for g in data["geo"]]
    if texts is not None:
        data["text"] = texts
    return data


def tables(result: Any, *, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three tables :func:`write` writes for ``result``: data, citations (of the rows written), caveats.

    Column names are the same in every language; caveat labels and the ``text`` and
    ``name`` cells are written in ``lang`` (see the module's *Languages*).

    :raises ExportError: for an object that is not a result.
    :raises ~adoptstats.SelectionError: for a language adoptstats does not write (a ``LanguageError``).
    """
    check_lang(lang)
    kind = type(result).__name__
    if kind == "Comparison":
        data = result.to_frame(include_focus=True)
        texts = [result.focus_estimate.text(lang), *(e.text(lang) for e in result.shown()["estimate"])]
        data = _in_lang(data, lang, texts)
    elif kind in ("RankTable", "Trend"):
        data = _in_lang(result.to_frame(), lang)
    elif kind == "Reconciliation":
        data = result.resolved.to_frame()
        data["caveats"] = caveat_markers(result.resolved.frame, result.resolved.citations, sample_size_matters=False)
        citations = result.resolved.citations
        ids = [str(c) for c in data["citation_id"]]
        return data, pd.DataFrame(citations_json(citations, ids)), _caveat_frame(result.caveats, lang)
    elif kind == "ResultSet":
        data = result.to_frame()
        data["caveats"] = caveat_markers(result.frame, result.citations, sample_size_matters=False)
    elif kind == "Profile":
        data = result.to_frame()
        pairs = zip(data["focus_citation_id"], data["citation_id"], strict=True)
        ids = [str(c) for pair in pairs for c in pair]
        return data, pd.DataFrame(citations_json(result.citations, ids)), _caveat_frame(result.caveats, lang)
    else:
        raise ExportError(
            f"export: cannot write a {kind}; expected a ResultSet, Comparison, RankTable, Trend, Reconciliation "
            "or Profile"
        )
    ids = [str(c) for c in data["citation_id"]]
    cites = pd.DataFrame(citations_json(result.citations, ids))
    return data, cites, _caveat_frame(result.caveats, lang)


def write(result: Any, path: str | os.PathLike[str], *, lang: str = "en") -> list[Path]:
    """Write a result with its citations and caveats to ``path``; the extension picks the format.

    ``lang`` writes the caveat labels and the ``text`` and ``name`` cells in that language;
    column names and codes stay the same in every language.  The file is written to a
    temporary name and renamed, so a failed export leaves no half file; text cells that a
    spreadsheet would run as formulas get a leading ``'``.  Returns the files written (the
    data file first).

    :raises ExportError: for an unknown extension, a missing optional extra, a file that
        cannot be written, or an object that is not a result.
    :raises ~adoptstats.SelectionError: for a language adoptstats does not write (a ``LanguageError``).
    """
    check_target(path)
    data, citations, caveats = tables(result, lang=lang)
    return write_table(path, data, citations, caveats)


def _write_csv(target: Path, data: pd.DataFrame, citations: pd.DataFrame, caveats: pd.DataFrame) -> list[Path]:
    side = sidecar_path(target)
    notes = sidecar_path(target, part="caveats")
    with _atomic(target) as tmp:
        guard_formulas(data).to_csv(tmp, index=False, encoding="utf-8")
    with _atomic(side) as tmp:
        guard_formulas(citations).to_csv(tmp, index=False, encoding="utf-8")
    with _atomic(notes) as tmp:
        guard_formulas(caveats).to_csv(tmp, index=False, encoding="utf-8")
    return [target, side, notes]


def _write_json(target: Path, data: pd.DataFrame, citations: pd.DataFrame, caveats: pd.DataFrame) -> list[Path]:
    payload: dict[str, Any] = {
        "data": frame_records(data),
        "citations": frame_records(citations),
        "caveats": frame_records(caveats),
    }
    with _atomic(target) as tmp:
        tmp.write_text(dumps(payload) + "\n", encoding="utf-8")
    return [target]


def _write_parquet(target: Path, data: pd.DataFrame, citations: pd.DataFrame, caveats: pd.DataFrame) -> list[Path]:
    side = sidecar_path(target)
    notes = sidecar_path(target, part="caveats")
    with _atomic(target) as tmp:
        _parquet_safe(data).to_parquet(tmp, index=False)
    with _atomic(side) as tmp:
        _parquet_safe(citations).to_parquet(tmp, index=False)
    with _atomic(notes) as tmp:
        _parquet_safe(caveats).to_parquet(tmp, index=False)
    return [target, side, notes]


def _parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns mixing types (None and text, or dates) become text, which Parquet stores."""
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_object_dtype(out[name].dtype):
            out[name] = out[name].map(lambda v: None if v is None or v is pd.NA else str(v))
    return out


def _write_excel(target: Path, data: pd.DataFrame, citations: pd.DataFrame, caveats: pd.DataFrame) -> list[Path]:
    with _atomic(target) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        guard_formulas(_naive_times(data)).to_excel(writer, sheet_name="data", index=False)
        guard_formulas(_naive_times(citations)).to_excel(writer, sheet_name="citations", index=False)
        guard_formulas(_naive_times(caveats)).to_excel(writer, sheet_name="caveats", index=False)
    return [target]
