from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings

import adoptstats
from adoptstats import (
    AdoptstatsPluginWarning,
    Concept,
    DuplicateSourceError,
    Indicator,
    PluginLoadError,
    QueryError,
    ResultSet,
    Source,
    SourceError,
    SourceUnavailable,
    SourceWarning,
    UnknownConceptError,
    UnknownSourceError,
    ValidationError,
)
from adoptstats.testing import ContractError, check_source, make_registry, registry_for
from adoptstats.testing.strategies import queries

from .fakeplugins import (
    BadSignaturePlugin,
    ConceptPlugin,
    FakeSource,
    RaisingRegisterPlugin,
    TypoPlugin,
    WrongTypePlugin,
    plugin_with,
)


def test_sources_by_name_with_provenance() -> None:
    reg = make_registry(("fakes", plugin_with(FakeSource("fake"), FakeSource("other"))))
    assert reg.names == ["fake", "other"]
    entry = reg.entry("fake")
    assert entry.plugin == "fakes"
    frame = reg.sources_frame()
    assert frame["name"].tolist() == ["fake", "other"]
    assert frame["title"].tolist() == ["fake figures", "other figures"]
    [info] = reg.plugins()
    assert info.status == "loaded" and info.sources == ("fake", "other")
    assert info.hooks == ("adoptstats_register_sources",)


def test_unknown_source_lists_installed_and_suggests() -> None:
    reg = make_registry(("fakes", plugin_with(FakeSource("eurostat"))))
    with pytest.raises(UnknownSourceError) as info:
        reg.get("eurostats")
    text = str(info.value)
    assert "did you mean 'eurostat'" in text
    assert "installed sources: eurostat" in text
    with pytest.raises(UnknownSourceError, match="adoptstats-regus"):
        reg.get("regus")


def test_disputed_name_without_owner_is_refused_for_all() -> None:
    with pytest.raises(DuplicateSourceError, match="'one'.*'two'"):
        make_registry(("one", plugin_with(FakeSource("x"))), ("two", plugin_with(FakeSource("x"))))
    with pytest.warns(AdoptstatsPluginWarning, match="claimed by several plugins") as record:
        reg = make_registry(("one", plugin_with(FakeSource("x"))), ("two", plugin_with(FakeSource("x"))), strict=False)
    assert len(record) == 2  # one line per refused plugin
    assert reg.names == []
    assert {p.name: p.status for p in reg.plugins()} == {"one": "failed", "two": "failed"}
    with pytest.raises(UnknownSourceError):
        reg.fetch("x")


@pytest.mark.parametrize("impostor", ["aaa-impostor", "zzz-impostor"])
def test_disputed_name_belongs_to_the_plugin_of_that_name(impostor: str) -> None:
    genuine = ("x", plugin_with(FakeSource("x")))
    fake = FakeSource("x")
    pair = [(impostor, plugin_with(fake)), genuine]
    for plugins in (pair, pair[::-1]):  # whatever the order
        with pytest.warns(AdoptstatsPluginWarning, match=f"'{impostor}' was skipped: it registers the source 'x'"):
            reg = make_registry(*plugins, strict=False)
        assert reg.entry("x").plugin == "x"
        statuses = {p.name: (p.status, p.error) for p in reg.plugins()}
        assert statuses["x"] == ("loaded", None)
        assert statuses[impostor][0] == "failed"
        assert "belongs to the plugin 'x'" in (statuses[impostor][1] or "")
        assert len(reg.fetch("x")) == 3 and fake.calls == 0
    with pytest.raises(DuplicateSourceError, match=f"plugin '{impostor}'.*belongs to the plugin 'x'"):
        make_registry(*pair)


def test_refused_plugin_is_rolled_back_whole() -> None:
    """An impostor loses every source and concept it registered, not only the disputed one."""

    class Impostor:
        @adoptstats.hookimpl
        def adoptstats_register_concepts(self, register: Callable[[Concept], None]) -> None:
            register(Concept(name="test.impostor", label="Impostor", definition="Registered by an impostor."))

        @adoptstats.hookimpl
        def adoptstats_register_sources(self, register: Callable[[Source], None]) -> None:
            register(FakeSource("innocent"))
            register(FakeSource("x"))

    with pytest.warns(AdoptstatsPluginWarning, match="belongs to the plugin 'x'"):
        reg = make_registry(("impostor", Impostor()), ("x", plugin_with(FakeSource("x"))), strict=False)
    assert reg.names == ["x"]
    assert "test.impostor" not in reg.vocabulary


def test_register_hook_that_raises_is_isolated() -> None:
    with pytest.warns(AdoptstatsPluginWarning, match="boom in register"):
        reg = make_registry(("bad", RaisingRegisterPlugin()), ("good", plugin_with(FakeSource("good"))), strict=False)
    assert reg.names == ["good"]  # the half-registered source was withdrawn
    bad = next(p for p in reg.plugins() if p.name == "bad")
    assert bad.status == "failed" and "boom in register" in (bad.error or "")


def test_register_wrong_type() -> None:
    with pytest.warns(AdoptstatsPluginWarning, match="not an adoptstats.Source"):
        reg = make_registry(("wrong", WrongTypePlugin()), strict=False)
    assert reg.names == []


def test_bad_signature_and_typo_hooks() -> None:
    with pytest.warns(AdoptstatsPluginWarning, match="invalid hook implementation"):
        reg = make_registry(("badsig", BadSignaturePlugin()), strict=False)
    assert reg.plugins()[0].status == "failed"
    with pytest.warns(AdoptstatsPluginWarning, match="unknown hook"):
        reg = make_registry(("typo", TypoPlugin()), strict=False)
    assert reg.plugins()[0].status == "failed"
    with pytest.raises(PluginLoadError, match="typo"):
        make_registry(("typo", TypoPlugin()))


def test_concepts_hook_extends_the_registry_vocabulary() -> None:
    reg = make_registry(("concepts", ConceptPlugin()))
    assert reg.get_concept("test.widgets").contributed_by == "concepts"
    assert "test.widgets" in {c.name for c in reg.list_concepts()}
    with pytest.raises(UnknownConceptError):  # another registry does not see it
        make_registry(("fakes", plugin_with(FakeSource("fake")))).get_concept("test.widgets")


class HalfConcepts:
    """Registers a concept, then raises."""

    @adoptstats.hookimpl
    def adoptstats_register_concepts(self, register: Callable[[Concept], None]) -> None:
        register(Concept(name="test.half", label="Half", definition="Registered before the hook raised."))
        raise RuntimeError("boom after a concept")


class ConceptThenBadSource:
    """Registers a concept, then fails in its source hook."""

    @adoptstats.hookimpl
    def adoptstats_register_concepts(self, register: Callable[[Concept], None]) -> None:
        register(Concept(name="test.later", label="Later", definition="Registered before the source hook failed."))

    @adoptstats.hookimpl
    def adoptstats_register_sources(self, register: Callable[[Any], None]) -> None:
        register("not a source")


@pytest.mark.parametrize("plugin", [HalfConcepts(), ConceptThenBadSource()], ids=["concept-hook", "source-hook"])
def test_failed_plugin_takes_its_concepts_with_it(plugin: object) -> None:
    """A plugin listed as failed leaves no concept behind, in its registry or in a fresh one."""
    with pytest.warns(AdoptstatsPluginWarning, match="was skipped"):
        reg = make_registry(("half", plugin), strict=False)
    [info] = reg.plugins()
    assert info.status == "failed" and info.concepts == ()
    names = {c.name for c in reg.list_concepts()}
    assert not names & {"test.half", "test.later"}
    fresh = make_registry(("fakes", plugin_with(FakeSource("fake"))))
    assert not {c.name for c in fresh.list_concepts()} & {"test.half", "test.later"}
    with pytest.raises(UnknownConceptError):
        adoptstats.get_concept("test.half")


def test_sources_resolve_concepts_against_their_registry() -> None:
    """A source calling adoptstats.get_concept while it fetches sees its own registry's concepts."""
    seen: list[str] = []

    class Resolving(FakeSource):
        def fetch(self, query: adoptstats.Query) -> ResultSet:
            seen.append(adoptstats.get_concept("test.widgets").label)
            return super().fetch(query)

    reg = make_registry(("concepts", ConceptPlugin()), ("fakes", plugin_with(Resolving("r"))))
    reg.fetch("r")
    reg.fetch("r", timeout=5)  # in the timeout thread too
    assert seen == ["Uses widgets", "Uses widgets"]


def test_fetch_one_and_filters() -> None:
    reg = make_registry(("fakes", plugin_with(FakeSource("fake"))))
    rs = adoptstats.fetch("fake", geo=["Belgique", "Pays-Bas"], registry=reg)
    assert rs.unique("geo") == ["BE", "NL"]
    rs = reg.fetch("fake", period=2024)
    assert rs.unique("geo") == ["LU"]
    with pytest.raises(QueryError, match="has no filter 'colour'"):
        reg.fetch("fake", colour="red")
    with pytest.raises(QueryError, match="on_error"):
        reg.fetch("fake", on_error="explode")


def test_fetch_wraps_plugin_exceptions() -> None:
    reg = make_registry(("fakes", plugin_with(FakeSource("bad", fail=KeyError("x")))))
    with pytest.raises(SourceError, match="source 'bad' \\(plugin 'fakes'") as info:
        reg.fetch("bad")
    assert info.value.source == "bad" and info.value.plugin == "fakes"
    assert isinstance(info.value.__cause__, KeyError)


def test_fetch_rejects_wrong_return_type() -> None:
    reg = make_registry(("fakes", plugin_with(FakeSource("bad", returns=[1, 2]))))
    with pytest.raises(SourceError, match="returned a list, not a ResultSet"):
        reg.fetch("bad")


def test_fetch_many_collects_failures() -> None:
    good, bad1 = FakeSource("good"), FakeSource("bad1", fail=RuntimeError("down"))
    bad2 = FakeSource("bad2", fail=SourceUnavailable("throttled"))
    reg = make_registry(("fakes", plugin_with(good, bad1, bad2)))
    with pytest.raises(ExceptionGroup, match="2 of 3 sources failed") as info:
        reg.fetch(["good", "bad1", "bad2"])
    assert {type(e) for e in info.value.exceptions} == {SourceError, SourceUnavailable}
    with pytest.warns(SourceWarning) as record:
        rs = reg.fetch(["good", "bad1", "bad2"], on_error="warn")
    messages = sorted(str(w.message) for w in record)
    assert messages[0].startswith("source 'bad1' (plugin 'fakes', not installed) failed: RuntimeError: down")
    assert messages[1] == "source 'bad2': throttled"
    assert len(rs) == 3
    assert len(reg.fetch(["good", "bad1"], on_error="ignore")) == 3
    with pytest.raises(QueryError, match="no source among"):
        reg.fetch(["good", "bad1"], colour="red")
    assert len(reg.fetch(["good", "bad1"], on_error="ignore", extra=1)) == 3


def test_fetch_timeout() -> None:
    class Slow(FakeSource):
        def fetch(self, query: adoptstats.Query) -> ResultSet:
            time.sleep(2)
            return super().fetch(query)

    reg = make_registry(("fakes", plugin_with(Slow("slow"))))
    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match="did not answer within 0.2 s"):
        reg.fetch("slow", timeout=0.2)
    assert time.monotonic() - started < 1.5
    assert len(reg.fetch("slow", timeout=10)) == 3


def test_check_source_passes_and_fails() -> None:
    good = FakeSource("good")
    rs = check_source(good, good.query(geo="BE"), bad_queries=[{"geo": "Atlantis"}])
    assert len(rs) == 1

    class Leaky(FakeSource):
        def fetch(self, query: adoptstats.Query) -> ResultSet:
            return FakeSource.fetch(self, adoptstats.Query())  # ignores the filters

    with pytest.raises(ContractError, match="filter geo"):
        check_source(Leaky("leaky"), Leaky("leaky").query(geo="BE"))


def test_invalid_resultset_from_plugin_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        ResultSet.from_frame(FakeSource("x").fetch(adoptstats.Query()).to_frame().assign(value=500))


def test_registry_refresh_and_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADOPTSTATS_LOAD_PLUGINS", "")
    reg = adoptstats.refresh()
    assert adoptstats.get_registry() is reg
    assert reg.names == []
    monkeypatch.delenv("ADOPTSTATS_LOAD_PLUGINS")
    adoptstats.refresh()


def test_errors_a_plugin_author_can_act_on() -> None:
    with pytest.warns(AdoptstatsPluginWarning, match="did you mean 'adoptstats_register_sources' for 'adoptstats_re"):
        make_registry(("typo", TypoPlugin()), strict=False)

    class SourceClassPlugin:
        @adoptstats.hookimpl
        def adoptstats_register_sources(self, register: Callable[[Any], None]) -> None:
            register(FakeSource)

    with pytest.warns(AdoptstatsPluginWarning, match=r"the class FakeSource, not an adoptstats.Source; did you"):
        make_registry(("cls", SourceClassPlugin()), strict=False)
    with pytest.warns(AdoptstatsPluginWarning, match=r"the class SourceClassPlugin, not a plugin object; did you"):
        reg = make_registry(("cls", SourceClassPlugin), strict=False)
    assert reg.plugins()[0].status == "failed"

    class ConceptClassPlugin:
        @adoptstats.hookimpl
        def adoptstats_register_concepts(self, register: Callable[[Any], None]) -> None:
            register(Concept)

    with pytest.warns(AdoptstatsPluginWarning, match=r"registered the class Concept, not a Concept; did you forget"):
        make_registry(("cls", ConceptClassPlugin()), strict=False)


# -- the contract kit -----------------------------------------------------------------------------


def test_check_source_accepts_an_empty_answer_and_requires_rows_for_everything() -> None:
    good = FakeSource("good")
    assert len(check_source(good, good.query(geo="ES"))) == 0  # matches nothing: empty and valid

    class Silent(FakeSource):
        def fetch(self, query: adoptstats.Query) -> ResultSet:
            return ResultSet.empty()

    with pytest.raises(ContractError, match="asked for everything"):
        check_source(Silent("silent"))


def test_check_source_checks_rows_against_indicators() -> None:
    class Unlisted(FakeSource):
        def indicators(self) -> list[Indicator]:
            return [Indicator(code="OTHER", label="Another", concept="social_media.any_use")]

    with pytest.raises(ContractError, match="indicator 'IND', which indicators\\(\\) does not list"):
        check_source(Unlisted("unlisted"))

    class Mismapped(FakeSource):
        def indicators(self) -> list[Indicator]:
            return [Indicator(code="IND", label="An indicator", concept="web.website")]

    with pytest.raises(
        ContractError, match="concept 'social_media.any_use'; indicators\\(\\) maps it to 'web.website'"
    ):
        check_source(Mismapped("mismapped"))


def test_check_source_counts_the_core_query_checks() -> None:
    """A source that validates nothing still refuses a misspelled concept: the core does it."""
    good = FakeSource("good")
    check_source(good, bad_queries=[{"concept": "security.any_mesure"}, {"indicator": "INDD"}])
    assert good.calls == 1  # the bad queries never reached fetch


def test_registry_for_one_source_with_its_concepts() -> None:
    widgets = Concept(name="test.own_widgets", label="Widgets", definition="Share of units using own widgets.")

    class WidgetSource(FakeSource):
        def indicators(self) -> list[Indicator]:
            return [Indicator(code="IND", label="Widgets", concept="test.own_widgets")]

        def fetch(self, query: adoptstats.Query) -> ResultSet:
            adoptstats.get_concept("test.own_widgets")  # resolves inside its registry
            return super().fetch(query).to_frame().pipe(_relabel, "test.own_widgets")

    reg = registry_for(WidgetSource("widgets"), concepts=[widgets])
    assert reg.names == ["widgets"] and reg.get_concept("test.own_widgets").contributed_by == "widgets"
    assert [p.name for p in reg.plugins()] == ["widgets"]
    with pytest.raises(UnknownConceptError):  # the default vocabulary never saw it
        adoptstats.get_concept("test.own_widgets")
    check_source(WidgetSource("widgets"), registry=reg)
    with pytest.raises(ContractError, match="unknown concept 'test.own_widgets'"):
        check_source(WidgetSource("widgets"))  # without the concept: the clause says so


def _relabel(frame: pd.DataFrame, concept: str) -> ResultSet:
    from .fakeplugins import CITE

    return ResultSet.from_frame(frame.assign(concept=concept), [CITE])


def test_check_source_registry_for_the_plugin_package() -> None:
    """A source class of an installed plugin package gets that package's concepts."""
    regus = pytest.importorskip("adoptstats_regus")
    reg = registry_for(regus.RegusSource())
    assert reg.names == ["regus"]
    assert reg.get_concept("social_media.business_contacts").contributed_by == "regus"


@settings(max_examples=60, deadline=None)
@given(query=queries(FakeSource("good"), geos=["BE", "NL", "LU", "ES"], periods=["2023", "2024", "2025"]))
def test_generated_queries_pass_a_good_source(query: adoptstats.Query) -> None:
    check_source(FakeSource("good"), query, registry=GOOD_REGISTRY)


GOOD_REGISTRY = registry_for(FakeSource("good"))


def test_generated_queries_catch_a_source_ignoring_filters() -> None:
    class Leaky(FakeSource):
        def fetch(self, query: adoptstats.Query) -> ResultSet:
            # forgets the geographies (and only them)
            kept = adoptstats.Query(periods=query.periods, since=query.since, until=query.until)
            return FakeSource.fetch(self, kept)

    @settings(max_examples=100, deadline=None, database=None)
    @given(query=queries(Leaky("leaky"), geos=["BE", "NL", "ES"], periods=["2023", "2024"]))
    def run(query: adoptstats.Query) -> None:
        check_source(Leaky("leaky"), query)

    with pytest.raises(ContractError, match="filter geo"):
        run()
