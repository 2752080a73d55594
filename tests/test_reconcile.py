"""Several reports of one figure (adoptstats.reconcile), on the 2010 Regus new-customer figures."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings

import adoptstats
from adoptstats import Citation, DuplicateReportsError, Estimate, Observation, QueryError, ResultSet
from adoptstats.reconciliation import DEFAULT_POLICY, Reconciliation, _overlap
from adoptstats.testing.strategies import result_sets

# Publishers' URLs, as listed in the research notes on the Regus surveys.
URLS = {
    "L'Avenir": "https://www.lavenir.net/cnt/8921533",
    "La Libre Belgique": (
        "https://www.lalibre.be/economie/entreprises-startup/les-entreprises-belges-sont-a-la-traine-sur-les-reseaux-sociaux-51b8c1c3e4b0de6db9bcca6a"
    ),
    "Media in Canada": "https://mediaincanada.com/2010/07/07/globalsocialmedia-20100707/",
    "Brian Solis": (
        "http://www.briansolis.com/2010/08/almost-half-of-small-businesses-find-customers-in-social-networks/comment-page-4/"
    ),
    "Adweek": "http://www.adweek.com/digital/us-ranks-9th-in-social-networking/",
    "Windy City Strategies": (
        "https://www.windycitystrategies.com/u-s-lagging-in-social-media-for-business-development/"
    ),
    "gbn.co.za": ("http://www.gbn.co.za/articles/dailynews/1256/Social+Rewards+for+South+African+Businesses.html"),
    "aftm.fr": "http://www.aftm.fr/Une-etude-Regus-sur-les-reseaux-sociaux_a2153.html",
    "jinjibu.jp": "https://jinjibu.jp/news/detl/4016",
    "PMI.it": (
        "https://www.pmi.it/impresa/pubblicita-e-marketing/news/7384/social-network-e-business-litalia-e-in-ritardo.html"
    ),
    "dgmag.it": ("http://www.dgmag.it/web/internet/le-aziende-italiane-non-amano-i-social-networks-30040-30040"),
    "rmelectro.com": "http://rmelectro.com/cgi/ardetn?id=511",
    "tek.sapo.pt": (
        "https://tek.sapo.pt/noticias/negocios/artigos/um-terco-das-empresas-em-portugal-fazem-negocios-nas-redes-socais"
    ),
    "Business 2 Community": (
        "https://www.business2community.com/social-media-articles/social-media-stats-for-the-c-suite-038902"
    ),
    "MyBroadband": (
        "https://companies.mybroadband.co.za/blog/2011/06/07/2011-sees-rise-in-social-media-for-business-use/"
    ),
    "ticpymes.es": "https://ticpymes.es/marketing/nuevos-clientes-gracias-a-las-redes-sociales",
    "eteamsys.com": "https://eteamsys.com/fr/reseaux-sociaux-social-medias-e-commerce.html",
    "Marketing Week": (
        "https://www.marketingweek.com/2011/06/13/companies-increasingly-using-social-networks-to-win-customers/"
    ),
    "risparmiosoldi.it": (
        "http://risparmiosoldi.it/informatica/web-ed-internet/aziende-italiane-il-marketing-passa-dai-social-network"
    ),
    "likesmedia.de": "http://www.likesmedia.de/tag/statistik/",
    "Regus (issuu)": "http://issuu.com/chris_at_regus/docs/social_success_",
    "Regus (scribd)": "https://pt.scribd.com/document/39318371/Social-Success",
}

# (geo, value, qualifier, publisher, published, primary): the 2010 "new customers via social networks" reports
REPORTS: list[tuple[str, float, str, str, dt.date | None, bool]] = [
    ("WORLD", 40, "exact", "Regus (issuu)", None, True),
    ("WORLD", 40, "exact", "Regus (scribd)", None, True),
    ("BE+LU", 27, "exact", "L'Avenir", None, False),
    ("BE+LU", 27, "exact", "La Libre Belgique", None, False),
    ("WORLD", 40, "more_than", "L'Avenir", None, False),
    ("WORLD", 40, "exact", "La Libre Belgique", None, False),
    ("MX", 52, "exact", "L'Avenir", None, False),
    ("ES", 50, "exact", "L'Avenir", None, False),
    ("NL", 50, "exact", "L'Avenir", None, False),
    ("NL", 48, "exact", "Media in Canada", dt.date(2010, 7, 7), False),
    ("IN", 52, "exact", "Media in Canada", dt.date(2010, 7, 7), False),
    ("MX", 50, "exact", "Media in Canada", dt.date(2010, 7, 7), False),
    ("ES", 50, "exact", "Media in Canada", dt.date(2010, 7, 7), False),
    ("CA", 34, "exact", "Media in Canada", dt.date(2010, 7, 7), False),
    ("IN", 52, "exact", "Brian Solis", None, False),
    ("MX", 50, "exact", "Brian Solis", None, False),
    ("ES", 50, "exact", "Brian Solis", None, False),
    ("NL", 28, "exact", "Brian Solis", None, False),
    ("CN", 22, "exact", "Brian Solis", None, False),
    ("US", 35, "exact", "Brian Solis", None, False),
    ("US", 35, "exact", "Adweek", None, False),
    ("US", 35, "exact", "Windy City Strategies", None, False),
    ("ZA", 43, "exact", "gbn.co.za", None, False),
    ("FR", 33, "exact", "aftm.fr", None, False),
    ("JP", 30, "exact", "jinjibu.jp", None, False),
    ("IT", 38, "approx", "PMI.it", None, False),
    ("IT", 38, "approx", "dgmag.it", None, False),
    ("PT", 31, "exact", "rmelectro.com", None, False),
    ("PT", 31, "exact", "tek.sapo.pt", None, False),
    ("CN", 44, "exact", "Business 2 Community", None, False),
    ("IN", 52, "exact", "Business 2 Community", None, False),
    ("US", 35, "exact", "Business 2 Community", None, False),
    ("ZA", 43, "exact", "MyBroadband", dt.date(2011, 6, 7), False),
    ("ES", 50, "exact", "ticpymes.es", None, False),
    ("FR", 33, "exact", "eteamsys.com", None, False),
    ("GB", 33, "exact", "Marketing Week", dt.date(2011, 6, 13), False),
    ("IT", 38, "exact", "risparmiosoldi.it", None, False),
    ("DE", 41, "exact", "likesmedia.de", None, False),
]


def _observation(row: tuple[str, float, str, str, dt.date | None, bool], quote: str) -> Observation:
    geo, value, qualifier, key, published, primary = row
    publisher, url = key.split(" (")[0], URLS[key]
    return Observation(
        source="regus",
        dataset="social_success_2010",
        indicator="new_customers_via_social_networks",
        concept="social_media.customer_acquisition",
        geo=geo,
        period=2010,
        population="business people",
        estimate=Estimate.published(value, qualifier=qualifier),
        citation=Citation(publisher=publisher, url=url, quote=quote, published=published, primary=primary),
    )


@pytest.fixture
def regus() -> ResultSet:
    return ResultSet.from_records([_observation(r, f"{r[0]} {r[1]}") for r in REPORTS])


def test_conflicts_are_the_figures_whose_reports_disagree(regus: ResultSet) -> None:
    rec = adoptstats.reconcile(regus)
    assert isinstance(rec, Reconciliation)
    assert rec.policy == DEFAULT_POLICY
    conflicts = rec.conflicts.set_index("geo")
    # Mexico 52 vs 50, the Netherlands 50 vs 48 vs 28, and China 22 vs 44 (also listed in the research notes)
    assert sorted(conflicts.index) == ["CN", "MX", "NL"]
    assert conflicts.loc["MX", "values"] == "52% | 50% | 50%"
    assert conflicts.loc["MX", "publishers"] == "L'Avenir | Media in Canada | Brian Solis"
    assert conflicts.loc["NL", "values"] == "50% | 48% | 28%"
    assert conflicts.loc["NL", "spread"] == 22.0
    assert list(rec.conflicts.columns) == [
        "source", "dataset", "indicator", "geo", "period", "breakdown", "reports", "values", "publishers", "spread",
        "chosen", "chosen_publisher", "reason",
    ]  # fmt: skip
    assert rec.n_conflicts == 3


def test_agreeing_reports_are_not_conflicts(regus: ResultSet) -> None:
    rec = adoptstats.reconcile(regus)
    reports = rec.reports
    # 40% (twice), "more than 40%" and 40% again: all may be right at once
    world = reports[reports["geo"] == "WORLD"]
    assert len(world) == 4 and not world["conflict"].any()
    # "about 38%" twice and "38%": they agree
    assert not reports.loc[reports["geo"] == "IT", "conflict"].any()
    assert not reports.loc[reports["geo"] == "US", "conflict"].any()


def test_default_policy_choices(regus: ResultSet) -> None:
    rec = adoptstats.reconcile(regus)
    conflicts = rec.conflicts.set_index("geo")
    # Mexico: the two 50% agree; of those, the dated publication is the most recent
    assert (conflicts.loc["MX", "chosen"], conflicts.loc["MX", "chosen_publisher"]) == ("50%", "Media in Canada")
    assert (
        conflicts.loc["MX", "reason"]
        == "agrees with 1 of the 2 other reports; then most recent publication (Jul 7, 2010); the reports disagree, "
        "so the figure is marked contested"
    )
    # the Netherlands: no two reports agree; 48% is the median
    assert conflicts.loc["NL", "chosen"] == "48%"
    assert "closest to the median of the reports (48)" in conflicts.loc["NL", "reason"]
    # China: nothing in the policy separates the reports, and the reason says so
    assert "no criterion of the policy" in conflicts.loc["CN", "reason"]
    # the World: the survey owner's own report
    chosen = rec.reports[rec.reports["chosen"]].set_index("geo")
    assert chosen.loc["WORLD", "publisher"] == "Regus"
    assert (
        chosen.loc["WORLD", "reason"]
        == "primary publication preferred over secondary reports; the reports left agree, the first listed stands "
        "for them"
    )


def test_resolved_and_alternatives(regus: ResultSet) -> None:
    rec = adoptstats.reconcile(regus)
    resolved = rec.resolved.frame
    assert len(resolved) == rec.n_figures == resolved["geo"].nunique() == 16
    assert len(rec.alternatives) == len(regus) - 16 == rec.n_reports - rec.n_figures
    assert set(resolved["geo"]) | set(rec.alternatives.frame["geo"]) == set(regus.frame["geo"])
    # the resolved figures can be compared, the raw reports cannot
    with pytest.raises(DuplicateReportsError, match="reconcile"):
        adoptstats.compare(regus, "Belux")
    comp = adoptstats.compare(rec.resolved, "Belux")
    assert comp.rank.n == 15
    row = comp.row("NL")
    assert row["value"] == 48.0 and row["publisher"] == "Media in Canada"


def test_other_policies(regus: ResultSet) -> None:
    recent = adoptstats.reconcile(regus, policy="recent").conflicts.set_index("geo")
    assert recent.loc["NL", "chosen"] == "48%"  # the only dated report
    assert recent.loc["NL", "reason"].startswith("most recent publication (Jul 7, 2010); the reports disagree")
    median = adoptstats.reconcile(regus, policy=["median"]).conflicts.set_index("geo")
    assert median.loc["MX", "chosen"] == "50%"
    precise = adoptstats.reconcile(regus, policy="precise, primary")
    italy = precise.reports[(precise.reports["geo"] == "IT") & precise.reports["chosen"]]
    assert italy["text"].tolist() == ["38%"]  # the exact report over the two "about 38%"
    assert italy["reason"].tolist() == ["narrowest interval"]
    oldest = adoptstats.reconcile(regus, policy=("oldest",))
    za = oldest.reports[(oldest.reports["geo"] == "ZA") & oldest.reports["chosen"]]
    assert za["publisher"].tolist() == ["MyBroadband"]  # the only dated report is the earliest one dated
    assert str(adoptstats.reconcile(regus, policy="primary")).splitlines()[0].endswith("3 in conflict")


@pytest.mark.parametrize("policy", ["newest", [], "primary,,recent"])
def test_bad_policy(regus: ResultSet, policy: object) -> None:
    with pytest.raises(QueryError, match="policy"):
        adoptstats.reconcile(regus, policy=policy)  # type: ignore[arg-type]


def test_rendering(regus: ResultSet) -> None:
    rec = adoptstats.reconcile(regus)
    text = str(rec)
    assert text.startswith(
        f"Reconciliation: {len(REPORTS)} reports of 16 figures (policy: primary, agreement, recent); "
        "12 figures reported more than once, 3 in conflict"
    )
    assert "conflict MX 2010 new_customers_via_social_networks (regus/social_success_2010): 52% | 50% | 50%" in text
    assert repr(rec) == text
    assert "<table" in rec._repr_html_()
    single = adoptstats.reconcile(regus.filter(geo="DE"))
    assert single.n_conflicts == 0 and len(single.reports) == 0
    assert "No conflicts" in single._repr_html_()


def test_overlap_respects_open_bounds() -> None:
    lo = np.array([39.5, 40.0, 26.5, 1.0, 2.0, 1.0])
    hi = np.array([40.5, 100.0, 27.5, 2.0, 3.0, 2.0])
    lo_open = np.array([False, True, False, False, False, False])
    hi_open = np.array([False, False, False, False, False, True])
    ov = _overlap(lo, hi, lo_open, hi_open)
    assert ov[0, 1] and ov[1, 0]  # 40% and "more than 40%"
    assert not ov[1, 2]  # 27% and "more than 40%"
    assert ov[3, 4]  # [1, 2] and [2, 3] share 2
    assert not ov[5, 4]  # [1, 2) and [2, 3] do not
    assert (ov == ov.T).all()


@settings(max_examples=60, deadline=None)
@given(rs=result_sets(max_size=25))
def test_one_resolved_report_per_figure(rs: ResultSet) -> None:
    rec = adoptstats.reconcile(rs) if len(rs) else None
    if rec is None:
        return
    keys = ["source", "dataset", "indicator", "geo", "period", "breakdown", "population", "unit"]
    figures = rs.frame[keys].astype(str).drop_duplicates()
    assert len(rec.resolved) == len(figures) == rec.n_figures
    assert len(rec.resolved) + len(rec.alternatives) == len(rs)
    assert not rec.resolved.frame[keys].astype(str).duplicated().any()
