"""A battlefield that keeps moving while the talks go on.

Each party's reservation value (its value of fighting on, from the zone
analysis) follows an arithmetic random walk over the talks: after round
``s`` of ``n``,

    r_i(s) = r_i(0) + drift_i * s / n + volatility_i * sqrt(1 / n) * (Z_1 + ... + Z_s)

so that ``drift`` is the expected change over the whole talks and
``volatility`` its standard deviation.  The shocks are counter-based draws
(:mod:`zopa.sim.rng`), so session ``i`` sees the same battlefield whatever the
batch.  A side that gains from delay has a positive drift (seed article: "the
longer this process goes on, the better it is for Moscow").

Examples
--------
>>> import numpy as np
>>> bf = Battlefield({"RU": {"drift": 0.2}})
>>> r = np.array([[0.3, 0.35]])                       # one session, actors RU, UA
>>> path = [bf.shift(r, ["RU", "UA"], np.arange(1), seed=0, step=s, n_steps=np.array([10])) for s in (0, 5, 10)]
>>> [p[0].round(3).tolist() for p in path]
[[0.3, 0.35], [0.4, 0.35], [0.5, 0.35]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from zopa.sim import rng

__all__ = ["Battlefield"]

_STREAM = 5000
_DRAW_AHEAD = 2_000_000  # shocks drawn ahead for a batch at most (steps x sessions)


class Battlefield:
    """Drift and volatility of each actor's reservation value over the whole talks.

    Parameters
    ----------
    moves : {actor: {"drift": float, "volatility": float}}
        Actors not named keep their reservation value.
    """

    def __init__(self, moves: Mapping[str, Mapping[str, float]] | None = None):
        self.moves = {str(a): dict(v) for a, v in (moves or {}).items()}
        for a, v in self.moves.items():
            bad = set(v) - {"drift", "volatility"}
            if bad:
                raise ValueError(f"battlefield[{a!r}] has unknown keys {sorted(bad)}; use drift, volatility")
            if v.get("volatility", 0.0) < 0:
                raise ValueError(f"battlefield[{a!r}].volatility must be >= 0")
        self._cum: dict = {}

    @property
    def static(self) -> bool:
        return not any(v.get("drift", 0) or v.get("volatility", 0) for v in self.moves.values())

    def shift(self, r0: np.ndarray, actors: Sequence[str], session: np.ndarray, seed: int,
              step: int, n_steps: np.ndarray) -> np.ndarray:
        """Reservation values (batch, n_actors) after ``step`` rounds.

        Steps must be asked in increasing order for one batch (the shocks accumulate).
        """
        r = np.array(r0, dtype=float, copy=True)
        if step == 0:
            self._cum = {}
            self._shocks = {}
        for i, a in enumerate(actors):
            mv = self.moves.get(a)
            if not mv:
                continue
            frac = np.minimum(step, n_steps) / n_steps
            r[:, i] = r[:, i] + mv.get("drift", 0.0) * frac
            vol = mv.get("volatility", 0.0)
            if vol:
                cum = self._cum.get(i, np.zeros(len(session)))
                if step > 0:
                    z = self._shock(i, seed, session, step, n_steps)
                    cum = cum + np.where(step <= n_steps, z, 0.0)
                self._cum[i] = cum
                r[:, i] = r[:, i] + vol * np.sqrt(1.0 / n_steps) * cum
        return r

    def _shock(self, i: int, seed: int, session: np.ndarray, step: int, n_steps: np.ndarray) -> np.ndarray:
        """Actor i's shock at ``step``: every step's shocks of a batch are drawn together on its first
        move (the same numbers as drawing them one step at a time)."""
        shocks = getattr(self, "_shocks", None)
        if shocks is None:
            shocks = self._shocks = {}
        z = shocks.get(i)
        if z is None:
            last = int(np.max(n_steps, initial=0))
            if last * len(session) <= _DRAW_AHEAD:
                z = shocks[i] = rng.normals(seed, session, np.arange(1, last + 1), stream=_STREAM + i)
        if z is not None and 1 <= step <= len(z) and z.shape[1] == len(session):
            return z[step - 1]
        return rng.normal(seed, session, step=step, stream=_STREAM + i)
