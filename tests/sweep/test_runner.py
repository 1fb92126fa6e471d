"""The sweep runner: same results whatever the batching or executor; stores that resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from zopa.errors import InputError
from zopa.sweep import Claim, SweepError, evaluate_claims, open_sweep, run
from zopa.sweep.demo import CATALOGUE as DEMO_CATALOGUE
from zopa.sweep.demo import INPUTS, attrition

ROOT = Path(__file__).resolve().parents[2]


def frame(res) -> pd.DataFrame:
    return res.to_pandas().reset_index(drop=True)


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return frame(run(attrition, INPUTS, 9000, seed=21, executor="serial", batch_size=4096, progress=False))


@pytest.mark.parametrize("batch_size", [1000, 4096, 7001, None])
def test_results_do_not_depend_on_the_batch_size(reference, batch_size):
    res = run(attrition, INPUTS, 9000, seed=21, executor="serial", batch_size=batch_size, progress=False)
    pd.testing.assert_frame_equal(frame(res), reference)


@pytest.mark.parametrize("method", ["lhs", "sobol"])
def test_designs_other_than_mc_are_batch_invariant_too(method):
    a = run(attrition, INPUTS, 5000, seed=3, method=method, executor="serial", batch_size=5000, progress=False)
    b = run(attrition, INPUTS, 5000, seed=3, method=method, executor="serial", batch_size=1024, progress=False)
    pd.testing.assert_frame_equal(frame(a), frame(b))


def test_the_seed_and_the_inputs_matter(reference):
    other = run(attrition, INPUTS, 9000, seed=22, executor="serial", progress=False)
    assert not frame(other).equals(reference)
    assert (reference["input.learning"].between(0, 0.1)).all()


def test_local_process_pool_gives_the_serial_results(reference, tmp_path):
    res = run(attrition, INPUTS, 9000, seed=21, executor="local", workers=2, batch_size=1500,
              out=tmp_path / "s", progress=False)
    pd.testing.assert_frame_equal(frame(res), reference)
    assert sorted(p.name for p in (tmp_path / "s" / "parts").iterdir()) == [f"part-{i:05d}.parquet" for i in range(6)]


def test_dask_with_one_worker_gives_the_serial_results(reference):
    res = run(attrition, INPUTS, 9000, seed=21, executor="dask", workers=1, batch_size=2500, progress=False)
    pd.testing.assert_frame_equal(frame(res), reference)


def test_dask_scheduler_address_with_two_workers_gives_the_serial_results(reference, tmp_path):
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        res = run(attrition, INPUTS, 9000, seed=21, executor="dask", scheduler=cluster.scheduler_address,
                  batch_size=1024, out=tmp_path / "d", progress=False)
    pd.testing.assert_frame_equal(frame(res), reference)


def test_memory_and_disk_give_the_same_tables(tmp_path):
    kw = dict(seed=4, executor="serial", batch_size=1000, progress=False, params={"detail": True, "months": 24, "report_at": (12, 24)})
    mem = run(attrition, INPUTS, 2500, **kw)
    disk = run(attrition, INPUTS, 2500, out=tmp_path / "s", **kw)
    assert mem.tables == disk.tables == ["results", "monthly"]
    for t in mem.tables:
        pd.testing.assert_frame_equal(mem.to_pandas(t), disk.to_pandas(t))
    monthly = disk.to_pandas("monthly")
    assert len(monthly) == 2500 * 24 and monthly["world"].is_monotonic_increasing
    q = "SELECT count(*) AS n FROM results r JOIN monthly m USING (world) WHERE m.month = 24"
    assert disk.query(q)["n"][0] == mem.query(q)["n"][0] == 2500


def test_claims_are_evaluated_in_every_world():
    claims = [
        Claim(id="opens", text="A zone opens.", source="t", metric="zone_open", op="==", threshold=True),
        Claim(id="gain", text="Delay helps A.", source="t", metric="share_gain", at=24, op=">", threshold=0,
              when=[{"metric": "input:battlefield.drift", "op": ">", "threshold": 0}]),
    ]
    res = run(attrition, INPUTS, 3000, seed=8, executor="serial", claims=claims, catalogue=DEMO_CATALOGUE,
              progress=False)
    df = res.to_pandas()
    truth = evaluate_claims(df, claims, DEMO_CATALOGUE)
    for c in claims:
        pd.testing.assert_series_equal(df[f"claim.{c.id}"], truth[c.id], check_names=False)
    assert df["claim.gain"].isna().sum() == (df["input.battlefield.drift"] <= 0).sum()
    # claims read inputs even when the inputs are not stored
    lean = run(attrition, INPUTS, 3000, seed=8, executor="serial", claims=claims, catalogue=DEMO_CATALOGUE,
               progress=False, keep_inputs=False).to_pandas()
    assert not any(c.startswith("input.") for c in lean.columns)
    pd.testing.assert_series_equal(lean["claim.gain"], df["claim.gain"])
    with pytest.raises(ValueError, match="unknown metric"):
        run(attrition, INPUTS, 10, claims=[Claim(id="x", text="t", source="s", metric="nope", op="<", threshold=1)],
            executor="serial", progress=False)


def test_a_directory_holding_a_sweep_is_never_overwritten(tmp_path):
    out = tmp_path / "s"
    run(attrition, INPUTS, 1000, seed=1, executor="serial", out=out, progress=False)
    with pytest.raises(InputError, match="already holds a sweep"):
        run(attrition, INPUTS, 1000, seed=1, executor="serial", out=out, progress=False)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not empty"):
        run(attrition, INPUTS, 1000, executor="serial", out=tmp_path / "other", progress=False)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"seed": 2}, "identity.seed"),
        ({"n_worlds": 2000}, "identity.n_worlds"),
        ({"batch_size": 512}, "identity.batch_size"),
        ({"method": "lhs"}, "identity.method"),
        ({"params": {"months": 30}}, "identity.analysis.params_hash"),
        ({"inputs": {**INPUTS, "learning": stats.uniform(0, 0.2)}}, "identity.inputs"),
    ],
)
def test_resuming_with_other_arguments_is_rejected(tmp_path, change, field):
    base = dict(inputs=INPUTS, n_worlds=1000, seed=1, batch_size=256, method="mc", params={})
    out = tmp_path / "s"
    run(attrition, executor="serial", out=out, progress=False, **base)
    with pytest.raises(InputError) as err:
        run(attrition, executor="serial", out=out, resume=True, progress=False, **{**base, **change})
    assert err.value.problems[0].path == field
    assert err.value.problems[0].file.endswith("manifest.json")


def test_resuming_a_complete_sweep_computes_nothing(tmp_path):
    out = tmp_path / "s"
    first = run(attrition, INPUTS, 2000, seed=1, executor="serial", batch_size=500, out=out, progress=False)
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "parts").iterdir()}
    calls = []
    again = run(attrition, INPUTS, 2000, seed=1, executor="serial", batch_size=500, out=out, resume=True,
                progress=lambda done, total: calls.append((done, total)))
    assert calls == [(2000, 2000)]
    assert stamps == {p.name: p.stat().st_mtime_ns for p in (out / "parts").iterdir()}
    pd.testing.assert_frame_equal(frame(first), frame(again))


def test_ctrl_c_then_resume_gives_the_uninterrupted_results(tmp_path):
    kw = dict(inputs=INPUTS, n_worlds=4000, seed=5, batch_size=400, executor="serial")
    full = frame(run(attrition, progress=False, **kw))

    def interrupt(done, total):
        if done >= 1600:
            raise KeyboardInterrupt

    out = tmp_path / "s"
    with pytest.raises(KeyboardInterrupt):
        run(attrition, out=out, progress=interrupt, **kw)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "running" and len(manifest["parts"]) == 4
    assert not open_sweep(out).complete
    assert len(open_sweep(out).to_pandas()) == 1600
    calls = []
    res = run(attrition, out=out, resume=True, progress=lambda d, t: calls.append(d), **kw)
    assert calls[0] == 1600 and calls[-1] == 4000 and len(calls) == 7
    assert res.complete
    pd.testing.assert_frame_equal(frame(res), full)


def test_leftovers_of_a_crash_are_never_read_and_are_redone(tmp_path):
    kw = dict(inputs=INPUTS, n_worlds=3000, seed=6, batch_size=500, executor="serial", progress=False)
    out = tmp_path / "s"
    full = frame(run(attrition, out=out, **kw))
    parts = out / "parts"
    # a batch whose write was cut short: only its temporary file exists
    (parts / "part-00002.parquet").rename(parts / ".part-00002.parquet.tmp-4242")
    with open(parts / ".part-00002.parquet.tmp-4242", "r+b") as fh:
        fh.truncate(100)
    stored = open_sweep(out)
    assert len(stored.to_pandas()) == 2500
    assert stored.query("SELECT count(*) AS n FROM results")["n"][0] == 2500
    # a damaged part file, and one from another sweep
    with open(parts / "part-00003.parquet", "r+b") as fh:
        fh.truncate(200)
    other = run(attrition, out=tmp_path / "o", **{**kw, "seed": 7})
    (other.path / "parts" / "part-00004.parquet").replace(parts / "part-00004.parquet")
    res = run(attrition, out=out, resume=True, **kw)
    assert not list(parts.glob(".*"))
    pd.testing.assert_frame_equal(frame(res), full)


def test_progress_callback_counts_worlds(tmp_path):
    calls = []
    run(attrition, INPUTS, 2500, seed=1, executor="serial", batch_size=1000, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 2500), (1000, 2500), (2000, 2500), (2500, 2500)]


def test_bad_arguments_are_named():
    for kw, msg in [
        ({"n_worlds": 0}, "n_worlds"), ({"batch_size": -1}, "batch_size"), ({"method": "x"}, "method"),
        ({"executor": "spark"}, "executor"), ({"seed": -3}, "seed"), ({"resume": True}, "resume"),
        ({"executor": "local", "workers": 0}, "workers"), ({"scheduler": "tcp://x:1"}, "scheduler"),
    ]:
        args = {"n_worlds": 10, "executor": "serial", "progress": False, **kw}
        with pytest.raises(ValueError, match=msg):
            run(attrition, INPUTS, **args)


def test_analysis_outputs_are_checked():
    def short(params, rand):
        return pd.DataFrame({"y": np.zeros(len(rand) - 1)})

    def outside(params, rand):
        return pd.DataFrame({"world": rand.world + 1, "y": 0.0})

    def flip(params, rand):
        out = {"results": pd.DataFrame({"y": np.zeros(len(rand))})}
        if rand.world[0] > 0:
            out["extra"] = pd.DataFrame({"world": rand.world})
        return out

    for fn, msg in [(short, "no 'world' column"), (outside, "outside the batch"), (flip, "same tables")]:
        with pytest.raises(ValueError, match=msg):
            run(fn, {"x": stats.uniform()}, 20, batch_size=10, executor="serial", progress=False)


def test_unordered_rows_are_sorted_by_world():
    def backwards(params, rand):
        return pd.DataFrame({"world": rand.world[::-1], "x": params["x"][::-1]})

    df = run(backwards, {"x": stats.uniform()}, 50, executor="serial", progress=False).to_pandas()
    assert df["world"].tolist() == list(range(50))
    assert np.array_equal(df["x"], df["input.x"])


# --- a process killed halfway ------------------------------------------------------------

SCRIPT = textwrap.dedent("""
    import sys, time
    from zopa.sweep import run
    from zopa.sweep.demo import INPUTS, attrition

    def slow(params, rand):
        time.sleep(0.03)
        return attrition(params, rand)

    if __name__ == "__main__":
        run(slow, INPUTS, 30 * 256, seed=9, batch_size=256, executor=sys.argv[2], workers=2,
            out=sys.argv[1], resume=True, progress=False)
""")


@pytest.fixture(scope="module")
def killer_script(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("script") / "sweep_script.py"
    path.write_text(SCRIPT)
    return path


def _script(script: Path, out: Path, executor: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, str(script), str(out), executor], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def uninterrupted() -> pd.DataFrame:
    # the script's analysis is attrition plus a pause: the same numbers
    return frame(run(attrition, INPUTS, 30 * 256, seed=9, batch_size=256, executor="serial", progress=False))


@pytest.mark.parametrize("executor", ["serial", pytest.param("local", marks=pytest.mark.slow)])
def test_a_killed_sweep_resumes_to_the_uninterrupted_results(killer_script, uninterrupted, tmp_path, executor):
    import psutil

    out = tmp_path / "s"
    proc = _script(killer_script, out, executor)
    deadline = time.time() + 60
    while len(list((out / "parts").glob("part-*.parquet"))) < 4 and time.time() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.02)
    children = psutil.Process(proc.pid).children(recursive=True)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    _, alive = psutil.wait_procs(children, timeout=10)
    for p in alive:  # do not leak workers, but say so
        p.kill()
    assert not alive, "worker processes outlived their killed parent"
    n_parts = len(list((out / "parts").glob("part-*.parquet")))
    assert 4 <= n_parts < 30
    assert json.loads((out / "manifest.json").read_text())["status"] == "running"
    partial = open_sweep(out).to_pandas()
    assert len(partial) == 256 * n_parts  # only complete parts are read
    proc = _script(killer_script, out, executor)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    res = open_sweep(out)
    assert res.complete
    pd.testing.assert_frame_equal(frame(res), uninterrupted)


# --- a worker killed halfway -------------------------------------------------------------

def _die_once(params, rand, flag):
    if os.path.exists(flag) and rand.world[0] >= 600:
        os.remove(flag)
        os._exit(9)
    return pd.DataFrame({"y": params["x"] * 2})


def test_a_killed_worker_stops_the_sweep_and_resume_finishes_it(tmp_path):
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        flag = tmp_path / "die"
        flag.write_text("")
        kw = dict(inputs={"x": stats.uniform()}, n_worlds=1200, seed=2, batch_size=100, workers=2,
                  params={"flag": str(flag)}, out=tmp_path / "s", progress=False)
        with pytest.raises(SweepError, match="resume"):
            run(_die_once, executor="local", **kw)
        res = run(_die_once, executor="local", resume=True, **kw)
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    df = res.to_pandas()
    assert df["world"].tolist() == list(range(1200))
    assert np.array_equal(df["y"], 2 * df["input.x"])
