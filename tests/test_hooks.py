"""Every hook is documented, listed and tested (each has a ``test_hook_<name>`` below)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import adoptstats
from adoptstats import AdoptstatsPluginWarning, Concept, hookspecs
from adoptstats.testing import make_registry

from .fakeplugins import ConceptPlugin, FakeSource, plugin_with

DOCS = Path(__file__).resolve().parents[1] / "docs"
HOOKS = sorted(name for name in hookspecs.__all__ if name.startswith("adoptstats_"))


def test_hookspecs_all_matches_the_plugin_manager() -> None:
    pm = make_registry().pm
    assert sorted(name for name in dir(pm.hook) if name.startswith("adoptstats_")) == HOOKS


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_a_docstring_and_types(name: str) -> None:
    func = getattr(hookspecs, name)
    doc = inspect.getdoc(func) or ""
    assert len(doc) > 80 and "versionadded" in doc and ":param" in doc
    assert all(p.annotation is not inspect.Parameter.empty for p in inspect.signature(func).parameters.values())


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_documented(name: str) -> None:
    page = (DOCS / "plugins" / "hooks.md").read_text(encoding="utf-8")
    assert "automodule:: adoptstats.hookspecs" in page
    assert f"({name})=" in page or f"## `{name}`" in page, f"docs/plugins/hooks.md has no section for {name}"


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_a_test(name: str) -> None:
    assert f"test_hook_{name}" in globals(), f"write test_hook_{name} in tests/test_hooks.py"


def test_hook_adoptstats_register_sources() -> None:
    reg = make_registry(("p", plugin_with(FakeSource("a"), FakeSource("b"))))
    assert reg.names == ["a", "b"]
    assert reg.plugins()[0].sources == ("a", "b")


def test_hook_adoptstats_register_concepts() -> None:
    class Gadgets:
        @adoptstats.hookimpl
        def adoptstats_register_concepts(self, register: Callable[[Concept], None]) -> None:
            register(Concept(name="test.gadgets", label="Uses gadgets", definition="Share of units using gadgets."))

    reg = make_registry(("c", Gadgets()))
    assert reg.get_concept("test.gadgets").contributed_by == "c"
    assert reg.plugins()[0].concepts == ("test.gadgets",)
    assert reg.plugins()[0].hooks == ("adoptstats_register_concepts",)
    make_registry(("again", ConceptPlugin()), ("twice", ConceptPlugin()))  # identical definitions: no conflict

    class Conflicting:
        @adoptstats.hookimpl
        def adoptstats_register_concepts(self, register: Callable[[Concept], None]) -> None:
            register(Concept(name="social_media.any_use", label="Other", definition="A different definition."))

    with pytest.warns(AdoptstatsPluginWarning, match="already defined by adoptstats") as record:
        reg = make_registry(("conflict", Conflicting()), strict=False)
    assert reg.plugins()[0].status == "failed"
    message = str(record[0].message)
    assert "label, definition differ" in message  # the fields that differ, and the first of them quoted
    assert "label 'Uses any social media' there, 'Other' here" in message


def test_hook_adoptstats_register_catalogues(tmp_path: Path) -> None:
    from adoptstats.i18n import catalogues, tr

    folder = tmp_path / "locale"
    (folder / "nl" / "LC_MESSAGES").mkdir(parents=True)
    po = folder / "nl" / "LC_MESSAGES" / "gadgets.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Uses gadgets"\nmsgstr "Gebruikt gadgets"\n'
    )
    from adoptstats.testing.catalogues import compile_catalogues

    compile_catalogues("gadgets", folder, ["nl"])

    class Translated:
        @adoptstats.hookimpl
        def adoptstats_register_catalogues(self, register: Callable[[str, Path], None]) -> None:
            register("gadgets", folder)

    reg = make_registry(("t", Translated()))
    assert reg.plugins()[0].hooks == ("adoptstats_register_catalogues",)
    assert ("gadgets", folder) in catalogues()
    assert tr("Uses gadgets", "nl") == "Gebruikt gadgets"
    assert tr("Uses gadgets", "de") == "Uses gadgets"  # no German catalogue: English

    class Missing:
        @adoptstats.hookimpl
        def adoptstats_register_catalogues(self, register: Callable[[str, Path], None]) -> None:
            register("nowhere", tmp_path / "absent")

    with pytest.warns(AdoptstatsPluginWarning, match="catalogue folder .*absent, which does not exist"):
        reg = make_registry(("missing", Missing()), strict=False)
    assert reg.plugins()[0].status == "failed"


def test_hook_adoptstats_register_commands() -> None:
    class CommandPlugin:
        @adoptstats.hookimpl
        def adoptstats_register_commands(self, cli: click.Group) -> None:
            @cli.command("hello")
            def hello() -> None:
                """Say hello."""
                click.echo("hello from a plugin")

    class BrokenCommands:
        @adoptstats.hookimpl
        def adoptstats_register_commands(self, cli: click.Group) -> None:
            @cli.command("half")
            def half() -> None:
                """Half registered."""

            raise RuntimeError("no commands today")

    group = click.Group("root")
    reg = make_registry(("cmds", CommandPlugin()), ("broken", BrokenCommands()))
    with pytest.warns(AdoptstatsPluginWarning, match="no commands today"):
        reg.register_commands(group)
    assert sorted(group.commands) == ["hello"]
    result = CliRunner().invoke(group, ["hello"])
    assert result.output == "hello from a plugin\n"
