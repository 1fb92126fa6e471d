"""The mediated single text: bias, deadline, pressure on the weaker side, levers."""

from __future__ import annotations

import pytest

from zopa.sim import Battlefield, simulate
from zopa.sim.mediated import Mediator

from .conftest import line


def test_the_first_draft_is_the_biased_nash_point():
    """On x = 0..4 with u_A = x/4, u_B = 1 - x/4 and no value of fighting on, the draft maximises
    .7 log(x/4) + .3 log(1 - x/4): x=3 gives -.617, x=2 gives -.693 (x=4 leaves B nothing).
    With equal weights it is the middle, x=2."""
    res = simulate(line(5), {"A": "tough", "B": "tough"}, protocol="mediated",
                   mediator=Mediator(bias={"A": 0.7, "B": 0.3}), steps=1, trace=True)
    assert res.trace[res.trace.action == "draft"].x.tolist() == [3]
    even = simulate(line(5), {"A": "tough", "B": "tough"}, protocol="mediated", steps=1, trace=True)
    assert even.trace[even.trace.action == "draft"].x.tolist() == [2]


def test_objections_move_the_text_toward_the_objector():
    """A (linear) accepts x=3 late; B (tough) objects to everything but its best.  Each of B's
    objections adds 25% to its weight, so the drafts walk down toward B."""
    res = simulate(line(11), {"A": "conceder", "B": "tough"}, protocol="mediated",
                   mediator=Mediator(bias={"A": 0.7, "B": 0.3}, step_size=0.25), steps=12, trace=True)
    drafts = res.trace[res.trace.action == "draft"].x.to_numpy()
    assert drafts[0] == 7
    assert (drafts[1:] <= drafts[:-1]).all() and drafts[-1] < drafts[0]


def test_linear_parties_reach_a_deal_no_worse_than_fighting_on():
    res = simulate(line(5, ra=0.2, rb=0.2), {"A": "linear", "B": "linear"}, protocol="mediated", steps=20)
    assert res.runs.agreement.all()
    assert res.runs.u_A[0] >= 0.2 and res.runs.u_B[0] >= 0.2


def test_the_deadline_ends_the_talks():
    """Two tough parties never accept; the mediator leaves at 40% of 20 rounds: 8 drafts."""
    res = simulate(line(5), {"A": "tough", "B": "tough"}, protocol="mediated",
                   mediator=Mediator(deadline=0.4), steps=20, trace=True)
    assert (res.trace.action == "draft").sum() == 8
    assert not res.runs.agreement.any()


def test_pressing_the_weaker_party_shifts_the_terms_against_it():
    """A (reservation .1) is weaker than B (.4).  Under pressure the deal moves toward B."""
    d = line(11, ra=0.1, rb=0.4)
    calm = simulate(d, {"A": "linear", "B": "linear"}, protocol="mediated",
                    mediator=Mediator(deadline=1.0, press=0.0), steps=10)
    pressed = simulate(d, {"A": "linear", "B": "linear"}, protocol="mediated",
                       mediator=Mediator(deadline=1.0, press=0.9), steps=10)
    assert calm.runs.agreement.all() and pressed.runs.agreement.all()
    assert pressed.runs.u_A[0] < calm.runs.u_A[0]


def test_levers_move_reservation_values():
    """Pressure of .3 on A makes the deal A accepts cheaper; aid makes it dearer."""
    d = line(11, ra=0.3, rb=0.3)
    base = simulate(d, {"A": "boulware", "B": "conceder"}, protocol="mediated", steps=10)
    aid = simulate(d, {"A": "boulware", "B": "conceder"}, protocol="mediated", steps=10,
                   mediator=Mediator(levers={"aid": {"A": 0.3}}))
    assert aid.runs.u_A[0] >= 0.6 - 1e-9
    assert aid.runs.u_A[0] >= base.runs.u_A[0]
    with pytest.raises(ValueError, match="unknown levers"):
        Mediator(levers={"bribes": {"A": 1}})
    with pytest.raises(ValueError, match="deadline"):
        Mediator(deadline=0)


def test_a_moving_battlefield_can_close_the_zone():
    """B's value of fighting on rises from .3 to .9 over the talks: a late conceder A is too late."""
    d = line(11, ra=0.3, rb=0.3)
    still = simulate(d, {"A": "boulware", "B": "boulware"}, protocol="sao", steps=30)
    moving = simulate(d, {"A": "boulware", "B": "boulware"}, protocol="sao", steps=30,
                      battlefield=Battlefield({"B": {"drift": 0.6}}))
    assert still.runs.agreement.all()
    assert not moving.runs.agreement.any()
    assert moving.runs.u_B[0] == pytest.approx(0.3 + 0.6 * 29 / 30)
