"""Stokman's equal-gain exchange model against Decide's reference run on sample_data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zopa.forecast import ForecastInput, exchange, read_decide


@pytest.fixture(scope="module")
def sample(fdata):
    return read_decide(fdata / "decide" / "sample_data.tsv")


@pytest.fixture(scope="module")
def run10(sample):
    return exchange(sample, rounds=10)


def test_two_actor_case_of_decides_tests():
    """decide/tests/test_rex.py: NBS 85 5/7 and 35 5/7 (hand-checkable)."""
    inp = ForecastInput(("A1", "A2"), ("i1", "i2"), [[0.0, 0.0], [100.0, 100.0]],
                        [[0.1, 0.9], [0.6, 0.5]], [1.0, 1.0], bounds=[[0, 100], [0, 100]])
    nbs = exchange(inp, rounds=1).tables["nbs"].query("round == 0")["nbs"].to_numpy()
    np.testing.assert_allclose(nbs, [85 + 5 / 7, 35 + 5 / 7])


def test_first_exchange_gains(run10):
    """decide/model/test/test_model.py asserts the first two realised gains."""
    gains = run10.tables["exchanges"].query("round == 0")["gain"].to_numpy()
    assert gains[0] == pytest.approx(1.973684210526315789, abs=1e-12)
    assert gains[1] == pytest.approx(1.792636308765341023, abs=1e-12)


def test_round_one_exchanges_match_decide(run10, fdata):
    ref = pd.read_csv(fdata / "decide/expected/sample_data_round1_exchanges_semicolon.csv", sep=";",
                      header=None, skiprows=1)
    ex = run10.tables["exchanges"].query("round == 0")
    assert len(ex) == len(ref) == 39
    assert list(ex["i_actor"]) == list(ref[0]) and list(ex["j_actor"]) == list(ref[22])
    np.testing.assert_allclose(ex["gain"], ref[16].astype(float), atol=1e-12)
    np.testing.assert_allclose(ex["i_voting"], ref[8].astype(float), atol=1e-9)


def test_nbs_by_round(run10, fdata):
    ref = pd.read_csv(fdata / "decide/expected/sample_data_nbs_by_round.csv")
    m = run10.tables["nbs"].merge(ref, on=["issue", "round"], suffixes=("", "_ref"))
    assert len(m) == 60
    early = m["round"] <= 3
    np.testing.assert_allclose(m.loc[early, "nbs"], m.loc[early, "preference_nbs"], atol=1e-9)
    # after round 3 Decide's 28-digit Decimal arithmetic breaks exact ties of degenerate
    # exchanges (an NBS already at the partner's position) by the sign of its round-off
    np.testing.assert_allclose(m["nbs"], m["preference_nbs"], atol=0.2)
    np.testing.assert_allclose(m.loc[m["round"] <= 2, "voting_nbs"], m.loc[m["round"] <= 2, "voting_nbs_ref"],
                               atol=1e-9)


def test_positions_start_from_the_input_and_stay_in_bounds(sample, run10):
    first = run10.positions(0)
    np.testing.assert_allclose(first.to_numpy(), sample.position, atol=1e-12)
    last = run10.positions().to_numpy()
    assert np.all((last >= sample.bounds[:, 0] - 1e-9) & (last <= sample.bounds[:, 1] + 1e-9))


def test_one_issue_means_no_exchange():
    inp = ForecastInput(("A", "B"), ("x",), [[0.0], [100.0]], [[0.5], [0.5]], [1.0, 3.0], bounds=[[0, 100]])
    res = exchange(inp, rounds=3)
    assert res.tables["exchanges"].empty
    assert float(res.forecast["x"]) == pytest.approx(75.0)


def test_bad_rounds(sample):
    with pytest.raises(ValueError, match="rounds"):
        exchange(sample, rounds=-2)
