"""Helpers shared by the Eurostat plugin tests (imported by name: conftest puts this folder on sys.path)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

from werkzeug import Request, Response

DATA = Path(__file__).parent / "data"
API = "/eurostat/api/dissemination"
DATA_PATH = f"{API}/statistics/1.0/data"


def _load_constructed() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eurostat_constructed_payloads", DATA / "constructed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: tests/data/constructed.py: builders of the CONSTRUCTED payloads.
constructed = _load_constructed()


def payload(name: str) -> bytes:
    """The bytes of a file in tests/data."""
    return (DATA / name).read_bytes()


def payload_json(name: str) -> Any:
    """A JSON file in tests/data, parsed."""
    return json.loads(payload(name))


def json_response(doc: Any, status: int = 200) -> Response:
    """A JSON response as Eurostat sends it."""
    return Response(json.dumps(doc), status=status, content_type="application/json")


def args(request: Request) -> dict[str, list[str]]:
    """The query string of a logged request as name → list of values."""
    return {k: request.args.getlist(k) for k in request.args}


class Sleeps(list[float]):
    """Records the waits the source asks for, without waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
