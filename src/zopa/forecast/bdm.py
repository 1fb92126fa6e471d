"""Bueno de Mesquita's expected utility model, as specified by Scholz et al. (2011).

Scholz, Calbert & Smith, "Unravelling Bueno de Mesquita's group decision
model", *Journal of Theoretical Politics* 23(4):510-531 and ICAART 2011
pp. 18-30.  Each issue is solved on its own; all issues of an input are solved
at once on (issue, actor, actor) arrays.  One round:

1. Risk exponents.  With every exponent at 1, actor i's *danger* is the sum of
   the expected utilities the others would get from challenging it; the
   security :math:`R_i = (2\\,danger_i - max - min)/(max - min)` gives the
   exponent :math:`r_i = (1 - R_i/3)/(1 + R_i/3)` in [0.5, 2].
2. Win probabilities.  :math:`P_{ij} = \\sum_k \\max(0, v_k(i, j)) / \\sum_{k,a,b} |v_k(a, b)|`,
   with votes :math:`v_k(a, b) = c_k s_k ((|x_k - x_b|/\\Delta)^{r_k} - (|x_k - x_a|/\\Delta)^{r_k})`
   and :math:`\\Delta` the range of the initial positions (Scholz's code; the
   large denominator keeps P small).
3. Expected utility of i challenging j, from the perspective of an actor with
   exponent r (here the receiver's): with :math:`d = |x_i - x_j|/\\Delta`,
   :math:`U^s = 2 - 4(0.5 - 0.5d)^r`, :math:`U^f = 2 - 4(0.5 + 0.5d)^r`,
   :math:`U^{sq} = 2 - 4 \\cdot 0.5^r`,
   :math:`EU_{ij} = s_j(P_{ij}U^s + (1-P_{ij})U^f) + (1-s_j)U^s - Q\\,U^{sq}`.
4. Offers by octant, seen by receiver i of proposer j: confrontation
   (:math:`EU_{ji} > EU_{ij} > 0`: i moves to :math:`x_j`), compromise
   (:math:`EU_{ji} > 0 > EU_{ij}`, :math:`EU_{ji} > |EU_{ij}|`: i moves to
   :math:`x_i + (x_j - x_i)|EU_{ij}/EU_{ji}|`), capitulation
   (:math:`EU_{ji} > 0 > EU_{ij}`, :math:`EU_{ji} < |EU_{ij}|`: i moves to
   :math:`x_j`; see ``capitulation``).  Confrontations come first, then compromises, then
   capitulations; within a kind, the offer that moves i least
   (``offer_rule="least_move"``, the paper's text) or, for compromises, the
   one Scholz's code picks (``offer_rule="scholz"``, the default: the smallest
   value of :math:`(|EU_{ij}|x_i + |EU_{ji}|x_j)/(|EU_{ij}| + |EU_{ji}|)`).
5. All actors move at once; the Condorcet median (the position that beats all
   others in pairwise votes weighted by :math:`c_k s_k` with linear utility)
   and the weighted mean are recorded.

The default reproduces the reference run of Scholz's code (jmckib's port) on
BDM's 1994 emission-standards case exactly; see docs/forecast/bdm.md.  The
forecast is the Condorcet median after the last round.

Examples
--------
>>> from zopa.forecast.data import ForecastInput
>>> inp = ForecastInput(("A", "B", "C"), ("x",), [[0.0], [5.0], [10.0]],
...                     [[0.9], [0.2], [0.5]], [1.0, 1.0, 1.0])
>>> res = bdm(inp, rounds=3)
>>> res.n_rounds
4
>>> res.tables["summary"].columns.tolist()
['round', 'issue', 'median', 'mean']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zopa.forecast.data import ForecastInput
from zopa.forecast.result import ForecastResult

__all__ = ["bdm", "bdm_arrays"]


def _prob(x, r, w, pres, rng):
    """Win probabilities P[m, i, j] (Scholz's normalisation)."""
    # D[m, k, a] = (|x_k - x_a| / range)^(r_k)
    dist = np.abs(x[:, :, None] - x[:, None, :]) / rng[:, None, None]
    D = dist ** r[:, :, None]
    pair = pres[:, :, None] & pres[:, None, :]
    D = np.where(pair, D, 0.0)
    # denominator: sum_k w_k sum_{a,b} |D_ka - D_kb|, by sorting each row
    Ds = np.sort(np.where(pair, D, np.inf), axis=2)
    npres = pres.sum(1)
    idx = np.arange(x.shape[1])[None, None, :]
    coef = 2 * idx - (npres[:, None, None] - 1)
    Ds = np.where(np.isfinite(Ds), Ds, 0.0)
    pairsum = 2 * (coef * Ds).sum(2)                      # [m, k]
    den = (w * pairsum).sum(1)                            # [m]
    # numerator: sum_k max(0, w_k (D_kj - D_ki)) for challenger i, target j
    diff = w[:, :, None, None] * (D[:, :, None, :] - D[:, :, :, None])   # [m, k, i, j]
    num = np.maximum(diff, 0.0).sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        P = np.where(den[:, None, None] > 0, num / den[:, None, None], 0.0)
    same = x[:, :, None] == x[:, None, :]
    return np.where(same | ~pair, 0.0, P)


def _eu(x, r, s, P, q, rng):
    """EU[m, i, j] of i challenging j, and EU of j challenging i, seen with r of i."""
    d = np.minimum(np.abs(x[:, :, None] - x[:, None, :]) / rng[:, None, None], 1.0)
    ri = r[:, :, None]
    us = 2 - 4 * (0.5 - 0.5 * d) ** ri
    uf = 2 - 4 * (0.5 + 0.5 * d) ** ri
    usq = 2 - 4 * 0.5 ** ri
    PT = np.swapaxes(P, 1, 2)
    eij = s[:, None, :] * (P * us + (1 - P) * uf) + (1 - s[:, None, :]) * us - q * usq
    eji = s[:, :, None] * (PT * us + (1 - PT) * uf) + (1 - s[:, :, None]) * us - q * usq
    return eij, eji


def _condorcet(x, w, pres):
    """Position (among actors') maximising -sum_k w_k |x_k - p|; ties -> midpoint."""
    cand = np.where(pres, x, np.nan)
    score = -(np.where(pres, w, 0.0)[:, :, None] * np.abs(x[:, :, None] - x[:, None, :])).sum(1)
    score = np.where(pres, score, -np.inf)
    best = score.max(1, keepdims=True)
    tie = pres & (score >= best - 1e-12 * np.maximum(np.abs(best), 1e-300))
    lo = np.where(tie, cand, np.inf).min(1)
    hi = np.where(tie, cand, -np.inf).max(1)
    return (lo + hi) / 2


def _wmean(x, w, pres):
    ww = np.where(pres, w, 0.0)
    sw = ww.sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        wm = (ww * np.where(pres, x, 0.0)).sum(1) / sw
        plain = np.where(pres, x, 0.0).sum(1) / pres.sum(1)
    return np.where(sw > 0, wm, plain)


def bdm_arrays(x0, c, s, pres, *, q=1.0, rounds=10, offer_rule="scholz", capitulation=True):
    """Run the model on arrays of shape (n_issues, n_actors).

    Returns
    -------
    positions : (rounds + 1, m, n)
    medians, means : (rounds + 1, m)
    risk : (rounds, m, n)
        The exponents used in each round.

    Examples
    --------
    >>> x = np.array([[4.0, 10.0]]); one = np.ones((1, 2))
    >>> pos, med, mean, risk = bdm_arrays(x, one, one * 0.5, one > 0, rounds=1)
    >>> pos.shape, med.shape
    ((2, 1, 2), (2, 1))
    """
    x = np.where(pres, np.asarray(x0, float), 0.0)
    c = np.asarray(c, float)
    s = np.where(pres, np.asarray(s, float), 0.0)
    w = np.where(pres, c * s, 0.0)
    lo = np.where(pres, x, np.inf).min(1)
    hi = np.where(pres, x, -np.inf).max(1)
    rng = np.where(hi > lo, hi - lo, 1.0)
    m, n = x.shape
    positions = [x.copy()]
    medians = [_condorcet(x, w, pres)]
    means = [_wmean(x, w, pres)]
    risk = []
    valid = pres[:, :, None] & pres[:, None, :] & ~np.eye(n, dtype=bool)[None]
    for _ in range(rounds):
        # 1. risk exponents from danger, computed with every exponent at 1
        ones = np.ones((m, n))
        P1 = _prob(x, ones, w, pres, rng)
        _, eji1 = _eu(x, ones, s, P1, q, rng)
        danger = np.where(valid, eji1, 0.0).sum(2)        # sum_k EU(k challenges i), seen by i
        dmax = np.where(pres, danger, -np.inf).max(1, keepdims=True)
        dmin = np.where(pres, danger, np.inf).min(1, keepdims=True)
        spread = dmax - dmin
        with np.errstate(invalid="ignore", divide="ignore"):
            R = np.where(spread > 0, (2 * danger - dmax - dmin) / spread, 0.0)
        r = np.where(pres, (1 - R / 3) / (1 + R / 3), 1.0)
        risk.append(r)
        # 2-3. probabilities and expected utilities with the new exponents
        P = _prob(x, r, w, pres, rng)
        eij, eji = _eu(x, r, s, P, q, rng)
        # 4. offers received by i (rows) from j (columns)
        ok = valid & (x[:, :, None] != x[:, None, :])
        xi = x[:, :, None]
        xj = np.broadcast_to(x[:, None, :], eij.shape)
        conf = ok & (eji > eij) & (eij > 0)
        comp = ok & (eji > 0) & (eij < 0) & (eji > np.abs(eij))
        capit = ok & (eji > 0) & (eij < 0) & (eji < np.abs(eij)) & capitulation
        with np.errstate(invalid="ignore", divide="ignore"):
            cpos = xi + (xj - xi) * np.abs(eij / np.where(eji == 0, 1.0, eji))
            if offer_rule == "scholz":
                ckey = (np.abs(eij) * xi + np.abs(eji) * xj) / (np.abs(eij) + np.abs(eji))
            else:
                ckey = np.abs(cpos - xi)
        move = np.abs(xj - xi)
        new = x.copy()
        for mask, key, target in ((capit, move, xj), (comp, ckey, cpos), (conf, move, xj)):
            has = mask.any(2)
            k = np.argmin(np.where(mask, key, np.inf), axis=2)
            chosen = np.take_along_axis(target, k[:, :, None], 2)[:, :, 0]
            new = np.where(has, chosen, new)       # later kinds take priority
        x = np.where(pres, new, 0.0)
        positions.append(x.copy())
        medians.append(_condorcet(x, w, pres))
        means.append(_wmean(x, w, pres))
    pos = np.where(pres[None], np.array(positions), np.nan)
    risk_arr = np.array(risk) if risk else np.zeros((0, m, n))
    return pos, np.array(medians), np.array(means), risk_arr


def bdm(inp: ForecastInput, q: float = 1.0, rounds: int = 10, offer_rule: str = "scholz",
        capitulation: bool = True) -> ForecastResult:
    """Forecast each issue with the Scholz et al. (2011) version of BDM's model.

    Parameters
    ----------
    inp : ForecastInput
        Saliences on 0..1 are the probabilities that an actor resists a challenge.
    q : float
        Probability that the status quo persists if nobody challenges (Q);
        Scholz et al. used 1.0.
    rounds : int
        Number of rounds (>= 0).
    offer_rule : {"scholz", "least_move"}
        How an actor picks among compromise offers (see the module notes).
    capitulation : bool
        Whether capitulation offers are made (the paper's octant).  jmckib's
        port of Scholz's code never makes them (its test ``eu_ji < abs(eu_ji)``
        is never true); ``False`` reproduces that port on BDM's Sultan case.

    Returns
    -------
    ForecastResult
        ``forecast`` is the Condorcet median after the last round; tables
        ``summary`` (median and mean per round) and ``risk`` (exponents).
    """
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q must be in [0, 1], got {q}")
    if rounds < 0 or int(rounds) != rounds:
        raise ValueError(f"rounds must be a non-negative integer, got {rounds}")
    if offer_rule not in ("scholz", "least_move"):
        raise ValueError(f"offer_rule must be 'scholz' or 'least_move', got {offer_rule!r}")
    pres = inp.present.T
    pos, med, mean, risk = bdm_arrays(
        np.where(pres, inp.position.T, 0.0), inp.cap2d.T, np.where(pres, inp.salience.T, 0.0), pres,
        q=q, rounds=int(rounds), offer_rule=offer_rule, capitulation=bool(capitulation),
    )
    positions = np.swapaxes(pos, 1, 2)                    # (R+1, n, m)
    R1, m = med.shape
    rr, ii = np.meshgrid(np.arange(R1), np.arange(m), indexing="ij")
    issues = np.array(inp.issues, dtype=object)
    summary = pd.DataFrame({"round": rr.ravel(), "issue": issues[ii.ravel()],
                            "median": med.ravel(), "mean": mean.ravel()})
    k, i, a = np.nonzero(np.broadcast_to(pres, risk.shape))
    risk_df = pd.DataFrame({"round": k + 1, "issue": issues[i],
                            "actor": np.array(inp.actors, dtype=object)[a], "r": risk[k, i, a]})
    return ForecastResult.from_arrays(
        "bdm", inp, positions, med, tables={"summary": summary, "risk": risk_df},
        params={"q": q, "rounds": int(rounds), "offer_rule": offer_rule,
                "capitulation": bool(capitulation)},
    )
