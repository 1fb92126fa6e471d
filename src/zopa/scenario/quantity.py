"""Numbers with provenance: facts, judgements and uncertain quantities.

Any numeric input of a scenario may be written three ways:

- a plain number, ``0.12`` (certain; ``zopa validate --strict`` asks for its basis);
- a fact or judgement, ``{value: 0.12, source: isw-nov}`` or
  ``{value: 0.4, basis: judgement, rationale: "..."}``; where sources disagree,
  ``{value: 600, values: [{value: 600, source: a}, {value: 800, source: b}]}``;
- an uncertain quantity, ``{dist: normal, mean: 0.1, sd: 0.02, basis: judgement, rationale: "..."}``
  with ``dist`` one of normal, lognormal, uniform, triangular, beta.

Each becomes a :class:`Quantity` whose :attr:`Quantity.nominal` is the value
used when an analysis runs without uncertainty and whose :meth:`Quantity.ppf`
maps uniform draws to the distribution (for sweeps).

Examples
--------
>>> q = Quantity.model_validate({"dist": "triangular", "low": 0, "mode": 1, "high": 2})
>>> q.nominal
1.0
>>> q.ppf([0.5])
array([1.])
>>> Quantity.model_validate(3).nominal
3.0
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["Quantity", "Provenance", "SourceValue", "DIST_PARAMS", "Basis"]

Basis = Literal["fact", "judgement", "assumption", "derived"]

#: parameters each distribution takes (required, optional)
DIST_PARAMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "normal": (("mean", "sd"), ("low", "high")),
    "lognormal": (("median", "sigma"), ()),
    "uniform": (("low", "high"), ()),
    "triangular": (("low", "mode", "high"), ()),
    "beta": (("a", "b"), ("low", "high")),
}


class Provenance(BaseModel):
    """Where a fact comes from, or why a judgement was made."""

    model_config = ConfigDict(extra="forbid")

    source: str | list[str] | None = Field(
        None, description="Source id (or ids) from the `sources` section."
    )
    basis: Basis | None = Field(
        None, description="fact (sourced), judgement or assumption (say why in `rationale`), derived."
    )
    rationale: str | None = Field(None, description="Why a judgement or assumption was made.")
    note: str | None = Field(None, description="Free text.")

    @property
    def sources(self) -> list[str]:
        """The cited source ids as a list."""
        if self.source is None:
            return []
        return [self.source] if isinstance(self.source, str) else list(self.source)

    @property
    def has_provenance(self) -> bool:
        """True when a source is cited or a judgement is stated with its rationale."""
        return bool(self.sources) or (self.basis in {"judgement", "assumption", "derived"} and bool(self.rationale))


class SourceValue(BaseModel):
    """One source's value of a disputed fact."""

    model_config = ConfigDict(extra="forbid")

    value: float
    source: str | list[str]
    note: str | None = None


class _QuantityModel(Provenance):
    value: float | None = Field(None, description="The value (the nominal value when `dist` is given).")
    values: list[SourceValue] | None = Field(
        None, description="Each source's value where sources disagree; `value` says which one is used."
    )
    dist: Literal["normal", "lognormal", "uniform", "triangular", "beta"] | None = Field(
        None, description="Distribution of an uncertain quantity."
    )
    mean: float | None = None
    sd: float | None = None
    median: float | None = None
    sigma: float | None = None
    low: float | None = None
    high: float | None = None
    mode: float | None = None
    a: float | None = None
    b: float | None = None


class Quantity(_QuantityModel):
    """A number with its provenance and, optionally, its uncertainty."""

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise ValueError("expected a number, not true/false")
        if isinstance(data, int | float):
            return {"value": data}
        return data

    @field_validator("value", "mean", "sd", "median", "sigma", "low", "high", "mode", "a", "b")
    @classmethod
    def _finite(cls, v: float | None) -> float | None:
        if v is not None and not math.isfinite(v):
            raise ValueError("must be a finite number")
        return v

    @model_validator(mode="after")
    def _check(self) -> Quantity:
        params = {k: getattr(self, k) for k in ("mean", "sd", "median", "sigma", "low", "high", "mode", "a", "b")}
        given = {k for k, v in params.items() if v is not None}
        if self.dist is None:
            if given:
                raise ValueError(f"{', '.join(sorted(given))} given without `dist` (add dist: normal|lognormal|uniform|triangular|beta)")
            if self.value is None:
                if self.values:
                    raise ValueError("disputed values need `value`: the one this scenario uses")
                raise ValueError("a quantity needs `value` (or `dist` with its parameters)")
            return self
        required, optional = DIST_PARAMS[self.dist]
        missing = [k for k in required if params[k] is None]
        if missing:
            raise ValueError(f"{self.dist} needs {', '.join(required)}; missing {', '.join(missing)}")
        extra = given - set(required) - set(optional)
        if extra:
            raise ValueError(f"{self.dist} takes {', '.join(required + optional)}; not {', '.join(sorted(extra))}")
        p = params
        if self.dist == "normal":
            if p["sd"] <= 0:
                raise ValueError("normal: sd must be > 0")
            if p["low"] is not None and p["high"] is not None and p["low"] >= p["high"]:
                raise ValueError("normal: low must be < high")
        elif self.dist == "lognormal":
            if p["median"] <= 0 or p["sigma"] <= 0:
                raise ValueError("lognormal: median and sigma must be > 0")
        elif self.dist == "uniform":
            if p["low"] >= p["high"]:
                raise ValueError("uniform: low must be < high")
        elif self.dist == "triangular":
            if not p["low"] <= p["mode"] <= p["high"] or p["low"] >= p["high"]:
                raise ValueError("triangular: need low <= mode <= high and low < high")
        elif self.dist == "beta":
            if p["a"] <= 0 or p["b"] <= 0:
                raise ValueError("beta: a and b must be > 0")
            lo, hi = p["low"] if p["low"] is not None else 0.0, p["high"] if p["high"] is not None else 1.0
            if lo >= hi:
                raise ValueError("beta: low must be < high")
        return self

    # -- numbers ----------------------------------------------------------------
    @property
    def uncertain(self) -> bool:
        """True when the quantity has a distribution."""
        return self.dist is not None

    def frozen(self):
        """The scipy.stats frozen distribution (None for a certain quantity)."""
        if self.dist is None:
            return None
        from scipy import stats

        if self.dist == "normal":
            if self.low is None and self.high is None:
                return stats.norm(self.mean, self.sd)
            lo = -math.inf if self.low is None else (self.low - self.mean) / self.sd
            hi = math.inf if self.high is None else (self.high - self.mean) / self.sd
            return stats.truncnorm(lo, hi, loc=self.mean, scale=self.sd)
        if self.dist == "lognormal":
            return stats.lognorm(self.sigma, scale=self.median)
        if self.dist == "uniform":
            return stats.uniform(self.low, self.high - self.low)
        if self.dist == "triangular":
            width = self.high - self.low
            return stats.triang((self.mode - self.low) / width, loc=self.low, scale=width)
        lo = 0.0 if self.low is None else self.low
        hi = 1.0 if self.high is None else self.high
        return stats.beta(self.a, self.b, loc=lo, scale=hi - lo)

    @property
    def nominal(self) -> float:
        """The value used without uncertainty: `value` if given, else the distribution's mean."""
        if self.value is not None:
            return float(self.value)
        return float(self.frozen().mean())

    def ppf(self, u):
        """Map uniform draws ``u`` in (0, 1) to this quantity (a constant if certain).

        The inverse distribution functions are written out with ``scipy.special`` (what
        scipy.stats computes, without building a frozen distribution on every call, which costs
        more than the draws themselves for a few hundred worlds).
        """
        import numpy as np
        from scipy import special

        u = np.asarray(u, dtype=float)
        d = self.dist
        if d is None:
            return np.full(u.shape, self.nominal)
        if d == "uniform":
            return self.low + u * (self.high - self.low)
        if d == "lognormal":
            return self.median * np.exp(self.sigma * special.ndtri(u))
        if d == "normal":
            if self.low is None and self.high is None:
                return self.mean + self.sd * special.ndtri(u)
            return np.asarray(self.frozen().ppf(u), dtype=float)  # truncated: scipy's careful tails
        if d == "triangular":
            lo, hi, c = self.low, self.high, self.mode
            f = (c - lo) / (hi - lo)
            left = lo + np.sqrt(u * (hi - lo) * (c - lo))
            right = hi - np.sqrt((1 - u) * (hi - lo) * (hi - c))
            return np.where(u < f, left, right)
        lo = 0.0 if self.low is None else self.low
        hi = 1.0 if self.high is None else self.high
        return lo + (hi - lo) * special.betaincinv(self.a, self.b, u)

    def support(self) -> tuple[float, float]:
        """Lowest and highest possible values (may be infinite)."""
        if self.dist is None:
            return (self.nominal, self.nominal)
        lo, hi = self.frozen().support()
        return float(lo), float(hi)


#: A field type: a number or a Quantity mapping (the JSON Schema export adds the number form).
Q = Annotated[Quantity, "quantity"]
