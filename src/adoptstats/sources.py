"""The :class:`Source` base class every source plugin subclasses."""

from __future__ import annotations

import abc
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from adoptstats.records import Indicator, Query, SourceInfo
    from adoptstats.resultset import ResultSet

__all__ = ["SOURCE_NAME_RE", "Source"]

#: Source names: lower case, starting with a letter.
SOURCE_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]*$")


class Source(abc.ABC):
    """A supplier of survey results.

    Subclasses set :attr:`name` and implement :meth:`info`, :meth:`indicators` and
    :meth:`fetch`.  ``fetch`` receives a :class:`~adoptstats.Query` and returns a
    :class:`~adoptstats.ResultSet` whose rows all carry citations.  Raise
    :class:`~adoptstats.errors.SourceUnavailable` for "cannot answer now" and
    :class:`~adoptstats.errors.QueryError` for bad filters; anything else is wrapped
    in :class:`~adoptstats.errors.SourceError` by :func:`adoptstats.fetch`.
    """

    #: The source's registered name (``"regus"``, ``"eurostat"``, ``"manual"``).
    name: ClassVar[str]
    #: Query options (``Query.options`` keys) this source understands, beyond the common filters.
    options: ClassVar[tuple[str, ...]] = ()

    @abc.abstractmethod
    def info(self) -> SourceInfo:
        """Title, publisher, licence, URL and coverage of the source."""

    @abc.abstractmethod
    def indicators(self) -> list[Indicator]:
        """The native indicators this source can return, each mapped to a concept."""

    @abc.abstractmethod
    def fetch(self, query: Query) -> ResultSet:
        """The rows matching ``query``."""

    def query(self, **filters: Any) -> Query:
        """Build a :class:`~adoptstats.Query` from keyword filters.

        The common filters are ``dataset``, ``indicator``/``indicators``,
        ``concept``/``concepts``, ``geo``/``geos``, ``period``/``periods``, ``since`` and
        ``until``; any other keyword must be one of :attr:`options`.
        """
        from adoptstats.errors import QueryError
        from adoptstats.records import Query

        aliases = {"indicator": "indicators", "concept": "concepts", "geo": "geos", "period": "periods"}
        common: dict[str, Any] = {}
        given = filters.pop("options", None)
        if given is not None and not isinstance(given, Mapping):
            raise QueryError(
                f"source {self.name!r}: options must be a mapping of option names to values, "
                f"not {type(given).__name__} {given!r}"
            )
        options: dict[str, Any] = dict(given or {})
        for key, value in filters.items():
            name = aliases.get(key, key)
            if name in ("dataset", "indicators", "concepts", "geos", "periods", "since", "until"):
                if value is not None:
                    common[name] = value
            elif key in self.options:
                options[key] = value
            else:
                allowed = sorted({*aliases, "dataset", "since", "until", *self.options})
                raise QueryError(f"source {self.name!r} has no filter {key!r}; it accepts {', '.join(allowed)}")
        return Query(**common, options=options)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {getattr(self, 'name', '?')!r}>"
