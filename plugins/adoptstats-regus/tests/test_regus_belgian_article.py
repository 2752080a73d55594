"""Every figure of the Belgian press articles comes back with its citation and qualifier."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import adoptstats

LAVENIR = "https://www.lavenir.net/cnt/8921533"
LALIBRE = (
    "https://www.lalibre.be/economie/entreprises-startup/"
    "les-entreprises-belges-sont-a-la-traine-sur-les-reseaux-sociaux-51b8c1c3e4b0de6db9bcca6a"
)

Fetch = Callable[..., adoptstats.ResultSet]

# (url, geography as a reader would write it, canonical code, value, qualifier, words of the quote)
FIGURES = [
    (LAVENIR, "Belgique-Luxembourg", "BE+LU", 27.0, "exact", "(27 %)"),
    (LAVENIR, "Mexique", "MX", 52.0, "exact", "le Mexique (52 %)"),
    (LAVENIR, "Espagne", "ES", 50.0, "exact", "l'Espagne (50 %)"),
    (LAVENIR, "Pays-Bas", "NL", 50.0, "exact", "les Pays-Bas (50 %)"),
    (LAVENIR, "Monde", "WORLD", 40.0, "more_than", "plus de 40 %"),
    (LALIBRE, "Belux", "BE+LU", 27.0, "exact", "27 % à y recourir en Belgique et au Luxembourg"),
    (LALIBRE, "dans le monde", "WORLD", 40.0, "exact", "40 % des entreprises dans le monde"),
]


def _rows_for(rs: adoptstats.ResultSet, url: str) -> list[dict[str, Any]]:
    frame = rs.to_frame(with_citations=True)
    return [{str(k): v for k, v in row.items()} for row in frame[frame["url"] == url].to_dict("records")]


@pytest.mark.parametrize(("url", "name", "code", "value", "qualifier", "words"), FIGURES)
def test_figure_comes_back_with_citation(
    fetch: Fetch, url: str, name: str, code: str, value: float, qualifier: str, words: str
) -> None:
    rs = fetch(concept="social_media.customer_acquisition", geo=name, period=2010, breakdown="total")
    rows = [r for r in _rows_for(rs, url) if r["geo"] == code]
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["value"] == value
    assert row["qualifier"] == qualifier
    assert words in row["quote"]
    assert not row["primary"]
    assert row["indicator"] == "new_customers_via_social_networks"
    assert row["dataset"] == "social_success_2010"
    assert row["period"] == "2010"
    assert row["population"] == "business people in the Regus global contacts database"
    assert row["decimals"] == 0
    assert row["publisher"] in ("L'Avenir", "La Libre Belgique")


def test_world_more_than_40_is_an_open_interval(fetch: Fetch) -> None:
    rs = fetch(geo="World", period=2010, indicator="new_customers_via_social_networks", breakdown="total")
    (row,) = _rows_for(rs, LAVENIR)
    assert (row["lower"], row["upper"]) == (40.0, 100.0)
    record = next(o for o in rs.records() if o.citation.url == LAVENIR)
    assert record.estimate.open_lower
    assert record.citation.publisher == "L'Avenir"


def test_belux_27_is_a_rounded_interval(fetch: Fetch) -> None:
    rs = fetch(geo="Belux", period=2010, concept="social_media.customer_acquisition")
    assert set(rs.frame["lower"]) == {26.5}
    assert set(rs.frame["upper"]) == {27.5}
    assert {c.url for c in rs.citations.values()} == {LAVENIR, LALIBRE}


def test_lalibre_marketing_budget(fetch: Fetch) -> None:
    rs = fetch(geo="Belgique-Luxembourg", concept="social_media.marketing_budget")
    (row,) = _rows_for(rs, LALIBRE)
    assert row["value"] == 13.0
    assert "seulement 13 %" in row["quote"]


def test_belux_activity_index_is_an_index(fetch: Fetch) -> None:
    rs = fetch(geo="Belux", indicator="activity_index")
    assert rs.frame["value"].tolist() == [75.0]
    assert rs.frame["unit"].tolist() == ["index"]
    assert rs.frame["concept"].isna().all()
    assert rs.citation(0).primary
