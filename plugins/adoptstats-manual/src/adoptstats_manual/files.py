"""Where manual files are: explicit paths, folders, and the default data folder.

The default folder is ``ADOPTSTATS_MANUAL_PATH`` when it is set (one folder or file, or
several separated by ``os.pathsep``), else the user data folder ``adoptstats/manual``
(on Linux ``~/.local/share/adoptstats/manual``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import platformdirs

from adoptstats import QueryError
from adoptstats_manual.read import FORMATS

__all__ = ["PathsLike", "default_paths", "find_files"]

#: One path or several: a file, a folder, or a list of them.
PathsLike = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def default_paths() -> list[Path]:
    """The default places to look for manual files (see the module documentation)."""
    env = os.environ.get("ADOPTSTATS_MANUAL_PATH", "").strip()
    if env:
        return [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]
    return [platformdirs.user_data_path("adoptstats", appauthor=False) / "manual"]


def _as_list(paths: PathsLike) -> list[Path]:
    if isinstance(paths, (str, os.PathLike)):
        return [Path(paths).expanduser()]
    return [Path(p).expanduser() for p in paths]


def find_files(paths: PathsLike | None = None) -> list[Path]:
    """The manual files at ``paths`` (files, or folders whose ``*.csv``, ``*.yaml``, ``*.yml`` files are read).

    With ``paths=None`` the default folder is searched, and a default folder that does not
    exist yet simply holds no files.  Hidden files (``.name``) in folders are skipped:
    they are the temporary files of a write in progress.

    :raises QueryError: when a path given explicitly does not exist or is not a manual file.
    """
    explicit = paths is not None
    found: list[Path] = []
    for path in _as_list(paths) if paths is not None else default_paths():
        if path.is_dir():
            found += sorted(
                p for p in path.iterdir() if p.suffix.lower() in FORMATS and not p.name.startswith(".") and p.is_file()
            )
        elif path.is_file():
            if path.suffix.lower() not in FORMATS:
                raise QueryError(f"{path}: not a manual file; manual files end in {', '.join(FORMATS)}")
            found.append(path)
        elif explicit:
            raise QueryError(f"{path}: no such file or folder")
    return found
