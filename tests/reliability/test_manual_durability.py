"""Durability of manual writes beyond the plugin's own tests: CSV and YAML writers mixed in one folder
with a reader loading it all along, several writers killed at once, a real full disk and a real
read-only file system.

Counted: rows acknowledged by ``add`` and missing afterwards (must be 0), rows present twice
(must be 0), loads that failed while writers were running (must be 0).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from adoptstats import ValidationError
from adoptstats_manual import WriteError, add, load, validate

from ._kit import runs

try:
    FORK = multiprocessing.get_context("fork")
except ValueError:  # pragma: no cover - platforms without fork
    pytest.skip("needs the fork start method", allow_module_level=True)

# forking a process that runs threads (a test server of another module) is what these tests do on purpose
pytestmark = pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")

#: Writers in each concurrent run, rows each adds (half to the CSV file, half to the YAML file), runs.
WRITERS = 6
ROWS_EACH = 30
CONCURRENT_RUNS = runs(2)
#: Runs in which every writer is killed at a random moment.
KILL_RUNS = runs(12)
KILLED_WRITERS = 4

URL = "https://www.lavenir.net/cnt/8921533"


def row(writer: int, i: int) -> dict[str, str]:
    """A distinct figure (the breakdown tells writer and row apart)."""
    return {
        "geo": "Mexique",
        "period": "2010",
        "concept": "social_media.customer_acquisition",
        "value": "52 %",
        "population": "business people in the Regus global contacts database",
        "publisher": "L'Avenir",
        "url": URL,
        "breakdown": f"writer {writer} row {i}",
    }


def target(folder: Path, i: int) -> Path:
    return folder / ("figures.csv" if i % 2 == 0 else "figures.yaml")


def _write(folder: str, writer: int, rows: int, ack: int | None) -> None:
    for i in range(rows):
        add(target(Path(folder), i), **row(writer, i))
        if ack is not None:
            os.write(ack, bytes([i % 2]))  # 0: a CSV row is in, 1: a YAML row is in


def _read(folder: str, stop: multiprocessing.synchronize.Event, report: int) -> None:
    """Load the folder again and again while the writers run; report loads and failures."""
    loads = failures = 0
    while not stop.is_set():
        try:
            load(folder)
            loads += 1
        except ValidationError as exc:
            if "no such file" in str(exc) or "the file has a header but no rows" in str(exc):
                continue
            failures += 1
            os.write(report, f"failure: {exc}\n".encode())
        except Exception as exc:
            failures += 1
            os.write(report, f"failure: {type(exc).__name__}: {exc}\n".encode())
    os.write(report, f"loads={loads} failures={failures}\n".encode())


def breakdowns(folder: Path) -> Counter[str]:
    return Counter(load(folder).frame["breakdown"].astype(str))


def test_csv_and_yaml_writers_and_a_reader_in_one_folder(tmp_path: Path) -> None:
    lost = duplicated = failed_loads = loads = 0
    for run in range(CONCURRENT_RUNS):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        read_end, write_end = os.pipe()
        stop = FORK.Event()
        reader = FORK.Process(target=_read, args=(str(folder), stop, write_end))
        writers = [FORK.Process(target=_write, args=(str(folder), w, ROWS_EACH, None)) for w in range(WRITERS)]
        reader.start()
        for p in writers:
            p.start()
        for p in writers:
            p.join(120)
        stop.set()
        reader.join(60)
        os.close(write_end)
        report = b""
        while chunk := os.read(read_end, 65536):
            report += chunk
        os.close(read_end)
        assert [p.exitcode for p in writers] == [0] * WRITERS
        for p in (*writers, reader):
            p.close()
        text = report.decode()
        summary = text.strip().splitlines()[-1]
        loads += int(summary.split()[0].split("=")[1])
        failed_loads += int(summary.split()[1].split("=")[1])
        assert "failure" not in text.replace("failures=0", ""), text[:2000]
        assert validate(folder / "figures.csv") == []
        assert validate(folder / "figures.yaml") == []
        found = breakdowns(folder)
        expected = {f"writer {w} row {i}" for w in range(WRITERS) for i in range(ROWS_EACH)}
        lost += len(expected - set(found))
        duplicated += sum(n - 1 for n in found.values() if n > 1)
    assert (lost, duplicated, failed_loads) == (0, 0, 0)
    assert loads > 0  # the reader did read while the files were being written


def test_writers_killed_at_random_in_a_mixed_folder(tmp_path: Path) -> None:
    """Each run starts writers on both files and SIGKILLs all of them at a random moment."""
    rng = random.Random(20100707)
    folder = tmp_path / "figures"
    folder.mkdir()
    acknowledged: Counter[tuple[int, int]] = Counter()  # (writer, file kind) -> rows acknowledged
    for run in range(KILL_RUNS):
        pipes = []
        procs = []
        for k in range(KILLED_WRITERS):
            read_end, write_end = os.pipe()
            writer = run * KILLED_WRITERS + k
            proc = FORK.Process(target=_write, args=(str(folder), writer, 1000, write_end))
            proc.start()
            os.close(write_end)
            pipes.append((writer, read_end))
            procs.append(proc)
        time.sleep(rng.uniform(0.05, 0.4))
        for proc in procs:
            assert proc.pid is not None
            os.kill(proc.pid, signal.SIGKILL)
        for proc in procs:
            proc.join(10)
            proc.close()
        for writer, read_end in pipes:
            while chunk := os.read(read_end, 65536):
                for kind in chunk:
                    acknowledged[writer, kind] += 1
            os.close(read_end)
        # the files are whole after every run
        for name in ("figures.csv", "figures.yaml"):
            if (folder / name).exists():
                assert validate(folder / name) == [], f"run {run}: {name} does not validate"
    found = breakdowns(folder)
    per: Counter[tuple[int, int]] = Counter()
    for text in found:
        _, writer, _, i = text.split()
        per[int(writer), int(i) % 2] += 1
    lost = sum(max(0, n - per[key]) for key, n in acknowledged.items())
    extra = sum(max(0, per[key] - acknowledged[key]) for key in per)
    assert lost == 0, f"{lost} acknowledged rows lost"
    assert extra <= KILL_RUNS * KILLED_WRITERS * 2  # at most the row in flight when each was killed
    assert all(n == 1 for n in found.values()), "a row is present twice"
    # the next writer removes the temporary files the killed ones left behind
    add(folder / "figures.csv", **row(10**6, 0))
    add(folder / "figures.yaml", **row(10**6, 1))
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def _limited(path: str, limit: int, result: int) -> None:
    """Add rows with the file size limited (RLIMIT_FSIZE) until a write fails; report what happened."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    added = 0
    for i in range(10_000):
        try:
            add(path, **row(0, i))
        except WriteError as exc:
            os.write(result, f"{added}\n{exc.errno}\n{exc}".encode())
            return
        added += 1
    os.write(result, f"{added}\nnone\n".encode())


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_a_file_size_limit_mid_write_leaves_the_file_whole(tmp_path: Path, suffix: str) -> None:
    """The kernel refuses the write part way (EFBIG): a real partial write, like a disk filling up."""
    path = tmp_path / f"figures{suffix}"
    read_end, write_end = os.pipe()
    proc = FORK.Process(target=_limited, args=(str(path), 6000, write_end))
    proc.start()
    os.close(write_end)
    proc.join(60)
    output = b""
    while chunk := os.read(read_end, 65536):
        output += chunk
    os.close(read_end)
    assert proc.exitcode == 0
    proc.close()
    added_text, code, message = output.decode().split("\n", 2)
    added = int(added_text)
    assert added > 0 and code == "27"  # EFBIG
    assert "the file is unchanged" in message and str(path) in message
    assert validate(path) == []
    assert len(load(path)) == added  # every added row is there, the refused one is not
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


FULL_DISK_SCRIPT = """
import errno, json, os, subprocess, sys
from adoptstats_manual import WriteError, add, load, validate
folder, suffix = sys.argv[1], sys.argv[2]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", folder], check=True)
path = os.path.join(folder, "figures" + suffix)
row = {ROW}
added, errors = 0, []
for i in range(10_000):
    try:
        add(path, **dict(row, breakdown=f"row {i}"))
        added += 1
    except WriteError as exc:
        errors.append([exc.errno, str(exc)])
        if len(errors) == 3:
            break
found = sorted(load(path).frame["breakdown"].astype(str))
problems = [str(p) for p in validate(path)]
subprocess.run(["mount", "-o", "remount,ro", folder], check=True)
try:
    add(path, **dict(row, breakdown="read-only"))
    read_only = None
except WriteError as exc:
    read_only = [exc.errno, str(exc)]
print(json.dumps({"added": added, "errors": errors, "found": found, "problems": problems, "read_only": read_only,
                  "valid_after": [str(p) for p in validate(path)], "rows_after": len(load(path))}))
"""


def _can_mount() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount(), reason="needs root and unshare to mount a private tmpfs")
@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_a_real_full_disk_and_a_read_only_file_system(tmp_path: Path, suffix: str) -> None:
    """A 48 KiB tmpfs, mounted in a private mount namespace, filled up; then remounted read-only."""
    folder = tmp_path / "small"
    folder.mkdir()
    script = textwrap.dedent(FULL_DISK_SCRIPT).replace("{ROW}", repr(row(0, 0)))
    out = subprocess.run(
        ["unshare", "-m", "--propagation", "private", sys.executable, "-c", script, str(folder), suffix],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = __import__("json").loads(out.stdout)
    assert result["added"] > 5
    codes = {code for code, _ in result["errors"]}
    assert codes == {28}, result["errors"]  # ENOSPC
    assert all("no space left on the device; the file is unchanged" in m for _, m in result["errors"])
    assert result["problems"] == []
    assert result["found"] == sorted(f"row {i}" for i in range(result["added"]))  # none lost, none twice
    code, message = result["read_only"]
    assert code == 30 and "read-only or not writable" in message  # EROFS
    assert result["valid_after"] == [] and result["rows_after"] == result["added"]
