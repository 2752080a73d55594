"""Exception and warning classes.

Every error adoptstats raises on purpose is an :class:`AdoptstatsError`, and its
message says what was wrong and where (file, line, row, column, source or URL).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Self

import attrs

__all__ = [
    "AdoptstatsError",
    "AdoptstatsPluginWarning",
    "AdoptstatsWarning",
    "AggregationError",
    "Argument",
    "ComparabilityError",
    "ComparabilityWarning",
    "DuplicateReportsError",
    "DuplicateSourceError",
    "EmptyResultError",
    "EmptyResultWarning",
    "FormatError",
    "Hint",
    "OfflineError",
    "PluginHookError",
    "PluginLoadError",
    "Problem",
    "QueryError",
    "RecordError",
    "SelectionError",
    "SourceError",
    "SourceUnavailable",
    "SourceWarning",
    "UnitWarning",
    "UnknownConceptError",
    "UnknownFilterValueError",
    "UnknownGeographyError",
    "UnknownSourceError",
    "ValidationError",
    "ValueStringError",
]


@attrs.frozen
class Argument:
    """An argument a message names: ``period=...`` in Python, ``--period`` on the command line.

    ``value`` is what to pass, or ``...`` (any value); ``True`` names a switch.
    """

    name: str
    value: object = ...

    def python(self) -> str:
        """As a keyword argument: ``geo='BE+LU'``, ``period=...``, ``offline=True``."""
        return f"{self.name}=..." if self.value is ... else f"{self.name}={self.value!r}"


def _arguments(value: Mapping[str, Argument]) -> dict[str, Argument]:
    return dict(value)


#: Spells an :class:`Argument` for a reader: Python's keyword (the default) or a command-line flag.
Spelling = Callable[[Argument], str]


@attrs.frozen(kw_only=True)
class Hint:
    """A message that names arguments of the call, so each caller can spell them its own way.

    ``text`` holds ``{field}`` placeholders, each an :class:`Argument` of ``arguments``;
    ``str(hint)`` spells them as Python keywords and the command line passes its own
    spelling (``--geo BE+LU``), so neither has to rewrite the other's words.

    >>> hint = Hint(text="pass {period} to choose one", arguments={"period": Argument("period")})
    >>> str(hint)
    'pass period=... to choose one'
    >>> hint.render(lambda a: "--" + a.name)
    'pass --period to choose one'
    """

    text: str
    arguments: Mapping[str, Argument] = attrs.field(factory=dict, converter=_arguments, hash=False)

    def render(self, spelling: Spelling | None = None) -> str:
        """The text with every argument spelled by ``spelling`` (Python keywords by default)."""
        spell = spelling or Argument.python
        return self.text.format(**{field: spell(argument) for field, argument in self.arguments.items()})

    def __str__(self) -> str:
        return self.render()


class AdoptstatsError(Exception):
    """Base class of every error adoptstats raises on purpose.

    An error whose message names arguments of the call carries them in :attr:`hint` (see
    :meth:`naming`): the message speaks Python, and :meth:`message` lets the command line
    name its flags instead.
    """

    #: The message with the arguments it names, when it names any (see :meth:`naming`).
    hint: Hint | None = None

    def naming(self, **arguments: object) -> Self:
        """Mark the ``{name}`` fields of the message as the arguments ``name``, with the value to pass (``...``: any).

        >>> str(SelectionError("2 periods remain; pass {period} to choose one").naming(period=...))
        '2 periods remain; pass period=... to choose one'
        """
        self.hint = Hint(
            text=str(self.args[0]), arguments={name: Argument(name, value) for name, value in arguments.items()}
        )
        self.args = (self.hint.render(), *self.args[1:])
        return self

    def message(self, spelling: Spelling | None = None) -> str:
        """The message, with the arguments it names spelled by ``spelling`` (the command line passes flags)."""
        if self.hint is None or spelling is None:
            return str(self)
        return self.hint.render(spelling)


@attrs.frozen(kw_only=True)
class Problem:
    """One problem found while validating data.

    ``row`` is a 0-based row position in a frame, ``line`` a 1-based line in a
    file (the header is line 1); either may be ``None`` when not applicable.
    """

    message: str
    column: str | None = None
    value: object = None
    row: int | None = None
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file + (f":{self.line}" if self.line is not None else ""))
        elif self.line is not None:
            where.append(f"line {self.line}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        head = ", ".join(where)
        shown = "" if self.value is None else f" (value {self.value!r})"
        return f"{head}: {self.message}{shown}" if head else f"{self.message}{shown}"


class ValidationError(AdoptstatsError, ValueError):
    """Data failed validation; ``.problems`` lists every problem found, not just the first."""

    #: How many problems the message spells out before summarising the rest.
    MAX_SHOWN = 25

    def __init__(self, what: str, problems: Sequence[Problem]) -> None:
        self.what = what
        self.problems: list[Problem] = list(problems)
        n = len(self.problems)
        lines = [f"{what}: {n} problem{'s' if n != 1 else ''}"]
        lines += [f"  - {p}" for p in self.problems[: self.MAX_SHOWN]]
        if n > self.MAX_SHOWN:
            lines.append(f"  ... and {n - self.MAX_SHOWN} more (see .problems)")
        super().__init__("\n".join(lines))


class RecordError(AdoptstatsError, ValueError):
    """A record (estimate, citation, observation, query) was built with an invalid field."""


class FormatError(AdoptstatsError, ValueError):
    """A file or response is not in the format it claims (JSON-stat, SDMX TSV, CSV, YAML)."""


class ValueStringError(AdoptstatsError, ValueError):
    """A human value string such as ``"plus de 40 %"`` could not be understood."""


class QueryError(AdoptstatsError, ValueError):
    """A fetch filter or query argument is not valid for the source."""


class UnknownFilterValueError(QueryError, LookupError):
    """A fetch filter names a concept, indicator or dataset the source does not know.

    Raised by the core before the source runs.  ``.filter`` is the argument
    (``concept``, ``indicator``, ``dataset``), ``.value`` what was given and
    ``.suggestions`` the close matches.
    """

    def __init__(self, message: str, *, filter: str, value: str, suggestions: Sequence[str] = ()) -> None:
        self.filter = filter
        self.value = value
        self.suggestions = list(suggestions)
        super().__init__(message)


class SelectionError(QueryError, LookupError):
    """The data hold nothing, or more than one thing, for what was asked.

    Raised by comparison functions when a geography, concept or period is absent from the
    results, or when several concepts or periods remain and one must be chosen.
    """


class EmptyResultError(SelectionError):
    """Nothing matched a query; ``hint`` (a :class:`Hint`) says what the source has near it.

    The command line raises it for an empty answer; :func:`adoptstats.fetch` warns with
    :class:`EmptyResultWarning` instead, since an empty result is a valid answer to a program.
    """

    def __init__(self, hint: Hint) -> None:
        super().__init__(hint.render())
        self.hint = hint


class UnknownGeographyError(AdoptstatsError, LookupError):
    """A geography name or code is not known; ``.suggestions`` holds close matches."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        hint = f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown geography {name!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownConceptError(AdoptstatsError, LookupError):
    """A concept name is not in the vocabulary; ``.suggestions`` holds close matches."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        hint = f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown concept {name!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class ComparabilityError(AdoptstatsError):
    """Two figures measure different things (concept, population, period, method or unit)."""


class DuplicateReportsError(AdoptstatsError):
    """Several reports of the same figure were given where one was expected; use ``reconcile``."""


class AggregationError(AdoptstatsError, ValueError):
    """A composite geography cannot be built as asked (missing weights, parts or units)."""


class PluginLoadError(AdoptstatsError):
    """A plugin's entry point failed to import or to register (raised in strict mode)."""

    def __init__(
        self, message: str, *, plugin: str, distribution: str | None = None, version: str | None = None
    ) -> None:
        self.plugin = plugin
        self.distribution = distribution
        self.version = version
        super().__init__(message)


class PluginHookError(AdoptstatsError):
    """A plugin's hook implementation raised or misbehaved."""

    def __init__(self, message: str, *, plugin: str, hook: str) -> None:
        self.plugin = plugin
        self.hook = hook
        super().__init__(message)


class DuplicateSourceError(AdoptstatsError):
    """Two plugins registered a source under the same name."""


class UnknownSourceError(AdoptstatsError, LookupError):
    """No installed source has this name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class SourceError(AdoptstatsError):
    """A source failed while fetching; names the source, its plugin and version."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        plugin: str | None = None,
        distribution: str | None = None,
        version: str | None = None,
    ) -> None:
        self.source = source
        self.plugin = plugin
        self.distribution = distribution
        self.version = version
        super().__init__(message)


class SourceUnavailable(SourceError):
    """The source cannot answer now (network, throttling, bad response); plugins raise it on purpose."""


class OfflineError(SourceUnavailable):
    """Offline mode was asked for and the cache does not hold what the query needs."""


class AdoptstatsWarning(UserWarning):
    """Base class of adoptstats warnings."""


class UnitWarning(AdoptstatsWarning):
    """Percent values that look like fractions (all within 0–1), or units that do not match."""


class ComparabilityWarning(AdoptstatsWarning):
    """A comparison mixes figures that are not strictly comparable (lenient mode)."""


class AdoptstatsPluginWarning(AdoptstatsWarning, RuntimeWarning):
    """A plugin was skipped (import failed, bad hook) or a plugin name in a list is unknown."""


class EmptyResultWarning(AdoptstatsWarning):
    """A fetch matched nothing; the message (and ``hint``, a :class:`Hint`) says what the sources have near it."""

    def __init__(self, hint: Hint) -> None:
        super().__init__(hint.render())
        self.hint = hint


class SourceWarning(AdoptstatsWarning, RuntimeWarning):
    """A source failed during a multi-source fetch with ``on_error="warn"``."""
