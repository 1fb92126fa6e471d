"""Code tables of the conflict datasets and date helpers.

The labels follow the providers' codebooks: Kreutz (2010) and the UCDP Conflict Termination
codebook for ``outcome``; the UCDP/PRIO Armed Conflict codebook for ``type_of_conflict``; the
UCDP Peace Agreement codebook for ``pa_type``; Sarkees & Wayman (2010) for the Correlates of War
outcome codes; the ICB v14 codebook for ``forout``, ``sevviosy`` and ``outcom``.

Examples
--------
>>> excel_date([17004, 44196]).strftime("%Y-%m-%d").tolist()
['1946-07-21', '2020-12-31']
>>> UCDP_OUTCOME[1], UCDP_TYPE[4]
('peace_agreement', 'internationalised')
>>> round(months(365.2425), 6)
12.0
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Average Gregorian month in days (365.2425 / 12); durations in months use it.
DAYS_PER_MONTH = 365.2425 / 12

#: Day 0 of Excel serial dates (Excel's 1900 leap-year bug makes it 30 Dec 1899).
EXCEL_EPOCH = pd.Timestamp("1899-12-30")

#: UCDP Conflict Termination ``outcome`` (conflict and dyad level).
UCDP_OUTCOME = {
    1: "peace_agreement",
    2: "ceasefire",
    3: "victory_side_a",
    4: "victory_side_b",
    5: "low_activity",
    6: "actor_ceased",
}

#: UCDP/PRIO ``type_of_conflict``.
UCDP_TYPE = {1: "extrasystemic", 2: "interstate", 3: "intrastate", 4: "internationalised"}

#: UCDP Peace Agreement ``pa_type``.
PA_TYPE = {1: "full", 2: "partial", 3: "peace_process"}

#: COW inter-state participant ``Outcome`` (Sarkees & Wayman 2010).
COW_INTER_OUTCOME = {
    1: "winner",
    2: "loser",
    3: "compromise",
    4: "transformed",
    5: "ongoing",
    6: "stalemate",
    7: "continued_below_war",
    8: "changed_sides",
}

#: COW intra-state war ``Outcome``.
COW_INTRA_OUTCOME = {
    1: "victory_side_a",
    2: "victory_side_b",
    3: "compromise",
    4: "transformed",
    5: "ongoing",
    6: "stalemate",
    7: "continued_below_war",
}

#: COW intra-state ``WarType``.
COW_INTRA_TYPE = {4: "central_control", 5: "local_issues", 6: "regional_internal", 7: "intercommunal"}

#: COW missing-value codes.
COW_MISSING = {-7: "ongoing", -8: "not_applicable", -9: "unknown"}

#: ICB system-level ``forout`` (form of outcome).
ICB_FOROUT = {
    1: "formal_agreement",
    2: "semi_formal_agreement",
    3: "tacit_understanding",
    4: "unilateral_act",
    5: "imposed_agreement",
    6: "other",
    7: "faded",
}

#: ICB system-level ``sevviosy`` (severity of violence).
ICB_SEVERITY = {1: "no_violence", 2: "minor_clashes", 3: "serious_clashes", 4: "full_scale_war"}

#: ICB actor-level ``outcom``.
ICB_OUTCOM = {1: "victory", 2: "compromise", 3: "stalemate", 4: "defeat", 5: "other"}

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def excel_date(serial) -> pd.DatetimeIndex:
    """Convert Excel serial day numbers (days since 1899-12-30) to timestamps.

    Parameters
    ----------
    serial : array-like of float
        Day numbers; NaN gives NaT.

    Returns
    -------
    pandas.DatetimeIndex

    Examples
    --------
    >>> excel_date([1, np.nan]).strftime("%Y-%m-%d").tolist()
    ['1899-12-31', nan]
    """
    days = np.atleast_1d(np.asarray(serial, dtype=float))
    out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[ns]")
    ok = np.isfinite(days)
    out[ok] = (EXCEL_EPOCH + pd.to_timedelta(days[ok], unit="D")).to_numpy()
    return pd.DatetimeIndex(out)


def parse_dates(values) -> pd.DatetimeIndex:
    """Parse a column that mixes Excel serials, ISO dates and free text with a date in it.

    Numbers are Excel serials; strings give their first ``YYYY-MM-DD`` (UCDP's dyad file writes
    several ceasefire dates into one cell, e.g. ``"1995-12-23 (unilateral); 1996-12-04"``);
    anything else gives NaT.

    Examples
    --------
    >>> parse_dates([17004, "1949-02-24 (Egypt); 1949-03-23", ".", None]).strftime("%Y-%m-%d").tolist()
    ['1946-07-21', '1949-02-24', nan, nan]
    """
    s = pd.Series(list(values), dtype=object)
    num = pd.to_numeric(s, errors="coerce")
    out = pd.Series(excel_date(num.to_numpy()), index=s.index, dtype="datetime64[ns]")
    text = s[num.isna() & s.notna()].astype(str)
    if len(text):
        found = text.str.extract(_ISO)
        ok = found.notna().all(axis=1)
        iso = found[ok].apply("-".join, axis=1)
        out.loc[iso.index] = pd.to_datetime(iso, errors="coerce")
    return pd.DatetimeIndex(out)


def months(days) -> np.ndarray | float:
    """Days to months of :data:`DAYS_PER_MONTH` days."""
    return np.asarray(days, dtype=float) / DAYS_PER_MONTH if np.ndim(days) else float(days) / DAYS_PER_MONTH


def decode(values, table: dict[int, str], missing: str | None = None) -> pd.Series:
    """Map integer codes to labels; codes outside the table become ``missing``.

    Examples
    --------
    >>> decode([1, 5, None], UCDP_OUTCOME).tolist()
    ['peace_agreement', 'low_activity', None]
    """
    raw = values if isinstance(values, pd.Series) else pd.Series(list(values))
    s = pd.to_numeric(raw, errors="coerce")
    return s.map(lambda v: table.get(int(v), missing) if pd.notna(v) else missing)
