"""Every example of ``adoptstats <command> --help`` runs, and none returns an empty answer.

The examples run in the order of the commands, in one fresh folder (so ``manual template >
figures.csv`` makes the file that ``manual add`` and ``manual validate`` use), offline with
an empty cache: an example that would have to download fails with ``OfflineError`` and is
skipped as needing the network.  Every other example must exit with 0 and print something.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import adoptstats
from adoptstats.cli import build_cli


def help_examples() -> list[tuple[str, str]]:
    """``(command, example)`` for every example of every command's help, continuation lines joined."""
    out: list[tuple[str, str]] = []

    def walk(command: click.Command, path: str) -> None:
        text = command.help or ""
        match = re.search(r"^\s*Examples?:\s*$", text, re.M)
        if match:
            example = ""
            for line in text[match.end() :].strip("\n").splitlines():
                if not line.strip():
                    break
                example += line.strip()
                if example.endswith("\\"):
                    example = example[:-1].rstrip() + " "
                else:
                    out.append((path, example))
                    example = ""
        if isinstance(command, click.Group):
            for name, sub in sorted(command.commands.items()):
                walk(sub, f"{path} {name}".strip())

    walk(build_cli(), "")
    return out


EXAMPLES = help_examples()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("examples")
    before = Path.cwd()
    os.chdir(path)
    try:
        yield path
    finally:
        os.chdir(before)


def _run(example: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    words = shlex.split(example)
    env = {"ADOPTSTATS_OFFLINE": "1", "ADOPTSTATS_CACHE_DIR": str(folder / "cache"), "NO_COLOR": "1"}
    env["ADOPTSTATS_MANUAL_PATH"] = str(folder / "manual")
    while re.match(r"^[A-Z_]+=", words[0]):
        key, _, value = words.pop(0).partition("=")
        env[key] = value
    target = None
    if ">" in words:
        at = words.index(">")
        target, words = words[at + 1], words[:at]
    assert words[0] == "adoptstats", example
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    adoptstats.refresh()
    try:
        result = CliRunner().invoke(build_cli(), words[1:], prog_name="adoptstats")
    finally:
        monkeypatch.undo()
        adoptstats.refresh()
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    if target is not None:
        (folder / target).write_text(result.stdout, encoding="utf-8")
    return result.exit_code, result.stdout, result.stderr


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 25
    assert any(command == "fetch" for command, _ in EXAMPLES)


@pytest.mark.parametrize(("command", "example"), EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_the_example_runs_and_answers(
    command: str, example: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _run(example, folder, monkeypatch)
    if code != 0 and "OfflineError" in err:
        pytest.skip(f"needs the network: {err.strip().splitlines()[0]}")
    assert code == 0, f"'{example}' (from 'adoptstats {command} --help') failed: {err.strip()}"
    assert out.strip() or err.startswith("wrote "), f"'{example}' printed nothing"
    assert "no rows match" not in out + err
