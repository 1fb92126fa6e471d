"""Stokman's equal-gain exchange model against Decide's reference run on sample_data.

The reference (../shared/data/forecast/decide/expected/, see its README) is a run of Decide
@51dee66 with ALLOW_RANDOM = False, p = 0, 10 iterations.  Decide prints 28-digit decimals;
zopa computes the same decimals and hands them out as floats, so the comparisons allow 1e-12
(the float rounding of values up to 100 is below 1.5e-14).
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.forecast import ForecastInput, exchange, read_decide
from zopa.forecast._exchange_round import CONTEXT, Exchange, Round, Side

TOL = 1e-12


@pytest.fixture(scope="module")
def sample(fdata):
    return read_decide(fdata / "decide" / "sample_data.tsv")


@pytest.fixture(scope="module")
def run10(sample):
    return exchange(sample, rounds=10)


@pytest.fixture(scope="module")
def expected(fdata):
    d = fdata / "decide" / "expected"
    return {"nbs": pd.read_csv(d / "sample_data_nbs_by_round.csv", dtype={"issue": str}),
            "positions": pd.read_csv(d / "sample_data_actor_positions_by_round.csv"),
            "round1": pd.read_csv(d / "sample_data_round1_exchanges_semicolon.csv", sep=";", header=None,
                                  skiprows=1, dtype=str)}


def test_two_actor_case_of_decides_tests():
    """decide/tests/test_rex.py: NBS 85 5/7 and 35 5/7 (hand-checkable)."""
    inp = ForecastInput(("A1", "A2"), ("i1", "i2"), [[0.0, 0.0], [100.0, 100.0]],
                        [[0.1, 0.9], [0.6, 0.5]], [1.0, 1.0], bounds=[[0, 100], [0, 100]])
    res = exchange(inp, rounds=1)
    np.testing.assert_allclose(res.tables["nbs"].query("round == 0")["nbs"], [85 + 5 / 7, 35 + 5 / 7])
    # by hand: A1 moves to 100 on i1 (NBS shift 100 x 0.1/0.7 = 100/7), A2 moves 20 on i2
    # (shift 20 x 0.5/1.4 = 50/7); A2 gains 0.6 x 100/7 - 0.5 x 50/7 = 5,
    # A1 gains 0.9 x 50/7 - 0.1 x 100/7 = 5
    ex = res.tables["exchanges"]
    assert ex[["i_actor", "i_supply", "j_actor", "j_supply"]].values.tolist() == [["A2", "i2", "A1", "i1"]]
    assert ex["i_voting"].iloc[0] == pytest.approx(80) and ex["j_voting"].iloc[0] == pytest.approx(100)
    assert ex["gain"].iloc[0] == pytest.approx(5)


def test_first_exchange_gains(run10):
    """decide/model/test/test_model.py asserts the first two realised gains."""
    gains = run10.tables["exchanges"].query("round == 0")["gain"].to_numpy()
    assert gains[0] == pytest.approx(1.973684210526315789, abs=TOL)
    assert gains[1] == pytest.approx(1.792636308765341023, abs=TOL)


def test_round_one_exchanges_match_decide(run10, expected):
    ref = expected["round1"]
    ex = run10.tables["exchanges"].query("round == 0")
    assert len(ex) == len(ref) == 39
    issue = lambda col: ref[col].str.replace(r" \[.*\]$", "", regex=True).tolist()  # noqa: E731
    assert list(ex["i_actor"]) == list(ref[0]) and list(ex["j_actor"]) == list(ref[22])
    assert list(ex["i_supply"]) == issue(1) and list(ex["j_supply"]) == issue(23)
    for mine, col in (("gain", 16), ("i_start", 6), ("i_voting", 8), ("j_start", 28), ("j_voting", 30)):
        np.testing.assert_allclose(ex[mine], ref[col].astype(float), rtol=0, atol=TOL, err_msg=mine)


def test_nbs_of_every_round_matches_decide(run10, expected):
    """Preference NBS (start of each round) and voting NBS (after its exchanges), rounds 0-9."""
    m = run10.tables["nbs"].merge(expected["nbs"], on=["issue", "round"], suffixes=("", "_ref"))
    assert len(m) == 60 and sorted(m["round"].unique()) == list(range(10))
    np.testing.assert_allclose(m["nbs"], m["preference_nbs"], rtol=0, atol=TOL)
    np.testing.assert_allclose(m["voting_nbs"], m["voting_nbs_ref"], rtol=0, atol=TOL)


def test_positions_of_every_round_match_decide(run10, expected):
    ref = expected["positions"]
    m = run10.rounds.merge(ref, on=["round", "actor", "issue"], suffixes=("", "_ref"))
    assert len(m) == len(ref) == 600
    np.testing.assert_allclose(m["position"], m["position_ref"], rtol=0, atol=TOL)


def test_decimal_digits_are_decides(sample, fdata):
    """The 28-digit NBS of every round are Decide's digits, not merely close to them."""
    from zopa.forecast.exchange import _decimal_inputs, _denorm, _run

    ref = pd.read_csv(fdata / "decide" / "expected" / "sample_data_nbs_by_round.csv", dtype=str)
    with decimal.localcontext(CONTEXT):
        X, S, C, step = _decimal_inputs(np.where(sample.present, sample.position, 0.0), sample.salience,
                                        sample.cap2d, sample.present, sample.bounds[:, 0], sample.bounds[:, 1])
        _, nbs, voting, _ = _run(X, S, C, 10)
        for row in ref.itertuples():
            k, t = sample.issues.index(row.issue), int(row.round)
            assert _denorm(nbs[t][k], step[k]) == Decimal(row.preference_nbs), (row.issue, t)
            assert _denorm(voting[t][k], step[k]) == Decimal(row.voting_nbs), (row.issue, t)


# ------------------------------------------------------------------ the rule that needs decimals
def _cut_case(partner_position: str) -> tuple[Side, Side]:
    """Three actors with weight 1 on two issues; actor 0 moves 0 -> 30 on issue 0, whose NBS is 50.

    Actor 1 is the partner; ``partner_position`` is its position on issue 0.
    """
    D = Decimal
    X = [{0: D(0), 1: D(partner_position), 2: D(150) - D(partner_position)}, {0: D(0), 1: D(50), 2: D(100)}]
    one = [{a: D(1) for a in range(3)} for _ in range(2)]
    with decimal.localcontext(CONTEXT):
        rnd = Round(X, [dict(s) for s in one], [dict(c) for c in one])
        mover = Side(0, 0, 1, X[0][0], X[1][0])
        partner = Side(1, 1, 0, X[1][1], X[0][1])
        mover.move, mover.y, mover.moves = D(30), D(30), [D(30)]
        partner.move, partner.y, partner.moves = D(-30), D(20), [D(-30)]
        rnd.check_nbs(Exchange(partner, mover), mover, partner)
    return mover, partner


def test_nbs_exactly_on_the_partner_does_not_cut_the_move():
    """Decide cuts only on a strict change of sign of x - NBS: an NBS already at x lets it go."""
    mover, _ = _cut_case("50")           # NBS (0 + 50 + 100) / 3 = 50 = the partner's position
    assert mover.y == 30


def test_a_move_past_the_partner_is_cut_to_reach_it():
    """NBS 50 -> 60 would pass the partner at 55: the mover stops at 15 (NBS (15+55+95)/3 = 55),
    and the partner gives the equal-gain amount, here (1+1)/(1+1) x 15 = 15."""
    mover, partner = _cut_case("55")
    assert mover.y == 15
    assert partner.y == 50 - 15


# ------------------------------------------------------------------ equal gain on random cases
@settings(max_examples=25)
@given(st.integers(3, 5).flatmap(lambda n: st.tuples(
    st.lists(st.lists(st.integers(0, 100), min_size=3, max_size=3), min_size=n, max_size=n),
    st.lists(st.lists(st.integers(1, 10), min_size=3, max_size=3), min_size=n, max_size=n),
    st.lists(st.integers(1, 10), min_size=n, max_size=n))))
def test_first_exchange_gives_both_actors_the_same_gain(case):
    """Stokman & Van Oosten: each gains s_demand x NBS shift on its demand issue minus
    s_supply x shift on its supply issue; the two gains are equal, and neither actor moves
    past the other's position."""
    pos, sal, cap = case
    n = len(pos)
    inp = ForecastInput(tuple(f"a{k}" for k in range(n)), ("p0", "p1", "p2"), np.array(pos, float),
                        np.array(sal, float) / 10, np.array(cap, float) / 10, bounds=[[0, 100]] * 3)
    ex = exchange(inp, rounds=1).tables["exchanges"]
    if ex.empty:
        return
    e = ex.iloc[0]
    a = {name: k for k, name in enumerate(inp.actors)}
    i, j = a[e["i_actor"]], a[e["j_actor"]]
    q, p = inp.issues.index(e["i_supply"]), inp.issues.index(e["j_supply"])
    w = inp.weights()
    dq = w[i, q] * abs(e["i_voting"] - e["i_start"]) / w[:, q].sum()
    dp = w[j, p] * abs(e["j_voting"] - e["j_start"]) / w[:, p].sum()
    s = inp.salience
    assert s[i, p] * dp - s[i, q] * dq == pytest.approx(e["gain"], abs=1e-9)
    assert s[j, q] * dq - s[j, p] * dp == pytest.approx(e["gain"], abs=1e-9)
    assert e["gain"] > 0
    x = inp.position
    assert min(x[i, q], x[j, q]) - 1e-9 <= e["i_voting"] <= max(x[i, q], x[j, q]) + 1e-9
    assert min(x[j, p], x[i, p]) - 1e-9 <= e["j_voting"] <= max(x[j, p], x[i, p]) + 1e-9


def test_positions_start_from_the_input_and_stay_in_bounds(sample, run10):
    first = run10.positions(0)
    np.testing.assert_allclose(first.to_numpy(), sample.position, atol=1e-12)
    last = run10.positions().to_numpy()
    assert np.all((last >= sample.bounds[:, 0]) & (last <= sample.bounds[:, 1]))


def test_one_issue_means_no_exchange():
    inp = ForecastInput(("A", "B"), ("x",), [[0.0], [100.0]], [[0.5], [0.5]], [1.0, 3.0], bounds=[[0, 100]])
    res = exchange(inp, rounds=3)
    assert res.tables["exchanges"].empty
    assert float(res.forecast["x"]) == pytest.approx(75.0)


def test_bad_rounds(sample):
    with pytest.raises(ValueError, match="rounds"):
        exchange(sample, rounds=-2)
