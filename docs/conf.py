"""Sphinx configuration for the adoptstats documentation.

Set ``ADOPTSTATS_DOCS_OFFLINE=1`` to build with no network (intersphinx off); the
test command does.  Charts shown in the pages are drawn at build time from the installed
plugins by the local extension ``docs/_ext/adoptstats_charts.py``.
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
from pathlib import Path

DOCS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS_DIR / "_ext"))
os.environ.setdefault("MPLBACKEND", "Agg")

project = "adoptstats"
author = "adoptstats contributors"
copyright = "2026, adoptstats contributors"
release = importlib.metadata.version("adoptstats")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx_click",
    "adoptstats_charts",
    "adoptstats_clidocs",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_generated"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# Straight quotes and double hyphens, as typed: commands and options copied from a page must run.
smartquotes = False

html_theme = "furo"
html_title = "adoptstats"
html_static_path = ["_static"]
html_css_files = ["adoptstats.css"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": True}

# Every doctest group starts with the public API imported, as a reader's session would, and
# knows where the documentation's own files (such as the tutorial's CSV files) are.
doctest_global_setup = f"""
import os
from pathlib import Path
import adoptstats
from adoptstats import *
import pandas as pd
pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 20)
DOCS_DIR = Path({str(DOCS_DIR)!r})
"""

intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "pandas": ("https://pandas.pydata.org/docs/", None),
    "attrs": ("https://www.attrs.org/en/stable/", None),
    "pluggy": ("https://pluggy.readthedocs.io/en/stable/", None),
}
if os.environ.get("ADOPTSTATS_DOCS_OFFLINE"):
    intersphinx_mapping = {}

suppress_warnings = ["myst.xref_missing"]

# Every cross-reference must resolve: a dead one fails the build (with -W).  Names of
# other projects resolve through intersphinx when online; offline (and for projects
# without an inventory here) they are not links, and not errors either.
nitpicky = True
_EXTERNAL = r"(pandas|pd|numpy|np|datetime|dt|decimal|os|pathlib|Path|collections|abc|typing|hypothesis"
_EXTERNAL += r"|click|matplotlib|Figure|Axes|filelock|pluggy|PluginManager|_F|requests|gettext|babel)(\..+)?"
nitpick_ignore_regex = [(r"py:.*", _EXTERNAL)]
# adoptstats_manual's path argument type (a str, a path, or a sequence of them)
nitpick_ignore = [("py:class", "PathsLike")]
