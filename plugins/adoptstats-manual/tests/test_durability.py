"""Durability: concurrent writers lose no row; a writer killed at any moment leaves no half row."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest
from manual_testkit import lavenir

from adoptstats_manual import add, load, validate

try:
    FORK = multiprocessing.get_context("fork")
except ValueError:  # pragma: no cover - platforms without fork
    pytest.skip("needs the fork start method", allow_module_level=True)

WRITERS = 8
#: Rows each writer adds.  Every add re-reads the whole file under the lock, and reading
#: YAML is slower than reading CSV, so the YAML run is shorter.
ROWS_EACH = {".csv": 100, ".yaml": 25}


def _write_rows(path: str, writer: int, rows: int, ack: int | None = None) -> None:
    """Add ``rows`` distinct rows; after each, write one byte to the ``ack`` pipe."""
    for i in range(rows):
        add(path, **lavenir("Mexique", "52 %"), breakdown=f"writer {writer} row {i}")
        if ack is not None:
            os.write(ack, b".")


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_concurrent_writers_lose_no_row(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"figures{suffix}"
    started = time.perf_counter()
    rows = ROWS_EACH[suffix]
    procs = [FORK.Process(target=_write_rows, args=(str(path), w, rows)) for w in range(WRITERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * WRITERS
    elapsed = time.perf_counter() - started
    assert validate(path) == []
    breakdowns = load(path).frame["breakdown"].astype(str)
    assert len(breakdowns) == WRITERS * rows
    assert set(breakdowns) == {f"writer {w} row {i}" for w in range(WRITERS) for i in range(rows)}
    assert elapsed < 60


def _killed_writer(path: Path, rng: random.Random) -> tuple[int, bool]:
    """Start a writer, SIGKILL it at a random moment; return how many adds it acknowledged and
    whether it was killed in the middle of a write (its temporary file is left behind)."""
    read_end, write_end = os.pipe()
    proc = FORK.Process(target=_write_rows, args=(str(path), rng.randrange(10**9), 1000, write_end))
    proc.start()
    os.close(write_end)
    os.read(read_end, 1)  # the writer is running: one row is in
    time.sleep(rng.uniform(0, 0.02))
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    acked = 1
    while chunk := os.read(read_end, 4096):
        acked += len(chunk)
    os.close(read_end)
    mid_write = any(p.name.endswith(".tmp") for p in path.parent.iterdir())
    return acked, mid_write


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_a_killed_writer_leaves_the_file_before_or_after_the_row(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"figures{suffix}"
    rng = random.Random(20100707)
    rows = 0
    for _ in range(25):
        before = path.read_bytes() if path.exists() else b""
        acked, _mid_write = _killed_writer(path, rng)
        after = path.read_bytes()
        assert after.startswith(before)  # existing rows untouched
        assert validate(path) == []  # never a half-written row
        count = len(load(path))
        assert acked <= count - rows <= acked + 1  # every acknowledged row is there, at most one more
        rows = count
    add(path, **lavenir("Espagne", "50 %"))  # the next writer cleans up after the killed ones
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(load(path)) == rows + 1
