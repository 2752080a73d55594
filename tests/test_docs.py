"""The documentation covers the public API, and its data and charts are what the pages say.

What is checked where:

- every public name (``adoptstats.__all__``, ``adoptstats.formats.__all__``,
  ``adoptstats.testing.__all__``) has a docstring and an autodoc entry in some page of
  ``docs/`` (this module);
- every hook has a section in ``docs/plugins/hooks.md``: ``tests/test_hooks.py``;
- every command has a section in ``docs/reference/cli.md``, and its example sessions print
  what they show: ``tests/test_cli_docs.py``;
- every example in the pages produces the output shown: the Sphinx doctest builder, which
  ``scripts/test.sh`` runs after pytest;
- the figures the pages load from CSV files are valid, cited manual files, and every chart a
  page shows is drawn by ``docs/_ext/adoptstats_charts.py`` (this module).
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import adoptstats
import adoptstats.formats
import adoptstats.testing

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PUBLIC_MODULES = (adoptstats, adoptstats.formats, adoptstats.testing)
PUBLIC = [(module.__name__, name) for module in PUBLIC_MODULES for name in module.__all__]

_DIRECTIVE = re.compile(r"^\.\. (auto\w+)::\s*(\S+)\s*$")
_OPTION = re.compile(r"^\s+:([\w-]+):\s*(.*)$")


@attrs.frozen
class Entry:
    """One autodoc directive of a page: its kind, target and ``:members:`` option."""

    page: str
    kind: str
    target: str
    members: tuple[str, ...] | None  # None: no :members: option; (): all of them


def _pages() -> Iterator[Path]:
    for path in sorted(DOCS.rglob("*.md")):
        if not any(part.startswith(("_", ".")) for part in path.relative_to(DOCS).parts):
            yield path


def _entries() -> list[Entry]:
    entries = []
    for page in _pages():
        lines = page.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            match = _DIRECTIVE.match(line)
            if not match:
                continue
            members: tuple[str, ...] | None = None
            for option in lines[i + 1 :]:
                opt = _OPTION.match(option)
                if not opt:
                    break
                if opt.group(1) == "members":
                    members = tuple(m.strip() for m in opt.group(2).split(",") if m.strip())
            entries.append(Entry(str(page.relative_to(DOCS)), match.group(1), match.group(2), members))
    return entries


def _resolve(target: str, *, module: bool = False) -> Any:
    """The object a dotted autodoc target names: a module, or an attribute of one (as autodoc reads it)."""
    parts = target.split(".")
    if module:
        return importlib.import_module(target)
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(target)


def _documented() -> list[Any]:
    """Every object an autodoc directive of the pages documents."""
    out: list[Any] = []
    for entry in _entries():
        obj = _resolve(entry.target, module=entry.kind == "automodule")
        out.append(obj)
        if entry.kind == "automodule" and entry.members is not None:
            names = entry.members or tuple(getattr(obj, "__all__", ()))
            out.extend(getattr(obj, name) for name in names)
    return out


def _attribute_doc(name: str, obj: object) -> str:
    """The ``#:`` comment documenting a module-level value, from the module that defines it."""
    from sphinx.pycode import ModuleAnalyzer

    for modname, module in sorted(sys.modules.items()):
        if not (modname == "adoptstats" or modname.startswith("adoptstats.")) or not isinstance(
            module, types.ModuleType
        ):
            continue
        if vars(module).get(name) is not obj:
            continue
        docs = ModuleAnalyzer.for_module(modname).find_attr_docs()
        text = "\n".join(docs.get(("", name), [])).strip()
        if text:
            return text
    return ""


@pytest.mark.parametrize(("module", "name"), PUBLIC)
def test_every_public_name_has_a_docstring(module: str, name: str) -> None:
    obj = getattr(importlib.import_module(module), name)
    if inspect.isclass(obj):
        doc = vars(obj).get("__doc__") or ""
    elif inspect.isfunction(obj) or (callable(obj) and hasattr(obj, "__wrapped__")):
        doc = obj.__doc__ or ""
    else:  # values (tuples, type aliases, markers): a ``#:`` comment where they are defined
        doc = _attribute_doc(name, obj)
    assert doc.strip(), f"{module}.{name} has no docstring (for a value: a '#:' comment above it)"


@pytest.mark.parametrize(("module", "name"), PUBLIC)
def test_every_public_name_has_a_reference_entry(module: str, name: str) -> None:
    obj = getattr(importlib.import_module(module), name)
    assert any(doc is obj for doc in _documented()), (
        f"{module}.{name} has no autodoc entry in docs/ (add one to docs/reference/api.md)"
    )


def test_reference_entries_name_real_objects() -> None:
    entries = _entries()
    assert len(entries) > 50
    for entry in entries:
        _resolve(entry.target, module=entry.kind == "automodule")  # raises for a misspelled target


# -- data and charts ----------------------------------------------------------------------------

CSV_FILES = sorted(p for p in (DOCS / "tutorial").glob("*.csv"))


@pytest.mark.parametrize("path", CSV_FILES, ids=lambda p: p.name)
def test_the_pages_figures_are_valid_cited_manual_files(path: Path) -> None:
    manual = pytest.importorskip("adoptstats_manual")
    assert manual.validate(path) == []
    rs = adoptstats.fetch("manual", path=path)
    assert len(rs) > 0
    for citation in rs.citations.values():
        assert citation.publisher and citation.url and citation.url.startswith(("https://", "http://"))


def _charts_module() -> types.ModuleType:
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        return importlib.import_module("adoptstats_charts")
    finally:
        sys.path.remove(str(DOCS / "_ext"))


def test_every_chart_shown_is_drawn_at_build_time() -> None:
    shown = {
        m.group(1)
        for page in _pages()
        for m in re.finditer(r"_generated/([\w.-]+\.png)", page.read_text(encoding="utf-8"))
    }
    drawn = set(_charts_module().CHARTS)
    assert shown, "no page shows a generated chart"
    assert shown <= drawn, f"charts shown but never drawn: {sorted(shown - drawn)}"


def test_the_charts_draw() -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("adoptstats_regus")
    pytest.importorskip("adoptstats_manual")
    for name, draw in _charts_module().CHARTS.items():
        fig = draw(DOCS)
        assert fig.axes, name
        assert fig.axes[0].get_title(loc="left"), f"{name} has no title"
