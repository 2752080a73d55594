"""The Regus plugin ships catalogues for the concepts it contributes, by the documented convention."""

from __future__ import annotations

from pathlib import Path

import adoptstats
import adoptstats_regus
from adoptstats.i18n import catalogues
from adoptstats.testing import catalogues as checker

PACKAGE = Path(adoptstats_regus.__file__).parent


def test_the_plugin_catalogues_are_complete() -> None:
    assert checker.problems(PACKAGE, "adoptstats_regus", PACKAGE / "locale") == []


def test_contributed_concepts_read_in_every_language() -> None:
    adoptstats.list_sources()  # loads the plugins, which register their catalogues
    assert ("adoptstats_regus", PACKAGE / "locale") in catalogues()
    concept = adoptstats.get_concept("social_media.business_contacts")
    assert concept.contributed_by == "regus"
    labels = {lang: concept.label_in(lang) for lang in ("en", "fr", "nl", "de")}
    assert labels["en"] == "Uses social networks to keep in touch with business contacts"
    assert labels["fr"].startswith("Utilise les réseaux sociaux")
    assert labels["nl"].startswith("Gebruikt sociale netwerken")
    assert labels["de"].startswith("Nutzt soziale Netzwerke")
    for concept in adoptstats_regus.CONTRIBUTED_CONCEPTS:
        assert all(concept.definition_in(lang) != concept.definition for lang in ("fr", "nl", "de"))
