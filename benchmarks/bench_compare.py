"""Side-by-side timings of ``rank`` and ``compare`` over a 1,000,000-row ResultSet (DESIGN.md section 7).

Builds, in memory and deterministically (seeded), a canonical frame of shares: 25 concepts ×
25 years × 40 breakdowns × 40 geographies (39 countries and ``EU27_2020``) = 1,000,000
rows, in shuffled order, with published precision of one decimal and a few open-ended
figures ("more than x%"), wraps it with ``ResultSet.from_frame`` (not timed), then times in
one process (best of N, ``time.perf_counter``):

- the baseline: ``frame.groupby(["concept", "period", "breakdown"])["value"].rank(ascending=False,
  method="min")`` on the same frame;
- ``adoptstats.rank(rs, breakdown=None, each=True)``: rank *and* rank interval of every
  geography in every concept × period × breakdown group (aggregates left out), plus
  ``.to_frame()`` (sorted league tables) separately;
- ``adoptstats.compare(rs, "BE", concept=..., period=..., breakdown=...)`` over the whole
  ResultSet (selection, checks, differences, verdicts, rank of the focus).

The target is a ratio of at most 3 against the baseline for ``rank`` and ``compare``.

Run: ``python benchmarks/bench_compare.py [--rows N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import adoptstats
from adoptstats import Citation, ResultSet

GEO = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "GR", "ES", "FI", "FR", "HR", "HU", "IE", "IT", "LT",
    "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "NO", "ME", "RS", "TR", "BA", "MK",
    "AL", "GB", "CH", "US", "JP", "EU27_2020",
]  # fmt: skip
CONCEPTS = [f"bench.concept_{i:02d}" for i in range(25)]
PERIODS = [str(y) for y in range(2000, 2025)]
BREAKDOWNS = ["total"] + [f"size:{i:02d}" for i in range(39)]


def make_resultset(rows: int, seed: int = 20240601) -> ResultSet:
    """A canonical ResultSet of about ``rows`` rows (whole concept × period × breakdown groups)."""
    rng = np.random.default_rng(seed)
    per_group = len(GEO)
    groups_needed = max(1, rows // per_group)
    n_conc = min(len(CONCEPTS), max(1, round(groups_needed / (len(PERIODS) * len(BREAKDOWNS)))))
    n_groups = n_conc * len(PERIODS) * len(BREAKDOWNS)
    n = n_groups * per_group
    idx = rng.permutation(n)
    geo_i = idx % per_group
    rest = idx // per_group
    brk_i = rest % len(BREAKDOWNS)
    rest //= len(BREAKDOWNS)
    per_i = rest % len(PERIODS)
    con_i = rest // len(PERIODS)
    value = np.round(rng.uniform(0.0, 100.0, n), 1)
    open_mask = (rng.random(n) < 0.01) & (value < 100.0)  # "more than 100%" is impossible
    qualifier_codes = open_mask.astype(np.int8)  # 0 exact, 1 more_than
    half = 0.05
    lower = np.where(open_mask, value, np.maximum(value - half, 0.0))
    upper = np.where(open_mask, 100.0, np.minimum(value + half, 100.0))
    cite = Citation(publisher="Benchmark (synthetic)", title="synthetic shares for timing", primary=True)
    frame = pd.DataFrame(
        {
            "source": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=pd.Index(["bench"])),
            "dataset": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=pd.Index(["synthetic"])),
            "indicator": pd.Categorical.from_codes(con_i, categories=pd.Index([c.upper() for c in CONCEPTS])),
            "concept": pd.Categorical.from_codes(con_i, categories=pd.Index(CONCEPTS)),
            "geo": pd.Categorical.from_codes(geo_i, categories=pd.Index(GEO)),
            "period": pd.Categorical.from_codes(per_i, categories=pd.Index(PERIODS)),
            "population": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=pd.Index(["enterprises"])),
            "breakdown": pd.Categorical.from_codes(brk_i, categories=pd.Index(BREAKDOWNS)),
            "unit": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=pd.Index(["percent"])),
            "value": value,
            "lower": np.round(lower, 3),
            "upper": np.round(upper, 3),
            "qualifier": pd.Categorical.from_codes(qualifier_codes, categories=pd.Index(["exact", "more_than"])),
            "decimals": pd.array(np.ones(n, dtype=np.int64), dtype="Int64"),
            "citation_id": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=pd.Index([cite.id])),
        }
    )
    return ResultSet.from_frame(frame, [cite], normalize=False)


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    """Best wall time of ``repeat`` calls, with garbage collection before each."""
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    t0 = time.perf_counter()
    rs = make_resultset(args.rows)
    frame = rs.frame
    print(f"built a ResultSet of {len(rs):,} rows in {time.perf_counter() - t0:.1f} s (not timed below)")

    def baseline() -> pd.Series:
        return frame.groupby(["concept", "period", "breakdown"], observed=True)["value"].rank(
            ascending=False, method="min"
        )

    def ranked() -> adoptstats.RankTable:
        return adoptstats.rank(rs, breakdown=None, each=True)

    table = ranked()
    # sanity: the point ranks equal pandas' on the countries (aggregates are not ranked by adoptstats)
    countries = frame[frame["geo"] != "EU27_2020"].reset_index(drop=True)
    expected = countries.groupby(["concept", "period", "breakdown"], observed=True)["value"].rank(
        ascending=False, method="min"
    )
    if not np.array_equal(table.frame["rank"].to_numpy(), expected.to_numpy().astype(np.int64)):
        raise SystemExit("rank() disagrees with pandas on the point ranks")

    def ranked_frame() -> pd.DataFrame:
        return table.to_frame()

    present = rs.unique("concept")
    concept = present[min(7, len(present) - 1)]

    def compared() -> adoptstats.Comparison:
        return adoptstats.compare(rs, "BE", concept=concept, period="2015", breakdown="size:03")

    compared()  # warm up (statsmodels imports, geography names)
    t_base = best_of(baseline, args.repeat)
    t_rank = best_of(ranked, args.repeat)
    t_frame = best_of(ranked_frame, args.repeat)
    t_cmp = best_of(compared, args.repeat)
    print(f"pandas groupby-rank (baseline)            {t_base * 1000:8.1f} ms")
    print(f"adoptstats.rank(each=True)                {t_rank * 1000:8.1f} ms   ratio {t_rank / t_base:5.2f}")
    print(f"  + RankTable.to_frame() (sorted tables)  {t_frame * 1000:8.1f} ms   ratio {t_frame / t_base:5.2f}")
    print(f"adoptstats.compare (one figure of 1M)     {t_cmp * 1000:8.1f} ms   ratio {t_cmp / t_base:5.2f}")
    print("target: rank and compare within 3x the baseline")


if __name__ == "__main__":
    main()
