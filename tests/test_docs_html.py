"""The built documentation copies and pastes: the HTML itself is parsed.

The pages are built once per test session with Sphinx (HTML builder, no network) into a
temporary folder.  Checked here:

- no option is set as an en dash (``–source`` for ``--source``) on any page;
- no page has two elements with the same ``id`` (links would land on the wrong section);
- every example of every command's ``--help`` is in a code block of ``reference/cli``, as
  the help prints it (straight quotes, ``--options``, continuation backslashes);
- every line of the sessions on ``reference/cli`` fits the text column (a URL alone on its
  line and ``--json`` output wrap on screen instead);
- the paragraph to paste on ``user-guide/comparing`` wraps on screen, the Eurostat page's
  dataset and flag listings fit the text column, and the charts page's "A trend" shows a chart.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .test_help_examples import help_examples

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
#: Characters of a code line that fit the text column at 1280 px (furo, 46em, monospace 81%):
#: measured in headless Chromium, a code block is 708 px wide inside, a character 7.8 px.
CODE_COLUMNS = 90

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("sphinx")
    pytest.importorskip("sphinx_click")
    out = tmp_path_factory.mktemp("html")
    env = {**os.environ, "ADOPTSTATS_DOCS_OFFLINE": "1", "MPLBACKEND": "Agg"}
    doctrees = tmp_path_factory.mktemp("doctrees")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(doctrees), str(DOCS), str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out


class _Page(HTMLParser):
    """Ids, the text of ``<pre>`` blocks (with the classes of the blocks around them), and ``<img>`` sources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.pres: list[tuple[str, str]] = []  # (classes of the enclosing divs, text)
        self.images: list[tuple[str, str]] = []  # (last heading, src)
        self.text: list[str] = []
        self._classes: list[str] = []
        self._pre: list[str] | None = None
        self._heading: list[str] | None = None
        self.last_heading = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "div":
            self._classes.append(found.get("class") or "")
        elif tag == "pre":
            self._pre = []
        elif tag in ("h1", "h2", "h3"):
            self._heading = []
        elif tag == "img":
            self.images.append((self.last_heading, str(found.get("src"))))

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._classes:
            self._classes.pop()
        elif tag == "pre" and self._pre is not None:
            self.pres.append((" ".join(self._classes), "".join(self._pre)))
            self._pre = None
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            self.last_heading = "".join(self._heading).replace("¶", "").strip()
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._pre is not None:
            self._pre.append(data)
        else:
            self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(built: Path) -> Iterator[Path]:
    for path in sorted(built.rglob("*.html")):
        if not path.relative_to(built).parts[0].startswith("_"):
            yield path


def test_no_option_is_set_as_an_en_dash(built: Path) -> None:
    found = []
    for path in _pages(built):
        text = html.unescape(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(built)}: {m.group(0)!r}" for m in re.finditer(r"\S*\u2013[a-z][\w-]*", text)]
    assert not found, found[:10]


def test_no_page_has_a_duplicate_id(built: Path) -> None:
    for path in _pages(built):
        ids = _parse(path).ids
        twice = sorted({i for i in ids if ids.count(i) > 1})
        assert not twice, f"{path.relative_to(built)}: ids used twice: {twice}"


def test_the_help_has_examples() -> None:
    commands = {c for c, _ in help_examples()}
    assert {"", "fetch", "compare", "rank", "trend", "reconcile", "manual add"} <= commands


def test_every_cli_example_is_in_a_code_block(built: Path) -> None:
    page = _parse(built / "reference" / "cli.html")
    blocks = [re.sub(r"\\\n\s*", "", text) for _, text in page.pres]
    joined = "\n".join(" ".join(line.split()) for block in blocks for line in block.splitlines())
    missing = [f"{c}: {e}" for c, e in help_examples() if " ".join(e.split()) not in joined]
    assert not missing, missing
    prose = " ".join(page.text)
    assert not re.search(r"Examples?:\s+adoptstats", prose), "an example is still set as prose"


def test_cli_examples_fit_the_page(built: Path) -> None:
    page = _parse(built / "reference" / "cli.html")
    examples = [text for classes, text in page.pres if "highlight-shell" in classes and "adoptstats " in text]
    assert examples
    wide = [line for text in examples for line in text.splitlines() if len(line) > CODE_COLUMNS]
    assert not wide, wide


def _columns(line: str) -> int:
    """The columns a line takes in a monospace font: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


_LONE_URL = re.compile(r"\s*https?://\S+")


def _session_lines(text: str) -> Iterator[tuple[str, str]]:
    """``(command, line)`` for each line of a console block; a command's own lines come with ``""``."""
    command = ""
    more = False
    for line in text.splitlines():
        if line.startswith("$ ") or more:
            command = (command + " " + line if more else line[2:]).rstrip("\\").strip()
            more = line.endswith("\\")
            yield "", line
        else:
            yield command, line


def test_cli_sessions_fit_the_page(built: Path) -> None:
    """Every line of the sessions on reference/cli fits the code column at 1280 px.

    The commands wrap prose and tables at the terminal's width (the sessions run at
    ``COLUMNS=88``).  Two kinds of line may be longer: a URL alone on its line (no word is
    ever cut) and the JSON of a ``--json`` command (strings stay whole, so the JSON stays
    valid); the page's stylesheet wraps those on screen, as a terminal does.
    """
    source = (built / "reference" / "cli.html").read_text(encoding="utf-8")
    page = _parse(built / "reference" / "cli.html")
    sessions = [text for classes, text in page.pres if "highlight-console" in classes]
    assert len(sessions) >= 15
    wide = []
    documents: dict[str, list[str]] = {}
    for text in sessions:
        for command, line in _session_lines(text):
            if "--json" in command.split():
                documents.setdefault(command, []).append(line)
            elif _columns(line) > CODE_COLUMNS and not _LONE_URL.fullmatch(line):
                wide.append(line)
    assert not wide, wide
    assert documents, "no session shows --json"
    for lines in documents.values():
        json.loads("\n".join(lines))  # whole and valid, whatever its width
    css = (built / "_static" / "adoptstats.css").read_text(encoding="utf-8")
    assert re.search(r"#sessions div\.highlight-console pre\s*\{[^}]*white-space:\s*pre-wrap", css)
    assert '<section id="sessions">' in source


def test_the_paragraph_to_paste_wraps(built: Path) -> None:
    page = _parse(built / "user-guide" / "comparing.html")
    pasted = [text for classes, text in page.pres if "paste" in classes.split()]
    assert any("Belgium-Luxembourg: 27% in 2010" in text for text in pasted)
    css = (built / "_static" / "adoptstats.css").read_text(encoding="utf-8")
    assert re.search(r"\.paste pre\s*\{[^}]*white-space:\s*pre-wrap", css)


def test_the_eurostat_listings_fit_the_page(built: Path) -> None:
    page = _parse(built / "sources" / "eurostat.html")
    listings = [text for _, text in page.pres if "isoc_cismtn2" in text or "break in time series" in text]
    assert len(listings) >= 2
    wide = [line for text in listings for line in text.splitlines() if len(line) > CODE_COLUMNS]
    assert not wide, wide


def test_the_trend_section_shows_a_chart(built: Path) -> None:
    page = _parse(built / "user-guide" / "charts.html")
    assert any(heading == "A trend" and src.endswith(".png") for heading, src in page.images), page.images


def test_the_home_chart_shows_differences_and_verdicts() -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("adoptstats_regus")
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        import adoptstats_charts
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    fig = adoptstats_charts.belgium_2010(DOCS)
    _values, differences = fig.axes
    labels = [t.get_text() for t in differences.texts]
    verdicts = [t for t in labels if t.startswith("lower: ")]
    assert len(verdicts) == 4, labels
    assert "lower: -13 pp [-14, -12] [3]" in verdicts  # with the number of its caveat note (no sample size)
    assert any('"more than 40%"' in t and "Regus's own report, 40%" in t for t in labels)
    assert [tick.get_text() for tick in differences.get_yticklabels()][-1] == "World"
    caption = (DOCS / "index.md").read_text(encoding="utf-8")
    assert "narrower than the dot" in caption  # the caption says what is drawn, not bars that cannot be seen
    assert "keeps the survey owner's report first" in caption
