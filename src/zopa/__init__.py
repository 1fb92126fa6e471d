"""zopa: model, forecast and simulate the negotiations that end wars.

The public API is short:

- :func:`zopa.load` reads a scenario (a built-in name or a YAML/TOML path);
- :mod:`zopa.theory` holds the closed forms of bargaining theory;
- ``zopa.zone.analyze``, ``zopa.forecast.run``, ``zopa.sim.simulate``,
  ``zopa.sweep.run`` and ``zopa.report.write`` are the entry points of the analyses.

Submodules are imported on first use, so ``import zopa`` is cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

from zopa._version import __version__
from zopa.errors import DataFileError, InputError, Problem, ScenarioError, ZopaError

_SUBMODULES = {
    "scenario", "theory", "zone", "forecast", "sim", "sweep", "history", "report", "app", "cli",
}
_LAZY = {"load": ("zopa.scenario", "load"), "Scenario": ("zopa.scenario", "Scenario")}

__all__ = [
    "__version__", "load", "Scenario", "Problem", "ZopaError", "InputError", "ScenarioError",
    "DataFileError", *sorted(_SUBMODULES),
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        value = importlib.import_module(f"zopa.{name}")
        globals()[name] = value
        return value
    raise AttributeError(f"module 'zopa' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
