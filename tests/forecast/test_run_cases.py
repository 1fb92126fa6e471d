"""run_cases / ForecastResult.concat: independent cases forecast separately and joined."""

from __future__ import annotations

import numpy as np
import pytest

from zopa.forecast import ForecastInput, ForecastResult, run, run_cases


def _cases():
    a = ForecastInput(("A", "B"), ("x",), [[0.0], [10.0]], [[1.0], [1.0]], [1.0, 3.0], meta={"prnr": "p1"})
    b = ForecastInput(("A", "C"), ("y", "z"), [[0.0, 100.0], [60.0, 0.0]], [[1.0, 0.5], [0.5, 1.0]],
                      [1.0, 1.0], meta={"prnr": "p2"})
    return a, b


def test_compromise_by_hand_and_keys_from_meta():
    a, b = _cases()
    res = run_cases([a, b], "compromise")
    # x: (1*0 + 3*10) / 4 = 7.5; y: (1*0 + .5*60) / 1.5 = 20; z: (.5*100 + 1*0) / 1.5 = 33.33
    assert res.forecast.to_dict() == pytest.approx({"x": 7.5, "y": 20.0, "z": 100 / 3})
    assert res.actors == ("A", "B", "C") and res.issues == ("x", "y", "z")
    # A's two entries come from two cases; B is absent from y and z
    assert res.to_json()["rounds"][0]["positions"] == {"A": {"x": 0.0, "y": 0.0, "z": 100.0},
                                                        "B": {"x": 10.0}, "C": {"y": 60.0, "z": 0.0}}


def test_shorter_case_keeps_its_last_state():
    a, b = _cases()
    ra = ForecastResult.from_arrays("m", a, a.position[None], np.array([[5.0]]))
    pos_b = np.stack([b.position, b.position + 1, b.position + 2])
    rb = ForecastResult.from_arrays("m", b, pos_b, np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
                                    tables={"t": b.to_frame()}, params={"k": 2, "same": 1})
    ra = ForecastResult(ra.model, ra.actors, ra.issues, ra.rounds, ra.by_round, ra.forecast,
                        {"t": a.to_frame()}, {"k": 1, "same": 1})
    res = ForecastResult.concat([ra, rb], ["p1", "p2"], key="proposal")
    assert res.n_rounds == 3
    assert res.positions(2).loc["B", "x"] == 10.0            # held from round 0
    assert res.positions(2).loc["C", "y"] == 62.0
    assert res.by_round[res.by_round["issue"] == "x"]["forecast"].tolist() == [5.0, 5.0, 5.0]
    assert res.tables["t"].columns[0] == "proposal"
    assert res.tables["t"]["proposal"].tolist() == ["p1", "p1", "p2", "p2", "p2", "p2"]
    assert res.params == {"k": [1, 2], "same": 1}


def test_all_matches_running_each_case_alone():
    a, b = _cases()
    joined = run_cases([a, b], "all", rounds=2)
    for res in joined:
        alone = [run(c, res.model, **({"rounds": 2} if res.model in ("bdm", "smp", "exchange") else {}))
                 for c in (a, b)]
        expected = np.concatenate([r.forecast.to_numpy() for r in alone])
        np.testing.assert_allclose(res.forecast.to_numpy(), expected)


def test_errors():
    a, b = _cases()
    with pytest.raises(ValueError, match="model must be one of"):
        run_cases([a, b], "delphi")
    with pytest.raises(ValueError, match="distinct issue names"):
        run_cases([a, a], "compromise")
    with pytest.raises(ValueError, match="at least one case"):
        run_cases([], "compromise")
