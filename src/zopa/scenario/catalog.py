"""Scenario files that ship with zopa beyond the built-ins (e.g. the historical cases).

Other packages list a folder of scenario files here so that ``zopa.load(NAME)`` finds them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: (package, folder) pairs holding extra named scenario files
FOLDERS: list[tuple[str, str]] = [("zopa.history", "cases")]


def _files() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for package, folder in FOLDERS:
        try:
            root = resources.files(package) / folder
        except ModuleNotFoundError:
            continue
        if not root.is_dir():
            continue
        for entry in root.iterdir():
            if entry.name.endswith((".yaml", ".yml")):
                out[entry.name.rsplit(".", 1)[0]] = Path(str(entry))
    return out


def names() -> list[str]:
    """Names of the extra scenario files."""
    return sorted(_files())


def find(name: str) -> Path | None:
    """Path of the extra scenario file called ``name``, or None."""
    return _files().get(name)
