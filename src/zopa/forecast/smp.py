"""KTAB's Spatial Model of Politics (SMP), vectorised.

After KAPSARC's Toolkit for Behavioral Analysis (KTAB, MIT licence), smpc 0.1:
Wise, Lester & Efird, "An introduction to the KAPSARC Toolkit for Behavioral
Analysis using the Spatial Model of Politics" (KAPSARC, 2015), and the code in
``examples/smp/libsrc``.  The configuration is the one of KTAB's reference runs:
linear victory probabilities, proportional voting, conditional PCE,
deterministic transitions, BigRRange *Mid*, BigRAdjust *OneThird*, semi-committed
third parties, S2P2 interpolated bargains, initiator-only interpolation.

Positions are rescaled to [0, 1] with each issue's bounds.  In each state:

* salience-weighted distance :math:`sd_{ij} = \\sqrt{\\sum_k s_{ik}^2 (x_{ik} - x_{jk})^2 / \\sum_k s_{ik}^2}`
  and utility :math:`u(sd, R) = (1 - sd)(1 + sd\\,R)`;
* risk attitudes from the risk-neutral contest of all positions: coalition
  strengths :math:`C_{ij} = 10^{-8} + \\sum_k \\max(0, c_k(u_{ki} - u_{kj}))`,
  :math:`P[i > j] = C_{ij}/(C_{ij} + C_{ji})`, conditional PCE
  :math:`p_i \\propto \\prod_j P[i > j]` and
  :math:`R_i = (3p_i - p_{max} - 2p_{min}) / (2(p_{max} - p_{min}))` (Mid);
  h's estimate of i's attitude is :math:`(2R_h + R_i)/3` (OneThird);
* every actor i evaluates challenging every j: the probability that i wins
  counts i's and j's own votes (weight :math:`c\\sum_k s_k`) and each third
  party's vote in the "little" three-actor contest, and the expected gain is
  :math:`(1-s_j)2u_{ii} + s_j(2P u_{ii} + 2(1-P)u_{ij}) - u_{ii} - u_{ij}`;
  it challenges the best target if that gain exceeds :math:`10^{-5}`;
* the bargain interpolates each issue with weights :math:`s_k^2 P^2`, rounded
  to 4 decimals; each actor then picks, among its status quo and the bargains
  it is party to, the one with the highest conditional-PCE probability when
  every actor votes by its mean utility over all positions after the bargain.

The run stops when the sum of the actors' moves, relative to the first move,
falls below ``tol`` (0.02), after at least 2 and at most ``max_rounds`` (100)
iterations.  The forecast per issue is the expectation of the positions under
the state's PCE probabilities (KTAB's "winning probabilities" of the unique
positions).

When some actor is absent from some issue, or capabilities differ across
issues, each issue is run on its own with the actors present.  Actors with
zero salience or zero capability on an issue take no part (they keep their
positions).  Saliences are read as shares of attention, as KTAB does: if an
actor's saliences sum to more than 1, all saliences are divided by the largest
such sum.

Examples
--------
>>> from zopa.forecast.data import ForecastInput
>>> inp = ForecastInput(("A", "B", "C"), ("x", "y"),
...                     [[10.0, 80.0], [50.0, 20.0], [90.0, 60.0]],
...                     [[0.5, 0.3], [0.4, 0.4], [0.2, 0.6]], [100.0, 60.0, 80.0],
...                     bounds=[[0, 100], [0, 100]])
>>> res = smp(inp)
>>> res.params["converged"]
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zopa.forecast.data import ForecastInput
from zopa.forecast.result import ForecastResult

__all__ = ["smp", "smp_arrays", "smp_matrices"]

_MIN_C = 1e-8          # KTAB Model::coalitions
_MIN_CLTN = 1e-10      # KTAB SMPState::probEduChlg
_MIN_EDU = 1e-5        # KTAB SMPState::bestChallenge
_MIN_W = 1e-6          # KTAB interpBrgnSnPm
_POS_TOL = 1e-3        # KTAB SMPModel::posTol
_R_ADJUST = {"full": (0.0, 1.0), "two_thirds": (1 / 3, 2 / 3), "half": (0.5, 0.5),
             "one_third": (2 / 3, 1 / 3), "none": (1.0, 0.0)}


def _bsutil(sd, R):
    return np.where(sd <= 1, (1 - sd) * (1 + sd * R), (1 - sd) * (1 + R))


def _vdiff(ideal, pos, sal):
    """sd[i, j]: distance from ideal i to position j with i's saliences."""
    d = (ideal[:, None, :] - pos[None, :, :]) * sal[:, None, :]
    return np.sqrt((d * d).sum(-1) / (sal * sal).sum(-1)[:, None])


def _pce(u, w):
    """Conditional-PCE probabilities of the options (columns of u), voters weighted by w."""
    dv = w[:, None, None] * (u[:, :, None] - u[:, None, :])
    C = _MIN_C + np.maximum(dv, 0.0).sum(0)
    np.fill_diagonal(C, _MIN_C)
    PV = C / (C + C.T)
    np.fill_diagonal(PV, 0.5)
    p = PV.prod(1)
    return p / p.sum(), PV


def _big_r(p, big_r_range):
    pmax, pmin = p.max(), p.min()
    if pmax - pmin <= 0:
        return np.zeros_like(p)
    if big_r_range == "min":
        return (p - pmin) / (pmax - pmin)
    if big_r_range == "max":
        return (2 * p - (pmax + pmin)) / (pmax - pmin)
    return (3 * p - (pmax + 2 * pmin)) / (2 * (pmax - pmin))


def _state(pos, cap, sal, big_r_range, big_r_adjust):
    """Distances, risk-neutral utilities, risk attitudes and U[h, a, b]."""
    vd = _vdiff(pos, pos, sal)
    rn = _bsutil(vd, 0.0)
    p, _ = _pce(rn, cap)
    R = _big_r(p, big_r_range)
    a_h, a_i = _R_ADJUST[big_r_adjust]
    rh = a_h * R[:, None] + a_i * R[None, :]           # [h, a]: h's estimate of a's attitude
    U = _bsutil(vd[None, :, :], rh[:, :, None])          # [h, a, b]
    return vd, rn, R, U


def _unique(pos):
    """Index of each actor's representative among the unique positions."""
    dist = np.linalg.norm(pos[:, None, :] - pos[None, :, :], axis=-1)
    eq = dist < _POS_TOL
    rep = np.argmax(eq, axis=1)
    return rep, rep == np.arange(len(pos))


def _win_probs(pos, cap, vd, R):
    """KTAB's per-actor winning probability and the PCE-expected position."""
    u = _bsutil(vd, R[:, None])                           # aUtil[i](i, j)
    rep, uniq = _unique(pos)
    q, _ = _pce(u[:, uniq], cap)
    qa = np.zeros(len(pos))
    qa[np.flatnonzero(uniq)] = q
    return qa[rep], q @ pos[uniq]


def _challenges(U, cap, stot):
    """P[i, j] that i beats j and i's expected gain edu[i, j] (h = k = i)."""
    n = U.shape[0]
    idx = np.arange(n)
    w = stot * cap
    Uii = U[idx, idx, idx]
    Uij = U[idx, idx, :]
    Uji = U[idx, :, idx]                                 # A_i[j, i]
    Ujj = U[:, idx, idx]                                 # A_i[j, j]
    ci = w[:, None] * (Uii[:, None] - Uij)
    cj = w[None, :] * (Uji - Ujj)
    chij0 = _MIN_CLTN + np.maximum(ci, 0) + np.maximum(cj, 0)
    chji0 = _MIN_CLTN + np.maximum(-ci, 0) + np.maximum(-cj, 0)
    uni = Uji                                            # [i, n] = A_i[n, i]
    unn = Ujj                                            # [i, n] = A_i[n, n]
    cn = w[None, :, None] * (uni[:, :, None] - U)        # [i, n, j]
    cni = chij0[:, None, :] + np.maximum(cn, 0)
    cnj = chji0[:, None, :] + np.maximum(-cn, 0)
    pin = cni / (cni + cnj)
    vk = w[None, :, None] * (pin * (unn - uni)[:, :, None] + (1 - pin) * (U - unn[:, :, None]))
    third = np.ones((n, n, n), bool)
    third[idx, idx, :] = False
    third[:, idx, idx] = False
    vk = np.where(third, vk, 0.0)
    chij = chij0 + np.maximum(vk, 0).sum(1)
    chji = chji0 + np.maximum(-vk, 0).sum(1)
    P = chij / (chij + chji)
    sj = stot[None, :]
    edu = (1 - sj) * 2 * Uii[:, None] + sj * (2 * P * Uii[:, None] + 2 * (1 - P) * Uij) - Uii[:, None] - Uij
    np.fill_diagonal(edu, -np.inf)
    return P, edu


def _round4(x):
    return np.floor(0.5 + x * 1e4) / 1e4


def _step(pos, cap, sal, big_r_range, big_r_adjust):
    n = len(cap)
    idx = np.arange(n)
    stot = sal.sum(1)
    vd, rn, R, U = _state(pos, cap, sal, big_r_range, big_r_adjust)
    P, edu = _challenges(U, cap, stot)
    best = np.argmax(edu, 1)
    has = edu[idx, best] > _MIN_EDU
    init = idx[has]
    rcvr = best[has]
    pI = P[init, rcvr][:, None]
    wi = sal[init] ** 2 * pI ** 2
    wj = sal[rcvr] ** 2 * (1 - pI) ** 2
    ti, tj = pos[init], pos[rcvr]
    bi = _round4(((wi + _MIN_W) * ti + wj * tj) / (wi + _MIN_W + wj))
    bj = _round4((wi * ti + (_MIN_W + wj) * tj) / (wi + _MIN_W + wj))
    # utility to each actor a of the state after each bargain (column 0: status quo)
    own = U[idx, idx, :]                                  # own[a, n] = aUtil[a](a, n)
    base = own.sum(1)
    puI = _bsutil(_vdiff(pos, bi, sal), R[:, None])
    puJ = _bsutil(_vdiff(pos, bj, sal), R[:, None])
    ub = (base[:, None] - own[:, init] - own[:, rcvr] + puI + puJ) / n
    Ub = np.concatenate([base[:, None] / n, ub], 1)
    _, PV = _pce(Ub, cap)
    L = np.log(PV)
    M = len(init)
    member = np.zeros((n, M + 1), bool)
    member[:, 0] = True
    member[init, np.arange(M) + 1] = True
    member[rcvr, np.arange(M) + 1] = True
    score = np.where(member, member.astype(float) @ L.T, -np.inf)
    # KTAB's order of each actor's bargains breaks exact ties
    order = np.empty((n, M + 1))
    order[:, 0] = idx
    order[:, 1:] = np.where(init[None, :] == idx[:, None], idx[:, None] + 0.5, init[None, :])
    top = score.max(1, keepdims=True)
    tie = member & (score >= top - 1e-12 * np.abs(top))
    choice = np.argmin(np.where(tie, order, np.inf), 1)
    new = pos.copy()
    chosen = choice > 0
    m = choice[chosen] - 1
    k = idx[chosen]
    new[k] = np.where((init[m] == k)[:, None], bi[m], bj[m])
    return new, (vd, R)


def smp_arrays(pos0, cap, sal, *, max_rounds=100, tol=0.02, big_r_range="mid", big_r_adjust="one_third"):
    """Run SMP on arrays: positions (n, d) on [0, 1], capabilities (n,), saliences (n, d).

    Returns
    -------
    history : array (n_states, n, d)
    win : array (n_states, n)
        Each actor's winning probability in each state.
    expected : array (n_states, d)
        The PCE-expected position in each state.
    frac : array (n_states - 1,)
        The fractional change after each iteration (KTAB's stopping statistic).
    risk : array (n_states, n)
        Risk attitudes R_i in each state.
    """
    pos = np.asarray(pos0, float)
    cap = np.asarray(cap, float)
    sal = np.asarray(sal, float)
    history, win, expected, frac, risk = [pos], [], [], [], []
    it = 0
    while True:
        new, (vd, R) = _step(history[-1], cap, sal, big_r_range, big_r_adjust)
        q, e = _win_probs(history[-1], cap, vd, R)
        win.append(q)
        expected.append(e)
        risk.append(R)
        history.append(new)
        it += 1
        d01 = np.linalg.norm(history[1] - history[0], axis=1).sum() + 1e-4
        dxy = np.linalg.norm(history[-1] - history[-2], axis=1).sum()
        frac.append(dxy / d01)
        if it >= max_rounds or (it >= 2 and frac[-1] < tol):
            break
    vd, _, R, _ = _state(history[-1], cap, sal, big_r_range, big_r_adjust)
    q, e = _win_probs(history[-1], cap, vd, R)
    win.append(q)
    expected.append(e)
    risk.append(R)
    return np.array(history), np.array(win), np.array(expected), np.array(frac), np.array(risk)


def smp_matrices(inp: ForecastInput, big_r_range: str = "mid", big_r_adjust: str = "one_third") -> dict:
    """The first state's matrices, as KTAB's log prints them.

    Returns a dict with ``"raw_value"`` (risk-neutral utility of j's position to
    i), ``"risk"`` (inferred risk attitudes) and ``"risk_aware"`` (utility with
    each actor's own attitude), as DataFrames over the input's actors.
    """
    pos, cap, sal = _prepare(inp)
    vd, rn, R, _ = _state(pos, cap[:, 0], sal, big_r_range, big_r_adjust)
    names = list(inp.actors)
    return {
        "raw_value": pd.DataFrame(rn, index=names, columns=names),
        "risk": pd.Series(R, index=names, name="R"),
        "risk_aware": pd.DataFrame(_bsutil(vd, R[:, None]), index=names, columns=names),
    }


def _prepare(inp):
    lo, hi = inp.bounds[:, 0], inp.bounds[:, 1]
    pos = (inp.position - lo) / (hi - lo)
    sal = np.where(inp.present, inp.salience, 0.0)
    total = sal.sum(1).max()
    if total > 1:
        sal = sal / total
    return pos, inp.cap2d, sal


def smp(inp: ForecastInput, rounds: int | None = None, tol: float = 0.02,
        big_r_range: str = "mid", big_r_adjust: str = "one_third") -> ForecastResult:
    """Forecast with KTAB's spatial model of politics.

    Parameters
    ----------
    inp : ForecastInput
    rounds : int, optional
        Maximum number of iterations (KTAB: 100).
    tol : float
        Stop when the fractional change falls below this (KTAB: 0.02).
    big_r_range : {"min", "mid", "max"}
    big_r_adjust : {"full", "two_thirds", "half", "one_third", "none"}

    Returns
    -------
    ForecastResult
        Rounds are KTAB's states; tables ``win_prob``, ``fractional_change``
        and ``risk``.
    """
    max_rounds = 100 if rounds is None else int(rounds)
    if max_rounds < 1:
        raise ValueError(f"rounds must be >= 1, got {rounds}")
    if not tol > 0:
        raise ValueError(f"tol must be > 0, got {tol}")
    if big_r_range not in ("min", "mid", "max"):
        raise ValueError(f"big_r_range must be 'min', 'mid' or 'max', got {big_r_range!r}")
    if big_r_adjust not in _R_ADJUST:
        raise ValueError(f"big_r_adjust must be one of {sorted(_R_ADJUST)}, got {big_r_adjust!r}")
    pos, cap, sal = _prepare(inp)
    n, m = pos.shape
    lo, hi = inp.bounds[:, 0], inp.bounds[:, 1]
    active = inp.present & (sal > 0) & (cap > 0)
    joint = bool(np.all(inp.present) and np.all(cap == cap[:, :1]))
    groups = [np.arange(m)] if joint else [np.array([k]) for k in range(m)]
    runs = []
    for g in groups:
        act = active[:, g].all(1) if joint else active[:, g[0]]
        runs.append((g, np.flatnonzero(act)))
    kw = dict(tol=tol, big_r_range=big_r_range, big_r_adjust=big_r_adjust, max_rounds=max_rounds)
    outs = []
    for g, act in runs:
        if len(act) >= 2:
            outs.append(smp_arrays(pos[np.ix_(act, g)], cap[act, g[0]], sal[np.ix_(act, g)], **kw))
        else:
            outs.append(None)
    n_states = max([o[0].shape[0] for o in outs if o is not None], default=1)
    history = np.repeat(pos[None], n_states, 0)
    fc = np.full((n_states, m), np.nan)
    tables = {"win_prob": [], "fractional_change": [], "risk": []}
    converged = True
    names = np.array(inp.actors, dtype=object)
    for (g, act), out in zip(runs, outs, strict=True):
        label = "all" if joint else inp.issues[g[0]]
        if out is None:
            fc[:, g] = pos[act][:, g].mean(0) if len(act) else np.nan
            continue
        hist, win, exp, frac, risk = out
        s = hist.shape[0]
        pad = np.arange(n_states).clip(max=s - 1)
        history[np.ix_(np.arange(n_states), act, g)] = hist[pad]
        fc[:, g] = exp[pad]
        converged &= bool(frac[-1] < tol)
        st, a = np.meshgrid(np.arange(s), np.arange(len(act)), indexing="ij")
        tables["win_prob"].append(pd.DataFrame({"group": label, "round": st.ravel(),
                                                "actor": names[act][a.ravel()], "win_prob": win.ravel()}))
        tables["risk"].append(pd.DataFrame({"group": label, "round": st.ravel(),
                                            "actor": names[act][a.ravel()], "R": risk.ravel()}))
        tables["fractional_change"].append(pd.DataFrame({"group": label, "round": np.arange(1, s),
                                                         "fractional_change": frac}))
    positions = lo + history * (hi - lo)
    positions[0] = inp.position                 # round 0 is the input, exactly
    fc = lo + fc * (hi - lo)
    tabs = {k: pd.concat(v, ignore_index=True) if v else pd.DataFrame() for k, v in tables.items()}
    params = {"rounds": max_rounds, "tol": tol, "big_r_range": big_r_range,
              "big_r_adjust": big_r_adjust, "joint": joint, "converged": converged}
    return ForecastResult.from_arrays("smp", inp, positions, fc, tables=tabs, params=params)
