"""zopa's ensemble and the entry point run()."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from zopa.forecast import ForecastInput, compromise, ensemble, exchange, read, run, smp


@pytest.fixture(scope="module")
def sample(fdata):
    return read(fdata / "decide" / "sample_data.tsv")


def test_ensemble_is_the_mean_of_its_members_on_dampened_capabilities(sample):
    damp = replace(sample, capability=np.sqrt(sample.capability))
    expected = (compromise(damp).forecast + exchange(damp).forecast + smp(damp).forecast) / 3
    np.testing.assert_allclose(ensemble(sample).forecast.to_numpy(), expected.to_numpy())


def test_power_one_single_member_is_the_compromise(sample):
    got = ensemble(sample, power=1.0, members=("compromise",)).forecast
    np.testing.assert_allclose(got.to_numpy(), compromise(sample).forecast.to_numpy())


def test_ensemble_arguments(sample):
    with pytest.raises(ValueError, match="power"):
        ensemble(sample, power=-1)
    with pytest.raises(ValueError, match="members"):
        ensemble(sample, members=("ensemble",))


def test_run_all_and_errors():
    inp = ForecastInput(("A", "B", "C"), ("x", "y"), [[0.0, 10.0], [50.0, 60.0], [100.0, 90.0]],
                        [[1.0, 0.5], [0.5, 0.5], [0.5, 1.0]], [1.0, 2.0, 1.0], bounds=[[0, 100], [0, 100]])
    out = run(inp, "all", rounds=3)
    assert [r.model for r in out] == ["compromise", "median", "nash", "bdm", "smp", "exchange", "ensemble"]
    assert out[3].n_rounds == 4 and out[5].n_rounds == 4
    assert all(np.all(np.isfinite(r.forecast)) for r in out)
    with pytest.raises(ValueError, match="model must be one of"):
        run(inp, "delphi")
