"""Adding figures: checked first, appended atomically under a lock, existing bytes never touched."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import filelock
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from manual_testkit import LAVENIR_QUOTE, LAVENIR_URL, POPULATION, figure, lavenir, write_csv

from adoptstats import FormatError, ValidationError
from adoptstats_manual import WriteError, add, load, template, validate


def test_add_creates_a_csv_file_with_a_header(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    obs = add(path, **figure())
    assert (obs.geo, obs.period, obs.value, obs.dataset) == ("BE+LU", "2010", 27.0, "figures")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == template("csv", example=False).strip()
    assert len(lines) == 2
    assert validate(path) == []
    assert load(path).records() == [obs]


def test_add_keeps_existing_bytes_and_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    # CRLF, a byte-order mark, an odd but valid quoting, and no newline at the end
    original = "\ufeffgeo,period,indicator,value,population,publisher,url\r\n" + (
        f'"Belgique-Luxembourg",2010,new_customers_via_social_networks,"27 %",{POPULATION},'
        f'La Libre Belgique,"{figure()["url"]}"'
    )
    path.write_bytes(original.encode("utf-8"))
    before = path.read_bytes()
    add(
        path,
        geo="Mexique",
        period=2010,
        indicator="new_customers_via_social_networks",
        value="52 %",
        population=POPULATION,
        publisher="L'Avenir",
        url=LAVENIR_URL,
    )
    after = path.read_bytes()
    assert after.startswith(before)
    added = after[len(before) :]
    assert added.startswith(b"\r\n") and added.endswith(b"\r\n") and added.count(b"\r\n") == 2
    assert validate(path) == []
    assert len(load(path)) == 2


def test_add_follows_the_files_header(tmp_path: Path) -> None:
    columns = ["value", "geo", "period", "indicator", "population", "publisher", "url"]
    path = write_csv(tmp_path / "few.csv", [figure()], columns)
    add(path, **(lavenir("Espagne", "50 %") | {"concept": "", "quote": ""}))
    assert path.read_text(encoding="utf-8").splitlines()[-1].startswith("50 %,Espagne,2010,")
    with pytest.raises(ValidationError, match="header has no such column") as info:
        add(path, **lavenir("Pays-Bas", "50 %"))
    assert {p.column for p in info.value.problems} == {"concept", "quote"}


def test_a_bad_row_is_not_written_and_every_problem_is_listed(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    with pytest.raises(ValidationError) as info:
        add(path, geo="Belgiqe", period="2010", value="une majorité", publisher="La Libre Belgique")
    columns = [p.column for p in info.value.problems]
    assert columns == ["geo", "concept", "value", "population", "url"]
    assert not path.exists()
    add(path, **figure())
    before = path.read_bytes()
    with pytest.raises(ValidationError, match="already has this figure from this citation, at line 2"):
        add(path, **figure())
    with pytest.raises(ValidationError, match="unknown column"):
        add(path, **figure(breakdown="x"), comment="no such column")
    with pytest.raises(ValidationError, match="control character U\\+0000"):
        add(path, **figure(quote="a\x00b", breakdown="y"))
    assert path.read_bytes() == before


def test_add_refuses_a_file_with_a_broken_header(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text("geo,period,valeur\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="until its problems are fixed"):
        add(path, **figure())
    latin = tmp_path / "latin.csv"
    latin.write_bytes(template("csv").encode("cp1252"))
    with pytest.raises(ValidationError, match="not UTF-8"):
        add(latin, **lavenir("Mexique", "52 %"))
    with pytest.raises(FormatError, match=r"\.csv, \.yaml or \.yml"):
        add(tmp_path / "figures.txt", **figure())


def test_add_an_observation(tmp_path: Path, belgian_csv: Path) -> None:
    copy = tmp_path / "copy.yaml"
    for obs in load(belgian_csv).records():
        assert add(copy, obs, notes="copied") == obs
    assert load(copy).records() == load(belgian_csv).records()
    assert 'notes: "copied"' in copy.read_text(encoding="utf-8")


YAML_FILES = {
    "top-level list": "# my figures\n- geo: Belgique-Luxembourg  # from La Libre\n  period: 2010\n"
    "  concept: social_media.customer_acquisition\n  value: 27 %\n  population: {pop}\n"
    "  publisher: La Libre Belgique\n  url: {url}\n# end of list\n",
    "indented figures": "figures:\n    - geo: Belgique-Luxembourg\n      period: 2010\n"
    "      concept: social_media.customer_acquisition\n      value: 27 %\n      population: {pop}\n"
    "      publisher: La Libre Belgique\n      url: {url}",
    "empty figures": "# nothing yet\nfigures:\n",
}


@pytest.mark.parametrize("name", list(YAML_FILES))
def test_add_to_yaml_preserves_the_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / "figures.yaml"
    path.write_text(YAML_FILES[name].format(pop=POPULATION, url=figure()["url"]), encoding="utf-8")
    before = path.read_bytes()
    add(path, **lavenir("Mexique", "52 %"))
    add(path, **lavenir("Pays-Bas", "50 %"))
    assert path.read_bytes().startswith(before)
    assert validate(path) == []
    assert sorted(load(path).unique("geo")) == (["BE+LU", "MX", "NL"] if name != "empty figures" else ["MX", "NL"])


def test_new_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "new.yml"
    add(path, **figure())
    assert path.read_text(encoding="utf-8").startswith(template("yaml", example=False))
    [problem] = validate(path) or [None]
    assert problem is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("figures: []\n", "flow style"),
        ("figures:\n  - geo: BE\nnotes: x\n", "unknown top-level key"),
        ("figures: null\n", "followed by a value"),
    ],
)
def test_yaml_files_that_cannot_be_appended_to(tmp_path: Path, text: str, why: str) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match=why):
        add(path, **figure())
    assert path.read_text(encoding="utf-8") == text


def test_symbolic_links_stay_links(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    link = tmp_path / "link.csv"
    add(real, **figure())
    link.symlink_to(real)
    add(link, **lavenir("Mexique", "52 %"))
    assert link.is_symlink()
    assert len(load(real)) == 2


def test_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    stale = tmp_path / ".figures.csv.abc123.tmp"
    stale.write_text("half a file", encoding="utf-8")
    add(path, **figure())
    assert not stale.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_lock_timeout(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    with filelock.FileLock(f"{path}.lock"), pytest.raises(WriteError, match="another process has held its lock"):
        add(path, **figure(), lock_timeout=0.2)
    assert not path.exists()


def test_full_disk_leaves_the_file_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "figures.csv"
    add(path, **figure())
    before = path.read_bytes()

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(WriteError, match="no space left on the device; the file is unchanged") as info:
        add(path, **lavenir("Mexique", "52 %"))
    assert isinstance(info.value, OSError)
    assert (info.value.errno, info.value.filename) == (errno.ENOSPC, str(path))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["figures.csv"]


def test_unwritable_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "figures.csv"
    add(path, **figure())
    before = path.read_bytes()

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(WriteError, match=f"the folder {tmp_path} is read-only or not writable"):
        add(path, **lavenir("Mexique", "52 %"))
    assert path.read_bytes() == before


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make a folder read-only for real: permissions, or (as root, who ignores them) the immutable attribute."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root on a file system without the immutable attribute: no way to forbid writes")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


@pytest.mark.parametrize("lock_exists", [False, True])
def test_read_only_folder(tmp_path: Path, lock_exists: bool) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = write_csv(folder / "figures.csv", [figure()])
    if lock_exists:
        (folder / "figures.csv.lock").touch()
    before = path.read_bytes()
    with read_only(folder), pytest.raises(WriteError, match="read-only or not writable; the file is unchanged"):
        add(path, **lavenir("Mexique", "52 %"), lock_timeout=2)
    assert path.read_bytes() == before
    assert validate(path) == []


_cell_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=60) | st.sampled_from(
    ['"', '""', ",", "a,b", "line\nbreak", "- x", "key: value", "#", "'", "\\", "null", "~", "yes", "2010-07-08"]
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quote=_cell_text, notes=_cell_text, suffix=st.sampled_from([".csv", ".yaml"]))
def test_any_text_round_trips(tmp_path: Path, quote: str, notes: str, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.unlink(missing_ok=True)
    add(path, **lavenir("Mexique", "52 %") | {"quote": quote}, notes=notes)
    before = path.read_bytes()
    add(path, **figure())
    assert path.read_bytes().startswith(before)
    assert validate(path) == []
    first = load(path).records()[0]
    assert first.citation.quote == (quote.strip() or None)
    assert quote != LAVENIR_QUOTE or first.citation.quote == LAVENIR_QUOTE
