"""Protocols as behaviour specs on a one-issue line (hand-traced), and their properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.sim import Domain, simulate
from zopa.sim.strategies import Stalling

from .conftest import line


def moves(res):
    tr = res.trace
    return [(int(r.step), r.actor, r.action, int(r.x)) for r in tr.itertuples()]


def test_sao_linear_vs_linear_by_hand(line5):
    """n_steps 3, t = (s+1)/4.  Round 0: A asks x=3 (target .75), B rejects and asks x=1.
    Round 1 (t=.5): A rejects x=1 (.25 < .4999) and asks x=2; B accepts (.5 >= .4999).
    NegMAS reports the step after the round: 2."""
    res = simulate(line5, {"A": "linear", "B": "linear"}, protocol="sao", steps=3, trace=True)
    assert moves(res) == [
        (0, "A", "offer", 3), (0, "B", "reject", 3), (0, "B", "offer", 1),
        (1, "A", "reject", 1), (1, "A", "offer", 2), (1, "B", "accept", 2),
    ]
    assert res.to_json() == {"agreement": {"x": 2}, "step": 2, "utilities": {"A": 0.5, "B": 0.5}, "ratified": False}


def test_alternating_one_move_per_step_by_hand(line5):
    """n_steps 4, t = (k+1)/4.  k=0 A asks 3; k=1 B (t=.5) rejects, asks 2; k=2 A (t=.75) accepts 2."""
    res = simulate(line5, {"A": "linear", "B": "linear"}, protocol="alternating", steps=4, trace=True)
    assert moves(res) == [(0, "A", "offer", 3), (1, "B", "reject", 3), (1, "B", "offer", 2), (2, "A", "accept", 2)]
    assert res.to_json()["step"] == 2


def test_alternating_refuses_three_parties():
    with pytest.raises(ValueError, match="two parties"):
        simulate(line(5, third=True), {"A": "linear", "B": "linear", "C": "linear"}, protocol="alternating")


def test_multilateral_needs_every_other_party_to_accept_the_standing_offer():
    """A and C accept x=2 but B (tough) never does: no agreement; with B linear they agree."""
    d = line(5, third=True)
    res = simulate(d, {"A": "conceder", "C": "conceder", "B": "tough"}, protocol="multilateral", steps=30, trace=True)
    assert not res.runs.agreement.any()
    tr = res.trace
    assert ((tr.actor == "B") & (tr.action == "accept")).sum() == 0
    res2 = simulate(d, {"A": "conceder", "C": "conceder", "B": "conceder"}, protocol="multilateral", steps=30,
                    trace=True)
    assert res2.runs.agreement.all()
    k, step = int(res2.runs.outcome[0]), int(res2.runs.step[0])
    tr2 = res2.trace
    # the closing offer was accepted by both parties that did not make it
    closing = tr2[(tr2.outcome == k) & (tr2.action.isin(["offer", "accept"]))]
    assert set(closing.actor) == {"A", "B", "C"}
    assert closing.step.max() == step


def test_tough_vs_tough_never_agrees(line5):
    res = simulate(line5, {"A": "tough", "B": "tough"}, protocol="sao", steps=50, runs=3)
    assert not res.runs.agreement.any()
    assert (res.runs.step == 50).all()
    assert res.runs.u_A.tolist() == [0.0, 0.0, 0.0]   # no deal: the reservation value


def test_a_stalling_delegate_needs_its_principal():
    """B stalls; A concedes everything by the end.  B's delegate agrees in principle, but a
    principal with p_ratify=0 refuses every time: no agreement, refusals counted."""
    d = line(5)
    res = simulate(d, {"A": "conceder", "B": Stalling(p_ratify=0.0, margin=0.0)}, protocol="sao", steps=40, runs=5,
                   trace=True)
    assert not res.runs.agreement.any()
    assert (res.runs.refusals > 0).all()
    assert (res.trace.action == "refuse").sum() == res.runs.refusals.sum()
    ok = simulate(d, {"A": "conceder", "B": Stalling(p_ratify=1.0, margin=0.0)}, protocol="sao", steps=40, runs=5)
    assert ok.runs.agreement.all() and ok.runs.ratified.all() and (ok.runs.refusals == 0).all()


def test_a_principal_only_signs_above_its_own_floor():
    """The principal wants at least 0.75 for B, i.e. x <= 1; anything else is refused."""
    d = line(5)
    res = simulate(d, {"A": "conceder", "B": Stalling(p_ratify=1.0, principal_floor=0.75)}, protocol="sao",
                   steps=40, runs=3)
    for row in res.runs.itertuples():
        if row.agreement:
            assert row.u_B >= 0.75 and row.ratified


NAMES = ["boulware", "linear", "conceder", "tough", "tit-for-tat", "stalling", "ratchet", "bayesian", "deadline"]


@settings(max_examples=40, deadline=None)
@given(
    k=st.integers(2, 12), seed=st.integers(0, 10**6),
    names=st.lists(st.sampled_from(NAMES), min_size=2, max_size=3),
    protocol=st.sampled_from(["sao", "alternating", "multilateral", "mediated"]),
    steps=st.integers(1, 25),
)
def test_no_agreement_is_below_any_partys_reservation_value(k, seed, names, protocol, steps):
    if protocol == "alternating":
        names = names[:2]
    g = np.random.default_rng(seed)
    actors = [f"P{i}" for i in range(len(names))]
    U = g.random((len(actors), k))
    r = g.random(len(actors)) * 0.8
    d = Domain.linear_additive({"x": list(range(k))}, {a: {"x": U[i].tolist()} for i, a in enumerate(actors)},
                               {a: [1.0] for a in actors}, {a: float(r[i]) for i, a in enumerate(actors)})
    res = simulate(d, dict(zip(actors, names, strict=True)), protocol=protocol, steps=steps, runs=4, seed=seed)
    for row in res.runs.itertuples():
        if row.agreement:
            for i, a in enumerate(actors):
                assert d.U[i, row.outcome] >= r[i] - 1e-6, (a, names, protocol)
            if "stalling" in names:
                assert row.ratified
