"""The package's public names load on first use and stay what they are after the modules load."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import adoptstats_manual


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        adoptstats_manual.NoSuchName  # type: ignore[attr-defined]  # noqa: B018


def test_a_fetch_does_not_shadow_validate_with_its_module(tmp_path: Path) -> None:
    """``validate`` is both a function and the module defining it: loading the module must not replace the function."""
    figures = tmp_path / "figures.csv"
    figures.write_text(adoptstats_manual.template("csv"), encoding="utf-8")
    code = textwrap.dedent(
        f"""
        import json, sys
        import adoptstats, adoptstats_manual
        before = [m for m in ("yaml", "adoptstats_manual.read", "adoptstats_manual.validate") if m in sys.modules]
        adoptstats.fetch("manual", path={str(figures)!r})
        print(json.dumps({{
            "before": before,
            "loaded": "adoptstats_manual.validate" in sys.modules,
            "validate": type(adoptstats_manual.validate).__name__,
            "problems": len(adoptstats_manual.validate({str(figures)!r})),
        }}))
        """
    )
    out = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert out == {"before": [], "loaded": True, "validate": "function", "problems": 0}
