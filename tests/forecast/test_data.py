"""ForecastInput and ForecastResult: validation, long tables, JSON shape."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zopa.forecast import ForecastInput, compromise
from zopa.forecast.result import ForecastResult


def _df():
    return pd.DataFrame({"issue": ["x", "x", "y"], "actor": ["A", "B", "A"], "position": [0.0, 10.0, 3.0],
                         "salience": [1.0, 0.5, 0.2], "capability": [2.0, 1.0, 2.0], "reference": [5.0, 5.0, 1.0]})


def test_from_frame_round_trip():
    inp = ForecastInput.from_frame(_df())
    assert inp.actors == ("A", "B") and inp.issues == ("x", "y")
    assert np.isnan(inp.position[1, 1]) and inp.capability.tolist() == [2.0, 1.0]
    assert inp.reference.tolist() == [5.0, 1.0]
    back = inp.to_frame()
    assert len(back) == 3 and set(back["actor"]) == {"A", "B"}
    # weights are capability x salience, 0 where absent
    np.testing.assert_allclose(inp.weights(), [[2.0, 0.4], [0.5, 0.0]])


def test_per_issue_capabilities_are_kept():
    df = _df()
    df.loc[2, "capability"] = 7.0
    inp = ForecastInput.from_frame(df)
    assert inp.capability.shape == (2, 2) and inp.cap2d[0, 1] == 7.0


@pytest.mark.parametrize("kw, msg", [
    ({"salience": [[2.0], [0.5]]}, "0..1"),
    ({"salience": [[np.nan], [0.5]]}, "salience must be >= 0"),
    ({"capability": [1.0]}, "capability must have shape"),
    ({"bounds": [[5.0, 1.0]]}, "lo < hi"),
    ({"actors": ("A", "A")}, "unique"),
])
def test_validation(kw, msg):
    args = {"actors": ("A", "B"), "issues": ("x",), "position": [[0.0], [1.0]], "salience": [[1.0], [0.5]],
            "capability": [1.0, 1.0]}
    args.update(kw)
    with pytest.raises(ValueError, match=msg):
        ForecastInput(**args)


def test_bounds_default_to_the_positions():
    inp = ForecastInput(("A", "B"), ("x",), [[2.0], [8.0]], [[1.0], [1.0]], [1.0, 1.0])
    assert inp.bounds.tolist() == [[2.0, 8.0]]


def test_json_shape():
    inp = ForecastInput(("A", "B"), ("x", "y"), [[0.0, np.nan], [10.0, 4.0]], [[1.0, np.nan], [1.0, 1.0]], [1.0, 3.0])
    js = compromise(inp).to_json()
    assert set(js) == {"model", "issues", "rounds", "forecast"}
    assert js["rounds"] == [{"positions": {"A": {"x": 0.0}, "B": {"x": 10.0, "y": 4.0}},
                             "forecast": {"x": 7.5, "y": 4.0}}]
    assert js["forecast"] == {"x": 7.5, "y": 4.0}


def test_result_checks_shapes():
    inp = ForecastInput(("A", "B"), ("x",), [[0.0], [10.0]], [[1.0], [1.0]], [1.0, 3.0])
    with pytest.raises(ValueError, match="do not match"):
        ForecastResult.from_arrays("m", inp, np.zeros((2, 3, 1)), np.zeros((2, 1)))
