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

import os
import re
import time
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
        }


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


def _fail(loaded: LoadedPlugin, message: str, strict: bool, cause: BaseException | None = None) -> LoadedPlugin:
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
    try:
        pm.register(obj, name=loaded.name)
    except pluggy.PluginValidationError as exc:
        return _fail(loaded, f"invalid hook implementation: {exc}", strict, exc)
    except ValueError as exc:  # already registered under that name
        return _fail(loaded, str(exc), strict, exc)
    known = ", ".join(sorted(n for n in dir(hookspecs) if n.startswith("adoptstats_")))
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        pm.unregister(name=loaded.name)
        return _fail(loaded, f"unknown hook ({exc}); the hooks are {known}", strict, exc)
    if not pm.get_hookcallers(obj):
        pm.unregister(name=loaded.name)
        return _fail(
            loaded,
            f"it implements no hook: none of {known} is a module-level function marked with "
            "@adoptstats.hookimpl that dir() of the module lists",
            strict,
        )
    loaded.plugin = obj
    return loaded


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
    for ep in sorted(found, key=lambda e: e.name):
        dist = ep.dist.name if ep.dist is not None else None
        version = ep.dist.version if ep.dist is not None else None
        names = {normalize_name(ep.name)} | ({normalize_name(dist)} if dist else set())
        known |= names
        loaded = LoadedPlugin(name=ep.name, plugin=None, distribution=dist, version=version)
        if ep.name in seen:
            warnings.warn(
                f"two entry points are named {ep.name!r}; the one from {dist} is skipped",
                AdoptstatsPluginWarning,
                stacklevel=2,
            )
            continue
        seen.add(ep.name)
        if names & set(deny) or (allow is not None and not names & set(allow)):
            loaded.status = "blocked"
            records.append(loaded)
            continue
        started = time.perf_counter()
        try:
            obj = ep.load()
        except (Exception, SystemExit) as exc:  # sys.exit() in a plugin must not end the host
            loaded.load_seconds = time.perf_counter() - started
            records.append(_fail(loaded, f"import failed: {type(exc).__name__}: {exc}", strict, exc))
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
