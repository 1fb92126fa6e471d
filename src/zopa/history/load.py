"""Entry points that read a dataset by name: :func:`read`, :func:`episodes`, :func:`citation`.

These are the only functions of :mod:`zopa.history` that touch files.  UCDP datasets ship inside
zopa and are read from the package unless ``data_dir`` is given; COW and ICB need
``data_dir`` (a folder holding the providers' files).

Examples
--------
>>> ep = episodes("ucdp-termination")
>>> len(ep), int(ep["ended"].sum())
(581, 525)
>>> citation("ucdp-termination")[:13]
'Kreutz, Joaki'
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from zopa.history import cow, icb, ucdp
from zopa.history._files import DATASETS, dataset_info, locate

_READERS: dict[str, Callable] = {
    "ucdp-termination": lambda src: ucdp.read_termination(src, "conflict"),
    "ucdp-termination-dyad": lambda src: ucdp.read_termination(src, "dyad"),
    "ucdp-acd": ucdp.read_acd,
    "ucdp-peace-agreements": ucdp.read_peace_agreements,
    "cow-interstate": cow.read_interstate,
    "cow-intrastate": cow.read_intrastate,
    "icb": icb.read_crises,
    "icb-actors": icb.read_actors,
}

_EPISODES: dict[str, Callable] = {
    "ucdp-termination": ucdp.termination_episodes,
    "ucdp-termination-dyad": ucdp.termination_episodes,
    "ucdp-acd": ucdp.acd_episodes,
    "ucdp-peace-agreements": ucdp.agreement_episodes,
    "cow-interstate": cow.interstate_episodes,
    "cow-intrastate": cow.intrastate_episodes,
    "icb": icb.crisis_episodes,
    "icb-actors": icb.actor_episodes,
}


def read(dataset: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Read a dataset's file and return its rows with dates converted and codes decoded.

    Parameters
    ----------
    dataset : str
        One of ``ucdp-termination``, ``ucdp-termination-dyad``, ``ucdp-acd``,
        ``ucdp-peace-agreements``, ``cow-interstate``, ``cow-intrastate``, ``icb``,
        ``icb-actors``.
    data_dir : path, optional
        Folder holding the providers' files.  Without it the UCDP files shipped with zopa are
        used; COW and ICB then raise :class:`zopa.errors.DataFileError`.

    Returns
    -------
    pandas.DataFrame
        The file's rows (same order, so row ``i`` is line ``i + 2``), with extra decoded
        columns; ``attrs["source"]`` names the file read.
    """
    dataset_info(dataset)
    return _READERS[dataset](locate(dataset, data_dir))


def episodes(dataset: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Read a dataset and return its episode table (see :mod:`zopa.history.episodes`)."""
    rows = read(dataset, data_dir)
    return _EPISODES[dataset](rows, censor_date=DATASETS[dataset].censor_date)


def to_episodes(rows: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """The episode table of rows already read by :func:`read` (pure)."""
    dataset_info(dataset)
    return _EPISODES[dataset](rows, censor_date=DATASETS[dataset].censor_date)


def citation(dataset: str) -> str:
    """How to cite ``dataset`` (the provider's dataset paper or book)."""
    return dataset_info(dataset).citation
