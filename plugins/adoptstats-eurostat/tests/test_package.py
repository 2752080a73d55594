"""The package's public names load on first use, and discovering the plugin imports none of the heavy parts."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

import adoptstats_eurostat


@pytest.mark.parametrize("name", adoptstats_eurostat.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(adoptstats_eurostat, name) is not None


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        adoptstats_eurostat.NoSuchName  # type: ignore[attr-defined]  # noqa: B018


def test_hooks_are_visible_and_nothing_heavy_is_imported() -> None:
    code = textwrap.dedent(
        """
        import json, sys
        import adoptstats_eurostat
        heavy = ("requests", "filelock", "click", "adoptstats.formats", "adoptstats_eurostat.fetching",
                 "adoptstats_eurostat.http", "adoptstats_eurostat.cache", "adoptstats_eurostat.source")
        print(json.dumps({
            "hooks": sorted(n for n in dir(adoptstats_eurostat) if n.startswith("adoptstats_register")),
            "heavy": [m for m in heavy if m in sys.modules],
            "source": adoptstats_eurostat.EurostatSource.__module__,
        }))
        """
    )
    out = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert out == {
        "hooks": ["adoptstats_register_commands", "adoptstats_register_sources"],
        "heavy": [],
        "source": "adoptstats_eurostat.source",
    }
