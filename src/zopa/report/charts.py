"""The report's figures, available on their own for notebooks: each function returns a
matplotlib Figure (Agg) and does no I/O.

>>> import zopa
>>> from zopa.report import charts as figures
>>> fig = figures.plans_heatmap(zopa.load("textbook"))
>>> len(fig.axes) >= 1
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from zopa.report.style import COLORS, actor_colors, use

if TYPE_CHECKING:  # pragma: no cover
    from zopa.scenario.model import Scenario
    from zopa.zone.analyze import ZoneResult

__all__ = ["plans_heatmap", "plan_utilities", "timeline", "zone_over_time", "equilibrium", "zone_probability", "forecasts",
           "pairings", "claims", "claims_hinges", "hinge_table", "input_label", "at_text", "outside_view", "all_figures",
           "scenario_figures", "section_figures"]


def _short(text: str, n: int = 38) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _cell_label(iss, x: float) -> str:
    if iss.kind == "ordinal":
        return iss.options[int(round(x))].replace("_", " ")
    return f"{x:g}"


def plans_heatmap(s: Scenario):
    """Issue-by-plan table as a heatmap. Each cell shows the plan's value; its colour says which
    principal that value favours (the difference of their utilities on the issue: red for the
    first principal, blue for the second); "=" marks an issue the plan leaves at the status quo.
    Raises ValueError if the scenario states no issues (there is nothing to draw)."""
    from zopa.scenario.compile import compile_model

    _need_issues(s)
    m = compile_model(s)
    ids, X = m.plans_matrix()
    cols = ["status quo", *ids]
    vals = np.vstack([m.status_quo, X]).T if len(ids) else m.status_quo[:, None]
    p = list(m.principals[:2]) if len(m.principals) >= 2 else [0, min(1, len(m.actors) - 1)]
    lean = np.zeros_like(vals)
    for i in range(len(s.issues)):
        u = m.issue_utility(i, vals[i])  # (n_cols, n_actors)
        lean[i] = u[:, p[1]] - u[:, p[0]]
    with use() as plt:
        fig, ax = plt.subplots(figsize=(2.0 + 1.15 * len(cols), 1.1 + 0.36 * len(s.issues)))
        ax.imshow(lean, cmap="RdBu", vmin=-1.3, vmax=1.3, aspect="auto")
        ax.grid(False)
        for i, iss in enumerate(s.issues):
            set_here = [iss.id in _set_issues(s, c) for c in cols]
            for j in range(len(cols)):
                silent = j > 0 and not set_here[j]
                ax.text(j, i, ("= " if silent else "") + _short(_cell_label(iss, vals[i, j]), 18), ha="center",
                        va="center", fontsize=6.5, color="white" if abs(lean[i, j]) > 0.75 else "black")
        ax.set_xticks(range(len(cols)), [_short(c, 22) for c in cols], rotation=30, ha="right")
        ax.set_yticks(range(len(s.issues)), [iss.id for iss in s.issues])
        a, b = m.actors[p[0]], m.actors[p[1]]
        ax.set_title(f"What each plan sets, issue by issue (red: favours {a}, blue: favours {b}; \"=\": status quo)")
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        fig.tight_layout()
    return fig


def _need_issues(s: Scenario) -> None:
    if not s.issues:
        raise ValueError(f"scenario {s.id!r} states no issues: there is no plan-by-issue figure to draw")


def _set_issues(s: Scenario, plan_id: str) -> set[str]:
    if plan_id == "status quo":
        return set()
    out: set[str] = set()
    for pt in s.effective_points(plan_id):
        out.update(pt.sets)
    return out


def plan_utilities(s: Scenario, war_values: dict[str, float] | None = None):
    """Each principal's utility of the status quo and of each plan; dashed: its value of fighting on.
    Raises ValueError if the scenario states no issues (every utility would be 0)."""
    from zopa.scenario.diff import plan_utilities as table

    _need_issues(s)
    t = table(s)
    who = [c for c in t.columns if c != "plan"]
    colors = actor_colors(who)
    with use() as plt:
        fig, ax = plt.subplots(figsize=(7.5, 0.8 + 0.32 * len(t) * max(1, len(who)) / 1.6))
        y = np.arange(len(t))
        h = 0.8 / max(1, len(who))
        for k, a in enumerate(who):
            ax.barh(y + (k - (len(who) - 1) / 2) * h, t[a], height=h, color=colors[a], label=a)
            if war_values and a in war_values:
                ax.axvline(war_values[a], color=colors[a], ls="--", lw=1)
        ax.set_yticks(y, t["plan"])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel("utility (0 = worst outcome for the actor, 1 = best)")
        ax.set_title("Each principal's utility of each plan" + (" (dashed: value of fighting on now)" if war_values else ""))
        ax.legend(loc="lower right")
        fig.tight_layout()
    return fig


KIND_MARK = {"meeting": "o", "summit": "*", "call": "^", "statement": "s", "deadline": "X", "strike": "v",
             "sanction": "D", "exchange": "P", "publication": "d", "decision": "h", "leak": "<", "other": "."}


def timeline(s: Scenario):
    """The events on a time axis, one row per kind, labelled with their titles."""
    import matplotlib.dates as mdates

    events = sorted(s.events, key=lambda e: e.date.date)
    kinds = sorted({e.kind for e in events}) or ["other"]
    with use() as plt:
        fig, ax = plt.subplots(figsize=(10, 0.9 + 0.45 * len(kinds) + 0.05 * len(events)))
        for k, kind in enumerate(kinds):
            evs = [e for e in events if e.kind == kind]
            ax.scatter([e.date.date for e in evs], [k] * len(evs), marker=KIND_MARK.get(kind, "o"), s=36,
                       color=COLORS[k % len(COLORS)], zorder=3)
            for j, e in enumerate(evs):
                ax.annotate(_short(e.title, 28), (mdates.date2num(e.date.date), k), xytext=(2, 5 + 7 * (j % 2)),
                            textcoords="offset points", fontsize=5.5, rotation=25, color="#333")
        ax.set_yticks(range(len(kinds)), kinds)
        ax.set_ylim(-0.6, len(kinds) - 0.1)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.set_title("Timeline of events")
        fig.autofmt_xdate()
        fig.tight_layout()
    return fig


def zone_over_time(r: ZoneResult, s: Scenario | None = None, best_plans: int = 3):
    """Each principal's value of fighting on (5-95% band over battlefield paths) against the
    utility of the plans closest to the zone, month by month: a plan is acceptable to a side
    while its line is above that side's band."""
    colors = actor_colors(r.principals)
    with use() as plt:
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.4), sharey=True)
        plans = r.plans
        ranked = plans.groupby("plan")["margin"].min().sort_values(ascending=False).index[:best_plans] if len(plans) else []
        for ax, a in zip(axes, r.principals, strict=True):
            v = r.values[r.values.actor == a]
            ax.fill_between(v.month, v.war_value_p05, v.war_value_p95, color=colors[a], alpha=0.2, lw=0, label="5-95% of paths")
            ax.plot(v.month, v.war_value, color=colors[a], lw=2, label="value of fighting on")
            for j, pid in enumerate(ranked):
                u = plans[(plans.plan == pid) & (plans.actor == a)]["utility"].iloc[0]
                ax.axhline(u, color=COLORS[(j + 3) % len(COLORS)], ls=":", lw=1.2, label=f"plan {pid}")
            ax.set_title(f"{a}: fighting on vs the plans")
            ax.set_xlabel("months from start")
            ax.legend(fontsize=6.5, loc="best")
        axes[0].set_ylabel("utility per month")
        fig.tight_layout()
    return fig


def zone_probability(r: ZoneResult):
    """Probability that the zone is open each month, that it has opened, and the Monte Carlo check."""
    mo = r.months
    with use() as plt:
        fig, ax = plt.subplots(figsize=(7, 2.8))
        ax.plot(mo.month, mo.p_zone_open, lw=2, color=COLORS[2], label="zone open this month")
        ax.plot(mo.month, mo.p_deal_by, lw=2, color=COLORS[1], label="zone has opened by then")
        ax.plot(mo.month, mo.p_deal_by_mc, lw=1, ls="--", color="k", label="same, Monte Carlo paths")
        ax.plot(mo.month, mo.zone_size, lw=1, color=COLORS[4], label="zone size (share of outcomes)")
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("months from start")
        ax.set_ylabel("probability")
        ax.set_title("When is there a zone of agreement?")
        ax.legend(fontsize=7)
        fig.tight_layout()
    return fig


def equilibrium(r: ZoneResult):
    """Each principal's equilibrium value of bargaining from month t: rising = it gains from delay."""
    colors = actor_colors(r.principals)
    with use() as plt:
        fig, ax = plt.subplots(figsize=(7, 2.8))
        for a in r.principals:
            v = r.values[r.values.actor == a]
            ax.plot(v.month, v.equilibrium_value, color=colors[a], lw=2, label=f"{a}: equilibrium value")
            ax.plot(v.month, v.war_value, color=colors[a], lw=1, ls="--", label=f"{a}: value of fighting on")
        ax.set_xlabel("months from start")
        ax.set_ylabel("utility per month")
        ax.set_title("Who gains from delay")
        ax.legend(fontsize=7, ncol=2)
        fig.tight_layout()
    return fig


def scenario_figures(s: Scenario, zone: ZoneResult | None = None) -> dict:
    """The figures of the scenario and zone sections, by name, in the report's order."""
    out = {}
    wv = None if zone is None else {a: zone.summary[f"war_value.{a}"] for a in zone.principals}
    if s.issues:
        out.update(plans_heatmap=plans_heatmap(s), plan_utilities=plan_utilities(s, wv))
    out["timeline"] = timeline(s)
    if zone is not None:
        out.update(zone_over_time=zone_over_time(zone, s), zone_probability=zone_probability(zone), equilibrium=equilibrium(zone))
    return out


def all_figures(s, zone: ZoneResult | None = None, *, forecasts=None, simulation=None, claims=None, outside_view=None) -> dict:
    """Every figure the report draws that the given results allow, by name, in the report's order.

    Parameters
    ----------
    s : Scenario or ReportData
        The scenario; or everything a report collected (:func:`zopa.report.build`), which gives
        every figure of that report and ignores the other arguments.
    zone : ZoneResult, optional
        The zone analysis (:func:`zopa.zone.analyze`): the zone over time, its probability, the
        equilibrium, and each side's value of fighting on in the plans' utilities.
    forecasts : list, optional
        The forecasting models' results (:func:`zopa.forecast.run`): figure ``forecasts``.
    simulation : DataFrame, optional
        Strategy pairings of the two principals (:func:`zopa.sim.tournament.tournament`): ``pairings``.
    claims : ClaimsResult, optional
        The claims' odds and sensitivity (:func:`zopa.sweep.odds.claims_report`): ``claims`` and
        ``claims_hinges``.
    outside_view : OutsideView, optional
        Base rates for the war (:func:`zopa.history.outside_view`): ``outside_view``.

    Returns
    -------
    dict of str to matplotlib.figure.Figure
        Every figure the report would embed for these results (the same drawing code).

    Examples
    --------
    >>> import zopa
    >>> data = zopa.report.build(zopa.load("textbook"), worlds=20)
    >>> list(zopa.report.figures(data))
    ['plans_heatmap', 'plan_utilities', 'timeline', 'zone_over_time', 'zone_probability', 'equilibrium', 'forecasts', 'pairings', 'claims']
    >>> list(zopa.report.figures(data.scenario))
    ['plans_heatmap', 'plan_utilities', 'timeline']
    """
    from zopa.report.build import ReportData

    if isinstance(s, ReportData):
        return _report_figures(s)
    out = scenario_figures(s, zone)
    results = {"forecasts": forecasts, "simulation": simulation, "claims": claims, "outside-view": outside_view}
    for anchor, result in results.items():
        if result is not None:
            out.update(section_figures(anchor, s, result))
    return out


def _report_figures(data) -> dict:
    out = scenario_figures(data.scenario, data.zone)
    for sec in data.sections:
        out.update(section_figures(sec.anchor, data.scenario, sec.result))
    return out


def section_figures(anchor: str, s: Scenario, result) -> dict:
    """The figures of one report section (by its anchor: ``forecasts``, ``simulation``, ``claims``,
    ``outside-view``) drawn from that section's analysis result; the report embeds exactly these."""
    draw = {"forecasts": lambda: {"forecasts": forecasts(s, result)},
            "simulation": lambda: {"pairings": pairings(result, *_pairing_sides(result))},
            "claims": lambda: {"claims": claims(result), **_hinges(result)},
            "outside-view": lambda: {"outside_view": outside_view(result)}}
    return draw[anchor]() if anchor in draw else {}


def _hinges(r) -> dict:
    return {"claims_hinges": claims_hinges(r)} if len(hinge_table(r)) else {}


def _pairing_sides(grid) -> tuple[str, str]:
    a, b = grid.columns[:2]  # a tournament's first columns are the two sides' strategies
    return str(a), str(b)


def outside_view(view):
    """Base rates for a war like this one and recurrence after deals (:mod:`zopa.history.figures`)."""
    from zopa.history.figures import plot_outside_view

    return plot_outside_view(view)


def pairings(grid, a: str, b: str):
    """Probability of a deal and each side's gain by strategy pairing (a heatmap each)."""
    with use() as plt:
        fig, axes = plt.subplots(1, 3, figsize=(11, 2.9))
        for ax, col, title, cmap, lim in (
            (axes[0], "p_agreement", "P(deal)", "Greens", (0, 1)),
            (axes[1], f"gain_{a}", f"{a}'s gain", "RdBu", (-0.1, 0.1)),
            (axes[2], f"gain_{b}", f"{b}'s gain", "RdBu", (-0.1, 0.1)),
        ):
            piv = grid.pivot(index=a, columns=b, values=col)
            ax.imshow(piv.to_numpy(dtype=float), cmap=cmap, vmin=lim[0], vmax=lim[1], aspect="auto")
            ax.grid(False)
            for i in range(piv.shape[0]):
                for j in range(piv.shape[1]):
                    v = piv.iat[i, j]
                    ax.text(j, i, "" if v != v else f"{v:.2f}", ha="center", va="center", fontsize=7)
            ax.set_xticks(range(piv.shape[1]), piv.columns, rotation=30, ha="right")
            ax.set_yticks(range(piv.shape[0]), piv.index)
            ax.set_xlabel(f"{b}'s strategy")
            ax.set_ylabel(f"{a}'s strategy")
            ax.set_title(title)
        fig.tight_layout()
    return fig


def forecasts(s: Scenario, results) -> object:
    """Each model's forecast on each issue (coloured dots) against the plans (grey ticks), on each
    issue's scale from its low end (0) to its high end (1)."""
    from zopa.scenario.compile import compile_model

    m = compile_model(s)
    ids, X = m.plans_matrix()
    span = np.where(m.hi > m.lo, m.hi - m.lo, 1.0)
    with use() as plt:
        fig, ax = plt.subplots(figsize=(9.5, 1.4 + 0.38 * len(s.issues)), layout="constrained")
        y = np.arange(len(s.issues))
        for j in range(len(ids)):
            ax.scatter((X[j] - m.lo) / span, y, marker="|", s=160, color="#999", zorder=2, label="plans" if j == 0 else None)
        ax.scatter((m.status_quo - m.lo) / span, y, marker="s", s=22, facecolor="none", edgecolor="k", zorder=3, label="status quo")
        for k, r in enumerate(results):
            f = np.array([r.forecast.get(i, np.nan) for i in m.issues], dtype=float)
            ax.scatter((f - m.lo) / span, y + (k - len(results) / 2) * 0.07, s=16, color=COLORS[k % len(COLORS)], zorder=4, label=r.model)
        ax.set_yticks(y, list(m.issues))
        ax.invert_yaxis()
        ax.set_xlim(-0.05, 1.05)
        ax.set_xlabel("position on the issue's scale (0 = low end, 1 = high end)")
        ax.set_title("Forecast settlement by model, against the plans")
        ax.legend(fontsize=6.5, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return fig


def claims(r):
    """Share of sampled worlds where each claim holds, with its 95% interval."""
    t = r.odds
    with use() as plt:
        fig, ax = plt.subplots(figsize=(8, 0.8 + 0.42 * len(t)), layout="constrained")
        y = np.arange(len(t))
        share = t["share"].to_numpy(dtype=float)
        err = np.vstack([share - t["low"].to_numpy(dtype=float), t["high"].to_numpy(dtype=float) - share])
        ax.barh(y, share, color=[COLORS[1] if v >= 0.5 else COLORS[0] for v in share], alpha=0.8)
        ax.errorbar(share, y, xerr=np.clip(err, 0, None), fmt="none", ecolor="k", capsize=3, lw=1)
        for k, v in enumerate(share):
            ax.text(min(v + 0.02, 0.92), k, f"{100 * v:.0f}%", va="center", fontsize=7)
        ax.set_yticks(y, t["id"])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.axvline(0.5, color="#888", lw=0.8, ls=":")
        ax.set_xlabel(f"share of {r.worlds} sampled worlds where the claim holds")
        ax.set_title("The sources' claims, tested")
    return fig


def at_text(at) -> str:
    """When a claim reads its metric, in words: a month from the start (whole months as integers) or a date.

    Examples
    --------
    >>> at_text(12.0), at_text(1.5), at_text(None)
    (' at month 12', ' at month 1.5', '')
    """
    if at is None or (isinstance(at, float) and at != at):
        return ""
    if isinstance(at, int | float):
        return f" at month {int(at)}" if float(at).is_integer() else f" at month {at:g}"
    return f" on {at}"


_COST = {"casualties_k": "casualties per month (k)", "usd_bn": "war spending per month (US$ bn)",
         "utility": "other war costs (utility per month)"}
_WORDS = {"initial": "state at the start", "drift": "drift per month", "volatility": "volatility per month",
          "annual_breakdown": "yearly chance a deal breaks down"}


def _words(x: str) -> str:
    return _WORDS.get(x, x.replace("_", " "))


def input_label(path: str) -> str:
    """A readable name for an uncertain input, given its path in the scenario (as in ``--set``).

    Examples
    --------
    >>> input_label("actors.UA.discount_rate")
    'UA: discount rate'
    >>> input_label("actors.RU.cost_weights.casualties_k")
    'RU: utility cost per unit of casualties per month (k)'
    >>> input_label("actors.US.deadlines.0.credibility")
    "US's deadline 1: credibility"
    >>> input_label("battlefield.levers.us_weapons.effect.drift")
    'lever us weapons: effect on drift per month'
    >>> input_label("battlefield.costs.UA.utility")
    "UA's other war costs (utility per month)"
    >>> input_label("durability.annual_breakdown")
    'durability: yearly chance a deal breaks down'
    """
    match path.split("."):
        case ["actors", a, "cost_weights", k]:
            return f"{a}: utility cost per unit of {_COST.get(k, _words(k))}"
        case ["actors", a, "deadlines", i, field] if i.isdigit():
            return f"{a}'s deadline {int(i) + 1}: {_words(field)}"
        case ["actors", a, "issues", issue, field]:
            return f"{a}: {_words(field)} on {issue}"
        case ["actors", a, *rest]:
            return f"{a}: {' '.join(map(_words, rest))}"
        case ["battlefield", "costs", a, k]:
            return f"{a}'s {_COST.get(k, _words(k))}"
        case ["battlefield", "levers", lever, "effect", "costs", a, k]:
            return f"lever {_words(lever)}: effect on {a}'s {_COST.get(k, _words(k))}"
        case ["battlefield", "levers", lever, "effect", field]:
            return f"lever {_words(lever)}: effect on {_words(field)}"
        case [head, *rest] if rest:
            return f"{_words(head)}: {' '.join(map(_words, rest))}"
        case _:
            return _words(path)


def hinge_table(r, k: int = 5):
    """Each claim's ``k`` leading inputs by Morris mu_star (only inputs that move the claim's metric):
    ``claim``, ``input``, ``label`` (:func:`input_label`), ``mu_star``, ``mu_star_conf``, ``ST``.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> sens = pd.DataFrame({"claim": ["c", "c", "c"], "input": ["battlefield.drift", "durability.annual_breakdown", "x"],
    ...                      "mu_star": [0.1, 0.3, 0.0], "mu_star_conf": 0.01, "ST": [None, 0.9, None]})
    >>> hinge_table(SimpleNamespace(sensitivity=sens))[["input", "mu_star"]].values.tolist()
    [['durability.annual_breakdown', 0.3], ['battlefield.drift', 0.1]]
    """
    import pandas as pd

    cols = ["claim", "input", "label", "mu_star", "mu_star_conf", "ST"]
    t = r.sensitivity
    if t.empty:
        return pd.DataFrame(columns=cols)
    t = t[t["mu_star"] > 0].sort_values(["claim", "mu_star"], ascending=[True, False], kind="stable")
    t = t.groupby("claim", sort=False).head(k).assign(label=lambda d: d["input"].map(input_label))
    for c in ("mu_star_conf", "ST"):
        if c not in t.columns:
            t[c] = np.nan
    return t[cols].reset_index(drop=True)


def claims_hinges(r, k: int = 5):
    """What each claim hinges on: for every claim whose metric moves with the sampled inputs, a bar per
    leading input (its Morris mu_star, the mean absolute effect on the quantity the claim reads, with
    its 95% bootstrap interval), marked with its Sobol' total index ST where that was computed.
    Raises ValueError if no input moves any claim's metric."""
    t = hinge_table(r, k)
    if t.empty:
        raise ValueError("no sampled input moves the metric of any claim: there is nothing to chart")
    order = [c for c in r.odds["id"] if c in set(t["claim"])]
    rows = [int((t["claim"] == c).sum()) for c in order]
    with use() as plt:
        fig, axes = plt.subplots(len(order), 1, figsize=(7.5, 0.5 + sum(0.75 + 0.26 * n for n in rows)), layout="constrained",
                                 squeeze=False, gridspec_kw={"height_ratios": [1.8 + n for n in rows]})
        for ax, cid, n in zip(axes[:, 0], order, rows, strict=True):
            _hinge_panel(ax, t[t["claim"] == cid], r.odds[r.odds["id"] == cid].iloc[0], n)
        fig.suptitle("What each claim hinges on: the inputs that move it most (Morris \u03bc*)", fontweight="bold")
    return fig


def _hinge_panel(ax, t, claim, rows: int) -> None:
    from matplotlib.ticker import MaxNLocator

    y = np.arange(len(t))
    mu = t["mu_star"].to_numpy(dtype=float)
    conf = np.nan_to_num(t["mu_star_conf"].to_numpy(dtype=float))
    ax.barh(y, mu, height=0.7, xerr=conf, color=COLORS[1] if claim["share"] >= 0.5 else COLORS[0], alpha=0.8,
            error_kw={"ecolor": "#333", "lw": 0.8, "capsize": 2})
    for yi, (end, st) in enumerate(zip(mu + conf, t["ST"].to_numpy(dtype=float), strict=True)):
        if np.isfinite(st):
            ax.text(end, yi, f"  ST {st:.2f}", va="center", fontsize=6.5, color="#333")
    ax.set_yticks(y, [_short(x, 48) for x in t["label"]], fontsize=7)
    ax.set_ylim(rows - 0.5, -0.5)  # the same bar height in every panel, the leading input on top
    ax.set_xlim(0, 1.3 * float(np.max(mu + conf)))
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.ticklabel_format(axis="x", style="sci", scilimits=(-3, 4))
    ax.tick_params(axis="x", labelsize=7)
    ax.set_title(f"{claim['id']}: holds in {100 * claim['share']:.0f}% of worlds", fontsize=8.5)
    ax.set_xlabel(f"\u03bc* on {claim['metric']}{at_text(claim.get('at'))}", fontsize=7.5)
