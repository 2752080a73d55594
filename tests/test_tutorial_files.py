"""The tutorial's manual file of published ICT figures: valid, cited and quoted row by row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

adoptstats_manual = pytest.importorskip("adoptstats_manual")

ICT_FILE = Path(__file__).parents[1] / "docs" / "tutorial" / "ict_profile_belgium.csv"


def _rows() -> list[dict[str, str]]:
    with ICT_FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_file_is_valid() -> None:
    assert adoptstats_manual.validate(ICT_FILE) == []


def test_every_row_has_a_link_and_a_verbatim_quote_holding_its_figure() -> None:
    for line, row in enumerate(_rows(), start=2):
        assert row["url"].startswith(("http://", "https://")), line
        assert row["quote"].strip(), line
        number = row["value"].replace(" %", "").replace("%", "").strip()
        assert number in row["quote"] or number.replace(".", ",") in row["quote"], (line, number)


def test_provenance_is_kept() -> None:
    """Press copies of Eurostat releases are secondary; a survey owner's own page is primary."""
    owners = {"Eurostat", "Statbel", "FPS Economy"}
    for row in _rows():
        assert (row["primary"] == "yes") == (row["publisher"] in owners), row
        if row["publisher"] == "Statbel":  # Statbel's figure, with Statbel's population, never the EU's wording
            assert row["dataset"] == "statbel_ict_enterprises" and not row["population"].startswith("EU "), row
