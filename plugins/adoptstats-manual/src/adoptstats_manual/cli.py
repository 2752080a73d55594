"""The ``adoptstats manual`` commands: template, add, validate, folder.

Every ``adoptstats`` command builds this group, so only the schema (which the options of
``add`` follow) is imported here; the readers and writers load when a command runs.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from adoptstats_manual.schema import COLUMNS

__all__ = ["manual"]


def _echo_err(text: str, indent: int = 2) -> None:
    """A line on stderr, wrapped at spaces to the terminal (or ``COLUMNS``) when there is one."""
    width = None
    if sys.stderr.isatty() or os.environ.get("COLUMNS", "").strip().isdigit():
        width = shutil.get_terminal_size((120, 24)).columns
    if width is not None and len(text) > width:
        text = "\n".join(
            textwrap.wrap(text, width, subsequent_indent=" " * indent, break_long_words=False, break_on_hyphens=False)
        )
    click.echo(text, err=True)


@click.group("manual")
def manual() -> None:
    """Your own figures, in CSV or YAML files: start a file, add figures, check files.

    \b
    Example:
      adoptstats manual template > figures.csv
      adoptstats manual validate figures.csv
    """


@manual.command("template")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "yaml"]), default="csv", show_default=True, help="File format."
)
@click.option("--header-only", is_flag=True, help="Leave out the example row.")
def template_command(fmt: str, header_only: bool) -> None:
    """Print the start of a new manual file: the header and one real, cited example row.

    The example is La Libre Belgique's 27 % for Belgium-Luxembourg (Regus survey, 2010);
    keep it, or replace it with your first figure.

    \b
    Example:
      adoptstats manual template > figures.csv
      adoptstats manual template --format yaml > figures.yaml
      adoptstats manual template --header-only > empty.csv
    """
    from adoptstats_manual.render import template

    click.echo(template(fmt, example=not header_only), nl=False)


def _column_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """One ``--name`` option per column of the file format, so the command follows the schema."""
    for column in reversed(COLUMNS):
        required = " [required]" if column.required else ""
        example = f" (e.g. {column.example!r})" if column.example and len(column.example) < 40 else ""
        command = click.option(
            f"--{column.name.replace('_', '-')}",
            column.name,
            metavar="TEXT",
            help=f"{column.description}{example}{required}",
        )(command)
    return command


@manual.command("add")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_column_options
def add_command(file: Path, **fields: str | None) -> None:
    """Append one figure to FILE (created with a header if missing), after checking it.

    A citation needs --publisher and --url or --title.  Values are read as written, in
    English or French: "27 %", "plus de 40 %", "more than 40%", "about 50%", "26-28%".
    Without --indicator (or --dataset), the figure takes the one that FILE's other rows of
    the same concept share, such as the template's example, so that it compares with them.
    A CSV file separated by semicolons stays so.

    \b
    Example:
      adoptstats manual add figures.csv --geo Belgique-Luxembourg --period 2010 \\
        --concept social_media.customer_acquisition --value "27 %" \\
        --population "business people in the Regus global contacts database" \\
        --publisher "L'Avenir" --url https://www.lavenir.net/cnt/8921533
    """
    from adoptstats_manual.write import add

    given: dict[str, Any] = {name: value for name, value in fields.items() if value is not None}
    observation = add(file, **given)
    click.echo(
        f"added to {file}: {observation.geo} {observation.period} {observation.indicator} "
        f"{observation.estimate.text()} ({observation.citation.publisher})"
    )


@manual.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def validate_command(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Check manual files (or folders) and list every problem; exit with 1 if there is any.

    Without FILES, checks the default folder (see 'adoptstats manual folder'). Rows of
    one concept with different indicators (or, for one period, different datasets) are
    a warning: they are not comparable with each other, but the file is valid.

    \b
    Example:
      adoptstats manual validate figures.csv
      adoptstats manual validate figures.csv figures.yaml
    """
    from adoptstats_manual.files import find_files
    from adoptstats_manual.validate import comparability_warnings, validate

    paths = find_files(list(files) if files else None)
    problems = [p for path in paths for p in validate(path)]
    warnings = [w for path in paths for w in comparability_warnings(path)]
    for problem in problems:
        _echo_err(str(problem))
    for warning in warnings:
        _echo_err(f"warning: {warning}", indent=len("warning: "))
    checked = f"{len(paths)} file{'s' if len(paths) != 1 else ''}"
    warned = f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""
    if problems:
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}{warned} in {checked}", err=True)
        ctx.exit(1)
    click.echo(f"{checked} checked: no problems{warned}")


@manual.command("folder")
def folder_command() -> None:
    """Print where manual files are read from when no path is given.

    Set ADOPTSTATS_MANUAL_PATH to read from elsewhere.

    \b
    Example:
      adoptstats manual folder
    """
    from adoptstats_manual.files import default_paths

    for path in default_paths():
        click.echo(str(path))
