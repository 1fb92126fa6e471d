"""Shared helpers of the forecast-file readers: problems with file:line."""

from __future__ import annotations

from pathlib import Path

from zopa.errors import DataFileError, Problem

__all__ = ["Problems", "read_text"]


class Problems:
    """Collects problems in one file and raises them all at once.

    Examples
    --------
    >>> p = Problems("f.csv")
    >>> p.add(3, "row[2].salience", "must be a number", "got 'x'", col=5)
    >>> str(p.items[0])
    "f.csv:3:5: row[2].salience: must be a number (got 'x')"
    """

    def __init__(self, file: str | Path):
        self.file = str(file)
        self.items: list[Problem] = []

    def add(self, line: int | None, path: str, message: str, hint: str = "", col: int | None = None) -> None:
        self.items.append(Problem(self.file, line, col, path, message, hint))

    def number(self, text: str, line: int, path: str, *, col: int | None = None) -> float:
        """Parse a float, recording a problem (and returning NaN) when it is not one."""
        t = text.strip().strip('"').strip("'")
        try:
            return float(t)
        except ValueError:
            self.add(line, path, "must be a number", f"got {text.strip()!r}", col)
            return float("nan")

    def raise_if_any(self) -> None:
        if self.items:
            raise DataFileError(self.items)

    def fail(self, line: int | None, path: str, message: str, hint: str = "") -> None:
        self.add(line, path, message, hint)
        self.raise_if_any()


def read_text(path: str | Path) -> str:
    """The file's text (UTF-8, BOM and CR line endings tolerated)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as err:
        raise DataFileError([Problem(str(path), None, None, "", f"cannot read the file: {err.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")
