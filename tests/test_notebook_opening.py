"""The example notebook says how to open it, and Jupyter stays out of zopa's dependencies."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_the_notebook_opens_with_how_to_open_it():
    first = json.loads((ROOT / "examples" / "ukraine-2025.ipynb").read_text())["cells"][0]
    text = "".join(first["source"])
    assert first["cell_type"] == "markdown"
    assert "pip install jupyterlab" in text and "pip install notebook" in text
    assert "jupyter lab examples/ukraine-2025.ipynb" in text
    assert ".venv" in text  # into zopa's environment, where zopa is installed


def test_jupyter_is_not_a_dependency_of_zopa():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        wanted += extra
    names = {re.split(r"[\s\[<>=!~;]", w, maxsplit=1)[0].lower() for w in wanted}
    assert not names & {"jupyter", "jupyterlab", "notebook", "ipykernel"}
