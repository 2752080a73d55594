"""Side-by-side timings of the Eurostat format readers (DESIGN.md section 7).

Generates, in memory and deterministically (seeded), an Eurostat-shaped JSON-stat 2.0 document
(dimensions freq, indic_is, unit, size_emp, nace_r2, geo, time; ``value`` a sparse object with
string keys; some status flags, some confidential cells with a status and no value) and an
SDMX TSV file of the same data, then times in one process, in interleaved rounds
(``time.perf_counter``; medians, and ratios paired by round):

- ``orjson.loads`` alone (the baseline) and ``json.loads`` alone  vs  ``read_jsonstat``  vs
  pyjstat (``Dataset.read`` + ``write("dataframe")``)
- ``pandas.read_csv`` tokenising the TSV  vs  ``read_sdmx_tsv``  vs  the ``eurostat`` package's
  ``get_data(code, flags=True)`` plus its DataFrame, driven offline (its HTTP function is
  replaced by one that returns the gzip bytes)

Run: ``pip install -e ".[bench]"`` then ``python benchmarks/bench_formats.py [--cells N]``.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import io
import json
import math
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import orjson
import pandas as pd

from adoptstats.formats import read_jsonstat, read_sdmx_tsv

SIZE_EMP = ["0_1", "0-9", "2-9", "10-49", "10-249", "GE10", "50-249", "GE250"]
NACE = ["C10-S951_X_K", "G45-S951_X_K", "C"]
UNIT = ["PC_ENT", "PC_ENT_SM"]
GEO = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT", "LT",
    "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "EU27_2020", "EU28", "EA20", "IS", "NO",
    "ME", "RS", "TR", "BA", "MK", "AL", "UK", "XK",
]  # fmt: skip
YEARS = [str(y) for y in range(2009, 2025)]
FILL = 0.9  # share of cube cells that carry a value


def make_documents(cells: int, seed: int = 20240601) -> tuple[bytes, bytes, int]:
    """JSON-stat bytes, gzip TSV bytes (CRLF, as Eurostat sends) and the number of value cells."""
    rng = np.random.default_rng(seed)
    per_indicator = len(UNIT) * len(SIZE_EMP) * len(NACE) * len(GEO) * len(YEARS)
    n_ind = max(1, math.ceil(cells / FILL / per_indicator))
    dims: dict[str, list[str]] = {
        "freq": ["A"],
        "indic_is": [f"E_IND{i:03d}" for i in range(n_ind)],
        "unit": UNIT,
        "size_emp": SIZE_EMP,
        "nace_r2": NACE,
        "geo": GEO,
        "time": YEARS,
    }
    sizes = [len(c) for c in dims.values()]
    total = math.prod(sizes)
    n_values = min(cells, total)
    filled = np.zeros(total, dtype=bool)
    filled[rng.choice(total, n_values, replace=False)] = True
    values = np.round(rng.uniform(0.0, 100.0, total), 1)
    draw = rng.random(total)
    status = np.full(total, "", dtype=object)
    status[filled & (draw < 0.04)] = "e"
    status[filled & (draw >= 0.04) & (draw < 0.05)] = "b"
    status[~filled & (draw < 0.3)] = "C"  # confidential: a status, no value

    value_flat = np.flatnonzero(filled)
    value_obj = dict(zip(map(str, value_flat.tolist()), values[value_flat].tolist(), strict=True))
    status_flat = np.flatnonzero(status != "")
    status_obj = dict(zip(map(str, status_flat.tolist()), status[status_flat].tolist(), strict=True))
    doc: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "Benchmark: ICT usage in enterprises (synthetic)",
        "source": "ESTAT",
        "updated": "2025-04-08T23:00:00+0200",
        "value": value_obj,
        "status": status_obj,
        "id": list(dims),
        "size": sizes,
        "dimension": {
            name: {
                "label": name,
                "category": {"index": {c: i for i, c in enumerate(codes)}, "label": {c: c for c in codes}},
            }
            for name, codes in dims.items()
        },
        "extension": {
            "lang": "EN",
            "id": "ISOC_BENCH",
            "status": {"label": {"e": "estimated", "b": "break", "C": "confidential"}},
        },
    }
    json_bytes = json.dumps(doc, separators=(",", ":")).encode()

    # TSV: one line per series that has any data, periods ascending
    n_t = len(YEARS)
    grid_values = values.reshape(-1, n_t)
    grid_filled = filled.reshape(-1, n_t)
    grid_status = status.reshape(-1, n_t)
    series_codes = np.unravel_index(np.arange(total // n_t), sizes[:-1])
    dim_codes = [np.array(codes, dtype=object) for codes in list(dims.values())[:-1]]
    keys = dim_codes[0][series_codes[0]]
    for d in range(1, len(dim_codes)):
        keys = keys + "," + dim_codes[d][series_codes[d]]
    text_values = np.char.mod("%.1f", grid_values).astype(object)
    cells_text = np.where(
        grid_filled, text_values + " " + grid_status, np.where(grid_status != "", ":" + grid_status, ": ")
    )
    order = np.argsort(keys, kind="stable")  # Eurostat sorts lines by series key
    lines = [",".join(dims).replace(",time", "") + "\\TIME_PERIOD\t" + "\t".join(y + " " for y in YEARS)]
    has_data = (grid_filled | (grid_status != "")).any(axis=1)
    lines += [keys[i] + "\t" + "\t".join(cells_text[i]) for i in order if has_data[i]]
    tsv = ("\r\n".join(lines) + "\r\n").encode()
    return json_bytes, gzip.compress(tsv, compresslevel=6, mtime=0), n_values


class Timings:
    """Wall-clock and CPU seconds of each reader, one entry per round (NaN where it did not run)."""

    def __init__(self, names: list[str]) -> None:
        self.wall: dict[str, list[float]] = {name: [] for name in names}
        self.cpu: dict[str, list[float]] = {name: [] for name in names}

    def median(self, name: str, cpu: bool = False) -> float:
        """The median over the rounds the reader ran in."""
        kept = [x for x in (self.cpu if cpu else self.wall)[name] if not math.isnan(x)]
        return statistics.median(kept) if kept else math.nan

    def ratio(self, a: str, b: str, cpu: bool = False) -> float:
        """The ratio of the medians of ``a`` and ``b``."""
        return self.median(a, cpu) / self.median(b, cpu)


def interleaved(fns: dict[str, Callable[[], Any]], rounds: int, rare: dict[str, int]) -> Timings:
    """Time each function once per round, the rounds interleaved (a, b, c, a, b, c, ...).

    Interleaving keeps a slow patch of machine load from landing on one reader only. A
    function named in ``rare`` runs only in that many rounds (the first ones). Both the wall
    time (``time.perf_counter``) and the CPU time of the process (``time.process_time``,
    which other programs' load affects less) are kept.
    """
    times = Timings(list(fns))
    for r in range(rounds):
        for name, fn in fns.items():
            if r >= rare.get(name, rounds):
                times.wall[name].append(math.nan)
                times.cpu[name].append(math.nan)
                continue
            gc.collect()
            cpu, start = time.process_time(), time.perf_counter()
            fn()
            times.wall[name].append(time.perf_counter() - start)
            times.cpu[name].append(time.process_time() - cpu)
    return times


def pyjstat_frame(json_bytes: bytes) -> pd.DataFrame:
    """pyjstat's documented path: ``Dataset.read(text).write("dataframe")``."""
    from pyjstat import pyjstat

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        frame: pd.DataFrame = pyjstat.Dataset.read(json_bytes.decode()).write("dataframe", naming="id")
        return frame


def eurostat_frame(tsv_gz: bytes, dims: list[str]) -> pd.DataFrame:
    """The ``eurostat`` package's ``get_data(flags=True)`` + DataFrame, with HTTP replaced."""
    import eurostat.eurostat as es

    class _Response:
        content = tsv_gz
        ok = True

    saved = es.__get_dims_info__, es.__get_resp__
    es.__get_dims_info__ = lambda code, **kw: ["ESTAT", "EUROSTAT", [(str(i), d) for i, d in enumerate(dims)]]
    es.__get_resp__ = lambda url, **kw: _Response()
    try:
        rows = es.get_data("isoc_bench", flags=True)
        return pd.DataFrame(rows[1:], columns=rows[0])
    finally:
        es.__get_dims_info__, es.__get_resp__ = saved


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; the exit status is 0 whatever the result."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=1_000_000, help="value cells in the JSON-stat document")
    parser.add_argument("--repeat", type=int, default=7, help="interleaved rounds (medians are reported)")
    parser.add_argument("--slow-repeat", type=int, default=3, help="rounds that also run pyjstat (the slowest)")
    parser.add_argument("--skip-slow", action="store_true", help="do not run pyjstat and eurostat")
    args = parser.parse_args(argv)
    rounds = max(1, args.repeat)
    rare = {"pyjstat": 0, "eurostat": 0} if args.skip_slow else {"pyjstat": min(rounds, max(1, args.slow_repeat))}

    t0 = time.perf_counter()
    json_bytes, tsv_gz, n_values = make_documents(args.cells)
    tsv = gzip.decompress(tsv_gz)
    print(
        f"generated in {time.perf_counter() - t0:.1f}s: JSON-stat {len(json_bytes) / 1e6:.1f} MB "
        f"({n_values} values), TSV {len(tsv) / 1e6:.1f} MB ({len(tsv_gz) / 1e6:.1f} MB gzip); "
        f"python {sys.version.split()[0]}, pandas {pd.__version__}, numpy {np.__version__}, "
        f"orjson {orjson.__version__}; {os.cpu_count()} CPUs, {load_average()}"
    )
    # sanity: both readers see the same cells
    a = read_jsonstat(json_bytes)
    b = read_sdmx_tsv(tsv_gz)
    assert len(a) == len(b), (len(a), len(b))

    dims = ["freq", "indic_is", "unit", "size_emp", "nace_r2", "geo"]
    times = interleaved(
        {
            "orjson.loads": lambda: orjson.loads(json_bytes),
            "read_jsonstat": lambda: read_jsonstat(json_bytes),
            "json.loads": lambda: json.loads(json_bytes),
            "pyjstat": lambda: pyjstat_frame(json_bytes),
            "read_csv": lambda: pd.read_csv(io.BytesIO(tsv), sep="\t", dtype=str, engine="c"),
            "read_sdmx_tsv": lambda: read_sdmx_tsv(tsv),
            "read_sdmx_tsv gzip": lambda: read_sdmx_tsv(tsv_gz),
            "eurostat": lambda: eurostat_frame(tsv_gz, dims),
        },
        rounds,
        rare,
    )

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    def at_most(a: str, b: str, target: float) -> str:
        ratio, cpu = times.ratio(a, b), times.ratio(a, b, cpu=True)
        return f"{ratio:.2f}x {b} (target <= {target:g}x: {verdict(ratio <= target)}; CPU {cpu:.2f}x)"

    def slower(a: str, b: str, target: float) -> str:
        ratio = times.ratio(a, b)
        if math.isnan(ratio):
            return "skipped"
        cpu = times.ratio(a, b, cpu=True)
        return f"{ratio:.1f}x slower than {b} (target >= {target:g}x: {verdict(ratio >= target)}; CPU {cpu:.1f}x)"

    info = f"{times.ratio('read_sdmx_tsv gzip', 'read_csv'):.2f}x read_csv (gunzip included; information)"
    rows = [
        ("orjson.loads (baseline)", "orjson.loads", ""),
        ("json.loads (for reference)", "json.loads", f"{times.ratio('json.loads', 'orjson.loads'):.2f}x orjson.loads"),
        ("read_jsonstat", "read_jsonstat", at_most("read_jsonstat", "orjson.loads", 1.5)),
        ("pyjstat read + dataframe", "pyjstat", slower("pyjstat", "read_jsonstat", 5)),
        ("pandas.read_csv (baseline)", "read_csv", ""),
        ("read_sdmx_tsv (plain)", "read_sdmx_tsv", at_most("read_sdmx_tsv", "read_csv", 4)),
        ("read_sdmx_tsv (gzip)", "read_sdmx_tsv gzip", info),
        ("eurostat get_data + frame", "eurostat", slower("eurostat", "read_sdmx_tsv gzip", 8)),
    ]
    width = max(len(r[0]) for r in rows)
    slow = "pyjstat skipped" if args.skip_slow else f"pyjstat in {rare['pyjstat']} of them"
    print(f"{rounds} interleaved rounds ({slow}); median wall times; ratios of the medians (and of CPU times)")
    print(f"{'reader':<{width}}  {'median (s)':>10}  ratio")
    for label, name, note in rows:
        print(f"{label:<{width}}  {times.median(name):>10.3f}  {note}")
    print(f"total {time.perf_counter() - t0:.1f}s; {load_average()}")
    return 0


def load_average() -> str:
    """The machine's load average over 1, 5 and 15 minutes, as text."""
    try:
        return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:  # not on every platform
        return "load average unknown"


if __name__ == "__main__":
    raise SystemExit(main())
