"""The war of attrition: who concedes, and how long the fighting lasts.

References
----------
Maynard Smith, J. (1974). The theory of games and the evolution of animal
conflicts. *Journal of Theoretical Biology* 47, 209-221.
Bliss, C. & Nalebuff, B. (1984). Dragon-slaying and ballroom dancing: the
private supply of a public good. *Journal of Public Economics* 25, 1-12.
Hendricks, K., Weiss, A. & Wilson, C. (1988). The war of attrition in
continuous time with complete information. *International Economic Review*
29(4), 663-680.
Fudenberg, D. & Tirole, J. (1991). *Game Theory*. MIT Press, sec. 4.5.
Alesina, A. & Drazen, A. (1991). Why are stabilizations delayed? *American
Economic Review* 81(5), 1170-1188.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from zopa.theory._validate import broadcast, check, out, real

__all__ = ["Attrition", "attrition", "attrition_delay", "attrition_time"]


class Attrition(NamedTuple):
    """The mixed equilibrium of the complete-information war of attrition."""

    hazard1: float | np.ndarray
    hazard2: float | np.ndarray
    expected_duration: float | np.ndarray
    p1_concedes_first: float | np.ndarray


def attrition(v1, v2, c1, c2) -> Attrition:
    """The symmetric-information war of attrition's mixed equilibrium.

    Player i values the prize at ``v_i`` and pays ``c_i`` per unit of time while
    fighting.  In the stationary mixed equilibrium each side concedes at a
    constant hazard that leaves the *other* indifferent between conceding and
    waiting: ``hazard_i = c_j / v_j`` (Maynard Smith 1974; Hendricks, Weiss &
    Wilson 1988; Fudenberg & Tirole 1991, sec. 4.5).  The fighting lasts an
    exponential time with mean ``1 / (hazard1 + hazard2)``, player 1 concedes
    first with probability ``hazard1 / (hazard1 + hazard2)``, and both expect 0.
    The side that values the prize more concedes *faster* here.  (Two pure
    equilibria, in which one side concedes at once, also exist.)

    Parameters
    ----------
    v1, v2 : float or array_like
        Values of winning, > 0.
    c1, c2 : float or array_like
        Costs of fighting per unit of time, > 0.

    Returns
    -------
    Attrition
        ``(hazard1, hazard2, expected_duration, p1_concedes_first)``; time is in
        the units of the costs' denominator.

    Examples
    --------
    >>> attrition(1.0, 2.0, 0.1, 0.1)
    Attrition(hazard1=0.05, hazard2=0.1, expected_duration=6.666..., p1_concedes_first=0.333...)
    """
    v1 = check("v1", real("v1", v1), 0.0, lo_open=True)
    v2 = check("v2", real("v2", v2), 0.0, lo_open=True)
    c1 = check("c1", real("c1", c1), 0.0, lo_open=True)
    c2 = check("c2", real("c2", c2), 0.0, lo_open=True)
    v1, v2, c1, c2 = broadcast(v1=v1, v2=v2, c1=c1, c2=c2)
    h1, h2 = c2 / v2, c1 / v1
    total = h1 + h2
    return Attrition(out(h1), out(h2), out(1.0 / total), out(h1 / total))


def attrition_delay(gain, c_max):
    """Expected length of a war of attrition with private uniform costs: ``G / c_max``.

    Each side's flow cost is private and uniform on ``[0, c_max]``; winning
    rather than losing is worth ``gain``.  In the symmetric equilibrium a side
    with cost ``c`` holds out until :func:`attrition_time` ``(c)``; the war ends
    when the side with the higher cost concedes, after ``E[T(max(c1, c2))] =
    gain / c_max`` (Bliss & Nalebuff 1984; Fudenberg & Tirole 1991; Alesina &
    Drazen 1991 with ``gain`` proportional to ``2 alpha - 1``).

    Parameters
    ----------
    gain : float or array_like
        Gain from winning over losing, >= 0.
    c_max : float or array_like
        Upper bound of the cost distribution, > 0.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> attrition_delay(2.0, 0.5)
    4.0
    """
    gain = check("gain", real("gain", gain), 0.0)
    c_max = check("c_max", real("c_max", c_max), 0.0, lo_open=True)
    gain, c_max = broadcast(gain=gain, c_max=c_max)
    return out(gain / c_max)


def attrition_time(c, gain, c_max):
    """How long a side with private cost ``c`` holds out: ``G (1/c - 1/c_max)``.

    Solves ``T'(c) = -G f(c) / (c F(c))`` with ``T(c_max) = 0`` for costs
    uniform on ``[0, c_max]`` (Bliss & Nalebuff 1984; Fudenberg & Tirole 1991).
    The cheapest fighters hold out longest.

    Parameters
    ----------
    c : float or array_like
        The side's own flow cost, in (0, c_max].
    gain : float or array_like
        Gain from winning over losing, >= 0.
    c_max : float or array_like
        Upper bound of the cost distribution, > 0.

    Returns
    -------
    float or ndarray
        Concession time.

    Examples
    --------
    >>> attrition_time([0.25, 0.5], 2.0, 0.5)
    array([4., 0.])
    """
    c = check("c", real("c", c), 0.0, lo_open=True)
    gain = check("gain", real("gain", gain), 0.0)
    c_max = check("c_max", real("c_max", c_max), 0.0, lo_open=True)
    c, gain, c_max = broadcast(c=c, gain=gain, c_max=c_max)
    if (c > c_max).any():
        raise ValueError(f"c must lie in (0, c_max], got c = {c[c > c_max].flat[0]:g} above c_max")
    return out(gain * (1.0 / c - 1.0 / c_max))
