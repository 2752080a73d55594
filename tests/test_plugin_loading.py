"""Loader tests: real ``*.dist-info`` folders on a temporary ``sys.path`` entry, never the network."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import adoptstats
from adoptstats import AdoptstatsPluginWarning, PluginLoadError, Registry
from adoptstats import plugins as plugins_module

GOOD_MODULE = """
import adoptstats
from adoptstats import Indicator, ResultSet, Source, SourceInfo

class _S(Source):
    name = "{source}"
    def info(self):
        return SourceInfo(name=self.name, title="{source}", publisher="t")
    def indicators(self):
        return [Indicator(code="X", label="x", concept="social_media.any_use")]
    def fetch(self, query):
        return ResultSet.empty()

@adoptstats.hookimpl
def adoptstats_register_sources(register):
    register(_S())
"""


def make_dist(site: Path, dist: str, ep_name: str, module: str, code: str) -> None:
    info = site / f"{dist.replace('-', '_')}-1.2.3.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text(f"[adoptstats]\n{ep_name} = {module}\n")
    (site / f"{module}.py").write_text(textwrap.dedent(code))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    make_dist(site, "fake-alpha", "alpha", "fake_alpha_mod", GOOD_MODULE.format(source="alpha"))
    make_dist(site, "fake-beta", "beta", "fake_beta_mod", GOOD_MODULE.format(source="beta"))
    make_dist(site, "fake-broken", "broken", "fake_broken_mod", "raise ImportError('missing dependency zzz')\n")
    make_dist(
        site,
        "fake-badsig",
        "badsig",
        "fake_badsig_mod",
        "import adoptstats\n@adoptstats.hookimpl\ndef adoptstats_register_sources(register, nope):\n    pass\n",
    )
    make_dist(
        site,
        "fake-typo",
        "typo",
        "fake_typo_mod",
        "import adoptstats\n@adoptstats.hookimpl\ndef adoptstats_register_sourcez(register):\n    pass\n",
    )
    make_dist(
        site,
        "fake-hookless",
        "hookless",
        "fake_hookless_mod",
        "import adoptstats\ndef adoptstats_register_sources(register):  # the @hookimpl marker is missing\n    pass\n",
    )
    monkeypatch.syspath_prepend(str(site))
    for mod in (
        "fake_alpha_mod",
        "fake_beta_mod",
        "fake_broken_mod",
        "fake_badsig_mod",
        "fake_typo_mod",
        "fake_hookless_mod",
    ):
        sys.modules.pop(mod, None)
    real = plugins_module.entry_points

    def only_fakes() -> list[importlib.metadata.EntryPoint]:
        return [ep for ep in real() if ep.dist is not None and ep.dist.name.startswith("fake-")]

    monkeypatch.setattr(plugins_module, "entry_points", only_fakes)
    for var in ("ADOPTSTATS_LOAD_PLUGINS", "ADOPTSTATS_DISABLE_PLUGINS", "ADOPTSTATS_STRICT_PLUGINS"):
        monkeypatch.delenv(var, raising=False)
    return site


def statuses(reg: Registry) -> dict[str, str]:
    return {p.name: p.status for p in reg.plugins()}


def test_unset_loads_all_and_broken_ones_fail(site: Path) -> None:
    with pytest.warns(AdoptstatsPluginWarning) as record:
        reg = Registry()
    assert statuses(reg) == {
        "alpha": "loaded",
        "badsig": "failed",
        "beta": "loaded",
        "broken": "failed",
        "hookless": "failed",
        "typo": "failed",
    }
    assert reg.names == ["alpha", "beta"]
    messages = " ".join(str(w.message) for w in record)
    assert "missing dependency zzz" in messages
    assert "invalid hook implementation" in messages
    assert "unknown hook" in messages
    assert "'hookless' was skipped: it implements no hook" in messages
    alpha = next(p for p in reg.plugins() if p.name == "alpha")
    assert (alpha.distribution, alpha.version, alpha.sources) == ("fake-alpha", "1.2.3", ("alpha",))
    broken = next(p for p in reg.plugins() if p.name == "broken")
    assert "ImportError" in (broken.error or "")


def test_load_time_is_reported(site: Path) -> None:
    reg = Registry(only=["alpha", "beta"])
    seconds = {p.name: p.load_seconds for p in reg.plugins()}
    assert seconds["alpha"] is not None and 0 < seconds["alpha"] < 60
    assert seconds["beta"] is not None and 0 < seconds["beta"] < 60
    assert seconds["broken"] is None  # blocked: never imported
    assert next(p for p in reg.plugins() if p.name == "alpha").as_dict()["load_seconds"] == seconds["alpha"]


def test_empty_allow_list_loads_none(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADOPTSTATS_LOAD_PLUGINS", "")
    reg = Registry()
    assert reg.names == []
    assert set(statuses(reg).values()) == {"blocked"}


def test_allow_list_by_entry_point_and_distribution_name(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADOPTSTATS_LOAD_PLUGINS", "alpha, fake_beta")
    reg = Registry()
    assert reg.names == ["alpha", "beta"]
    assert statuses(reg)["broken"] == "blocked"


def test_block_list_wins_over_allow_list(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADOPTSTATS_LOAD_PLUGINS", "alpha,beta")
    monkeypatch.setenv("ADOPTSTATS_DISABLE_PLUGINS", "fake-alpha")
    reg = Registry()
    assert reg.names == ["beta"]
    assert statuses(reg)["alpha"] == "blocked"


def test_arguments_override_environment(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADOPTSTATS_LOAD_PLUGINS", "")
    reg = Registry(only=["beta"], block=[])
    assert reg.names == ["beta"]
    reg = Registry(only=["alpha", "beta"], block=["beta"])
    assert reg.names == ["alpha"]


def test_unknown_names_warn(site: Path) -> None:
    with pytest.warns(AdoptstatsPluginWarning, match="no adoptstats plugin is named 'nosuch'"):
        Registry(only=["alpha", "nosuch"])


def test_blocked_source_is_explained(site: Path) -> None:
    reg = Registry(only=["beta"])
    with pytest.raises(adoptstats.UnknownSourceError, match="installed but disabled"):
        reg.get("alpha")


def test_strict_mode_raises(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(PluginLoadError, match="broken.*missing dependency zzz") as info:
        Registry(only=["broken"], strict=True)
    assert info.value.distribution == "fake-broken" and info.value.version == "1.2.3"
    monkeypatch.setenv("ADOPTSTATS_STRICT_PLUGINS", "1")
    with pytest.raises(PluginLoadError, match="invalid hook implementation"):
        Registry(only=["badsig"])


def test_cli_lists_real_plugins_and_a_broken_one(tmp_path: Path) -> None:
    """End to end: a throwaway broken distribution on the path never stops the real plugins."""
    site = tmp_path / "site"
    site.mkdir()
    make_dist(site, "adoptstats-kaput", "kaput", "adoptstats_kaput", "raise RuntimeError('kaput on import')\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADOPTSTATS_")}
    env["PYTHONPATH"] = str(site) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-m", "adoptstats", "plugins", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    listed = {p["name"]: p for p in json.loads(out.stdout)}
    assert listed["kaput"]["status"] == "failed"
    assert "kaput on import" in listed["kaput"]["error"]
    real = [ep.name for ep in importlib.metadata.entry_points(group="adoptstats")]
    for name in real:
        assert listed[name]["status"] == "loaded", listed[name]
        assert listed[name]["version"]
    other = subprocess.run(
        [sys.executable, "-m", "adoptstats", "concepts", "--json"], capture_output=True, text=True, env=env, timeout=120
    )
    assert other.returncode == 0
    assert other.stderr.splitlines() == [
        "warning: adoptstats plugin 'kaput' was skipped: import failed: RuntimeError: kaput on import"
    ]
    strict = subprocess.run(
        [sys.executable, "-m", "adoptstats", "sources"],
        capture_output=True,
        text=True,
        env={**env, "ADOPTSTATS_STRICT_PLUGINS": "1"},
        timeout=120,
    )
    assert strict.returncode == 1
    [line] = strict.stderr.splitlines()  # one line, no traceback
    assert line.startswith("error: PluginLoadError: plugin 'kaput' (adoptstats-kaput 1.2.3) failed to load")


#: Modules that discovering the shipped plugins must not import: they load on first fetch or command.
HEAVY = (
    "requests",
    "yaml",
    "filelock",
    "click",
    "adoptstats.formats",
    "adoptstats_eurostat.fetching",
    "adoptstats_eurostat.http",
    "adoptstats_eurostat.cache",
    "adoptstats_eurostat.plan",
    "adoptstats_eurostat.convert",
    "adoptstats_oecd.fetching",
    "adoptstats_oecd.client",
    "adoptstats_oecd.cache",
    "adoptstats_oecd.plan",
    "adoptstats_oecd.ratelimit",
    "adoptstats_oecd.structure",
    "adoptstats_manual.read",
    "adoptstats_manual.validate",
    "adoptstats_manual.write",
)


def test_discovery_imports_no_heavy_module() -> None:
    """What keeps ``import adoptstats; adoptstats.list_sources()`` cheap (the timing is in benchmarks/)."""
    code = textwrap.dedent(
        f"""
        import json, sys
        import adoptstats
        frame = adoptstats.list_sources()
        print(json.dumps({{
            "sources": list(frame["name"]),
            "heavy": [m for m in {HEAVY!r} if m in sys.modules],
        }}))
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADOPTSTATS_")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, timeout=120)
    result = json.loads(out.stdout)
    installed = {ep.name for ep in importlib.metadata.entry_points(group="adoptstats")}
    assert set(result["sources"]) >= installed & {"regus", "manual", "eurostat", "oecd"}
    assert result["heavy"] == []


def test_the_command_line_imports_no_heavy_module_to_list_sources() -> None:
    """Every command builds the plugins' command groups: they too defer their readers and writers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADOPTSTATS_")}
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "adoptstats", "sources"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines() if line.startswith("import time:")}
    assert "adoptstats.cli" in imported  # the timing lines were read
    assert sorted(imported & (set(HEAVY) - {"click"})) == []


def test_one_plugin_name_from_two_distributions_loads_neither(site: Path) -> None:
    """Which of two same-named entry points wins would depend on sys.path order: neither is trusted."""
    make_dist(site, "fake-alpha-twin", "alpha", "fake_alpha_twin_mod", GOOD_MODULE.format(source="alpha"))
    with pytest.warns(AdoptstatsPluginWarning, match="'alpha' is declared by several distributions"):
        reg = Registry(only=["alpha", "beta"])
    assert "alpha" not in reg.names and "beta" in reg.names
    twins = [p for p in reg.plugins() if p.name == "alpha"]
    assert sorted(p.distribution or "" for p in twins) == ["fake-alpha", "fake-alpha-twin"]
    assert {p.status for p in twins} == {"failed"}
    assert "fake_alpha_twin_mod" not in sys.modules  # neither was imported
    reg = Registry(only=["alpha", "beta"], block=["fake-alpha-twin"])  # disabling one gives the name back
    assert reg.entry("alpha").distribution == "fake-alpha"


def test_plugin_warnings_point_at_the_callers_line(site: Path) -> None:
    """Python shows the user's line with the warning, not a line of adoptstats' internals."""
    with pytest.warns(AdoptstatsPluginWarning) as record:
        Registry()
    assert {Path(w.filename) for w in record} == {Path(__file__)}
