"""SweepResult: lazy reads, DuckDB queries and summaries over the parts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from zopa.errors import InputError
from zopa.sweep import open_sweep, run
from zopa.sweep.demo import INPUTS, attrition


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    out = tmp_path_factory.mktemp("r") / "s"
    return run(attrition, INPUTS, 5000, seed=3, batch_size=1024, executor="serial", out=out,
               params={"detail": True, "months": 12, "report_at": (6, 12)}, progress=False)


def test_open_sweep_reads_what_run_wrote(stored):
    again = open_sweep(stored.path)
    assert again.complete and again.n_worlds == 5000 and again.tables == ["results", "monthly"]
    pd.testing.assert_frame_equal(again.to_pandas(), stored.to_pandas())
    assert "5000 worlds" in repr(again) and "complete" in repr(again)


def test_parts_are_read_one_at_a_time_with_chosen_columns(stored):
    sizes = [t.num_rows for t in stored.iter_tables(columns=["world", "zone_open"])]
    assert sizes == [1024, 1024, 1024, 1024, 904]
    assert stored.to_pandas(columns=["world"]).columns.tolist() == ["world"]


def test_queries_run_over_every_table(stored):
    df = stored.to_pandas()
    got = stored.query("SELECT avg(CAST(zone_open AS DOUBLE)) AS p, max(share_m12) AS m FROM results")
    assert got["p"][0] == pytest.approx(df["zone_open"].astype(float).mean())
    assert got["m"][0] == pytest.approx(df["share_m12"].max())
    n = stored.query("SELECT count(*) AS n FROM monthly WHERE month = 12")["n"][0]
    assert n == 5000
    with pytest.raises(ValueError, match="query failed"):
        stored.query("SELECT nope FROM results")


def test_summary_matches_pandas(stored):
    df = stored.to_pandas()
    s = stored.summary().set_index("column")
    assert "world" not in s.index
    for col in ["share_m12", "input.battlefield.drift", "zone_open"]:
        x = df[col].astype(float)
        assert s.loc[col, "count"] == x.notna().sum()
        assert s.loc[col, "mean"] == pytest.approx(x.mean())
        assert s.loc[col, "std"] == pytest.approx(x.std())
        assert s.loc[col, "p50"] == pytest.approx(x.quantile(0.5))
        assert s.loc[col, "p95"] == pytest.approx(x.quantile(0.95))


def test_extra_tables_of_unfinished_batches_are_not_read(tmp_path):
    kw = dict(seed=1, batch_size=100, executor="serial", params={"detail": True, "months": 3, "report_at": (3,)},
              progress=False)
    res = run(attrition, INPUTS, 300, out=tmp_path / "s", **kw)
    (res.path / "parts" / "part-00002.parquet").unlink()  # batch 2 now looks unfinished
    again = open_sweep(res.path)
    assert again.to_pandas("monthly")["world"].max() == 199
    assert again.query("SELECT max(world) AS w FROM monthly")["w"][0] == 199


def test_open_sweep_needs_a_manifest(tmp_path):
    with pytest.raises(InputError, match="manifest.json is missing"):
        open_sweep(tmp_path)


def test_in_memory_results_query_too():
    res = run(lambda p, r: pd.DataFrame({"y": p["x"]}), {"x": stats.uniform()}, 100, executor="serial",
              progress=False)
    assert res.path is None and res.complete
    assert res.query("SELECT count(*) AS n FROM results")["n"][0] == 100
    assert np.array_equal(res.to_pandas()["y"], res.to_pandas()["input.x"])
    with pytest.raises(ValueError, match="table must be one of"):
        res.to_pandas("monthly")
