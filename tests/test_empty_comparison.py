"""A comparison with no other geography says so in a sentence, not with an empty pandas table."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

import adoptstats
import adoptstats.registry
from adoptstats.cli import build_cli
from adoptstats.testing import make_registry

from .fakeplugins import FakeSource, plugin_with


def test_the_text_of_a_comparison_with_no_other_row() -> None:
    rs = FakeSource("fake").fetch(adoptstats.Query())
    comp = adoptstats.compare(rs, "LU", period=2024)
    text = str(comp)
    assert "Empty DataFrame" not in text and "Index: []" not in text
    assert "Nothing to compare with: the data hold no other geography for social_media.any_use in 2024" in text


@pytest.fixture
def one_geography(monkeypatch: pytest.MonkeyPatch) -> click.Group:
    monkeypatch.setattr(adoptstats.registry, "_DEFAULT", make_registry(("fakes", plugin_with(FakeSource("fake")))))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return build_cli()


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "Nothing to compare with: the data hold no other geography"),
        ("fr", "Rien à comparer : les données ne contiennent aucune autre géographie"),
    ],
)
def test_the_command_says_there_is_nothing_to_compare(one_geography: click.Group, lang: str, sentence: str) -> None:
    args = ["compare", "social_media.any_use", "--source", "fake", "--focus", "LU", "--period", "2024"]
    out = CliRunner().invoke(one_geography, [*args, "--lang", lang])
    assert out.exit_code == 0, out.output
    assert sentence in out.stdout
    assert "all rows comparable" not in out.stdout and "toutes les lignes comparables" not in out.stdout
    assert "Empty DataFrame" not in out.stdout
