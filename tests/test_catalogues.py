"""The message catalogues are complete, in step with the code, and compiled; the checker finds what is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import adoptstats
from adoptstats.i18n import LANGS, LOCALE_DIR, tr
from adoptstats.testing import catalogues

PACKAGE = Path(adoptstats.__file__).parent


def test_core_catalogues_have_no_problem() -> None:
    assert catalogues.problems() == []


def test_every_language_has_a_compiled_catalogue() -> None:
    for lang in LANGS:
        assert (LOCALE_DIR / lang / "LC_MESSAGES" / "adoptstats.mo").is_file()


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the core locale folder, to break on purpose."""
    target = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, target)
    return target


def _edit(po: Path, old: str, new: str) -> None:
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_placeholder_mismatch_is_found(copy: Path) -> None:
    po = copy / "nl" / "LC_MESSAGES" / "adoptstats.po"
    _edit(po, 'msgstr "Bronnen: {sources}."', 'msgstr "Bronnen: {bronnen}."')
    found = catalogues.problems(locale_dir=copy)
    assert any("'Sources: {sources}.'" in p and "fields ['bronnen'] differ from ['sources']" in p for p in found)


def test_a_fuzzy_or_missing_translation_is_found(copy: Path) -> None:
    po = copy / "de" / "LC_MESSAGES" / "adoptstats.po"
    _edit(po, 'msgid "Sources: {sources}."\nmsgstr "Quellen: {sources}."', 'msgid "Sources: {sources}."\nmsgstr ""')
    _edit(po, 'msgid "Caveats"', '#, fuzzy\nmsgid "Caveats"')
    found = catalogues.problems(locale_dir=copy)
    assert any("'Sources: {sources}.': not translated" in p for p in found)
    assert any("'Caveats': fuzzy" in p for p in found)
    assert any("de: adoptstats.mo differs from adoptstats.po" in p for p in found)


def test_an_obsolete_or_stale_message_is_found(copy: Path) -> None:
    po = copy / "fr" / "LC_MESSAGES" / "adoptstats.po"
    po.write_text(
        po.read_text(encoding="utf-8") + '\nmsgid "A sentence no code says"\nmsgstr "Une phrase"\n'
        '\n#~ msgid "Gone"\n#~ msgstr "Parti"\n',
        encoding="utf-8",
    )
    found = catalogues.problems(locale_dir=copy)
    assert any("'A sentence no code says' is no longer in the code" in p for p in found)
    assert any("1 obsolete entries" in p for p in found)


def test_a_missing_message_and_a_missing_language_are_found(copy: Path) -> None:
    shutil.rmtree(copy / "nl")
    po = copy / "fr" / "LC_MESSAGES" / "adoptstats.po"
    _edit(po, 'msgid "Caveats"\nmsgstr "Réserves"\n', "")
    found = catalogues.problems(locale_dir=copy)
    assert any(p.startswith("nl: no catalogue") for p in found)
    assert any("(fr): missing 'Caveats'" in p for p in found)


def test_update_keeps_translations_and_adds_a_language(tmp_path: Path) -> None:
    """Adding a language is one catalogue: update creates it, English fills itself."""
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    catalogues.update(locale_dir=locale, langs=(*LANGS, "it"))
    found = catalogues.problems(locale_dir=locale, langs=(*LANGS, "it"))
    assert found and all("(it)" in p for p in found)  # only the new language is untranslated
    assert catalogues.problems(locale_dir=locale) == []  # the four are untouched


def test_placeholders() -> None:
    assert catalogues.placeholders("{a} and {b:.1f} {{literal}}") == {"a", "b"}


def test_messages_without_a_translation_fall_back_to_english() -> None:
    assert tr("A sentence no catalogue holds: {x}", "de", x=1) == "A sentence no catalogue holds: 1"


def test_the_command_line_of_the_checker(capsys: pytest.CaptureFixture[str]) -> None:
    assert catalogues.main(["check"]) == 0
    assert capsys.readouterr().out == ""
