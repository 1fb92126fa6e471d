"""Reader of the DEU III dataset (Arregui & Perarnaud; EU legislative decisions).

The tab-separated file (as prepared by blksv/predictioneers_game) has one row
per issue with the proposal id ``prnr``, the issue id ``isnr``, positions
``p<actor>`` and saliences ``s<actor>`` of the Commission (``com``), the
Parliament (``ep``) and the member states, the reference point ``rp`` and the
outcome ``out``, all on 0..100.  Its second line holds one weight per actor in
the ``p`` columns (blksv's "GDP" weights; com/ep 4.1).

Conventions (zopa's, stated in docs/forecast/accuracy.md):

* an actor without a position on an issue is absent from it;
* a missing salience where the actor has a position is set to
  ``missing_salience`` (default 50 on the 0..100 scale); a salience of 0 is
  kept (the actor takes part but carries no weight);
* capability is the row-2 weight (``capability="weights"``) or 1 for every
  actor (``capability="equal"``);
* each issue is one case: :func:`read_deu` returns one
  :class:`~zopa.forecast.data.ForecastInput` per issue, with its reference point
  and real outcome; ``by="proposal"`` groups the issues of a proposal instead.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from zopa.forecast.data import ForecastInput
from zopa.forecast.readers._util import Problems, read_text

__all__ = ["read_deu"]


def read_deu(path: str | Path, capability: str = "weights", missing_salience: float = 50.0,
             by: str = "issue") -> list[ForecastInput]:
    """Read DEU III issues as forecasting cases.

    Parameters
    ----------
    path : path of the TSV file
    capability : {"weights", "equal"}
    missing_salience : float
        Salience (0..100) given to an actor with a position but no salience.
    by : {"issue", "proposal"}
        One case per issue, or one multi-issue case per proposal.

    Returns
    -------
    list of ForecastInput
        ``meta`` holds ``prnr`` (proposal id) and ``isnr`` (issue ids).
    """
    if capability not in ("weights", "equal"):
        raise ValueError(f"capability must be 'weights' or 'equal', got {capability!r}")
    if by not in ("issue", "proposal"):
        raise ValueError(f"by must be 'issue' or 'proposal', got {by!r}")
    if not 0 <= missing_salience <= 100:
        raise ValueError(f"missing_salience must be within 0..100, got {missing_salience}")
    probs = Problems(path)
    rows = list(csv.reader(io.StringIO(read_text(path)), delimiter="\t"))
    if not rows:
        probs.fail(None, "", "the file is empty")
    header = [h.strip() for h in rows[0]]
    need = ("prnr", "isnr", "rp", "out")
    missing = [c for c in need if c not in header]
    if missing:
        probs.fail(1, "header", f"missing DEU columns {missing}", "is this a DEU III tab-separated file?")
    col = {h: j for j, h in enumerate(header)}
    actors = [h[1:] for h in header if h.startswith("p") and "s" + h[1:] in col and h not in ("prnr", "prname", "proc", "proccde")]
    if len(actors) < 2:
        probs.fail(1, "header", "need p<actor>/s<actor> column pairs for at least two actors")
    weights = None
    cases_rows = []
    for k, r in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in r):
            continue
        if len(r) < len(header):
            probs.add(k, f"row {k}", f"needs {len(header)} tab-separated fields", f"found {len(r)}")
            continue
        if not r[col["prnr"]].strip():
            if weights is not None:
                probs.add(k, "weights", "a second row without a proposal id")
            weights = [probs.number(r[col["p" + a]], k, f"weights.{a}", col=col["p" + a] + 1) for a in actors]
            continue
        cases_rows.append((k, r))
    if capability == "weights" and weights is None:
        probs.add(2, "weights", "no weights row (a row without prnr holding one weight per actor)",
                  "use capability='equal'")
    probs.raise_if_any()

    def num(k, r, name):
        t = r[col[name]].strip().strip('"')
        if t in ("", "NA", "."):
            return np.nan
        v = probs.number(t, k, f"{r[col['isnr']].strip()}.{name}", col=col[name] + 1)
        if not np.isnan(v) and not 0 <= v <= 100:
            probs.add(k, f"{r[col['isnr']].strip()}.{name}", "must be within 0..100", f"got {v:g}", col[name] + 1)
        return v

    recs = []
    for k, r in cases_rows:
        pos = np.array([num(k, r, "p" + a) for a in actors])
        sal = np.array([num(k, r, "s" + a) for a in actors])
        sal = np.where(~np.isnan(pos) & np.isnan(sal), missing_salience, sal)
        recs.append((r[col["prnr"]].strip(), r[col["isnr"]].strip(), pos, sal / 100.0,
                     num(k, r, "rp"), num(k, r, "out")))
    probs.raise_if_any()
    cap = np.ones(len(actors)) if capability == "equal" else np.array(weights, float)
    groups: dict[str, list] = {}
    for rec in recs:
        key = rec[1] if by == "issue" else rec[0]
        groups.setdefault(key, []).append(rec)
    cases = []
    for recs_g in groups.values():
        pos = np.stack([g[2] for g in recs_g], 1)
        sal = np.stack([g[3] for g in recs_g], 1)
        keep = ~np.all(np.isnan(pos), 1)
        if not keep.any():
            keep[:] = True          # an issue nobody took a position on: keep the table shape
        cases.append(ForecastInput(
            [a for a, k in zip(actors, keep, strict=True) if k], [g[1] for g in recs_g],
            pos[keep], sal[keep], cap[keep], bounds=[(0.0, 100.0)] * len(recs_g),
            reference=[g[4] for g in recs_g], outcome=[g[5] for g in recs_g], source=str(path),
            meta={"format": "deu", "prnr": recs_g[0][0], "isnr": [g[1] for g in recs_g],
                  "capability": capability},
        ))
    return cases
