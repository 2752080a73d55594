"""Real figures as rows: the Belgian press reports of the Regus survey of 2010 (see the Regus plugin's data README)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from adoptstats_manual import COLUMN_NAMES

LALIBRE_URL = (
    "https://www.lalibre.be/economie/entreprises-startup/"
    "les-entreprises-belges-sont-a-la-traine-sur-les-reseaux-sociaux-51b8c1c3e4b0de6db9bcca6a"
)
LALIBRE_QUOTE = (
    "tandis que 40 % des entreprises dans le monde utilisent les réseaux sociaux pour trouver de nouveaux clients, "
    "elles ne sont que 27 % à y recourir en Belgique et au Luxembourg"
)
LAVENIR_URL = "https://www.lavenir.net/cnt/8921533"
LAVENIR_QUOTE = "C'est peu comparé à des pays comme le Mexique (52 %), l'Espagne (50 %) ou encore les Pays-Bas (50 %)."
POPULATION = "business people in the Regus global contacts database"


def figure(**changes: str) -> dict[str, str]:
    """La Libre Belgique's 27 % for Belgium-Luxembourg (2010), with ``changes`` applied."""
    row = {
        "geo": "Belgique-Luxembourg",
        "period": "2010",
        "concept": "social_media.customer_acquisition",
        "indicator": "new_customers_via_social_networks",
        "value": "27 %",
        "population": POPULATION,
        "publisher": "La Libre Belgique",
        "url": LALIBRE_URL,
        "quote": LALIBRE_QUOTE,
    }
    row.update(changes)
    return row


def lavenir(geo: str, value: str) -> dict[str, str]:
    """A figure of L'Avenir's article (Mexique 52 %, Espagne 50 %, Pays-Bas 50 %)."""
    return figure(geo=geo, value=value, publisher="L'Avenir", url=LAVENIR_URL, quote=LAVENIR_QUOTE)


def write_csv(path: Path, rows: Iterable[Mapping[str, str]], columns: Iterable[str] = COLUMN_NAMES) -> Path:
    """A CSV manual file with these rows."""
    columns = list(columns)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return path
