"""Parsing JSON text for the JSON-stat reader: orjson first, the standard library's ``json`` as fallback.

:data:`FAST_LOADS` is ``orjson.loads`` (``None`` when orjson is not installed);
:func:`parse_with_json` parses with the standard library and turns its errors into
:class:`~adoptstats.errors.FormatError` messages with their line and column;
:func:`has_wide_float` tells whether orjson may have turned an integer beyond 64 bits into
a float. Used by :mod:`adoptstats.formats.jsonstat`; not part of the public API.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NoReturn

from adoptstats.errors import FormatError

__all__ = ["FAST_LOADS", "has_wide_float", "parse_with_json"]


def _fast_parser() -> Callable[[bytes | str], Any] | None:
    """``orjson.loads`` when orjson is installed (a core dependency), else ``None``."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency; the fallback is tested by patching
        return None
    return orjson.loads


#: The fast JSON parser; the standard library's ``json`` is used when it is ``None``.
FAST_LOADS = _fast_parser()


def _reject_constant(name: str) -> NoReturn:
    raise FormatError(f"JSON-stat: {name} is not valid JSON")


def parse_with_json(raw: bytes | str, where: str) -> Any:
    """Parse with the standard library's ``json``; its errors become :class:`FormatError`."""
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise FormatError(f"{where}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except UnicodeDecodeError as exc:
        raise FormatError(f"{where}: not valid JSON text: {exc.reason} at byte {exc.start}") from None
    except FormatError as exc:
        raise FormatError(f"{where}: {str(exc).removeprefix('JSON-stat: ')}") from None
    except RecursionError:
        raise FormatError(f"{where}: the JSON is nested too deeply") from None


def has_wide_float(obj: object, depth: int = 0) -> bool:
    """Whether ``obj`` holds a float that orjson may have made of an integer beyond 64 bits."""
    if isinstance(obj, float):
        return obj.is_integer() and abs(obj) >= 2.0**63
    if depth > 64:
        return True  # deep enough to be odd: let the standard library read it
    if isinstance(obj, dict):
        return any(has_wide_float(v, depth + 1) for v in obj.values())
    if isinstance(obj, list):
        return any(has_wide_float(v, depth + 1) for v in obj)
    return False
