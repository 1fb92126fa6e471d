"""The common episode table: censoring, durations, provider inconsistencies, selection."""

from __future__ import annotations

import pandas as pd
import pytest

from zopa.errors import DataFileError
from zopa.history.episodes import EPISODE_COLUMNS, finish, select


def _raw(start, end, precision="1"):
    return pd.DataFrame({"episode_id": ["x"], "name": ["X"], "kind": ["interstate"],
                         "start": pd.to_datetime([start]), "end": pd.to_datetime([end]),
                         "outcome": ["ceasefire"], "start_precision": [precision], "end_precision": [precision],
                         "line": [7]})


def test_running_episode_is_censored_at_the_censor_date():
    out = finish(_raw("2020-01-01", None), "demo", "2020-12-31")
    assert list(out.columns) == EPISODE_COLUMNS
    row = out.iloc[0]
    assert not row["ended"] and row["outcome"] == "ongoing" and row["duration_days"] == 365


def test_end_shortly_before_an_imprecise_start_becomes_duration_zero():
    out = finish(_raw("1984-12-31", "1984-08-24", precision="5"), "demo", "2020-12-31")
    assert out.loc[0, "duration_days"] == 0 and out.attrs["corrected"] == ["x"]


def test_end_long_before_an_exact_start_is_a_data_error_naming_the_line():
    with pytest.raises(DataFileError) as err:
        finish(_raw("1990-06-01", "1990-01-01"), "demo", "2020-12-31", file="f.csv")
    problem = err.value.problems[0]
    assert (problem.file, problem.line, problem.path) == ("f.csv", 7, "end")


def test_select_by_kind_and_unknown_kind():
    ep = pd.DataFrame({"kind": ["interstate", "intrastate", "interstate"]})
    assert len(select(ep, "interstate")) == 2 and len(select(ep, "all")) == 3
    with pytest.raises(ValueError, match="interstate, intrastate"):
        select(ep, "civil")
