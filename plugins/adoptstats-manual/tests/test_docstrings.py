"""The examples in the plugin's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import adoptstats_manual

MODULES = sorted(m.name for m in pkgutil.iter_modules(adoptstats_manual.__path__, "adoptstats_manual."))


@pytest.mark.parametrize("name", ["adoptstats_manual", *MODULES])
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_every_public_name_is_documented() -> None:
    for name in adoptstats_manual.__all__:
        obj = getattr(adoptstats_manual, name)
        if callable(obj):
            assert (obj.__doc__ or "").strip(), name
