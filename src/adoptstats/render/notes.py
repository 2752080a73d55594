"""Numbered caveat notes, shared by the table, HTML and chart renderers.

Caveats of one kind (and the same fields) are grouped into one numbered note naming every
geography they bear on: ``[2] no sample size, no test: Spain, Mexico``.  Each row of a
table (each line of a chart) carries the numbers of the notes about its geography.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from adoptstats.geo import geo_name
from adoptstats.i18n import tr
from adoptstats.render.wording import caveat_label

if TYPE_CHECKING:
    from adoptstats.caveats import Caveat

__all__ = ["Note", "caveat_notes", "markers", "row_markers", "row_notes"]


@attrs.frozen(kw_only=True)
class Note:
    """One numbered note: its text and the geographies it bears on (``""`` for the whole result)."""

    number: int
    kind: str
    text: str
    geos: tuple[str, ...]
    fields: tuple[str, ...] = ()


def caveat_notes(caveats: Iterable[Caveat], lang: str = "en") -> list[Note]:
    """The numbered notes for ``caveats``, in the order of :data:`~adoptstats.caveats.CAVEAT_KINDS`."""
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    periods: dict[tuple[str, tuple[str, ...], str], list[str]] = {}
    for c in caveats:
        key = (c.kind, c.fields)
        geo = c.geo or ""
        geos = groups.setdefault(key, [])
        if geo not in geos:
            geos.append(geo)
        when = periods.setdefault((c.kind, c.fields, geo), [])
        if c.period and c.period not in when:
            when.append(c.period)
    notes = []
    for number, ((kind, fields), geos) in enumerate(groups.items(), start=1):
        names = []
        for g in geos:
            if not g:
                continue
            when = periods[(kind, fields, g)]
            names.append(geo_name(g, lang) + (f" ({', '.join(sorted(when))})" if len(when) > 1 else ""))
        label = caveat_label(kind, fields, lang)
        text = tr("{label}: {what}", lang, label=label, what=", ".join(names)) if names else label
        notes.append(Note(number=number, kind=kind, text=text, geos=tuple(geos), fields=fields))
    return notes


def markers(geo: str, notes: Iterable[Note]) -> str:
    """``"[1, 3]"``: the numbers of the notes about ``geo`` (``""`` when none)."""
    numbers = [str(n.number) for n in notes if geo in n.geos]
    return f"[{', '.join(numbers)}]" if numbers else ""


def row_notes(caveats: Iterable[Caveat], notes: Iterable[Note]) -> list[Note]:
    """The notes that carry one of ``caveats`` (one row's), in note order."""
    keys = {(c.kind, c.fields, c.geo or "") for c in caveats}
    return [n for n in notes if any((n.kind, n.fields, g) in keys for g in n.geos)]


def row_markers(caveats: Iterable[Caveat], notes: Iterable[Note]) -> str:
    """``"[1, 3]"``: the numbers of the notes carrying one of ``caveats`` (``""`` when none)."""
    numbers = [str(n.number) for n in row_notes(caveats, notes)]
    return f"[{', '.join(numbers)}]" if numbers else ""
