"""What history says: base rates from conflict datasets, and historical cases.

Readers (the only functions here that touch files):

- :func:`read` -- a dataset's rows, dates converted and codes decoded;
- :func:`episodes` -- its common episode table (one row per war, conflict episode, crisis or
  agreement; see :mod:`zopa.history.episodes`);
- :func:`citation` -- how to cite it.

Datasets: ``ucdp-termination`` (default), ``ucdp-termination-dyad``, ``ucdp-acd`` and
``ucdp-peace-agreements`` ship with zopa (CC BY 4.0); ``cow-interstate``, ``cow-intrastate``,
``icb`` and ``icb-actors`` are read from a folder you give (``data_dir``).

Analyses (pure functions of episode tables, returning tidy frames):

- :func:`kaplan_meier`, :func:`conditional_survival`, :func:`cumulative_incidence`,
  :func:`median_duration` -- how long wars last and how they end;
- :func:`peace_spells`, :func:`recurrence` -- how often fighting resumed;
- :func:`backtest` -- the reference-class forecast scored out of sample;
- :func:`compute` / :func:`baserates` (reads, then computes) -- all of it for one dataset;
- :func:`outside_view` -- the numbers for a scenario's "outside view" report section.

Historical cases (scenario files): :func:`cases`, :func:`case`, :func:`case_summary`,
:func:`case_names`.  Figures: :func:`plot_baserates`, :func:`plot_backtest`,
:func:`plot_outside_view`.

Examples
--------
>>> import zopa.history as h
>>> br = h.baserates("ucdp-termination", kind="interstate", lasted_months=12)
>>> br.n_episodes, br.duration_unit
(72, 'months')
>>> "minsk-2-2015" in h.case_names()
True
"""

from __future__ import annotations

from zopa.history._files import DATASETS
from zopa.history.backtest import BacktestResult, backtest
from zopa.history.baserates import BaseRates, baserates, compute
from zopa.history.casebook import CaseSummary, analogies_table, case, cases
from zopa.history.casebook import names as case_names
from zopa.history.casebook import summary as case_summary
from zopa.history.figures import plot_backtest, plot_baserates, plot_outside_view
from zopa.history.load import citation, episodes, read, to_episodes
from zopa.history.outside import OutsideView, months_between, outside_view
from zopa.history.recurrence import attach_agreement_type, peace_spells, recurrence
from zopa.history.survival import (
                                   conditional_survival,
                                   cumulative_incidence,
                                   kaplan_meier,
                                   median_duration,
)

__all__ = [
    "DATASETS", "read", "episodes", "to_episodes", "citation",
    "kaplan_meier", "conditional_survival", "cumulative_incidence", "median_duration",
    "peace_spells", "recurrence", "attach_agreement_type",
    "backtest", "BacktestResult", "baserates", "compute", "BaseRates",
    "outside_view", "OutsideView", "months_between",
    "cases", "case", "case_summary", "case_names", "CaseSummary", "analogies_table",
    "plot_baserates", "plot_backtest", "plot_outside_view",
]
