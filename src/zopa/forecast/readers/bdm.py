"""Readers of single-issue expected-utility (BDM) tables.

* BDM CSV, as in jmckib/bdm-scholz-expected-utility-model
  (``Actor,Capability,Position,Salience``) and dmasad/BDM_DecisionModel_Replication
  (``Stakeholder,Resources,Position,Salience``).  Column names are matched
  case-insensitively; synonyms: actor/stakeholder/name, capability/resources/power/c,
  position/x, salience/s.
* The tab-separated EUM format of decisionmechanics/eum (``Name x c s``; the
  first header cell may be blank).

Saliences above 1 are read as 0..100 and divided by 100; a file mixing the
scales (fractions of 1 beside values above 1) is an error naming the odd
values' lines.  The issue is named
after the file (``issue=`` overrides); its bounds are the range of positions.

Examples
--------
>>> import tempfile, os
>>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
...     _ = f.write("Actor,Capability,Position,Salience\\nA,0.5,4,80\\nB,0.5,10,60\\n")
>>> inp = read_bdm_csv(f.name, issue="delay"); os.unlink(f.name)
>>> inp.salience[:, 0].tolist()
[0.8, 0.6]
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from zopa.forecast.data import ForecastInput
from zopa.forecast.readers._util import Problems, read_text, unit_scale

__all__ = ["read_bdm_csv", "read_eum_tsv"]

_SYN = {
    "actor": ("actor", "stakeholder", "name", ""),
    "capability": ("capability", "resources", "power", "c", "clout"),
    "position": ("position", "x"),
    "salience": ("salience", "s"),
}


def _read_table(path, delimiter, issue, fmt) -> ForecastInput:
    probs = Problems(path)
    rows = [(k + 1, [c.strip() for c in r]) for k, r in
            enumerate(csv.reader(io.StringIO(read_text(path)), delimiter=delimiter))]
    rows = [(k, r) for k, r in rows if any(r)]
    if len(rows) < 3:
        probs.fail(None, "", "need a header and at least two actor rows")
    hline, header = rows[0]
    low = [h.lower() for h in header]
    col = {}
    for key, names in _SYN.items():
        hit = [j for j, h in enumerate(low) if h in names]
        if not hit:
            probs.add(hline, "header", f"no {key} column", f"expected one of {[n for n in names if n]}")
        else:
            col[key] = hit[0]
    probs.raise_if_any()
    names, vals, lines = [], [], []
    for k, r in rows[1:]:
        if len(r) < len(header):
            probs.add(k, f"row {k}", f"needs {len(header)} fields", f"found {len(r)}")
            continue
        name = r[col["actor"]]
        if not name:
            probs.add(k, f"row {k}.{header[col['actor']] or 'actor'}", "actor name is empty")
        names.append(name)
        lines.append(k)
        vals.append([probs.number(r[col[c]], k, f"{name}.{c}", col=col[c] + 1)
                     for c in ("capability", "position", "salience")])
    probs.raise_if_any()
    v = np.array(vals, float)
    for j, (c, _x, s) in enumerate(v):
        if c < 0:
            probs.add(lines[j], f"{names[j]}.capability", "must be >= 0", f"got {c:g}")
        if s < 0 or s > 100:
            probs.add(lines[j], f"{names[j]}.salience", "must be within 0..1 (or 0..100)", f"got {s:g}")
    if len(set(names)) != len(names):
        probs.add(None, "actors", "actor names must be unique")
    probs.raise_if_any()
    sal = v[:, 2] / unit_scale(probs, v[:, 2], [(ln, f"{a}.salience", col["salience"] + 1)
                                                 for ln, a in zip(lines, names, strict=True)])
    name = issue or Path(path).stem
    return ForecastInput(names, (name,), v[:, [1]], sal[:, None], v[:, 0], source=str(path),
                         meta={"format": fmt})


def read_bdm_csv(path: str | Path, issue: str | None = None) -> ForecastInput:
    """Read a one-issue BDM table in CSV (see the module notes)."""
    return _read_table(path, ",", issue, "bdm-csv")


def read_eum_tsv(path: str | Path, issue: str | None = None) -> ForecastInput:
    """Read a one-issue table in decisionmechanics/eum's tab-separated format."""
    return _read_table(path, "\t", issue, "eum-tsv")
