"""The columns of a manual file and how one row becomes an :class:`~adoptstats.Observation`.

Every check runs on every field, so one pass over a row reports all of its problems.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import TypeVar

import attrs

from adoptstats import (
    UNITS,
    AdoptstatsError,
    Citation,
    Concept,
    Observation,
    Problem,
    get_concept,
    normalize_geo,
    normalize_period,
)
from adoptstats_manual.values import parse_value

__all__ = ["COLUMNS", "COLUMN_NAMES", "REQUIRED", "Column", "RowKey", "quick_key", "row_key", "to_observation"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Column:
    """One column of a manual file: its name, whether it must be filled, what it holds, an example."""

    name: str
    required: bool
    description: str
    example: str = ""


#: The columns of a manual file, in the order ``adoptstats manual template`` writes them.  The
#: examples are one real row: La Libre Belgique's report of the Regus survey of 2010.
COLUMNS: tuple[Column, ...] = (
    Column(
        name="geo", required=True, description="Geography: code or name in en/fr/nl/de", example="Belgique-Luxembourg"
    ),
    Column(name="period", required=True, description="Year or period: 2010, 2010-Q1, 2010-03", example="2010"),
    Column(
        name="concept",
        required=False,
        description="Harmonised concept from the vocabulary (adoptstats.list_concepts())",
        example="social_media.customer_acquisition",
    ),
    Column(
        name="indicator",
        required=False,
        description="Your name for the question; defaults to the concept (give one or the other)",
        example="new_customers_via_social_networks",
    ),
    Column(
        name="value",
        required=True,
        description="The figure as published: 27 %, plus de 40 %, more than 40%, about 50%, 26-28%",
        example="27 %",
    ),
    Column(name="unit", required=False, description="percent (default), pp, index or count", example="percent"),
    Column(
        name="population",
        required=True,
        description="Who was asked",
        example="business people in the Regus global contacts database",
    ),
    Column(name="breakdown", required=False, description="Sub-group; 'total' when empty", example="total"),
    Column(name="sample_size", required=False, description="Respondents behind the figure, if published"),
    Column(name="publisher", required=True, description="Who published what you read", example="La Libre Belgique"),
    Column(name="title", required=False, description="Title of the article or report (a URL or a title is required)"),
    Column(
        name="url",
        required=False,
        description="http(s) address of what you read (a URL or a title is required)",
        example=(
            "https://www.lalibre.be/economie/entreprises-startup/"
            "les-entreprises-belges-sont-a-la-traine-sur-les-reseaux-sociaux-51b8c1c3e4b0de6db9bcca6a"
        ),
    ),
    Column(
        name="quote",
        required=False,
        description="The sentence the figure comes from, word for word",
        example=(
            "tandis que 40 % des entreprises dans le monde utilisent les réseaux sociaux pour trouver de nouveaux "
            "clients, elles ne sont que 27 % à y recourir en Belgique et au Luxembourg"
        ),
    ),
    Column(name="table", required=False, description="Page or table in a report: p. 5, table 2"),
    Column(name="published", required=False, description="Publication date, YYYY-MM-DD"),
    Column(name="accessed", required=False, description="When you read it, YYYY-MM-DD"),
    Column(
        name="primary",
        required=False,
        description="yes for the survey owner's own publication, no (default) for press reports",
        example="no",
    ),
    Column(
        name="dataset",
        required=False,
        description="Groups rows (a survey, a report); defaults to the file name without its extension",
        example="regus_2010",
    ),
    Column(name="notes", required=False, description="Anything for you; kept in the file, not loaded"),
)

#: Column names, in file order.
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
#: Columns a file's header must have.  A citation also needs a ``title`` or a ``url``.
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)

_YES = {"yes", "y", "true", "1", "primary", "oui", "vrai"}
_NO = {"no", "n", "false", "0", "secondary", "non", "faux", ""}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: What makes two rows the same figure: geography, period, indicator, population, breakdown,
#: unit, dataset and the citation.
RowKey = tuple[str, ...]


class _Checker:
    """Runs each field's check, turning errors into :class:`~adoptstats.Problem` records."""

    def __init__(self, fields: Mapping[str, str], file: str, lines: Mapping[str, int], line: int) -> None:
        self.fields = fields
        self.file = file
        self.lines = lines
        self.line = line
        self.problems: list[Problem] = []

    def text(self, column: str) -> str:
        return self.fields.get(column, "").strip()

    def problem(self, column: str, message: str) -> None:
        value = self.text(column) or None
        line = self.lines.get(column, self.line)
        self.problems.append(Problem(message=message, column=column, value=value, file=self.file, line=line))

    def check(self, column: str, convert: Callable[[str], T]) -> T | None:
        """``convert(text)``, or ``None`` with a problem recorded when it raises."""
        text = self.text(column)
        try:
            return convert(text)
        except (AdoptstatsError, ValueError) as exc:
            self.problem(column, str(exc).removeprefix(f"{column}: "))
            return None

    def required(self, column: str) -> bool:
        if self.text(column):
            return True
        self.problem(column, "is required")
        return False


def _concept(text: str) -> Concept | None:
    return get_concept(text) if text else None


def _unit(text: str) -> str | None:
    if text and text not in UNITS:
        raise ValueError(f"unknown unit; use one of {', '.join(UNITS)}")
    return text or None


def _sample_size(text: str) -> int | None:
    if not text:
        return None
    if not text.replace(" ", "").isdigit() or int(text.replace(" ", "")) <= 0:
        raise ValueError("must be a positive whole number of respondents")
    return int(text.replace(" ", ""))


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    if not _DATE_RE.match(text):
        raise ValueError("must be a date written YYYY-MM-DD")
    return dt.date.fromisoformat(text)  # its ValueError names an impossible day


def _primary(text: str) -> bool:
    word = text.casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError("must be yes (the survey owner's own publication) or no (a press or other report)")


def _url(text: str) -> str | None:
    if text and not re.match(r"^https?://\S+$", text):
        raise ValueError("must be an http:// or https:// address without spaces")
    return text or None


def to_observation(
    fields: Mapping[str, str],
    *,
    dataset: str,
    file: str,
    line: int,
    lines: Mapping[str, int] | None = None,
) -> tuple[Observation | None, list[Problem]]:
    """Check one row and build its observation.

    ``fields`` maps column names to the text of the cells; ``dataset`` is the default
    dataset (the file's stem); ``file`` and ``line`` say where the row is, and ``lines``
    where each field is when it differs (YAML).  Returns the observation, or ``None``
    with every problem of the row.
    """
    c = _Checker(fields, file, lines or {}, line)
    for column, text in fields.items():
        bad = next((ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"), None)
        if bad is not None:
            c.problem(column, f"holds the control character U+{ord(bad):04X}; remove it")
    for column in ("geo", "period", "value", "population", "publisher"):
        c.required(column)
    geo = c.check("geo", normalize_geo) if c.text("geo") else None
    period = c.check("period", normalize_period) if c.text("period") else None
    concept = c.check("concept", _concept)
    unit = c.check("unit", _unit)
    estimate = c.check("value", lambda t: parse_value(t, unit=unit)) if c.text("value") else None
    sample_size = c.check("sample_size", _sample_size)
    url = c.check("url", _url)
    published = c.check("published", _date)
    accessed = c.check("accessed", _date)
    primary = c.check("primary", _primary)
    if concept is not None and estimate is not None and estimate.unit != concept.unit:
        c.problem("unit", f"the concept {concept.name} is measured in {concept.unit}, this value in {estimate.unit}")
    indicator = c.text("indicator") or c.text("concept")
    if not indicator:
        c.problem("concept", "give a concept from the vocabulary, an indicator of your own, or both")
    if c.text("publisher") and not c.text("url") and not c.text("title"):
        c.problem("url", "a citation needs a URL or a title, besides the publisher")
    if c.problems:
        order = {name: i for i, name in enumerate(COLUMN_NAMES)}
        return None, sorted(c.problems, key=lambda p: order.get(p.column or "", len(order)))
    assert geo is not None and period is not None and estimate is not None  # noqa: PT018 - narrowing for mypy
    try:
        citation = Citation(
            publisher=c.text("publisher"),
            title=c.text("title") or None,
            url=url,
            quote=c.text("quote") or None,
            table=c.text("table") or None,
            published=published,
            accessed=accessed,
            primary=bool(primary),
        )
        observation = Observation(
            source="manual",
            dataset=c.text("dataset") or dataset,
            indicator=indicator,
            concept=concept.name if concept else None,
            geo=geo,
            period=period,
            population=c.text("population"),
            breakdown=c.text("breakdown") or "total",
            estimate=estimate,
            citation=citation,
            sample_size=sample_size,
        )
    except AdoptstatsError as exc:  # pragma: no cover - a safety net: every field was checked above
        return None, [Problem(message=str(exc), file=file, line=line)]
    return observation, []


def quick_key(fields: Mapping[str, str]) -> RowKey:
    """The part of :func:`row_key` compared as plain text: everything but the geography and the period.

    Rows with different quick keys are different figures, and comparing them needs no
    normalising, so it is the cheap first test when looking for duplicates.
    """
    return (
        fields.get("indicator", "").strip() or fields.get("concept", "").strip(),
        fields.get("population", "").strip(),
        fields.get("breakdown", "").strip() or "total",
        fields.get("unit", "").strip(),
        *(fields.get(col, "").strip() for col in ("publisher", "title", "url", "quote", "table", "published")),
        fields.get("dataset", "").strip(),
    )


def row_key(fields: Mapping[str, str]) -> RowKey:
    """What identifies a figure in a file, for finding duplicates; tolerant of bad fields.

    Geographies and periods are normalised: ``Belgique`` and ``BE`` are the same place.
    """

    def norm(column: str, convert: Callable[[str], str]) -> str:
        text = fields.get(column, "").strip()
        try:
            return convert(text) if text else ""
        except AdoptstatsError:
            return text

    return (*quick_key(fields), norm("geo", normalize_geo), norm("period", normalize_period))
