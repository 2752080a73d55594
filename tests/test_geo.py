from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adoptstats import UnknownGeographyError, geo_name, normalize_geo
from adoptstats.geo import composite_parts, is_composite, to_eurostat


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("BE", "BE"),
        ("be", "BE"),
        ("Belgium", "BE"),
        ("Belgique", "BE"),
        ("België", "BE"),
        ("Belgien", "BE"),
        ("Pays-Bas", "NL"),
        ("Nederland", "NL"),
        ("Niederlande", "NL"),
        ("Mexique", "MX"),
        ("Espagne", "ES"),
        ("Spanje", "ES"),
        ("Luxemburg", "LU"),
        ("Belux", "BE+LU"),
        ("BeLux", "BE+LU"),
        ("Belgium-Luxembourg", "BE+LU"),
        ("Belgique-Luxembourg", "BE+LU"),
        ("Belgium and Luxembourg", "BE+LU"),
        ("Benelux", "BE+LU+NL"),
        ("world", "WORLD"),
        ("monde", "WORLD"),
        ("Monde", "WORLD"),
        ("EL", "GR"),
        ("UK", "GB"),
        ("USA", "US"),
        ("GBR", "GB"),
        ("EU27_2020", "EU27_2020"),
        ("lu+be", "BE+LU"),
        ("Belgique + Luxembourg", "BE+LU"),
        ("BE1", "BE1"),
        ("EL30", "GR30"),
        ("  Espagne ", "ES"),
    ],
)
def test_names_and_codes(name: str, code: str) -> None:
    assert normalize_geo(name) == code


def test_unknown_geography_suggests() -> None:
    with pytest.raises(UnknownGeographyError, match="did you mean 'Belgium \\(BE\\)'") as info:
        normalize_geo("Belgum")
    assert info.value.suggestions == ["Belgium (BE)"]
    with pytest.raises(UnknownGeographyError, match="Atlantis"):
        normalize_geo("Atlantis")
    with pytest.raises(UnknownGeographyError):
        normalize_geo("")


@pytest.mark.parametrize(
    ("code", "lang", "name"),
    [
        ("BE+LU", "en", "Belgium-Luxembourg"),
        ("BE+LU", "fr", "Belgique-Luxembourg"),
        ("BE+LU", "nl", "België-Luxemburg"),
        ("NL", "fr", "Pays-Bas"),
        ("MX", "de", "Mexiko"),
        ("WORLD", "fr", "Monde"),
        ("GR", "en", "Greece"),
        ("ES+PT", "en", "Spain + Portugal"),
    ],
)
def test_geo_name(code: str, lang: str, name: str) -> None:
    assert geo_name(code, lang) == name


def test_geo_name_bad_language() -> None:
    with pytest.raises(ValueError, match="language"):
        geo_name("BE", "it")


def test_composites_and_eurostat_codes() -> None:
    assert is_composite("BE+LU") and not is_composite("BE")
    assert composite_parts("BE+LU") == ("BE", "LU")
    assert to_eurostat("GR") == "EL" and to_eurostat("GB") == "UK" and to_eurostat("GR30") == "EL30"
    assert to_eurostat("BE") == "BE"


_NAMES = st.sampled_from(
    ["BE", "Belgique", "België", "Belux", "EL", "UK", "world", "Pays-Bas", "EU27_2020", "LU+BE", "Benelux", "Mexique"]
)


@given(_NAMES)
def test_normalize_is_idempotent(name: str) -> None:
    once = normalize_geo(name)
    assert normalize_geo(once) == once


@given(st.text(max_size=20))
def test_any_text_gives_a_code_or_an_unknown_geography_error(text: str) -> None:
    try:
        code = normalize_geo(text)
    except UnknownGeographyError as exc:
        assert "unknown geography" in str(exc)
    else:
        assert normalize_geo(code) == code
