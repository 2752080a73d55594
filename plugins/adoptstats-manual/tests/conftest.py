"""Fixtures of the manual plugin's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import figure, lavenir, write_csv


@pytest.fixture
def belgian_csv(tmp_path: Path) -> Path:
    """A valid CSV file: La Libre's 27 % for Belgium-Luxembourg and L'Avenir's Mexico, Spain and Netherlands."""
    return write_csv(
        tmp_path / "belgian_press.csv",
        [figure(), lavenir("Mexique", "52 %"), lavenir("Espagne", "50 %"), lavenir("Pays-Bas", "50 %")],
    )
