"""Fake plugins for the plugin-host tests (never installed; registered explicitly or via fake entry points)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

import adoptstats
from adoptstats import Citation, Concept, Indicator, Query, ResultSet, Source, SourceInfo

CITE = Citation(publisher="Test publisher", title="Test table", url="https://example.org/t", primary=True)


class FakeSource(Source):
    """A source that serves a fixed frame and honours the common filters."""

    options = ("extra",)

    def __init__(self, name: str = "fake", *, fail: Exception | None = None, returns: object = None) -> None:
        self.name = name  # type: ignore[misc]
        self._fail = fail
        self._returns = returns
        self.calls = 0

    def info(self) -> SourceInfo:
        return SourceInfo(name=self.name, title=f"{self.name} figures", publisher="Test publisher")

    def indicators(self) -> list[Indicator]:
        return [Indicator(code="IND", label="An indicator", concept="social_media.any_use")]

    def fetch(self, query: Query) -> ResultSet:
        self.calls += 1
        if self._fail is not None:
            raise self._fail
        if self._returns is not None:
            return self._returns  # type: ignore[return-value]
        frame = pd.DataFrame(
            {
                "source": self.name,
                "dataset": "d",
                "indicator": "IND",
                "concept": "social_media.any_use",
                "geo": ["BE", "NL", "LU"],
                "period": ["2023", "2023", "2024"],
                "population": "enterprises",
                "value": [60.9, 70.1, 55.0],
                "citation_id": CITE.id,
            }
        )
        rs = ResultSet.from_frame(frame, [CITE])
        if query.geos:
            rs = rs.filter(geo=list(query.geos))
        if query.periods or query.since or query.until:
            rs = rs.filter(period=[p for p in rs.unique("period") if query.wants_period(p)])
        if query.concepts:
            rs = rs.filter(concept=list(query.concepts))
        if query.indicators:
            rs = rs.filter(indicator=list(query.indicators))
        if query.dataset:
            rs = rs.filter(dataset=query.dataset)
        return rs


def plugin_with(*sources: Source) -> object:
    class Plugin:
        @adoptstats.hookimpl
        def adoptstats_register_sources(self, register: Callable[[Source], None]) -> None:
            for s in sources:
                register(s)

    return Plugin()


class ConceptPlugin:
    @adoptstats.hookimpl
    def adoptstats_register_concepts(self, register: Callable[[Concept], None]) -> None:
        register(Concept(name="test.widgets", label="Uses widgets", definition="Share of units that use widgets."))


class RaisingRegisterPlugin:
    @adoptstats.hookimpl
    def adoptstats_register_sources(self, register: Callable[[Source], None]) -> None:
        register(FakeSource("half"))
        raise RuntimeError("boom in register")


class WrongTypePlugin:
    @adoptstats.hookimpl
    def adoptstats_register_sources(self, register: Callable[[Any], None]) -> None:
        register("not a source")


class BadSignaturePlugin:
    @adoptstats.hookimpl
    def adoptstats_register_sources(self, register: Any, unexpected: Any) -> None:
        pass


class TypoPlugin:
    @adoptstats.hookimpl
    def adoptstats_register_source(self, register: Any) -> None:  # missing "s"
        pass
