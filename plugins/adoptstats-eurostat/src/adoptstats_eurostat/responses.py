"""What a Statistics API answer means: a dataset, an error, "too big", "come back later", or junk.

The API answers JSON-stat 2.0 on success and ``{"error": [{"status", "id", "label"}]}`` on
failure (``error`` may also be a single object). Two different conditions share HTTP 413 and
are told apart by the label, never by the status (``docs/sources/eurostat.md``, "Network behaviour"):

- ``EXTRACTION_TOO_BIG: ...``: permanent for that query; split it (:class:`TooBig`);
- ``ASYNCHRONOUS_RESPONSE. ...``: transient; retry later (:class:`Pending`). It may also come as
  HTTP 200 with ``{"warning": {"status": 413, "label": "ASYNCHRONOUS_RESPONSE..."}}``.

Anything that is not JSON (Eurostat's HTML throttling page, a truncated body) is reported as
:class:`~adoptstats.SourceUnavailable` naming the URL.
"""

from __future__ import annotations

import gzip
import json
import re
import urllib.parse
import zlib
from collections.abc import Mapping
from typing import Any

import attrs

from adoptstats import QueryError, SourceUnavailable
from adoptstats_eurostat.http import HttpResponse

__all__ = [
    "ApiError",
    "Dataset",
    "Pending",
    "TooBig",
    "Tsv",
    "classify",
    "classify_tsv",
    "is_no_results",
    "raise_for_error",
    "written_decimals",
]

_THROTTLE_HOSTS = ("sorry.ec.europa.eu",)


@attrs.frozen(kw_only=True)
class Dataset:
    """A JSON-stat dataset document (already parsed).

    ``decimals`` maps numbers written with trailing zeros to the most decimals they were
    written with (``4.0`` → 1): JSON parsing turns ``4.0`` into ``4``, but the text says the
    figure was published with one decimal. Other numbers show their decimals themselves.
    """

    doc: Mapping[str, Any] = attrs.field(repr=False)
    decimals: Mapping[float, int] = attrs.field(factory=dict, repr=False)


#: The fractional part of a number written with trailing zeros (``.0`` in ``4.0``, ``.80`` in ``61.80``),
#: as a JSON value or as a TSV cell.
_TRAILING_ZEROS = re.compile(rb"\.\d*0(?=[,}\]\s]|[A-Za-z|]*[\t\r\n]|$)")
#: The integer part just before it.
_INTEGER_PART = re.compile(rb"-?\d+\Z")


def written_decimals(body: bytes) -> dict[float, int]:
    """Numbers whose JSON text has more decimals than their value shows (``4.0`` → ``{4.0: 1}``).

    Only numbers ending in ``0`` after the point can hide decimals; a regular expression that
    starts at the point finds them quickly (far cheaper than a ``parse_float`` hook on every
    number), and the integer part is read backwards from there.
    """
    out: dict[float, int] = {}
    seen: set[bytes] = set()
    for match in _TRAILING_ZEROS.finditer(body):
        start = match.start()
        head = _INTEGER_PART.search(body, max(0, start - 32), start)
        if head is None:
            continue
        text = body[head.start() : match.end()]
        if text in seen:
            continue
        seen.add(text)
        value = float(text)
        n = match.end() - start - 1
        if out.get(value, -1) < n:
            out[value] = n
    return out


@attrs.frozen(kw_only=True)
class Tsv:
    """An SDMX TSV table (bulk download), decompressed."""

    body: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")
    decimals: Mapping[float, int] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class ApiError:
    """An error body: HTTP status, Eurostat's fault code and its label."""

    http_status: int
    status: int | None
    code: int | None
    label: str


@attrs.frozen(kw_only=True)
class TooBig:
    """``EXTRACTION_TOO_BIG``: the query must be split."""

    label: str


@attrs.frozen(kw_only=True)
class Pending:
    """``ASYNCHRONOUS_RESPONSE``: Eurostat is preparing the answer; ask again later."""

    label: str


Answer = Dataset | Tsv | ApiError | TooBig | Pending

_GZIP_MAGIC = b"\x1f\x8b"
_FAULT_CODE = re.compile(rb"<faultcode>\s*([^<]*?)\s*</faultcode>")
_FAULT_STRING = re.compile(rb"<faultstring>\s*([^<]*?)\s*</faultstring>", re.S)


def _snippet(body: bytes) -> str:
    text = body[:80].decode("utf-8", errors="replace").replace("\n", " ").strip()
    return text + ("..." if len(body) > 80 else "")


def _first_error(doc: Mapping[str, Any]) -> Mapping[str, Any] | None:
    err = doc.get("error")
    if isinstance(err, list) and err and isinstance(err[0], Mapping):
        return err[0]
    if isinstance(err, Mapping):
        return err
    return None


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def classify(response: HttpResponse) -> Answer:
    """Read a Statistics API response.

    :raises SourceUnavailable: for an HTML page (throttling), a body that is not JSON (cut
        off?) or JSON that is neither a dataset nor an error, each naming the URL.
    """
    url = response.url
    host = urllib.parse.urlsplit(response.final_url).hostname or ""
    if host in _THROTTLE_HOSTS:
        raise SourceUnavailable(
            f"Eurostat is throttling requests: {url} was redirected to {response.final_url}; "
            "wait a minute or two and try again"
        )
    body = response.body
    head = body[:512].lstrip()
    looks_html = "html" in response.content_type or head[:1] == b"<"
    doc: object = None
    parse_error = ""
    if head and not looks_html:
        try:
            doc = json.loads(body)
        except json.JSONDecodeError as exc:
            parse_error = f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
        except UnicodeDecodeError as exc:
            parse_error = exc.reason
        except RecursionError:
            parse_error = "nested too deeply"
    if isinstance(doc, Mapping):
        err = _first_error(doc)
        if err is not None:
            label = str(err.get("label") or "").strip() or "(no label)"
            if label.upper().startswith("EXTRACTION_TOO_BIG"):
                return TooBig(label=label)
            if label.upper().startswith("ASYNCHRONOUS_RESPONSE"):
                return Pending(label=label)
            return ApiError(
                http_status=response.status, status=_int(err.get("status")), code=_int(err.get("id")), label=label
            )
        warning = doc.get("warning")
        if isinstance(warning, Mapping) and str(warning.get("label") or "").upper().startswith("ASYNCHRONOUS_RESPONSE"):
            return Pending(label=str(warning.get("label")))
    if response.status >= 400:
        label = _snippet(body) if body.strip() else "(empty body)"
        return ApiError(http_status=response.status, status=None, code=None, label=label)
    if looks_html:
        where = f" (redirected to {response.final_url})" if response.final_url != url else ""
        raise SourceUnavailable(
            f"Eurostat sent an HTML page instead of data for {url}{where}: this is how it answers "
            "when it throttles requests; wait a minute or two and try again"
        )
    if not head:
        raise SourceUnavailable(f"Eurostat sent an empty body (HTTP {response.status}) for {url}")
    if parse_error:
        raise SourceUnavailable(
            f"Eurostat sent a body that is not valid JSON for {url} (HTTP {response.status}, "
            f"{len(body)} bytes, {parse_error}; starts {_snippet(body)!r}); it may have been cut off: try again"
        )
    if not isinstance(doc, Mapping):
        raise SourceUnavailable(f"Eurostat sent JSON that is not an object for {url} (HTTP {response.status})")
    if "id" in doc and "dimension" in doc:
        return Dataset(doc=doc, decimals=written_decimals(body))
    raise SourceUnavailable(
        f"Eurostat sent JSON that is neither a JSON-stat dataset nor an error for {url} "
        f"(keys: {', '.join(sorted(map(str, doc))[:8])})"
    )


def classify_tsv(response: HttpResponse) -> Tsv | ApiError | TooBig | Pending:
    """Read an SDMX 2.1 ``format=TSV`` response (gzip-compressed or plain).

    Errors come as SOAP faults (``<S:Fault><faultcode>413</faultcode><faultstring>
    EXTRACTION_TOO_BIG: ...``); an asynchronous-delivery envelope means "come back later".

    :raises SourceUnavailable: for an HTML page (throttling), a damaged gzip stream or a body
        that is not a TSV table, naming the URL.
    """
    url = response.url
    host = urllib.parse.urlsplit(response.final_url).hostname or ""
    if host in _THROTTLE_HOSTS:
        raise SourceUnavailable(
            f"Eurostat is throttling requests: {url} was redirected to {response.final_url}; "
            "wait a minute or two and try again"
        )
    body = response.body
    if body[:2] == _GZIP_MAGIC:
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError, zlib.error) as exc:
            raise SourceUnavailable(
                f"Eurostat sent a damaged or cut-off gzip stream for {url} ({exc}); try again"
            ) from None
    head = body[:4096].lstrip()
    if head[:1] == b"<":
        if b"Fault" in head:
            code = _FAULT_CODE.search(body)
            text = _FAULT_STRING.search(body)
            label = text.group(1).decode("utf-8", "replace").strip() if text else _snippet(body)
            if label.upper().startswith("EXTRACTION_TOO_BIG"):
                return TooBig(label=label)
            fault = _int(code.group(1).decode("ascii", "replace")) if code else None
            return ApiError(http_status=response.status, status=fault, code=fault, label=label)
        if b"asyncResponse" in head or b"syncResponse" in head or b"ASYNCHRONOUS" in head.upper():
            return Pending(label="asynchronous delivery of the bulk file")
    if response.status >= 400:
        return ApiError(http_status=response.status, status=None, code=None, label=_snippet(body) or "(empty body)")
    if head[:1] == b"<" or "html" in response.content_type:
        raise SourceUnavailable(
            f"Eurostat sent an HTML page instead of data for {url}: this is how it answers when it "
            "throttles requests; wait a minute or two and try again"
        )
    first_line = body.split(b"\n", 1)[0]
    if b"\\" not in first_line or b"\t" not in first_line:
        raise SourceUnavailable(
            f"Eurostat sent something that is not an SDMX TSV table for {url} (starts {_snippet(body)!r})"
        )
    return Tsv(body=body, decimals=written_decimals(body))


def is_no_results(error: ApiError) -> bool:
    """Whether an error means "nothing matches" rather than a failure (fault 100 on HTTP 200)."""
    return error.http_status == 200 and (error.code == 100 or "NO_RESULTS" in error.label.upper())


def raise_for_error(error: ApiError, *, url: str, dataset: str) -> None:
    """Raise the adoptstats error an API error stands for.

    Unknown datasets (HTTP 404, fault 100) and malformed queries (HTTP 400, faults 140 and
    150) are :class:`~adoptstats.QueryError`; anything else (5xx after the retries, other
    statuses) is :class:`~adoptstats.SourceUnavailable`. Eurostat's label is always quoted.
    """
    status = error.http_status
    said = f"Eurostat said: {error.label}"
    if status == 404 or (error.code == 100 and status < 500):
        raise QueryError(f"Eurostat has no dataset {dataset!r} to disseminate ({url}); {said}")
    if status == 400 or error.code in (140, 150):
        raise QueryError(f"Eurostat rejected the query {url} (HTTP {status}); {said}")
    if status >= 500 or status == 429:
        raise SourceUnavailable(f"Eurostat kept failing for {url}: HTTP {status} after every retry; {said}")
    raise SourceUnavailable(f"Eurostat answered HTTP {status} for {url}; {said}")
