"""JSON: a result as one document, with its rows, caveats, citations and paragraph.

``as_json(result)`` gives plain data (dicts, lists, strings, numbers, ``None``) for a
:class:`~adoptstats.Comparison`, :class:`~adoptstats.RankTable`,
:class:`~adoptstats.Trend`, :class:`~adoptstats.Reconciliation` or
:class:`~adoptstats.ResultSet`; ``dumps`` writes any of that as JSON text.  attrs values
(caveats, citations, gaps, rank, trend lines) are unstructured with cattrs; each caveat
also carries its label in the language asked for.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import cattrs
import pandas as pd

from adoptstats.caveats import Caveat
from adoptstats.i18n import check_lang
from adoptstats.render.wording import caveat_label

__all__ = ["as_json", "caveats_json", "citations_json", "converter", "dumps", "frame_records"]

#: The cattrs converter used for attrs values: dates as ISO 8601 text.
converter = cattrs.Converter()
converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
converter.register_unstructure_hook(dt.datetime, lambda d: d.isoformat())


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as JSON-ready records: missing values become ``None``, times ISO 8601 text."""
    text = frame.to_json(orient="records", date_format="iso", force_ascii=False, double_precision=10)
    records: list[dict[str, Any]] = json.loads(text or "[]")
    return records


def _default(value: object) -> Any:
    if isinstance(value, pd.DataFrame):
        return frame_records(value)
    if hasattr(value, "__attrs_attrs__"):
        return converter.unstructure(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def dumps(value: Any) -> str:
    """JSON text (indented, UTF-8, NaN as ``null``) for frames, dates, numpy scalars and attrs values too."""
    return json.dumps(_clean(value), indent=2, ensure_ascii=False, default=_default, allow_nan=False)


def caveats_json(caveats: tuple[Caveat, ...] | list[Caveat], lang: str = "en") -> list[dict[str, Any]]:
    """Caveats as records (cattrs-unstructured), each with its ``label`` in ``lang``."""
    check_lang(lang)
    out = []
    for c in caveats:
        record: dict[str, Any] = converter.unstructure(c)
        record["label"] = caveat_label(c.kind, c.fields, lang)
        out.append(record)
    return out


def citations_json(citations: dict[str, Any], ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Citations as numbered records (``ref`` 1, 2 ...), in the order of ``ids`` (default: sorted ids)."""
    order = ids if ids is not None else sorted(citations)
    out = []
    for n, cid in enumerate((c for c in dict.fromkeys(order) if c in citations), start=1):
        out.append({"ref": n, "citation_id": cid, **converter.unstructure(citations[cid])})
    return out


def as_json(result: Any, lang: str = "en") -> dict[str, Any]:
    """A result as one JSON-ready document: what it is, its rows, caveats, citations (and paragraph)."""
    check_lang(lang)
    kind = type(result).__name__
    doc: dict[str, Any] = {"kind": kind}
    if kind == "Comparison":
        frame = result.to_frame(include_focus=True)
        doc.update(
            focus=result.focus,
            concept=result.concept,
            indicator=result.indicator,
            period=result.period,
            breakdown=result.breakdown,
            unit=result.unit,
            rank=converter.unstructure(result.rank),
            gap_to_leader=None if result.gap_to_leader is None else converter.unstructure(result.gap_to_leader),
            gap_to_benchmark=None
            if result.gap_to_benchmark is None
            else converter.unstructure(result.gap_to_benchmark),
            rows=frame_records(frame),
            summary=result.summary(lang),
        )
        ids = [str(c) for c in frame["citation_id"]]
    elif kind in ("RankTable", "Trend"):
        frame = result.to_frame()
        doc["rows"] = frame_records(frame)
        if kind == "Trend":
            doc.update(
                geo=result.geo,
                against=result.against,
                line=converter.unstructure(result.line),
                against_line=None if result.against_line is None else converter.unstructure(result.against_line),
                catch_up=result.catch_up,
                catch_up_certain=result.catch_up_certain,
                catch_up_why=result.catch_up_why,
                summary=result.summary(lang),
            )
        ids = [str(c) for c in frame["citation_id"]]
    elif kind == "Reconciliation":
        doc.update(
            policy=list(result.policy),
            reports=result.n_reports,
            figures=result.n_figures,
            conflicts=frame_records(result.conflicts),
            rows=frame_records(result.resolved.to_frame()),
        )
        ids = [str(c) for c in result.resolved.frame["citation_id"].astype(str)]
        doc["caveats"] = caveats_json(result.caveats, lang)
        doc["citations"] = citations_json(result.resolved.citations, ids)
        return doc
    elif kind == "ResultSet":
        doc["rows"] = frame_records(result.to_frame())
        ids = [str(c) for c in result.frame["citation_id"].astype(str)]
    else:
        raise TypeError(
            f"as_json: cannot write a {kind}; expected a Comparison, RankTable, Trend, Reconciliation or ResultSet"
        )
    doc["caveats"] = caveats_json(result.caveats, lang)
    doc["citations"] = citations_json(result.citations, ids)
    return doc
