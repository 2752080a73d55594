"""Import time of adoptstats and plugin discovery, against pandas' own import time.

Targets (DESIGN §7): ``import adoptstats`` within pandas' import time + 100 ms; plugin
discovery (``adoptstats.list_sources()`` after the import) adds under 50 ms.

Each figure is the median of several fresh interpreter runs::

    python benchmarks/bench_import.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

SNIPPETS = {
    "python": "pass",
    "import pandas": "import pandas",
    "import adoptstats": "import adoptstats",
    "import adoptstats + list_sources()": "import adoptstats; adoptstats.list_sources()",
}

TIMER = """
import time
t0 = time.perf_counter()
{code}
print(time.perf_counter() - t0)
"""


def run(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", TIMER.format(code=code)], capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    results = {name: run(code, args.runs) for name, code in SNIPPETS.items()}
    for name, seconds in results.items():
        print(f"{name:<38} {seconds * 1000:8.1f} ms")
    pandas_ms = results["import pandas"] * 1000
    core_ms = results["import adoptstats"] * 1000
    discovery_ms = (results["import adoptstats + list_sources()"] - results["import adoptstats"]) * 1000
    print()
    print(
        f"adoptstats over pandas: {core_ms - pandas_ms:+.1f} ms (target: < +100 ms) "
        f"{'OK' if core_ms - pandas_ms < 100 else 'MISSED'}"
    )
    print(f"plugin discovery:       {discovery_ms:+.1f} ms (target: < 50 ms) {'OK' if discovery_ms < 50 else 'MISSED'}")


if __name__ == "__main__":
    main()
