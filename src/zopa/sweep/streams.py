"""Random numbers keyed by world, so that results never depend on batching.

Every random number a sweep uses belongs to one *world* (an integer index
``0 .. n_worlds-1``) and one named *stream*.  Worlds are grouped in fixed
blocks of :data:`BLOCK` consecutive indices.  The numbers of stream ``name``
for block ``b`` come from a counter-based Philox-4x64 generator (Salmon et
al. 2011, "Parallel random numbers: as easy as 1, 2, 3", SC'11) whose key is
the 128-bit BLAKE2b hash of ``(namespace, seed, name)`` and whose counter
starts at ``b * 2**128``; the block's draws have shape ``(BLOCK, *shape)`` and
world ``w`` takes row ``w % BLOCK``.

Hence world ``w``'s numbers depend only on ``(seed, name, w)``: not on the
batch that holds it, on the worker or executor that computes it, on the other
streams drawn, or on the other inputs of the scenario (common random numbers
across variants).  A batch that starts or stops inside a block draws the whole
block and keeps its rows; aligning batches to blocks wastes nothing.

Examples
--------
>>> import numpy as np
>>> whole = WorldRandom(seed=7, worlds=np.arange(0, 10)).normal("shock", (3,))
>>> part = WorldRandom(seed=7, worlds=np.arange(4, 10)).normal("shock", (3,))
>>> bool(np.array_equal(whole[4:], part))
True
>>> whole.shape
(10, 3)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np

__all__ = ["BLOCK", "stream_key", "block_generator", "draw_blocks", "WorldRandom"]

#: Number of consecutive worlds that share one Philox counter block.
BLOCK = 4096

# Half of the spacing of ``Generator.random`` doubles: adding it maps [0, 1) into (0, 1).
_HALF_ULP53 = 2.0**-54


def stream_key(seed: int, name: str, namespace: str = "world") -> np.ndarray:
    """The 128-bit Philox key of stream ``name`` under ``seed``.

    Parameters
    ----------
    seed : int
        The sweep's seed, a non-negative integer.
    name : str
        The stream's name (an input path such as ``battlefield.drift``, or a name an
        analysis chooses such as ``shocks``).
    namespace : str
        Separates families of streams (``"input"`` for sampled inputs, ``"world"`` for
        the randomness an analysis draws) so that equal names never collide.

    Returns
    -------
    numpy.ndarray
        Two ``uint64`` words.

    Examples
    --------
    >>> stream_key(1, "x").dtype, stream_key(1, "x").shape
    (dtype('uint64'), (2,))
    >>> bool((stream_key(1, "x") == stream_key(1, "x", "input")).all())
    False
    """
    seed = _check_seed(seed)
    text = f"zopa\x00{namespace}\x00{seed}\x00{name}".encode()
    digest = hashlib.blake2b(text, digest_size=16).digest()
    return np.frombuffer(digest, dtype="<u8").astype(np.uint64)


def block_generator(key: np.ndarray, block: int) -> np.random.Generator:
    """The generator of one block of worlds for a stream key.

    The counter's third 64-bit word holds the block index, so blocks never overlap
    (each could draw ``2**128`` values before reaching the next).

    Examples
    --------
    >>> g = block_generator(stream_key(0, "x"), 3)
    >>> float(g.random()) == float(block_generator(stream_key(0, "x"), 3).random())
    True
    """
    counter = np.array([0, 0, int(block), 0], dtype=np.uint64)
    return np.random.Generator(np.random.Philox(key=key, counter=counter))


def _check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def draw_blocks(
    key: np.ndarray,
    worlds: np.ndarray,
    shape: tuple[int, ...],
    draw: Callable[[np.random.Generator, tuple[int, ...]], np.ndarray],
    dtype: type = np.float64,
    draw_into: Callable[[np.random.Generator, np.ndarray], None] | None = None,
) -> np.ndarray:
    """Draw ``shape`` values per world, block by block, for any set of worlds.

    Parameters
    ----------
    key : numpy.ndarray
        The stream key from :func:`stream_key`.
    worlds : numpy.ndarray
        World indices (any order, repeats allowed); contiguous ranges are fastest.
    shape : tuple of int
        The shape of one world's draw.
    draw : callable
        ``draw(generator, size)`` returning an array of ``size``; it is always called
        with ``size == (BLOCK, *shape)`` so that a world's row never depends on which
        other worlds are asked for.
    dtype : numpy dtype
        The dtype of the result.
    draw_into : callable, optional
        ``draw_into(generator, out)`` filling ``out`` (shape ``(BLOCK, *shape)``) with
        exactly what ``draw`` would return; used for blocks a contiguous request covers
        whole, to save a copy.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(worlds), *shape)``.

    Examples
    --------
    >>> k = stream_key(3, "u")
    >>> a = draw_blocks(k, np.arange(10), (), lambda g, s: g.random(s))
    >>> b = draw_blocks(k, np.array([9, 2]), (), lambda g, s: g.random(s))
    >>> bool(np.array_equal(a[[9, 2]], b))
    True
    """
    worlds = np.asarray(worlds, dtype=np.int64)
    if worlds.ndim != 1:
        raise ValueError(f"worlds must be a 1-D array of world indices, got shape {worlds.shape}")
    if worlds.size and worlds.min() < 0:
        raise ValueError("worlds must be non-negative world indices")
    out = np.empty((worlds.size, *shape), dtype=dtype)
    if worlds.size == 0:
        return out
    size = (BLOCK, *shape)
    start = int(worlds[0])
    if np.array_equal(worlds, np.arange(start, start + worlds.size)):
        stop = start + worlds.size
        for b in range(start // BLOCK, (stop - 1) // BLOCK + 1):
            lo, hi = max(start, b * BLOCK), min(stop, (b + 1) * BLOCK)
            if draw_into is not None and hi - lo == BLOCK:
                draw_into(block_generator(key, b), out[lo - start : hi - start])
                continue
            rows = draw(block_generator(key, b), size)
            out[lo - start : hi - start] = rows[lo - b * BLOCK : hi - b * BLOCK]
        return out
    blocks = worlds // BLOCK
    for b in np.unique(blocks):
        where = np.flatnonzero(blocks == b)
        rows = draw(block_generator(key, int(b)), size)
        out[where] = rows[worlds[where] - b * BLOCK]
    return out


class WorldRandom:
    """Per-world random streams for one batch of worlds.

    An analysis receives one ``WorldRandom`` per batch and draws from named streams;
    each stream name may be drawn once per batch (draw everything a stream needs in
    one call, e.g. ``normal("shocks", (months,))`` for ``(len(worlds), months)`` draws), which keeps a world's numbers
    independent of the analysis' control flow.

    Parameters
    ----------
    seed : int
        The sweep's seed.
    worlds : numpy.ndarray
        The world indices of the batch, in the order of the batch's rows.

    Examples
    --------
    >>> r = WorldRandom(0, np.arange(100, 104))
    >>> r.world
    array([100, 101, 102, 103])
    >>> u = r.uniform("u")
    >>> bool(((u > 0) & (u < 1)).all())
    True
    >>> r.uniform("u")
    Traceback (most recent call last):
    ...
    ValueError: stream 'u' was already drawn for this batch; give each draw its own name
    """

    def __init__(self, seed: int, worlds: np.ndarray):
        self.seed = _check_seed(seed)
        self.world = np.asarray(worlds, dtype=np.int64)
        self._used: set[str] = set()

    def __len__(self) -> int:
        return int(self.world.size)

    def _key(self, name: str) -> np.ndarray:
        if not isinstance(name, str) or not name:
            raise ValueError(f"a stream name must be a non-empty string, got {name!r}")
        if name in self._used:
            raise ValueError(
                f"stream {name!r} was already drawn for this batch; give each draw its own name"
            )
        self._used.add(name)
        return stream_key(self.seed, name, "world")

    def uniform(self, name: str, dims: tuple[int, ...] = ()) -> np.ndarray:
        """Uniform draws on the open interval (0, 1), shape ``(len(self), *dims)``."""

        def draw(g: np.random.Generator, size: tuple[int, ...]) -> np.ndarray:
            return g.random(size) + _HALF_ULP53

        def draw_into(g: np.random.Generator, out: np.ndarray) -> None:
            g.random(out=out)
            out += _HALF_ULP53

        return draw_blocks(self._key(name), self.world, tuple(dims), draw, draw_into=draw_into)

    def normal(self, name: str, dims: tuple[int, ...] = ()) -> np.ndarray:
        """Standard normal draws, shape ``(len(self), *dims)``."""
        return draw_blocks(
            self._key(name), self.world, tuple(dims), lambda g, size: g.standard_normal(size),
            draw_into=lambda g, out: g.standard_normal(out=out),
        )

    def draw(self, name: str, method: str, dims: tuple[int, ...] = (), **kwargs) -> np.ndarray:
        """Draws from any :class:`numpy.random.Generator` method with scalar arguments.

        ``kwargs`` go to the method (e.g. ``shape=2.0`` for ``gamma``); the result has
        shape ``(len(self), *dims)``.

        Examples
        --------
        >>> r = WorldRandom(1, np.arange(3))
        >>> r.draw("k", "integers", (2,), low=0, high=5).shape
        (3, 2)
        """
        if not hasattr(np.random.Generator, method) or method.startswith("_"):
            raise ValueError(f"method must name a numpy.random.Generator method, got {method!r}")
        for arg, value in kwargs.items():
            if np.ndim(value) != 0:
                raise ValueError(
                    f"argument {arg!r} of draw() must be a scalar; transform standard draws "
                    "for per-world parameters"
                )

        def fn(g: np.random.Generator, size: tuple[int, ...]) -> np.ndarray:
            return np.asarray(getattr(g, method)(size=size, **kwargs))

        probe = fn(block_generator(np.zeros(2, np.uint64), 0), (1,))
        return draw_blocks(self._key(name), self.world, tuple(dims), fn, dtype=probe.dtype)
