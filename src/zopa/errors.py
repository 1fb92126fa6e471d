"""Errors that zopa reports to its users.

Bad input never reaches a user as a traceback: it raises :class:`InputError`
(or a subclass) carrying every :class:`Problem` found, each of which prints as
``file:line:col: field.path: message (hint)``.  The CLI prints those lines and
exits with code 2.

Examples
--------
>>> p = Problem("war.yaml", 12, 3, "actors[0].salience", "must be >= 0", "saliences run 0..1")
>>> str(p)
'war.yaml:12:3: actors[0].salience: must be >= 0 (saliences run 0..1)'
>>> err = ScenarioError([p])
>>> print(err)
war.yaml:12:3: actors[0].salience: must be >= 0 (saliences run 0..1)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Problem", "ZopaError", "InputError", "ScenarioError", "DataFileError"]


@dataclass(frozen=True)
class Problem:
    """One problem in one place of an input file.

    Parameters
    ----------
    file : str
        The file's name or path as the user gave it (``"<string>"`` for text).
    line, col : int or None
        1-based position, where known.
    path : str
        The field path inside the document, e.g. ``actors[2].issues.nato.position``.
    message : str
        What is wrong, in plain words.
    hint : str, optional
        How to fix it (a did-you-mean, the allowed range, ...).
    """

    file: str
    line: int | None
    col: int | None
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def to_dict(self) -> dict:
        """The problem as a JSON-ready dict."""
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


class ZopaError(Exception):
    """Base class of every error zopa raises on purpose."""


class InputError(ZopaError, ValueError):
    """Bad input: one or more :class:`Problem` objects, all reported at once."""

    def __init__(self, problems: Iterable[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("<input>", None, None, "", problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ScenarioError(InputError):
    """A scenario file (or override) that does not validate."""


class DataFileError(InputError):
    """A data file (forecast inputs, conflict datasets) that cannot be read."""
