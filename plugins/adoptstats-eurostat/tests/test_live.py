"""Live check against Eurostat itself: off by default (``pytest -m network``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from adoptstats_eurostat import POPULATION, EurostatSource

pytestmark = pytest.mark.network


def test_live_isoc_cismt(tmp_path: Path) -> None:
    source = EurostatSource(base_url="https://ec.europa.eu/eurostat/api/dissemination", cache_dir=tmp_path)
    geos = ["BE", "LU", "NL", "ES", "EU27_2020"]
    rs = source.fetch(source.query(dataset="isoc_cismt", indicator="E_SM1_ANY", geo=geos, since=2019))
    frame = rs.frame
    assert len(rs) > 0
    assert set(frame["geo"]) <= set(geos)
    assert set(frame["unit"]) == {"percent"}
    assert set(frame["population"]) == {POPULATION}
    assert frame["value"].between(0, 100).all()
    assert set(frame["concept"]) == {"social_media.any_use"}
    (citation,) = rs.citations.values()
    assert citation.url and citation.url.startswith("https://ec.europa.eu/eurostat/api/dissemination/")
