"""BDM's expected-utility model (Scholz et al. 2011) against its reference run and Table 2."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from zopa.forecast import ForecastInput, bdm, read_bdm_csv


def _exponents(text: str) -> dict[str, str]:
    return {k.strip(): v for k, v in re.findall(r"([^=]+?)=(\d+\.\d+)", text)}


@pytest.fixture(scope="module")
def emission(fdata):
    return read_bdm_csv(fdata / "bdm" / "emission_standards_bdm1994.csv", issue="delay")


def test_reproduces_jmckib_reference_run_exactly(emission, fdata):
    res = bdm(emission, q=1.0, rounds=10)
    ref = pd.read_csv(fdata / "bdm/expected/emission_standards_jmckib_median_mean_by_round.csv")
    summary = res.tables["summary"]
    np.testing.assert_allclose(summary["median"], ref["median_position"], atol=1e-9)
    np.testing.assert_allclose(summary["mean"], ref["mean_position"], atol=1e-9)
    pos = pd.read_csv(fdata / "bdm/expected/emission_standards_jmckib_positions_by_round.csv")
    mine = res.rounds.pivot(index="round", columns="actor", values="position")[pos.columns[1:]]
    np.testing.assert_allclose(mine.to_numpy(), pos.to_numpy()[:, 1:], atol=1e-9)


def test_risk_exponents_match_the_reference_run(emission, fdata):
    res = bdm(emission, rounds=3)
    ref = pd.read_csv(fdata / "bdm/expected/emission_standards_jmckib_median_mean_by_round.csv")
    for k in (1, 2, 3):
        expected = _exponents(ref.loc[k, "risk_exponents_r_used_this_round"])
        got = res.tables["risk"].query("round == @k").set_index("actor")["r"]
        for actor, r in expected.items():
            assert got[actor] == pytest.approx(float(r), abs=1e-6)


def test_table_2_within_a_tenth_except_round_two(emission, fdata):
    """Scholz et al. (2011) Table 2 prints 9.9 in round 2; their code's run gives 9.61."""
    pub = pd.read_csv(fdata / "bdm/expected/emission_standards_scholz2011_table2_published.csv")
    med = bdm(emission, rounds=8).tables["summary"].set_index("round")["median"]
    diff = (med.loc[pub["round"]].to_numpy() - pub["median_published"].to_numpy())
    assert np.all(np.abs(np.delete(diff, 1)) <= 0.1)
    assert med.loc[2] == pytest.approx(9.611, abs=1e-3)
    assert abs(diff[1]) == pytest.approx(0.289, abs=1e-3)
    mean = bdm(emission, rounds=8).tables["summary"].set_index("round")["mean"]
    assert np.all(np.abs(mean.loc[pub["round"]].to_numpy() - pub["mean_published"].to_numpy()) <= 0.1)


def test_forecast_against_the_real_outcome(emission):
    """BDM (1994): the issue was settled at 8.833 years; the default 10 rounds end on the median 7.0."""
    res = bdm(emission, rounds=10)
    assert float(res.forecast["delay"]) == pytest.approx(7.0)
    med = res.tables["summary"]["median"].to_numpy()
    assert abs(med[1] - 8.833) < 0.6          # round 1: 8.42
    assert abs(med[7] - 8.833) < 0.01         # round 7: 8.82


def test_sultan_no_moves_without_capitulation(fdata):
    """jmckib's port never makes capitulation offers; then nobody moves (its reference run)."""
    inp = read_bdm_csv(fdata / "bdm" / "sultan_bdm1997.csv")
    ref = pd.read_csv(fdata / "bdm/expected/sultan_jmckib_median_mean_by_round.csv")
    res = bdm(inp, rounds=10, capitulation=False)
    np.testing.assert_allclose(res.tables["summary"]["median"], ref["median_position"], atol=1e-9)
    np.testing.assert_allclose(res.tables["summary"]["mean"], ref["mean_position"], atol=1e-9)
    first = res.tables["risk"].query("round == 1").set_index("actor")["r"]
    expected = _exponents(ref.loc[1, "risk_exponents_r_used_this_round"])
    for actor, r in expected.items():
        assert first[actor] == pytest.approx(float(r), abs=1e-6)


def test_least_move_rule_departs_from_scholz_code_in_round_four(emission):
    a = bdm(emission, rounds=6).tables["summary"]["median"].to_numpy()
    b = bdm(emission, rounds=6, offer_rule="least_move").tables["summary"]["median"].to_numpy()
    np.testing.assert_allclose(a[:4], b[:4])
    assert not np.allclose(a[4:], b[4:])


def test_issues_are_solved_independently_and_absent_actors_ignored(emission):
    two = ForecastInput(emission.actors + ("Ghost",), ("a", "b"),
                        np.c_[np.r_[emission.position[:, 0], np.nan], np.r_[emission.position[:, 0], 5.0]],
                        np.c_[np.r_[emission.salience[:, 0], np.nan], np.r_[emission.salience[:, 0], 0.0]],
                        np.r_[emission.capability, 0.0])
    res = bdm(two, rounds=4)
    one = bdm(emission, rounds=4)
    assert res.forecast["a"] == pytest.approx(one.forecast.iloc[0])
    assert "Ghost" not in set(res.rounds.query("issue == 'a'")["actor"])
    assert "Ghost" in set(res.rounds.query("issue == 'b'")["actor"])


def test_condorcet_median_is_the_weighted_median_position():
    """With linear utilities the Condorcet winner among positions is the c*s weighted median."""
    inp = ForecastInput(("A", "B", "C"), ("x",), [[0.0], [3.0], [10.0]], [[1.0], [1.0], [1.0]], [2.0, 1.0, 2.5])
    # cumulative weight 2 at 0, 3 at 3 (> 5.5 / 2): B is the median
    assert bdm(inp, rounds=0).tables["summary"]["median"].iloc[0] == 3.0


def test_bad_arguments():
    inp = ForecastInput(("A", "B"), ("x",), [[0.0], [1.0]], [[1.0], [1.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match="q must be"):
        bdm(inp, q=2)
    with pytest.raises(ValueError, match="rounds"):
        bdm(inp, rounds=-1)
    with pytest.raises(ValueError, match="offer_rule"):
        bdm(inp, offer_rule="nearest")
