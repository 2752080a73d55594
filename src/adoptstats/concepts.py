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

import contextlib
import contextvars
import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from adoptstats.errors import RecordError, UnknownConceptError
from adoptstats.i18n import marked, tr
from adoptstats.records import MATCH_LEVELS, UNITS

__all__ = [
    "CORE_CONCEPTS",
    "Concept",
    "ConceptMapping",
    "Vocabulary",
    "current_vocabulary",
    "get_concept",
    "list_concepts",
    "register_concept",
    "set_default_vocabulary",
    "using_vocabulary",
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

    def label_in(self, lang: str) -> str:
        """The label in ``lang``, from the core catalogues or the contributing plugin's."""
        return tr(self.label, lang)

    def definition_in(self, lang: str) -> str:
        """The definition in ``lang``, from the core catalogues or the contributing plugin's."""
        return tr(self.definition, lang)

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
        label=marked("Uses any social media"),
        definition=marked(
            "Share of units (enterprises, or respondents) that use at least one type of social media for business: "
            "social networks, blogs or microblogs, multimedia content sharing websites or wiki-based knowledge "
            "sharing tools. A user account or a paid presence counts; private use by staff does not."
        ),
    ),
    Concept(
        name="social_media.social_networks",
        label=marked("Uses social networks"),
        definition=marked(
            "Share of units that use social networks (Facebook, LinkedIn, Xing, Viadeo and the like) for business, "
            "whatever the purpose."
        ),
    ),
    Concept(
        name="social_media.blogs",
        label=marked("Uses blogs or microblogs"),
        definition=marked("Share of units that use an enterprise blog or microblog (for example X, formerly Twitter)."),
    ),
    Concept(
        name="social_media.content_sharing",
        label=marked("Uses multimedia content sharing websites"),
        definition=marked(
            "Share of units that use multimedia content sharing websites (YouTube, Flickr, Instagram ...)."
        ),
    ),
    Concept(
        name="social_media.wiki",
        label=marked("Uses wiki-based knowledge sharing tools"),
        definition=marked("Share of units that use wiki-based knowledge sharing tools."),
    ),
    Concept(
        name="social_media.customer_acquisition",
        label=marked("Wins new customers through social media"),
        definition=marked(
            "Share of units that say they have successfully used social networks or other social media to find or "
            "win new customers. A statement of success, not merely of use for marketing."
        ),
    ),
    Concept(
        name="social_media.marketing_budget",
        label=marked("Devotes marketing budget to social media"),
        definition=marked(
            "Share of units that set aside part of their marketing budget specifically for social networking or "
            "other social media activity."
        ),
    ),
    Concept(
        name="social_media.customer_engagement",
        label=marked("Uses social media to engage existing customers"),
        definition=marked(
            "Share of units that use social media to inform, connect with or collect opinions from existing customers."
        ),
    ),
    Concept(
        name="social_media.image_marketing",
        label=marked("Uses social media to develop its image or market products"),
        definition=marked(
            "Share of units that use social media to develop their image or to market goods or services."
        ),
    ),
    Concept(
        name="social_media.recruitment",
        label=marked("Uses social media to recruit"),
        definition=marked("Share of units that use social media to recruit employees."),
    ),
    Concept(
        name="web.website",
        label=marked("Has a website"),
        definition=marked("Share of units that have a website of their own."),
    ),
    Concept(
        name="web.paid_advertising",
        label=marked("Pays to advertise on the internet"),
        definition=marked("Share of units that pay to advertise on the internet, including on social media."),
    ),
    Concept(
        name="ecommerce.web_sales",
        label=marked("Makes electronic sales"),
        definition=marked(
            "Share of units that made electronic sales (through websites, apps, marketplaces or EDI-type messages) "
            "during the reference year."
        ),
    ),
    Concept(
        name="ecommerce.significant_web_sales",
        label=marked("Makes at least 1% of turnover from e-commerce sales"),
        definition=marked(
            "Share of units whose electronic sales (websites, apps, marketplaces or EDI-type messages) reached at "
            "least 1% of their total turnover during the reference year. A narrower question than any e-commerce "
            "sales: units with smaller e-sales do not count."
        ),
    ),
    Concept(
        name="ecommerce.turnover_share",
        label=marked("Share of turnover from e-commerce sales"),
        definition=marked(
            "Electronic sales as a percentage of the total turnover of all units in the population (not a share of "
            "units): how much of what they sell is sold online, during the reference year."
        ),
    ),
    Concept(
        name="cloud.any_use",
        label=marked("Buys cloud computing services"),
        definition=marked("Share of units that buy cloud computing services used over the internet."),
    ),
    Concept(
        name="ai.any_use",
        label=marked("Uses artificial intelligence"),
        definition=marked("Share of units that use at least one artificial-intelligence technology."),
    ),
    Concept(
        name="security.any_measure",
        label=marked("Uses at least one ICT security measure"),
        definition=marked(
            "Share of units that use at least one measure to ensure the integrity, availability and "
            "confidentiality of their data and ICT systems (strong passwords, backups, access control, encryption, "
            "VPN, logs, risk assessment, security tests and the like). The list of measures asked about changes "
            "between survey waves."
        ),
    ),
    Concept(
        name="security.documented_policy",
        label=marked("Has documents on ICT security"),
        definition=marked(
            "Share of units that have one or more documents on measures, practices or procedures on ICT security "
            "(a written ICT security policy or its equivalent)."
        ),
    ),
    Concept(
        name="data.big_data",
        label=marked("Analyses big data"),
        definition=marked(
            "Share of units that analyse big data (large, varied, fast-changing data from any source: their own "
            "records, smart devices or sensors, geolocation, social media ...), by their own staff or an outside "
            "provider."
        ),
    ),
    Concept(
        name="software.erp",
        label=marked("Uses ERP software"),
        definition=marked(
            "Share of units that use an enterprise resource planning (ERP) software package to share information "
            "between different functional areas (accounting, planning, production, marketing ...)."
        ),
    ),
    Concept(
        name="software.crm",
        label=marked("Uses CRM software"),
        definition=marked(
            "Share of units that use customer relationship management (CRM) software to collect, store and make "
            "available information about their customers to other business functions."
        ),
    ),
    Concept(
        name="broadband.gigabit",
        label=marked("Has an internet connection of at least 1 Gbit/s"),
        definition=marked(
            "Share of units whose fastest fixed internet connection has a contracted maximum download speed of at "
            "least 1 Gbit/s."
        ),
    ),
    Concept(
        name="iot.any_use",
        label=marked("Uses the Internet of Things"),
        definition=marked(
            "Share of units that use interconnected devices or systems that can be monitored or remotely controlled "
            "via the internet (smart meters, sensors, RFID or IP tags and the like)."
        ),
    ),
    Concept(
        name="digital_intensity.basic",
        label=marked("Reaches at least a basic level of digital intensity"),
        definition=marked(
            "Share of units that use at least 4 of the 12 technologies counted by the Digital Intensity Index of "
            "the survey year. The technologies counted change between survey years (index versions), so levels "
            "of different years are not one series."
        ),
    ),
)


class Vocabulary:
    """A set of concepts by name: the core ones plus those registered into it.

    Each :class:`~adoptstats.Registry` holds its own vocabulary (the core concepts and
    those its plugins contribute), so a plugin that fails takes its concepts with it
    and a fresh registry never sees another registry's concepts.
    """

    def __init__(self, concepts: Iterable[Concept] = CORE_CONCEPTS) -> None:
        self._concepts: dict[str, Concept] = {}
        for concept in concepts:
            self.register(concept)

    def register(self, concept: Concept) -> None:
        """Add a concept; registering the same concept again is a no-op.

        :raises RecordError: when a different concept is already registered under the
            name; the message names the fields that differ.
        """
        if isinstance(concept, type) and issubclass(concept, Concept):
            raise RecordError("register_concept: got the Concept class itself; build one with Concept(name=..., ...)")
        if not isinstance(concept, Concept):
            raise RecordError(f"register_concept: expected a Concept, got {type(concept).__name__}")
        existing = self._concepts.get(concept.name)
        if existing is None:
            self._concepts[concept.name] = concept
            return
        differ = [
            f.name
            for f in attrs.fields(Concept)
            if f.name != "contributed_by" and getattr(existing, f.name) != getattr(concept, f.name)
        ]
        if differ:
            field = differ[0]
            raise RecordError(
                f"concept {concept.name!r} is already defined by {existing.contributed_by}; "
                f"{concept.contributed_by} defines it differently: {', '.join(differ)} differ "
                f"({field} {getattr(existing, field)!r} there, {getattr(concept, field)!r} here). "
                "Map your indicator onto the existing concept (with a 'close' or 'related' match level "
                "when it is not the same question) or choose another name"
            )

    def get(self, name: str) -> Concept:
        """The concept of this name.

        :raises UnknownConceptError: with close matches when the name is unknown.
        """
        try:
            return self._concepts[name]
        except (KeyError, TypeError):
            raise UnknownConceptError(str(name), self.suggest(str(name))) from None

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Known concept names close to ``name`` (a misspelling, or the right name in another area)."""
        names = list(self._concepts)
        close = difflib.get_close_matches(name, names, n=n, cutoff=0.6)
        if not close and "." in name:  # the right name in the wrong area: social_media.website
            tail = name.split(".", 1)[1]
            close = difflib.get_close_matches(tail, [k.split(".", 1)[1] for k in names], n=n, cutoff=0.75)
            close = [k for k in names if k.split(".", 1)[1] in close][:n]
        return close

    def concepts(self) -> list[Concept]:
        """Every concept, sorted by name."""
        return [self._concepts[k] for k in sorted(self._concepts)]

    def __contains__(self, name: object) -> bool:
        return name in self._concepts

    def __len__(self) -> int:
        return len(self._concepts)

    def copy(self) -> Vocabulary:
        """An independent copy."""
        twin = Vocabulary(())
        twin._concepts = dict(self._concepts)
        return twin

    def __repr__(self) -> str:
        return f"<Vocabulary of {len(self)} concepts>"


_ACTIVE: contextvars.ContextVar[Vocabulary | None] = contextvars.ContextVar("adoptstats_vocabulary", default=None)
_PROVIDER: list[Callable[[], Vocabulary]] = []


def set_default_vocabulary(provider: Callable[[], Vocabulary]) -> None:
    """Name the function giving the default vocabulary (the default registry's; set by :mod:`adoptstats.registry`)."""
    _PROVIDER[:] = [provider]


@contextlib.contextmanager
def using_vocabulary(vocabulary: Vocabulary) -> Iterator[Vocabulary]:
    """Resolve concepts against ``vocabulary`` while the block runs (in this thread or task).

    A registry uses it while its plugins register and while its sources fetch, so that a
    plugin calling :func:`get_concept` sees the registry it belongs to.
    """
    token = _ACTIVE.set(vocabulary)
    try:
        yield vocabulary
    finally:
        _ACTIVE.reset(token)


def current_vocabulary() -> Vocabulary:
    """The vocabulary concepts resolve against: the active registry's, else the default registry's.

    The default registry loads the installed plugins on first use, so their concepts are
    always known.
    """
    active = _ACTIVE.get()
    if active is not None:
        return active
    if _PROVIDER:
        return _PROVIDER[0]()
    return Vocabulary()


def register_concept(concept: Concept) -> None:
    """Add a concept to the current vocabulary (the default registry's); the same concept twice is a no-op.

    A rebuilt registry (:func:`adoptstats.refresh`) starts again from the core concepts
    and its plugins' own; plugins contribute concepts through the
    ``adoptstats_register_concepts`` hook.

    :raises RecordError: when a different concept is already registered under the name.
    """
    current_vocabulary().register(concept)


def get_concept(name: str) -> Concept:
    """The concept of this name, core or contributed by an installed plugin.

    :raises UnknownConceptError: with close matches when the name is unknown.
    """
    return current_vocabulary().get(name)


def list_concepts() -> list[Concept]:
    """Every concept in the vocabulary (core and contributed by loaded plugins), sorted by name."""
    return current_vocabulary().concepts()
