"""Reading every dataset by name."""

from __future__ import annotations

import pytest

from zopa.history import citation, episodes, read, to_episodes
from zopa.history.episodes import EPISODE_COLUMNS


@pytest.mark.parametrize("name", ["ucdp-termination", "ucdp-termination-dyad", "ucdp-acd", "ucdp-peace-agreements",
                                  "cow-interstate", "cow-intrastate", "icb", "icb-actors"])
def test_every_dataset_gives_an_episode_table(name, conflict_dir):
    ep = episodes(name, conflict_dir)
    assert list(ep.columns[: len(EPISODE_COLUMNS)]) == EPISODE_COLUMNS
    assert (ep["duration_days"] >= 0).all() and ep["dataset"].eq(name).all()
    assert ep.attrs["dataset"] == name and ep["episode_id"].is_unique
    assert citation(name)


def test_to_episodes_is_the_pure_half_of_episodes():
    rows = read("ucdp-termination")
    assert to_episodes(rows, "ucdp-termination").equals(episodes("ucdp-termination"))
