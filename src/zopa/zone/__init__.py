"""The zone of agreement over time and the bargaining equilibrium of a scenario.

>>> import zopa
>>> r = zopa.zone.analyze("textbook", paths=100)
>>> r.summary["zone_open"]
1.0
"""

from zopa.zone.analyze import ZoneResult, analyze, prepare
from zopa.zone.metrics import CATALOGUE

__all__ = ["analyze", "ZoneResult", "prepare", "CATALOGUE"]
