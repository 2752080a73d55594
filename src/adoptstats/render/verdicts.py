"""Verdicts and standings as one word in a table cell or beside a chart line.

A comparison's verdict (``higher``, ``lower``, ``indistinguishable``, ``undetermined``) and
a profile's standing (``ahead``, ``behind`` ...) are codes in the frames; readers see them
in their language.

>>> from adoptstats.render.verdicts import verdict_word
>>> verdict_word("ahead", "en"), verdict_word("lower", "en")
('ahead', 'lower')
"""

from __future__ import annotations

from adoptstats.i18n import check_lang, ptr

__all__ = ["verdict_word"]


def verdict_word(code: str, lang: str = "en") -> str:
    """The word for a verdict or standing code in ``lang``; an unknown code is returned as it is."""
    check_lang(lang)
    if code == "ahead":
        return ptr("verdict", "ahead", lang)
    if code == "behind":
        return ptr("verdict", "behind", lang)
    if code == "higher":
        return ptr("verdict", "higher", lang)
    if code == "lower":
        return ptr("verdict", "lower", lang)
    if code == "indistinguishable":
        return ptr("verdict", "indistinguishable", lang)
    if code == "undetermined":
        return ptr("verdict", "undetermined", lang)
    return code
