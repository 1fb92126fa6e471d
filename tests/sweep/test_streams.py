"""Per-world random streams: a world's numbers depend on (seed, name, world) only."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from zopa.sweep.streams import BLOCK, WorldRandom, draw_blocks, stream_key


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(1, 3 * BLOCK),
    cuts=st.lists(st.integers(0, 3 * BLOCK), max_size=4),
    offset=st.integers(0, 2 * BLOCK),
)
def test_any_batching_gives_the_same_numbers(n, cuts, offset):
    worlds = np.arange(offset, offset + n)
    whole = WorldRandom(11, worlds).normal("shock", (3,))
    edges = sorted({0, n, *[c for c in cuts if c < n]})
    pieces = [WorldRandom(11, worlds[a:b]).normal("shock", (3,)) for a, b in zip(edges, edges[1:], strict=False)]
    assert np.array_equal(np.concatenate(pieces), whole)


def test_scattered_worlds_match_contiguous_draws():
    key = stream_key(5, "u")
    full = draw_blocks(key, np.arange(3 * BLOCK), (2,), lambda g, s: g.random(s))
    pick = np.array([3 * BLOCK - 1, 0, 5, BLOCK, 5, 2 * BLOCK + 7])
    assert np.array_equal(draw_blocks(key, pick, (2,), lambda g, s: g.random(s)), full[pick])


def test_streams_differ_by_name_seed_and_namespace():
    w = np.arange(1000)
    a = WorldRandom(1, w).uniform("a")
    assert not np.array_equal(a, WorldRandom(1, w).uniform("b"))
    assert not np.array_equal(a, WorldRandom(2, w).uniform("a"))
    assert not np.array_equal(stream_key(1, "a", "world"), stream_key(1, "a", "input"))
    # different names are statistically independent
    r = np.corrcoef(a, WorldRandom(1, w).uniform("b"))[0, 1]
    assert abs(r) < 4 / np.sqrt(1000)


def test_worlds_within_a_block_are_not_copies_of_each_other():
    x = WorldRandom(0, np.arange(BLOCK)).normal("z", (4,))
    assert len(np.unique(x[:, 0])) == BLOCK


def test_uniform_and_normal_have_the_right_distribution():
    w = np.arange(20_000)
    r = WorldRandom(3, w)
    u = r.uniform("u")
    assert u.min() > 0 and u.max() < 1
    assert stats.kstest(u, "uniform").pvalue > 1e-3
    z = r.normal("z")
    assert stats.kstest(z, "norm").pvalue > 1e-3


def test_draw_passes_generator_methods_and_keeps_dtype():
    r = WorldRandom(9, np.arange(50))
    k = r.draw("k", "integers", (2,), low=0, high=3)
    assert k.shape == (50, 2) and k.dtype.kind == "i" and set(np.unique(k)) <= {0, 1, 2}
    g = r.draw("g", "gamma", (), shape=2.0)
    assert g.shape == (50,) and (g > 0).all()
    assert abs(g.mean() - 2.0) < 4 * np.sqrt(2.0 / 50)


def test_draw_rejects_per_world_arguments_and_unknown_methods():
    r = WorldRandom(9, np.arange(5))
    with pytest.raises(ValueError, match="scalar"):
        r.draw("g", "gamma", (), shape=np.ones(5))
    with pytest.raises(ValueError, match="Generator method"):
        r.draw("h", "no_such_method")


def test_a_stream_name_can_be_drawn_once_per_batch():
    r = WorldRandom(0, np.arange(3))
    r.normal("x")
    with pytest.raises(ValueError, match="already drawn"):
        r.uniform("x")


@pytest.mark.parametrize("seed", [-1, 1.5, "3", True])
def test_seed_must_be_a_non_negative_integer(seed):
    with pytest.raises(ValueError, match="seed"):
        WorldRandom(seed, np.arange(3))
