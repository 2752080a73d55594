"""The :class:`Source` base class every source plugin subclasses."""

from __future__ import annotations

import abc
import difflib
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from adoptstats.concepts import current_vocabulary
from adoptstats.errors import UnknownFilterValueError

if TYPE_CHECKING:
    from adoptstats.errors import Hint
    from adoptstats.records import Indicator, Query, SourceInfo
    from adoptstats.resultset import ResultSet

__all__ = ["SOURCE_NAME_RE", "Source", "check_query"]

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
    #: Former indicator codes and what replaced them; asking for one is refused with "it is now ...".
    renamed_indicators: ClassVar[Mapping[str, str]] = {}

    @abc.abstractmethod
    def info(self) -> SourceInfo:
        """Title, publisher, licence, URL and coverage of the source."""

    @abc.abstractmethod
    def indicators(self) -> list[Indicator]:
        """The native indicators this source can return, each mapped to a concept."""

    @abc.abstractmethod
    def fetch(self, query: Query) -> ResultSet:
        """The rows matching ``query``."""

    def empty_hint(self, query: Query) -> Hint | None:
        """What only this source can say when ``query`` matched nothing (``None``: nothing to add).

        :func:`adoptstats.fetch` adds it to the explanation it gives of an empty answer, after
        asking the source again without each filter.  The manual source names the folder it
        read and the ``path`` argument (``--path`` on the command line), as a
        :class:`~adoptstats.Hint` whose arguments each caller spells its own way.
        """
        return None

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


def check_query(source: Source, query: Query) -> None:
    """Refuse a query naming what ``source`` cannot know, before the source runs.

    - Every concept must be in the vocabulary (core concepts and those of the loaded
      plugins); the suggestions favour the concepts the source maps.
    - Every indicator must be a code of ``source.indicators()``, and the dataset one
      that an indicator names, unless ``source.info().open_catalogue`` is true (a
      source serving a whole database checks its codes itself).  The dataset check
      applies only to sources whose indicators name their datasets.

    :func:`adoptstats.fetch` calls it for every source, so a source need not repeat it.

    :raises UnknownFilterValueError: naming the filter and the value, with suggestions.
    """
    vocabulary = current_vocabulary()
    unknown = [c for c in query.concepts if c not in vocabulary]
    listed: list[Indicator] | None = None
    if unknown:
        listed = list(source.indicators())
        own = sorted({i.concept for i in listed if i.concept} & {c.name for c in vocabulary.concepts()})
        name = unknown[0]
        close = list(dict.fromkeys([*difflib.get_close_matches(name, own, n=3, cutoff=0.6), *vocabulary.suggest(name)]))
        area = name.split(".", 1)[0]
        if not close:  # nothing close: offer what the source has in that area, else what it has
            close = [c for c in own if c.split(".", 1)[0] == area] or own
        raise UnknownFilterValueError(
            f"source {source.name!r}: unknown concept {name!r}{_hint(close)} (adoptstats.list_concepts() lists them)",
            filter="concept",
            value=name,
            suggestions=close[:5],
        )
    if not (query.indicators or query.dataset):
        return
    if source.info().open_catalogue:
        return
    listed = list(source.indicators()) if listed is None else listed
    codes = sorted({i.code for i in listed})
    renamed = getattr(source, "renamed_indicators", None) or {}
    for code in query.indicators:
        if code not in codes:
            close = _close(code, codes)
            hint = f"; it is now {renamed[code]}" if code in renamed else _hint(close)
            raise UnknownFilterValueError(
                f"source {source.name!r} has no indicator {code!r}{hint} "
                f"(its indicators() lists {len(codes)}: {_some(codes)})",
                filter="indicator",
                value=code,
                suggestions=close,
            )
    datasets = sorted({i.dataset for i in listed if i.dataset})
    if query.dataset and datasets and query.dataset not in datasets:
        close = _close(query.dataset, datasets)
        raise UnknownFilterValueError(
            f"source {source.name!r} has no dataset {query.dataset!r}{_hint(close)} (its datasets: {_some(datasets)})",
            filter="dataset",
            value=query.dataset,
            suggestions=close,
        )


def _close(value: str, known: Sequence[str]) -> list[str]:
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
    if not close:  # case or separators: isoc_CISMT, ENT-SOC
        folded = {re.sub(r"[-_. ]", "", k).lower(): k for k in known}
        hit = folded.get(re.sub(r"[-_. ]", "", value).lower())
        close = [hit] if hit else []
    return close


def _hint(close: Sequence[str]) -> str:
    return f"; did you mean {', '.join(repr(c) for c in close[:5])}?" if close else ""


def _some(names: Sequence[str], n: int = 8) -> str:
    shown = ", ".join(names[:n])
    return shown + (f" ... and {len(names) - n} more" if len(names) > n else "") if names else "none"
