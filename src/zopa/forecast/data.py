"""The tidy input every forecasting model takes: :class:`ForecastInput`.

A forecasting case is a set of actors and a set of issues.  Each actor has, on
each issue it takes part in, a *position* (on the issue's own scale), a
*salience* (how much it cares, on 0..1) and a *capability* (its clout, any
positive scale; per actor or per actor and issue).  An actor absent from an
issue has a NaN position there.

Conventions
-----------
* Saliences are stored on 0..1.  Readers of files that use 0..100 divide by 100.
* Capabilities keep the scale of the source file (every model here is
  invariant to a common rescaling of capabilities).
* ``bounds[k] = (lo, hi)`` is the range of issue ``k``; readers take it from the
  file when the file states it, else from the format's convention (0..100 for
  KTAB and DEU) or from the positions.
* ``reference[k]`` is the status quo / reference point of issue ``k`` (NaN when
  unknown); ``outcome[k]`` is the real outcome (for backtests).

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({
...     "issue": ["tax", "tax", "tax"], "actor": ["A", "B", "C"],
...     "position": [0.0, 50.0, 100.0], "salience": [1.0, 0.5, 0.5],
...     "capability": [1.0, 2.0, 1.0]})
>>> inp = ForecastInput.from_frame(df)
>>> inp.actors, inp.issues
(('A', 'B', 'C'), ('tax',))
>>> inp.weights()[:, 0]
array([1. , 1. , 0.5])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ForecastInput"]


def _as_float(a: Any, shape: tuple[int, ...], name: str) -> np.ndarray:
    arr = np.array(a, dtype=float)
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class ForecastInput:
    """Actors' positions, saliences and capabilities on a set of issues.

    Parameters
    ----------
    actors, issues : sequence of str
        Names, in order.
    position : array (n_actors, n_issues)
        Positions on each issue's scale; NaN where the actor is absent.
    salience : array (n_actors, n_issues)
        Saliences on 0..1 (NaN allowed where the actor is absent).
    capability : array (n_actors,) or (n_actors, n_issues)
        Capabilities (> 0).
    bounds : array (n_issues, 2), optional
        ``(lo, hi)`` per issue; defaults to the range of the positions.
    reference : array (n_issues,), optional
        Status quo / reference point per issue (NaN = unknown).
    outcome : array (n_issues,), optional
        The real outcome per issue, for backtests.
    source : str
        Where the data came from (a file name).
    meta : dict
        Anything else the reader knows (case ids, model parameters...).
    """

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    position: np.ndarray
    salience: np.ndarray
    capability: np.ndarray
    bounds: np.ndarray | None = None
    reference: np.ndarray | None = None
    outcome: np.ndarray | None = None
    source: str = ""
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        actors = tuple(str(a) for a in self.actors)
        issues = tuple(str(i) for i in self.issues)
        n, m = len(actors), len(issues)
        if n == 0 or m == 0:
            raise ValueError("a forecast needs at least one actor and one issue")
        if len(set(actors)) != n:
            raise ValueError(f"actor names must be unique: {actors}")
        if len(set(issues)) != m:
            raise ValueError(f"issue names must be unique: {issues}")
        object.__setattr__(self, "actors", actors)
        object.__setattr__(self, "issues", issues)
        pos = _as_float(self.position, (n, m), "position")
        sal = _as_float(self.salience, (n, m), "salience")
        cap = np.array(self.capability, dtype=float)
        if cap.shape not in ((n,), (n, m)):
            raise ValueError(f"capability must have shape ({n},) or ({n}, {m}), got {cap.shape}")
        cap.setflags(write=False)
        present = ~np.isnan(pos)
        if np.any(present & ~(sal >= 0)):
            raise ValueError("salience must be >= 0 (and not NaN) wherever an actor has a position")
        if np.any(present & (sal > 1 + 1e-9)):
            raise ValueError("salience must be on 0..1 (divide 0..100 saliences by 100)")
        cap2 = np.broadcast_to(cap.reshape(n, -1), (n, m))
        if np.any(present & ~(cap2 >= 0)):
            raise ValueError("capability must be >= 0 wherever an actor has a position")
        if self.bounds is None:
            with np.errstate(all="ignore"):
                lo, hi = np.nanmin(np.where(present, pos, np.inf), 0), np.nanmax(np.where(present, pos, -np.inf), 0)
            lo = np.where(np.isfinite(lo), lo, 0.0)
            hi = np.where(np.isfinite(hi), hi, 1.0)
            hi = np.where(hi > lo, hi, lo + 1.0)
            bounds = np.stack([lo, hi], 1)
        else:
            bounds = np.array(self.bounds, dtype=float)
        object.__setattr__(self, "bounds", _as_float(bounds, (m, 2), "bounds"))
        if np.any(self.bounds[:, 1] <= self.bounds[:, 0]):
            raise ValueError("bounds must have lo < hi on every issue")
        object.__setattr__(self, "position", pos)
        object.__setattr__(self, "salience", sal)
        object.__setattr__(self, "capability", cap)
        for name in ("reference", "outcome"):
            val = getattr(self, name)
            if val is not None:
                object.__setattr__(self, name, _as_float(val, (m,), name))

    # ------------------------------------------------------------------ views
    @property
    def n_actors(self) -> int:
        return len(self.actors)

    @property
    def n_issues(self) -> int:
        return len(self.issues)

    @property
    def present(self) -> np.ndarray:
        """Boolean (n_actors, n_issues): the actor takes part in the issue."""
        return ~np.isnan(self.position)

    @property
    def cap2d(self) -> np.ndarray:
        """Capabilities broadcast to (n_actors, n_issues)."""
        return np.broadcast_to(self.capability.reshape(self.n_actors, -1), self.position.shape)

    def weights(self) -> np.ndarray:
        """Capability x salience, 0 where the actor is absent (n_actors, n_issues)."""
        w = self.cap2d * np.where(self.present, self.salience, 0.0)
        return np.where(self.present, w, 0.0)

    def reference_or(self, default: float | np.ndarray) -> np.ndarray:
        """The reference point per issue, ``default`` where unknown."""
        ref = np.full(self.n_issues, np.nan) if self.reference is None else self.reference
        return np.where(np.isnan(ref), default, ref)

    # ---------------------------------------------------------- constructors
    @classmethod
    def from_frame(cls, df: pd.DataFrame, *, source: str = "", bounds=None, outcome=None) -> ForecastInput:
        """Build from a long table with columns issue, actor, position, salience, capability.

        An optional ``reference`` column gives the reference point (one value per
        issue); ``lo``/``hi`` columns give the issue bounds.  Actors and issues
        keep their order of first appearance.

        Examples
        --------
        >>> df = pd.DataFrame({"issue": ["x", "y", "x"], "actor": ["A", "A", "B"],
        ...                    "position": [1, 2, 3], "salience": [.5, .5, 1], "capability": [1, 1, 2]})
        >>> inp = ForecastInput.from_frame(df)
        >>> inp.position
        array([[ 1.,  2.],
               [ 3., nan]])
        """
        need = {"issue", "actor", "position", "salience", "capability"}
        missing = need - set(df.columns)
        if missing:
            raise ValueError(f"from_frame: missing columns {sorted(missing)}")
        actors = list(dict.fromkeys(df["actor"].astype(str)))
        issues = list(dict.fromkeys(df["issue"].astype(str)))
        ai = {a: k for k, a in enumerate(actors)}
        ii = {i: k for k, i in enumerate(issues)}
        n, m = len(actors), len(issues)
        pos = np.full((n, m), np.nan)
        sal = np.full((n, m), np.nan)
        cap = np.full((n, m), np.nan)
        r = df["actor"].astype(str).map(ai).to_numpy()
        c = df["issue"].astype(str).map(ii).to_numpy()
        if pd.DataFrame({"r": r, "c": c}).duplicated().any():
            raise ValueError("from_frame: an (issue, actor) pair appears twice")
        pos[r, c] = df["position"].astype(float)
        sal[r, c] = df["salience"].astype(float)
        cap[r, c] = df["capability"].astype(float)
        # one capability per actor when it does not vary across issues
        cmax, cmin = np.nanmax(cap, 1), np.nanmin(cap, 1)
        capability = cmax if np.array_equal(cmax, cmin) else np.where(np.isnan(cap), 0.0, cap)
        reference = None
        if "reference" in df.columns:
            reference = df.groupby(df["issue"].astype(str), sort=False)["reference"].first().reindex(issues).to_numpy(float)
        if bounds is None and {"lo", "hi"} <= set(df.columns):
            g = df.groupby(df["issue"].astype(str), sort=False)
            bounds = np.stack([g["lo"].first().reindex(issues), g["hi"].first().reindex(issues)], 1)
        return cls(actors, issues, pos, sal, capability, bounds=bounds, reference=reference,
                   outcome=outcome, source=source)

    # ------------------------------------------------------------- derived
    def to_frame(self) -> pd.DataFrame:
        """The long table (issue, actor, position, salience, capability) of present actors."""
        r, c = np.nonzero(self.present)
        return pd.DataFrame({
            "issue": np.array(self.issues, dtype=object)[c],
            "actor": np.array(self.actors, dtype=object)[r],
            "position": self.position[r, c],
            "salience": self.salience[r, c],
            "capability": self.cap2d[r, c],
        })

    def subset(self, issues: Sequence[int] | None = None, actors: Sequence[int] | None = None) -> ForecastInput:
        """A copy restricted to the given issue and actor indices."""
        ii = np.arange(self.n_issues) if issues is None else np.asarray(issues, int)
        aa = np.arange(self.n_actors) if actors is None else np.asarray(actors, int)
        cap = self.capability[aa] if self.capability.ndim == 1 else self.capability[np.ix_(aa, ii)]
        return replace(
            self,
            actors=tuple(self.actors[k] for k in aa),
            issues=tuple(self.issues[k] for k in ii),
            position=self.position[np.ix_(aa, ii)],
            salience=self.salience[np.ix_(aa, ii)],
            capability=cap,
            bounds=self.bounds[ii],
            reference=None if self.reference is None else self.reference[ii],
            outcome=None if self.outcome is None else self.outcome[ii],
            meta=dict(self.meta),
        )

    def with_positions(self, position: np.ndarray) -> ForecastInput:
        """A copy with new positions (same actors, issues and presence)."""
        return replace(self, position=np.where(self.present, position, np.nan), meta=dict(self.meta))
