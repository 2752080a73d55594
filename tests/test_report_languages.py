"""Charts, profiles and HTML reports in every language: no concept id, no English caveat label, no unknown language.

The figures are constructed: two concepts both sides have, one only Belgium has (left
out), a second-hand report and no sample sizes, so the outputs carry caveats and a
left-out list.
"""

from __future__ import annotations

from html.parser import HTMLParser

import matplotlib
import pytest

import adoptstats
from adoptstats import Citation, Estimate, Observation, ResultSet
from adoptstats.i18n import LanguageError
from adoptstats.plot import plot_comparison, plot_profile, plot_rank, plot_trend
from adoptstats.render.wording import CAVEAT_LABELS
from adoptstats.reports import build_report, render_report

matplotlib.use("Agg")

OWNER = Citation(publisher="Survey owner", url="https://example.org/owner", primary=True)
PRESS = Citation(publisher="A newspaper", url="https://example.org/press")
CONCEPTS = ("cloud.any_use", "ai.any_use", "software.erp")


def _obs(geo: str, concept: str, value: float, cite: Citation, period: int = 2023) -> Observation:
    return Observation(
        source="constructed",
        dataset="tables",
        indicator=concept,
        concept=concept,
        geo=geo,
        period=period,
        population="enterprises",
        estimate=Estimate.published(value),
        citation=cite,
    )


@pytest.fixture(scope="module")
def results() -> ResultSet:
    return ResultSet.from_records(
        [
            _obs("BE", "cloud.any_use", 40, OWNER),
            _obs("EU27_2020", "cloud.any_use", 45, PRESS),
            _obs("BE", "ai.any_use", 25, OWNER),
            _obs("EU27_2020", "ai.any_use", 13.5, OWNER),
            _obs("BE", "software.erp", 50, OWNER),
            _obs("BE", "cloud.any_use", 30, OWNER, period=2019),
            _obs("EU27_2020", "cloud.any_use", 38, OWNER, period=2019),
        ]
    )


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _page_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def _chart_text(fig: matplotlib.figure.Figure) -> str:
    axes = fig.axes[0]
    parts = [axes.get_title(loc="left"), axes.get_xlabel(), axes.get_ylabel(), fig.get_supxlabel()]  # type: ignore[attr-defined]
    parts += [t.get_text() for t in axes.get_yticklabels()]
    parts += [t.get_text() for t in axes.texts]
    return "\n".join(parts)


def _outputs(results: ResultSet, lang: str) -> dict[str, str]:
    prof = adoptstats.profile(results, "BE", "EU27_2020")
    comp = adoptstats.compare(results, "BE", concept="cloud.any_use", period=2023)
    display = prof.display(lang)
    return {
        "profile chart": _chart_text(plot_profile(prof, lang=lang)),
        "comparison chart": _chart_text(plot_comparison(comp, lang=lang)),
        "profile display": " ".join([*map(str, display.columns), *display.astype(str).to_numpy().ravel()]),
        "profile summary": prof.summary(lang),
        "profile report": _page_text(render_report(build_report(prof, lang))),
        "comparison report": _page_text(render_report(build_report(comp, lang))),
    }


@pytest.mark.parametrize("lang", ["nl", "de"])
def test_no_concept_id_in_any_output(results: ResultSet, lang: str) -> None:
    for name, text in _outputs(results, lang).items():
        for concept in CONCEPTS:
            assert concept not in text, f"{name} in {lang} shows the concept id {concept}"


@pytest.mark.parametrize("lang", ["nl", "de"])
def test_no_english_caveat_label_and_not_english(results: ResultSet, lang: str) -> None:
    # These assertions hold once the nl and de catalogues translate the messages of the
    # charts, profiles and reports (python -m adoptstats.testing.catalogues check passes).
    english = _outputs(results, "en")
    for name, text in _outputs(results, lang).items():
        for label in CAVEAT_LABELS.values():
            assert label not in text, f"{name} in {lang} shows the English caveat label {label!r}"
        assert text != english[name], f"{name} in {lang} reads as in English"
    prof = adoptstats.profile(results, "BE", "EU27_2020")
    assert list(prof.display(lang).columns) != list(prof.display("en").columns)
    assert build_report(prof, lang).columns != build_report(prof, "en").columns
    assert all(m.reason_in(lang) != m.reason for m in prof.missing)


def test_english_left_out_reasons_and_labels(results: ResultSet) -> None:
    prof = adoptstats.profile(results, "BE", "EU27_2020")
    assert [m.reason for m in prof.missing] == ["no figure for EU27_2020 (BE has 2023)"]
    assert [m.reason_in("en") for m in prof.missing] == [m.reason for m in prof.missing]
    report = build_report(prof)
    assert report.left_out == (
        "Uses ERP software (European Union (27 countries, from 2020)): no figure for EU27_2020 (BE has 2023)",
    )
    assert "Left out for want of a figure on both sides for one period: uses ERP software." in prof.summary()


def test_unknown_language_lists_the_four(results: ResultSet) -> None:
    prof = adoptstats.profile(results, "BE", "EU27_2020")
    comp = adoptstats.compare(results, "BE", concept="cloud.any_use", period=2023)
    trend = adoptstats.trend(results.filter(concept="cloud.any_use"), "BE", against="EU27_2020")
    ranked = adoptstats.rank(results, concept="ai.any_use", include_aggregates=True)
    calls = [
        lambda: plot_profile(prof, lang="xx"),
        lambda: plot_comparison(comp, lang="xx"),
        lambda: plot_trend(trend, lang="xx"),
        lambda: plot_rank(ranked, lang="xx"),
        lambda: prof.summary("xx"),
        lambda: prof.display("xx"),
        lambda: prof.caveat_lines("xx"),
        lambda: prof.missing[0].reason_in("xx"),
        lambda: build_report(prof, "xx"),
        lambda: build_report(comp, "xx"),
    ]
    for call in calls:
        with pytest.raises(LanguageError, match="en, fr, nl, de"):
            call()


def test_chart_caption_says_only_what_is_drawn(results: ResultSet) -> None:
    # published to the unit: ±0.5 around each figure, hidden under the dots on an axis from 0 to 100
    wide = ResultSet.from_records(
        [_obs("BE", "cloud.any_use", 10, OWNER), _obs("EU27_2020", "cloud.any_use", 90, OWNER)]
    )
    caption = plot_comparison(adoptstats.compare(wide, "BE")).get_supxlabel()  # type: ignore[attr-defined]
    assert "Bars" not in caption and "Arrows" not in caption
    # on a narrow axis the same bars show beyond the dots, and the caption names them
    narrow = adoptstats.compare(results, "BE", concept="cloud.any_use", period=2023)
    caption = plot_comparison(narrow).get_supxlabel()  # type: ignore[attr-defined]
    assert "Bars: published rounding" in caption and "Arrows" not in caption
    # an open-ended figure is drawn as an arrow, and the caption says so
    open_ended = ResultSet.from_records(
        [
            _obs("BE", "cloud.any_use", 10, OWNER),
            _obs("FR", "cloud.any_use", 90, OWNER),
            attrs_evolve_qualifier(_obs("EU27_2020", "cloud.any_use", 45, OWNER), "more_than"),
        ]
    )
    caption = plot_comparison(adoptstats.compare(open_ended, "BE")).get_supxlabel()  # type: ignore[attr-defined]
    assert "Arrows: 'more than' / 'less than'." in caption and "Bars" not in caption


def attrs_evolve_qualifier(obs: Observation, qualifier: str) -> Observation:
    """The observation with its figure open-ended (``more_than`` ...)."""
    import attrs

    return attrs.evolve(obs, estimate=Estimate.published(obs.estimate.value, qualifier=qualifier))
