"""Charts (adoptstats.plot): rendered with Agg, checked as files."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

import adoptstats
from adoptstats import Citation, Estimate, Observation, QueryError, ResultSet, SelectionError

matplotlib.use("Agg")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CITE = Citation(publisher="L'Avenir", url="https://www.lavenir.net/cnt/8921533", quote="test")


def obs(geo: str, value: float, qualifier: str = "exact", period: int = 2010, n: int | None = None) -> Observation:
    return Observation(
        source="regus",
        dataset="social_success_2010",
        indicator="new_customers_via_social_networks",
        concept="social_media.customer_acquisition",
        geo=geo,
        period=period,
        population="business people",
        estimate=Estimate.published(value, qualifier=qualifier),
        citation=CITE,
        sample_size=n,
    )


@pytest.fixture
def comparison() -> adoptstats.Comparison:
    rs = ResultSet.from_records(
        [obs("BE+LU", 27), obs("ES", 50, n=400), obs("MX", 52), obs("WORLD", 40, "more_than"), obs("JP", 30, "at_most")]
    )
    return adoptstats.compare(rs, "Belux")


def test_comparison_png(tmp_path: Path, comparison: adoptstats.Comparison) -> None:
    path = tmp_path / "belux.png"
    fig = comparison.plot(str(path))
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert len(data) > 10_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 600 and height > 300
    axes = fig.axes[0]
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert labels[-1] == "Mexico" and "Belgium-Luxembourg" in labels
    texts = [t.get_text() for t in axes.texts]
    assert any(t.startswith("more than 40% [") for t in texts) and any(t.startswith("at most 30% [") for t in texts)
    # the focus is highlighted
    focus_label = next(t for t in axes.get_yticklabels() if t.get_text() == "Belgium-Luxembourg")
    assert focus_label.get_fontweight() == "bold"
    # the sources are written under the chart
    assert "Sources: L'Avenir" in fig.get_supxlabel()  # type: ignore[attr-defined]


def test_comparison_svg_and_french(tmp_path: Path, comparison: adoptstats.Comparison) -> None:
    path = tmp_path / "belux.svg"
    fig = comparison.plot(path, lang="fr", title="Clients via les réseaux sociaux")
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "Sources : L'Avenir" in fig.get_supxlabel()  # type: ignore[attr-defined]
    assert fig.axes[0].get_title(loc="left") == "Clients via les réseaux sociaux"


def test_comparison_without_saving(comparison: adoptstats.Comparison) -> None:
    fig = comparison.plot()
    assert fig.axes


def test_bad_paths_and_languages(tmp_path: Path, comparison: adoptstats.Comparison) -> None:
    with pytest.raises(QueryError, match=r"use a file name ending in \.png, \.svg, \.pdf"):
        comparison.plot(tmp_path / "chart.gif")
    with pytest.raises(SelectionError, match="language"):
        comparison.plot(lang="xx")


def test_trend_png(tmp_path: Path) -> None:
    rows = []
    for year, be, nl in [(2015, 20, 40), (2017, 24, 41), (2019, 29, 43), (2021, 33, 44), (2023, 37, 46)]:
        rows += [obs("BE", be, period=year), obs("NL", nl, period=year)]
    rows.append(obs("NL", 45, "more_than", period=2024))
    tr = adoptstats.trend(ResultSet.from_records(rows), "BE", against="NL")
    path = tmp_path / "trend.png"
    fig = tr.plot(str(path))
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC and len(data) > 10_000
    axes = fig.axes[0]
    assert any(t.get_text() == "catch-up 2030" for t in axes.texts)
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["Belgium", "Netherlands"]


def test_plot_into_given_axes(comparison: adoptstats.Comparison) -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert comparison.plot(ax=ax) is fig
