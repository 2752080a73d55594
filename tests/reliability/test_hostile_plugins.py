"""Hostile or broken plugins, installed for real: ``*.dist-info`` folders on a temporary path entry,
and fresh ``python -m adoptstats`` processes that discover them like any installed plugin.

What must hold: the command lists every plugin with what failed and why, the installed sources
(regus, manual, eurostat) keep working, every failure is a one-line error naming the source, and
``adoptstats.fetch(..., timeout=1)`` answers within about a second whatever a plugin does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ._kit import make_dist

SOURCE = """
import sys, time
import pandas as pd
import adoptstats
from adoptstats import Citation, Indicator, ResultSet, Source, SourceInfo

CITE = Citation(publisher="Hostile plugin", title="Made-up figures", url="https://example.org/h")
FRAME = pd.DataFrame({{
    "source": "{name}", "dataset": "d", "indicator": "i", "concept": "social_media.any_use", "geo": ["BE"],
    "period": ["2023"], "population": "enterprises", "value": [61.0], "citation_id": CITE.id,
}})


class S(Source):
    name = "{name}"
    options = {options}

    def info(self):
        {info}
        return SourceInfo(name=self.name, title="{name} figures", publisher="Hostile plugin")

    def indicators(self):
        {info}
        return [Indicator(code="i", label="an indicator", concept="social_media.any_use")]

    {query}

    def fetch(self, query):
        {fetch}


@adoptstats.hookimpl
def adoptstats_register_sources(register):
    {register}
"""

GOOD_FETCH = "return ResultSet.from_frame(FRAME, [CITE])"


def source_module(name: str, **parts: str) -> str:
    values = {
        "name": name,
        "options": "()",
        "info": "pass",
        "query": "",
        "fetch": GOOD_FETCH,
        "register": "register(S())",
    }
    values.update(parts)
    return SOURCE.format(**values)


IMPORT_BOOM = "open(__file__ + '.imported', 'w').close()\nraise RuntimeError('boom on import')\n"
REGISTER_BOOM = "register(S())\n    raise ValueError('boom in register')"
MALFORMED = "return ResultSet(FRAME[['geo', 'value']], {}, _trusted=True)"
BAD_ROWS = "return ResultSet.from_frame(FRAME.assign(value=[250.0]), [CITE])"
QUERY_BOOM = "def query(self, **filters):\n        raise LookupError('boom in query')"
COMMANDS_BOOM = (
    "import adoptstats\n@adoptstats.hookimpl\n"
    "def adoptstats_register_commands(cli):\n    raise RuntimeError('boom in commands')\n"
)

#: entry point name -> (module code, expected status, words of the error shown by `adoptstats plugins`)
PLUGINS: dict[str, tuple[str, str, str]] = {
    "h_good": (source_module("hgood"), "loaded", ""),
    "h_import": (IMPORT_BOOM, "failed", "boom on import"),
    "h_exit": ("import sys\nsys.exit(3)\n", "failed", "SystemExit: 3"),
    "h_register": (source_module("hreg", register=REGISTER_BOOM), "failed", "boom in register"),
    "h_wrongtype": (source_module("hwrong", register="register('a source')"), "failed", "not an adoptstats.Source"),
    "h_options": (source_module("hopts", options="None"), "failed", "options must be a tuple"),
    "h_badname": (source_module("Bad Name"), "failed", "invalid name"),
    "zz_dup": (source_module("regus"), "failed", "belongs to the plugin 'regus' (adoptstats-regus"),
    "h_fetch": (source_module("hfetch", fetch="raise KeyError('boom in fetch')"), "loaded", ""),
    "h_fetchtype": (source_module("hftype", fetch="return {'rows': []}"), "loaded", ""),
    "h_fetchexit": (source_module("hfexit", fetch="sys.exit(4)"), "loaded", ""),
    "h_malformed": (source_module("hmal", fetch=MALFORMED), "loaded", ""),
    "h_badrows": (source_module("hrows", fetch=BAD_ROWS), "loaded", ""),
    "h_query": (source_module("hquery", query=QUERY_BOOM), "loaded", ""),
    "h_info": (source_module("hinfo", info="raise RuntimeError('boom in info')"), "loaded", ""),
    "h_slow": (source_module("hslow", fetch="time.sleep(10)\n        " + GOOD_FETCH), "loaded", ""),
    "h_commands": (COMMANDS_BOOM, "loaded", ""),
}

#: The sources of the real plugins (installed with the project), which must keep working.
REAL = ("eurostat", "manual", "regus")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    for ep_name, (code, _status, _why) in PLUGINS.items():
        make_dist(site, f"hostile-{ep_name.replace('_', '-')}", ep_name, f"hostile_{ep_name}", code)
    return site


def environment(site: Path, tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADOPTSTATS_")}
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["ADOPTSTATS_CACHE_DIR"] = str(tmp / "cache")
    env["ADOPTSTATS_MANUAL_PATH"] = str(tmp / "manual")
    env["ADOPTSTATS_OFFLINE"] = "1"  # nothing here may reach the internet
    env.update(extra)
    return env


def run(site: Path, tmp: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "adoptstats", *args],
        capture_output=True,
        text=True,
        env=environment(site, tmp, **extra),
        timeout=120,
    )


def test_plugins_lists_what_failed_and_why(site: Path, tmp_path: Path) -> None:
    out = run(site, tmp_path, "plugins", "--json")
    assert out.returncode == 0, out.stderr
    listed = {p["name"]: p for p in json.loads(out.stdout)}
    for ep_name, (_code, status, why) in PLUGINS.items():
        assert listed[ep_name]["status"] == status, listed[ep_name]
        assert listed[ep_name]["distribution"] == f"hostile-{ep_name.replace('_', '-')}"
        assert listed[ep_name]["version"] == "0.0.1"
        if why:
            assert why in (listed[ep_name]["error"] or ""), listed[ep_name]
    for name in REAL:
        assert listed[name]["status"] == "loaded" and listed[name]["sources"] == [name], listed[name]
    assert listed["h_register"]["sources"] == []  # what it registered before raising is withdrawn
    assert "AdoptstatsPluginWarning" not in out.stderr  # no raw Python warning quoting library internals
    assert "could not add its commands" not in out.stderr  # --json: the document says it all
    other = run(site, tmp_path, "sources")
    lines = other.stderr.splitlines()
    assert "warning: adoptstats plugin 'h_import' was skipped: import failed: RuntimeError: boom on import" in lines
    assert "warning: adoptstats plugin 'h_commands' could not add its commands: RuntimeError: boom in commands" in lines
    assert all(line.startswith("warning: ") for line in lines), other.stderr  # one line per problem
    verbose = run(site, tmp_path, "-v", "sources")
    assert any(
        line.startswith("warning: adoptstats plugin 'h_import'") and "hostile_h_import.py:2)" in line
        for line in verbose.stderr.splitlines()
    ), verbose.stderr
    # the table form says the same, one line per failure on stderr
    table = run(site, tmp_path, "plugins")
    assert table.returncode == 0
    assert "h_exit: import failed: SystemExit: 3" in table.stderr
    debug = run(site, tmp_path, "--debug", "plugins")
    assert "h_import: import failed: RuntimeError: boom on import (at " in debug.stderr


def test_sources_and_the_real_plugins_keep_working(site: Path, tmp_path: Path) -> None:
    out = run(site, tmp_path, "sources", "--json")
    assert out.returncode == 0, out.stderr
    sources = {s["name"]: s for s in json.loads(out.stdout)}
    assert set(REAL) <= set(sources)
    assert sources["regus"]["plugin"] == "regus"  # not hijacked by zz_dup, which came later
    assert sources["hinfo"]["description"].startswith("info() failed")
    for refused in ("hreg", "hwrong", "hopts"):
        assert refused not in sources
    fetched = run(site, tmp_path, "fetch", "regus", "--period", "2010", "--geo", "Belux", "--json")
    assert fetched.returncode == 0, fetched.stderr
    rows = json.loads(fetched.stdout)["data"]
    assert rows and {r["geo"] for r in rows} == {"BE+LU"}
    good = run(site, tmp_path, "fetch", "hgood", "--json")
    assert good.returncode == 0 and json.loads(good.stdout)["data"][0]["value"] == 61.0


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("hfetch", "SourceError: source 'hfetch' (plugin 'h_fetch', hostile-h-fetch 0.0.1) failed: KeyError"),
        ("hftype", "returned a dict, not a ResultSet"),
        ("hfexit", "failed: SystemExit: 4"),
        ("hmal", "returned a malformed ResultSet"),
        ("hrows", "source 'hrows': ResultSet.from_frame (1 rows): 1 problem"),
        ("hquery", "failed: LookupError: boom in query"),
    ],
)
def test_a_failing_fetch_is_one_line_naming_the_source(site: Path, tmp_path: Path, source: str, words: str) -> None:
    out = run(site, tmp_path, "fetch", source)
    assert out.returncode == 1, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr
    assert words in out.stderr, out.stderr
    assert f"source '{source}'" in out.stderr


def test_indicators_of_a_broken_source(site: Path, tmp_path: Path) -> None:
    out = run(site, tmp_path, "indicators", "hinfo")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "source 'hinfo' could not list its indicators: RuntimeError: boom in info" in out.stderr


API_SCRIPT = """
import json, time, warnings
import adoptstats
results = {}
for name in ("hfetch", "hftype", "hfexit", "hmal", "hrows", "hquery", "hslow", "hgood", "regus"):
    started = time.monotonic()
    try:
        rs = adoptstats.fetch(name, timeout=1)
        outcome = ["ok", len(rs)]
    except adoptstats.AdoptstatsError as exc:
        outcome = [type(exc).__name__, str(exc)]
    except BaseException as exc:
        outcome = ["UNTYPED " + type(exc).__name__, str(exc)]
    results[name] = outcome + [time.monotonic() - started]
started = time.monotonic()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    rs = adoptstats.fetch(["regus", "hfetch", "hslow", "hquery", "manual"], on_error="warn", timeout=1, period=2010)
results["several"] = [len(rs), sorted(set(rs.frame["source"].astype(str))), time.monotonic() - started,
                      sorted(str(w.message)[:60] for w in caught if issubclass(w.category, adoptstats.SourceWarning))]
print(json.dumps(results))
"""


def test_the_api_survives_every_plugin_and_honours_the_timeout(site: Path, tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", API_SCRIPT],
        capture_output=True,
        text=True,
        env=environment(site, tmp_path),
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    results: dict[str, Any] = json.loads(out.stdout)
    expected = {
        "hfetch": "SourceError",
        "hftype": "SourceError",
        "hfexit": "SourceError",
        "hmal": "SourceError",
        "hrows": "ValidationError",
        "hquery": "SourceError",
        "hslow": "SourceUnavailable",
    }
    for name, kind in expected.items():
        assert results[name][0] == kind, results[name]
        assert results[name][2] < 2.0, results[name]
    assert "did not answer within 1 s" in results["hslow"][1]
    assert 0.9 < results["hslow"][2] < 2.0  # the caller's timeout, not the plugin's 10 s
    assert results["hgood"][:2] == ["ok", 1]
    assert results["regus"][0] == "ok" and results["regus"][1] > 0
    rows, sources, spent, warned = results["several"]
    assert rows > 0 and sources == ["regus"]
    assert spent < 3.0  # hslow bounded by the timeout
    assert len(warned) == 3 and all(w.startswith("source 'h") for w in warned), warned


@pytest.mark.parametrize(
    ("variable", "value"),
    [("ADOPTSTATS_LOAD_PLUGINS", ""), ("ADOPTSTATS_LOAD_PLUGINS", "regus"), ("ADOPTSTATS_DISABLE_PLUGINS", "h_import")],
    ids=["load-none", "load-only-regus", "disable-one"],
)
def test_disabled_plugins_never_run_their_code(site: Path, tmp_path: Path, variable: str, value: str) -> None:
    marker = site / "hostile_h_import.py.imported"
    marker.unlink(missing_ok=True)
    out = run(site, tmp_path, "plugins", "--json", **{variable: value})
    assert out.returncode == 0, out.stderr
    listed = {p["name"]: p["status"] for p in json.loads(out.stdout)}
    assert listed["h_import"] == "blocked"
    assert not marker.exists(), "a disabled plugin's module was imported"
    if value == "regus":
        assert listed["regus"] == "loaded" and listed["h_good"] == "blocked"


@pytest.mark.parametrize("impostor", ["aaa", "zzz"], ids=["sorts-before-regus", "sorts-after-regus"])
def test_a_plugin_cannot_take_another_plugins_source_name(tmp_path: Path, impostor: str) -> None:
    """A distribution registering 'regus' is refused, whatever its entry-point name sorts like.

    The genuine plugin keeps serving its own figures; the impostor is listed as failed with the
    reason, and every command warns in one line. See docs/reference/security.md.
    """
    site = tmp_path / "site"
    site.mkdir()
    make_dist(site, f"hostile-{impostor}", impostor, f"hostile_{impostor}", source_module("regus"))
    out = run(site, tmp_path, "plugins", "--json")
    assert out.returncode == 0, out.stderr
    listed = {p["name"]: p for p in json.loads(out.stdout)}
    assert listed["regus"]["status"] == "loaded" and listed["regus"]["sources"] == ["regus"]
    assert listed[impostor]["status"] == "failed" and listed[impostor]["sources"] == []
    assert "registers the source 'regus', which belongs to the plugin 'regus'" in listed[impostor]["error"]
    table = run(site, tmp_path, "plugins")
    assert f"{impostor}: it registers the source 'regus'" in table.stderr
    fetched = run(
        site, tmp_path, "fetch", "regus", "--concept", "social_media.customer_acquisition", "--period", "2010", "--json"
    )
    assert fetched.returncode == 0, fetched.stderr
    document = json.loads(fetched.stdout)
    assert len(document["data"]) > 10 and {r["source"] for r in document["data"]} == {"regus"}
    assert {c["publisher"] for c in document["citations"]} >= {"Regus"}
    assert "Hostile plugin" not in fetched.stdout
    warning = [line for line in fetched.stderr.splitlines() if f"'{impostor}'" in line]
    assert len(warning) == 1 and warning[0].startswith("warning: adoptstats plugin"), fetched.stderr
    assert "Traceback" not in fetched.stderr and "load_entry_points" not in fetched.stderr
    sources = {s["name"]: s for s in json.loads(run(site, tmp_path, "sources", "--json").stdout)}
    assert sources["regus"]["plugin"] == "regus" and sources["regus"]["publisher"] == "Regus"
