from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

import adoptstats
from adoptstats.cli import build_cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version_lists_core_and_plugins(runner: CliRunner) -> None:
    result = runner.invoke(build_cli(), ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith(f"adoptstats {adoptstats.__version__}\n")
    for info in adoptstats.list_plugins():
        assert f"{info.distribution or info.name} {info.version}" in result.output


def test_plugins_json_matches_the_api(runner: CliRunner) -> None:
    result = runner.invoke(build_cli(), ["plugins", "--json"])
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert [p["name"] for p in listed] == [p.name for p in adoptstats.list_plugins()]


def test_sources_json(runner: CliRunner) -> None:
    result = runner.invoke(build_cli(), ["sources", "--json"])
    assert result.exit_code == 0
    assert [s["name"] for s in json.loads(result.output)] == adoptstats.list_sources()["name"].tolist()


def test_show_versions() -> None:
    text = adoptstats.show_versions()
    assert "adoptstats" in text
    assert "pandas" in text


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("ADOPTSTATS_")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "adoptstats", *args], capture_output=True, text=True, env=full, timeout=120
    )


def test_disable_plugins_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    everything = _run(["sources", "--json"])
    assert everything.returncode == 0
    names = [s["name"] for s in json.loads(everything.stdout)]
    if not names:
        pytest.skip("no source plugin installed")
    first = names[0]
    out = _run(["sources", "--json"], ADOPTSTATS_DISABLE_PLUGINS=first)
    assert first not in [s["name"] for s in json.loads(out.stdout)]
    none = _run(["sources", "--json"], ADOPTSTATS_LOAD_PLUGINS="")
    assert json.loads(none.stdout) == []


def test_errors_are_one_line_and_raise_on_request() -> None:
    code = (
        "import sys, adoptstats.cli as c\n"
        "@c.cli.command('boom')\n"
        "def boom():\n"
        "    raise c.adoptstats.UnknownGeographyError('Belgum', ['Belgium (BE)'])\n"
        "c.main(sys.argv[1:])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADOPTSTATS_")}
    out = subprocess.run([sys.executable, "-c", code, "boom"], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 1
    assert out.stderr.strip() == (
        "error: UnknownGeographyError: unknown geography 'Belgum'; did you mean 'Belgium (BE)'?"
    )
    env["ADOPTSTATS_RAISE_ERRORS"] = "1"
    out = subprocess.run([sys.executable, "-c", code, "boom"], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 1
    assert "Traceback" in out.stderr
