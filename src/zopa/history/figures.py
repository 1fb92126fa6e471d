"""Figures of the base rates, the backtest and the outside view (matplotlib, no pyplot).

Each function takes a result object and returns a :class:`matplotlib.figure.Figure`; save it
with ``fig.savefig("x.svg")``.  matplotlib is imported inside the functions and no global
state (pyplot) is touched, so they are safe in servers and tests.

Examples
--------
>>> from zopa.history.baserates import baserates
>>> fig = plot_baserates(baserates("ucdp-termination", lasted_months=12))
>>> len(fig.axes)
2
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_COLOURS = ["#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#2e4057", "#b5838d"]


def _figure(width: float, height: float, ncols: int):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols)
    return fig, np.atleast_1d(axes)


def plot_baserates(br, max_months: float | None = None):
    """Kaplan-Meier curves by kind (left) and the chance of ending each way (right)."""
    fig, (ax1, ax2) = _figure(11, 4.2, 2)
    curve = br.curve
    for i, (kind, c) in enumerate(curve.groupby("kind", sort=False)):
        if c["time"].iloc[0] == 0 and c["survival"].iloc[0] < 1:  # start the step at (0, 1)
            c = pd.concat([c.iloc[:1].assign(survival=1.0, lower=1.0, upper=1.0), c], ignore_index=True)
        colour = "#333333" if kind == "all" else _COLOURS[i % len(_COLOURS)]
        ax1.step(c["time"], c["survival"], where="post", color=colour, lw=1.6, label=f"{kind} (n={c['at_risk'].iloc[0]})")
        ax1.fill_between(c["time"], c["lower"], c["upper"], step="post", color=colour, alpha=0.12, lw=0)
    if br.lasted_months > 0:
        ax1.axvline(br.lasted_months, color="#555555", ls="--", lw=1)
        ax1.text(br.lasted_months, 1.0, f" lasted {br.lasted_months:g} mo", va="top", fontsize=8)
    ax1.set_xlim(0, max_months or min(float(curve["time"].max()), 240.0))
    ax1.set_ylim(0, 1.02)
    ax1.set_xlabel("months since the episode began")
    ax1.set_ylabel("share still running (Kaplan-Meier)")
    ax1.set_title(f"{br.dataset}: how long episodes last", fontsize=10)
    ax1.legend(fontsize=8, frameon=False)
    top = br.kind or "all"
    ways = br.ways[br.ways["kind"] == top]
    outcomes = sorted(ways["outcome"].unique())
    horizons = sorted(ways["horizon"].unique())
    bottom = np.zeros(len(horizons))
    x = np.arange(len(horizons))
    for i, name in enumerate(outcomes):
        p = ways[ways["outcome"] == name].set_index("horizon")["probability"].reindex(horizons).fillna(0).to_numpy()
        ax2.bar(x, p, bottom=bottom, color=_COLOURS[i % len(_COLOURS)], label=name.replace("_", " "))
        bottom += p
    ax2.set_xticks(x, [f"{h:g} mo" for h in horizons])
    ax2.set_ylim(0, 1)
    ax2.set_ylabel("probability of ending that way")
    cond = f", given {br.lasted_months:g} months so far" if br.lasted_months > 0 else ""
    ax2.set_title(f"{top}: ways of ending within ...{cond}", fontsize=10)
    ax2.legend(fontsize=8, frameon=False, loc="upper left")
    return fig


def plot_backtest(result):
    """Reliability diagram of a backtest: mean forecast vs observed frequency per bin."""
    fig, (ax,) = _figure(5.2, 4.6, 1)
    cal = result.calibration[result.calibration["n"] > 0]
    ax.plot([0, 1], [0, 1], color="#999999", lw=1, ls="--", label="perfect calibration")
    sizes = 20 + 180 * cal["n"] / max(int(cal["n"].max()), 1)
    ax.scatter(cal["mean_forecast"], cal["observed"], s=sizes, color=_COLOURS[0], zorder=3,
               label="bins (area ~ number of forecasts)")
    ax.plot(cal["mean_forecast"], cal["observed"], color=_COLOURS[0], lw=1)
    s = result.scores.set_index("kind").loc["all"]
    p = result.params
    ax.set_title(f"{p.get('dataset', '')}: ends within {p['horizon_months']:g} months?\n"
                 f"trained before {p['cutoff_year']}, Brier {s['brier']:.3f} "
                 f"(climatology {s['brier_climatology']:.3f})", fontsize=9)
    ax.set_xlabel("forecast probability")
    ax.set_ylabel("observed frequency")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    return fig


def plot_outside_view(view):
    """Chance the war ends within each horizon (left); recurrence after each way of ending,
    with the band of the scenario's claim shaded (right)."""
    fig, (ax1, ax2) = _figure(11, 4.2, 2)
    n = view.numbers
    end = n[n["measure"] == "end_within"]
    ax1.bar(np.arange(len(end)), end["probability"], color=_COLOURS[0])
    err = np.vstack([end["probability"] - end["lower"], end["upper"] - end["probability"]])
    ax1.errorbar(np.arange(len(end)), end["probability"], yerr=np.nan_to_num(err), fmt="none", color="#333333")
    ax1.set_xticks(np.arange(len(end)), [f"{h:g} mo" for h in end["horizon"]])
    ax1.set_ylim(0, 1)
    ax1.set_ylabel("probability the war ends within")
    ax1.set_title(f"{view.kind} wars that lasted {view.lasted_months:.0f} months "
                  f"(n={int(end['n'].max()) if len(end) else 0})", fontsize=10)
    rec = n[n["measure"] == "recurrence"]
    if "kind" in rec and (rec["kind"] == "all").any():  # one line per way of ending: all kinds of agreement together
        rec = rec[rec["kind"] == "all"]
    for i, (name, r) in enumerate(rec.sort_values("horizon").groupby("outcome", sort=True)):
        ax2.plot(r["horizon"], r["probability"], marker="o", color=_COLOURS[i % len(_COLOURS)],
                 label=name.replace("_", " "))
    lo, hi = min(view.claim_years), max(view.claim_years)
    ax2.axvspan(lo, hi, color="#d1495b", alpha=0.12, label=f"claim: renewed war in {lo:g}-{hi:g} years")
    ax2.set_ylim(0, 1)
    ax2.set_xlabel("years after the episode ended")
    ax2.set_ylabel("probability fighting resumed")
    ax2.set_title("recurrence by way of ending (UCDP)", fontsize=10)
    ax2.legend(fontsize=8, frameon=False, loc="upper left")
    return fig
