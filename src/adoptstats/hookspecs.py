"""Pluggy markers and the hook specifications a plugin may implement.

A plugin is a module (or object) named by an entry point in the ``adoptstats``
group.  It implements hooks with the :data:`~adoptstats.hookimpl` marker::

    import adoptstats

    @adoptstats.hookimpl
    def adoptstats_register_sources(register):
        register(MySource())

Hooks are called once per registry build, for every plugin (1:N); none of them may do
I/O.  Fetching is a method of :class:`~adoptstats.Source`, not a hook, so one broken
source cannot stop the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from pathlib import Path

    import click

    from adoptstats.concepts import Concept
    from adoptstats.sources import Source

__all__ = [
    "PROJECT_NAME",
    "adoptstats_register_catalogues",
    "adoptstats_register_commands",
    "adoptstats_register_concepts",
    "adoptstats_register_sources",
    "hookimpl",
    "hookspec",
]

#: The pluggy project name, which is also the entry-point group.
PROJECT_NAME = "adoptstats"

#: Marker for hook specifications (used by adoptstats itself).
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
#: Marker for hook implementations; plugins decorate their hook functions with it.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def adoptstats_register_sources(register: Callable[[Source], None]) -> None:
    """Register the sources this plugin offers: call ``register(source)`` once per :class:`~adoptstats.Source`.

    Contract: no I/O (no network, no file reads beyond importing the module); a
    source's name must match ``^[a-z][a-z0-9_-]*$``.  A source name belongs to the
    plugin whose entry-point name equals it: a plugin registering a name that belongs
    to another plugin, or a name several plugins claim when none is named after it, is
    refused and listed as failed (see the security page).  So the main source a plugin
    registers should carry the plugin's entry-point name.  Register instances, not
    classes (``register(MySource())``).

    :param register: callback that validates and records one source.

    .. versionadded:: 0.1
    """


@hookspec
def adoptstats_register_concepts(register: Callable[[Concept], None]) -> None:
    """Contribute concepts to the vocabulary: call ``register(concept)`` once per :class:`~adoptstats.Concept`.

    Contract: no I/O; names look like ``area.name``; registering a concept already
    defined identically is a no-op, defining an existing name differently is an error
    reported against the plugin (naming the fields that differ).  The concepts go into
    the vocabulary of the registry loading the plugin, tagged ``contributed_by`` with the
    plugin's name; a plugin that fails takes its concepts with it.
    Use it for concepts the core vocabulary lacks (a source-specific question);
    prefer mapping native indicators onto core concepts with a ``close`` or
    ``related`` match level.

    :param register: callback that validates and records one concept.

    .. versionadded:: 0.1
    """


@hookspec
def adoptstats_register_catalogues(register: Callable[[str, str | Path], None]) -> None:
    """Ship message catalogues: call ``register(domain, folder)`` for ``folder/<lang>/LC_MESSAGES/<domain>.mo``.

    Contract: no I/O beyond checking the folder exists.  The catalogues are looked up
    after the core ones, for every language adoptstats writes (see :doc:`/user-guide/languages`):
    a plugin translates the labels and definitions of the concepts it contributes (marked in
    its code with :func:`adoptstats.i18n.marked`) and any sentence it writes with
    :func:`adoptstats.i18n.tr`.  ``python -m adoptstats.testing.catalogues update --package
    <package folder> --domain <domain>`` keeps them in step with the code.

    :param register: callback that records one catalogue domain and its folder.

    .. versionadded:: 0.1
    """


@hookspec
def adoptstats_register_commands(cli: click.Group) -> None:
    """Add commands to the ``adoptstats`` command line: ``cli.add_command(group)`` or ``@cli.group()``.

    Contract: no I/O at registration; give commands and groups names of their own
    (the source's name is a good choice, e.g. ``adoptstats manual ...``); a name that
    is already taken is reported against the plugin and the command is skipped.
    Commands should call the public Python API and raise
    :class:`~adoptstats.AdoptstatsError` for user errors, which the CLI prints as one line.

    :param cli: the root click group.

    .. versionadded:: 0.1
    """
