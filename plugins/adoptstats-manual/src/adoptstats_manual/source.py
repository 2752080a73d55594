"""The ``manual`` source: figures from your own CSV or YAML files.

Plugin discovery imports this module, so it stays light: the file readers (and PyYAML) are
imported when a fetch starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import adoptstats
from adoptstats import Argument, Hint, Indicator, Observation, Query, ResultSet, Source, SourceInfo

if TYPE_CHECKING:
    from adoptstats_manual.files import PathsLike

__all__ = ["ManualSource"]


class ManualSource(Source):
    """Figures you entered yourself, each row with its citation.

    Files come from the ``path`` option (a file, a folder, or a list of them) or, without
    it, from the default folder (``ADOPTSTATS_MANUAL_PATH``, else the user data folder
    ``adoptstats/manual``).  A file with any problem stops the fetch with one
    :class:`~adoptstats.ValidationError` listing every problem.

    >>> from adoptstats_manual import ManualSource
    >>> ManualSource().query(path="figures.csv", geo="Belux").options
    {'path': 'figures.csv'}
    """

    name = "manual"
    options = ("path",)

    def __init__(self, paths: PathsLike | None = None) -> None:
        self.paths = paths

    def info(self) -> SourceInfo:
        """Title, publisher and description of the source."""
        return SourceInfo(
            name=self.name,
            title="Your own figures (CSV or YAML files)",
            publisher="Various: every row cites its own publisher",
            description="Figures entered by hand from press articles, reports and PDFs, each with its citation.",
            coverage="Whatever your files hold",
            open_catalogue=True,  # your files name their own indicators and datasets
        )

    def indicators(self) -> list[Indicator]:
        """One indicator per concept of the vocabulary: a row without an indicator is named after its concept."""
        return [
            Indicator(code=c.name, label=c.label, concept=c.name, match="same", unit=c.unit)
            for c in adoptstats.list_concepts()
        ]

    def empty_hint(self, query: Query) -> Hint | None:
        """Without a ``path``: the default folder read, and how many manual files it held."""
        if query.options.get("path", self.paths) is not None:
            return None  # the files asked for were read
        from adoptstats_manual.files import default_paths, find_files

        folder = " and ".join(str(p) for p in default_paths()).replace("{", "{{").replace("}", "}}")
        held = len(find_files(None))
        what = f"holds {held} manual file{'s' if held != 1 else ''}" if held else "holds no manual files"
        return Hint(
            text=f"the default folder {folder} {what} (ADOPTSTATS_MANUAL_PATH moves it); pass {{path}} to read a file",
            arguments={"path": Argument("path", "figures.csv")},
        )

    def fetch(self, query: Query) -> ResultSet:
        """The rows of the files that pass the query's filters."""
        from adoptstats_manual.validate import load_observations

        observations = load_observations(query.options.get("path", self.paths))
        return ResultSet.from_records(obs for obs in observations if _wanted(obs, query))


def _wanted(obs: Observation, query: Query) -> bool:
    """Whether an observation passes the common filters of a query."""
    return (
        (query.dataset is None or obs.dataset == query.dataset)
        and (not query.indicators or obs.indicator in query.indicators)
        and (not query.concepts or obs.concept in query.concepts)
        and (not query.geos or obs.geo in query.geos)
        and query.wants_period(obs.period)
    )
