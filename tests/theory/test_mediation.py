"""Kydd's biased mediator: only a mediator biased toward A is believed when it says 'stand firm'."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zopa.theory import mediator_threshold

BETAS = np.linspace(0.0, 1.0, 10001)


def least_truthful_beta(x_high, x_low, eps, w_a, w_b):
    """Brute force over the mediator's weight on A: the least beta at which 'firm' is optimal."""
    firm = BETAS * ((1 - eps) * (1 - x_low) + eps * w_a) + (1 - BETAS) * (
        (1 - eps) * x_low + eps * w_b
    )
    concede = BETAS * (1 - x_high) + (1 - BETAS) * x_high
    truthful = firm >= concede - 1e-12
    return BETAS[np.argmax(truthful)] if truthful.any() else np.nan


def test_by_hand():
    assert mediator_threshold(0.6, 0.4, 0.0, 0.3, 0.3) == pytest.approx(0.5)
    # firm_A = 0.8 * 0.6 + 0.2 * 0.3 = 0.54, firm_B = 0.8 * 0.4 + 0.06 = 0.38, conc_A = 0.4
    # beta* = (0.6 - 0.38) / ((0.54 - 0.4) + (0.6 - 0.38)) = 0.22 / 0.36
    assert mediator_threshold(0.6, 0.4, 0.2, 0.3, 0.3) == pytest.approx(0.22 / 0.36)


@given(
    st.floats(0.0, 0.9),
    st.floats(0.01, 0.5),
    st.floats(0.0, 1.0),
    st.floats(-0.5, 1.0),
    st.floats(-0.5, 1.0),
)
def test_matches_brute_force(x_low, gap, eps, w_a, w_b):
    x_high = min(x_low + gap, 1.0)
    beta = mediator_threshold(x_high, x_low, eps, w_a, w_b)
    brute = least_truthful_beta(x_high, x_low, eps, w_a, w_b)
    if np.isnan(brute):
        assert np.isnan(beta) or beta > 1 - 2e-4
    else:
        assert beta == pytest.approx(brute, abs=2e-4)


@given(st.floats(0.0, 0.5), st.floats(0.05, 0.5), st.floats(0.01, 0.3), st.floats(0.0, 0.45))
def test_costly_war_needs_a_mediator_biased_toward_a(x_low, gap, eps, w):
    # war payoffs sum to less than the pie (w_a + w_b = 2w < 1): beta* > 1/2 ...
    beta = mediator_threshold(x_low + gap, x_low, eps, w, w)
    a_prefers_firm = gap > eps * (1 - x_low - w)  # firm_A > conc_A
    firm_b = (1 - eps) * x_low + eps * w
    if x_low + gap <= firm_b:  # B does as well when A stands firm: the mediator never needs to lie
        assert beta == 0.0
    elif a_prefers_firm:
        assert beta > 0.5
    else:  # ... and if even A would rather concede, no mediator is credible
        assert np.isnan(beta) or beta == pytest.approx(1.0)


def test_corner_cases_and_validation():
    # B does as well when A stands firm as when it concedes: the mediator never lies
    assert mediator_threshold(0.5, 0.4, 1.0, 0.3, 0.6) == 0.0
    # A itself prefers conceding to standing firm: no weight makes 'firm' the honest advice
    assert np.isnan(mediator_threshold(0.6, 0.4, 1.0, -0.5, 0.0))
    out = mediator_threshold(0.6, 0.4, np.array([0.0, 0.2]), 0.3, 0.3)
    np.testing.assert_allclose(out, [0.5, 0.22 / 0.36])
    with pytest.raises(ValueError, match="x_low"):
        mediator_threshold(0.4, 0.6, 0.1, 0.3, 0.3)
    with pytest.raises(ValueError, match="eps"):
        mediator_threshold(0.6, 0.4, 1.1, 0.3, 0.3)
