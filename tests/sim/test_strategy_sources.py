"""Every strategy class cites its source in its own docstring (not only its module's)."""

from __future__ import annotations

import re

from zopa.sim.strategies import REGISTRY


def test_every_strategy_class_docstring_cites_a_dated_source():
    for name, cls in REGISTRY.items():
        doc = cls.__doc__ or ""
        assert re.search(r"[A-Z][a-z]+.{0,40}\b(19|20)\d\d\b", doc), f"{name}: class docstring cites no source"


def test_tough_and_stalling_cite_their_sources():
    from zopa.sim.strategies.stalling import Stalling
    from zopa.sim.strategies.tough import Tough

    assert "Baarslag et al. 2013" in Tough.__doc__ and "NegMAS" in Tough.__doc__
    assert "Kreps & Wilson 1982" in Stalling.__doc__ and "Kydd 2000" in Stalling.__doc__
