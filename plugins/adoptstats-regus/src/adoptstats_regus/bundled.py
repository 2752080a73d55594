"""Reading the bundled CSV files and building the canonical ResultSet, once per process.

Everything here is cached: the files are read and validated on first use, the ResultSet is
built column by column (no per-row observation objects), and later calls reuse it.
"""

from __future__ import annotations

import functools
import importlib.resources
import io
from collections.abc import Sequence

import numpy as np
import pandas as pd

from adoptstats import Citation, FormatError, Problem, ResultSet, ValidationError
from adoptstats_regus.mapping import BY_CODE, DATASETS, POPULATION, UNCLEAR_DATASET

__all__ = ["SOURCE_NAME", "excluded_figures", "figures", "resultset", "sample_sizes", "surveys"]

SOURCE_NAME = "regus"

_FIGURES_COLUMNS = (
    "edition",
    "edition_clear",
    "indicator",
    "geo_label",
    "geo",
    "value",
    "unit",
    "qualifier",
    "uncertain",
    "breakdown",
    "language",
    "publisher",
    "title",
    "url",
    "quote",
    "primary",
    "published",
    "notes",
)
_SURVEYS_COLUMNS = (
    "edition",
    "title",
    "publisher",
    "published",
    "fieldwork_start",
    "fieldwork_end",
    "respondents",
    "respondents_qualifier",
    "countries",
    "population",
    "agency",
    "url",
    "quote",
)
_SAMPLE_COLUMNS = ("edition", "geo", "sample_size", "qualifier", "url", "quote")
_BOOLEAN = {"true": True, "false": False}


def _read(name: str, columns: Sequence[str]) -> pd.DataFrame:
    """One bundled CSV as text columns (empty field = empty string), header checked."""
    where = f"adoptstats_regus/data/{name}"
    try:
        text = importlib.resources.files("adoptstats_regus").joinpath("data", name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"{where}: cannot read the bundled data file: {exc}") from exc
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise FormatError(f"{where}: not a valid CSV file: {exc}") from exc
    if tuple(frame.columns) != tuple(columns):
        raise FormatError(f"{where}: the header is {list(frame.columns)}, expected {list(columns)}")
    return frame


def _check_choices(
    frame: pd.DataFrame, name: str, column: str, choices: Sequence[str], problems: list[Problem]
) -> None:
    bad = ~frame[column].isin(list(choices))
    for row in np.flatnonzero(bad.to_numpy()):
        problems.append(
            Problem(
                message=f"must be one of {', '.join(repr(c) for c in choices)}",
                file=f"adoptstats_regus/data/{name}",
                line=int(row) + 2,
                column=column,
                value=frame[column].iloc[int(row)],
            )
        )


@functools.cache
def _figures_raw() -> pd.DataFrame:
    frame = _read("figures.csv", _FIGURES_COLUMNS)
    problems: list[Problem] = []
    _check_choices(frame, "figures.csv", "edition", [*DATASETS, ""], problems)
    for col in ("edition_clear", "uncertain", "primary"):
        _check_choices(frame, "figures.csv", col, list(_BOOLEAN), problems)
    _check_choices(frame, "figures.csv", "indicator", list(BY_CODE), problems)
    if problems:
        raise ValidationError("bundled Regus figures", problems)
    return frame


@functools.cache
def figures() -> pd.DataFrame:
    """The bundled figures table with a ``dataset`` column (``None`` where the row cannot be an observation)."""
    raw = _figures_raw().copy()
    for col in ("edition_clear", "uncertain", "primary"):
        raw[col] = raw[col].map(_BOOLEAN).astype(bool)
    dataset = raw["edition"].map(DATASETS).where(raw["edition_clear"], UNCLEAR_DATASET)
    dataset = dataset.where(raw["edition"] != "", None)
    raw.insert(0, "dataset", dataset)
    return raw


def _exclusion_reason(frame: pd.DataFrame) -> pd.Series:
    reason = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    reason = reason.mask(frame["edition"] == "", "no survey edition or year is known, so the figure has no period")
    return reason.mask(frame["geo"] == "", "the source does not say which geography the figure is for")


def excluded_figures() -> pd.DataFrame:
    """Rows of the figures table that cannot be observations, with a ``reason`` column."""
    frame = figures()
    reason = _exclusion_reason(frame)
    out = frame[reason != ""].copy()
    out.insert(1, "reason", reason[reason != ""])
    return out.reset_index(drop=True)


@functools.cache
def surveys() -> pd.DataFrame:
    """One row per survey edition, with its dataset name and the per-country sample sizes known."""
    frame = _read("surveys.csv", _SURVEYS_COLUMNS)
    sizes = sample_sizes()
    notes = []
    for edition in frame["edition"]:
        bits = []
        for row in sizes[sizes["edition"] == edition].itertuples(index=False):
            if row.qualifier == "exact":
                bits.append(f"{row.geo}: {row.sample_size}")
            else:
                bits.append(f"{row.geo}: {row.qualifier.replace('_', ' ')} {row.sample_size} (not an exact n; unused)")
        notes.append("; ".join(bits))
    out = frame.copy()
    out.insert(0, "dataset", out["edition"].map(DATASETS))
    out["known_sample_sizes"] = notes
    return out


@functools.cache
def sample_sizes() -> pd.DataFrame:
    """The per-country sample sizes the sources state (``qualifier`` tells exact numbers from "more than")."""
    frame = _read("sample_sizes.csv", _SAMPLE_COLUMNS)
    problems: list[Problem] = []
    _check_choices(frame, "sample_sizes.csv", "qualifier", ["exact", "more_than"], problems)
    if problems:
        raise ValidationError("bundled Regus sample sizes", problems)
    return frame


@functools.cache
def resultset() -> ResultSet:
    """Every row that can be an observation, as one canonical ResultSet (built columnar, once)."""
    frame = figures()
    keep = (_exclusion_reason(frame) == "").to_numpy()
    rows = frame[keep].reset_index(drop=True)

    cite_cols = ["publisher", "title", "url", "quote", "published", "primary"]
    unique = rows[cite_cols].drop_duplicates().reset_index(drop=True)
    citations: dict[str, Citation] = {}
    ids: list[str] = []
    for rec in unique.to_dict("records"):
        citation = Citation(
            publisher=str(rec["publisher"]),
            title=str(rec["title"]) or None,
            url=str(rec["url"]),
            quote=str(rec["quote"]),
            published=str(rec["published"]) or None,
            primary=bool(rec["primary"]),
        )
        citations[citation.id] = citation
        ids.append(citation.id)
    key = pd.MultiIndex.from_frame(unique)
    citation_id = np.asarray(ids, dtype=object)[key.get_indexer(pd.MultiIndex.from_frame(rows[cite_cols]))]

    exact = sample_sizes()
    exact = exact[exact["qualifier"] == "exact"]
    known = pd.Series(
        pd.to_numeric(exact["sample_size"]).to_numpy(),
        index=pd.MultiIndex.from_arrays([exact["edition"].map(DATASETS), exact["geo"]]),
    )
    at = known.index.get_indexer(pd.MultiIndex.from_arrays([rows["dataset"], rows["geo"]]))
    # a respondent count is the n of a share, not of an index or a difference, nor of a size/city breakdown
    found = (at >= 0) & (rows["breakdown"] == "total").to_numpy() & (rows["unit"] == "percent").to_numpy()
    sample = pd.array(np.where(found, known.to_numpy()[at], 0), dtype="Int64")
    sample[~found] = pd.NA

    value_text = rows["value"]
    decimals = value_text.str.partition(".")[2].str.len()
    concept = rows["indicator"].map({code: ind.concept for code, ind in BY_CODE.items()})
    canonical = pd.DataFrame(
        {
            "source": SOURCE_NAME,
            "dataset": rows["dataset"],
            "indicator": rows["indicator"],
            "concept": concept,
            "geo": rows["geo"],
            "period": rows["edition"],
            "population": POPULATION,
            "breakdown": rows["breakdown"],
            "unit": rows["unit"],
            "value": pd.to_numeric(value_text, errors="coerce"),
            "qualifier": rows["qualifier"],
            "decimals": decimals.astype("Int64"),
            "sample_size": sample,
            "flags": np.where(rows["uncertain"], "uncertain", ""),
            "citation_id": citation_id,
        }
    )
    return ResultSet.from_frame(canonical, citations)
