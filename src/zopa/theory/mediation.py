"""When is a mediator credible?  Kydd's biased mediator.

References
----------
Kydd, A. (2003). Which side are you on? Bias, credibility, and mediation.
*American Journal of Political Science* 47(4), 597-611.
"""

from __future__ import annotations

import numpy as np

from zopa.theory._validate import broadcast, check, fail, out, real

__all__ = ["mediator_threshold"]


def mediator_threshold(x_high, x_low, eps, w_a, w_b):
    """The least weight on A that makes a mediator's advice to A credible (Kydd 2003).

    A cheap-talk mediator with utility ``beta u_A + (1 - beta) u_B`` knows that
    B is weak and tells A either "stand firm" (A offers B only ``x_low``, and B
    fights with probability ``eps``, giving war payoffs ``(w_a, w_b)``) or
    "concede" (A gives B ``x_high``).  With

    ``firm_A = (1 - eps)(1 - x_low) + eps w_a``,
    ``firm_B = (1 - eps) x_low + eps w_b``, ``conc_A = 1 - x_high``,

    telling the truth is optimal iff ``beta >= beta*`` with

    ``beta* = (x_high - firm_B) / [(firm_A - conc_A) + (x_high - firm_B)]``.

    ``beta* = 1/2`` when ``eps = 0`` and ``beta* > 1/2`` when war is costly and
    possible: an unbiased mediator always says "concede" to avert war, so only
    one biased toward A is believed.  (This oracle model is derived from
    Kydd's argument; see ``docs/explanation/theory.md``.)

    Outside the usual case the function still returns the least ``beta`` in
    [0, 1] at which the truth is told: 0 if the mediator never gains by
    lying (``x_high <= firm_B``), and NaN if no ``beta`` in [0, 1] works
    (A itself prefers conceding, ``firm_A < conc_A``).

    Parameters
    ----------
    x_high, x_low : float or array_like
        B's share if A concedes and if A stands firm, ``0 <= x_low < x_high <= 1``.
    eps : float or array_like
        Probability that standing firm leads to war, in [0, 1].
    w_a, w_b : float or array_like
        War payoffs of A and B in pie units.

    Returns
    -------
    float or ndarray
        ``beta*``, the least weight on A's utility for credible advice.

    Examples
    --------
    >>> mediator_threshold(0.6, 0.4, 0.0, 0.3, 0.3)
    0.5
    >>> mediator_threshold(0.6, 0.4, 0.2, 0.3, 0.3)    # 0.22 / (0.14 + 0.22)
    0.6111...
    """
    xh = check("x_high", real("x_high", x_high), 0.0, 1.0)
    xl = check("x_low", real("x_low", x_low), 0.0, 1.0)
    eps = check("eps", real("eps", eps), 0.0, 1.0)
    w_a, w_b = real("w_a", w_a), real("w_b", w_b)
    xh, xl, eps, w_a, w_b = broadcast(x_high=xh, x_low=xl, eps=eps, w_a=w_a, w_b=w_b)
    if (xl >= xh).any():
        fail("x_low", "must be below x_high (standing firm offers B less than conceding)")
    firm_a = (1.0 - eps) * (1.0 - xl) + eps * w_a
    firm_b = (1.0 - eps) * xl + eps * w_b
    gain_a = firm_a - (1.0 - xh)  # what A gains from the truth
    gain_b = xh - firm_b  # what B gains from the lie
    with np.errstate(divide="ignore", invalid="ignore"):
        interior = gain_b / (gain_a + gain_b)
    beta = np.where(gain_b <= 0.0, 0.0, np.where(gain_a < 0.0, np.nan, interior))
    return out(beta)
