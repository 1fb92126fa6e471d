"""Backtests on DEU III: each model's forecast per issue, scored against real outcomes."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from zopa.forecast.api import MODELS
from zopa.forecast.backtest import alternative_designs, backtest, design_cv, mae_table, main, scored
from zopa.forecast.readers import read_deu


@pytest.fixture(scope="module")
def few(fdata):
    return read_deu(fdata / "deu/deu3_train.tsv", by="proposal")[:8]


def test_compromise_column_is_the_weighted_mean_of_the_raw_table(fdata, few):
    df = backtest(few, ("compromise", "median"))
    raw = pd.read_csv(fdata / "deu/deu3_train.tsv", sep="\t")
    w = raw.iloc[0]
    rows = raw.iloc[1:].set_index("isnr")
    actors = [c[1:] for c in raw.columns if c.startswith("p") and "s" + c[1:] in raw.columns
              and c not in ("prnr", "prname", "proc", "proccde")]
    for _, r in df.iterrows():
        x = rows.loc[r["issue"], ["p" + a for a in actors]].astype(float).to_numpy()
        s = rows.loc[r["issue"], ["s" + a for a in actors]].astype(float).to_numpy()
        c = w[["p" + a for a in actors]].astype(float).to_numpy()
        ok = ~np.isnan(x)
        s = np.where(np.isnan(s), 50.0, s)
        expected = np.sum((c * s * x)[ok]) / np.sum((c * s)[ok])
        assert r["compromise"] == pytest.approx(expected)


def test_mae_table_counts_only_scored_issues(few):
    df = backtest(few, ("compromise",))
    ok = scored(df)
    assert ok["outcome"].notna().all() and (ok["n_actors"] >= 2).all()
    tab = mae_table(df, ("compromise",))
    assert tab.loc[0, "n"] == len(ok)
    assert tab.loc[0, "mae"] == pytest.approx((ok["compromise"] - ok["outcome"]).abs().mean())


def test_script_prints_a_markdown_table(fdata, tmp_path, capsys):
    raw = (fdata / "deu/deu3_train.tsv").read_text().splitlines()
    small = tmp_path / "small.tsv"
    small.write_text("\n".join(raw[:12]) + "\n")
    assert main([str(small), "--capability", "equal"]) == 0
    out = capsys.readouterr().out
    assert "| compromise |" in out and "| ensemble |" in out


def test_design_cv_picks_each_folds_design_on_the_other_folds_only():
    # three proposals, each its own fold; worked by hand:
    # fold g1: on g2+g3 "zero" errs (10+10+0+4)/4 = 6, "ten" (0+0+10+6)/4 = 4 -> ten, errors 10, 10
    # fold g2: on g1+g3 zero 1, ten 9 -> zero, errors 10, 10
    # fold g3: on g1+g2 both 5 -> the first (zero), errors 0, 4
    y = np.array([0.0, 0.0, 10.0, 10.0, 0.0, 4.0])
    preds = {"zero": np.zeros(6), "ten": np.full(6, 10.0)}
    groups = ["g1", "g1", "g2", "g2", "g3", "g3"]
    r = design_cv(preds, y, groups, np.full(6, 5.0), folds=3, seeds=[0, 1])
    assert r["mae"] == pytest.approx(44 / 6)
    assert r["baseline"] == pytest.approx(26 / 6)
    assert r["gain"] == pytest.approx(-3.0)
    # paired differences -5, -5, -5, -5, 5, -3: deviations from -3 give variance 80 / 5 = 16
    assert r["gain_se"] == pytest.approx(4 / np.sqrt(6))
    assert r["chosen"] == {"zero": 4, "ten": 2} and r["n"] == 6
    with pytest.raises(ValueError, match="folds"):
        design_cv(preds, y, groups, y, folds=1)


def test_alternative_designs_against_the_raw_table(fdata, few):
    base, fams = alternative_designs(few, powers=(0.5, 1.0))
    raw = pd.read_csv(fdata / "deu/deu3_train.tsv", sep="\t").iloc[1:].set_index("isnr")
    rp = raw.loc[base["issue"], "rp"].astype(float).to_numpy()
    com = raw.loc[base["issue"], "pcom"].astype(float).to_numpy()
    comp = base["compromise"].to_numpy()
    assert np.array_equal(base["outcome"].to_numpy(), raw.loc[base["issue"], "out"].astype(float).to_numpy())
    np.testing.assert_allclose(fams["shrink-rp"][(1.0, 0.3)], np.where(np.isnan(rp), comp, 0.7 * comp + 0.3 * rp))
    np.testing.assert_allclose(fams["shrink-com"][(1.0, 0.5)], np.where(np.isnan(com), comp, (comp + com) / 2))
    np.testing.assert_allclose(fams["current"][(1.0, "c")], comp)
    # power 1/2: each model on square-root capabilities, by the models themselves
    damp = [replace(c, capability=np.sqrt(c.capability)) for c in few]
    one = {m: np.concatenate([MODELS[m](c).forecast.to_numpy() for c in damp]) for m in ("compromise", "exchange", "smp")}
    keep = scored(backtest(few, ("compromise",))).index.to_numpy()
    c, e, s = (one[m][keep] for m in ("compromise", "exchange", "smp"))
    np.testing.assert_allclose(fams["median3"][(0.5, "med3")], np.median([c, e, s], 0))
    np.testing.assert_allclose(fams["current"][(0.5, "ces")], (c + e + s) / 3)
    np.testing.assert_allclose(fams["compromise+exchange"][(0.5, "ce")], (c + e) / 2)
    assert len(fams["current"]) == 8 and len(fams["shrink-rp"]) == 12


def test_script_cross_validates_the_alternatives(fdata, tmp_path, capsys):
    raw = (fdata / "deu/deu3_train.tsv").read_text().splitlines()
    small = tmp_path / "small.tsv"
    small.write_text("\n".join(raw[:30]) + "\n")
    assert main([str(small), "--capability", "weights", "--alternatives", "--folds", "2", "--seeds", "1"]) == 0
    out = capsys.readouterr().out
    assert "| shrink-rp (12) |" in out and "| mean3-or-median3 (10) |" in out
