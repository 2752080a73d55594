"""The command-line reference cannot drift: its example sessions are re-run and compared.

``docs/reference/cli.md`` holds ```` ```console ```` blocks of ``$ adoptstats ...`` lines,
each followed by its output (stdout and stderr as a terminal shows them).  A comment
``<!-- requires: regus -->`` just before a block skips it unless those plugins are
installed; ``<!-- plugins: eurostat, manual, regus -->`` unless exactly those are.  Every session
runs through click's test runner in a fresh folder shared by the lines of one block,
as in a terminal ``COLUMNS`` wide;
``VAR=value`` prefixes set environment variables (``ADOPTSTATS_*_PLUGINS`` rebuild the
registry) and ``> FILE`` writes the output to a file instead.

To refresh the outputs after changing a command: ``ADOPTSTATS_UPDATE_DOCS=1 pytest
tests/test_cli_docs.py`` rewrites them in place; review the diff.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import attrs
import click
import pytest
from click.testing import CliRunner

import adoptstats
from adoptstats.cli import build_cli

DOC = Path(__file__).resolve().parents[1] / "docs" / "reference" / "cli.md"
UPDATE = os.environ.get("ADOPTSTATS_UPDATE_DOCS", "") == "1"
#: The terminal width the sessions are run at: what fits a code block at 1280 px.
COLUMNS = 88
_BLOCK = re.compile(r"^```console\n(.*?)^```$", re.S | re.M)
_REQUIRES = re.compile(r"<!-- (requires|plugins): ([a-z0-9_, -]+) -->\s*$")


@attrs.frozen
class Line:
    """One ``$ ...`` line of a session and the output shown after it."""

    command: str
    output: str
    raw: str = ""


@attrs.frozen
class Session:
    """One console block: where it sits in the page, the plugins it needs and its lines."""

    start: int
    end: int
    requires: tuple[str, ...]
    exactly: bool
    lines: tuple[Line, ...]


def parse(text: str) -> list[Session]:
    sessions = []
    for match in _BLOCK.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        req = _REQUIRES.search(before)
        requires = tuple(r.strip() for r in req.group(2).split(",")) if req else ()
        exactly = bool(req and req.group(1) == "plugins")
        lines: list[Line] = []
        command: str | None = None
        output: list[str] = []
        written = ""
        raw = match.group(1).splitlines()
        i = 0
        while i < len(raw):
            line = raw[i]
            if line.startswith("$ "):
                if command is not None:
                    lines.append(Line(command, "\n".join(output), written))
                command, output, written = line[2:], [], line
                while command.endswith("\\"):
                    i += 1
                    command = command[:-1].rstrip() + " " + raw[i].strip()
                    written += "\n" + raw[i]
            else:
                output.append(line)
            i += 1
        if command is not None:
            lines.append(Line(command, "\n".join(output), written))
        sessions.append(Session(match.start(1), match.end(1), requires, exactly, tuple(lines)))
    return sessions


def run_line(runner: CliRunner, command: str, monkeypatch: pytest.MonkeyPatch) -> str:
    words = shlex.split(command)
    env: dict[str, str] = {}
    while words and re.match(r"^[A-Z_]+=", words[0]):
        key, _, value = words.pop(0).partition("=")
        env[key] = value
    target: str | None = None
    if ">" in words:
        at = words.index(">")
        target = words[at + 1]
        words = words[:at]
    assert words[0] == "adoptstats", f"the docs may only run adoptstats commands: {command!r}"
    with monkeypatch.context() as m:
        for key, value in env.items():
            m.setenv(key, value)
        if any(k.endswith("_PLUGINS") for k in env):
            adoptstats.refresh()
        try:
            result = runner.invoke(build_cli(), words[1:], prog_name="adoptstats")
        finally:
            if any(k.endswith("_PLUGINS") for k in env):
                m.undo()
                adoptstats.refresh()
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    if target is not None:
        Path(target).write_text(result.stdout, encoding="utf-8")
        return result.stderr.rstrip("\n")
    return result.output.rstrip("\n")


def installed() -> set[str]:
    return {p.name for p in adoptstats.list_plugins() if p.status == "loaded"}


def _sessions() -> list[Session]:
    return parse(DOC.read_text(encoding="utf-8"))


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for key in list(os.environ):
        if key.startswith("ADOPTSTATS_") and key not in ("ADOPTSTATS_CACHE_DIR",):
            monkeypatch.delenv(key)
    monkeypatch.setenv("ADOPTSTATS_MANUAL_PATH", str(tmp_path / "manual"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", str(COLUMNS))  # a terminal this wide: tables fit the page
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_page_has_sessions() -> None:
    sessions = _sessions()
    assert len(sessions) >= 10
    assert all(s.lines for s in sessions)


@pytest.mark.parametrize("index", range(len(_sessions())))
def test_session_output_matches(index: int, clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = _sessions()[index]
    missing = set(session.requires) - installed()
    if missing:
        pytest.skip(f"needs the plugin(s) {', '.join(sorted(missing))}")
    if session.exactly and set(session.requires) != installed():
        pytest.skip(f"shows the output with exactly the plugins {', '.join(session.requires)} installed")
    runner = CliRunner()
    outputs = [run_line(runner, line.command, monkeypatch) for line in session.lines]
    if UPDATE:
        text = DOC.read_text(encoding="utf-8")
        current = parse(text)[index]
        body = "".join(
            f"{line.raw}\n" + (f"{out}\n" if out else "") for line, out in zip(session.lines, outputs, strict=True)
        )
        DOC.write_text(text[: current.start] + body + text[current.end :], encoding="utf-8")
        return
    for line, out in zip(session.lines, outputs, strict=True):
        assert out == line.output, f"output of '$ {line.command}' in {DOC.name} differs; see the module docstring"


def _command_paths(group: click.Group) -> Iterator[str]:
    for name, command in sorted(group.commands.items()):
        yield name
        if isinstance(command, click.Group):
            for sub in _command_paths(command):
                yield f"{name} {sub}"


def test_every_command_has_an_entry() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [p for p in _command_paths(build_cli()) if f"### `adoptstats {p}`" not in text]
    assert not missing, f"{DOC.name} has no '### `adoptstats ...`' section for: {', '.join(missing)}"


def test_the_reference_covers_plugin_commands() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert ".. click:: adoptstats.cli:cli_with_plugins" in text
    assert ":nested: full" in text
