"""Readers of the International Crisis Behavior (ICB v14) data and their episode tables.

A crisis runs from its trigger (``yrtrig, motrig, datrig``) to its termination (``yrterm,
moterm, daterm``).  Day codes outside 1..31 (ICB writes 66, 77, 88 for imprecise days) and blank
days become the 15th of the month, a blank month 1 July; ``*_precision`` says which.  Crises
with no trigger or no termination year cannot be timed and are left out (listed in
``attrs["excluded"]``).  The reference class (``kind``) of a crisis is its severity of violence
(``sevviosy``: no_violence, minor_clashes, serious_clashes, full_scale_war); its ``outcome`` is
the form of outcome (``forout``: formal_agreement, semi_formal_agreement, tacit_understanding,
unilateral_act, imposed_agreement, other, faded).
"""

from __future__ import annotations

import pandas as pd

from zopa.history._files import check_numeric, read_csv, require_columns
from zopa.history.codes import ICB_FOROUT, ICB_OUTCOM, ICB_SEVERITY, decode
from zopa.history.cow import cow_dates
from zopa.history.episodes import finish, first_row_line

_SYSTEM = ["crisno", "crisname", "yrtrig", "motrig", "datrig", "yrterm", "moterm", "daterm",
           "forout", "sevviosy", "viol", "outesr"]
_ACTOR = ["crisno", "cracno", "actor", "crisname", "yrtrig", "motrig", "datrig", "yrterm",
          "moterm", "daterm", "outcom", "sevvio"]


def _dates(df: pd.DataFrame) -> None:
    for p, label in (("trig", "trigger"), ("term", "termination")):
        d, prec = cow_dates(df[f"yr{p}"].fillna(-9), df[f"mo{p}"].fillna(-9), df[f"da{p}"].fillna(-9))
        df[f"{label}_date"] = d
        df[f"{label}_precision"] = prec


def read_crises(source) -> pd.DataFrame:
    """Read ICB v14 system-level data (one row per crisis).

    Adds ``trigger_date``, ``termination_date`` (with ``*_precision``), ``forout_label`` and
    ``sevviosy_label``.
    """
    df, file = read_csv(source)
    require_columns(df, _SYSTEM, file, "ICB system-level (icb1)")
    check_numeric(df, ["crisno", "yrtrig", "motrig", "datrig", "yrterm", "moterm", "daterm",
                       "forout", "sevviosy"], file,
                  allowed={"forout": ICB_FOROUT, "sevviosy": ICB_SEVERITY})
    _dates(df)
    df["forout_label"] = decode(df["forout"], ICB_FOROUT)
    df["sevviosy_label"] = decode(df["sevviosy"], ICB_SEVERITY)
    df.attrs.update(source=file)
    return df


def read_actors(source) -> pd.DataFrame:
    """Read ICB v14 actor-level data (one row per actor in a crisis).

    Adds the dates as :func:`read_crises` does, ``outcom_label`` and ``sevvio_label``.
    """
    df, file = read_csv(source)
    require_columns(df, _ACTOR, file, "ICB actor-level (icb2)")
    check_numeric(df, ["crisno", "cracno", "yrtrig", "motrig", "datrig", "yrterm", "moterm",
                       "daterm", "outcom", "sevvio"], file,
                  allowed={"sevvio": ICB_SEVERITY, "outcom": (*ICB_OUTCOM, 9)})
    _dates(df)
    df["outcom_label"] = decode(df["outcom"], ICB_OUTCOM, missing="unknown")
    df["sevvio_label"] = decode(df["sevvio"], ICB_SEVERITY)
    df.attrs.update(source=file)
    return df


def _episodes(rows, ids, names, kind, outcome, conflict_id, dataset, censor_date):
    timed = rows["trigger_date"].notna() & rows["termination_date"].notna()
    ep = pd.DataFrame({
        "episode_id": ids, "name": names, "conflict_id": conflict_id, "kind": kind,
        "start": rows["trigger_date"], "end": rows["termination_date"], "outcome": outcome,
        "start_precision": rows["trigger_precision"], "end_precision": rows["termination_precision"],
        "line": first_row_line(rows.index),
    })[timed]
    ep["kind"] = ep["kind"].fillna("unknown")
    out = finish(ep.reset_index(drop=True), dataset, censor_date, rows.attrs.get("source", ""))
    out.attrs["excluded"] = {"no trigger or termination date": int((~timed).sum())}
    return out


def crisis_episodes(rows: pd.DataFrame, censor_date: str = "2017-12-31") -> pd.DataFrame:
    """One episode per ICB crisis; ``kind`` = severity of violence, ``outcome`` = form of outcome."""
    return _episodes(rows, rows["crisno"].astype("Int64").astype(str), rows["crisname"].str.strip().str.title(),
                     rows["sevviosy_label"], rows["forout_label"].fillna("unknown"), "",
                     "icb", censor_date)


def actor_episodes(rows: pd.DataFrame, censor_date: str = "2017-12-31") -> pd.DataFrame:
    """One episode per actor in an ICB crisis; ``kind`` = the actor's severity of violence,
    ``outcome`` = the actor's outcome (victory, compromise, stalemate, defeat, other)."""
    ids = rows["crisno"].astype("Int64").astype(str) + "-" + rows["cracno"].astype("Int64").astype(str)
    names = rows["crisname"].str.strip().str.title() + " (" + rows["actor"].astype(str) + ")"
    return _episodes(rows, ids, names, rows["sevvio_label"], rows["outcom_label"],
                     rows["crisno"].astype("Int64").astype(str), "icb-actors", censor_date)
