"""Fixtures of the manual plugin's tests; the shared helpers are in ``manual_testkit.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from manual_testkit import figure, lavenir, write_csv


@pytest.fixture
def belgian_csv(tmp_path: Path) -> Path:
    """A valid CSV file: La Libre's 27 % for Belgium-Luxembourg and L'Avenir's Mexico, Spain and Netherlands."""
    return write_csv(
        tmp_path / "belgian_press.csv",
        [figure(), lavenir("Mexique", "52 %"), lavenir("Espagne", "50 %"), lavenir("Pays-Bas", "50 %")],
    )
