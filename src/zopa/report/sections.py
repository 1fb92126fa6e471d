"""The report's sections beyond the scenario and the zone: each runs one analysis and renders it.

A section maker takes ``(scenario, zone, worlds=, seed=)`` and returns a
:class:`~zopa.report.build.Section`, or raises :class:`NotApplicable` with the reason.
"""

from __future__ import annotations

import html

from zopa.report import charts
from zopa.report.build import Section
from zopa.report.charts import at_text
from zopa.report.style import svg

__all__ = ["SECTIONS", "NotApplicable", "at_text"]


class NotApplicable(Exception):
    """The section does not apply to this scenario (the reason is shown in the report)."""


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def figure_html(name: str, fig, caption: str) -> str:
    """A figure as the report embeds it: inline SVG (ids fixed by ``name``) in ``<figure id="fig-NAME">``."""
    return f'<figure id="fig-{name}">{svg(fig, name)}<figcaption>{html.escape(caption)}</figcaption></figure>'


def simulation(s, zone, *, worlds: int, seed: int) -> Section:
    """Strategy pairings of the principals, and a delegate who cannot sign."""
    from zopa.report.html import table_html
    from zopa.sim.tournament import tournament

    if zone is None:
        raise NotApplicable("No simulation: it takes its reservation values from the zone analysis.")
    a, b = zone.principals
    runs = max(20, min(200, worlds // 2))
    grid = tournament(s, {a: ["boulware", "linear", "conceder", "tough"], b: ["boulware", "linear", "conceder"]},
                      runs=runs, seed=seed, zone=zone)
    extra = []
    delegates = [x for x in s.actors if x.principal == a and x.authority == "refer"]
    if delegates:
        d = delegates[0].id
        extra = tournament(s, {d: ["stalling:p_ratify=0.3"], b: ["linear", "conceder"]}, runs=runs, seed=seed, zone=zone)
    figs = charts.section_figures("simulation", s, grid)
    lines = []
    agree = grid[grid.p_agreement > 0]
    best_b = grid.sort_values(f"gain_{b}", ascending=False).iloc[0]
    lines.append(
        f"Simulated talks ({len(grid)} strategy pairings, one round a month for {s.horizon_months} months, reservation values = "
        f"values of fighting on): a deal in {int((grid.p_agreement > 0.5).sum())} pairings; {b} gains most "
        f"({best_b[f'gain_{b}']:+.3f}) when {a} plays {best_b[a]} and {b} plays {best_b[b]}."
    )
    body = [
        _p(f"Each pairing runs {runs} sessions of NegMAS-style alternating offers (SAO): each round every party answers the "
           f"standing offer, then proposes. Reservation values are the zone analysis' values of fighting on now, and move "
           f"during the talks as the war moves them. Gains are utilities over the value of fighting on now."),
        figure_html("pairings", figs["pairings"], "Probability of a deal and each side's gain, by strategy pairing."),
        table_html(grid.drop(columns=["terms"]), "simulation_pairings"),
    ]
    if len(agree):
        body.append("<h3>Terms of the most common agreement, by pairing</h3>")
        body.append(table_html(agree[[a, b, "terms"]], "simulation_terms"))
    tables = {"simulation_pairings": grid}
    if len(extra):
        d = extra.columns[0]
        body.append(f"<h3>A delegate who cannot sign ({d}, authority: refer)</h3>")
        body.append(_p(f"{d} moves little and must refer each deal to {a}, who ratifies 30% of them."))
        body.append(table_html(extra, "simulation_delegate"))
        tables["simulation_delegate"] = extra
        lines.append(
            f"With {d} as a stalling delegate who must refer back, a deal comes in {100 * extra.p_agreement.max():.0f}% of sessions at most."
        )
    return Section("simulation", "Simulated talks", "\n".join(body), lines, tables, grid)


def forecasts(s, zone, *, worlds: int, seed: int) -> Section:
    """Collective-decision models' forecast of the settlement, issue by issue, against the plans."""
    from zopa.forecast import run
    from zopa.forecast.scenario import closest_plans, from_scenario, plan_distances
    from zopa.report.html import table_html

    try:
        inp = from_scenario(s)
    except ValueError as err:
        raise NotApplicable(f"No forecasts: {err}") from None
    results = run(inp, "all")
    rows = []
    for iss in s.issues:
        row = {"issue": iss.id}
        for r in results:
            v = r.forecast.get(iss.id)
            row[r.model] = iss.label(v) if v is not None and v == v else ""
        rows.append(row)
    import pandas as pd

    table = pd.DataFrame(rows)
    body = [_p("Each model takes every actor's position, salience and capability on each issue (ordinal options as their "
               "index) and predicts the outcome: the weighted mean (compromise, Achen 2006), the weighted median, the Nash "
               "bargaining solution (disagreement at the status quo), Bueno de Mesquita's expected-utility model (Scholz et "
               "al. 2011), KTAB's spatial model of politics and Stokman's exchange model; the ensemble averages compromise, "
               "exchange and smp with square-root capabilities (docs/forecast/accuracy.md gives each model's error on real EU "
               "decisions).")]
    figs = charts.section_figures("forecasts", s, results)
    body.append(figure_html("forecasts", figs["forecasts"], "Forecasts against the plans on each issue's scale."))
    body.append(table_html(table, "forecasts", caption="Forecast settlement by model"))
    tables = {"forecasts": table}
    lines = []
    if s.plans:
        dist = plan_distances(s, results)
        close = closest_plans(dist)
        body.append("<h3>Which plan the models find closest</h3>")
        body.append(table_html(close, "forecast_closest_plans"))
        body.append(table_html(dist, "forecast_plan_distances", max_rows=40, caption="Distance of each plan from each forecast, issue by issue (share of the issue's range)"))
        tables.update(forecast_closest_plans=close, forecast_plan_distances=dist)
        votes = close["plan"].value_counts()
        lines.append(f"Forecasting models: {votes.iloc[0]} of {len(close)} find {votes.index[0]} the plan closest to their forecast settlement.")
    return Section("forecasts", "Forecasts by model", "\n".join(body), lines, tables, results)


def outside_view(s, zone, *, worlds: int, seed: int) -> Section:
    """Base rates for a war like this one, recurrence beside the scenario's claims, historical analogies."""
    from zopa.history import outside_view as ov
    from zopa.history.outside import months_between
    from zopa.report.html import table_html

    if s.war is None:
        raise NotApplicable("No outside view: the scenario does not say what kind of war it is (add war: {kind, started}).")
    as_of = str(s.as_of or s.start)
    lasted = months_between(str(s.war.started.date), as_of)
    years = sorted({3.0, 5.0} | {c.at / 12 for c in s.claims if c.metric == "p_breakdown_within" and isinstance(c.at, int | float) and c.at})
    view = ov(kind=s.war.kind, lasted_months=lasted, claim_years=tuple(years), analogies=tuple(s.analogies))
    body = [_p(f"The reference class: UCDP {s.war.kind} conflict episodes (UCDP Conflict Termination dataset, Kreutz 2010; "
               f"CC BY 4.0) that had lasted {lasted:.0f} months, as this war had by {as_of}.")]
    for name, fig in charts.section_figures("outside-view", s, view).items():
        body.append(figure_html(name, fig, "How wars like this one ended, and how often fighting resumed after a deal (UCDP)."))
    body.append(table_html(view.numbers, "outside_view"))
    if len(view.analogies):
        body.append("<h3>Historical analogies the scenario cites</h3>")
        body.append(table_html(view.analogies, "analogies"))
    for n in view.notes:
        body.append(f"<p class='note'>{html.escape(n)}</p>")
    return Section("outside-view", "The outside view", "\n".join(body), view.summary_lines()[:2],
                   {"outside_view": view.numbers, "analogies": view.analogies}, view)


def claims(s, zone, *, worlds: int, seed: int) -> Section:
    """How often the scenario's claims hold over sampled worlds, and what they hinge on."""
    from zopa.report.html import table_html
    from zopa.sweep.odds import claims_report

    if not s.claims:
        raise NotApplicable("No claims: the scenario states none.")
    if zone is None:
        raise NotApplicable("No claims' odds: they are read from the zone analysis, which does not apply.")
    r = claims_report(s, worlds=worlds, seed=seed, trajectories=MORRIS_TRAJECTORIES, sobol_n=128)
    t = r.odds.copy()
    lead = charts.hinge_table(r, 3)
    t["hinges_on"] = [", ".join(lead.loc[lead["claim"] == c, "label"]) for c in t["id"]]
    body = [_p(f"Each claim is a statement from a source, turned into a test on the model's results (the rationale says how). "
               f"Its odds are the share of {worlds} worlds, each a draw of every uncertain input of the scenario (Monte Carlo, "
               f"seed {seed}), in which the test holds, with a 95% Wilson interval. 'Hinges on' lists the inputs with the "
               f"largest Morris effects on the quantity the claim reads; the chart and tables below give them in full.")]
    figs = charts.section_figures("claims", s, r)
    body.append(figure_html("claims", figs["claims"], "Share of sampled worlds where each claim holds (bars: 95% interval)."))
    for c in s.claims:
        row = t[t.id == c.id].iloc[0]
        body.append(f"<p><b>{html.escape(c.id)}</b>: \u201c{html.escape(c.text.strip())}\u201d "
                    f"<span class='note'>[{html.escape(', '.join(c.source) if isinstance(c.source, list) else str(c.source))}]</span><br>"
                    f"Test: {html.escape(c.metric)}{html.escape(at_text(c.at))} {html.escape(c.op)} {c.threshold:g}. "
                    f"Holds in <b>{100 * row.share:.0f}%</b> of worlds ({100 * row.low:.0f}-{100 * row.high:.0f}%).<br>"
                    f"<span class='assumption'>{html.escape(c.rationale or '')}</span></p>")
    body.append(table_html(t.drop(columns=["text"]), "claims"))
    tables = {"claims": t}
    if not r.sensitivity.empty:
        hinge_body, hinge_tables = _hinges(r, figs)
        body.extend(hinge_body)
        tables.update(hinge_tables)
    body.append("<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in r.summary_lines()) + "</ul>")
    most = t[t.share >= 0.5]["id"].tolist()
    few = t[t.share < 0.5]["id"].tolist()
    line = (f"Claims from the sources, tested over {worlds} sampled worlds: {len(most)} of {len(t)} hold in most worlds"
            + (f" ({', '.join(most)})" if most else "") + (f"; {len(few)} in few or none ({', '.join(few)})" if few else "") + ".")
    return Section("claims", "Claims and their odds", "\n".join(body), [line], tables, r)


MORRIS_TRAJECTORIES = 8


def _hinges(r, figs: dict) -> tuple[list[str], dict]:
    """The claims section's part on what each claim hinges on: chart, notes, leading inputs, full table."""
    from zopa.report.html import table_html

    lead = charts.hinge_table(r)
    body = ["<h3>What each claim hinges on</h3>",
            _p(f"Morris screening ({MORRIS_TRAJECTORIES} trajectories through every uncertain input) measures how much the "
               "quantity a claim reads moves when one input moves across its range: \u03bc* is the mean absolute effect, in "
               "that quantity's units. For the three leading inputs of each claim, the Sobol' total index ST gives the share "
               "of the quantity's variance due to the input, interactions included.")]
    if "claims_hinges" in figs:
        body.append(figure_html("claims_hinges", figs["claims_hinges"],
                                "Each claim's leading inputs by Morris \u03bc* (whiskers: 95% bootstrap interval; ST: Sobol' total index)."))
    body.extend(f"<p class='note'>{html.escape(n)}</p>" for n in _hinge_notes(r, lead))
    body.append(table_html(lead, "claims_hinges", caption="Leading inputs of each claim (as charted)"))
    body.append(f"<details><summary>Every input's effect on every claim ({len(r.sensitivity)} rows)</summary>"
                + table_html(r.sensitivity, "claims_sensitivity") + "</details>")
    return body, {"claims_hinges": lead, "claims_sensitivity": r.sensitivity}


def _hinge_notes(r, lead) -> list[str]:
    moved = set(lead["claim"])
    still = [c for c in r.odds["id"] if c not in moved]
    certain = [row.id for row in r.odds.itertuples() if row.id in moved and row.share in (0.0, 1.0)]
    notes = []
    if still:
        notes.append(f"No sampled input moves the quantity read by {', '.join(still)}: it is the same in every world, so "
                     "their odds do not hinge on the uncertain inputs within their ranges (they hinge on the model and on "
                     "the judgements held fixed).")
    if certain:
        notes.append(f"{', '.join(certain)} hold in every sampled world or in none: the inputs charted move their margin, "
                     "but none flips them within its range.")
    return notes


SECTIONS = [("forecasts", forecasts), ("simulation", simulation), ("claims", claims), ("outside view", outside_view)]


