"""Install advice is the same from the README to the error messages: everything installs from the clone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adoptstats.install import extra_advice, plugin_advice

ROOT = Path(__file__).resolve().parents[1]

# "pip install" followed by anything but an editable install from the clone (options may come first),
# except the "(or pip install MODULE)" alternative that names a plain dependency
_NOT_FROM_CLONE = re.compile(r"pip install (?!(?:--?[\w-]+(?:=\S+)? )*-e )(?!\S+\))(\S+)")


def _files() -> list[Path]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    files += sorted((ROOT / "src").rglob("*.py"))
    for plugin in sorted((ROOT / "plugins").iterdir()):
        files += [plugin / "README.md", *sorted((plugin / "src").rglob("*.py"))]
        files += sorted((plugin / "src").rglob("*.md"))
    return [f for f in files if f.is_file() and "_build" not in f.parts]


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_install_command_installs_from_the_clone(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    wrong = [m.group(0) for m in _NOT_FROM_CLONE.finditer(text)]
    assert not wrong, f"{path.relative_to(ROOT)}: {wrong}"


def test_the_pattern_catches_registry_installs() -> None:
    for advice in ("pip install adoptstats-eurostat", "pip install 'adoptstats[plot]'", "pip install adoptstats"):
        assert _NOT_FROM_CLONE.search(advice), advice
    for advice in (extra_advice("plot", "matplotlib"), plugin_advice("eurostat"), "pip install --quiet -e ."):
        assert not _NOT_FROM_CLONE.search(advice), advice


def test_the_docs_extra_has_hypothesis_for_the_testing_reference() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(req.startswith("hypothesis") for req in project["optional-dependencies"]["docs"])
