"""The adoption datasets of Eurostat's "ICT usage in enterprises" survey: codes, titles, pairs and notes.

A curated list, not a mirror of Eurostat: the datasets that answer "how many enterprises
use X" for the technologies adoptstats compares. Any other Eurostat dataset can still be
fetched by code. Codes and titles come from Eurostat's table of contents (July 2025).
Datasets come in pairs: ``<code>`` by size class of enterprise and ``<code>n2`` by NACE
Rev. 2 activity. The indicators of these datasets are in :mod:`adoptstats_eurostat.indicators`.
"""

from __future__ import annotations

import attrs

__all__ = [
    "DATASETS",
    "DEFAULT_ACTIVITY",
    "DEFAULT_SIZE",
    "DII_NOTE",
    "E_COMMERCE_NOTE",
    "SECURITY_NOTE",
    "DatasetInfo",
    "dataset_info",
]

#: Default size class: enterprises with 10 or more persons employed (the survey's scope).
DEFAULT_SIZE = "GE10"
#: Default activity: all activities covered by the survey, without the financial sector.
DEFAULT_ACTIVITY = "C10-S951_X_K"


@attrs.frozen(kw_only=True)
class DatasetInfo:
    """One dataset of the catalogue."""

    code: str
    title: str
    #: ``"size"``: broken down by size class (``size_emp``); ``"activity"``: by NACE activity.
    by: str
    #: The other dataset of the pair (size ↔ activity).
    twin: str
    topic: str
    #: First survey year with data (from Eurostat's table of contents, July 2025).
    start: int
    default_unit: str = "PC_ENT"
    note: str | None = None

    @property
    def page(self) -> str:
        """The dataset's page in Eurostat's data browser."""
        return f"https://ec.europa.eu/eurostat/databrowser/view/{self.code}/default/table"

    @property
    def doi(self) -> str:
        """The dataset's DOI (Eurostat gives every dataset one of the form 10.2908/CODE)."""
        return f"https://doi.org/10.2908/{self.code.upper()}"


#: Caveat of the e-commerce datasets and indicators: sales refer to the year before the survey.
E_COMMERCE_NOTE = (
    "E-commerce sales refer to the calendar year before the survey year; the period is Eurostat's "
    "time code, which is the survey year."
)

#: Caveat of the ICT security datasets and indicators: the questions changed between waves.
SECURITY_NOTE = (
    "The list of security measures asked about changed between the 2019, 2022 and 2024 survey waves; "
    "incidents refer to the year before the survey."
)
_IIP_NOTE = (
    "The CRM indicator codes of this dataset are not catalogued: fetch them by code after checking the "
    "dataset's codelist."
)
_BROADBAND_NOTE = (
    "Connection speeds are asked as the contracted maximum download speed of the fastest fixed connection; "
    "the indicator codes are not catalogued: fetch them by code after checking the dataset's codelist."
)
#: Caveat of the Digital Intensity Index datasets and indicators: versions are not one series.
DII_NOTE = (
    "The Digital Intensity Index counts 12 technologies chosen anew for each survey: version 3 (E_DI3_*) in "
    "2021, 2023 and 2025, version 4 (E_DI4_*) in 2022 and 2024; levels of different versions are not one series."
)

#: The datasets of the catalogue, by code.
DATASETS: dict[str, DatasetInfo] = {
    d.code: d
    for d in (
        DatasetInfo(
            code="isoc_cismt",
            title="Social media use by type, internet advertising and size class of enterprise",
            by="size",
            twin="isoc_cismtn2",
            topic="social media",
            start=2013,
        ),
        DatasetInfo(
            code="isoc_cismtn2",
            title="Social media use by type, internet advertising and NACE Rev. 2 activity",
            by="activity",
            twin="isoc_cismt",
            topic="social media",
            start=2013,
        ),
        DatasetInfo(
            code="isoc_cismp",
            title="Social media use by purpose and size class of enterprise",
            by="size",
            twin="isoc_cismpn2",
            topic="social media",
            start=2013,
            note=(
                "Purposes are also published in PC_ENT_SM (% of enterprises using social media); ask unit='PC_ENT_SM'."
            ),
        ),
        DatasetInfo(
            code="isoc_cismpn2",
            title="Social media use by purpose and NACE Rev. 2 activity",
            by="activity",
            twin="isoc_cismp",
            topic="social media",
            start=2013,
        ),
        DatasetInfo(
            code="isoc_ciweb",
            title="Websites and functionalities by size class of enterprise",
            by="size",
            twin="isoc_ciwebn2",
            topic="websites",
            start=2010,
        ),
        DatasetInfo(
            code="isoc_ciwebn2",
            title="Websites and functionalities by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_ciweb",
            topic="websites",
            start=2009,
        ),
        DatasetInfo(
            code="isoc_ec_esels",
            title="E-commerce sales of enterprises by size class of enterprise",
            by="size",
            twin="isoc_ec_eseln2",
            topic="e-commerce",
            start=2010,
            note=E_COMMERCE_NOTE,
        ),
        DatasetInfo(
            code="isoc_ec_eseln2",
            title="E-commerce sales of enterprises by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_ec_esels",
            topic="e-commerce",
            start=2009,
            note=E_COMMERCE_NOTE,
        ),
        DatasetInfo(
            code="isoc_cicce_use",
            title="Cloud computing services by size class of enterprise",
            by="size",
            twin="isoc_cicce_usen2",
            topic="cloud computing",
            start=2014,
        ),
        DatasetInfo(
            code="isoc_cicce_usen2",
            title="Cloud computing services by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_cicce_use",
            topic="cloud computing",
            start=2014,
        ),
        DatasetInfo(
            code="isoc_eb_ai",
            title="Artificial intelligence by size class of enterprise",
            by="size",
            twin="isoc_eb_ain2",
            topic="artificial intelligence",
            start=2018,
        ),
        DatasetInfo(
            code="isoc_eb_ain2",
            title="Artificial intelligence by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_eb_ai",
            topic="artificial intelligence",
            start=2018,
        ),
        DatasetInfo(
            code="isoc_ec_evals",
            title="Value of e-commerce sales by size class of enterprise",
            by="size",
            twin="isoc_ec_evaln2",
            topic="e-commerce",
            start=2010,
            default_unit="PC_TURN",
            note=E_COMMERCE_NOTE,
        ),
        DatasetInfo(
            code="isoc_ec_evaln2",
            title="Value of e-commerce sales by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_ec_evals",
            topic="e-commerce",
            start=2009,
            default_unit="PC_TURN",
            note=E_COMMERCE_NOTE,
        ),
        DatasetInfo(
            code="isoc_cisce_ra",
            title="Security policy, measures, risks and staff awareness by size class of enterprise",
            by="size",
            twin="isoc_cisce_ran2",
            topic="ICT security",
            start=2010,
            note=SECURITY_NOTE,
        ),
        DatasetInfo(
            code="isoc_cisce_ran2",
            title="Security policy, measures, risks and staff awareness by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_cisce_ra",
            topic="ICT security",
            start=2010,
            note=SECURITY_NOTE,
        ),
        DatasetInfo(
            code="isoc_eb_bd",
            title="Big data analysis by size class of enterprise",
            by="size",
            twin="isoc_eb_bdn2",
            topic="big data",
            start=2016,
            note=(
                "Discontinued after the 2020 survey; data analytics (isoc_eb_das, from 2023) asks a different question."
            ),
        ),
        DatasetInfo(
            code="isoc_eb_bdn2",
            title="Big data analysis by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_eb_bd",
            topic="big data",
            start=2016,
        ),
        DatasetInfo(
            code="isoc_eb_iip",
            title="Integration of internal processes by size class of enterprise",
            by="size",
            twin="isoc_eb_iipn2",
            topic="business software (ERP, CRM)",
            start=2010,
            note=_IIP_NOTE,
        ),
        DatasetInfo(
            code="isoc_eb_iipn2",
            title="Integration of internal processes by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_eb_iip",
            topic="business software (ERP, CRM)",
            start=2009,
            note=_IIP_NOTE,
        ),
        DatasetInfo(
            code="isoc_ci_it_es",
            title="Type of connections to the internet by size class of enterprise",
            by="size",
            twin="isoc_ci_it_en2",
            topic="broadband",
            start=2010,
            note=_BROADBAND_NOTE,
        ),
        DatasetInfo(
            code="isoc_ci_it_en2",
            title="Type of connections to the internet by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_ci_it_es",
            topic="broadband",
            start=2009,
            note=_BROADBAND_NOTE,
        ),
        DatasetInfo(
            code="isoc_eb_iot",
            title="Internet of Things by size class of enterprise",
            by="size",
            twin="isoc_eb_iotn2",
            topic="Internet of Things",
            start=2020,
        ),
        DatasetInfo(
            code="isoc_eb_iotn2",
            title="Internet of Things by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_eb_iot",
            topic="Internet of Things",
            start=2020,
        ),
        DatasetInfo(
            code="isoc_e_dii",
            title="Digital Intensity by size class of enterprise",
            by="size",
            twin="isoc_e_diin2",
            topic="digital intensity",
            start=2015,
            note=DII_NOTE,
        ),
        DatasetInfo(
            code="isoc_e_diin2",
            title="Digital Intensity by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_e_dii",
            topic="digital intensity",
            start=2015,
            note=DII_NOTE,
        ),
    )
}


def dataset_info(code: str) -> DatasetInfo | None:
    """The catalogue entry of a dataset code (any case), or ``None`` for a dataset outside the catalogue."""
    return DATASETS.get(code.strip().lower())
