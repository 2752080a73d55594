"""Eurostat observation flags: reading both encodings, and saying what each flag means.

Eurostat wrote one string of single letters per cell until 27 January 2025 (``"p"``,
``"bep"``, ``"c"`` for confidential). Since then the flags are split into an observation
status and a confidentiality status, and the JSON-stat ``status`` reads ``<obs>|<conf>``
(``"p|"``, ``"|C"``, ``"e|C"``), with the renames ``s`` → ``i``, ``z`` → ``m`` and
``c`` → ``C`` (``docs/sources/eurostat.md``, "What the figures mean").

adoptstats keeps flags **verbatim, one token per flag**, in the ``flags`` column
(comma-separated, sorted): ``"bep"`` → ``"b,e,p"``, ``"p|"`` → ``"p"``, ``"e|C"`` → ``"C,e"``.
Lower-case letters are observation flags (one letter each); an upper-case code is a
confidentiality flag (kept whole). Flags change nothing in the numbers: a ``u`` (low
reliability) value keeps the interval its rounding gives; the flag stays visible, and
``ResultSet.filter(without_flag="u")`` drops such rows. Cells without a value (``:``,
confidential or not) are not rows at all.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["CONFIDENTIAL", "FLAGS", "explain_flags", "flags_table", "normalize_status"]

#: Meaning of every flag, with the period in which Eurostat used it.
FLAGS: dict[str, tuple[str, str]] = {
    "b": ("break in time series", "both"),
    "c": ("confidential", "before 2025 (now C)"),
    "d": ("definition differs, see metadata", "both"),
    "e": ("estimated", "both"),
    "f": ("forecast", "both"),
    "i": ("value imputed by Eurostat or another receiving agency", "since 2025 (was s)"),
    "m": ("missing value; data cannot exist", "since 2025 (was z)"),
    "n": ("not significant", "both"),
    "p": ("provisional", "both"),
    "r": ("revised", "before 2025"),
    "s": ("Eurostat estimate", "before 2025 (now i)"),
    "u": ("low reliability", "both"),
    "z": ("not applicable", "before 2025 (now m)"),
    "C": ("confidential", "since 2025 (confidentiality status; was c)"),
    "N": ("not for publication, restricted for internal use only", "since 2025 (confidentiality status)"),
    "P": ("information under non-statistical secrecy arrangements", "since 2025 (confidentiality status)"),
}

#: Flags that mean "confidential" in either encoding.
CONFIDENTIAL = frozenset({"c", "C", "N", "P"})

_TOKENS = re.compile(r"[a-z]|[A-Z][A-Za-z0-9_]*|[0-9][A-Za-z0-9_]*")


def normalize_status(status: str | None) -> str:
    """One Eurostat status string as adoptstats flags: comma-separated tokens, sorted, deduplicated.

    >>> normalize_status("bep"), normalize_status("p|"), normalize_status("|C"), normalize_status("e|C")
    ('b,e,p', 'p', 'C', 'C,e')
    >>> normalize_status(None), normalize_status("")
    ('', '')
    """
    if not status:
        return ""
    text = str(status).strip()
    obs, _, conf = text.partition("|")
    tokens = set(_TOKENS.findall(obs)) | set(_TOKENS.findall(conf))
    return ",".join(sorted(tokens))


def explain_flags(flags: str, labels: dict[str, str] | None = None) -> list[str]:
    """What each flag of a ``flags`` cell means, in order: ``"b,p"`` → ``["b: break in time series", ...]``.

    ``labels`` (a response's own status labels) are used for flags this module does not know;
    a flag nobody knows is reported as unknown, never as an error.

    >>> explain_flags("C,u")
    ['C: confidential', 'u: low reliability']
    """
    out: list[str] = []
    for flag in [f for f in flags.split(",") if f]:
        if flag in FLAGS:
            out.append(f"{flag}: {FLAGS[flag][0]}")
        elif labels and flag in labels:
            out.append(f"{flag}: {labels[flag].strip('|') or labels[flag]}")
        else:
            out.append(f"{flag}: unknown flag")
    return out


def flags_table() -> pd.DataFrame:
    """The flags as a frame: ``flag``, ``meaning``, ``used`` (which encoding period)."""
    return pd.DataFrame(
        [(k, meaning, used) for k, (meaning, used) in FLAGS.items()],
        columns=["flag", "meaning", "used"],
    )
