"""Forecasting models of multi-actor negotiations.

Each actor's position, salience and capability on each issue go in
(:class:`ForecastInput`); a predicted outcome per issue comes out
(:class:`ForecastResult`).  Models: :func:`compromise` (weighted mean, Achen
2006), :func:`median` (weighted median voter), :func:`nash` (Nash bargaining
solution), :func:`bdm` (Bueno de Mesquita's expected-utility model after Scholz
et al. 2011), :func:`smp` (KTAB's spatial model of politics), :func:`exchange`
(Stokman's equal-gain exchange model) and :func:`ensemble` (zopa's blend, tuned
on DEU III).  :func:`run` runs one or all of them (:func:`run_cases` on each of several
independent cases, e.g. a DEU file's proposals); :func:`read` reads KTAB,
Decide, BDM and DEU files.

Examples
--------
>>> from zopa.forecast import ForecastInput, run
>>> inp = ForecastInput(("A", "B"), ("x",), [[0.0], [100.0]], [[1.0], [1.0]], [3.0, 1.0])
>>> float(run(inp, "compromise").forecast["x"])
25.0
"""

from __future__ import annotations

from zopa.forecast.api import MODELS, run, run_cases
from zopa.forecast.bdm import bdm
from zopa.forecast.compromise import compromise
from zopa.forecast.data import ForecastInput
from zopa.forecast.ensemble import ensemble
from zopa.forecast.exchange import exchange
from zopa.forecast.median import median
from zopa.forecast.nash import nash
from zopa.forecast.readers import (
    combine,
    read,
    read_bdm_csv,
    read_decide,
    read_deu,
    read_eum_tsv,
    read_ktab_csv,
    read_ktab_xml,
)
from zopa.forecast.result import ForecastResult
from zopa.forecast.smp import smp

__all__ = [
    "MODELS", "ForecastInput", "ForecastResult", "bdm", "combine", "compromise", "ensemble",
    "exchange", "median", "nash", "read", "read_bdm_csv", "read_decide", "read_deu",
    "read_eum_tsv", "read_ktab_csv", "read_ktab_xml", "run", "run_cases", "smp",
]

