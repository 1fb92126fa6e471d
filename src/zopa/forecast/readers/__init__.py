"""Readers of the files forecasting analysts already have, and a dispatcher.

=========  ===================================================  =======================
format     files                                                reader
=========  ===================================================  =======================
ktab       KTAB SMP scenarios, CSV or XML                       :func:`read_ktab_csv`,
                                                                :func:`read_ktab_xml`
decide     Decide (exchange model) ``#A/#P/#M/#D`` files        :func:`read_decide`
bdm        BDM tables (CSV) and decisionmechanics EUM (TSV)     :func:`read_bdm_csv`,
                                                                :func:`read_eum_tsv`
deu        DEU III (EU decisions with outcomes)                 :func:`read_deu`
=========  ===================================================  =======================

:func:`read` sniffs the format from the file's name and first lines.  Every
reader raises :class:`zopa.errors.DataFileError` naming file, line and field.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from zopa.errors import DataFileError, Problem
from zopa.forecast.data import ForecastInput
from zopa.forecast.readers._util import read_text
from zopa.forecast.readers.bdm import read_bdm_csv, read_eum_tsv
from zopa.forecast.readers.decide import read_decide
from zopa.forecast.readers.deu import read_deu
from zopa.forecast.readers.ktab import read_ktab_csv, read_ktab_xml

__all__ = ["FORMATS", "combine", "read", "read_bdm_csv", "read_decide", "read_deu",
           "read_eum_tsv", "read_ktab_csv", "read_ktab_xml", "sniff"]

FORMATS = ("ktab", "decide", "bdm", "deu")


def sniff(path: str | Path) -> str:
    """Guess the format of a forecast file: ``ktab``, ``decide``, ``bdm`` or ``deu``."""
    p = Path(path)
    text = read_text(p)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        raise DataFileError([Problem(str(path), None, None, "", "the file is empty")])
    first = lines[0].strip()
    if p.suffix.lower() == ".xml" or first.startswith("<?xml") or first.startswith("<Scenario"):
        return "ktab"
    if first.startswith("'#") or first.startswith("#A") or first.startswith('"#'):
        return "decide"
    cells = [c.strip().strip('"').lower() for c in first.replace("\t", ",").split(",")]
    if "prnr" in cells and "isnr" in cells:
        return "deu"
    if {"position", "salience"} <= set(cells) or {"x", "c", "s"} <= set(cells):
        return "bdm"
    parts = [c.strip() for c in first.split(",")]
    if len(parts) >= 4:
        try:
            int(float(parts[2]))
            int(float(parts[3]))
            return "ktab"
        except ValueError:
            pass
    raise DataFileError([Problem(str(path), 1, None, "", "cannot tell the file's format",
                                 "pass format= one of ktab, decide, bdm, deu")])


def combine(cases: list[ForecastInput]) -> ForecastInput:
    """Put single- or multi-issue cases side by side in one input (actors united, in order)."""
    actors = list(dict.fromkeys(a for c in cases for a in c.actors))
    issues = [i for c in cases for i in c.issues]
    n, m = len(actors), len(issues)
    pos, sal, cap = np.full((n, m), np.nan), np.full((n, m), np.nan), np.zeros((n, m))
    ref, out, bounds = np.full(m, np.nan), np.full(m, np.nan), np.zeros((m, 2))
    k = 0
    for c in cases:
        rows = [actors.index(a) for a in c.actors]
        cols = slice(k, k + c.n_issues)
        pos[rows, cols], sal[rows, cols], cap[rows, cols] = c.position, c.salience, c.cap2d
        bounds[cols] = c.bounds
        if c.reference is not None:
            ref[cols] = c.reference
        if c.outcome is not None:
            out[cols] = c.outcome
        k += c.n_issues
    present = ~np.isnan(pos)
    cmax = np.where(present, cap, -np.inf).max(1)
    cmin = np.where(present, cap, np.inf).min(1)
    capability = cmax if np.array_equal(cmax, cmin) else cap
    meta = dict(cases[0].meta) if cases else {}
    if cases and "prnr" in cases[0].meta:
        meta["prnr"] = [c.meta["prnr"] for c in cases for _ in c.issues]
    return ForecastInput(actors, issues, pos, sal, capability, bounds=bounds, reference=ref, outcome=out,
                         source=cases[0].source if cases else "", meta=meta)


def read(path: str | Path, format: str | None = None) -> ForecastInput:
    """Read a forecast input file of any supported format.

    Parameters
    ----------
    path : path
    format : {"ktab", "decide", "bdm", "deu"}, optional
        Sniffed from the file when omitted.

    Returns
    -------
    ForecastInput
        For DEU, every issue of the file in one input (use :func:`read_deu`
        for one case per issue or per proposal).
    """
    fmt = sniff(path) if format is None else format
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {format!r}")
    p = Path(path)
    if fmt == "ktab":
        first = next((ln for ln in read_text(p).split("\n") if ln.strip()), "")
        xml = p.suffix.lower() == ".xml" or first.lstrip().startswith("<")
        return read_ktab_xml(p) if xml else read_ktab_csv(p)
    if fmt == "decide":
        return read_decide(p)
    if fmt == "bdm":
        first = next((ln for ln in read_text(p).split("\n") if ln.strip()), "")
        return read_eum_tsv(p) if "\t" in first else read_bdm_csv(p)
    return combine(read_deu(p))
