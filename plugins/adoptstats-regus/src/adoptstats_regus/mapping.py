"""Native Regus indicators, the concepts they map to, and the concepts this plugin contributes.

Rule used for the mapping:

* an indicator that asks the same question as a core concept maps to it with ``same``;
  a narrower or broader wording gets ``close``; a figure about the same thing that is not
  comparable as a level (a budget *band* rather than "any budget") gets ``related``;
* a share of respondents with no fitting core concept maps to a concept contributed by this
  plugin (``social_media.business_contacts`` ...), with ``same``;
* derived measures get no concept (``None``): the 2010 Activity Index (unit ``index``, whose
  construction the report copies do not show) and the differences the 2011 report states as
  "x% more" (unit ``pp``).  A concept names a share that other surveys could also measure;
  these are Regus's own constructions, so they are selected by ``indicator`` instead.
"""

from __future__ import annotations

from typing import Final

import attrs

from adoptstats import Concept
from adoptstats.i18n import marked

__all__ = [
    "BY_CODE",
    "CONTRIBUTED_CONCEPTS",
    "DATASETS",
    "INDICATORS",
    "POPULATION",
    "RENAMED",
    "UNCLEAR_DATASET",
    "NativeIndicator",
]

#: Who answered: never "enterprises".  Both editions polled the Regus global contacts database.
POPULATION: Final = "business people in the Regus global contacts database"

#: Dataset name per survey edition (``edition`` column of ``figures.csv``).
DATASETS: Final[dict[str, str]] = {
    "2010": "social_success_2010",
    "2011": "social_recovery_2011",
}
#: Dataset of figures whose survey edition the sources leave unclear (flagged ``uncertain``).
UNCLEAR_DATASET: Final = "unclear_edition"


@attrs.frozen(kw_only=True)
class NativeIndicator:
    """One native Regus indicator: its label, unit, concept mapping and the datasets it occurs in."""

    code: str
    label: str
    unit: str
    concept: str | None
    match: str
    note: str
    datasets: tuple[str, ...]


_S10 = DATASETS["2010"]
_S11 = DATASETS["2011"]
_UNCLEAR = UNCLEAR_DATASET

#: Every native indicator, in the order the documentation lists them.
INDICATORS: Final[tuple[NativeIndicator, ...]] = (
    NativeIndicator(
        code="new_customers_via_social_networks",
        label="Has successfully used (business) social networks to find new customers",
        unit="percent",
        concept="social_media.customer_acquisition",
        match="same",
        note=(
            "2010: 'successfully used social networks to find new customers'; 2011: 'We successfully use social "
            "networks to find new customers'. Breakdowns size:small/medium/large (2010) come from the same question."
        ),
        datasets=(_S10, _S11, _UNCLEAR),
    ),
    NativeIndicator(
        code="marketing_budget_devoted_to_social_networking",
        label="Actively devotes (part of its) marketing budget to social networking",
        unit="percent",
        concept="social_media.marketing_budget",
        match="same",
        note=(
            "2010 report 27% worldwide; 2011 report 34% (its sentence 'over two fifths say they do (34%)' is "
            "inconsistent). A 2011 French article gives 66% for 'part of the budget', a conflicting reading."
        ),
        datasets=(_S10, _S11, _UNCLEAR),
    ),
    NativeIndicator(
        code="marketing_budget_up_to_20pct_on_social",
        label="Devotes up to 20% of its marketing budget to social networking",
        unit="percent",
        concept="social_media.marketing_budget",
        match="related",
        note="2011 wording: a budget band, not 'any budget'; not comparable as a level with the 2010 question.",
        datasets=(_S11,),
    ),
    NativeIndicator(
        code="marketing_budget_less_than_10pct_on_social",
        label="Devotes less than 10% of its marketing budget to social networking",
        unit="percent",
        concept="social_media.marketing_budget",
        match="related",
        note="2011, one French article only (eteamsys.com); a budget band.",
        datasets=(_S11,),
    ),
    NativeIndicator(
        code="marketing_budget_more_than_20pct_on_social",
        label="Devotes more than 20% of its marketing budget to social networking",
        unit="percent",
        concept="social_media.marketing_budget",
        match="related",
        note="2011, one French article only (eteamsys.com); a budget band.",
        datasets=(_S11,),
    ),
    NativeIndicator(
        code="use_to_interact_with_inform_existing_customers",
        label="Uses social networks to interact with and inform existing customers",
        unit="percent",
        concept="social_media.customer_engagement",
        match="close",
        note="2011; social networks ('websites such as Twitter and Weibo' in the press), not social media at large.",
        datasets=(_S11,),
    ),
    NativeIndicator(
        code="use_manage_customer_groups",
        label="Uses business social networks to organise, connect with and manage customer groups",
        unit="percent",
        concept="social_media.customer_engagement",
        match="related",
        note="2010; asked among the main uses of business social networks by business people.",
        datasets=(_S10,),
    ),
    NativeIndicator(
        code="use_stay_in_touch_with_business_contacts",
        label="Uses social networks to stay in touch with business contacts",
        unit="percent",
        concept="social_media.business_contacts",
        match="same",
        note="2010; report 58% worldwide, a Singapore article 60%.",
        datasets=(_S10,),
    ),
    NativeIndicator(
        code="use_special_interest_groups",
        label="Uses social networks to get together with special interest groups",
        unit="percent",
        concept="social_media.special_interest_groups",
        match="same",
        note="2010.",
        datasets=(_S10,),
    ),
    NativeIndicator(
        code="use_find_business_information",
        label="Uses social networks to find useful business information",
        unit="percent",
        concept="social_media.business_information",
        match="same",
        note="2010.",
        datasets=(_S10,),
    ),
    NativeIndicator(
        code="used_to_find_new_job",
        label="Has used business social networks to find a new job",
        unit="percent",
        concept="social_media.job_search",
        match="same",
        note="2010; a use by the respondent as a person, not by the firm (not recruitment).",
        datasets=(_S10,),
    ),
    NativeIndicator(
        code="sceptics_never_significant_channel",
        label="Does not believe business social networks will ever be a significant way to reach customers",
        unit="percent",
        concept="social_media.sceptics",
        match="same",
        note="2010; the report's 'hardcore of sceptics'.",
        datasets=(_S10,),
    ),
    NativeIndicator(
        code="impressed_by_audio_video_in_company_profiles",
        label="Was impressed by audio or video presentations in company profiles",
        unit="percent",
        concept="social_media.rich_media_profiles",
        match="same",
        note="2010; Swiss and Portuguese releases only (world 44%).",
        datasets=(_S10,),
    ),
    NativeIndicator(
        code="agree_social_networking_essential_for_success",
        label="Agrees that social networking is an essential activity for success",
        unit="percent",
        concept="social_media.essential_for_success",
        match="same",
        note=(
            "2011; national releases word it as social media 'playing a bigger role in their marketing strategy' or "
            "marketing strategies being unable to succeed without it. Report 74% worldwide, a Hong Kong article 75%."
        ),
        datasets=(_S11,),
    ),
    NativeIndicator(
        code="single_channel_social_campaigns_will_fail",
        label="Believes single-channel social media campaigns fail without other media",
        unit="percent",
        concept="social_media.multichannel_needed",
        match="same",
        note="2011; national releases word it as 'the need for a balance of marketing media'.",
        datasets=(_S11,),
    ),
    NativeIndicator(
        code="encourage_employees_to_join_business_networks",
        label="Encourages employees to join business social networks (LinkedIn, Xing, Viadeo)",
        unit="percent",
        concept="social_media.employee_networking",
        match="same",
        note="2011.",
        datasets=(_S11,),
    ),
    NativeIndicator(
        code="activity_index",
        label="Business Social Networking Activity Index 2010",
        unit="index",
        concept=None,
        match="same",
        note=(
            "Index points, not a percentage, for 14 geographies. How the index is built (base, weights, questions) "
            "is not shown in any report copy; it is a composite, not the new-customer share. No concept: select it "
            "with indicator='activity_index'."
        ),
        datasets=(_S10,),
    ),
    NativeIndicator(
        code="new_customers_change_vs_2010_pp",
        label="Change since 2010 in the share finding new customers through social networks",
        unit="pp",
        concept=None,
        match="same",
        note="2011 report: '7% more companies ... (up from 40% in July 2010)', stored as points. Derived: no concept.",
        datasets=(_S11,),
    ),
    NativeIndicator(
        code="profit_growth_gap_users_vs_nonusers_pp",
        label="Gap in the share with increased profits, social-network prospectors minus others",
        unit="pp",
        concept=None,
        match="same",
        note="2011 report: '5% more companies using social networks to win new business recorded increased profits'.",
        datasets=(_S11,),
    ),
    NativeIndicator(
        code="revenue_growth_gap_users_vs_nonusers_pp",
        label="Gap in the share with increased revenues, social-network prospectors minus others",
        unit="pp",
        concept=None,
        match="same",
        note="2011 report: '6% more achieved increased revenues, compared to those who do not prospect'.",
        datasets=(_S11,),
    ),
)


def _concept(name: str, label: str, definition: str) -> Concept:
    return Concept(name=name, label=label, definition=definition, unit="percent", contributed_by="regus")


#: Concepts this plugin adds to the vocabulary (through ``adoptstats_register_concepts``).
CONTRIBUTED_CONCEPTS: Final[tuple[Concept, ...]] = (
    _concept(
        "social_media.business_contacts",
        marked("Uses social networks to keep in touch with business contacts"),
        marked("Share of respondents who use social networks to stay in touch with business contacts."),
    ),
    _concept(
        "social_media.special_interest_groups",
        marked("Uses social networks to join special interest groups"),
        marked(
            "Share of respondents who use social networks to take part in groups of people with a shared "
            "professional interest, trade or skill."
        ),
    ),
    _concept(
        "social_media.business_information",
        marked("Uses social networks to find business information"),
        marked("Share of respondents who use social networks to find useful business information."),
    ),
    _concept(
        "social_media.job_search",
        marked("Has used social networks to find a job"),
        marked("Share of respondents who have used business social networks to find a new job for themselves."),
    ),
    _concept(
        "social_media.sceptics",
        marked("Doubts social networks will ever be a significant way to reach customers"),
        marked(
            "Share of respondents who do not believe business social networks will ever be a significant method "
            "of reaching customers and prospects."
        ),
    ),
    _concept(
        "social_media.rich_media_profiles",
        marked("Impressed by audio or video in company profiles"),
        marked(
            "Share of respondents who say audio or video presentations in companies' social-network profiles "
            "impressed them."
        ),
    ),
    _concept(
        "social_media.essential_for_success",
        marked("Holds social networking essential for success"),
        marked(
            "Share of respondents who agree that social networking is an essential activity for business or "
            "marketing success."
        ),
    ),
    _concept(
        "social_media.multichannel_needed",
        marked("Holds single-channel social media campaigns bound to fail"),
        marked(
            "Share of respondents who believe that social media campaigns using a single channel will not succeed "
            "unless other media are involved."
        ),
    ),
    _concept(
        "social_media.employee_networking",
        marked("Encourages employees to join business social networks"),
        marked(
            "Share of units that encourage their employees to join business social networks such as LinkedIn, "
            "Xing or Viadeo."
        ),
    ),
)

#: Codes used in the research notes the data came from, and the code each became.
RENAMED: Final[dict[str, str]] = {
    "business_social_networking_activity_index_2010": "activity_index",
    "new_customers_small_companies": "new_customers_via_social_networks (breakdown='size:small')",
    "new_customers_medium_companies": "new_customers_via_social_networks (breakdown='size:medium')",
    "new_customers_large_companies": "new_customers_via_social_networks (breakdown='size:large')",
}

#: The native indicators by code.
BY_CODE: Final[dict[str, NativeIndicator]] = {ind.code: ind for ind in INDICATORS}
