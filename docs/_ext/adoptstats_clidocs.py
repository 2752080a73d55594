"""The command-line reference as text you can copy: help examples become code blocks.

``sphinx-click`` reads each command's help as reStructuredText and sets click's ``\\b``
paragraphs as line blocks, so an "Examples:" paragraph came out as prose: ``--source``
turned into an en dash, quotes curled and the line-continuation backslashes vanished.  This
extension turns the lines after "Example:" or "Examples:" into a ``shell`` code block (kept
exactly as the help prints them), and writes the options named in the rest of the help as
inline code.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from sphinx.application import Sphinx

_EXAMPLES = re.compile(r"^\|\s*Examples?:\s*$")
# an option in prose: "--json", "-o FILE" is left alone; "--option KEY=VALUE" keeps KEY=VALUE out
_OPTION = re.compile(r"(?<![\w`-])(--[a-z][a-z0-9-]*)(?![\w`-])")


def _literal_options(line: str) -> str:
    if line.startswith(("..", "|")) or "``" in line:
        return line
    return _OPTION.sub(r"``\1``", line)


def examples_as_code(app: Sphinx, ctx: Any, lines: list[str]) -> None:
    """Rewrite the description lines of one command (``sphinx-click-process-description``)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _EXAMPLES.match(line):
            examples: list[str] = []
            i += 1
            while i < len(lines) and lines[i].startswith("|"):
                examples.append(lines[i][2:] if lines[i].startswith("| ") else "")
                i += 1
            out += [line[1:].strip(), "", ".. code-block:: shell", ""]
            out += ["    " + example for example in textwrap.dedent("\n".join(examples)).splitlines()]
            out.append("")
            continue
        out.append(_literal_options(line))
        i += 1
    lines[:] = out


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handler; sphinx-click must be loaded first."""
    app.setup_extension("sphinx_click")
    app.connect("sphinx-click-process-description", examples_as_code)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
