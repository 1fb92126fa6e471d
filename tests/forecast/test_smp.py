"""KTAB's spatial model of politics against KTAB's reference run (dummyData_3Dim) and examples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zopa.forecast import ForecastInput, read, smp
from zopa.forecast.smp import smp_matrices

EXP = "ktab/expected/dummyData_3Dim_"


@pytest.fixture(scope="module")
def dummy(fdata):
    return read(fdata / "ktab" / "dummyData_3Dim.csv")


@pytest.fixture(scope="module")
def dummy_run(dummy):
    return smp(dummy)


def _matrix(path):
    return np.loadtxt(path, delimiter=",")


def test_iteration_one_matrices(dummy, fdata):
    m = smp_matrices(dummy)
    np.testing.assert_allclose(m["raw_value"].to_numpy(), _matrix(fdata / (EXP + "iter1_raw_value_matrix.csv")),
                               atol=5e-4)
    np.testing.assert_allclose(m["risk"].to_numpy(), _matrix(fdata / (EXP + "iter1_inferred_risk_attitudes.csv")),
                               atol=5e-4)
    np.testing.assert_allclose(m["risk_aware"].to_numpy(),
                               _matrix(fdata / (EXP + "iter1_risk_aware_utility_matrix.csv")), atol=5e-5)


def test_position_history_matches_the_reference_run(dummy_run, fdata):
    """Positions are printed to 0.1 in the log; KTAB's bargains are multiples of 0.01."""
    ref = pd.read_csv(fdata / (EXP + "position_history.csv"))
    piv = dummy_run.rounds.pivot_table(index=["actor", "issue"], columns="round", values="position")
    mine = piv.loc[list(zip(ref["actor"], ref["dimension"], strict=True))].to_numpy()
    assert mine.shape == (21, 11)
    np.testing.assert_allclose(mine, ref.iloc[:, 2:].to_numpy(), atol=0.05 + 1e-9)


def test_fractional_change_and_stop(dummy_run, fdata):
    ref = pd.read_csv(fdata / (EXP + "fractional_change.csv"))
    got = dummy_run.tables["fractional_change"]["fractional_change"].to_numpy()
    np.testing.assert_allclose(got, ref["fractional_change_vs_first_step"], atol=5e-5)
    assert dummy_run.n_rounds == 11 and dummy_run.params["converged"]


def test_win_probabilities_by_state(dummy_run, fdata):
    ref = pd.read_csv(fdata / (EXP + "win_prob_history.csv")).set_index("actor")
    got = dummy_run.tables["win_prob"].pivot(index="actor", columns="round", values="win_prob")
    np.testing.assert_allclose(got.loc[ref.index].to_numpy(), ref.to_numpy(), atol=5e-5)


def test_xml_and_csv_give_the_same_run(fdata, dummy_run):
    xml = smp(read(fdata / "ktab" / "dummyData_3Dim.xml"))
    pd.testing.assert_frame_equal(xml.rounds, dummy_run.rounds)


@pytest.mark.parametrize("name, iterations", [("synth_a010_d03", 24), ("synth_a030_d10", 37)])
def test_synthetic_cases_take_ktabs_number_of_iterations(fdata, name, iterations):
    """KTAB's smpc needed 24 and 37 iterations on these (README of the data)."""
    res = smp(read(fdata / "ktab" / "synthetic" / f"{name}.csv"))
    assert res.n_rounds - 1 == iterations


@pytest.mark.parametrize("name", ["SOE-Pol-Comp.csv", "SOE-Policy.csv", "SOE-Competitive.csv",
                                  "dummyData_6Dim.csv", "dummyData-a040.csv"])
def test_runs_ktabs_other_examples(fdata, name):
    inp = read(fdata / "ktab" / name)
    res = smp(inp)
    assert res.params["converged"]
    lo, hi = inp.bounds[:, 0], inp.bounds[:, 1]
    assert np.all((res.forecast.to_numpy() >= lo) & (res.forecast.to_numpy() <= hi))


def test_soe_pol_comp_has_ktabs_number_of_states(fdata):
    """The reference log of SOE-Pol-Comp has 28 states (README); its positions are held back."""
    assert smp(read(fdata / "ktab" / "SOE-Pol-Comp.csv")).n_rounds == 28


def test_identical_actors_do_not_move():
    inp = ForecastInput(("A", "B", "C"), ("x",), [[40.0], [40.0], [40.0]], [[0.5], [0.5], [0.5]],
                        [1.0, 2.0, 3.0], bounds=[[0, 100]])
    res = smp(inp)
    assert np.allclose(res.rounds["position"], 40.0) and float(res.forecast["x"]) == pytest.approx(40.0)


def test_absent_actors_run_issue_by_issue():
    pos = [[10.0, 80.0], [50.0, np.nan], [90.0, 60.0], [30.0, 20.0]]
    sal = [[0.5, 0.3], [0.4, np.nan], [0.2, 0.6], [0.3, 0.3]]
    inp = ForecastInput(("A", "B", "C", "D"), ("x", "y"), pos, sal, [100.0, 60.0, 80.0, 50.0],
                        bounds=[[0, 100], [0, 100]])
    res = smp(inp)
    assert res.params["joint"] is False
    only_y = smp(inp.subset(issues=[1], actors=[0, 2, 3]))
    assert float(res.forecast["y"]) == pytest.approx(float(only_y.forecast["y"]))
