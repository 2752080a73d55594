"""The typed caveats every result carries: what a figure or a statement cannot be taken to mean.

A :class:`Caveat` is data, not words: its ``kind`` (one of :data:`CAVEAT_KINDS`), the
geography it bears on (``None`` for the result as a whole), the period, the ``fields``
involved (the columns that differ, the flag codes) and a plain ``detail``.  Results expose
them as ``.caveats`` and as a ``caveats`` column of ``to_frame()``; the renderers of
:mod:`adoptstats.render` put each one into words wherever the result is shown.

================== ===================================================================
kind               meaning
================== ===================================================================
not_comparable     the row differs from the focus (``fields``: indicator, population,
                   period, source) or the ranked rows mix sources, populations ...
contested          reports of the figure disagree; ``detail`` says how one was chosen
open_ended         the figure only bounds the value ("more than 40%")
no_sample_size     no sample size was published: no significance test is possible
secondary_only     the figure comes only from secondary reports (press, not the survey owner)
source_flag        the source flagged the figure (``fields``: the flag codes: estimated,
                   provisional, break in series, low reliability, confidential ...)
uncertain_catch_up whether (or when) a laggard catches up is not settled by the slopes
================== ===================================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np
import pandas as pd

from adoptstats.errors import RecordError
from adoptstats.records import Citation

__all__ = [
    "CAVEAT_KINDS",
    "CONTESTED_FLAG",
    "FLAG_KINDS",
    "OPEN_QUALIFIERS",
    "Caveat",
    "caveat_markers",
    "caveats_column",
    "frame_caveats",
    "row_caveats",
    "sort_caveats",
]

#: Every kind of caveat, in the order renderers list them.
CAVEAT_KINDS: tuple[str, ...] = (
    "not_comparable",
    "contested",
    "open_ended",
    "secondary_only",
    "source_flag",
    "no_sample_size",
    "uncertain_catch_up",
)

#: The token :func:`adoptstats.reconcile` adds to the ``flags`` of a figure whose reports disagree.
CONTESTED_FLAG = "contested"

#: Source flags that carry a caveat, with what they mean (Eurostat's codes, old and new, and SDMX statuses in capitals).
FLAG_KINDS: dict[str, str] = {
    "e": "estimated",
    "s": "estimated",
    "i": "estimated",
    "f": "forecast",
    "p": "provisional",
    "b": "break",
    "u": "low_reliability",
    "c": "confidential",
    "C": "confidential",
    "N": "confidential",
    "P": "confidential",
    "d": "definition_differs",
    "r": "revised",
    # SDMX observation statuses in capitals, as the OECD serves them (A, normal, carries no caveat);
    # none of these letters is one of Eurostat's confidentiality codes (C, N, P)
    "B": "break",
    "D": "definition_differs",
    "E": "estimated",
    "U": "low_reliability",
}

#: Qualifiers that only bound a value.
OPEN_QUALIFIERS: frozenset[str] = frozenset({"more_than", "at_least", "less_than", "at_most"})


def _check_kind(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in CAVEAT_KINDS:
        raise RecordError(f"Caveat: kind must be one of {', '.join(CAVEAT_KINDS)}, got {value!r}")


def _tuple(value: Iterable[str] | str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(kw_only=True)
class Caveat:
    """One thing a result's reader must know: a kind, the geography it bears on, and what exactly.

    >>> from adoptstats.caveats import Caveat
    >>> Caveat(kind="open_ended", geo="WORLD", period="2010", fields=("more_than",))
    Caveat(kind='open_ended', geo='WORLD', period='2010', fields=('more_than',), detail='')
    """

    kind: str = attrs.field(validator=_check_kind)
    geo: str | None = None
    period: str | None = None
    fields: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    detail: str = ""

    def marker(self) -> str:
        """A short tag for tables: ``not comparable (population)``, ``flag: provisional``."""
        what = self.kind.replace("_", " ")
        if self.kind in ("not_comparable", "source_flag") and self.fields:
            return f"{what} ({', '.join(self.fields)})"
        return what


def sort_caveats(caveats: Iterable[Caveat]) -> tuple[Caveat, ...]:
    """Without repeats, ordered by kind (as in :data:`CAVEAT_KINDS`), then geography."""
    seen: dict[Caveat, None] = {}
    for c in caveats:
        seen.setdefault(c, None)
    rank = {k: i for i, k in enumerate(CAVEAT_KINDS)}
    return tuple(sorted(seen, key=lambda c: (rank[c.kind], c.geo or "", c.period or "", c.fields)))


def _flag_tokens(flags: str) -> list[str]:
    return [t for t in (s.strip() for s in str(flags).split(",")) if t]


def row_caveats(
    row: Mapping[str, Any], citations: Mapping[str, Citation], *, sample_size_matters: bool = True
) -> list[Caveat]:
    """The caveats a single figure carries on its own: contested, open-ended, secondary, flags, no n.

    ``row`` holds canonical columns (``geo``, ``period``, ``qualifier``, ``flags``,
    ``sample_size``, ``citation_id``, ``unit``).
    """
    geo = str(row["geo"])
    period = str(row["period"])
    out: list[Caveat] = []
    tokens = _flag_tokens(row.get("flags", "") or "")
    if CONTESTED_FLAG in tokens:
        out.append(Caveat(kind="contested", geo=geo, period=period))
    qualifier = str(row.get("qualifier", "exact"))
    if qualifier in OPEN_QUALIFIERS:
        out.append(Caveat(kind="open_ended", geo=geo, period=period, fields=(qualifier,)))
    cite = citations.get(str(row.get("citation_id", "")))
    if cite is not None and not cite.primary:
        out.append(Caveat(kind="secondary_only", geo=geo, period=period, detail=cite.publisher))
    flagged = sorted({FLAG_KINDS[t] for t in tokens if t in FLAG_KINDS})
    if flagged:
        out.append(Caveat(kind="source_flag", geo=geo, period=period, fields=tuple(flagged)))
    n = row.get("sample_size")
    if sample_size_matters and str(row.get("unit", "percent")) == "percent" and (n is None or pd.isna(n)):
        out.append(Caveat(kind="no_sample_size", geo=geo, period=period))
    return out


def frame_caveats(
    frame: pd.DataFrame, citations: Mapping[str, Citation], *, sample_size_matters: bool = True
) -> list[list[Caveat]]:
    """:func:`row_caveats` for every row of a canonical frame (one list per row)."""
    cols = [c for c in ("geo", "period", "qualifier", "flags", "sample_size", "citation_id", "unit") if c in frame]
    data = {c: frame[c].astype(object).to_numpy() for c in cols}
    n = len(frame)
    return [
        row_caveats({c: data[c][i] for c in cols}, citations, sample_size_matters=sample_size_matters) for i in range(n)
    ]


def caveats_column(per_row: Iterable[Iterable[Caveat]]) -> np.ndarray[Any, Any]:
    """The ``caveats`` column of a frame: each row's caveat markers joined by ``"; "`` (``""`` for none)."""
    return np.array(["; ".join(c.marker() for c in sort_caveats(cs)) for cs in per_row], dtype=object)


def caveat_markers(
    frame: pd.DataFrame, citations: Mapping[str, Citation], *, sample_size_matters: bool = True
) -> np.ndarray[Any, Any]:
    """The ``caveats`` column for a canonical frame of any size, vectorised.

    Equal to ``caveats_column(frame_caveats(frame, citations))`` for the row-level kinds,
    but computed once per distinct combination of qualifier, flags, citation, unit and
    whether a sample size is known, so a million rows cost a factorisation, not a loop.
    """
    n = len(frame)
    if n == 0:
        return np.empty(0, dtype=object)
    key = frame["sample_size"].isna().to_numpy().astype(np.int64)
    for col in ("qualifier", "flags", "citation_id", "unit"):
        s = frame[col]
        col_codes, col_uniques = (s.cat.codes.to_numpy(), s.cat.categories) if hasattr(s, "cat") else pd.factorize(s)
        key = key * (len(col_uniques) + 1) + (np.asarray(col_codes, dtype=np.int64) + 1)
    codes, uniques = pd.factorize(key)
    first = np.empty(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)
    cols = ("geo", "period", "qualifier", "flags", "sample_size", "citation_id", "unit")
    sample = frame.iloc[first]
    data = {c: sample[c].astype(object).to_numpy() for c in cols}
    text = caveats_column(
        row_caveats({c: data[c][k] for c in cols}, citations, sample_size_matters=sample_size_matters)
        for k in range(len(first))
    )
    return np.asarray(text[codes], dtype=object)
