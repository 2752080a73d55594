"""HTML reports and the profile command: --json, --plot (a real PNG), --html parsed with a real HTML parser."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import adoptstats
from adoptstats import Citation, Estimate, Observation, ResultSet
from adoptstats.cli import cli
from adoptstats.render.notes import caveat_notes
from adoptstats.reports import ReportError, build_report, render_report, write_report

pytest.importorskip("matplotlib")
adoptstats_manual = pytest.importorskip("adoptstats_manual")

TUTORIAL = Path(__file__).parents[1] / "docs" / "tutorial" / "ict_profile_belgium.csv"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Page(HTMLParser):
    """What a browser would load or run: elements, links, scripts, inline SVG, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[str] = []
        self.loads: list[tuple[str, str]] = []
        self.scripts = 0
        self.svg = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "script":
            self.scripts += 1
        if tag == "svg":
            self.svg += 1
        for key in ("src", "srcset", "data"):
            if found.get(key):
                self.loads.append((tag, str(found[key])))
        if tag == "link" and found.get("href"):
            self.loads.append((tag, str(found["href"])))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


# Constructed figures, with a publisher whose name is markup: it must come out as text.
HOSTILE = Citation(
    publisher="<script>alert('x')</script> Gazette",
    title="constructed report <b>bold</b>",
    url="https://example.org/report?a=1&b=2",
    quote="a quote with <img src=x onerror=alert(1)>",
)
OWNER = Citation(publisher="Survey owner", url="https://example.org/owner", primary=True)


def _rs() -> ResultSet:
    def o(geo: str, concept: str, value: float, cite: Citation, population: str = "firms") -> Observation:
        return Observation(
            source="constructed",
            dataset="tables",
            indicator=concept,
            concept=concept,
            geo=geo,
            period=2024,
            population=population,
            estimate=Estimate.published(value),
            citation=cite,
        )

    return ResultSet.from_records(
        [
            o("BE", "cloud.any_use", 40, OWNER, population="firms <script>x</script>"),
            o("EU27_2020", "cloud.any_use", 45, HOSTILE),
            o("BE", "ai.any_use", 25, OWNER),
            o("EU27_2020", "ai.any_use", 13.5, OWNER),
        ]
    )


def test_report_escapes_values_and_loads_nothing(tmp_path: Path) -> None:
    prof = adoptstats.profile(_rs(), "BE", "EU27_2020")
    out = write_report(prof, tmp_path / "report.html")
    text = out.read_text(encoding="utf-8")
    page = parse(text)
    assert page.scripts == 0  # the publisher's <script> is text, not an element
    assert "img" not in page.tags and "b" not in page.tags
    assert "<script>alert('x')</script> Gazette" in page.words
    assert "&lt;script&gt;" in text
    assert page.loads == []  # nothing fetched from anywhere: styles and chart are inline
    assert page.svg >= 1
    assert "https://example.org/report?a=1&b=2" in page.links
    assert "https://example.org/owner" in page.links
    for caveat in prof.general_caveats():
        assert " ".join(caveat.split()) in page.words
    # every caveat of every row is on the page, with a marker in the table pointing at it
    report = build_report(prof)
    for caveat in report.caveats:
        assert " ".join(caveat.split()) in page.words
    notes = caveat_notes(prof.caveats)
    assert notes
    for note in notes:
        n = report.caveats.index(note.text) + 1
        assert f"#caveat-{n}" in page.links
    # the French report says the same caveats in French
    fr = build_report(prof, lang="fr")
    general_fr = prof.general_caveats("fr")
    assert {n.text for n in caveat_notes(prof.caveats, "fr")} == {c for c in fr.caveats if c not in general_fr}
    assert any(c.startswith("sources secondaires") for c in fr.caveats)


def test_reports_of_compare_rank_trend(tmp_path: Path) -> None:
    rs = _rs()
    comp = adoptstats.compare(rs, "BE", concept="cloud.any_use")
    ranked = adoptstats.rank(rs, concept="ai.any_use", include_aggregates=True)
    for result in (comp, ranked):
        page = parse(render_report(build_report(result)))
        assert page.svg >= 1 and page.scripts == 0 and page.loads == []
    assert "https://example.org/report?a=1&b=2" in parse(render_report(build_report(comp))).links
    with pytest.raises(ReportError, match="Profile, Comparison, RankTable or Trend"):
        build_report(rs)
    with pytest.raises(ReportError, match=r"\.html"):
        write_report(comp, tmp_path / "report.txt")


def test_french_report() -> None:
    prof = adoptstats.profile(_rs(), "BE", "EU27_2020")
    page = parse(render_report(build_report(prof, lang="fr")))
    assert "Réserves" in page.words and "Sources" in page.words
    assert 'lang="fr"' in render_report(build_report(prof, lang="fr"))


def test_cli_profile_text_json_plot_html(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["profile", "BE", "--against", "EU27_2020", "--path", str(TUTORIAL)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "EU27_2020: ahead " in result.output
    assert "Left out" in result.output and "Sources" in result.output and "Caveats" in result.output

    result = runner.invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["focus"] == "BE" and payload["against"] == ["EU27_2020"]
    assert sum(payload["counts"]["EU27_2020"].values()) == len(payload["rows"])
    assert all(row["ref"] and row["focus_ref"] for row in payload["rows"])
    assert {c["ref"] for c in payload["citations"]} >= {row["ref"] for row in payload["rows"]}
    assert payload["missing"] and payload["caveats"]

    png = tmp_path / "profile.png"
    html = tmp_path / "profile.html"
    result = runner.invoke(cli, [*args, "--plot", str(png), "--html", str(html), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert png.read_bytes().startswith(PNG_MAGIC)
    page = parse(html.read_text(encoding="utf-8"))
    assert page.svg >= 1 and page.scripts == 0 and page.loads == []
    urls = {c["url"] for c in payload["citations"]}
    assert urls <= set(page.links)

    out = tmp_path / "profile.csv"
    result = runner.invoke(cli, [*args, "--output", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    cites = pd.read_csv(tmp_path / "profile.citations.csv")
    assert len(table) == len(payload["rows"]) and table["caveats"].str.contains("secondary only").any()
    assert set(table["citation_id"]) | set(table["focus_citation_id"]) <= set(cites["citation_id"])
    caveats = pd.read_csv(tmp_path / "profile.caveats.csv")
    assert set(caveats["kind"]) == {c["kind"] for c in payload["caveats"]} and "secondary_only" in set(caveats["kind"])


def test_cli_flags_are_named(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["profile", "BE", "--against", "EU27_2020", "--path", str(TUTORIAL), "--html", "x.txt"])
    assert result.exit_code != 0 and "--html" in result.output
    result = runner.invoke(cli, ["profile", "BE", "--against", "EU27_2020"])
    assert result.exit_code != 0 and "--source" in result.output and "--path" in result.output
    result = runner.invoke(
        cli, ["profile", "BE", "--against", "EU27_2020", "--path", str(TUTORIAL), "--breakdown", "size:50-249"]
    )
    assert result.exit_code != 0 and "breakdowns present" in result.output


def test_cli_compare_html(tmp_path: Path) -> None:
    html = tmp_path / "compare.html"
    result = CliRunner().invoke(
        cli,
        [
            "compare",
            "social_media.any_use",
            "--focus",
            "BE",
            "--against",
            "EU27_2020",
            "--period",
            "2021",
            "--source",
            "manual",
            "--option",
            f"path={TUTORIAL}",
            "--html",
            str(html),
        ],
    )
    assert result.exit_code == 0, result.output
    page = parse(html.read_text(encoding="utf-8"))
    assert page.svg >= 1 and page.scripts == 0
    assert "https://statbel.fgov.be/en/themes/enterprises/ict-and-e-commerce-enterprises" in page.links


def test_trend_report_carries_its_notes(tmp_path: Path) -> None:
    def o(geo: str, year: int, value: float) -> Observation:
        return Observation(
            source="constructed",
            dataset="tables",
            indicator="cloud.any_use",
            concept="cloud.any_use",
            geo=geo,
            period=year,
            population="firms",
            estimate=Estimate.published(value),
            citation=OWNER,
        )

    rs = ResultSet.from_records(
        [
            o("BE", 2019, 30),
            o("BE", 2021, 36),
            o("BE", 2023, 44),
            o("NL", 2019, 50),
            o("NL", 2021, 52),
            o("NL", 2023, 55),
        ]
    )
    tr = adoptstats.trend(rs, "BE", against="NL")
    report = build_report(tr)
    # the notes on the fit come first, then the trend's caveats as numbered notes
    assert report.caveats == (*tr.notes, *(n.text for n in caveat_notes(tr.caveats)))
    page = parse(render_report(report))
    assert page.svg >= 1 and page.scripts == 0 and page.loads == []
    assert tr.summary()[:40] in page.words
    assert "https://example.org/owner" in page.links
