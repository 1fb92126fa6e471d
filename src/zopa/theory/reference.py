"""Reference-dependent utility and the ratchet of concessions.

A concession that has been offered becomes the reference point: taking it back
later is felt as a loss, weighted by the loss-aversion coefficient.

References
----------
Kahneman, D. & Tversky, A. (1979). Prospect theory. *Econometrica* 47(2),
263-291.  (``loss_aversion = 2.25``: Tversky & Kahneman 1992, *Journal of Risk
and Uncertainty* 5, 297-323.)
Driesen, B., Perea, A. & Peters, H. (2012). Alternating offers bargaining with
loss aversion. *Mathematical Social Sciences* 64, 103-118.
"""

from __future__ import annotations

import numpy as np

from zopa.theory._validate import broadcast, check, fail, out, real

__all__ = ["reference_utility", "ratchet"]


def reference_utility(x, reference, loss_aversion=2.25):
    """Kahneman-Tversky utility of an outcome measured against a reference point.

    ``u = x - r`` if ``x >= r``, else ``loss_aversion (x - r)`` (piecewise-linear
    prospect-theory value; Driesen, Perea & Peters 2012 use this with the
    reference ratcheted to the best offer the opponent turned down earlier).

    Parameters
    ----------
    x : float or array_like
        The outcome (e.g. a share of the pie).
    reference : float or array_like
        The reference point, e.g. from :func:`ratchet`.
    loss_aversion : float or array_like, default 2.25
        Weight of losses relative to gains, > 0 (> 1 means loss aversion).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> reference_utility(0.5, 0.4)
    0.1
    >>> reference_utility(0.3, 0.4)
    -0.225
    """
    x, r = real("x", x), real("reference", reference)
    lam = check("loss_aversion", real("loss_aversion", loss_aversion), 0.0, lo_open=True)
    x, r, lam = broadcast(x=x, reference=r, loss_aversion=lam)
    gap = x - r
    return out(np.where(gap >= 0.0, gap, lam * gap))


def ratchet(offers, initial=-np.inf, axis=-1):
    """The ratcheted reference point: the best offer seen so far, along ``axis``.

    ``r_t = max(initial, offers_0, ..., offers_t)``.  Feed it to
    :func:`reference_utility` to value a later offer against the best earlier
    one (Driesen, Perea & Peters 2012).

    Parameters
    ----------
    offers : array_like
        Offers to the side whose reference point this is, over time along ``axis``.
    initial : float, default -inf
        The reference point before the first offer.
    axis : int, default -1
        The time axis.

    Returns
    -------
    ndarray
        Same shape as ``offers``.

    Examples
    --------
    >>> ratchet([0.2, 0.4, 0.3, 0.5])
    array([0.2, 0.4, 0.4, 0.5])
    >>> reference_utility(0.3, ratchet([0.2, 0.4, 0.3])[-1])   # the step back hurts
    -0.225
    """
    a = real("offers", offers)
    if a.ndim == 0:
        fail("offers", "must be a sequence of offers over time")
    try:
        init = float(initial)
    except (TypeError, ValueError):
        fail("initial", f"must be a number, got {initial!r}")
    if np.isnan(init):
        fail("initial", "must not be NaN")
    return np.maximum.accumulate(np.maximum(a, init), axis=axis)
