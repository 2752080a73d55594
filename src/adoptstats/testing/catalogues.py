"""Keep message catalogues in step with the code: extract, update, compile and check them.

The core and every plugin use the same convention: messages are marked in the code with
:func:`adoptstats.i18n.tr`, :func:`~adoptstats.i18n.ntr`, :func:`~adoptstats.i18n.ptr` or
:func:`~adoptstats.i18n.marked`, and each language has ``<locale>/<lang>/LC_MESSAGES/<domain>.po``
with its compiled ``.mo`` beside it.  From a clone::

    python -m adoptstats.testing.catalogues update   # extract, merge into every .po, compile
    python -m adoptstats.testing.catalogues check    # what a test fails on

A plugin passes its own package folder, domain and locale folder (``--package``,
``--domain``, ``--locale``); :func:`problems` is what its test calls.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import string
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from adoptstats.i18n import DOMAIN, LANGS, LOCALE_DIR

__all__ = ["KEYWORDS", "compile_catalogues", "extract", "main", "placeholders", "problems", "update"]

#: The functions whose string arguments are messages, in Babel's keyword notation.
KEYWORDS: dict[str, object] = {
    "tr": None,
    "ntr": (1, 2),
    "ptr": ((1, "c"), 2),
    "marked": None,
}

_PACKAGE_DIR = Path(__file__).resolve().parent.parent

#: A fixed date for the catalogue headers, so that an update changes only what changed.
_STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def extract(package: Path = _PACKAGE_DIR, domain: str = DOMAIN) -> object:
    """A template catalogue of every message marked in the ``.py`` files under ``package``."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project=domain, domain=domain, charset="utf-8", creation_date=_STAMP, revision_date=_STAMP)
    root = package.parent
    for filename, lineno, message, comments, context in extract_from_dir(
        str(package),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,  # type: ignore[arg-type]
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        path = (package / filename).relative_to(root).as_posix()
        catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalog


def _po_path(locale_dir: Path, lang: str, domain: str) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{domain}.po"


def _read(path: Path) -> object:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=path.parent.parent.name, domain=path.stem)


def update(
    package: Path = _PACKAGE_DIR, domain: str = DOMAIN, locale_dir: Path = LOCALE_DIR, langs: Sequence[str] = LANGS
) -> list[Path]:
    """Merge the extracted messages into each language's ``.po`` (created when missing), then compile."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    template = extract(package, domain)
    written = []
    for lang in langs:
        path = _po_path(locale_dir, lang, domain)
        catalog = _read(path) if path.exists() else Catalog(locale=lang, domain=domain, project=domain)
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)  # type: ignore[attr-defined]
        catalog.creation_date = catalog.revision_date = _STAMP  # type: ignore[attr-defined]
        catalog.fuzzy = False  # type: ignore[attr-defined]
        catalog.header_comment = (  # type: ignore[attr-defined]
            f"# {lang} messages of {domain}.\n"
            "# Kept in step with the code by: python -m adoptstats.testing.catalogues update"
        )
        catalog.project = domain  # type: ignore[attr-defined]
        catalog.version = "1"  # type: ignore[attr-defined]
        if lang == "en":
            for message in catalog:  # type: ignore[attr-defined]
                if message.id and not all(_strings(message)):
                    message.string = message.id
        catalog.obsolete.clear()  # type: ignore[attr-defined]
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=100, include_lineno=False, sort_output=False)  # type: ignore[arg-type]
        path.write_bytes(buffer.getvalue())
        written.append(path)
    compile_catalogues(domain, locale_dir, langs)
    return written


def compile_catalogues(domain: str = DOMAIN, locale_dir: Path = LOCALE_DIR, langs: Sequence[str] = LANGS) -> None:
    """Compile each ``.po`` into the ``.mo`` gettext reads."""
    from babel.messages.mofile import write_mo

    for lang in langs:
        path = _po_path(locale_dir, lang, domain)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, _read(path))  # type: ignore[arg-type]


def placeholders(text: str) -> set[str]:
    """The ``{fields}`` of a message."""
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None}


def _strings(message: object) -> list[str]:
    value = message.string  # type: ignore[attr-defined]
    return list(value) if isinstance(value, (tuple, list)) else [value]


def _ids(message: object) -> list[str]:
    value = message.id  # type: ignore[attr-defined]
    return list(value) if isinstance(value, (tuple, list)) else [value]


def problems(
    package: Path = _PACKAGE_DIR, domain: str = DOMAIN, locale_dir: Path = LOCALE_DIR, langs: Sequence[str] = LANGS
) -> list[str]:
    """Everything wrong with the catalogues, one line each (empty when they are in step).

    Missing languages and messages, untranslated, fuzzy or obsolete entries, messages no
    longer in the code, ``{field}`` mismatches between a message and its translation, and
    ``.mo`` files that do not hold what their ``.po`` says.
    """
    from babel.messages.mofile import read_mo

    template = extract(package, domain)
    wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}  # type: ignore[attr-defined]
    out: list[str] = []
    for lang in langs:
        path = _po_path(locale_dir, lang, domain)
        if not path.exists():
            out.append(f"{lang}: no catalogue at {path}")
            continue
        catalog = _read(path)
        have = {}
        for m in catalog:  # type: ignore[attr-defined]
            if not m.id:
                continue
            key = (m.context, m.id if isinstance(m.id, str) else m.id[0])
            have[key] = m
            where = f"{path.name} ({lang}) {m.id!r}"
            if m.fuzzy:
                out.append(f"{where}: fuzzy")
            strings = _strings(m)
            if not all(strings):
                out.append(f"{where}: not translated")
                continue
            fields = set().union(*(placeholders(i) for i in _ids(m)))
            for s in strings:
                if placeholders(s) != fields:
                    out.append(f"{where}: fields {sorted(placeholders(s))} differ from {sorted(fields)}")
        if catalog.obsolete:  # type: ignore[attr-defined]
            out.append(f"{path.name} ({lang}): {len(catalog.obsolete)} obsolete entries")  # type: ignore[attr-defined]
        for key in sorted(wanted - set(have), key=str):
            out.append(f"{path.name} ({lang}): missing {key[1]!r}" + (f" (context {key[0]!r})" if key[0] else ""))
        for key in sorted(set(have) - wanted, key=str):
            out.append(f"{path.name} ({lang}): {key[1]!r} is no longer in the code")
        mo = path.with_suffix(".mo")
        if not mo.exists():
            out.append(f"{lang}: {mo.name} is missing; run the update command")
            continue
        with mo.open("rb") as handle:
            compiled = {(m.context, _ids(m)[0]): _strings(m) for m in read_mo(handle) if m.id}
        stale = set(compiled) - set(have)
        for key, m in have.items():
            if all(_strings(m)) and not m.fuzzy:
                if compiled.get(key) != _strings(m):
                    stale.add(key)
            elif not set(compiled.get(key) or []) <= set(_ids(m)):  # untranslated: absent, or English forms
                stale.add(key)
        if stale:
            out.append(f"{lang}: {mo.name} differs from {path.name}; run the update command")
    return out


def main(argv: Iterable[str] | None = None) -> int:
    """``python -m adoptstats.testing.catalogues update|check [--package P --domain D --locale L]``."""
    parser = argparse.ArgumentParser(prog="python -m adoptstats.testing.catalogues")
    parser.add_argument("command", choices=["update", "check", "compile"])
    parser.add_argument("--package", type=Path, default=_PACKAGE_DIR)
    parser.add_argument("--domain", default=DOMAIN)
    parser.add_argument("--locale", type=Path, default=None)
    args = parser.parse_args(list(argv) if argv is not None else None)
    locale_dir = args.locale or (args.package / "locale")
    if args.command == "update":
        for path in update(args.package, args.domain, locale_dir):
            sys.stdout.write(f"{path}\n")
        return 0
    if args.command == "compile":
        compile_catalogues(args.domain, locale_dir)
        return 0
    found = problems(args.package, args.domain, locale_dir)
    for line in found:
        sys.stdout.write(f"{line}\n")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
