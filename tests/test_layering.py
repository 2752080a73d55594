"""The layering of the code base, checked on its source (AST): what may import what.

- the core (every module of ``adoptstats`` except the command line: ``cli``, ``_cli_*``,
  ``__main__``) never imports the command line or a plugin;
- no module of ``adoptstats`` imports a private name (``_x``) or a private module of
  another one, except from :mod:`adoptstats._selection`, the one documented private
  helpers module (the command-line modules may share private modules among themselves);
- plugins import only public names of ``adoptstats`` and of its public modules;
- there are no import cycles among the modules of ``adoptstats``, deferred imports (inside
  functions) and the package's lazy exports included; imports under ``if TYPE_CHECKING:``
  are for the type checker only and are left out;
- no module under ``src/adoptstats`` is longer than 700 lines.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "adoptstats"
PLUGIN_SOURCES = sorted(ROOT.glob("plugins/*/src"))
#: The one private module other core modules may import from.
SHARED_PRIVATE = "adoptstats._selection"
MAX_LINES = 700


@attrs.frozen
class Import:
    """One import statement's target, as written: ``from module import name`` or ``import module``."""

    module: str
    name: str | None
    line: int


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, here: str, is_package: bool) -> Iterator[Import]:
    """Every runtime import of a module (module level or deferred), ``TYPE_CHECKING`` blocks left out."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, None, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = here.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([module] if module else [])])
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        stack.extend(ast.iter_child_nodes(node))


def _modules(root: Path, top: str) -> dict[str, tuple[Path, ast.Module]]:
    out = {}
    for path in sorted((root / top).rglob("*.py")):
        out[_module_name(path, root)] = (path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return out


CORE_AND_CLI = _modules(SRC, "adoptstats")


def _is_cli(module: str) -> bool:
    last = module.split(".")[-1]
    return module.startswith("adoptstats.") and (last == "cli" or last.startswith("_cli") or last == "__main__")


def _private(module: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in module.split("."))


def _target(imp: Import) -> str:
    """The adoptstats module an import loads: ``from adoptstats import geo`` loads ``adoptstats.geo``."""
    if imp.name is not None and f"{imp.module}.{imp.name}" in CORE_AND_CLI:
        return f"{imp.module}.{imp.name}"
    return imp.module


def _edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in CORE_AND_CLI}
    for module, (path, tree) in CORE_AND_CLI.items():
        for imp in _imports(tree, module, path.name == "__init__.py"):
            target = _target(imp)
            if target in CORE_AND_CLI and target != module:
                graph[module].add(target)
    # the package's lazy exports (adoptstats.compare -> adoptstats.comparison ...)
    init = importlib.import_module("adoptstats")
    for target in getattr(init, "_LAZY", {}).values():
        graph["adoptstats"].add(target)
    return graph


def test_the_core_never_imports_the_command_line_or_a_plugin() -> None:
    bad = []
    for module, (path, tree) in CORE_AND_CLI.items():
        if _is_cli(module):
            continue
        for imp in _imports(tree, module, path.name == "__init__.py"):
            target = _target(imp)
            if _is_cli(target) or target.split(".")[0].startswith("adoptstats_"):
                bad.append(f"{path.relative_to(ROOT)}:{imp.line}: {module} imports {target}")
    assert not bad, "\n".join(bad)


def test_no_private_name_crosses_core_modules() -> None:
    bad = []
    for module, (path, tree) in CORE_AND_CLI.items():
        for imp in _imports(tree, module, path.name == "__init__.py"):
            if not imp.module.startswith("adoptstats"):
                continue
            target = _target(imp)
            if target in (module, SHARED_PRIVATE):
                continue
            if _is_cli(module) and (_is_cli(target) or target == "adoptstats"):
                continue  # the command-line modules share their private pieces
            private_module = _private(target) and target.split(".")[0] == "adoptstats"
            private_name = imp.name is not None and imp.name.startswith("_") and target == imp.module
            if private_module or private_name:
                what = f"{imp.module}.{imp.name}" if imp.name else imp.module
                bad.append(f"{path.relative_to(ROOT)}:{imp.line}: {module} imports private {what}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("src", PLUGIN_SOURCES, ids=lambda p: p.parent.name)
def test_plugins_import_only_public_adoptstats_names(src: Path) -> None:
    bad = []
    for path in sorted(src.rglob("*.py")):
        module = _module_name(path, src)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for imp in _imports(tree, module, path.name == "__init__.py"):
            if imp.module.split(".")[0] != "adoptstats":
                continue
            where = f"{path.relative_to(ROOT)}:{imp.line}"
            if _private(imp.module) or _is_cli(imp.module):
                bad.append(f"{where}: imports the private module {imp.module}")
                continue
            if imp.name is None:
                continue
            if imp.name.startswith("_"):
                bad.append(f"{where}: imports the private name {imp.module}.{imp.name}")
                continue
            if f"{imp.module}.{imp.name}" in CORE_AND_CLI:
                if _private(f"{imp.module}.{imp.name}"):
                    bad.append(f"{where}: imports the private module {imp.module}.{imp.name}")
                continue
            public = getattr(importlib.import_module(imp.module), "__all__", None)
            if public is not None and imp.name not in public:
                bad.append(f"{where}: {imp.module}.{imp.name} is not in {imp.module}.__all__")
    assert not bad, "\n".join(bad)


def test_no_import_cycles() -> None:
    graph = _edges()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_cycle_check_sees_deferred_imports() -> None:
    code = (
        "def f():\n    from adoptstats.geo import geo_name\n\n"
        "if TYPE_CHECKING:\n    from adoptstats.ranking import RankTable\n"
    )
    found = [(i.module, i.name) for i in _imports(ast.parse(code), "adoptstats.x", False)]
    assert found == [("adoptstats.geo", "geo_name")]


@pytest.mark.parametrize("module", sorted(CORE_AND_CLI), ids=str)
def test_modules_stay_small(module: str) -> None:
    path = CORE_AND_CLI[module][0]
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(ROOT)} has {n} lines (at most {MAX_LINES}); split it by what it holds"
