"""The dataflow's structure (SDMX-ML 2.1) and availability: every measure and status, with its label.

:func:`read_structure` reads the answer to
``/dataflow/OECD.STI.DEP/DSD_ICT_B@DF_BUSINESSES/1.0?references=all``: the codelist behind a
dimension or attribute is found through the data structure's ``Enumeration`` reference, and
each code's English name is taken. :func:`read_availability` reads the answer to
``/availableconstraint/{dataflow}/all/all/MEASURE``: the measure codes that have data.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from adoptstats import FormatError

__all__ = ["read_availability", "read_structure"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _parse(body: bytes, what: str) -> ET.Element:
    if b"<!DOCTYPE" in body[:2048] or b"<!ENTITY" in body[:65536]:
        raise FormatError(f"the OECD {what} declares a DTD or entities, which adoptstats does not read")
    try:
        return ET.fromstring(body)
    except ET.ParseError as exc:
        raise FormatError(f"the OECD {what} is not well-formed XML: {exc}") from None


def _name(element: ET.Element) -> str:
    names = element.findall("{*}Name")
    english = [n for n in names if n.get(_XML_LANG) == "en"] or names
    return (english[0].text or "").strip() if english else ""


def read_structure(body: bytes) -> dict[str, dict[str, str]]:
    """Component id (``MEASURE``, ``OBS_STATUS`` ...) → ``{code: English name}`` from an SDMX-ML structure.

    :raises FormatError: for a body that is not SDMX-ML or has no data structure.
    """
    root = _parse(body, "structure")
    codelists = {
        (cl.get("agencyID", ""), cl.get("id", "")): {c.get("id", ""): _name(c) for c in cl.findall("{*}Code")}
        for cl in root.iter()
        if cl.tag.endswith("}Codelist")
    }
    by_id = {cl_id: codes for (_, cl_id), codes in codelists.items()}
    components: dict[str, dict[str, str]] = {}
    for tag in ("Dimension", "Attribute"):
        for component in root.iter():
            if not component.tag.endswith("}" + tag):
                continue
            ref = component.find("{*}LocalRepresentation/{*}Enumeration/{*}Ref")
            if ref is None or not component.get("id"):
                continue
            codes = codelists.get((ref.get("agencyID", ""), ref.get("id", ""))) or by_id.get(ref.get("id", ""))
            if codes is not None:
                components[str(component.get("id"))] = codes
    if not components:
        raise FormatError("the OECD structure holds no data structure with coded dimensions (is it SDMX-ML 2.1?)")
    return components


def read_availability(body: bytes, dimension: str = "MEASURE") -> set[str]:
    """The codes of ``dimension`` that have data, from an SDMX-ML availability (content constraint) answer."""
    root = _parse(body, "availability answer")
    return {
        (value.text or "").strip()
        for key in root.iter()
        if key.tag.endswith("}KeyValue") and key.get("id") == dimension
        for value in key.findall("{*}Value")
        if (value.text or "").strip()
    }
