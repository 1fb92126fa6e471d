"""Closed forms of bargaining theory, pure and vectorised over numpy arrays.

Every function takes scalars or numpy arrays (which broadcast together),
returns Python floats for scalar input and arrays otherwise, and raises
``ValueError`` naming the argument and its allowed range when an argument is
out of range.  Conventions: a pie of 1, player/side 1 (A) proposes first,
discount factors are per period.  ``docs/explanation/theory.md`` lists every
formula with its source.

>>> from zopa import theory
>>> theory.rubinstein_share(0.9, 0.9)
0.526...
>>> theory.fearon_range(0.6, 0.1, 0.15)
FearonRange(lo=0.5, hi=0.75)
"""

from __future__ import annotations

from zopa.theory.attrition import Attrition, attrition, attrition_delay, attrition_time
from zopa.theory.backward import AlternatingOffers, alternating_offers
from zopa.theory.fearon import FearonRange, RiskReturn, fearon_range, risk_return
from zopa.theory.information import Screening, battle_update, posterior_sincere, screening
from zopa.theory.mediation import mediator_threshold
from zopa.theory.powell import commitment_war, critical_shift
from zopa.theory.reference import ratchet, reference_utility
from zopa.theory.rubinstein import (
    breakdown_share,
    deadline_share,
    fixed_cost_bounds,
    fixed_cost_share,
    outside_option_share,
    rubinstein_rates,
    rubinstein_share,
)

__all__ = [
    "fearon_range",
    "risk_return",
    "rubinstein_share",
    "rubinstein_rates",
    "fixed_cost_share",
    "fixed_cost_bounds",
    "deadline_share",
    "breakdown_share",
    "outside_option_share",
    "commitment_war",
    "critical_shift",
    "attrition",
    "attrition_delay",
    "attrition_time",
    "screening",
    "posterior_sincere",
    "battle_update",
    "mediator_threshold",
    "reference_utility",
    "ratchet",
    "alternating_offers",
    "AlternatingOffers",
    "Attrition",
    "FearonRange",
    "RiskReturn",
    "Screening",
]
