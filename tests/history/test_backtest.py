"""The backtest: split by time with no leakage, Brier score and calibration by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zopa.history.backtest import _forecast_table, backtest, brier, calibration, truncate, windows
from zopa.history.codes import DAYS_PER_MONTH


def test_brier_by_hand():
    assert brier([0.8, 0.1, 0.5], [1, 0, 0]) == pytest.approx((0.04 + 0.01 + 0.25) / 3)


def test_calibration_bins_by_hand():
    cal = calibration([0.05, 0.15, 0.12, 0.95, 1.0], [0, 1, 0, 1, 1], bins=10)
    assert cal["n"].tolist() == [1, 2, 0, 0, 0, 0, 0, 0, 0, 2]
    assert cal.loc[1, "mean_forecast"] == pytest.approx(0.135) and cal.loc[1, "observed"] == 0.5
    assert cal.loc[9, "observed"] == 1.0 and np.isnan(cal.loc[2, "observed"])


def _ep(start, months, ended, kind="k"):
    start = pd.to_datetime(pd.Series(start))
    d = pd.Series(months, dtype=float) * DAYS_PER_MONTH
    ex = start + pd.to_timedelta(d, unit="D")
    return pd.DataFrame({"episode_id": [str(i) for i in range(len(start))], "kind": kind, "start": start,
                         "exit": ex, "end": ex.where(pd.Series(ended)), "ended": ended,
                         "duration_days": d, "duration_months": pd.Series(months, dtype=float)})


def test_windows_by_hand():
    ep = _ep(["2000-01-01", "2000-01-01", "2000-01-01"], [5, 30, 8], [True, True, False])
    w = windows(ep, lasted=[0, 12, 24], horizon=12)
    got = {(r.episode_id, r.lasted): r.y for r in w.itertuples()}
    # ep0 ends at 5: y=1 at X=0. ep1 ends at 30: y=0 at 0 and 12, y=1 at 24.
    # ep2 censored at 8: the window at 0 is cut by the data end, so it is dropped.
    assert got == {("0", 0.0): 1, ("1", 0.0): 0, ("1", 12.0): 0, ("1", 24.0): 1}


def test_truncate_censors_at_the_cutoff_and_drops_later_starts():
    ep = _ep(["1990-01-01", "1995-01-01", "2001-01-01"], [12, 120, 6], [True, True, True])
    t = truncate(ep, pd.Timestamp("2000-01-01"))
    assert t["episode_id"].tolist() == ["0", "1"]
    assert t["ended"].tolist() == [True, False]
    assert t["exit"].max() == pd.Timestamp("2000-01-01")


def test_forecasts_are_made_after_the_cutoff_only(ucdp_episodes):
    r = backtest(ucdp_episodes, cutoff_year=2000)
    assert (r.forecasts["opens"] >= pd.Timestamp("2000-01-01")).all()
    assert r.params["n_train_episodes"] == int((ucdp_episodes["start"] < "2000-01-01").sum())


def test_no_leakage_changing_everything_after_the_cutoff_leaves_the_forecasts_unchanged(ucdp_episodes):
    cutoff = pd.Timestamp("2000-01-01")
    rng = np.random.default_rng(7)
    scrambled = ucdp_episodes.copy()
    after = scrambled["exit"] >= cutoff
    # invent new futures: every episode running at the cut-off ends at a random later date, with a
    # random outcome; episodes that start later get random durations.
    new_exit = cutoff + pd.to_timedelta(rng.integers(1, 4000, after.sum()), unit="D")
    scrambled.loc[after, "exit"] = np.maximum(new_exit, scrambled.loc[after, "start"])
    scrambled.loc[after, "ended"] = rng.random(after.sum()) < 0.5
    scrambled["duration_months"] = (scrambled["exit"] - scrambled["start"]).dt.days / DAYS_PER_MONTH
    lasted = [0, 6, 12, 24, 48]
    a = _forecast_table(truncate(ucdp_episodes, cutoff), lasted, 12)
    b = _forecast_table(truncate(scrambled, cutoff), lasted, 12)
    pd.testing.assert_frame_equal(a, b)
    # and the scores do change, so the test can fail
    assert backtest(ucdp_episodes, 2000).scores.loc[0, "brier"] != backtest(scrambled, 2000).scores.loc[0, "brier"]


def test_climatology_uses_only_windows_closed_before_the_cutoff(ucdp_episodes):
    r = backtest(ucdp_episodes, cutoff_year=1990)
    train = truncate(ucdp_episodes, pd.Timestamp("1990-01-01"))
    w = windows(train, r.params["lasted_months"], 12, before=pd.Timestamp("1990-01-01"))
    assert r.params["climatology"] == pytest.approx(w["y"].mean())


def test_scores_are_consistent(ucdp_episodes):
    r = backtest(ucdp_episodes, cutoff_year=2000)
    s = r.scores.set_index("kind")
    f = r.forecasts
    assert s.loc["all", "n_forecasts"] == len(f) == r.calibration["n"].sum()
    assert s.loc["all", "brier"] == pytest.approx(((f["probability"] - f["y"]) ** 2).mean())
    assert s.loc["all", "skill"] == pytest.approx(1 - s.loc["all", "brier"] / s.loc["all", "brier_climatology"])
    assert f["basis"].isin(["kind", "pooled"]).all()


def test_bad_cutoff_is_refused(ucdp_episodes):
    with pytest.raises(ValueError, match="cutoff_year"):
        backtest(ucdp_episodes, cutoff_year=1900)
