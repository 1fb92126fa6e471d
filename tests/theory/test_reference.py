"""Reference-dependent utility and the ratchet of concessions."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zopa.theory import ratchet, reference_utility


def test_gains_and_losses_by_hand():
    assert reference_utility(0.5, 0.4) == pytest.approx(0.1)
    assert reference_utility(0.3, 0.4) == pytest.approx(-0.225)  # 2.25 * (0.3 - 0.4)
    assert reference_utility(0.3, 0.4, loss_aversion=1.0) == pytest.approx(-0.1)
    assert reference_utility(0.4, 0.4) == 0.0


@given(st.floats(-1, 1), st.floats(0.0, 1.0), st.floats(0.1, 5.0))
def test_a_loss_weighs_lambda_times_an_equal_gain(r, d, lam):
    gain = reference_utility(r + d, r, lam)
    loss = reference_utility(r - d, r, lam)
    assert loss == pytest.approx(-lam * gain, abs=1e-12)
    assert gain >= 0 >= loss


def test_ratchet_is_the_best_offer_so_far():
    offers = np.array([[0.2, 0.4, 0.3, 0.5, 0.1], [0.6, 0.1, 0.2, 0.3, 0.7]])
    loop = np.empty_like(offers)
    for i, row in enumerate(offers):
        best = -np.inf
        for t, x in enumerate(row):
            best = max(best, x)
            loop[i, t] = best
    np.testing.assert_array_equal(ratchet(offers), loop)
    np.testing.assert_array_equal(ratchet([0.2, 0.1], initial=0.3), [0.3, 0.3])
    np.testing.assert_array_equal(ratchet(offers.T, axis=0), loop.T)


def test_taking_back_a_concession_is_felt_as_a_loss():
    offers = [0.3, 0.45, 0.4]  # the 0.45 offered earlier becomes the reference
    reference = ratchet(offers)
    utility = reference_utility(np.asarray(offers), reference)
    np.testing.assert_allclose(utility, [0.0, 0.0, -2.25 * 0.05])


def test_validation():
    with pytest.raises(ValueError, match="loss_aversion"):
        reference_utility(0.5, 0.4, loss_aversion=0.0)
    with pytest.raises(ValueError, match="offers"):
        ratchet(0.5)
    with pytest.raises(ValueError, match="reference"):
        reference_utility(0.5, float("inf"))
