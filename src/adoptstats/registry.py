"""Sources by name, with the provenance of each, and fetching across sources.

The default registry is built lazily on first use from the installed plugins;
:func:`refresh` rebuilds it (after installing a plugin, or changing the
``ADOPTSTATS_*_PLUGINS`` variables).
"""

from __future__ import annotations

import difflib
import functools
import sys
import threading
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs
import pandas as pd

from adoptstats.concepts import Concept, Vocabulary, set_default_vocabulary, using_vocabulary
from adoptstats.errors import (
    AdoptstatsError,
    AdoptstatsPluginWarning,
    DuplicateSourceError,
    EmptyResultWarning,
    PluginHookError,
    QueryError,
    SourceError,
    SourceWarning,
    UnknownConceptError,
    UnknownSourceError,
    ValidationError,
)
from adoptstats.guards import malformed, run_with_timeout
from adoptstats.i18n import register_catalogue
from adoptstats.install import plugin_advice
from adoptstats.plugins import (
    LoadedPlugin,
    PluginInfo,
    load_entry_points,
    make_plugin_manager,
    mark_failed,
    register_guarded,
)
from adoptstats.records import Query
from adoptstats.resultset import ResultSet, concat
from adoptstats.sources import SOURCE_NAME_RE, Source, check_query

__all__ = [
    "Registry",
    "SourceEntry",
    "fetch",
    "get_registry",
    "get_source",
    "list_plugins",
    "list_sources",
    "refresh",
    "show_versions",
]


#: Filters every source accepts (see :meth:`adoptstats.Source.query`).
_COMMON_FILTERS = frozenset(
    {
        "dataset",
        "indicator",
        "indicators",
        "concept",
        "concepts",
        "geo",
        "geos",
        "period",
        "periods",
        "since",
        "until",
        "options",
    }
)


@attrs.frozen(kw_only=True)
class SourceEntry:
    """A registered source and where it came from."""

    source: Source
    plugin: str
    distribution: str | None = None
    version: str | None = None


class Registry:
    """Sources by name, collected from plugins through ``adoptstats_register_sources``.

    :param load_entrypoints: load installed plugins (the default); tests pass ``False``
        and give ``plugins`` explicitly.
    :param plugins: extra plugin objects, as ``(name, object)`` pairs or objects with a
        ``__name__``.
    :param only: allow-list of plugin names (default: ``ADOPTSTATS_LOAD_PLUGINS``).
    :param block: block-list of plugin names (default: ``ADOPTSTATS_DISABLE_PLUGINS``).
    :param strict: raise instead of warning on a broken plugin (default:
        ``ADOPTSTATS_STRICT_PLUGINS``).
    """

    def __init__(
        self,
        *,
        load_entrypoints: bool = True,
        plugins: Sequence[object | tuple[str, object]] = (),
        only: Sequence[str] | None = None,
        block: Sequence[str] | None = None,
        strict: bool | None = None,
    ) -> None:
        import os

        self._strict = (
            os.environ.get("ADOPTSTATS_STRICT_PLUGINS", "").strip().lower() in ("1", "true", "yes", "on")
            if strict is None
            else strict
        )
        self.pm = make_plugin_manager()
        #: The concepts this registry knows: the core ones and those its plugins contributed.
        self.vocabulary = Vocabulary()
        self._loaded: list[LoadedPlugin] = []
        self._load_warnings: list[str] = []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", AdoptstatsPluginWarning)
            try:
                self._build(load_entrypoints, plugins, only, block)
            finally:
                for w in caught:
                    if issubclass(w.category, AdoptstatsPluginWarning):
                        self._load_warnings.append(str(w.message))
        if caught:
            filename, lineno = _outside_adoptstats()
            for w in caught:  # given again to the caller's filters, now that they are restored
                plugin_warning = issubclass(w.category, AdoptstatsPluginWarning)
                warnings.warn_explicit(
                    w.message,
                    w.category,
                    filename if plugin_warning else w.filename,  # the caller's line, not adoptstats' internals
                    lineno if plugin_warning else w.lineno,
                    source=w.source,
                )

    def _build(
        self,
        load_entrypoints: bool,
        plugins: Sequence[object | tuple[str, object]],
        only: Sequence[str] | None,
        block: Sequence[str] | None,
    ) -> None:
        with using_vocabulary(self.vocabulary):  # a plugin resolving concepts on import sees the core ones
            if load_entrypoints:
                self._loaded += load_entry_points(self.pm, only=only, block=block, strict=self._strict)
            for item in plugins:
                name, obj = item if isinstance(item, tuple) else (getattr(item, "__name__", type(item).__name__), item)
                loaded = LoadedPlugin(name=name, plugin=None)
                self._loaded.append(register_guarded(self.pm, loaded, obj, strict=self._strict))
        self._sources: dict[str, SourceEntry] = {}
        self._collect()

    # -- building -----------------------------------------------------------------------

    def _by_name(self) -> dict[str, LoadedPlugin]:
        return {lp.name: lp for lp in self._loaded if lp.status == "loaded"}

    def _collect(self) -> None:
        """Call the registration hooks: concepts first, then sources; then settle disputed names.

        A plugin that fails at any step is rolled back whole: its sources and its concepts.
        """
        loaded = self._by_name()
        for impl in self.pm.hook.adoptstats_register_concepts.get_hookimpls():
            lp = loaded.get(impl.plugin_name)
            if lp is None or lp.status != "loaded":
                continue
            scratch = self.vocabulary.copy()
            added: list[Concept] = []

            def register_concept(
                concept: Any, _lp: LoadedPlugin = lp, _into: Vocabulary = scratch, _added: list[Concept] = added
            ) -> None:
                _check_registered(concept, Concept, "a Concept", _lp.name, "adoptstats_register_concepts")
                named = attrs.evolve(concept, contributed_by=_lp.name)
                _into.register(named)
                _added.append(named)

            with using_vocabulary(scratch):
                if self._call(impl, lp, register_concept):
                    self.vocabulary = scratch
                    lp.concepts = added
        for impl in self.pm.hook.adoptstats_register_catalogues.get_hookimpls():
            lp = loaded.get(impl.plugin_name)
            if lp is not None and lp.status == "loaded":
                self._call(impl, lp, functools.partial(_register_catalogue, lp.name))
        claims: dict[str, list[tuple[LoadedPlugin, Source]]] = {}
        with using_vocabulary(self.vocabulary):
            for impl in self.pm.hook.adoptstats_register_sources.get_hookimpls():  # registration order
                lp = loaded.get(impl.plugin_name)
                if lp is None or lp.status != "loaded":
                    continue
                offered: list[Source] = []

                def register_source(source: Any, _lp: LoadedPlugin = lp, _out: list[Source] = offered) -> None:
                    _out.append(self._check_source(source, _lp, [s.name for s in _out]))

                if self._call(impl, lp, register_source):
                    for src in offered:
                        claims.setdefault(src.name, []).append((lp, src))
        self._settle(claims)
        if any(lp.concepts and lp.status != "loaded" for lp in self._loaded):
            self.vocabulary = Vocabulary()  # a plugin failed after contributing concepts: rebuild without them
            for lp in self._loaded:
                if lp.status == "loaded":
                    for concept in lp.concepts:
                        self.vocabulary.register(concept)

    def _settle(self, claims: dict[str, list[tuple[LoadedPlugin, Source]]]) -> None:
        """Serve each undisputed source name; refuse disputed ones (see the security page)."""
        refused: dict[int, tuple[LoadedPlugin, str]] = {}
        every = {lp.name: lp for lp in self._loaded}
        for name, claimants in claims.items():
            owner = every.get(name)
            for lp, _src in claimants:
                if owner is not None and lp.name != name:
                    label = f"{owner.distribution} {owner.version or ''}".strip() if owner.distribution else "installed"
                    refused.setdefault(
                        id(lp),
                        (
                            lp,
                            f"it registers the source {name!r}, which belongs to the plugin {name!r} ({label}); "
                            "a source name belongs to the plugin of the same name",
                        ),
                    )
                elif owner is None and len(claimants) > 1:
                    others = ", ".join(f"{o.name!r} ({o.distribution or 'not installed'})" for o, _ in claimants)
                    refused.setdefault(
                        id(lp),
                        (
                            lp,
                            f"the source {name!r} is claimed by several plugins ({others}) and none of them is named "
                            f"{name!r}; nothing is served under a disputed name",
                        ),
                    )
        for lp, reason in refused.values():
            self.pm.unregister(name=lp.name)
            if self._strict:
                where = lp.distribution or "not installed"
                raise DuplicateSourceError(f"plugin {lp.name!r} ({where}) refused: {reason}")
            mark_failed(lp, reason, self._strict)
        for name, claimants in claims.items():
            for lp, src in claimants:
                if lp.status == "loaded":
                    self._sources[name] = SourceEntry(
                        source=src, plugin=lp.name, distribution=lp.distribution, version=lp.version
                    )
                    lp.sources.append(name)

    def _call(self, impl: Any, lp: LoadedPlugin, register: Any) -> bool:
        """Call one plugin's registration hook; on failure mark the plugin failed and return ``False``."""
        hook = impl.function.__name__
        started = time.perf_counter()
        try:
            kwargs = {"register": register}
            impl.function(*[kwargs[a] for a in impl.argnames])
        except (Exception, SystemExit) as exc:
            self.pm.unregister(name=lp.name)
            lp.sources.clear()
            mark_failed(lp, f"{hook} raised {type(exc).__name__}: {exc}", self._strict, exc)
            return False
        finally:
            lp.load_seconds = (lp.load_seconds or 0.0) + time.perf_counter() - started
        return True

    def _check_source(self, source: object, lp: LoadedPlugin, earlier: list[str]) -> Source:
        hook = "adoptstats_register_sources"
        _check_registered(source, Source, "an adoptstats.Source", lp.name, hook)
        assert isinstance(source, Source)
        name = getattr(source, "name", None)
        if not isinstance(name, str) or not SOURCE_NAME_RE.match(name):
            raise PluginHookError(
                f"plugin {lp.name!r} registered a source with the invalid name {name!r} "
                "(lower case letters, digits, '-' and '_', starting with a letter)",
                plugin=lp.name,
                hook=hook,
            )
        options = getattr(source, "options", ())
        if not isinstance(options, tuple | list | set | frozenset) or not all(isinstance(o, str) for o in options):
            raise PluginHookError(
                f"plugin {lp.name!r} registered the source {name!r} with options {options!r}; "
                "options must be a tuple of option names (strings)",
                plugin=lp.name,
                hook=hook,
            )
        if name in earlier:
            raise PluginHookError(f"plugin {lp.name!r} registered the source {name!r} twice", plugin=lp.name, hook=hook)
        return source

    def register_commands(self, cli: Any) -> None:
        """Let each loaded plugin add command-line commands (``adoptstats_register_commands``), each guarded."""
        loaded = self._by_name()
        for impl in self.pm.hook.adoptstats_register_commands.get_hookimpls():
            lp = loaded.get(impl.plugin_name)
            if lp is None or lp.status != "loaded":
                continue
            before = set(cli.commands)
            try:
                impl.function(*[{"cli": cli}[a] for a in impl.argnames])
            except (Exception, SystemExit) as exc:
                for name in set(cli.commands) - before:
                    del cli.commands[name]
                message = f"adoptstats plugin {lp.name!r} could not add its commands: {type(exc).__name__}: {exc}"
                self._load_warnings.append(message)
                warnings.warn(message, AdoptstatsPluginWarning, stacklevel=2)

    # -- lookup -------------------------------------------------------------------------

    def get_concept(self, name: str) -> Concept:
        """The concept of this name in this registry's vocabulary (core and its plugins' concepts).

        :raises UnknownConceptError: with close matches when the name is unknown.
        """
        return self.vocabulary.get(name)

    def list_concepts(self) -> list[Concept]:
        """Every concept of this registry's vocabulary, sorted by name."""
        return self.vocabulary.concepts()

    @property
    def names(self) -> list[str]:
        """Registered source names, sorted."""
        return sorted(self._sources)

    def entry(self, name: str) -> SourceEntry:
        """The registered source of this name, with its provenance.

        :raises UnknownSourceError: listing the installed sources and suggesting a distribution.
        """
        try:
            return self._sources[name]
        except (KeyError, TypeError):
            pass
        close = difflib.get_close_matches(str(name), self.names, n=1)
        installed = ", ".join(self.names) or "none"
        hint = f"did you mean {close[0]!r}? " if close else ""
        blocked = [lp.name for lp in self._loaded if lp.status == "blocked" and lp.name == name]
        why = (
            f"the plugin {name!r} is installed but disabled (ADOPTSTATS_LOAD_PLUGINS / ADOPTSTATS_DISABLE_PLUGINS); "
            if blocked
            else f"{hint}to add it, if the plugin exists: {plugin_advice(str(name))}; "
        )
        raise UnknownSourceError(f"no source named {name!r}: {why}installed sources: {installed}")

    def get(self, name: str) -> Source:
        """The registered source of this name (see :meth:`entry`)."""
        return self.entry(name).source

    def plugins(self) -> list[PluginInfo]:
        """Every plugin seen, loaded, failed or blocked, sorted by name."""
        out = []
        for lp in sorted(self._loaded, key=lambda p: p.name):
            hooks: tuple[str, ...] = ()
            if lp.status == "loaded" and lp.plugin is not None:
                callers = self.pm.get_hookcallers(lp.plugin) or []
                hooks = tuple(sorted(h.name for h in callers))
            out.append(
                PluginInfo(
                    name=lp.name,
                    distribution=lp.distribution,
                    version=lp.version,
                    hooks=hooks,
                    sources=tuple(lp.sources),
                    status=lp.status,
                    error=lp.error,
                    load_seconds=lp.load_seconds,
                    where=lp.where,
                    concepts=tuple(c.name for c in lp.concepts) if lp.status == "loaded" else (),
                )
            )
        return out

    def problems(self, *, verbose: bool = False) -> list[str]:
        """One line per plugin that failed to load, then any other warning given while loading.

        ``verbose`` adds the ``file:line`` of an import failure.  The command line prints
        these lines instead of Python's warnings.
        """
        failed = [info for info in self.plugins() if info.status == "failed"]
        said = {info.problem() for info in failed}
        lines = [line for info in failed if (line := info.problem(verbose=verbose)) is not None]
        lines += [w for w in dict.fromkeys(self._load_warnings) if w not in said]
        return lines

    def sources_frame(self) -> pd.DataFrame:
        """One row per source: name, title, publisher, plugin, distribution, version, url, description."""
        rows = []
        for name in self.names:
            entry = self._sources[name]
            try:
                info = entry.source.info()
                title, publisher, url, description = info.title, info.publisher, info.url, info.description
            except (Exception, SystemExit) as exc:  # a broken info() must not hide the other sources
                title, publisher, url, description = None, None, None, f"info() failed: {exc}"
            rows.append(
                {
                    "name": name,
                    "title": title,
                    "publisher": publisher,
                    "plugin": entry.plugin,
                    "distribution": entry.distribution,
                    "version": entry.version,
                    "url": url,
                    "description": description,
                }
            )
        columns = ["name", "title", "publisher", "plugin", "distribution", "version", "url", "description"]
        return pd.DataFrame(rows, columns=columns)

    # -- fetching -----------------------------------------------------------------------

    def fetch(
        self,
        source: str | Sequence[str],
        *,
        on_error: str = "raise",
        timeout: float | None = None,
        **filters: Any,
    ) -> ResultSet:
        """Fetch from one source or several; see :func:`adoptstats.fetch`."""
        if on_error not in ("raise", "warn", "ignore"):
            raise QueryError(f"on_error must be 'raise', 'warn' or 'ignore', not {on_error!r}")
        names = [source] if isinstance(source, str) else list(source)
        if not names:
            raise QueryError("fetch: name at least one source")
        if len(names) == 1:
            return self._explained(
                self._fetch_one(names[0], filters, timeout, strict_options=True), names, filters, timeout
            )
        entries = [self.entry(n) for n in names]
        accepted = {o for e in entries for o in e.source.options}
        common = _COMMON_FILTERS
        unknown = sorted(k for k in filters if k not in common and k not in accepted)
        if unknown:
            raise QueryError(f"no source among {', '.join(names)} accepts the filter(s) {', '.join(unknown)}")
        for key in ("concept", "concepts"):  # an unknown concept is no source's failure: refused once
            for name in Query(concepts=filters.get(key)).concepts:
                if name not in self.vocabulary:
                    raise UnknownConceptError(name, self.vocabulary.suggest(name))
        results: list[ResultSet] = []
        errors: list[Exception] = []
        failed: list[str] = []
        for name in names:
            try:
                results.append(self._fetch_one(name, filters, timeout, strict_options=False))
            except AdoptstatsError as exc:
                errors.append(exc)
                failed.append(name)
        if errors and on_error == "raise":
            raise ExceptionGroup(f"{len(errors)} of {len(names)} sources failed ({', '.join(failed)})", errors)
        if errors and on_error == "warn":
            for name, err in zip(failed, errors, strict=True):
                text = str(err)
                warnings.warn(
                    text if text.startswith(f"source {name!r}") else f"source {name!r}: {text}",
                    SourceWarning,
                    stacklevel=3,
                )
        return self._explained(concat(results), [n for n in names if n not in failed], filters, timeout)

    def _explained(
        self, result: ResultSet, names: Sequence[str], filters: dict[str, Any], timeout: float | None
    ) -> ResultSet:
        """``result``; when it is empty, first an :class:`EmptyResultWarning`: what the sources have near the query."""
        if len(result) or not names:
            return result
        from adoptstats.nearby import Asked, explain_empty

        asked = []
        for name in names:
            src = self.entry(name).source
            own = {k: v for k, v in filters.items() if k in _COMMON_FILTERS or k in src.options}

            def again(other: dict[str, Any], _name: str = name) -> ResultSet:
                return self._fetch_one(_name, other, timeout, strict_options=True)

            asked.append(Asked(source=src, name=name, filters=own, fetch=again))
        warnings.warn(EmptyResultWarning(explain_empty(asked)), stacklevel=4)
        return result

    def _fetch_one(
        self, name: str, filters: dict[str, Any], timeout: float | None, *, strict_options: bool
    ) -> ResultSet:
        entry = self.entry(name)
        src = entry.source
        if not strict_options:
            common = _COMMON_FILTERS
            filters = {k: v for k, v in filters.items() if k in common or k in src.options}
        dist = f"{entry.distribution or 'not installed'} {entry.version or ''}".rstrip()
        where = f"source {name!r} (plugin {entry.plugin!r}, {dist})"

        def failure(what: str) -> SourceError:
            return SourceError(
                f"{where} {what}",
                source=name,
                plugin=entry.plugin,
                distribution=entry.distribution,
                version=entry.version,
            )

        try:
            with using_vocabulary(self.vocabulary):  # the source resolves concepts against this registry
                query = src.query(**filters)  # a plugin may override query(): guarded like fetch()
                check_query(src, query)  # unknown concept, indicator or dataset: refused before the source runs
                result = run_with_timeout(lambda: src.fetch(query), timeout, where)
            problem = None if not isinstance(result, ResultSet) else malformed(result)
        except SourceError as exc:
            if exc.source is None:
                exc.source, exc.plugin, exc.distribution, exc.version = (
                    name,
                    entry.plugin,
                    entry.distribution,
                    entry.version,
                )
            raise
        except ValidationError as exc:
            if type(exc) is not ValidationError or exc.what.startswith(f"source {name!r}"):
                raise
            # the problems name rows and columns (or files and lines); say which source they come from
            raise ValidationError(f"source {name!r}: {exc.what}", exc.problems) from exc
        except AdoptstatsError:
            raise
        except (Exception, SystemExit) as exc:
            raise failure(f"failed: {type(exc).__name__}: {exc}") from exc
        if not isinstance(result, ResultSet):
            raise failure(f"returned a {type(result).__name__}, not a ResultSet")
        if problem is not None:
            raise failure(f"returned a malformed ResultSet: {problem}")
        return result


def _outside_adoptstats() -> tuple[str, int]:
    """File and line of the innermost caller outside the adoptstats package."""
    package = __name__.split(".", 1)[0]
    frame = sys._getframe(1)
    while frame.f_back is not None and str(frame.f_globals.get("__name__", "")).split(".", 1)[0] == package:
        frame = frame.f_back
    return frame.f_code.co_filename, frame.f_lineno


def _check_registered(obj: object, kind: type, what: str, plugin: str, hook: str) -> None:
    """Refuse what a plugin registered when it is not ``kind``; a class instead of an instance gets a hint."""
    if isinstance(obj, kind):
        return
    if isinstance(obj, type):
        hint = "; did you forget ()?" if issubclass(obj, kind) else ""
        raise PluginHookError(
            f"plugin {plugin!r} registered the class {obj.__name__}, not {what}{hint}", plugin=plugin, hook=hook
        )
    raise PluginHookError(
        f"plugin {plugin!r} registered a {type(obj).__name__} ({obj!r:.60}), not {what}", plugin=plugin, hook=hook
    )


_DEFAULT: Registry | None = None
_LOCK = threading.RLock()
_BUILDING = threading.local()


def get_registry() -> Registry:
    """The default registry, built from the installed plugins on first use."""
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            _DEFAULT = _build({})
        return _DEFAULT


def _build(kwargs: dict[str, Any]) -> Registry:
    if getattr(_BUILDING, "active", False):
        raise AdoptstatsError(
            "the default registry was asked for while it was being built: a plugin must not call "
            "adoptstats.get_registry(), fetch() or list_sources() when it is imported or registers"
        )
    _BUILDING.active = True
    try:
        return Registry(**kwargs)
    finally:
        _BUILDING.active = False


def _default_vocabulary() -> Vocabulary:
    """The default registry's vocabulary (building it, and so loading the plugins, on first use)."""
    return get_registry().vocabulary


set_default_vocabulary(_default_vocabulary)


def refresh(**kwargs: Any) -> Registry:
    """Rebuild the default registry (arguments as for :class:`Registry`) and return it."""
    global _DEFAULT
    with _LOCK:
        _DEFAULT = _build(kwargs)
        return _DEFAULT


def get_source(name: str) -> Source:
    """The installed source of this name."""
    return get_registry().get(name)


def fetch(
    source: str | Sequence[str],
    *,
    on_error: str = "raise",
    timeout: float | None = None,
    registry: Registry | None = None,
    **filters: Any,
) -> ResultSet:
    """Fetch survey results from one installed source, or several.

    ``filters`` are ``dataset``, ``indicator``, ``concept``, ``geo`` (any language),
    ``period``, ``since``, ``until`` and the source's own options.  With several
    sources every one is tried: with ``on_error="raise"`` (default) the failures are
    raised together as an :class:`ExceptionGroup`; ``"warn"`` and ``"ignore"`` return
    what succeeded.  ``timeout`` (seconds) bounds each source's fetch.  Exceptions from
    a plugin are wrapped in :class:`~adoptstats.errors.SourceError` naming the source,
    plugin and version.

    >>> rs = adoptstats.fetch("regus", concept="social_media.customer_acquisition", geo="Belux", period=2010)
    ... # doctest: +SKIP
    """
    return (registry or get_registry()).fetch(source, on_error=on_error, timeout=timeout, **filters)


def list_plugins() -> list[PluginInfo]:
    """Every installed plugin (loaded, failed or blocked) with distribution, version, hooks and sources."""
    return get_registry().plugins()


def list_sources() -> pd.DataFrame:
    """The installed sources as a DataFrame.

    Columns: name, title, publisher, plugin, distribution, version, url, description.
    """
    return get_registry().sources_frame()


def show_versions(file: TextIO | None = None) -> str:
    """Versions of adoptstats, its main dependencies and each plugin; written to ``file`` and returned."""
    import importlib.metadata

    lines = [f"python        {sys.version.split()[0]}"]
    for dist in ("adoptstats", "pandas", "numpy", "attrs", "cattrs", "pluggy", "pycountry", "statsmodels"):
        try:
            lines.append(f"{dist:<13} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            lines.append(f"{dist:<13} not installed")
    for info in list_plugins():
        label = info.distribution or info.name
        status = "" if info.status == "loaded" else f" ({info.status})"
        lines.append(f"{label:<13} {info.version or '?'}{status}")
    text = "\n".join(lines) + "\n"
    if file is not None:
        file.write(text)
    return text


def _register_catalogue(plugin: str, domain: object, folder: object) -> None:
    """Check and record a plugin's catalogue folder (see ``adoptstats_register_catalogues``)."""
    if not isinstance(domain, str) or not domain:
        raise PluginHookError(
            f"plugin {plugin!r} registered a catalogue with the domain {domain!r}",
            plugin=plugin,
            hook="adoptstats_register_catalogues",
        )
    path = Path(str(folder))
    if not path.is_dir():
        raise PluginHookError(
            f"plugin {plugin!r} registered the catalogue folder {path}, which does not exist",
            plugin=plugin,
            hook="adoptstats_register_catalogues",
        )
    register_catalogue(domain, path)
