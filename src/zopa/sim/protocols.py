"""Offer protocols, advanced round by round for a whole batch of sessions.

Three turn-taking protocols share one loop (:func:`turn_taking`):

``"sao"``
    NegMAS 0.16's stacked alternating offers (Aydoğan et al. 2017, "Alternating
    offers protocols for multilateral negotiation", *Modern Approaches to
    Agent-based Complex Automated Negotiation*, SCI 674).  One *step* is a
    round in which every party, in order, responds to the standing offer and,
    if it rejects (or there is none), proposes; proposing counts as accepting.
    Relative time is ``t = (step + 1) / (n_steps + 1)``; an agreement reached
    in round ``s`` is reported at step ``s + 1``; no agreement reports
    ``n_steps``.
``"alternating"``
    Rubinstein's (1982) alternating offers between two parties: one party
    moves per step, ``t = (step + 1) / n_steps`` so the last mover reaches
    ``t = 1``; the step reported is the index of the move that closed the deal.
``"multilateral"``
    The same with any number of parties, one move per step in a fixed order;
    an offer is agreed when every other party has accepted it in turn
    (unanimity on the standing offer).

An offer worth less to its proposer than its current reservation value does
not count as its acceptance (NegMAS counts it; this only happens when a party
has no outcome better than fighting on).  In every protocol an agreement that involves a party whose strategy needs
ratification goes to that party's principal; a refusal wipes the standing
offer and the talks go on.

The mediated single-text protocol is in :mod:`zopa.sim.mediated`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["turn_taking", "Recorder", "PROTOCOLS"]

PROTOCOLS = ("sao", "alternating", "multilateral", "mediated")

ACTIONS = ("offer", "accept", "reject", "ratify", "refuse", "draft")


class Recorder:
    """Collects the offer trace as arrays (only when asked for)."""

    def __init__(self, on: bool):
        self.on = on
        self.parts: list[tuple] = []

    def add(self, session, step, party: int, action: str, outcome, mask) -> None:
        if not self.on or not np.any(mask):
            return
        m = np.asarray(mask)
        self.parts.append((session[m], np.broadcast_to(step, m.shape)[m], party, ACTIONS.index(action),
                           np.broadcast_to(outcome, m.shape)[m]))

    def arrays(self) -> dict:
        if not self.parts:
            z = np.zeros(0, np.int64)
            return {"session": z, "step": z, "party": z, "action": z, "outcome": z}
        n = [len(p[0]) for p in self.parts]
        return {
            "session": np.concatenate([p[0] for p in self.parts]),
            "step": np.concatenate([p[1] for p in self.parts]).astype(np.int64),
            "party": np.repeat([p[2] for p in self.parts], n),
            "action": np.repeat([p[3] for p in self.parts], n),
            "outcome": np.concatenate([p[4] for p in self.parts]).astype(np.int64),
        }


def turn_taking(strategies: Sequence, n_steps: np.ndarray, session: np.ndarray, protocol: str,
                move_world: Callable[[int], None], rec: Recorder) -> dict:
    """Run ``"sao"``, ``"alternating"`` or ``"multilateral"`` for a batch.

    Parameters
    ----------
    strategies : bound strategies, one per party in moving order
    n_steps : (B,) int, each session's number of steps
    session : (B,) int, global session ids (for the trace)
    protocol : str
    move_world : called with the step number before each step (moves reservation values)
    rec : Recorder

    Returns
    -------
    dict of (B,) arrays: ``agreement`` (outcome index or -1), ``step``,
    ``refusals`` (principal refusals), ``ratified`` (an agreement a principal signed).
    """
    n = len(strategies)
    B = len(n_steps)
    if protocol == "alternating" and n != 2:
        raise ValueError(f"protocol='alternating' is for two parties, got {n}; use 'multilateral' or 'sao'")
    offer = np.full(B, -1, np.int64)
    proposer = np.full(B, -1, np.int64)
    nacc = np.zeros(B, np.int64)
    done = np.zeros(B, bool)
    agreement = np.full(B, -1, np.int64)
    at_step = n_steps.astype(np.int64).copy()
    refusals = np.zeros(B, np.int64)
    ratified = np.zeros(B, bool)
    needs = [bool(getattr(s, "needs_ratification", False)) for s in strategies]
    per_round = protocol == "sao"
    total = int(n_steps.max(initial=0))

    for s in range(total):
        live = ~done & (s < n_steps)
        if not live.any():
            break
        move_world(s)
        step = np.full(B, s, np.int64)
        if per_round:
            t = (s + 1) / (n_steps + 1.0)
            movers = range(n)
        else:
            t = (s + 1) / n_steps.astype(float)
            movers = (s % n,)
        for i in movers:
            strat = strategies[i]
            act = ~done & (s < n_steps)
            if not act.any():
                break
            reset = act & (proposer == i)  # NegMAS: the proposer's own turn resets acceptances
            nacc = np.where(reset, 0, nacc)
            has = act & (offer >= 0)
            acc = np.zeros(B, bool)
            if has.any():
                acc = strat.respond(offer, step, t, has) & has
            rec.add(session, step, i, "accept", offer, acc)
            rec.add(session, step, i, "reject", offer, has & ~acc)
            nacc = np.where(acc, nacc + 1, nacc)
            closing = acc & (nacc == n)
            if closing.any():
                signed = closing.copy()
                for j, need in enumerate(needs):
                    if need:
                        ok = strategies[j].ratify(offer, step, signed)
                        rec.add(session, step, j, "ratify", offer, signed & ok)
                        rec.add(session, step, j, "refuse", offer, signed & ~ok)
                        signed &= ok
                refused = closing & ~signed
                refusals += refused
                agreement = np.where(signed, offer, agreement)
                at_step = np.where(signed, s + 1 if per_round else s, at_step)
                ratified |= signed & any(needs)
                done |= signed
                offer = np.where(refused, -1, offer)
                proposer = np.where(refused, -1, proposer)
                nacc = np.where(refused, 0, nacc)
            prop = act & ~acc
            if prop.any():
                new = strat.propose(step, t, prop)
                offer = np.where(prop, new, offer)
                proposer = np.where(prop, i, proposer)
                # proposing is accepting, unless the proposer prefers fighting on to its own offer
                binding = strat.party.table.at(new) >= strat.party.reservation - 1e-6
                nacc = np.where(prop, np.where(binding, 1, 0), nacc)
                rec.add(session, step, i, "offer", new, prop)
                for j, other in enumerate(strategies):
                    if j != i:
                        other.observe(offer, proposer, step, prop)
    return {"agreement": agreement, "step": at_step, "refusals": refusals, "ratified": ratified}
