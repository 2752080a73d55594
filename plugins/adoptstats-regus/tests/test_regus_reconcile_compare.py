"""The Regus figures through adoptstats.reconcile and adoptstats.compare."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import adoptstats

Fetch = Callable[..., adoptstats.ResultSet]
BELGIAN_ARTICLE = ["Mexique", "Espagne", "Pays-Bas", "Monde"]


@pytest.fixture
def acquisition_2010(fetch: Fetch) -> adoptstats.ResultSet:
    return fetch(concept="social_media.customer_acquisition", period=2010, breakdown="total")


def test_reconcile_reports_mexico_and_netherlands(acquisition_2010: adoptstats.ResultSet) -> None:
    rec = adoptstats.reconcile(acquisition_2010)
    conflicts = rec.conflicts.set_index("geo")
    assert {"MX", "NL"} <= set(conflicts.index)
    assert conflicts.loc["MX", "reports"] == 3
    assert conflicts.loc["NL", "reports"] == 3
    assert set(conflicts["period"]) == {"2010"}
    # "40%" and "plus de 40 %" agree; both Belgian reports say 27%
    assert "WORLD" not in conflicts.index
    assert "BE+LU" not in conflicts.index
    # one report per figure after reconciling, the others kept as alternatives
    resolved = rec.resolved.frame
    assert not resolved.duplicated(["dataset", "indicator", "geo", "period", "breakdown"]).any()
    assert len(rec.resolved) + len(rec.alternatives) == len(acquisition_2010)


def test_compare_belux_ranks_last(fetch: Fetch) -> None:
    rs = fetch(
        concept="social_media.customer_acquisition",
        period=2010,
        breakdown="total",
        geo=["Belux", *BELGIAN_ARTICLE],
    )
    resolved = adoptstats.reconcile(rs).resolved
    comparison = adoptstats.compare(
        resolved,
        focus="Belgique-Luxembourg",
        against=BELGIAN_ARTICLE,
        concept="social_media.customer_acquisition",
        period=2010,
    )
    rank = comparison.rank
    assert rank.geo == "BE+LU"
    assert rank.rank == rank.n == 4  # BE+LU, ES, MX, NL; the world aggregate is not ranked
    assert rank.certain
    frame = comparison.to_frame()
    assert set(frame["geo"]) == {"MX", "ES", "NL", "WORLD"}
    assert set(frame["verdict"]) == {"lower"}


def test_compare_refuses_unreconciled_reports(acquisition_2010: adoptstats.ResultSet) -> None:
    with pytest.raises(adoptstats.DuplicateReportsError):
        adoptstats.compare(acquisition_2010, focus="Belux", against=["Mexique"])
