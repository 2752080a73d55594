"""Harmonised adoption concepts and the mapping of native indicators onto them.

A *concept* is what a figure means independently of who measured it
(``social_media.customer_acquisition``).  Each source maps its native indicators to
concepts with a match level: ``same`` (the same question), ``close`` (a narrower or
broader wording of it) or ``related`` (about the same thing but not comparable as a
level).  Plugins may contribute concepts through the ``adoptstats_register_concepts``
hook.

>>> from adoptstats import get_concept
>>> get_concept("social_media.any_use").label
'Uses any social media'
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import attrs

from adoptstats.errors import RecordError, UnknownConceptError
from adoptstats.records import MATCH_LEVELS, UNITS

__all__ = [
    "CORE_CONCEPTS",
    "Concept",
    "ConceptMapping",
    "get_concept",
    "list_concepts",
    "register_concept",
]

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def _check_name(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _NAME_RE.match(value):
        raise RecordError(f"{type(inst).__name__}.{attribute.name}: {value!r} must look like 'area.name'")


def _check_text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"{type(inst).__name__}.{attribute.name}: must be a non-empty string (got {value!r})")


@attrs.frozen(kw_only=True)
class Concept:
    """A harmonised adoption concept with its definition."""

    name: str = attrs.field(validator=_check_name)
    label: str = attrs.field(validator=_check_text)
    definition: str = attrs.field(validator=_check_text)
    unit: str = attrs.field(default="percent", validator=attrs.validators.in_(UNITS))
    contributed_by: str = attrs.field(default="adoptstats")

    @property
    def area(self) -> str:
        """The concept's area: the part before the first dot (``social_media``)."""
        return self.name.split(".", 1)[0]


@attrs.frozen(kw_only=True)
class ConceptMapping:
    """How a source's native indicator maps onto a concept."""

    source: str = attrs.field(validator=_check_text)
    indicator: str = attrs.field(validator=_check_text)
    concept: str = attrs.field(validator=_check_name)
    match: str = attrs.field(default="same", validator=attrs.validators.in_(MATCH_LEVELS))
    note: str | None = None


#: The core vocabulary.
CORE_CONCEPTS: tuple[Concept, ...] = (
    Concept(
        name="social_media.any_use",
        label="Uses any social media",
        definition=(
            "Share of units (enterprises, or respondents) that use at least one type of social media for business: "
            "social networks, blogs or microblogs, multimedia content sharing websites or wiki-based knowledge "
            "sharing tools. A user account or a paid presence counts; private use by staff does not."
        ),
    ),
    Concept(
        name="social_media.social_networks",
        label="Uses social networks",
        definition=(
            "Share of units that use social networks (Facebook, LinkedIn, Xing, Viadeo and the like) for business, "
            "whatever the purpose."
        ),
    ),
    Concept(
        name="social_media.blogs",
        label="Uses blogs or microblogs",
        definition="Share of units that use an enterprise blog or microblog (for example X, formerly Twitter).",
    ),
    Concept(
        name="social_media.content_sharing",
        label="Uses multimedia content sharing websites",
        definition="Share of units that use multimedia content sharing websites (YouTube, Flickr, Instagram ...).",
    ),
    Concept(
        name="social_media.wiki",
        label="Uses wiki-based knowledge sharing tools",
        definition="Share of units that use wiki-based knowledge sharing tools.",
    ),
    Concept(
        name="social_media.customer_acquisition",
        label="Wins new customers through social media",
        definition=(
            "Share of units that say they have successfully used social networks or other social media to find or "
            "win new customers. A statement of success, not merely of use for marketing."
        ),
    ),
    Concept(
        name="social_media.marketing_budget",
        label="Devotes marketing budget to social media",
        definition=(
            "Share of units that set aside part of their marketing budget specifically for social networking or "
            "other social media activity."
        ),
    ),
    Concept(
        name="social_media.customer_engagement",
        label="Uses social media to engage existing customers",
        definition=(
            "Share of units that use social media to inform, connect with or collect opinions from existing customers."
        ),
    ),
    Concept(
        name="social_media.image_marketing",
        label="Uses social media to develop its image or market products",
        definition="Share of units that use social media to develop their image or to market goods or services.",
    ),
    Concept(
        name="social_media.recruitment",
        label="Uses social media to recruit",
        definition="Share of units that use social media to recruit employees.",
    ),
    Concept(
        name="web.website",
        label="Has a website",
        definition="Share of units that have a website of their own.",
    ),
    Concept(
        name="web.paid_advertising",
        label="Pays to advertise on the internet",
        definition="Share of units that pay to advertise on the internet, including on social media.",
    ),
    Concept(
        name="ecommerce.web_sales",
        label="Makes electronic sales",
        definition=(
            "Share of units that made electronic sales (through websites, apps, marketplaces or EDI-type messages) "
            "during the reference year."
        ),
    ),
    Concept(
        name="cloud.any_use",
        label="Buys cloud computing services",
        definition="Share of units that buy cloud computing services used over the internet.",
    ),
    Concept(
        name="ai.any_use",
        label="Uses artificial intelligence",
        definition="Share of units that use at least one artificial-intelligence technology.",
    ),
)

_VOCABULARY: dict[str, Concept] = {c.name: c for c in CORE_CONCEPTS}


def register_concept(concept: Concept) -> None:
    """Add a concept to the vocabulary; registering the same concept twice is a no-op.

    :raises RecordError: when a different concept is already registered under the name.
    """
    if not isinstance(concept, Concept):
        raise RecordError(f"register_concept: expected a Concept, got {type(concept).__name__}")
    existing = _VOCABULARY.get(concept.name)
    if existing is not None and attrs.evolve(existing, contributed_by=concept.contributed_by) != concept:
        raise RecordError(
            f"concept {concept.name!r} is already defined by {existing.contributed_by}; "
            f"{concept.contributed_by} defines it differently"
        )
    _VOCABULARY.setdefault(concept.name, concept)


def get_concept(name: str) -> Concept:
    """The concept of this name.

    :raises UnknownConceptError: with close matches when the name is unknown.
    """
    try:
        return _VOCABULARY[name]
    except (KeyError, TypeError):
        suggestions = difflib.get_close_matches(str(name), list(_VOCABULARY), n=3, cutoff=0.6)
        raise UnknownConceptError(str(name), suggestions) from None


def list_concepts() -> list[Concept]:
    """Every concept in the vocabulary (core and contributed by loaded plugins), sorted by name."""
    return [_VOCABULARY[k] for k in sorted(_VOCABULARY)]
