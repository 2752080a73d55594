"""Sphinx configuration for the adoptstats documentation.

Set ``ADOPTSTATS_DOCS_OFFLINE=1`` to build with no network (intersphinx off); the
test command does.
"""

from __future__ import annotations

import importlib.metadata
import os

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
    "sphinx.ext.napoleon",
    "sphinx_click",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "adoptstats"
html_static_path = ["_static"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": True}

doctest_global_setup = """
import os
import adoptstats
import pandas as pd
pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 20)
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
