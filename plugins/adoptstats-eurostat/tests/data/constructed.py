"""Build the CONSTRUCTED test payloads: JSON-stat 2.0 documents shaped like Eurostat's answers.

Nothing here is real data. The structure (dimension ids and order, codes, ``updated``,
``extension``, status strings) follows Eurostat's documented JSON-stat answers (see
``docs/sources/eurostat.md``); the numbers are made up for the tests. Files written by
:func:`main` are named ``constructed_*`` and listed as constructed in ``README.md`` beside this file.

Run ``python constructed.py`` in this folder to rewrite the files.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent

LABELS = {
    "freq": {"A": "Annual"},
    "size_emp": {
        "GE10": "10 persons employed or more",
        "10-49": "From 10 to 49 persons employed",
        "50-249": "From 50 to 249 persons employed",
        "GE250": "250 persons employed or more",
    },
    "nace_r2": {
        "C10-S951_X_K": (
            "All activities (except agriculture, forestry and fishing, and mining and quarrying), "
            "without financial sector"
        ),
        "C": "Manufacturing",
        "J": "Information and communication",
    },
    "indic_is": {
        "E_SM1_ANY": "Enterprises using any social media",
        "E_SM1_SNET": "Enterprises using social networks",
        "E_SM_SNET": "Enterprises using social networks (2013)",
        "E_SM_BLOG": "Enterprises using blogs or microblogs (2013)",
    },
    "unit": {"PC_ENT": "Percentage of enterprises"},
    "geo": {
        "EU27_2020": "European Union - 27 countries (from 2020)",
        "EA": "Euro area",
        "BE": "Belgium",
        "EL": "Greece",
        "ES": "Spain",
        "LU": "Luxembourg",
        "NL": "Netherlands",
        "UK": "United Kingdom",
        "EFTA": "European Free Trade Association",
    },
}

DIMENSION_LABELS = {
    "freq": "Time frequency",
    "size_emp": "Size classes in number of persons employed",
    "nace_r2": "Statistical classification of economic activities in the European Community (NACE Rev. 2)",
    "indic_is": "Information society indicator",
    "unit": "Unit of measure",
    "geo": "Geopolitical entity (reporting)",
    "time": "Time",
    "sizen_r2": "Size class and NACE Rev. 2 activity",
}

STATUS_LABELS = {
    "b": "break in time series",
    "p": "provisional",
    "u": "low reliability",
    "c": "confidential",
    "e": "estimated",
    "|C": "|confidential",
    "p|": "provisional|",
    "u|": "low reliability|",
    "e|": "estimated|",
    "b|": "break in time series|",
}

TITLE_CISMT = "Social media use by type, internet advertising and size class of enterprise"
TITLE_CISMTN2 = "Social media use by type, internet advertising and NACE Rev. 2 activity"


def jsonstat(
    dims: Sequence[tuple[str, Sequence[str]]],
    cells: Mapping[tuple[str, ...], float | tuple[float | None, str]],
    *,
    label: str,
    updated: str = "2025-04-08T23:00:00+0200",
    dataset_id: str = "ISOC_CISMT",
) -> dict[str, Any]:
    """A JSON-stat 2.0 document in Eurostat's form: sparse ``value`` and ``status`` keyed by flat index.

    ``cells`` maps a tuple of codes (in ``dims`` order) to a value or to ``(value, status)``;
    a ``None`` value with a status is a flagged empty cell (confidential ...).
    """
    ids = [d for d, _ in dims]
    sizes = [len(codes) for _, codes in dims]
    positions = [{c: i for i, c in enumerate(codes)} for _, codes in dims]
    strides = [math.prod(sizes[i + 1 :]) for i in range(len(sizes))]
    value: dict[str, float] = {}
    status: dict[str, str] = {}
    for key, cell in sorted(cells.items(), key=lambda kv: _flat(kv[0], positions, strides)):
        flat = str(_flat(key, positions, strides))
        v, s = cell if isinstance(cell, tuple) else (cell, None)
        if v is not None:
            value[flat] = v
        if s:
            status[flat] = s
    used = sorted(set(status.values()))
    dimension: dict[str, Any] = {}
    for dim, codes in dims:
        labels = {c: (c if dim == "time" else LABELS.get(dim, {}).get(c, c)) for c in codes}
        dimension[dim] = {
            "label": DIMENSION_LABELS.get(dim, dim),
            "category": {"index": {c: i for i, c in enumerate(codes)}, "label": labels},
        }
    doc: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": label,
        "source": "ESTAT",
        "updated": updated,
        "value": value,
    }
    if status:
        doc["status"] = status
    doc.update(
        {
            "id": ids,
            "size": sizes,
            "dimension": dimension,
            "extension": {
                "lang": "EN",
                "id": dataset_id,
                "agencyId": "ESTAT",
                "version": "1.0",
                "status": {"label": {s: STATUS_LABELS.get(s, s) for s in used}},
            },
        }
    )
    return doc


def _flat(key: tuple[str, ...], positions: list[dict[str, int]], strides: list[int]) -> int:
    return sum(p[k] * s for k, p, s in zip(key, positions, strides, strict=True))


def cismt_headline(geos: Sequence[str] = ("EU27_2020", "BE", "ES", "LU", "NL")) -> dict[str, Any]:
    """``isoc_cismt``, ``E_SM1_ANY``, ``PC_ENT``, 10+ persons employed, 2019/2021/2023, current layout.

    Old-style single-letter flags: ``b`` on one cell, ``p`` on another, ``u`` on a third.
    """
    years = ("2019", "2021", "2023")
    numbers = {
        "EU27_2020": (52.31, 58.62, 60.94),
        "BE": (70.12, 78.45, 80.07),
        "ES": (55.48, 64.96, 66.21),
        "LU": (61.8, 66.03, 68.5),
        "NL": (73.93, 79.84, 82.66),
    }
    flags = {("BE", "2021"): "b", ("NL", "2023"): "p", ("LU", "2019"): "u"}
    cells: dict[tuple[str, ...], float | tuple[float | None, str]] = {}
    for geo, year in itertools.product(geos, years):
        v = numbers[geo][years.index(year)]
        f = flags.get((geo, year))
        cells[("A", "GE10", "C10-S951_X_K", "E_SM1_ANY", "PC_ENT", geo, year)] = (v, f) if f else v
    dims = [
        ("freq", ["A"]),
        ("size_emp", ["GE10"]),
        ("nace_r2", ["C10-S951_X_K"]),
        ("indic_is", ["E_SM1_ANY"]),
        ("unit", ["PC_ENT"]),
        ("geo", list(geos)),
        ("time", list(years)),
    ]
    return jsonstat(dims, cells, label=TITLE_CISMT)


def cismt_flags_2025() -> dict[str, Any]:
    """Post-January-2025 ``obs|conf`` statuses, ``EL``/``UK``/``EA``, an unknown aggregate, size classes.

    - ``|C`` with no value (confidential: not a row), ``u|`` (low reliability), ``p|``, ``e|``;
    - ``EL`` → ``GR``, ``UK`` → ``GB``, ``EA`` kept, ``EFTA`` unknown to adoptstats (left out);
    - size classes ``GE10``, ``10-49`` and ``GE250``.
    """
    sizes = ["GE10", "10-49", "GE250"]
    geos = ["EA", "BE", "EL", "UK", "EFTA"]
    cells: dict[tuple[str, ...], float | tuple[float | None, str]] = {}
    base = {"EA": 59.0, "BE": 80.0, "EL": 55.0, "UK": 70.0, "EFTA": 75.0}
    step = {"GE10": 0.0, "10-49": -2.5, "GE250": 12.5}
    for size, geo in itertools.product(sizes, geos):
        cells[("A", size, "C10-S951_X_K", "E_SM1_ANY", "PC_ENT", geo, "2025")] = base[geo] + step[size]
    cells[("A", "GE250", "C10-S951_X_K", "E_SM1_ANY", "PC_ENT", "EL", "2025")] = (None, "|C")
    cells[("A", "10-49", "C10-S951_X_K", "E_SM1_ANY", "PC_ENT", "EL", "2025")] = (52.5, "u|")
    cells[("A", "GE10", "C10-S951_X_K", "E_SM1_ANY", "PC_ENT", "BE", "2025")] = (80.0, "p|")
    cells[("A", "GE10", "C10-S951_X_K", "E_SM1_ANY", "PC_ENT", "EA", "2025")] = (59.0, "e|")
    dims = [
        ("freq", ["A"]),
        ("size_emp", sizes),
        ("nace_r2", ["C10-S951_X_K"]),
        ("indic_is", ["E_SM1_ANY"]),
        ("unit", ["PC_ENT"]),
        ("geo", geos),
        ("time", ["2025"]),
    ]
    return jsonstat(dims, cells, label=TITLE_CISMT, updated="2026-04-08T23:00:00+0200")


def cismt_sizen_r2_2013() -> dict[str, Any]:
    """The older layout ``unit, sizen_r2, indic_is, geo, time`` with the 2013 ``E_SM_*`` codes and old flags.

    ``c`` (confidential, no value) is not a row; ``p`` stays a flag.
    """
    combined = ["10_C10_S951_XK", "S_C10_S951_XK", "L_C10_S951_XK"]
    geos = ["BE", "EL", "NL"]
    indicators = ["E_SM_BLOG", "E_SM_SNET"]
    cells: dict[tuple[str, ...], float | tuple[float | None, str]] = {}
    base = {"BE": 30.0, "EL": 20.0, "NL": 45.0}
    shift = {"10_C10_S951_XK": 0.0, "S_C10_S951_XK": -3.0, "L_C10_S951_XK": 20.0}
    for comb, ind, geo in itertools.product(combined, indicators, geos):
        v = (base[geo] + shift[comb]) * (1.0 if ind == "E_SM_SNET" else 0.5)
        cells[("PC_ENT", comb, ind, geo, "2013")] = v
    cells[("PC_ENT", "L_C10_S951_XK", "E_SM_BLOG", "EL", "2013")] = (None, "c")
    cells[("PC_ENT", "10_C10_S951_XK", "E_SM_SNET", "NL", "2013")] = (45.0, "p")
    dims = [
        ("unit", ["PC_ENT"]),
        ("sizen_r2", combined),
        ("indic_is", indicators),
        ("geo", geos),
        ("time", ["2013"]),
    ]
    return jsonstat(dims, cells, label=TITLE_CISMT, updated="2014-12-09T11:00:00+0100")


def cismtn2_activities() -> dict[str, Any]:
    """``isoc_cismtn2``: ``E_SM1_SNET`` for 10+ persons employed by NACE activity (C, J, total), BE and NL."""
    activities = ["C10-S951_X_K", "C", "J"]
    geos = ["BE", "NL"]
    numbers = {"C10-S951_X_K": 75.0, "C": 66.0, "J": 91.0}
    cells: dict[tuple[str, ...], float | tuple[float | None, str]] = {}
    for act, geo in itertools.product(activities, geos):
        cells[("A", "GE10", act, "E_SM1_SNET", "PC_ENT", geo, "2023")] = numbers[act] + (3.0 if geo == "NL" else 0.0)
    dims = [
        ("freq", ["A"]),
        ("size_emp", ["GE10"]),
        ("nace_r2", activities),
        ("indic_is", ["E_SM1_SNET"]),
        ("unit", ["PC_ENT"]),
        ("geo", geos),
        ("time", ["2023"]),
    ]
    return jsonstat(dims, cells, label=TITLE_CISMTN2, dataset_id="ISOC_CISMTN2")


def cismt_bulk_tsv() -> str:
    """``isoc_cismt`` as an SDMX TSV bulk file (CRLF, trailing spaces, ``: `` for missing, flags after a space).

    Two size classes (``GE10``, ``10-49``), two indicators, BE/EL/NL, 2021 and 2023; one
    value written with a trailing zero (``61.80``), one confidential cell (``:c``).
    """
    header = "freq,size_emp,nace_r2,indic_is,unit,geo\\TIME_PERIOD\t2021 \t2023 "
    rows = [
        ("GE10", "E_SM1_ANY", "BE", "78.45 b", "80.07 "),
        ("GE10", "E_SM1_ANY", "EL", "55.10 ", "61.80 p"),
        ("GE10", "E_SM1_ANY", "NL", "79.84 ", "82.66 "),
        ("GE10", "E_SM1_SNET", "BE", "70.00 ", "72.31 "),
        ("GE10", "E_SM1_SNET", "NL", ": ", "77.02 u"),
        ("10-49", "E_SM1_ANY", "BE", "76.12 ", ":c"),
        ("10-49", "E_SM1_ANY", "NL", "78.02 ", "80.95 "),
    ]
    lines = [header]
    for size, ind, geo, a, b in sorted(rows):
        lines.append(f"A,{size},C10-S951_X_K,{ind},PC_ENT,{geo}\t{a}\t{b}")
    return "\r\n".join(lines) + "\r\n"


ASYNC_WARNING = {
    "warning": {
        "status": 413,
        "label": "ASYNCHRONOUS_RESPONSE. Your request will be treated asynchronously. Please try again later.",
    }
}
ASYNC_ERROR = {
    "error": [
        {
            "status": 413,
            "id": 413,
            "label": "ASYNCHRONOUS_RESPONSE. Your request will be treated asynchronously. Please try again later.",
        }
    ]
}
LAYOUT_ERROR = {
    "error": [
        {
            "status": 400,
            "id": 150,
            "label": (
                "INVALID_QUERY_DIMENSION: Query is invalid as per its structure's definition. "
                'Dimension "SIZE_EMP" is not defined'
            ),
        }
    ]
}
THROTTLE_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Sorry</title></head>\n"
    "<body><h1>Sorry</h1><p>Too many requests. Please try again later.</p></body></html>\n"
)

FILES: dict[str, Any] = {
    "constructed_isoc_cismt_E_SM1_ANY_5geo_2019-2023.json": cismt_headline,
    "constructed_isoc_cismt_flags_2025.json": cismt_flags_2025,
    "constructed_isoc_cismt_sizen_r2_2013.json": cismt_sizen_r2_2013,
    "constructed_isoc_cismtn2_activities_2023.json": cismtn2_activities,
    "constructed_async_warning_200.json": lambda: ASYNC_WARNING,
    "constructed_async_error_413.json": lambda: ASYNC_ERROR,
    "constructed_error_400_size_emp_not_defined.json": lambda: LAYOUT_ERROR,
}


def main() -> None:
    """Write every constructed file next to this script."""
    for name, make in FILES.items():
        (HERE / name).write_text(json.dumps(make(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (HERE / "constructed_throttle_page.html").write_text(THROTTLE_PAGE, encoding="utf-8")
    (HERE / "constructed_isoc_cismt_bulk.tsv").write_bytes(cismt_bulk_tsv().encode("ascii"))


if __name__ == "__main__":
    main()
