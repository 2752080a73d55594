"""Eurostat codes in adoptstats terms: size classes, activities, units, populations, breakdowns.

Two dimension layouts exist (``docs/sources/eurostat.md``, "Datasets and indicators"):

- **current**: ``size_emp`` (``GE10``, ``10-49``, ``50-249``, ``GE250``, ``10-249`` ...) and
  ``nace_r2`` (``C10-S951_X_K`` = all activities of the survey without the financial sector);
- **older**: one combined ``sizen_r2`` code, a size prefix and an activity joined by ``_``:
  ``10_C10_S951_XK`` (10+ persons employed, all activities without the financial sector),
  ``S_`` (10-49), ``M_`` (50-249), ``L_`` (250+), ``SM_`` (10-249).

Both are read into the same two columns (size, activity) in current codes; the older
activity ``C10_S951_XK`` becomes ``C10-S951_X_K`` and other older activity codes are kept as
they are (they do not map one to one).

Populations are written in English whatever the label language, so that figures fetched in
French or German compare with figures fetched in English.
"""

from __future__ import annotations

import re

from adoptstats import QueryError
from adoptstats_eurostat.datasets import DEFAULT_ACTIVITY, DEFAULT_SIZE

__all__ = [
    "POPULATION",
    "SCOPE",
    "SIZE_ALIASES",
    "SIZE_CODES",
    "activity_from_old",
    "activity_to_old",
    "breakdown",
    "population",
    "resolve_codes",
    "resolve_sizes",
    "size_from_old",
    "size_to_old",
    "unit_of",
]

#: Survey scope in words (the default population).
SCOPE = "all activities except the financial sector (NACE Rev. 2 C-J, L-N, 95.1)"
#: The default population: 10+ persons employed, all activities except the financial sector.
POPULATION = f"enterprises with 10 or more persons employed, {SCOPE}"

#: Size classes of the current layout.
SIZE_CODES = ("GE10", "10-49", "50-249", "GE250", "10-249", "0-9", "2-9", "0_1")
#: Friendlier names accepted by the ``size_class`` option.
SIZE_ALIASES = {
    "10+": "GE10",
    "ge10": "GE10",
    "small": "10-49",
    "medium": "50-249",
    "large": "GE250",
    "250+": "GE250",
    "ge250": "GE250",
    "sme": "10-249",
    "smes": "10-249",
}
_OLD_SIZE = {"10": "GE10", "S": "10-49", "M": "50-249", "L": "GE250", "SM": "10-249"}
_NEW_SIZE = {v: k for k, v in _OLD_SIZE.items()}
_OLD_DEFAULT_ACTIVITY = "C10_S951_XK"
_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_\-]*$")

_UNIT_BASE = {
    "PC_ENT": "enterprises",
    "PC_ENT_SM": "enterprises using social media",
    "PC_ENT_CUSE": "enterprises using computers",
    "PC_ENT_IUSE": "enterprises whose persons employed have internet access",
    "PC_ENT_WEB": "enterprises having a website",
    "PC_TURN": "turnover of enterprises",
}


def resolve_sizes(value: object) -> tuple[str, ...] | None:
    """The ``size_class`` option as size codes; ``None`` for "all" (no filter), ``()`` for the default.

    :raises QueryError: for an unknown size class, listing the accepted ones.
    """
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple, set)) else None
    if items is None:
        raise QueryError(f"source 'eurostat': option 'size_class' takes a size code or a list, not {value!r}")
    out: list[str] = []
    for item in items:
        text = str(item).strip()
        if text.lower() == "all":
            return None
        code = SIZE_ALIASES.get(text.lower(), text.upper())
        if code not in SIZE_CODES:
            choices = ", ".join([*SIZE_CODES, *SIZE_ALIASES, "all"])
            raise QueryError(f"source 'eurostat': unknown size class {text!r}; use one of {choices}")
        if code not in out:
            out.append(code)
    return tuple(out)


def resolve_codes(value: object, option: str) -> tuple[str, ...] | None:
    """A code-list option (``activity``, ``unit``) as upper-case codes; ``None`` for "all", ``()`` for the default.

    :raises QueryError: for something that is not a Eurostat code.
    """
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple, set)) else None
    if items is None:
        raise QueryError(f"source 'eurostat': option {option!r} takes a code or a list of codes, not {value!r}")
    out: list[str] = []
    for item in items:
        text = str(item).strip()
        if text.lower() == "all":
            return None
        code = text.upper()
        if not _CODE_RE.match(code):
            raise QueryError(f"source 'eurostat': option {option!r} got {text!r}, which is not a Eurostat code")
        if code not in out:
            out.append(code)
    return tuple(out)


def size_from_old(prefix: str) -> str:
    """The current size code of an older ``sizen_r2`` prefix (``S`` → ``10-49``); unknown prefixes unchanged."""
    return _OLD_SIZE.get(prefix, prefix)


def size_to_old(code: str) -> str | None:
    """The older ``sizen_r2`` prefix of a current size code, or ``None`` when there is none."""
    return _NEW_SIZE.get(code)


def activity_from_old(code: str) -> str:
    """The current activity code of an older one (only the survey total maps; others unchanged)."""
    return DEFAULT_ACTIVITY if code == _OLD_DEFAULT_ACTIVITY else code


def activity_to_old(code: str) -> str:
    """The older activity code for a current one (the survey total maps; others are sent as given)."""
    return _OLD_DEFAULT_ACTIVITY if code == DEFAULT_ACTIVITY else code


def unit_of(code: str) -> str | None:
    """The adoptstats unit of a Eurostat unit code: ``PC_*`` → ``percent``, ``NR`` → ``count``, ``I*`` → ``index``."""
    if code.startswith("PC_") or code == "PC":
        return "percent"
    if code == "NR":
        return "count"
    if re.match(r"^I\d", code):
        return "index"
    return None


def _size_phrase(code: str | None) -> str | None:
    if code is None:
        return None
    if code == "0_1":
        return "0 or 1 person employed"
    m = re.fullmatch(r"GE(\d+)", code)
    if m:
        return f"{m.group(1)} or more persons employed"
    m = re.fullmatch(r"(\d+)-(\d+)", code)
    if m:
        return f"{m.group(1)} to {m.group(2)} persons employed"
    return f"size class {code}"


def population(size: str | None, activity: str | None, unit: str | None, dataset: str) -> str:
    """The population a figure is a share of, in English.

    >>> population("GE10", "C10-S951_X_K", "PC_ENT", "isoc_cismt") == POPULATION
    True
    >>> population("10-49", "C", "PC_ENT_SM", "isoc_cismpn2")
    'enterprises using social media, with 10 to 49 persons employed, NACE Rev. 2 activity C'
    """
    if size is None and activity is None:
        unit_text = f" (unit {unit})" if unit else ""
        return f"as defined in Eurostat dataset {dataset}{unit_text}"
    base = _UNIT_BASE.get(unit or "PC_ENT", f"enterprises (unit {unit})")
    size_text = _size_phrase(size)
    if activity is None:
        act_text = None
    elif activity == DEFAULT_ACTIVITY:
        act_text = SCOPE
    else:
        act_text = f"NACE Rev. 2 activity {activity}"
    if base == "enterprises":
        head = f"enterprises with {size_text}" if size_text else "enterprises"
    else:
        head = f"{base}, with {size_text}" if size_text else base
    return f"{head}, {act_text}" if act_text else head


def breakdown(size: str | None, activity: str | None, extra: str = "") -> str:
    """``total`` for the default population, else what differs: ``size:10-49``, ``activity:C``, other dimensions.

    >>> breakdown("GE10", "C10-S951_X_K"), breakdown("10-49", "C10-S951_X_K"), breakdown("GE10", "C")
    ('total', 'size:10-49', 'activity:C')
    """
    parts: list[str] = []
    if size is not None and size != DEFAULT_SIZE:
        parts.append(f"size:{size}")
    if activity is not None and activity != DEFAULT_ACTIVITY:
        parts.append(f"activity:{activity}")
    if extra:
        parts.append(extra)
    return ";".join(parts) if parts else "total"
