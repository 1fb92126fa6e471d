"""Readers of the Correlates of War inter- and intra-state war data and their episode tables.

COW writes dates as separate month, day and year columns with missing-value codes -7 (ongoing),
-8 (not applicable) and -9 (unknown).  Conventions (docs/history/conventions.md): an unknown
day becomes the 15th and an unknown month 1 July, and ``*_precision`` says so (``day``,
``month``, ``year``).  A war runs from the earliest start of any participant to the latest end
(``EndX2`` included for participants that left and re-entered).  Durations so computed give
the 95 inter-state wars of v4.0 a median of 162 days (Sarkees & Wayman 2010 data).

The v4.1 intra-state file has two malformed rows (Yellow Cliff Revolt, "-91866" for day -9 and
year 1866; Sparticist Rising, day and year run together); :func:`read_intrastate` repairs them
and lists their lines in ``attrs["repaired"]``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zopa.errors import DataFileError, Problem
from zopa.history._files import _plain, check_numeric, read_csv, require_columns
from zopa.history.codes import COW_INTER_OUTCOME, COW_INTRA_OUTCOME, COW_INTRA_TYPE, decode
from zopa.history.episodes import finish, first_row_line

_DATE_COLS = [f"{p}{part}{n}" for n in (1, 2) for p in ("Start", "End") for part in ("Month", "Day", "Year")]
_INTER_COLUMNS = ["WarNum", "WarName", "ccode", "StateName", "Side", "Outcome", *_DATE_COLS]
_INTRA_COLUMNS = ["WarNum", "WarName", "WarType", "SideA", "SideB", "Intnl", "Outcome", *_DATE_COLS]


def cow_dates(year, month, day) -> tuple[pd.Series, pd.Series]:
    """Assemble COW year/month/day columns into dates and precision labels.

    Examples
    --------
    >>> d, p = cow_dates(pd.Series([1823, 1866, 1900, -8]), pd.Series([4, 10, -9, -8]),
    ...                  pd.Series([7, -9, -9, -8]))
    >>> d.dt.strftime("%Y-%m-%d").tolist(), p.tolist()
    (['1823-04-07', '1866-10-15', '1900-07-01', nan], ['day', 'month', 'year', ''])
    """
    y = pd.to_numeric(year, errors="coerce")
    m = pd.to_numeric(month, errors="coerce")
    d = pd.to_numeric(day, errors="coerce")
    has_y = y > 0
    has_m = has_y & (m >= 1) & (m <= 12)
    has_d = has_m & (d >= 1) & (d <= 31)
    mm = m.where(has_m, 7)
    dd = d.where(has_d, np.where(has_m, 15, 1))
    parts = pd.DataFrame({"year": y.where(has_y, 2000), "month": mm, "day": dd}).astype(int)
    dates = pd.to_datetime(parts, errors="coerce").where(has_y)
    prec = pd.Series(np.select([has_d, has_m, has_y], ["day", "month", "year"], ""), index=y.index)
    return dates, prec


def _check_dates(df: pd.DataFrame, file: str) -> None:
    problems = []
    for col in _DATE_COLS:
        v = pd.to_numeric(df[col], errors="coerce")
        lo, hi = (1, 12) if "Month" in col else (1, 31) if "Day" in col else (1800, 2100)
        ok = v.between(lo, hi) | v.isin([-7, -8, -9]) | (v.isna() & col.endswith("2"))
        for i in df.index[~ok]:
            problems.append(Problem(file, int(i) + 2, None, col, f"bad value {_plain(df.at[i, col])!r}",
                                    f"expected {lo}..{hi} or a COW missing code (-7, -8, -9)"))
    if problems:
        raise DataFileError(problems[:20])


def _add_dates(df: pd.DataFrame) -> None:
    for n in (1, 2):
        for p in ("Start", "End"):
            dates, prec = cow_dates(df[f"{p}Year{n}"], df[f"{p}Month{n}"], df[f"{p}Day{n}"])
            df[f"{p.lower()}{n}"] = dates
            df[f"{p.lower()}{n}_precision"] = prec


_COUNTS = ("BatDeath", "SideADeaths", "SideBDeaths", "TransTo", "TransFrom", "WhereFought",
           "ccode", "CcodeA", "CcodeB")


def _missing_to_na(df: pd.DataFrame) -> None:
    """COW missing codes (-7, -8, -9) in count and code columns become missing values; counts
    written with thousands separators ("1,500") become numbers."""
    for col in _COUNTS:
        if col in df:
            raw = df[col].astype(str).str.replace(",", "", regex=False).where(df[col].notna())
            v = pd.to_numeric(raw, errors="coerce")  # deaths are written "1,500" in v4.1
            if v.notna().sum() == df[col].notna().sum():  # a numeric column (not a list of ids)
                df[col] = v.where(~v.isin([-7, -8, -9])).astype("Int64")


def read_interstate(source) -> pd.DataFrame:
    """Read COW Inter-State War Data v4.0 (one row per state participation).

    Adds ``start1, end1, start2, end2`` (dates, with ``*_precision``) and ``Outcome_label``;
    missing codes -7/-8/-9 in ``BatDeath`` and the code columns become missing values (the
    date columns keep them: their decoded dates are ``start1`` ...).
    """
    df, file = read_csv(source)
    require_columns(df, _INTER_COLUMNS, file, "COW Inter-State War Data")
    check_numeric(df, ["WarNum", "Side", "Outcome"], file,
                  allowed={"Outcome": COW_INTER_OUTCOME, "Side": (1, 2)})
    _check_dates(df, file)
    _add_dates(df)
    _missing_to_na(df)
    df["Outcome_label"] = decode(df["Outcome"], COW_INTER_OUTCOME)
    df.attrs.update(source=file)
    return df


def _repair_intra(df: pd.DataFrame) -> list[int]:
    """Fix the two known malformed rows of the v4.1 intra-state file; return their lines."""
    day = pd.to_numeric(df["EndDay1"], errors="coerce")
    year = pd.to_numeric(df["EndYear1"], errors="coerce")
    merged = day <= -91000  # "-9" and the year written without a comma: -91866
    as_year = year.isna() & day.between(1000, 2100)  # the year written into the day column
    df.loc[merged, "EndYear1"] = -day[merged] - 90000
    df.loc[as_year, "EndYear1"] = day[as_year]
    df.loc[merged | as_year, "EndDay1"] = -9
    return [int(i) + 2 for i in df.index[merged | as_year]]


def read_intrastate(source) -> pd.DataFrame:
    """Read COW Intra-State War Data v4.1 (one row per pair of sides in a war).

    Adds dates as :func:`read_interstate` does, ``Outcome_label``, ``WarType_label``.
    """
    df, file = read_csv(source)
    require_columns(df, _INTRA_COLUMNS, file, "COW Intra-State War Data")
    repaired = _repair_intra(df)
    check_numeric(df, ["WarNum", "WarType", "Intnl", "Outcome"], file,
                  allowed={"Outcome": COW_INTRA_OUTCOME, "WarType": COW_INTRA_TYPE, "Intnl": (0, 1)})
    _check_dates(df, file)
    _add_dates(df)
    _missing_to_na(df)
    df["Outcome_label"] = decode(df["Outcome"], COW_INTRA_OUTCOME)
    df["WarType_label"] = decode(df["WarType"], COW_INTRA_TYPE)
    df.attrs.update(source=file, repaired=repaired)
    return df


def _war_outcome(codes: pd.Series) -> str:
    """War-level outcome of an inter-state war from its participants' outcome codes."""
    c = set(codes.astype(int))
    for code, label in ((5, "ongoing"), (1, "victory"), (6, "stalemate"), (3, "compromise"),
                        (4, "transformed"), (7, "continued_below_war")):
        if code in c:
            return label
    return "unknown"


def _wars(rows: pd.DataFrame) -> tuple[pd.core.groupby.DataFrameGroupBy, pd.DataFrame]:
    g = rows.groupby("WarNum", sort=True)
    ep = pd.DataFrame(index=g.size().index)
    ep["episode_id"] = ep.index.astype(str)
    ep["name"] = g["WarName"].first()
    ep["start"] = g["start1"].min()
    ends = pd.concat([rows["end1"], rows["end2"]], axis=1).max(axis=1)
    ep["end"] = ends.groupby(rows["WarNum"]).max()
    first_start = rows.loc[g["start1"].idxmin(), ["WarNum", "start1_precision"]].set_index("WarNum")
    ep["start_precision"] = first_start["start1_precision"]
    use2 = rows["end2"].notna() & (rows["end2"] >= rows["end1"])
    prec = rows["end1_precision"].where(~use2, rows["end2_precision"])
    by_end = rows.assign(_e=ends, _p=prec).sort_values("_e", na_position="first", kind="stable")
    ep["end_precision"] = by_end.groupby("WarNum").tail(1).set_index("WarNum")["_p"]
    ep["line"] = first_row_line(g.head(1).index)
    return g, ep


def _missing_end(rows, ep, file):
    bad = ep["end"].isna() & (ep["outcome"] != "ongoing")
    if bad.any():
        raise DataFileError([Problem(file, int(r.line), None, "EndYear1",
                                     f"war {r.episode_id} ({r.name}) has ended but no end year")
                             for r in ep[bad].itertuples()])


def interstate_episodes(rows: pd.DataFrame, censor_date: str = "2007-12-31") -> pd.DataFrame:
    """One episode per COW inter-state war (``kind`` ``interstate``).

    ``outcome`` is ``victory`` when any participant won, else ``stalemate``, ``compromise``,
    ``transformed`` (into another type of war) or ``continued_below_war``; ``ongoing`` wars
    (code 5, none in v4.0) are censored at 2007-12-31.
    """
    g, ep = _wars(rows)
    ep["outcome"] = g["Outcome"].agg(_war_outcome)
    ep["kind"] = "interstate"
    _missing_end(rows, ep, rows.attrs.get("source", ""))
    ep["end"] = ep["end"].where(ep["outcome"] != "ongoing")
    return finish(ep.reset_index(drop=True), "cow-interstate", censor_date, rows.attrs.get("source", ""))


def intrastate_episodes(rows: pd.DataFrame, censor_date: str = "2007-12-31") -> pd.DataFrame:
    """One episode per COW intra-state war; ``kind`` is ``internationalised`` when ``Intnl`` is 1.

    ``outcome`` is the war's ``Outcome_label``; ``subtype`` the ``WarType_label``.  Wars coded
    ongoing (Outcome 5 or end year -7) are censored at 2007-12-31.
    """
    g, ep = _wars(rows)
    ep["outcome"] = g["Outcome_label"].first()
    ongoing = g["EndYear1"].agg(lambda s: bool((pd.to_numeric(s) == -7).any()))
    ep.loc[ongoing, "outcome"] = "ongoing"
    ep["kind"] = np.where(g["Intnl"].max() == 1, "internationalised", "intrastate")
    ep["subtype"] = g["WarType_label"].first()
    _missing_end(rows, ep, rows.attrs.get("source", ""))
    ep["end"] = ep["end"].where(ep["outcome"] != "ongoing")
    return finish(ep.reset_index(drop=True), "cow-intrastate", censor_date, rows.attrs.get("source", ""))
