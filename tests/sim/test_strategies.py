"""Each strategy as a behaviour spec: given these moves, these responses."""

from __future__ import annotations

import re

import numpy as np
import pytest

from zopa.sim import simulate
from zopa.sim.strategies import (
    BayesianLearner,
    Boulware,
    Conceder,
    DeadlineConceder,
    Linear,
    NaiveTitForTat,
    Party,
    Ratchet,
    Stalling,
    TimeBased,
    Tough,
    parse,
)
from zopa.sim.tables import Table

U = np.linspace(0, 1, 11)   # outcome k is worth k/10


def bind(strategy, B=1, r=0.0, u=U, steps=10):
    p = Party("A", Table(u, np.full(B, r)), 0, 2, np.arange(B), 7, np.full(B, steps))
    return strategy.bind(p)


def arr(*x):
    return np.array(x)


@pytest.mark.parametrize("cls,e", [(Boulware, 4), (Linear, 1), (Conceder, 0.25)])
def test_time_based_targets_follow_one_minus_t_to_the_e(cls, e):
    s = bind(cls(), B=3, r=0.2)
    t = arr(0.2, 0.5, 0.9)
    want = 0.2 + 0.8 * (1 - t**e) - 1e-4           # Faratin et al. (1998), floor = reservation
    assert s.level(t) == pytest.approx(np.maximum(want, 0.2))
    offers = s.propose(np.zeros(3, int), t)
    assert U[offers] == pytest.approx([U[U >= w - 1e-12].min() for w in np.maximum(want, 0.2)])


def test_boulware_holds_longer_than_linear_than_conceder():
    t = arr(0.5)
    levels = [bind(c()).level(t)[0] for c in (Boulware, Linear, Conceder)]
    assert levels[0] > levels[1] > levels[2]


def test_time_based_accepts_within_the_tolerance_but_never_below_the_floor():
    s = bind(Linear(), B=2, r=0.3)
    # at t = .5 the target is .65: .6 is refused, .7 accepted
    assert s.respond(arr(6, 7), np.zeros(2, int), arr(0.5, 0.5)).tolist() == [False, True]
    # at t = 1 the target is the floor .3: .3 accepted, .2 refused
    assert s.respond(arr(3, 2), np.zeros(2, int), arr(1.0, 1.0)).tolist() == [True, False]


def test_any_exponent_per_run():
    s = bind(TimeBased(exponent=np.array([1.0, 2.0])), B=2)
    assert s.aspiration(arr(0.5, 0.5)).tolist() == [0.5, 0.75]
    with pytest.raises(ValueError, match="exponent"):
        bind(TimeBased(exponent=-1))


def test_deadline_conceder_holds_then_concedes_to_the_floor():
    s = bind(DeadlineConceder(start=0.6, deadline=0.9), B=4, r=0.2)
    lv = s.level(arr(0.3, 0.6, 0.75, 0.95))
    assert lv[0] == lv[1] == pytest.approx(1.0 - 1e-4)
    assert lv[2] == pytest.approx(0.2 + 0.8 * 0.5 - 1e-4)
    assert lv[3] == pytest.approx(0.2)


def test_tough_offers_its_best_and_accepts_only_that():
    s = bind(Tough(), B=3)
    assert s.propose(np.zeros(3, int), arr(0.1, 0.5, 1.0)).tolist() == [10, 10, 10]
    assert s.respond(arr(9, 10, 0), np.zeros(3, int), arr(1.0, 1.0, 1.0)).tolist() == [False, True, False]


def test_tit_for_tat_mirrors_the_concession_from_round_three():
    """From round 3 on it concedes exactly what the standing offer gives it (n), so it
    accepts iff n >= 1 - n, i.e. n >= .5, and otherwise asks for 1 - n."""
    s = bind(NaiveTitForTat(), B=3)
    step = np.full(3, 5)
    assert s.respond(arr(4, 5, 6), step, arr(0.5, 0.5, 0.5)).tolist() == [False, True, True]
    assert s.propose(step, arr(0.5, 0.5, 0.5)).tolist() == [6, 5, 4]


def test_tit_for_tat_concedes_minimally_in_rounds_one_and_two():
    """Rounds 1-2: the gap between consecutive utilities in its ranking (.1 here), walking two
    ranks down per decision; round 0: nothing."""
    s = bind(NaiveTitForTat())
    assert s.propose(arr(0), arr(0.1)).tolist() == [10]
    assert s.respond(arr(9), arr(1), arr(0.2)).tolist() == [True]       # .9 >= 1 - (.1 + 1e-12)
    s2 = bind(NaiveTitForTat())
    assert s2.respond(arr(8), arr(1), arr(0.2)).tolist() == [False]
    assert s2.propose(arr(1), arr(0.2)).tolist() == [9]


def test_ratchet_banks_the_best_offer_received():
    s = bind(Ratchet(exponent=1), B=1)
    step = np.zeros(1, int)
    s.observe(arr(6), arr(1), step, arr(True))
    s.observe(arr(4), arr(1), step, arr(True))   # the other side walks back: the floor stays .6
    assert s.ref == pytest.approx([0.6])
    assert s.respond(arr(5), step, arr(1.0)).tolist() == [False]
    assert s.respond(arr(6), step, arr(1.0)).tolist() == [True]
    assert s.propose(step, arr(1.0)).tolist() == [6]


def test_bayesian_learner_concedes_faster_to_a_sincere_side():
    """Two sessions: the other side concedes every round in the first and never in the second."""
    s = bind(BayesianLearner(prior=0.5, q_sincere=0.8, q_stall=0.2), B=2)
    one = np.ones(2, bool)
    for k, offers in enumerate([(1, 1), (2, 1), (3, 1), (4, 1)]):
        s.observe(np.array(offers), np.ones(2, int), np.full(2, k), one)
    # three signals each: 1,1,1 vs 0,0,0 -> posterior odds 4^3 and 4^-3
    assert s.belief == pytest.approx([64 / 65, 1 / 65])
    lv = s.level(arr(0.5, 0.5))
    assert lv[0] < lv[1]


def test_stalling_moves_minimally_and_needs_ratification():
    s = bind(Stalling(), B=1)
    assert s.needs_ratification
    assert s.level(arr(0.5))[0] > 0.99      # 1 - .5**8
    assert not bind(Linear()).needs_ratification


def test_stalling_principal_signs_with_the_given_probability():
    s = bind(Stalling(p_ratify=0.3, margin=0.0), B=20000)
    signed = s.ratify(np.full(20000, 10), np.zeros(20000, int))
    assert signed.mean() == pytest.approx(0.3, abs=0.015)
    again = s.ratify(np.full(20000, 10), np.zeros(20000, int))   # a fresh draw per attempt
    assert 0.05 < (signed != again).mean() < 0.6


def test_parse_names_and_options():
    assert isinstance(parse("tft"), NaiveTitForTat)
    assert parse("ratchet:loss_aversion=3").loss_aversion == 3.0
    with pytest.raises(ValueError, match="unknown strategy 'nope'"):
        parse("nope")
    with pytest.raises(ValueError, match="key=value"):
        parse("boulware:4")


def test_strategies_are_declared_with_a_cited_source():
    from zopa.sim.strategies import REGISTRY

    for name, cls in REGISTRY.items():
        assert cls.name == name
        assert {"memory", "stochastic", "concedes", "needs_ratification"} <= set(cls.classifier)
        doc = (cls.__doc__ or "") + (__import__(cls.__module__, fromlist=["x"]).__doc__ or "")
        assert re.search(r"\b(19|20)\d\d\b", doc), f"{name}: no year of a cited source"


def test_a_ratchet_makes_the_other_side_pay_for_walking_back(line5):
    """Against a conceder, a ratchet never gives back what it was offered."""
    res = simulate(line5, {"A": "conceder", "B": Ratchet(exponent=1)}, protocol="sao", steps=20, trace=True)
    tr = res.trace
    offered_to_b = tr[(tr.actor == "A") & (tr.action == "offer")].x.to_numpy()
    b_offers = tr[(tr.actor == "B") & (tr.action == "offer")]
    for row in b_offers.itertuples():
        seen = tr[(tr.actor == "A") & (tr.action == "offer") & (tr.step <= row.step)].x
        assert 1 - row.x / 4 >= (1 - seen / 4).max() - 1e-9
    assert len(offered_to_b) > 0
