"""Backtests on DEU III: each model's forecast per issue, scored against real outcomes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zopa.forecast.backtest import backtest, mae_table, main, scored
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
