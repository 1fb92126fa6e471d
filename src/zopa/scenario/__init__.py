"""The scenario language and its loader.

>>> import zopa
>>> s = zopa.load("textbook")
>>> s.title
'Textbook: two sides, one border'
"""

from zopa.scenario.load import builtin_names, load, loads, scenario_hash, validate_data
from zopa.scenario.model import Actor, Claim, Event, Issue, Plan, Point, Scenario, Source
from zopa.scenario.quantity import Quantity

__all__ = [
    "load", "loads", "validate_data", "builtin_names", "scenario_hash",
    "Scenario", "Actor", "Issue", "Plan", "Point", "Event", "Source", "Claim", "Quantity",
]
