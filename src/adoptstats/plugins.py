"""Loading plugins from entry points, each guarded, with allow and block lists.

Plugins are found in the ``adoptstats`` entry-point group.  Each is loaded on its
own: one that fails to import, has an invalid hook implementation or a misspelled
hook name is skipped with an :class:`~adoptstats.errors.AdoptstatsPluginWarning` and
listed as ``failed`` (or raises :class:`~adoptstats.errors.PluginLoadError` in strict
mode).  Selection:

* ``ADOPTSTATS_LOAD_PLUGINS`` — comma-separated allow-list; set but empty loads none;
* ``ADOPTSTATS_DISABLE_PLUGINS`` — comma-separated block-list; it wins over the allow-list;
* ``ADOPTSTATS_STRICT_PLUGINS=1`` — failures raise instead of warning.

Names may be entry-point names (``regus``) or distribution names (``adoptstats-regus``).
"""

from __future__ import annotations

import difflib
import os
import re
import time
import traceback
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from adoptstats import hookspecs
from adoptstats.errors import AdoptstatsPluginWarning, PluginLoadError

if TYPE_CHECKING:
    import importlib.metadata

__all__ = [
    "ENTRY_POINT_GROUP",
    "LoadedPlugin",
    "PluginInfo",
    "entry_points",
    "env_list",
    "load_entry_points",
    "make_plugin_manager",
    "mark_failed",
    "normalize_name",
]

#: The entry-point group plugins declare themselves in.
ENTRY_POINT_GROUP = hookspecs.PROJECT_NAME


@attrs.frozen(kw_only=True)
class PluginInfo:
    """What is known of one plugin: where it comes from, what it offers, whether it loaded."""

    name: str
    distribution: str | None = None
    version: str | None = None
    hooks: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    status: str = "loaded"
    error: str | None = None
    #: Seconds the plugin cost at discovery: importing its module and running its registration
    #: hooks (``None`` when it was not loaded: blocked, or failed before its module was imported).
    load_seconds: float | None = None
    #: Where an import failure happened, as ``file:line`` (``None`` otherwise).
    where: str | None = None
    #: Concepts the plugin contributed to its registry's vocabulary.
    concepts: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "name": self.name,
            "distribution": self.distribution,
            "version": self.version,
            "hooks": list(self.hooks),
            "sources": list(self.sources),
            "status": self.status,
            "error": self.error,
            "load_seconds": self.load_seconds,
            "where": self.where,
            "concepts": list(self.concepts),
        }

    def problem(self, *, verbose: bool = False) -> str | None:
        """One line saying why the plugin is not loaded (``None`` when it loaded or is blocked).

        ``verbose`` adds where an import failure happened (``file:line``).
        """
        if self.status != "failed":
            return None
        where = f" (at {self.where})" if verbose and self.where else ""
        return f"adoptstats plugin {self.name!r} was skipped: {self.error}{where}"


@attrs.define(kw_only=True)
class LoadedPlugin:
    """A plugin object registered with the plugin manager, with its provenance (mutable while loading)."""

    name: str
    plugin: object | None
    distribution: str | None = None
    version: str | None = None
    status: str = "loaded"
    error: str | None = None
    sources: list[str] = attrs.field(factory=list)
    load_seconds: float | None = None
    where: str | None = None
    concepts: list[Any] = attrs.field(factory=list)


def normalize_name(name: str) -> str:
    """Normalise a plugin or distribution name: lower case, runs of ``-_.`` become ``-``."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def env_list(variable: str) -> list[str] | None:
    """A comma-separated environment list: ``None`` when unset, ``[]`` when set but empty."""
    raw = os.environ.get(variable)
    if raw is None:
        return None
    return [normalize_name(p) for p in raw.split(",") if p.strip()]


def entry_points() -> list[importlib.metadata.EntryPoint]:
    """The entry points of the ``adoptstats`` group, sorted by name (tests replace this)."""
    import importlib.metadata  # imported here: only plugin discovery needs it

    return sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def make_plugin_manager() -> pluggy.PluginManager:
    """A plugin manager with adoptstats' hook specifications and no plugins."""
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    return pm


def _strict_from_env() -> bool:
    return os.environ.get("ADOPTSTATS_STRICT_PLUGINS", "").strip().lower() in ("1", "true", "yes", "on")


def mark_failed(loaded: LoadedPlugin, message: str, strict: bool, cause: BaseException | None = None) -> LoadedPlugin:
    """Mark a plugin failed with ``message``: warn (one line), or raise :class:`PluginLoadError` when ``strict``."""
    loaded.status = "failed"
    loaded.error = message
    loaded.plugin = None
    if strict:
        raise PluginLoadError(
            f"plugin {loaded.name!r}"
            + (f" ({loaded.distribution} {loaded.version})" if loaded.distribution else "")
            + f" failed to load: {message}",
            plugin=loaded.name,
            distribution=loaded.distribution,
            version=loaded.version,
        ) from cause
    warnings.warn(f"adoptstats plugin {loaded.name!r} was skipped: {message}", AdoptstatsPluginWarning, stacklevel=4)
    return loaded


def register_guarded(pm: pluggy.PluginManager, loaded: LoadedPlugin, obj: object, *, strict: bool) -> LoadedPlugin:
    """Register one plugin object; a bad hook implementation or unknown hook name marks it failed."""
    if isinstance(obj, type) and not _has_hooks(pm, obj):
        return mark_failed(
            loaded,
            f"it is the class {obj.__name__}, not a plugin object; did you forget ()? "
            "(give a module, or an instance of the class)",
            strict,
        )
    try:
        pm.register(obj, name=loaded.name)
    except pluggy.PluginValidationError as exc:
        return mark_failed(loaded, f"invalid hook implementation: {exc}", strict, exc)
    except ValueError as exc:  # already registered under that name
        return mark_failed(loaded, str(exc), strict, exc)
    known = ", ".join(sorted(n for n in dir(hookspecs) if n.startswith("adoptstats_")))
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        pm.unregister(name=loaded.name)
        return mark_failed(loaded, f"unknown hook{_did_you_mean(obj)} ({exc}); the hooks are {known}", strict, exc)
    if not pm.get_hookcallers(obj):
        pm.unregister(name=loaded.name)
        return mark_failed(
            loaded,
            f"it implements no hook: none of {known} is a module-level function marked with "
            "@adoptstats.hookimpl that dir() of the module lists",
            strict,
        )
    loaded.plugin = obj
    return loaded


def _hook_names() -> list[str]:
    return sorted(n for n in dir(hookspecs) if n.startswith("adoptstats_"))


def _has_hooks(pm: pluggy.PluginManager, obj: object) -> bool:
    """Whether ``obj`` carries hook implementations as they are (a class whose methods take ``self`` does not)."""
    for attr in dir(obj):
        if pm.parse_hookimpl_opts(obj, attr) is not None:
            func = getattr(obj, attr, None)
            code = getattr(func, "__code__", None)
            if code is not None and code.co_varnames[:1] != ("self",):
                return True
    return False


def pm_parse(obj: object, attr: str) -> bool:
    """Whether ``obj.attr`` is marked with :data:`adoptstats.hookimpl`."""
    return hasattr(getattr(obj, attr, None), f"{hookspecs.PROJECT_NAME}_impl")


def _did_you_mean(obj: object) -> str:
    """``: did you mean 'adoptstats_register_sources' for 'adoptstats_register_source'?`` for misspelled hooks."""
    known = _hook_names()
    hints = []
    for attr in dir(obj):
        if attr not in known and pm_parse(obj, attr):
            close = difflib.get_close_matches(attr, known, n=1, cutoff=0.6)
            if close:
                hints.append(f"did you mean {close[0]!r} for {attr!r}?")
    return ": " + " ".join(hints) if hints else ""


def failure_location(exc: BaseException) -> str | None:
    """``file:line`` of where an import failed: the syntax error's place, else the deepest frame outside importlib."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "importlib" not in f.filename]
    if not frames:
        return None
    return f"{frames[-1].filename}:{frames[-1].lineno}"


def _refuse_twins(name: str, twins: list[importlib.metadata.EntryPoint], strict: bool) -> list[LoadedPlugin]:
    """Entry points of one name from several distributions: each is listed as failed, none is imported."""
    labels = ", ".join(f"{e.dist.name} {e.dist.version}" if e.dist is not None else e.value for e in twins)
    message = (
        f"the plugin name {name!r} is declared by several distributions ({labels}); none of them is loaded: "
        "uninstall the one you do not trust, or disable it with ADOPTSTATS_DISABLE_PLUGINS=<distribution>"
    )
    out = []
    for twin in twins:
        record = LoadedPlugin(
            name=name,
            plugin=None,
            distribution=twin.dist.name if twin.dist is not None else None,
            version=twin.dist.version if twin.dist is not None else None,
        )
        out.append(mark_failed(record, message, strict))
    return out


def load_entry_points(
    pm: pluggy.PluginManager,
    *,
    only: Sequence[str] | None = None,
    block: Sequence[str] | None = None,
    strict: bool | None = None,
    eps: Iterable[importlib.metadata.EntryPoint] | None = None,
) -> list[LoadedPlugin]:
    """Load and register every selected entry point, each guarded; returns one record per entry point.

    ``only``/``block`` default to ``ADOPTSTATS_LOAD_PLUGINS``/``ADOPTSTATS_DISABLE_PLUGINS``;
    ``strict`` defaults to ``ADOPTSTATS_STRICT_PLUGINS``.  Blocked plugins are listed with
    status ``blocked``; names in either list that match no entry point warn.
    """
    strict = _strict_from_env() if strict is None else strict
    allow = env_list("ADOPTSTATS_LOAD_PLUGINS") if only is None else [normalize_name(n) for n in only]
    deny = (env_list("ADOPTSTATS_DISABLE_PLUGINS") or []) if block is None else [normalize_name(n) for n in block]
    found = list(entry_points() if eps is None else eps)
    known: set[str] = set()
    records: list[LoadedPlugin] = []
    seen: set[str] = set()

    def names_of(ep: importlib.metadata.EntryPoint) -> set[str]:
        return {normalize_name(ep.name)} | ({normalize_name(ep.dist.name)} if ep.dist is not None else set())

    def selected(ep: importlib.metadata.EntryPoint) -> bool:
        names = names_of(ep)
        return not (names & set(deny) or (allow is not None and not names & set(allow)))

    for ep in sorted(found, key=lambda e: e.name):
        dist = ep.dist.name if ep.dist is not None else None
        version = ep.dist.version if ep.dist is not None else None
        known |= names_of(ep)
        loaded = LoadedPlugin(name=ep.name, plugin=None, distribution=dist, version=version)
        if not selected(ep):
            loaded.status = "blocked"
            records.append(loaded)
            continue
        if ep.name in seen:
            continue
        seen.add(ep.name)
        same = {(e.dist.name if e.dist else e.value): e for e in found if e.name == ep.name and selected(e)}
        twins = list(same.values())
        if len(twins) > 1:  # several distributions claim one plugin name: none is trusted with it
            records += _refuse_twins(ep.name, twins, strict)
            continue
        started = time.perf_counter()
        try:
            obj = ep.load()
        except (Exception, SystemExit) as exc:  # sys.exit() in a plugin must not end the host
            loaded.load_seconds = time.perf_counter() - started
            loaded.where = failure_location(exc)
            records.append(mark_failed(loaded, f"import failed: {type(exc).__name__}: {exc}", strict, exc))
            continue
        loaded.load_seconds = time.perf_counter() - started
        records.append(register_guarded(pm, loaded, obj, strict=strict))
    for name in sorted({*(allow or []), *deny} - known):
        warnings.warn(
            f"no adoptstats plugin is named {name!r} (named in ADOPTSTATS_LOAD_PLUGINS, "
            "ADOPTSTATS_DISABLE_PLUGINS or the only/block arguments)",
            AdoptstatsPluginWarning,
            stacklevel=2,
        )
    return records
