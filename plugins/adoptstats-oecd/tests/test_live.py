"""The real service (off by default: run with ``pytest -m network``)."""

from __future__ import annotations

import pytest

import adoptstats


@pytest.mark.network
def test_live_website_figures_for_mexico_and_belgium() -> None:
    rs = adoptstats.fetch("oecd", indicator="B1_B", geo=["MX", "BE"], since=2019)
    frame = rs.to_frame(with_citations=True)
    assert set(frame["geo"]) <= {"MX", "BE"}
    assert (frame["publisher"] == "OECD").all()
    assert frame["url"].str.startswith("https://sdmx.oecd.org/public/rest/data/").all()
