"""The report: one command from a scenario to a document an analyst can forward.

:func:`write` runs the analyses and writes one self-contained HTML file;
:func:`figures` returns the same figures for notebooks.
"""

from zopa.report.figures import all_figures as figures

__all__ = ["figures"]
