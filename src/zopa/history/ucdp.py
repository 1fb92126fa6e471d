"""Readers of the UCDP datasets and their episode tables.

Readers (``read_*``) take a file (a path or a shipped resource, see ``_files.locate``), check
its columns and codes, and return its rows with dates converted (Excel serial day numbers in the
termination files, ISO dates elsewhere) and codes decoded into ``*_label`` columns.  The
``*_episodes`` functions are pure: they turn those rows into the common episode table
(:mod:`zopa.history.episodes`).

Conventions (see docs/history/conventions.md):

- an episode of the termination data is the set of rows sharing the episode id **and** the
  episode start ``start_date2`` (v3-2021 reuses the id of an episode that ended before 2020 for
  a new episode that starts in 2020; the start date tells them apart);
- it starts on ``start_date2`` (the date the episode reached 25 battle-related deaths) and ends
  on ``ependdate`` of its terminating row; episodes still active in 2020 are right-censored at
  2020-12-31;
- its kind is ``internationalised`` if any of its years has ``type_of_conflict`` 4, else the
  label of ``type_of_conflict``;
- an episode whose terminating row has no end date (three in the dyad file) cannot be timed and
  is left out (counted in ``attrs["excluded"]``).
"""

from __future__ import annotations

import pandas as pd

from zopa.history._files import check_numeric, read_csv, require_columns
from zopa.history.codes import PA_TYPE, UCDP_OUTCOME, UCDP_TYPE, decode, parse_dates
from zopa.history.episodes import finish, first_row_line

_INCOMPATIBILITY = {1: "territory", 2: "government", 3: "both"}

_TERM_COMMON = [
    "ependdate", "ependprec", "outcome", "recur", "conflict_id", "year", "location", "side_a",
    "side_b", "incompatibility", "type_of_conflict", "start_date", "start_prec", "start_date2",
    "start_prec2",
]
_TERM_COLUMNS = {
    "conflict": ["conflictep_id", "conflictepisode", "confterm", *_TERM_COMMON],
    "dyad": ["dyad_id", "dyadepisode", "dyadterm", "cfiredate", "peagdate", *_TERM_COMMON],
}


def read_termination(source, level: str = "conflict") -> pd.DataFrame:
    """Read the UCDP Conflict Termination file (``level`` ``"conflict"`` or ``"dyad"``).

    Excel day numbers in ``ependdate``, ``start_date``, ``start_date2`` (and ``cfiredate``,
    ``peagdate`` at dyad level) become timestamps; ``outcome``, ``type_of_conflict`` and
    ``incompatibility`` gain ``*_label`` columns.  The dyad file's ``.`` cells are missing
    values, and its blank ``dyadterm`` (rows of 2020) means "not terminated".
    """
    if level not in _TERM_COLUMNS:
        raise ValueError(f"level must be 'conflict' or 'dyad'; got {level!r}")
    df, file = read_csv(source, na_values=["."])
    title = f"UCDP Conflict Termination ({level} level)"
    require_columns(df, _TERM_COLUMNS[level], file, title)
    term = "confterm" if level == "conflict" else "dyadterm"
    check_numeric(df, ["ependdate", "start_date", "start_date2", "year", term, "outcome",
                       "type_of_conflict", "incompatibility"], file,
                  allowed={"outcome": UCDP_OUTCOME, "type_of_conflict": UCDP_TYPE,
                           "incompatibility": _INCOMPATIBILITY, term: (0, 1)})
    df[term] = pd.to_numeric(df[term]).fillna(0).astype(int)
    dates = ["ependdate", "start_date", "start_date2"] + (["cfiredate", "peagdate"] if level == "dyad" else [])
    for col in dates:
        df[col] = parse_dates(df[col])
    df["outcome_label"] = decode(df["outcome"], UCDP_OUTCOME)
    df["type_label"] = decode(df["type_of_conflict"], UCDP_TYPE)
    df["incompatibility_label"] = decode(df["incompatibility"], _INCOMPATIBILITY)
    df.attrs.update(source=file, level=level)
    return df


def _kind(types: pd.Series) -> str:
    codes = set(pd.to_numeric(types).dropna().astype(int))
    return "internationalised" if 4 in codes else UCDP_TYPE[min(codes)]


def termination_episodes(rows: pd.DataFrame, censor_date: str = "2020-12-31") -> pd.DataFrame:
    """Episode table of the UCDP termination rows read by :func:`read_termination`.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "conflictep_id": [1, 1, 1], "conflict_id": [9, 9, 9], "year": [2000, 2001, 2020],
    ...     "start_date2": pd.to_datetime(["2000-03-01", "2000-03-01", "2020-05-01"]),
    ...     "confterm": [0, 1, 0], "ependdate": pd.to_datetime([None, "2001-06-30", None]),
    ...     "outcome_label": [None, "ceasefire", None], "type_of_conflict": [3, 4, 3],
    ...     "start_prec2": 1, "ependprec": [None, 1, None], "location": "X", "side_a": "Gov",
    ...     "side_b": "Rebels"})
    >>> ep = termination_episodes(rows)
    >>> ep[["episode_id", "kind", "outcome", "ended"]].to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'episode_id': ['1', '1@2020-05-01'], 'kind': ['internationalised', 'intrastate'],
     'outcome': ['ceasefire', 'ongoing'], 'ended': [True, False]}
    """
    level = "dyad" if "dyadterm" in rows else "conflict"
    if level == "conflict":
        keys, term, ident, group_id = ["conflictep_id", "start_date2"], "confterm", "conflictep_id", "conflict_id"
    else:
        keys, term, ident, group_id = ["dyad_id", "dyadepisode", "start_date2"], "dyadterm", None, "dyad_id"
    rows = rows.sort_values([*keys, "year"], kind="stable")
    g = rows.groupby(keys, sort=False)
    first = g.head(1).set_index(keys)
    last = g.tail(1).set_index(keys)
    ended_rows = rows[rows[term] == 1].groupby(keys).tail(1).set_index(keys)
    ep = pd.DataFrame(index=first.index)
    idx = first.index
    if ident:
        base = pd.Series(idx.get_level_values(ident).astype(str), index=idx)
    else:
        base = pd.Series(idx.get_level_values("dyad_id").astype(str) + "-"
                         + idx.get_level_values("dyadepisode").astype(str), index=idx)
    start = pd.Series(idx.get_level_values("start_date2").strftime("%Y-%m-%d"), index=idx)
    ep["episode_id"] = base.where(~base.duplicated(keep="first"), base + "@" + start)
    ep["conflict_id"] = (first[group_id] if group_id in first else
                         pd.Series(idx.get_level_values(group_id), index=idx)).astype(str)
    sides = last["side_a"].astype(str) + " vs " + last["side_b"].astype(str)
    ep["name"] = last["location"].astype(str) + ": " + sides
    ep["kind"] = g["type_of_conflict"].agg(_kind)
    ep["start"] = idx.get_level_values("start_date2")
    ep["end"] = ended_rows["ependdate"].reindex(ep.index)
    ep["outcome"] = ended_rows["outcome_label"].reindex(ep.index)
    ep["start_precision"] = first["start_prec2"].astype("Int64").astype(str)
    ep["end_precision"] = ended_rows["ependprec"].reindex(ep.index).astype("Int64").astype(str).replace("<NA>", "")
    ep["line"] = first_row_line(g.head(1).index)
    if level == "dyad":
        ep["ceasefire_date"] = ended_rows["cfiredate"].reindex(ep.index)
        ep["agreement_date"] = ended_rows["peagdate"].reindex(ep.index)
    undated = ep.index.isin(ended_rows.index) & ep["end"].isna()
    ep = ep[~undated].reset_index(drop=True)
    dataset = "ucdp-termination" if level == "conflict" else "ucdp-termination-dyad"
    out = finish(ep, dataset, censor_date, rows.attrs.get("source", ""))
    out.attrs["excluded"] = {"terminated without an end date": int(undated.sum())}
    if level == "dyad":
        attrs = dict(out.attrs)
        extra = ep.set_index("episode_id")[["ceasefire_date", "agreement_date"]]
        out = out.join(extra, on="episode_id")
        out.attrs.update(attrs)
    return out


_ACD_COLUMNS = ["conflict_id", "location", "side_a", "side_b", "year", "type_of_conflict",
                "start_date", "start_prec", "start_date2", "start_prec2", "ep_end", "ep_end_date",
                "ep_end_prec", "intensity_level", "incompatibility"]


def read_acd(source) -> pd.DataFrame:
    """Read the UCDP/PRIO Armed Conflict Dataset (one row per conflict-year)."""
    df, file = read_csv(source)
    require_columns(df, _ACD_COLUMNS, file, "UCDP/PRIO Armed Conflict Dataset")
    check_numeric(df, ["year", "type_of_conflict", "ep_end", "intensity_level"], file,
                  allowed={"type_of_conflict": UCDP_TYPE, "ep_end": (0, 1), "intensity_level": (1, 2)})
    for col in ("start_date", "start_date2", "ep_end_date"):
        df[col] = parse_dates(df[col])
    df["type_label"] = decode(df["type_of_conflict"], UCDP_TYPE)
    df["intensity_label"] = decode(df["intensity_level"], {1: "minor", 2: "war"})
    df.attrs.update(source=file)
    return df


def acd_episodes(rows: pd.DataFrame, censor_date: str = "2024-12-31") -> pd.DataFrame:
    """Episode table of the UCDP/PRIO ACD: one episode per (``conflict_id``, ``start_date2``).

    The ACD codes no way of ending, so ``outcome`` is ``ended`` or ``ongoing``.
    """
    keys = ["conflict_id", "start_date2"]
    rows = rows.sort_values([*keys, "year"], kind="stable")
    g = rows.groupby(keys, sort=False)
    first = g.head(1).set_index(keys)
    last = g.tail(1).set_index(keys)
    ended_rows = rows[rows["ep_end"] == 1].groupby(keys).tail(1).set_index(keys)
    ep = pd.DataFrame(index=first.index)
    idx = first.index
    ep["episode_id"] = (idx.get_level_values(0).astype(str) + "@"
                        + idx.get_level_values(1).strftime("%Y-%m-%d"))
    ep["conflict_id"] = idx.get_level_values(0).astype(str)
    ep["name"] = last["location"].astype(str) + ": " + last["side_a"].astype(str) + " vs " + last["side_b"].astype(str)
    ep["kind"] = g["type_of_conflict"].agg(_kind)
    ep["start"] = idx.get_level_values(1)
    ep["end"] = ended_rows["ep_end_date"].reindex(ep.index)
    ep["outcome"] = "ended"
    ep["start_precision"] = first["start_prec2"].astype("Int64").astype(str)
    ep["end_precision"] = ended_rows["ep_end_prec"].reindex(ep.index).astype("Int64").astype(str).replace("<NA>", "")
    ep["line"] = first_row_line(g.head(1).index)
    return finish(ep.reset_index(drop=True), "ucdp-acd", censor_date, rows.attrs.get("source", ""))


_PA_COLUMNS = ["paid", "conflict_id", "dyad_id", "pa_name", "pa_date", "pa_type", "ended",
               "duration", "cease", "conflict_name", "year"]


def read_peace_agreements(source) -> pd.DataFrame:
    """Read the UCDP Peace Agreement Dataset (one row per agreement).

    ``pa_date`` and ``duration`` (the day the agreement ended, where UCDP found one) become
    timestamps; ``pa_type`` gains ``pa_type_label`` (full, partial, peace_process).
    """
    df, file = read_csv(source)
    require_columns(df, _PA_COLUMNS, file, "UCDP Peace Agreement Dataset")
    check_numeric(df, ["paid", "pa_type", "cease", "year"], file,
                  allowed={"pa_type": PA_TYPE, "cease": (0, 1)})
    df["pa_date"] = parse_dates(df["pa_date"])
    df["duration"] = parse_dates(df["duration"])
    df["ended"] = df["ended"].map(lambda v: str(v).strip().lower() in ("true", "1", "1.0"))
    df["pa_type_label"] = decode(df["pa_type"], PA_TYPE)
    df.attrs.update(source=file)
    return df


def agreement_episodes(rows: pd.DataFrame, censor_date: str = "2021-12-31") -> pd.DataFrame:
    """How long agreements held: one episode per agreement, from signing to its end.

    An agreement UCDP marks as ended is an ended episode on its ``duration`` date; one not
    marked ended is still in force and censored at 2021-12-31.  Agreements marked ended
    without a date cannot be timed and are left out (their count is in
    ``attrs["excluded"]``).  ``kind`` is the agreement type (full, partial, peace_process).
    """
    no_date = rows["ended"] & rows["duration"].isna()
    use = rows[~no_date]
    ep = pd.DataFrame({
        "episode_id": use["paid"].astype(str),
        "conflict_id": use["conflict_id"].astype(str),
        "name": use["pa_name"].astype(str) + " (" + use["conflict_name"].astype(str) + ")",
        "kind": use["pa_type_label"],
        "start": use["pa_date"],
        "end": use["duration"].where(use["ended"]),
        "outcome": "agreement_ended",
        "line": first_row_line(use.index),
    })
    out = finish(ep.reset_index(drop=True), "ucdp-peace-agreements", censor_date, rows.attrs.get("source", ""))
    out.attrs["excluded"] = {"ended without a date": int(no_date.sum())}
    return out
