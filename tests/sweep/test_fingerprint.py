"""Fingerprints of analysis parameters: stable across runs and processes."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import numpy as np
import pytest
from pydantic import BaseModel

from zopa.sweep.fingerprint import canonical, fingerprint


class Lever(BaseModel):
    name: str
    value: float


@dataclasses.dataclass
class Config:
    months: int
    dates: tuple[int, ...]


def test_equal_values_give_equal_fingerprints_and_different_values_differ():
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"a": np.arange(3)}) == fingerprint({"a": np.arange(3)})
    assert fingerprint({"a": np.arange(3)}) != fingerprint({"a": np.arange(3.0)})  # dtype counts
    assert fingerprint(Lever(name="aid", value=1)) != fingerprint(Lever(name="aid", value=2))
    assert fingerprint(Config(60, (12, 24))) == fingerprint(Config(60, (12, 24)))
    assert fingerprint(1) != fingerprint("1")
    assert canonical(float("nan")) == "nan"


def test_objects_without_a_stable_form_are_refused():
    with pytest.raises(TypeError, match="cannot fingerprint a object"):
        fingerprint({"x": object()})

    class Model:
        def fingerprint(self):
            return "v1"

    assert fingerprint(Model()) == fingerprint(Model())


def test_fingerprints_are_the_same_in_another_process():
    value = {"params": {"months": 60, "levers": [Lever(name="aid", value=2.5).model_dump()], "w": [0.1, 0.2]}}
    code = (
        "from zopa.sweep.fingerprint import fingerprint;"
        "print(fingerprint({'params': {'months': 60, 'levers': [{'name': 'aid', 'value': 2.5}], 'w': [0.1, 0.2]}}))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == fingerprint(value)
