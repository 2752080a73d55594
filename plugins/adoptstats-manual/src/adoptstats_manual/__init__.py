"""adoptstats-manual: your own figures, from CSV or YAML files, typed, cited and validated.

The plugin registers the ``manual`` source and the ``adoptstats manual`` commands.
From Python::

    import adoptstats
    import adoptstats_manual

    adoptstats_manual.add("figures.csv", geo="Belgique", period=2010, value="27 %", ...)
    problems = adoptstats_manual.validate("figures.csv")
    results = adoptstats.fetch("manual", path="figures.csv", geo="Belux")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import adoptstats

if TYPE_CHECKING:
    import click

    from adoptstats_manual.files import default_paths, find_files
    from adoptstats_manual.render import template
    from adoptstats_manual.schema import COLUMN_NAMES, COLUMNS, REQUIRED, Column
    from adoptstats_manual.source import ManualSource
    from adoptstats_manual.validate import comparability_warnings, load, validate
    from adoptstats_manual.values import parse_value
    from adoptstats_manual.write import WriteError, add

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "REQUIRED",
    "Column",
    "ManualSource",
    "WriteError",
    "__version__",
    "add",
    "comparability_warnings",
    "default_paths",
    "find_files",
    "load",
    "parse_value",
    "template",
    "validate",
]

__version__ = "0.1.0"

# Plugin discovery imports this package: the public names load on first use, so that
# discovering the plugin does not import the file readers and PyYAML. (Type checkers read
# the imports above instead.) ``dir()`` stays the module's own: pluggy looks for hooks
# through it, and listing the lazy names there would import them all.
if not TYPE_CHECKING:
    import lazy_loader

    __getattr__, _, _ = lazy_loader.attach(
        __name__,
        submod_attrs={
            "files": ["default_paths", "find_files"],
            "render": ["template"],
            "schema": ["COLUMN_NAMES", "COLUMNS", "REQUIRED", "Column"],
            "source": ["ManualSource"],
            "validate": ["comparability_warnings", "load", "validate"],
            "values": ["parse_value"],
            "write": ["WriteError", "add"],
        },
    )


@adoptstats.hookimpl
def adoptstats_register_sources(register: Callable[[adoptstats.Source], None]) -> None:
    """Register the ``manual`` source (it reads no file until asked to fetch)."""
    from adoptstats_manual.source import ManualSource

    register(ManualSource())


@adoptstats.hookimpl
def adoptstats_register_commands(cli: click.Group) -> None:
    """Add the ``adoptstats manual`` command group."""
    from adoptstats_manual.cli import manual

    cli.add_command(manual)
