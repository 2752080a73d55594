"""Tables, notebook HTML and command output in English, French, Dutch and German say the same things.

For the Regus 2010 survey (bundled with the regus plugin): in every language the text and
HTML of a comparison, a rank table and a trend, and the ``compare``, ``rank`` and ``trend``
commands, name the concept by its label (its id only in the heading's parentheses), carry
as many caveat notes as the English ones, and give the same verdicts; ``str()`` and
``_repr_html_`` are the English renderings.  ``--lang`` and ``ADOPTSTATS_LANG`` choose the
language, and an unknown one is refused naming the flag or the variable.
"""

from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner, Result

import adoptstats
from adoptstats.cli import build_cli
from adoptstats.export import tables
from adoptstats.i18n import LANGS, ptr, tr
from adoptstats.render.verdicts import verdict_word

CONCEPT = "social_media.customer_acquisition"
VERDICTS = ("higher", "lower", "indistinguishable", "undetermined")
COMPARE = ["compare", CONCEPT, "--source", "regus", "--focus", "Belux", "--period", "2010"]
RANK = ["rank", CONCEPT, "--source", "regus", "--period", "2010"]
TREND = ["trend", CONCEPT, "--source", "regus", "--geo", "GB", "--against", "US"]

#: English words of the headings and tails that a page in another language must not show.
ENGLISH = ("Comparison:", "RankTable:", "Trend:", "breakdown", "differences are", "gap to", "caveats of the focus")


def english_left(text: str, lang: str) -> list[str]:
    """English words left in ``text`` ("Trend" is also Dutch and German)."""
    words = [w for w in ENGLISH if not (w == "Trend:" and lang in ("nl", "de"))]
    return [w for w in words if w in text]


pytestmark = pytest.mark.skipif(
    "regus" not in adoptstats.get_registry().names, reason="the regus plugin is not installed"
)


@pytest.fixture(scope="module")
def resolved() -> adoptstats.ResultSet:
    regus = adoptstats.fetch("regus", concept=CONCEPT, period=2010, breakdown="total")
    return adoptstats.reconcile(regus).resolved


@pytest.fixture(scope="module")
def comparison(resolved: adoptstats.ResultSet) -> adoptstats.Comparison:
    return adoptstats.compare(resolved, focus="Belux")


@pytest.fixture(scope="module")
def ranking(resolved: adoptstats.ResultSet) -> adoptstats.RankTable:
    return adoptstats.rank(resolved)


@pytest.fixture(scope="module")
def trend() -> adoptstats.Trend:
    both = adoptstats.reconcile(adoptstats.fetch("regus", concept=CONCEPT)).resolved
    return adoptstats.trend(both, "GB", against="US")


def no_raw_concept(text: str) -> bool:
    """The concept's id appears only as ``(id)`` after its label."""
    return CONCEPT not in text.replace(f"({CONCEPT})", "") and "social_media." not in text.replace(f"({CONCEPT})", "")


def notes_in_text(text: str, indent: str = "") -> list[str]:
    """The numbers of the caveat notes of a text rendering (``[2] ...`` lines)."""
    return re.findall(rf"^{re.escape(indent)}\[(\d+)\] ", text, flags=re.M)


def verdict_counts(lines: list[str], lang: str) -> dict[str, int]:
    """How many table lines carry each verdict, as ``lang`` writes it (a whole cell, not part of a word)."""
    counts = {}
    for v in VERDICTS:
        word = re.compile(rf"(?<!\S){re.escape(verdict_word(v, lang))}(?!\S)")
        counts[v] = sum(1 for line in lines if word.search(line))
    return counts


def table_lines(text: str) -> list[str]:
    """The rows of the table of a comparison's text: the block after the header, without its header line."""
    return text.split("\n\n")[1].splitlines()[1:]


# -- Python: text and HTML -----------------------------------------------------------------------


def test_str_and_repr_html_are_the_english_renderings(
    comparison: adoptstats.Comparison, ranking: adoptstats.RankTable, trend: adoptstats.Trend
) -> None:
    for result in (comparison, ranking, trend):
        assert str(result) == result.text("en") == result.text()
        assert result._repr_html_() == result.html("en") == result.html()


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_text_says_the_same_in_every_language(comparison: adoptstats.Comparison, lang: str) -> None:
    en, text = comparison.text("en"), comparison.text(lang)
    assert no_raw_concept(text), text
    assert f"({CONCEPT})" in text.splitlines()[1]
    assert notes_in_text(text) == notes_in_text(en) != []
    assert verdict_counts(table_lines(text), lang) == verdict_counts(table_lines(en), "en")
    assert sum(verdict_counts(table_lines(en), "en").values()) == len(comparison.to_frame())
    assert comparison.summary(lang) not in text  # the table, not the paragraph
    if lang != "en":
        assert not english_left(text, lang), text
        assert ptr("column", "verdict", lang) in text.split("\n\n")[1].splitlines()[0]


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_html_says_the_same_in_every_language(comparison: adoptstats.Comparison, lang: str) -> None:
    en, page = comparison.html("en"), comparison.html(lang)
    assert no_raw_concept(html.unescape(page))
    kinds = re.compile(r"<li value='(\d+)' class='caveat-([a-z_]+)'>")
    assert kinds.findall(page) == kinds.findall(en) != []
    for v in VERDICTS:
        cell = f"<td class='{v}'>{html.escape(verdict_word(v, lang))}</td>"
        assert page.count(cell) == en.count(f"<td class='{v}'>{verdict_word(v, 'en')}</td>")
    assert f"<strong>{html.escape(tr('Sources', lang))}</strong>" in page
    assert f"<strong>{html.escape(tr('Caveats', lang))}</strong>" in page
    assert html.escape(comparison.summary(lang)) in page
    if lang != "en":
        assert not english_left(html.unescape(page), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_rank_table_text_says_the_same_in_every_language(ranking: adoptstats.RankTable, lang: str) -> None:
    en, text = ranking.text("en"), ranking.text(lang)
    assert no_raw_concept(text), text
    assert notes_in_text(text) == notes_in_text(en) != []
    assert len(text.splitlines()) == len(en.splitlines())
    assert adoptstats.geo_name("ES", lang) in text
    assert no_raw_concept(html.unescape(ranking.html(lang)))
    if lang != "en":
        assert not english_left(text, lang), text


@pytest.mark.parametrize("lang", LANGS)
def test_trend_text_says_the_same_in_every_language(trend: adoptstats.Trend, lang: str) -> None:
    en, text = trend.text("en"), trend.text(lang)
    assert no_raw_concept(text), text
    assert notes_in_text(text) == notes_in_text(en) != []
    assert trend.summary(lang) in text
    page = trend.html(lang)
    assert no_raw_concept(html.unescape(page))
    assert page.count("class='caveat-") == trend.html("en").count("class='caveat-") > 0
    if lang != "en":
        assert not english_left(text, lang), text


@pytest.mark.parametrize("lang", LANGS)
def test_exported_tables_keep_their_column_names_and_translate_the_cells(
    comparison: adoptstats.Comparison, lang: str
) -> None:
    data, cites, caveats = tables(comparison, lang=lang)
    en_data, en_cites, en_caveats = tables(comparison)
    assert list(data.columns) == list(en_data.columns) and list(caveats.columns) == list(en_caveats.columns)
    assert data["verdict"].tolist()[1:] == en_data["verdict"].tolist()[1:]  # codes, not words
    assert caveats["kind"].tolist() == en_caveats["kind"].tolist()
    assert data["name"].tolist() == [adoptstats.geo_name(g, lang) for g in data["geo"]]
    assert data["text"].iloc[0] == comparison.focus_estimate.text(lang)
    assert cites.equals(en_cites)


# -- the command line ----------------------------------------------------------------------------


def run(args: list[str], **env: str) -> Result:
    return CliRunner().invoke(build_cli(), args, env={"COLUMNS": "200", "NO_COLOR": "1", **env})


def cli_table_rows(output: str) -> list[str]:
    """The rows of the first table of a command's output: the lines after its ``---`` rule, to a blank line."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("---"))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        rows.append(line)
    return rows


@pytest.fixture(scope="module")
def english() -> dict[str, str]:
    out = {}
    for name, args in (("compare", COMPARE), ("rank", RANK), ("trend", TREND)):
        result = run([*args, "--lang", "en"])
        assert result.exit_code == 0, result.output
        out[name] = result.stdout
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_compare_command_in_every_language(english: dict[str, str], lang: str) -> None:
    result = run([*COMPARE, "--lang", lang])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert no_raw_concept(out), out
    assert notes_in_text(out, "  ") == notes_in_text(english["compare"], "  ") != []
    rows, en_rows = cli_table_rows(out), cli_table_rows(english["compare"])
    assert len(rows) == len(en_rows)
    assert verdict_counts(rows, lang) == verdict_counts(en_rows, "en")
    assert adoptstats.geo_name("ES", lang) in out and tr("Sources", lang) in out
    if lang != "en":
        assert "breakdown" not in out and "differences are" not in out and "reconciled" not in out


@pytest.mark.parametrize("lang", LANGS)
def test_rank_command_in_every_language(english: dict[str, str], lang: str) -> None:
    result = run([*RANK, "--lang", lang])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert no_raw_concept(out), out
    assert len(cli_table_rows(out)) == len(cli_table_rows(english["rank"])) == 14
    assert adoptstats.geo_name("BE+LU", lang) in out and tr("Sources", lang) in out
    if lang != "en":
        assert "breakdown" not in out and "geographies ranked" not in out and "reconciled" not in out


@pytest.mark.parametrize("lang", LANGS)
def test_trend_command_in_every_language(english: dict[str, str], lang: str) -> None:
    result = run([*TREND, "--lang", lang])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert no_raw_concept(out), out
    rows, en_rows = cli_table_rows(out), cli_table_rows(english["trend"])
    assert len(rows) == len(en_rows)
    yes = re.compile(rf"(?<!\S){re.escape(tr('yes', lang))}(?!\S)")
    assert sum(1 for r in rows if yes.search(r)) == sum(1 for r in en_rows if " yes " in r)
    if lang != "en":
        assert "breakdown" not in out and "fitted values" not in out and "reconciled" not in out


@pytest.mark.parametrize("args", [COMPARE, RANK, TREND, ["reconcile", "regus", "--period", "2010"]])
def test_an_unknown_lang_is_refused_naming_the_flag(args: list[str]) -> None:
    result = run([*args, "--lang", "xx"])
    assert result.exit_code == 2
    assert "--lang" in result.output and "'xx' is not one of 'en', 'fr', 'nl', 'de'" in result.output


def test_adoptstats_lang_chooses_the_language_without_the_flag(english: dict[str, str]) -> None:
    result = run(RANK, ADOPTSTATS_LANG="nl")
    assert result.exit_code == 0, result.output
    assert "Spanje" in result.stdout and "Bronnen" in result.stdout and "Spain" not in result.stdout
    assert run([*RANK, "--lang", "en"], ADOPTSTATS_LANG="nl").stdout == english["rank"]


@pytest.mark.parametrize("args", [COMPARE, RANK, TREND, ["reconcile", "regus", "--period", "2010"]])
def test_an_unknown_adoptstats_lang_is_refused_naming_the_variable(args: list[str]) -> None:
    result = run(args, ADOPTSTATS_LANG="klingon")
    assert result.exit_code == 2
    assert "ADOPTSTATS_LANG='klingon' is not a language adoptstats writes" in result.output
    assert "en, fr, nl, de" in result.output


def test_reconcile_command_speaks_the_language(english: dict[str, str]) -> None:
    en = run(["reconcile", "regus", "--concept", CONCEPT, "--period", "2010", "--lang", "en"])
    de = run(["reconcile", "regus", "--concept", CONCEPT, "--period", "2010", "--lang", "de"])
    assert en.exit_code == de.exit_code == 0, de.output
    assert "Quellen" in de.stdout and "Sources" in en.stdout
    assert en.stdout.count("\n* ") == de.stdout.count("\n* ") == 3  # the chosen report of each conflict
    assert "reports of 23 figures" in en.stdout and "reports of 23 figures" not in de.stdout


@pytest.mark.parametrize("lang", ["en", "fr", "nl", "de"])
def test_the_done_when_command_in_every_language(lang: str) -> None:
    """The languages page's command: headers, paragraph and sources in ``lang``; CLDR numbers; no concept id."""
    runner = CliRunner()
    result = runner.invoke(
        build_cli(),
        [
            "compare",
            "social_media.customer_acquisition",
            "--source",
            "regus",
            "--focus",
            "Belux",
            "--period",
            "2010",
            "--lang",
            lang,
        ],
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "social_media." not in out
    headers = {"en": "verdict", "fr": "verdict", "nl": "conclusie", "de": "Einstufung"}
    sources = {"en": "Sources:", "fr": "Sources :", "nl": "Bronnen:", "de": "Quellen:"}
    figure = {"en": "27% in 2010", "fr": "27\u00a0% en 2010", "nl": "27% in 2010", "de": "2010: 27\u00a0%"}
    assert headers[lang] in out and sources[lang] in out and figure[lang] in out
    if lang != "en":
        assert "[26,5; 27,5]" in out  # decimal comma, and a semicolon between the bounds
