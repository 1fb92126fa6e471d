"""Tidy results of a simulation: one row per session, the trace, a summary.

Examples
--------
>>> from zopa.sim import simulate
>>> from zopa.sim.benchmark import negmas_benchmark
>>> res = simulate(negmas_benchmark(), {"UA": "linear", "RU": "linear"}, steps=50, runs=2)
>>> list(res.runs.columns)[:4]
['run', 'agreement', 'step', 'territory']
>>> res.summary()["p_agreement"]
1.0
>>> res.to_json()["runs"][0]["agreement"]
{'territory': 8, 'army_cap': 0, 'security_guarantee': 'bilateral'}
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from zopa.sim.protocols import ACTIONS

__all__ = ["SimResult"]


@dataclass
class SimResult:
    """What :func:`zopa.sim.simulate` returns.

    Attributes
    ----------
    runs : DataFrame
        One row per session: ``run``, ``agreement`` (bool), ``step``, one column
        per issue (the agreed option, missing without agreement), ``u_<actor>``
        (utility of the agreement, or the reservation value at the end when
        there is none), ``ratified`` (a principal signed), ``refusals``
        (principal refusals on the way), ``outcome`` (index in the grid, -1 none).
    trace : DataFrame or None
        With ``trace=True``: ``run, step, actor, action, outcome`` plus the
        issue columns, one row per offer, response and ratification.
    params : dict
        protocol, strategies, seed and steps, for the record.
    held : dict
        ``{issue: status-quo value}`` of the scenario's issues left out of the outcome grid
        (:attr:`zopa.sim.Domain.held`): every agreement holds them at these values.
    """

    runs: pd.DataFrame
    trace: pd.DataFrame | None
    params: dict
    issues: tuple
    actors: tuple
    held: dict = field(default_factory=dict)

    @classmethod
    def build(cls, d, actors, strat, protocol, n_steps, seed, cols, tr, mediator=None) -> SimResult:
        g = d.grid
        agreement = cols["agreement"]
        ok = agreement >= 0
        data = {"run": cols["session"], "agreement": ok, "step": cols["step"]}
        for i, iss in enumerate(d.issues):
            opts = np.asarray(iss.options, dtype=object)
            vals = np.full(len(agreement), None, dtype=object)
            vals[ok] = opts[g[agreement[ok], i]]
            data[iss.name] = vals
        idx = [d.index(a) for a in actors]
        for j, (a, k) in enumerate(zip(actors, idx, strict=True)):
            u = np.where(ok, d.U[k][np.where(ok, agreement, 0)], cols["final_reservation"][:, j])
            data[f"u_{a}"] = u
        data["ratified"] = cols["ratified"]
        data["refusals"] = cols["refusals"]
        data["outcome"] = agreement
        df = pd.DataFrame(data)  # built at once: inserting column by column costs more than the talks' last rounds
        trace = None
        if tr is not None:
            trace = pd.DataFrame({
                "run": tr["session"], "step": tr["step"],
                "actor": np.asarray(actors + (["mediator"] if mediator is not None else []), dtype=object)[tr["party"]],
                "action": np.asarray(ACTIONS, dtype=object)[tr["action"]],
                "outcome": tr["outcome"],
            })
            for i, iss in enumerate(d.issues):
                trace[iss.name] = np.asarray(iss.options, dtype=object)[g[trace["outcome"].to_numpy(), i]]
            trace = trace.sort_values(["run", "step"], kind="stable").reset_index(drop=True)
        params = {
            "protocol": protocol,
            "strategies": {a: repr(s) for a, s in zip(actors, strat, strict=True)},
            "seed": seed,
            "steps": int(n_steps[0]) if np.all(n_steps == n_steps[0]) else n_steps.tolist(),
            "reservation": {a: float(d.reservation[k]) for a, k in zip(actors, idx, strict=True)},
        }
        if mediator is not None:
            params["mediator"] = repr(mediator)
        return cls(df, trace, params, tuple(d.issues), tuple(actors), dict(getattr(d, "held", {}) or {}))

    # -- summaries ----------------------------------------------------------------------------
    def summary(self) -> dict:
        """Probability of agreement, when, on what terms, and who gains.

        ``terms`` gives, per issue, the share of agreements on each option;
        ``gain`` is each actor's mean utility less its reservation value at the
        start (positive: the talks beat fighting on for it).
        """
        df = self.runs
        ok = df["agreement"].to_numpy()
        n = len(df)
        out: dict = {"runs": n, "p_agreement": float(ok.mean()) if n else float("nan")}
        st = df.loc[ok, "step"]
        out["step"] = {
            "mean": float(st.mean()) if len(st) else None,
            "median": float(st.median()) if len(st) else None,
            "min": int(st.min()) if len(st) else None,
            "max": int(st.max()) if len(st) else None,
        }
        terms = {}
        for iss in self.issues:
            vc = df.loc[ok, iss.name].value_counts(normalize=True)
            terms[iss.name] = {str(k): float(v) for k, v in vc.items()}
        out["terms"] = terms
        out["utility"] = {a: float(df[f"u_{a}"].mean()) for a in self.actors}
        out["gain"] = {a: float(df[f"u_{a}"].mean() - self.params["reservation"][a]) for a in self.actors}
        out["p_ratified"] = float(df["ratified"].mean()) if n else float("nan")
        out["refusals"] = float(df["refusals"].mean()) if n else float("nan")
        return out

    def to_json(self) -> dict:
        """The ``--json`` contract: one run as a dict; many as ``{"summary", "runs"}``.

        An agreement gives every issue: those of the outcome grid, and those held at their
        status quo (listed under ``held``, present when some issue was held).
        """
        rows = []
        for rec in self.runs.to_dict("records"):
            agreement = None
            if rec["agreement"]:
                agreement = {iss.name: _plain(rec[iss.name]) for iss in self.issues} | {k: _plain(v) for k, v in self.held.items()}
            rows.append({
                "agreement": agreement,
                "step": int(rec["step"]),
                "utilities": {a: float(rec[f"u_{a}"]) for a in self.actors},
                "ratified": bool(rec["ratified"]),
            })
        extra = {"held": list(self.held)} if self.held else {}
        if len(rows) == 1:
            return rows[0] | extra
        return {"summary": self.summary(), "runs": rows} | extra


def _plain(v):
    return v.item() if isinstance(v, np.generic) else v
