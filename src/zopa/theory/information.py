"""Incomplete information: screening offers and Bayesian learning in war.

References
----------
Fudenberg, D., Levine, D. & Tirole, J. (1985). Infinite-horizon models of
bargaining with one-sided incomplete information. In A. Roth (ed.),
*Game-Theoretic Models of Bargaining*, Cambridge UP, 73-98.
Gul, F., Sonnenschein, H. & Wilson, R. (1986). Foundations of dynamic monopoly
and the Coase conjecture. *Journal of Economic Theory* 39, 155-190.
Filson, D. & Werner, S. (2002). A bargaining model of war and peace.
*American Journal of Political Science* 46(4), 819-837.
Slantchev, B. L. (2003). The principle of convergence in wartime negotiations.
*American Political Science Review* 97(4), 621-632.
Kydd, A. (2000). Trust, reassurance, and cooperation. *International
Organization* 54(2), 325-357.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from zopa.theory._validate import broadcast, check, fail, out, out_bool, real

__all__ = ["Screening", "screening", "posterior_sincere", "battle_update"]


class Screening(NamedTuple):
    """The seller's first-period price and whether it screens the types."""

    first_offer: float | np.ndarray
    screens: bool | np.ndarray


def screening(v_high, v_low, delta, belief) -> Screening:
    """The uninformed side's first offer in the two-period Coase model.

    A seller (the uninformed side) faces a buyer whose value is ``v_high`` with
    probability ``belief`` and ``v_low`` otherwise, and cannot commit to future
    prices.  If it screens, the high type buys at once at
    ``(1 - delta) v_high + delta v_low`` (indifferent to waiting for the
    second-period price ``v_low``) and the low type buys at ``v_low`` next
    period.  Screening beats selling to both at ``v_low`` now iff
    ``belief >= v_low / v_high`` (Fudenberg, Levine & Tirole 1985; Gul,
    Sonnenschein & Wilson 1986).  As ``delta -> 1`` the screening price falls
    to ``v_low`` (the Coase conjecture).  Both sides use the same ``delta``.

    Parameters
    ----------
    v_high, v_low : float or array_like
        Values of the two types, ``v_high > v_low > 0``.
    delta : float or array_like
        Common discount factor per period, in [0, 1).
    belief : float or array_like
        Probability of the high type, in [0, 1].

    Returns
    -------
    Screening
        ``(first_offer, screens)``: the first-period price (``v_low`` when not
        screening) and whether the seller screens.

    Examples
    --------
    >>> screening(1.0, 0.4, 0.5, 0.6)
    Screening(first_offer=0.7, screens=True)
    >>> screening(1.0, 0.4, 0.5, 0.3)
    Screening(first_offer=0.4, screens=False)
    """
    v_high = check("v_high", real("v_high", v_high), 0.0, lo_open=True)
    v_low = check("v_low", real("v_low", v_low), 0.0, lo_open=True)
    delta = check("delta", real("delta", delta), 0.0, 1.0, hi_open=True)
    belief = check("belief", real("belief", belief), 0.0, 1.0)
    v_high, v_low, delta, belief = broadcast(v_high=v_high, v_low=v_low, delta=delta, belief=belief)
    if (v_low >= v_high).any():
        fail("v_low", "must be below v_high")
    screens = belief >= v_low / v_high
    first = np.where(screens, (1.0 - delta) * v_high + delta * v_low, v_low)
    return Screening(out(first), out_bool(screens))


def _prob(name: str, value) -> np.ndarray:
    return check(name, real(name, value), 0.0, 1.0, lo_open=True, hi_open=True)


def posterior_sincere(prior, q_sincere, q_stalling, signals):
    """Posterior that the other side negotiates sincerely, after binary signals.

    Each round gives a signal ``s`` in {0, 1} (1 = a move a sincere negotiator
    makes, e.g. a concession); a sincere side sends 1 with probability
    ``q_sincere``, a staller with ``q_stalling``, independently across rounds.
    Bayes' rule in log-odds form adds the rounds' log-likelihood ratios
    (a sequential probability ratio test):

    ``logit(post) = logit(prior) + sum_s [s log(qS/qT) + (1-s) log((1-qS)/(1-qT))]``.

    Caveat: in equilibrium a staller mimics in part, so ``q_stalling`` is
    endogenous (Kreps & Wilson 1982; Kydd 2000).

    Parameters
    ----------
    prior : float or array_like
        Prior probability of a sincere type, in [0, 1].
    q_sincere, q_stalling : float or array_like
        Per-round probabilities of signal 1 for each type, in (0, 1).
    signals : array_like of {0, 1}
        Rounds along the last axis; the leading axes broadcast with the other
        arguments.  An empty last axis returns the prior.

    Returns
    -------
    float or ndarray
        Posterior probability of a sincere type, shape of the broadcast of
        ``prior``, ``q_*`` and ``signals[..., 0]``.

    Examples
    --------
    >>> posterior_sincere(0.5, 0.8, 0.2, [1, 1, 0])    # odds 1 * 4 * 4 / 4
    0.8
    >>> posterior_sincere([0.5, 0.1], 0.8, 0.2, [[1], [1]])
    array([0.8 , 0.307...])
    """
    prior = check("prior", real("prior", prior), 0.0, 1.0)
    qs, qt = _prob("q_sincere", q_sincere), _prob("q_stalling", q_stalling)
    s = real("signals", signals)
    if s.ndim == 0:
        fail("signals", "must be a sequence of 0/1 signals (rounds on the last axis)")
    if not np.isin(s, (0.0, 1.0)).all():
        fail("signals", f"must hold only 0 and 1, got {s[~np.isin(s, (0.0, 1.0))].flat[0]:g}")
    ones = s.sum(axis=-1)
    zeros = s.shape[-1] - ones
    prior, qs, qt, ones, zeros = broadcast(
        prior=prior, q_sincere=qs, q_stalling=qt, signals=ones, zeros=zeros
    )
    llr = ones * np.log(qs / qt) + zeros * np.log((1.0 - qs) / (1.0 - qt))
    with np.errstate(divide="ignore"):
        logit = np.log(prior) - np.log1p(-prior) + llr
    return out(_expit(logit))


def _expit(z: np.ndarray) -> np.ndarray:
    """The logistic function, exact at +-inf and free of overflow."""
    ez = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + ez), ez / (1.0 + ez))


def battle_update(belief, p_high, p_low, won):
    """Bayes update of the belief in a strong type after one battle.

    The informed side is strong with probability ``belief`` and wins a battle
    with probability ``p_high`` if strong, ``p_low`` if weak (Filson & Werner
    2002; Slantchev 2003).  After a win ``mu' = mu p_H / (mu p_H + (1 - mu) p_L)``;
    after a loss ``mu' = mu (1 - p_H) / (mu (1 - p_H) + (1 - mu)(1 - p_L))``.

    Parameters
    ----------
    belief : float or array_like
        Prior probability of the strong type, in [0, 1].
    p_high, p_low : float or array_like
        Win probabilities of the strong and weak types, in (0, 1).
    won : bool or array_like of bool
        Whether the informed side won the battle.

    Returns
    -------
    float or ndarray
        The posterior belief.

    Examples
    --------
    >>> battle_update(0.5, 0.7, 0.3, True)
    0.7
    >>> battle_update(0.5, 0.7, 0.3, [True, False])
    array([0.7, 0.3])
    """
    mu = check("belief", real("belief", belief), 0.0, 1.0)
    ph, pl = _prob("p_high", p_high), _prob("p_low", p_low)
    won_arr = np.asarray(won)
    if won_arr.dtype != bool and not np.isin(won_arr, (0, 1)).all():
        fail("won", "must be True/False (or 1/0)")
    mu, ph, pl, w = broadcast(belief=mu, p_high=ph, p_low=pl, won=won_arr.astype(bool))
    lh = np.where(w, ph, 1.0 - ph)
    ll = np.where(w, pl, 1.0 - pl)
    return out(mu * lh / (mu * lh + (1.0 - mu) * ll))
