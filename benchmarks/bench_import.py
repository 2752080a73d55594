"""Import time of adoptstats and plugin discovery, against pandas' own import time.

Targets (DESIGN §7): ``import adoptstats`` within pandas' import time + 100 ms; plugin
discovery (``adoptstats.list_sources()`` after the import) adds under 50 ms.

Each figure is the median of several fresh interpreters. The import and the discovery are
timed in the same interpreter, one after the other, so that the discovery figure is not the
difference of two noisy medians; the snippets run interleaved. One warm-up run per snippet
comes first and is not counted: it writes the byte-code caches, as any installed package has
them (``PYTHONDONTWRITEBYTECODE`` is removed from the children's environment for the same
reason)::

    python benchmarks/bench_import.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

TIMER = """
import json, time
t0 = time.perf_counter()
{code}
t1 = time.perf_counter()
{then}
t2 = time.perf_counter()
print(json.dumps({{"first": t1 - t0, "then": t2 - t1, "plugins": {plugins}}}))
"""

PLUGINS = "{p.name: p.load_seconds for p in adoptstats.list_plugins()}"


def child(code: str, then: str = "pass", plugins: str = "{}", extra_env: str = "") -> dict[str, object]:
    """Run one fresh interpreter; its timings as a dictionary. ``extra_env``: ``NAME=value`` or empty."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE" and not k.startswith("ADOPTSTATS_")}
    if extra_env:
        name, _, value = extra_env.partition("=")
        env[name] = value
    out = subprocess.run(
        [sys.executable, "-c", TIMER.format(code=code, then=then, plugins=plugins)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def median_ms(runs: list[dict[str, object]], key: str) -> float:
    """The median of one timing over runs, in milliseconds."""
    return statistics.median(float(r[key]) for r in runs) * 1000  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    snippets = {
        "pandas": ("import pandas", "pass", "{}", ""),
        "ours": ("import adoptstats", "adoptstats.list_sources()", PLUGINS, ""),
        "host": ("import adoptstats", "adoptstats.list_sources()", "{}", "ADOPTSTATS_LOAD_PLUGINS="),
    }
    for snippet in snippets.values():
        child(*snippet)  # warm-up: byte-code caches
    timings: dict[str, list[dict[str, object]]] = {name: [] for name in snippets}
    for _ in range(args.runs):  # interleaved, so that load on the machine hits every snippet alike
        for name, snippet in snippets.items():
            timings[name].append(child(*snippet))
    pandas, ours, host = timings["pandas"], timings["ours"], timings["host"]

    pandas_ms = median_ms(pandas, "first")
    core_ms = median_ms(ours, "first")
    discovery_ms = median_ms(ours, "then")
    print(f"{'import pandas':<40} {pandas_ms:8.1f} ms")
    print(f"{'import adoptstats':<40} {core_ms:8.1f} ms")
    print(f"{'then adoptstats.list_sources()':<40} {discovery_ms:8.1f} ms")
    names = sorted({name for r in ours for name in r["plugins"]})  # type: ignore[attr-defined]
    for name in names:
        seconds = [r["plugins"].get(name) for r in ours]  # type: ignore[attr-defined]
        known = [s for s in seconds if s is not None]
        if known:
            print(f"{'  of which plugin ' + repr(name):<40} {statistics.median(known) * 1000:8.1f} ms")
    host_ms = median_ms(host, "then")
    print(f"{'the same with no plugin selected':<40} {host_ms:8.1f} ms")
    print()
    over = core_ms - pandas_ms
    print(f"adoptstats over pandas: {over:+.1f} ms (target: < +100 ms) {'OK' if over < 100 else 'MISSED'}")
    print(f"plugin discovery:       {discovery_ms:+.1f} ms (target: < 50 ms) {'OK' if discovery_ms < 50 else 'MISSED'}")


if __name__ == "__main__":
    main()
