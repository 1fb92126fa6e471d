"""Counter-based randomness: a session's numbers do not depend on its batch."""

from __future__ import annotations

import numpy as np
import pytest

from zopa.sim import rng


def test_same_coordinates_same_numbers_different_coordinates_different():
    a = rng.uniform(3, np.arange(100), step=2, stream=1)
    assert np.array_equal(a, rng.uniform(3, np.arange(100), step=2, stream=1))
    assert not np.array_equal(a, rng.uniform(4, np.arange(100), step=2, stream=1))
    assert not np.array_equal(a, rng.uniform(3, np.arange(100), step=3, stream=1))
    assert not np.array_equal(a, rng.uniform(3, np.arange(100), step=2, stream=2))
    assert np.array_equal(a[40:60], rng.uniform(3, np.arange(40, 60), step=2, stream=1))


def test_uniform_draws_look_uniform():
    u = rng.uniform(1, np.arange(200_000))
    hist = np.histogram(u, bins=10, range=(0, 1))[0] / len(u)
    assert np.abs(hist - 0.1).max() < 0.005
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 0.01


def test_seed_must_be_an_int_or_generator():
    with pytest.raises(ValueError, match="seed"):
        rng.seed_from("abc")


def test_first_session_offsets_the_random_streams_not_the_run_parameters():
    """A sweep batch that starts at world 4 gets exactly the sessions 4.. of a single call."""
    import numpy as np

    from zopa.sim import negmas_benchmark, simulate

    d = negmas_benchmark()
    strategies = {"UA": "stalling:p_ratify=0.5", "RU": "conceder"}
    whole = simulate(d, strategies, steps=30, runs=10, seed=3).runs
    part = simulate(d, strategies, steps=30, runs=6, seed=3, first_session=4).runs
    cols = ["agreement", "step", "refusals", "ratified"]
    np.testing.assert_array_equal(whole.iloc[4:][cols].to_numpy(), part[cols].to_numpy())
    assert part["run"].tolist() == list(range(4, 10))
