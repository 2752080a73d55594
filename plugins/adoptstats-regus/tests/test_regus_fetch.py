"""Fetch filters and options, row contents, metadata."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import pytest

import adoptstats
from adoptstats_regus import INDICATORS, RegusSource

Fetch = Callable[..., adoptstats.ResultSet]
BY_CODE = {ind.code: ind for ind in INDICATORS}


# -- rows ------------------------------------------------------------------------------------


def test_counts(fetch: Fetch) -> None:
    assert len(RegusSource.figures()) == 172
    assert len(RegusSource.excluded()) == 3
    everything = fetch(include_uncertain=True)
    assert len(everything) == 169
    assert len(fetch()) == 159
    assert len(everything.filter(has_flag="uncertain")) == 10


def test_every_row_has_a_cited_url_and_quote(fetch: Fetch) -> None:
    rs = fetch(include_uncertain=True)
    assert set(rs.frame["citation_id"].astype(str)) <= set(rs.citations)
    for citation in rs.citations.values():
        assert citation.url
        assert citation.url.startswith(("http://", "https://"))
        assert citation.quote
        assert citation.publisher
    frame = rs.to_frame(with_citations=True)
    assert frame["url"].notna().all()


def test_units_follow_the_indicator(fetch: Fetch) -> None:
    frame = fetch(include_uncertain=True).frame
    for code, unit in zip(frame["indicator"].astype(str), frame["unit"].astype(str), strict=True):
        assert unit == BY_CODE[code].unit, code
    index = frame[frame["indicator"] == "activity_index"]
    assert len(index) == 14
    assert set(index["unit"]) == {"index"}
    assert set(frame[frame["indicator"].astype(str).str.endswith("_pp")]["unit"]) == {"pp"}
    assert set(frame[frame["unit"] == "index"]["indicator"]) == {"activity_index"}


def test_concepts_follow_the_mapping(fetch: Fetch) -> None:
    frame = fetch(include_uncertain=True).frame
    for code, concept in zip(frame["indicator"].astype(str), frame["concept"], strict=True):
        expected = BY_CODE[code].concept
        assert (None if pd.isna(concept) else concept) == expected, code


def test_published_precision_and_population(fetch: Fetch) -> None:
    frame = fetch(include_uncertain=True).frame
    assert set(frame["decimals"].astype(int)) == {0}
    assert set(frame["population"]) == {"business people in the Regus global contacts database"}
    assert set(frame["qualifier"]) <= {"exact", "approx", "more_than"}
    assert set(frame["source"]) == {"regus"}
    assert set(frame["period"]) == {"2010", "2011"}


def test_uncertain_rows_flagged_and_excluded_by_default(fetch: Fetch) -> None:
    default = fetch()
    everything = fetch(include_uncertain=True)
    assert not (default.frame["flags"] == "uncertain").any()
    uncertain = everything.filter(has_flag="uncertain")
    assert set(uncertain.frame["geo"]) == {"DE", "AU", "CL"}
    assert everything.filter(without_flag="uncertain").equals(default)
    # the Australian city figures are uncertain, the national one is not
    au = fetch(geo="Australia", indicator="marketing_budget_up_to_20pct_on_social", include_uncertain=True)
    assert sorted(au.unique("breakdown")) == ["city:Adelaide", "city:Brisbane", "city:Melbourne", "city:Perth"]
    with pytest.warns(adoptstats.EmptyResultWarning):
        assert len(fetch(geo="Australia", indicator="marketing_budget_up_to_20pct_on_social")) == 0


def test_excluded_rows_are_explained_not_fetched(fetch: Fetch) -> None:
    excluded = RegusSource.excluded()
    assert excluded["reason"].str.len().gt(0).all()
    assert set(excluded["geo_label"]) == {"Ireland", "unspecified (US-focused article)"}
    cited = {(c.url, c.quote) for c in fetch(include_uncertain=True).citations.values()}
    assert not cited & set(zip(excluded["url"], excluded["quote"], strict=True))


def test_sample_sizes_only_where_known(fetch: Fetch) -> None:
    frame = fetch(include_uncertain=True).frame
    with_n = frame[frame["sample_size"].notna()]
    assert set(zip(with_n["geo"], with_n["period"], with_n["sample_size"].astype(int), strict=True)) == {
        ("JP", "2010", 1276),
        ("GB", "2011", 4000),
    }
    assert set(with_n["breakdown"]) == {"total"}
    assert set(with_n["unit"]) == {"percent"}
    hk = frame[frame["geo"] == "HK"]
    assert len(hk) > 0
    assert hk["sample_size"].isna().all()


def test_conflicts_in_raw_data(fetch: Fetch) -> None:
    """Mexico 2010 and the Netherlands 2010 are reported with different values for the same figure."""
    frame = fetch(indicator="new_customers_via_social_networks", breakdown="total").frame
    keys = ["dataset", "indicator", "geo", "period", "breakdown"]
    conflicts: dict[str, tuple[float, ...]] = {}
    for key, group in frame.groupby(keys, observed=True):
        values = tuple(sorted(set(group["value"])))
        if len(values) > 1:
            conflicts[str(key[2])] = values
    assert conflicts["MX"] == (50.0, 52.0)
    assert conflicts["NL"] == (28.0, 48.0, 50.0)
    assert conflicts["CN"] == (22.0, 44.0)
    assert "BE+LU" not in conflicts


# -- filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["NL", "Netherlands", "Pays-Bas", "Nederland", "Niederlande", "nl"])
def test_geo_names_in_several_languages(fetch: Fetch, name: str) -> None:
    rs = fetch(geo=name)
    assert rs.unique("geo") == ["NL"]
    assert len(rs) == len(fetch(geo="NL"))


@pytest.mark.parametrize("name", ["Belux", "BE+LU", "Belgique-Luxembourg", "België-Luxemburg", "lu+be"])
def test_belux_names(fetch: Fetch, name: str) -> None:
    assert fetch(geo=name).unique("geo") == ["BE+LU"]


def test_several_geos(fetch: Fetch) -> None:
    rs = fetch(geo=["Mexique", "Spanje", "Welt"], concept="social_media.customer_acquisition")
    assert rs.unique("geo") == ["ES", "MX", "WORLD"]


def test_unknown_geography_raises() -> None:
    source = RegusSource()
    with pytest.raises(adoptstats.UnknownGeographyError, match="Atlantis"):
        source.fetch(source.query(geo="Atlantis"))


def test_known_geography_without_data_is_empty(fetch: Fetch) -> None:
    with pytest.warns(adoptstats.EmptyResultWarning):
        assert len(fetch(geo="Luxembourg")) == 0


def test_period_since_until(fetch: Fetch) -> None:
    assert fetch(period=2010).unique("period") == ["2010"]
    assert fetch(period="2011").unique("period") == ["2011"]
    assert fetch(since=2011).unique("period") == ["2011"]
    assert fetch(until=2010).unique("period") == ["2010"]
    with pytest.warns(adoptstats.EmptyResultWarning):
        assert len(fetch(period=2012)) == 0
    assert len(fetch(period=[2010, 2011])) == len(fetch())


def test_edition_option(fetch: Fetch) -> None:
    assert fetch(edition=2010).unique("dataset") == ["social_success_2010"]
    assert fetch(edition="2011").unique("dataset") == ["social_recovery_2011"]
    assert fetch(edition="social_recovery_2011").unique("dataset") == ["social_recovery_2011"]
    assert len(fetch(edition=[2010, 2011])) == len(fetch())
    with pytest.warns(adoptstats.EmptyResultWarning):
        assert len(fetch(edition=2010, dataset="social_recovery_2011")) == 0


def test_unclear_edition_is_its_own_dataset(fetch: Fetch) -> None:
    rs = fetch(period=2010, include_uncertain=True, geo="Chile")
    assert rs.unique("dataset") == ["unclear_edition"]
    assert rs.unique("flags") == ["uncertain"]
    with pytest.warns(adoptstats.EmptyResultWarning):
        assert len(fetch(edition=2010, geo="Chile", include_uncertain=True)) == 0
    with pytest.warns(adoptstats.EmptyResultWarning):  # uncertain rows need include_uncertain
        assert len(fetch(dataset="unclear_edition")) == 0


def test_dataset_filter(fetch: Fetch) -> None:
    rs = fetch(dataset="social_success_2010")
    assert rs.unique("dataset") == ["social_success_2010"]
    with pytest.raises(adoptstats.QueryError, match="social_success_2010"):
        fetch(dataset="social_success")


def test_primary_only(fetch: Fetch) -> None:
    rs = fetch(primary_only=True)
    assert len(rs) == 34
    assert all(c.primary for c in rs.citations.values())
    assert {c.publisher for c in rs.citations.values()} == {"Regus"}
    assert len(fetch(primary_only=False)) == len(fetch())


def test_concept_filter(fetch: Fetch) -> None:
    rs = fetch(concept="social_media.customer_engagement")
    assert rs.unique("indicator") == ["use_manage_customer_groups", "use_to_interact_with_inform_existing_customers"]
    contributed = fetch(concept="social_media.business_contacts")
    assert contributed.unique("indicator") == ["use_stay_in_touch_with_business_contacts"]


def test_core_concept_the_source_does_not_cover_is_empty(fetch: Fetch) -> None:
    with pytest.warns(adoptstats.EmptyResultWarning):
        assert len(fetch(concept="cloud.any_use")) == 0


def test_unknown_concept_suggests(fetch: Fetch) -> None:
    with pytest.raises(adoptstats.QueryError, match=r"did you mean 'social_media\.customer_acquisition'"):
        fetch(concept="social_media.customer_aquisition")
    with pytest.raises(adoptstats.QueryError, match="social_media.business_contacts"):
        fetch(concept="social_media.business_contact")


def test_unknown_indicator_suggests(fetch: Fetch) -> None:
    with pytest.raises(adoptstats.QueryError, match="new_customers_via_social_networks"):
        fetch(indicator="new_customer_via_social_network")
    with pytest.raises(adoptstats.QueryError, match="size:small"):
        fetch(indicator="new_customers_small_companies")


def test_breakdown_option(fetch: Fetch) -> None:
    rs = fetch(breakdown=["size:small", "size:large"], geo="WORLD")
    assert rs.unique("breakdown") == ["size:large", "size:small"]
    assert set(rs.frame["value"]) == {44.0, 28.0}
    assert fetch(breakdown="total").unique("breakdown") == ["total"]
    with pytest.raises(adoptstats.QueryError, match="size:small"):
        fetch(breakdown="size:smal")


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"primary_only": "true"}, "primary_only"),
        ({"include_uncertain": "no"}, "include_uncertain"),
        ({"edition": 2012}, "edition"),
        ({"edition": True}, "edition"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_options_raise_query_error(options: dict[str, object], match: str) -> None:
    source = RegusSource()
    with pytest.raises(adoptstats.QueryError, match=match):
        source.fetch(adoptstats.Query(options=options))


def test_unknown_filter_through_fetch(fetch: Fetch) -> None:
    with pytest.raises(adoptstats.QueryError, match="colour"):
        fetch(colour="blue")


# -- metadata --------------------------------------------------------------------------------


def test_indicators_cover_the_data() -> None:
    indicators = RegusSource().indicators()
    listed = {(i.dataset, i.code) for i in indicators}
    figures = RegusSource.figures()
    figures = figures[figures["dataset"].notna()]
    assert listed == set(zip(figures["dataset"], figures["indicator"], strict=True))
    for ind in indicators:
        assert ind.label
        assert ind.note
        assert ind.population == "business people in the Regus global contacts database"
        if ind.concept is not None:
            adoptstats.get_concept(ind.concept)


def test_indicator_mapping_levels() -> None:
    levels = {(i.code, i.concept, i.match) for i in RegusSource().indicators()}
    assert ("new_customers_via_social_networks", "social_media.customer_acquisition", "same") in levels
    assert ("marketing_budget_devoted_to_social_networking", "social_media.marketing_budget", "same") in levels
    assert ("marketing_budget_up_to_20pct_on_social", "social_media.marketing_budget", "related") in levels
    assert (
        "use_to_interact_with_inform_existing_customers",
        "social_media.customer_engagement",
        "close",
    ) in levels
    assert ("activity_index", None, "same") in levels


def test_surveys_metadata() -> None:
    surveys = RegusSource.surveys().set_index("dataset")
    assert list(surveys.index) == ["social_success_2010", "social_recovery_2011"]
    s10, s11 = surveys.loc["social_success_2010"], surveys.loc["social_recovery_2011"]
    assert (s10["fieldwork_start"], s10["fieldwork_end"], s10["respondents"]) == ("2010-02", "2010-03", "15000")
    assert (s11["fieldwork_start"], s11["fieldwork_end"], s11["countries"]) == ("2011-02", "2011-02", "80")
    assert s11["respondents_qualifier"] == "more_than"
    assert "HK: more than 200" in s11["known_sample_sizes"]
    assert set(surveys["population"]) == {"business people in the Regus global contacts database"}


def test_metadata_frames_are_copies() -> None:
    copy = RegusSource.figures()
    copy["notes"] = ""
    assert RegusSource.figures()["notes"].str.len().max() > 0
    surveys = RegusSource.surveys()
    surveys["population"] = "enterprises"
    assert "enterprises" not in set(RegusSource.surveys()["population"])
    assert "notes" in RegusSource.figures().columns


# -- quotes ------------------------------------------------------------------------------------

_WORD = r"[^\W\d_]+"


def test_no_quote_starts_in_the_middle_of_a_word() -> None:
    """A quote cut from a page excerpt keeps whole words: a restored letter is written in brackets.

    A Latin-script word opening a quote that is found nowhere else as a word, but is the end
    of a longer word of the quotes ("ocial" for "social"), is a cut word.  (Closing words are
    not checked this way: "empresa" is the start of "empresas" and still a word.)
    """
    figures = RegusSource.figures()
    quotes = [str(q) for q in figures["quote"]]
    words: dict[str, int] = {}
    for word in re.findall(_WORD, " ".join(quotes).lower()):
        words[word] = words.get(word, 0) + 1
    for quote in set(quotes):
        repeats = quotes.count(quote)
        first = re.match(rf"^({_WORD})", quote)
        if first is None or not first.group(1).isascii():
            continue  # starts with a number, a bracket or a mark; or not Latin script
        word = first.group(1).lower()
        if words[word] > repeats:
            continue  # the word occurs elsewhere: a real word
        longer = [w for w in words if len(w) > len(word) and w.endswith(word)]
        assert not longer, f"{quote[:60]!r} starts with {word!r}, the end of {longer[0]!r}"


def test_the_south_african_quote_restores_its_first_letter() -> None:
    figures = RegusSource.figures()
    row = figures[figures["url"].str.contains("gbn.co.za")].iloc[0]
    assert row["quote"].startswith("[S]ocial networking has become a mainstream business tool in South Africa")


def test_an_empty_answer_names_the_uncertain_rows_it_left_out(fetch: Fetch) -> None:
    with pytest.warns(adoptstats.EmptyResultWarning, match=r"2 rows flagged 'uncertain' match") as caught:
        fetch(geo="Chile")
    assert "pass include_uncertain=True to see them" in str(caught[0].message)
    with pytest.warns(adoptstats.EmptyResultWarning) as caught:
        fetch(geo="Chile", period=2011, include_uncertain=True)
    assert "flagged 'uncertain'" not in str(caught[0].message)
