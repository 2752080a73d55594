"""How to install what is missing, said the same way everywhere.

adoptstats and its plugins install from a clone of the repository, in editable mode: the
library with ``pip install -e .``, an extra with ``pip install -e '.[plot]'``, a plugin with
``pip install -e plugins/adoptstats-eurostat``, each from the clone's root folder.  Error
messages, the command line's help and the documentation all give that advice.
"""

from __future__ import annotations

__all__ = ["extra_advice", "plugin_advice"]


def extra_advice(extra: str, module: str | None = None) -> str:
    """How to install an optional extra: ``from the adoptstats clone: pip install -e '.[plot]'``.

    >>> extra_advice("plot", "matplotlib")
    "from the adoptstats clone: pip install -e '.[plot]' (or pip install matplotlib)"
    """
    alone = f" (or pip install {module})" if module else ""
    return f"from the adoptstats clone: pip install -e '.[{extra}]'{alone}"


def plugin_advice(name: str) -> str:
    """How to install the plugin of a source: ``from the adoptstats clone: pip install -e plugins/adoptstats-NAME``.

    >>> plugin_advice("eurostat")
    'from the adoptstats clone: pip install -e plugins/adoptstats-eurostat'
    """
    return f"from the adoptstats clone: pip install -e plugins/adoptstats-{name}"
