"""The public contract of zopa.theory: names, scalar/array behaviour, errors, import cost."""

import subprocess
import sys

import numpy as np
import pytest

import zopa.theory as theory

# name -> (scalar arguments, names of the tuple fields or None for a single value)
CONTRACT = {
    "fearon_range": ((0.6, 0.1, 0.15), ("lo", "hi")),
    "risk_return": ((0.5, 0.1, 0.3), ("demand", "p_war")),
    "rubinstein_share": ((0.9, 0.8), None),
    "rubinstein_rates": ((0.1, 0.2), None),
    "fixed_cost_share": ((0.1, 0.2), None),
    "deadline_share": ((0.9, 0.8, 5), None),
    "breakdown_share": ((0.3, 0.2, 0.1), None),
    "outside_option_share": ((0.5, 0.8, 0.1, 0.1), None),
    "commitment_war": ((0.6, 0.5, 0.9, 0.1), None),
    "critical_shift": ((0.6, 0.9, 0.1), None),
    "attrition": (
        (1.0, 2.0, 0.1, 0.2),
        ("hazard1", "hazard2", "expected_duration", "p1_concedes_first"),
    ),
    "attrition_delay": ((1.0, 0.5), None),
    "attrition_time": ((0.2, 1.0, 0.5), None),
    "screening": ((1.0, 0.4, 0.5, 0.6), ("first_offer", "screens")),
    "battle_update": ((0.5, 0.7, 0.3, True), None),
    "mediator_threshold": ((0.6, 0.4, 0.2, 0.3, 0.3), None),
    "reference_utility": ((0.5, 0.4), None),
}


def _parts(result, fields):
    return [getattr(result, f) for f in fields] if fields else [result]


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_scalars_in_python_scalars_out(name):
    args, fields = CONTRACT[name]
    result = getattr(theory, name)(*args)
    if fields:
        assert tuple(result._fields[: len(fields)]) == fields
    for part in _parts(result, fields):
        assert isinstance(part, (float, bool)), (name, type(part))


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_arrays_in_arrays_out_elementwise(name):
    args, fields = CONTRACT[name]
    func = getattr(theory, name)
    stacked = [np.array([a, a, a]) for a in args]  # the first argument as an array
    vector = func(stacked[0], *args[1:])
    for part, single in zip(_parts(vector, fields), _parts(func(*args), fields), strict=True):
        assert isinstance(part, np.ndarray) and part.shape == (3,)
        np.testing.assert_array_equal(part, np.full(3, single))


def test_all_names_are_exported():
    for name in [
        *CONTRACT,
        "posterior_sincere",
        "alternating_offers",
        "fixed_cost_bounds",
        "ratchet",
    ]:
        assert name in theory.__all__ and callable(getattr(theory, name))


def test_bad_arguments_name_the_argument_and_range():
    with pytest.raises(ValueError, match=r"delta2 must lie in \[0, 1\], got 1.5"):
        theory.rubinstein_share(0.9, 1.5)
    with pytest.raises(ValueError, match="p must be finite"):
        theory.fearon_range(float("nan"), 0.1, 0.1)
    with pytest.raises(ValueError, match="real number"):
        theory.rubinstein_share("high", 0.9)
    with pytest.raises(ValueError, match="do not broadcast"):
        theory.rubinstein_share(np.zeros(2) + 0.5, np.zeros(3) + 0.5)


def test_import_needs_only_numpy():
    code = "import sys, zopa.theory; print(sorted({'scipy', 'pandas', 'matplotlib'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
