"""Shared helpers of the forecast-file readers: problems with file:line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from zopa.errors import DataFileError, Problem

__all__ = ["Problems", "read_text", "unit_scale"]


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


def unit_scale(probs: Problems, values: Sequence[float], where: Sequence[tuple[int | None, str, int | None]],
               what: str = "salience") -> float:
    """The divisor that brings a file's values onto 0..1: 1 (file on 0..1) or 100 (file on 0..100).

    A file is on 0..100 when a value exceeds 1.  A file holding both values
    above 1 and fractions strictly between 0 and 1 mixes the two scales: each
    value on the minority scale (ties: the values above 1) is recorded as a
    problem naming its line and field, and the problems are raised.  0 and 1
    fit either scale.

    Parameters
    ----------
    probs : Problems
        Of the file being read.
    values : sequence of float
        NaN is ignored.
    where : sequence of (line, field, column)
        One per value.
    what : str
        What the values are (``"salience"``, ``"power"``), for the messages.

    Returns
    -------
    float
        1.0 or 100.0.

    Examples
    --------
    >>> p = Problems("f.tsv")
    >>> unit_scale(p, [0.8, 0.4, 1.0], [(2, "a", 5), (3, "b", 5), (4, "c", 5)])
    1.0
    >>> unit_scale(p, [80, 40, 1], [(2, "a", 5), (3, "b", 5), (4, "c", 5)])
    100.0
    >>> try:
    ...     unit_scale(p, [0.8, 0.4, 7], [(2, "a", 5), (3, "b", 5), (4, "c", 5)])
    ... except Exception as err:
    ...     print(err)
    f.tsv:4:5: c: salience 7 on a 0..1 scale; saliences must be all 0..1 or all 0..100 (the file's other saliences are on 0..1, e.g. 0.8 on line 2)
    """
    v = np.asarray(values, float)
    big = v > 1
    frac = (v > 0) & (v < 1)
    if not big.any():
        return 1.0
    if frac.any():
        on_unit = big.sum() <= frac.sum()
        bad, good = (big, frac) if on_unit else (frac, big)
        scale = "0..1" if on_unit else "0..100"
        g = int(np.flatnonzero(good)[0])
        example = f"e.g. {v[g]:g}" + (f" on line {where[g][0]}" if where[g][0] is not None else "")
        for k in np.flatnonzero(bad):
            line, field, col = where[k]
            probs.add(line, field, f"{what} {v[k]:g} on a {scale} scale; {what}s must be all 0..1 or all 0..100",
                      f"the file's other {what}s are on {scale}, {example}", col)
        probs.raise_if_any()
    return 100.0
