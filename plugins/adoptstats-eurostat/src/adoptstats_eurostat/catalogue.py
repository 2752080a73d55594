"""The adoption datasets of Eurostat's "ICT usage in enterprises" survey, their indicators and concepts.

This is a curated list, not a mirror of Eurostat: the datasets that answer "how many
enterprises use X" for the technologies adoptstats compares, each native ``indic_is`` code
mapped to an adoptstats concept with a match level and a note. Any other Eurostat dataset
can still be fetched by code; :func:`parse_toc` reads Eurostat's full table of contents
for searching.

Codes and titles come from Eurostat's table of contents (July 2025) and from code that
queries these datasets (``docs/sources/eurostat.md``, "Datasets and indicators"). Datasets come in pairs: ``<code>`` by
size class of enterprise and ``<code>n2`` by NACE Rev. 2 activity.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable

import attrs
import pandas as pd

from adoptstats import FormatError, Indicator

__all__ = [
    "DATASETS",
    "DEFAULT_ACTIVITY",
    "DEFAULT_SIZE",
    "INDICATORS",
    "TOC_COLUMNS",
    "DatasetInfo",
    "NativeIndicator",
    "dataset_info",
    "indicators_for",
    "parse_toc",
    "search_toc",
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


@attrs.frozen(kw_only=True)
class NativeIndicator:
    """An ``indic_is`` code with its concept mapping, valid in every dataset of ``datasets``."""

    code: str
    label: str
    datasets: tuple[str, ...]
    concept: str | None = None
    match: str = "same"
    note: str | None = None


_E_COMMERCE_NOTE = (
    "E-commerce sales refer to the calendar year before the survey year; the period is Eurostat's "
    "time code, which is the survey year."
)

_SECURITY_NOTE = (
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
_DII_NOTE = (
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
            note=_E_COMMERCE_NOTE,
        ),
        DatasetInfo(
            code="isoc_ec_eseln2",
            title="E-commerce sales of enterprises by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_ec_esels",
            topic="e-commerce",
            start=2009,
            note=_E_COMMERCE_NOTE,
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
            note=_E_COMMERCE_NOTE,
        ),
        DatasetInfo(
            code="isoc_ec_evaln2",
            title="Value of e-commerce sales by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_ec_evals",
            topic="e-commerce",
            start=2009,
            default_unit="PC_TURN",
            note=_E_COMMERCE_NOTE,
        ),
        DatasetInfo(
            code="isoc_cisce_ra",
            title="Security policy, measures, risks and staff awareness by size class of enterprise",
            by="size",
            twin="isoc_cisce_ran2",
            topic="ICT security",
            start=2010,
            note=_SECURITY_NOTE,
        ),
        DatasetInfo(
            code="isoc_cisce_ran2",
            title="Security policy, measures, risks and staff awareness by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_cisce_ra",
            topic="ICT security",
            start=2010,
            note=_SECURITY_NOTE,
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
            note=_DII_NOTE,
        ),
        DatasetInfo(
            code="isoc_e_diin2",
            title="Digital Intensity by NACE Rev. 2 activity",
            by="activity",
            twin="isoc_e_dii",
            topic="digital intensity",
            start=2015,
            note=_DII_NOTE,
        ),
    )
}

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
        note=_E_COMMERCE_NOTE,
    ),
    NativeIndicator(
        code="E_AESELL",
        label="Enterprises with e-commerce sales of at least 1% of turnover",
        datasets=_ESALES,
        concept="ecommerce.significant_web_sales",
        note=(
            "Only enterprises whose e-sales reach 1% of turnover count: a different indicator from any e-sales "
            "(E_ESELL). " + _E_COMMERCE_NOTE
        ),
    ),
    NativeIndicator(
        code="E_ETURN",
        label="Enterprises' turnover from e-commerce sales",
        datasets=_EVAL,
        concept="ecommerce.turnover_share",
        note="Unit PC_TURN: a share of the total turnover of all enterprises, not a share of enterprises. "
        + _E_COMMERCE_NOTE,
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
        note=_SECURITY_NOTE + " " + _THIRD_PARTY,
    ),
    NativeIndicator(
        code="E_SECPOL2",
        label="Enterprises having documents on measures, practices or procedures on ICT security",
        datasets=_SECURITY,
        concept="security.documented_policy",
        note=_SECURITY_NOTE + " " + _THIRD_PARTY,
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
        note=_DII_NOTE + " " + _THIRD_PARTY,
    ),
    NativeIndicator(
        code="E_DI4_GELO",
        label="Enterprises with at least a basic level of digital intensity (index version 4)",
        datasets=_DII,
        concept="digital_intensity.basic",
        note=_DII_NOTE + " " + _THIRD_PARTY,
    ),
)

_BY_CODE: dict[str, NativeIndicator] = {i.code: i for i in INDICATORS}


def dataset_info(code: str) -> DatasetInfo | None:
    """The catalogue entry of a dataset code (any case), or ``None`` for a dataset outside the catalogue."""
    return DATASETS.get(code.strip().lower())


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


# --------------------------------------------------------------------------------------------
# table of contents

#: Columns of :func:`parse_toc`.
TOC_COLUMNS = (
    "code",
    "title",
    "type",
    "last_update",
    "last_structure_change",
    "data_start",
    "data_end",
    "values",
    "level",
    "folder",
)
_TOC_HEADER = (
    "title",
    "code",
    "type",
    "last update of data",
    "last table structure change",
    "data start",
    "data end",
    "values",
)


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
    except ValueError:
        return None


def parse_toc(data: bytes | str) -> pd.DataFrame:
    """Read Eurostat's table of contents (``/catalogue/toc/txt``) into a frame, one row per code.

    The text is tab-separated with quoted values; the hierarchy is written as four leading
    spaces per level inside the title. Rows are deduplicated by code (a dataset can sit in
    several folders; the first place wins). Columns: :data:`TOC_COLUMNS` (``folder`` is the
    title of the enclosing folder, dates are :class:`datetime.date`).

    :raises FormatError: when the header is not the one Eurostat writes.
    """
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"')
    try:
        header = next(reader)
    except StopIteration:
        raise FormatError("Eurostat table of contents: the text is empty") from None
    names = tuple(h.strip().lower() for h in header)
    if names[: len(_TOC_HEADER)] != _TOC_HEADER:
        raise FormatError(
            f"Eurostat table of contents: unexpected header {list(header)[:8]!r}; expected {list(_TOC_HEADER)!r}"
        )
    rows: list[tuple[object, ...]] = []
    seen: set[str] = set()
    folders: list[str] = []
    for line_no, row in enumerate(reader, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) < 3:
            raise FormatError(f"Eurostat table of contents, line {line_no}: {len(row)} fields, expected 8")
        row = row + [""] * (8 - len(row))
        raw_title, code, kind = row[0], row[1].strip(), row[2].strip()
        level = (len(raw_title) - len(raw_title.lstrip(" "))) // 4
        title = " ".join(raw_title.split())
        del folders[level:]
        parent = next((f for f in reversed(folders) if f), None)
        if kind == "folder":
            folders.extend([""] * (level - len(folders)))
            folders.append(title)
        if not code or code in seen:
            continue
        seen.add(code)
        values = row[7].strip()
        rows.append(
            (
                code,
                title,
                kind,
                _date(row[3]),
                _date(row[4]),
                row[5].strip() or None,
                row[6].strip() or None,
                int(values) if values.isdigit() else None,
                level,
                parent or None,
            )
        )
    frame = pd.DataFrame(rows, columns=list(TOC_COLUMNS))
    frame["values"] = frame["values"].astype("Int64")
    frame["level"] = frame["level"].astype("int64")
    return frame


def search_toc(toc: pd.DataFrame, text: str, *, types: Iterable[str] = ("dataset", "table")) -> pd.DataFrame:
    """Rows of a parsed table of contents whose title or code holds every word of ``text`` (any case).

    Catalogued adoption datasets come first, then the rest in table-of-contents order.
    """
    words = [w for w in re.split(r"\s+", text.strip().lower()) if w]
    kinds = set(types)
    mask = toc["type"].isin(kinds) if kinds else pd.Series(True, index=toc.index)
    haystack = (toc["title"].astype(str) + " " + toc["code"].astype(str)).str.lower()
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    found = toc[mask].copy()
    found["catalogued"] = found["code"].isin(list(DATASETS))
    return found.sort_values("catalogued", ascending=False, kind="stable").reset_index(drop=True)
