"""The catalogued ``indic_is`` codes of Eurostat's adoption datasets and the concepts they map to.

Each native code is mapped to an adoptstats concept with a match level and a note, and is
valid in every dataset it lists (see :mod:`adoptstats_eurostat.datasets`). Codes come from
Eurostat's codelists and from code that queries these datasets (``docs/sources/eurostat.md``,
"Datasets and indicators").
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from adoptstats import Indicator
from adoptstats_eurostat.datasets import DII_NOTE, E_COMMERCE_NOTE, SECURITY_NOTE

__all__ = [
    "INDICATORS",
    "NativeIndicator",
    "concept_of",
    "indicators",
    "indicators_for",
    "native_indicator",
]


@attrs.frozen(kw_only=True)
class NativeIndicator:
    """An ``indic_is`` code with its concept mapping, valid in every dataset of ``datasets``."""

    code: str
    label: str
    datasets: tuple[str, ...]
    concept: str | None = None
    match: str = "same"
    note: str | None = None


_SM_TYPE = ("isoc_cismt", "isoc_cismtn2")
_SM_PURPOSE = ("isoc_cismp", "isoc_cismpn2")
_WEB = ("isoc_ciweb", "isoc_ciwebn2")
_ESALES = ("isoc_ec_esels", "isoc_ec_eseln2")
_CLOUD = ("isoc_cicce_use", "isoc_cicce_usen2")
_AI = ("isoc_eb_ai", "isoc_eb_ain2")
_EVAL = ("isoc_ec_evals", "isoc_ec_evaln2")
_SECURITY = ("isoc_cisce_ra", "isoc_cisce_ran2")
_BIG_DATA = ("isoc_eb_bd", "isoc_eb_bdn2")
_IIP = ("isoc_eb_iip", "isoc_eb_iipn2")
_IOT = ("isoc_eb_iot", "isoc_eb_iotn2")
_DII = ("isoc_e_dii", "isoc_e_diin2")
_THIRD_PARTY = "Code as queried by public third-party code; Eurostat's news and articles do not print indicator codes."
_WAVE_2013 = (
    "2013 survey wave, coded E_SM_* (the series from 2014 on is coded E_SM1_*); Eurostat keeps the two "
    "under different codes, so treat them as close rather than the same"
)
_PURPOSE_NOTE = "Share of all enterprises with unit PC_ENT, of enterprises using social media with unit PC_ENT_SM."

#: Every catalogued ``indic_is`` code.
INDICATORS: tuple[NativeIndicator, ...] = (
    NativeIndicator(
        code="E_SM1_ANY",
        label="Enterprises using any social media",
        datasets=_SM_TYPE,
        concept="social_media.any_use",
        note=(
            "Eurostat's headline social-media indicator: uses at least one of social networks, blogs or "
            "microblogs, multimedia content sharing websites, wiki-based knowledge sharing tools."
        ),
    ),
    NativeIndicator(
        code="E_SM1_SNET",
        label="Enterprises using social networks",
        datasets=_SM_TYPE,
        concept="social_media.social_networks",
    ),
    NativeIndicator(
        code="E_SM1_BLOG",
        label="Enterprises using an enterprise's blog or microblogs",
        datasets=_SM_TYPE,
        concept="social_media.blogs",
    ),
    NativeIndicator(
        code="E_SM1_CNTSHR",
        label="Enterprises using multimedia content sharing websites",
        datasets=_SM_TYPE,
        concept="social_media.content_sharing",
    ),
    NativeIndicator(
        code="E_SM1_WIKI",
        label="Enterprises using wiki-based knowledge sharing tools",
        datasets=_SM_TYPE,
        concept="social_media.wiki",
    ),
    NativeIndicator(code="E_SM1_1", label="Enterprises using only one type of social media", datasets=_SM_TYPE),
    NativeIndicator(code="E_SM1_GE2", label="Enterprises using two or more types of social media", datasets=_SM_TYPE),
    NativeIndicator(
        code="E_SM_SNET",
        label="Enterprises using social networks (2013 wave)",
        datasets=_SM_TYPE,
        concept="social_media.social_networks",
        match="close",
        note=_WAVE_2013,
    ),
    NativeIndicator(
        code="E_SM_BLOG",
        label="Enterprises using an enterprise's blog or microblogs (2013 wave)",
        datasets=_SM_TYPE,
        concept="social_media.blogs",
        match="close",
        note=_WAVE_2013,
    ),
    NativeIndicator(
        code="E_SM_CNTSHR",
        label="Enterprises using multimedia content sharing websites (2013 wave)",
        datasets=_SM_TYPE,
        concept="social_media.content_sharing",
        match="close",
        note=_WAVE_2013,
    ),
    NativeIndicator(
        code="E_SM_WIKI",
        label="Enterprises using wiki-based knowledge sharing tools (2013 wave)",
        datasets=_SM_TYPE,
        concept="social_media.wiki",
        match="close",
        note=_WAVE_2013,
    ),
    NativeIndicator(
        code="E_ADS",
        label="Enterprises paying to advertise on the internet",
        datasets=_SM_TYPE,
        concept="web.paid_advertising",
    ),
    NativeIndicator(
        code="E_ADS3",
        label="Enterprises paying for targeted advertising on the internet (any method)",
        datasets=_SM_TYPE,
        concept="web.paid_advertising",
        match="related",
        note="Targeted advertising only, a subset of paid internet advertising (E_ADS).",
    ),
    NativeIndicator(
        code="E_SM_PADVERT",
        label="Enterprises using social media to develop their image or market goods or services",
        datasets=_SM_PURPOSE,
        concept="social_media.image_marketing",
        note=_PURPOSE_NOTE,
    ),
    NativeIndicator(
        code="E_SM_PCUQOR",
        label="Enterprises using social media to obtain or respond to customers' opinions, reviews or questions",
        datasets=_SM_PURPOSE,
        concept="social_media.customer_engagement",
        match="close",
        note=_PURPOSE_NOTE,
    ),
    NativeIndicator(
        code="E_SM_PCUDEV",
        label="Enterprises using social media to involve customers in developing or innovating goods or services",
        datasets=_SM_PURPOSE,
        concept="social_media.customer_engagement",
        match="related",
        note=_PURPOSE_NOTE,
    ),
    NativeIndicator(
        code="E_SM_PRCR",
        label="Enterprises using social media to recruit employees",
        datasets=_SM_PURPOSE,
        concept="social_media.recruitment",
        note=_PURPOSE_NOTE,
    ),
    NativeIndicator(
        code="E_SM_PBPCOLL",
        label="Enterprises using social media to collaborate with business partners or other organisations",
        datasets=_SM_PURPOSE,
        note=_PURPOSE_NOTE,
    ),
    NativeIndicator(
        code="E_SM_PEXCHVOK",
        label="Enterprises using social media to exchange views, opinions or knowledge within the enterprise",
        datasets=_SM_PURPOSE,
        note=_PURPOSE_NOTE + " One third-party notebook spells the code E_SM_PEXCHVOC; the codelist has E_SM_PEXCHVOK.",
    ),
    NativeIndicator(
        code="E_WEB",
        label="Enterprises with a website",
        datasets=_WEB,
        concept="web.website",
    ),
    NativeIndicator(
        code="E_ESELL",
        label="Enterprises with e-commerce sales",
        datasets=_ESALES,
        concept="ecommerce.web_sales",
        note=E_COMMERCE_NOTE,
    ),
    NativeIndicator(
        code="E_AESELL",
        label="Enterprises with e-commerce sales of at least 1% of turnover",
        datasets=_ESALES,
        concept="ecommerce.significant_web_sales",
        note=(
            "Only enterprises whose e-sales reach 1% of turnover count: a different indicator from any e-sales "
            "(E_ESELL). " + E_COMMERCE_NOTE
        ),
    ),
    NativeIndicator(
        code="E_ETURN",
        label="Enterprises' turnover from e-commerce sales",
        datasets=_EVAL,
        concept="ecommerce.turnover_share",
        note="Unit PC_TURN: a share of the total turnover of all enterprises, not a share of enterprises. "
        + E_COMMERCE_NOTE,
    ),
    NativeIndicator(
        code="E_CC",
        label="Enterprises buying cloud computing services used over the internet",
        datasets=_CLOUD,
        concept="cloud.any_use",
    ),
    NativeIndicator(
        code="E_AI_TANY",
        label="Enterprises using at least one artificial intelligence technology",
        datasets=_AI,
        concept="ai.any_use",
    ),
    NativeIndicator(
        code="E_AI_TGE2",
        label="Enterprises using at least two artificial intelligence technologies",
        datasets=_AI,
    ),
    NativeIndicator(
        code="E_SECMGE1",
        label="Enterprises using at least one ICT security measure",
        datasets=_SECURITY,
        concept="security.any_measure",
        note=SECURITY_NOTE + " " + _THIRD_PARTY,
    ),
    NativeIndicator(
        code="E_SECPOL2",
        label="Enterprises having documents on measures, practices or procedures on ICT security",
        datasets=_SECURITY,
        concept="security.documented_policy",
        note=SECURITY_NOTE + " " + _THIRD_PARTY,
    ),
    NativeIndicator(
        code="E_BDA",
        label="Enterprises analysing big data from any data source",
        datasets=_BIG_DATA,
        concept="data.big_data",
        note="Surveys 2016 to 2020 only. " + _THIRD_PARTY,
    ),
    NativeIndicator(
        code="E_ERP1",
        label="Enterprises using an ERP software package to share information between functional areas",
        datasets=_IIP,
        concept="software.erp",
        note=_THIRD_PARTY,
    ),
    NativeIndicator(
        code="E_IOT1",
        label="Enterprises using interconnected devices or systems monitored or remotely controlled via the internet",
        datasets=_IOT,
        concept="iot.any_use",
        note="Surveys 2020 and 2021 only. " + _THIRD_PARTY,
    ),
    NativeIndicator(
        code="E_DI3_GELO",
        label="Enterprises with at least a basic level of digital intensity (index version 3)",
        datasets=_DII,
        concept="digital_intensity.basic",
        note=DII_NOTE + " " + _THIRD_PARTY,
    ),
    NativeIndicator(
        code="E_DI4_GELO",
        label="Enterprises with at least a basic level of digital intensity (index version 4)",
        datasets=_DII,
        concept="digital_intensity.basic",
        note=DII_NOTE + " " + _THIRD_PARTY,
    ),
)

_BY_CODE: dict[str, NativeIndicator] = {i.code: i for i in INDICATORS}


def native_indicator(code: str) -> NativeIndicator | None:
    """The catalogue entry of an ``indic_is`` code, or ``None``."""
    return _BY_CODE.get(code.strip().upper())


def concept_of(code: str) -> str | None:
    """The concept an ``indic_is`` code maps to, in any dataset, or ``None``."""
    ind = _BY_CODE.get(code)
    return ind.concept if ind else None


def indicators_for(concepts: Iterable[str], dataset: str) -> list[str]:
    """The catalogued codes of ``dataset`` that map to any of ``concepts``."""
    wanted = set(concepts)
    return [i.code for i in INDICATORS if i.concept in wanted and dataset in i.datasets]


def indicators(population: str) -> list[Indicator]:
    """The catalogue as :class:`adoptstats.Indicator` records, once per dataset."""
    out: list[Indicator] = []
    for ind in INDICATORS:
        for ds in ind.datasets:
            out.append(
                Indicator(
                    code=ind.code,
                    label=ind.label,
                    concept=ind.concept,
                    match=ind.match,
                    note=ind.note,
                    dataset=ds,
                    unit="percent",
                    population=population,
                )
            )
    return out
