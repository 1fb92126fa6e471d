"""Reader of Decide's input files (Stokman's exchange model, foarsitter/decide-exchange-model).

Tab-separated (or ``;``/``,``-separated) rows with single-quote quoting:

* ``'#A'  id  name  comment`` declares an actor;
* ``'#P'  issue  name  description`` declares an issue;
* ``'#M'  issue  value  [meaning]`` gives a point of the issue's scale (the
  smallest and largest are its bounds; 0..100 when none is given);
* ``'#D'  actor  issue  position  salience  power`` gives an actor's data;
* ``'#/'`` comments and ``'#O'`` descriptions are skipped.

Saliences and powers are on 0..1 (files using 0..100 are divided by 100; the
saliences, and the powers, must be all on one scale: a file mixing fractions
of 1 with values above 1 is an error naming the odd values' lines).
An actor without a ``#D`` row on an issue is absent from it.

Examples
--------
>>> import tempfile, os
>>> text = "\\n".join(["'#A'\\t'a'\\t'a'\\t''", "'#A'\\t'b'\\t'b'\\t''", "'#P'\\t'x'\\t'x'\\t''",
...     "'#M'\\t'x'\\t0", "'#M'\\t'x'\\t10", "'#D'\\t'a'\\t'x'\\t2\\t0.5\\t1", "'#D'\\t'b'\\t'x'\\t8\\t1\\t0.5"])
>>> with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
...     _ = f.write(text)
>>> inp = read_decide(f.name); os.unlink(f.name)
>>> inp.bounds.tolist(), inp.position[:, 0].tolist()
([[0.0, 10.0]], [2.0, 8.0])
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from zopa.forecast.data import ForecastInput
from zopa.forecast.readers._util import Problems, read_text, unit_scale

__all__ = ["read_decide"]


def read_decide(path: str | Path) -> ForecastInput:
    """Read a Decide input file (see the module notes)."""
    probs = Problems(path)
    text = read_text(path)
    first = next((ln for ln in text.split("\n") if ln.strip()), "")
    delim = "\t" if "\t" in first else (";" if ";" in first else ",")
    actors: dict[str, int] = {}
    issues: dict[str, int] = {}
    marks: dict[str, list[float]] = {}
    data: list[tuple[int, str, str, float, float, float]] = []
    for k, row in enumerate(csv.reader(io.StringIO(text), delimiter=delim, quotechar="'"), start=1):
        row = [c.strip() for c in row]
        while row and row[-1] == "":
            row.pop()
        if not row:
            continue
        kind = row[0].upper()
        if kind in ("#/", "#O"):
            continue
        if kind == "#A":
            if len(row) < 2 or not row[1]:
                probs.add(k, "#A", "an actor row needs an id")
            elif row[1] in actors:
                probs.add(k, f"#A {row[1]}", "actor declared twice")
            else:
                actors[row[1]] = k
        elif kind == "#P":
            if len(row) < 2 or not row[1]:
                probs.add(k, "#P", "an issue row needs a name")
            elif row[1] in issues:
                probs.add(k, f"#P {row[1]}", "issue declared twice")
            else:
                issues[row[1]] = k
        elif kind == "#M":
            if len(row) < 3:
                probs.add(k, "#M", "an issue-scale row needs an issue and a value")
            else:
                marks.setdefault(row[1], []).append(probs.number(row[2], k, f"#M {row[1]}.value", col=3))
        elif kind == "#D":
            if len(row) < 6:
                probs.add(k, "#D", "a data row needs actor, issue, position, salience and power",
                          f"found {len(row) - 1} fields")
                continue
            a, i = row[1], row[2]
            x = probs.number(row[3], k, f"#D {a}/{i}.position", col=4)
            s = probs.number(row[4], k, f"#D {a}/{i}.salience", col=5)
            c = probs.number(row[5], k, f"#D {a}/{i}.power", col=6)
            data.append((k, a, i, x, s, c))
        else:
            probs.add(k, "", f"unknown row type {row[0]!r}", "expected '#A', '#P', '#M', '#D' or '#/'")
    for k, a, i, *_ in data:
        if a not in actors:
            probs.add(k, f"#D {a}/{i}", f"actor {a!r} is not declared by an '#A' row")
        if i not in issues:
            probs.add(k, f"#D {a}/{i}", f"issue {i!r} is not declared by a '#P' row")
    for i in marks:
        if i not in issues:
            probs.add(None, f"#M {i}", f"issue {i!r} is not declared by a '#P' row")
    if not actors or not issues or not data:
        probs.add(None, "", "a Decide file needs '#A', '#P' and '#D' rows")
    probs.raise_if_any()
    an, iname = list(actors), list(issues)
    n, m = len(an), len(iname)
    pos, sal, pw = np.full((n, m), np.nan), np.full((n, m), np.nan), np.full((n, m), np.nan)
    for k, a, i, x, s, c in data:
        r, col = an.index(a), iname.index(i)
        if not np.isnan(pos[r, col]):
            probs.add(k, f"#D {a}/{i}", "actor-issue pair given twice")
        if s < 0 or s > 100:
            probs.add(k, f"#D {a}/{i}.salience", "must be within 0..1 (or 0..100)", f"got {s:g}", 5)
        if c < 0 or c > 100:
            probs.add(k, f"#D {a}/{i}.power", "must be within 0..1 (or 0..100)", f"got {c:g}", 6)
        pos[r, col], sal[r, col], pw[r, col] = x, s, c
    bounds = []
    for col, i in enumerate(iname):
        vals = marks.get(i, [])
        lo, hi = (min(vals), max(vals)) if vals else (0.0, 100.0)
        if hi <= lo:
            probs.add(issues[i], f"#P {i}", "the issue's '#M' values must span a range", f"got {lo:g}..{hi:g}")
        xs = pos[:, col][~np.isnan(pos[:, col])]
        if len(xs) and (xs.min() < lo - 1e-9 or xs.max() > hi + 1e-9):
            probs.add(issues[i], f"#P {i}", f"positions must lie within the issue's bounds {lo:g}..{hi:g}",
                      f"found {xs.min():g}..{xs.max():g}")
        bounds.append((lo, hi))
    probs.raise_if_any()
    sal = sal / unit_scale(probs, [d[4] for d in data], [(d[0], f"#D {d[1]}/{d[2]}.salience", 5) for d in data])
    pw = pw / unit_scale(probs, [d[5] for d in data], [(d[0], f"#D {d[1]}/{d[2]}.power", 6) for d in data],
                         "power")
    # one power per actor when it does not vary across issues
    pmax, pmin = np.nanmax(pw, 1), np.nanmin(pw, 1)
    cap = pmax if np.array_equal(pmax, pmin) else np.where(np.isnan(pw), 0.0, pw)
    keep = ~np.all(np.isnan(pos), 1)
    if not keep.all():
        cap = cap[keep]
        pos, sal = pos[keep], sal[keep]
        an = [a for a, k in zip(an, keep, strict=True) if k]
    return ForecastInput(an, iname, pos, sal, cap, bounds=bounds, source=str(path),
                         meta={"format": "decide"})
