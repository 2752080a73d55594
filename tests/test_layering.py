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

The plugins under ``plugins/*/src`` follow the same rules among their own modules: none
longer than 700 lines, no private name (``_x``, a private module included) imported from
another module of the same plugin, and no import cycles (deferred imports and the lazy
exports declared with ``lazy_loader.attach(submod_attrs=...)`` included).
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


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of a graph ``{module: modules it imports}``, each closed on its first module."""
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
    return cycles


def test_no_import_cycles() -> None:
    cycles = _cycles(_edges())
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


# --------------------------------------------------------------------------------------------
# plugins: the same rules among each plugin's own modules


def _plugin_modules(src: Path) -> dict[str, tuple[Path, ast.Module]]:
    """Every module of the packages under one plugin's ``src`` directory."""
    out: dict[str, tuple[Path, ast.Module]] = {}
    for package in sorted(p for p in src.iterdir() if (p / "__init__.py").is_file()):
        out.update(_modules(src, package.name))
    return out


PLUGIN_MODULES = {src.parent.name: _plugin_modules(src) for src in PLUGIN_SOURCES}


def _plugin_target(imp: Import, modules: dict[str, tuple[Path, ast.Module]]) -> str:
    """The plugin module an import loads: ``from pkg import mod`` loads ``pkg.mod``."""
    if imp.name is not None and f"{imp.module}.{imp.name}" in modules:
        return f"{imp.module}.{imp.name}"
    return imp.module


def _lazy_exports(tree: ast.Module) -> set[str]:
    """The submodules a package loads on attribute access through ``lazy_loader.attach(submod_attrs=...)``."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "attach":
            for kw in node.keywords:
                if kw.arg == "submod_attrs" and isinstance(kw.value, ast.Dict):
                    out |= {k.value for k in kw.value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    return out


def private_imports_across(modules: dict[str, tuple[Path, ast.Module]]) -> list[str]:
    """Imports of a private name or private module of one module of ``modules`` by another one."""
    bad = []
    for module, (path, tree) in modules.items():
        for imp in _imports(tree, module, path.name == "__init__.py"):
            target = _plugin_target(imp, modules)
            if target not in modules or target == module:
                continue
            private_module = _private(target)
            private_name = imp.name is not None and _private(imp.name) and target == imp.module
            if private_module or private_name:
                what = f"{imp.module}.{imp.name}" if imp.name else imp.module
                bad.append(f"{path.name}:{imp.line}: {module} imports private {what}")
    return bad


def plugin_import_graph(modules: dict[str, tuple[Path, ast.Module]]) -> dict[str, set[str]]:
    """``{module: modules of the same plugin it imports}``, deferred imports and lazy exports included."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, (path, tree) in modules.items():
        for imp in _imports(tree, module, path.name == "__init__.py"):
            target = _plugin_target(imp, modules)
            if target in modules and target != module:
                graph[module].add(target)
        if path.name == "__init__.py":
            graph[module] |= {f"{module}.{sub}" for sub in _lazy_exports(tree)} & set(modules)
    return graph


@pytest.mark.parametrize(
    "module",
    [(plugin, module) for plugin, modules in PLUGIN_MODULES.items() for module in sorted(modules)],
    ids=lambda pm: pm[1],
)
def test_plugin_modules_stay_small(module: tuple[str, str]) -> None:
    plugin, name = module
    path = PLUGIN_MODULES[plugin][name][0]
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(ROOT)} has {n} lines (at most {MAX_LINES}); split it by what it holds"


@pytest.mark.parametrize("plugin", sorted(PLUGIN_MODULES))
def test_no_private_name_crosses_plugin_modules(plugin: str) -> None:
    bad = private_imports_across(PLUGIN_MODULES[plugin])
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("plugin", sorted(PLUGIN_MODULES))
def test_no_import_cycles_in_plugins(plugin: str) -> None:
    cycles = _cycles(plugin_import_graph(PLUGIN_MODULES[plugin]))
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_plugin_checks_see_private_names_and_cycles(tmp_path: Path) -> None:
    """A constructed plugin with every fault the checks above look for."""
    package = tmp_path / "plug"
    package.mkdir()
    (package / "__init__.py").write_text(
        "import lazy_loader\n__getattr__, _, _ = lazy_loader.attach(__name__, submod_attrs={'a': ['A']})\n"
    )
    (package / "a.py").write_text("from plug.b import _helper\n\ndef f():\n    from plug import _hidden\n")
    (package / "b.py").write_text("from plug.a import f\n\ndef _helper(): ...\n")
    (package / "_hidden.py").write_text("from plug import a\n")
    modules = _plugin_modules(tmp_path)
    assert sorted(private_imports_across(modules)) == [
        "a.py:1: plug.a imports private plug.b._helper",
        "a.py:4: plug.a imports private plug._hidden",
    ]
    graph = plugin_import_graph(modules)
    assert graph["plug"] == {"plug.a"}
    assert _cycles(graph) == [["plug.a", "plug._hidden", "plug.a"], ["plug.a", "plug.b", "plug.a"]]
    (package / "_hidden.py").write_text("from plug import __version__\n")  # a dunder name is not private
    (package / "b.py").write_text("def _helper(): ...\n")
    (package / "a.py").write_text("from plug import b\n")
    modules = _plugin_modules(tmp_path)
    assert private_imports_across(modules) == []
    assert _cycles(plugin_import_graph(modules)) == []
