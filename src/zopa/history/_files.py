"""Where the conflict datasets live, and reading their CSV files with clear errors.

UCDP files ship inside the package (CC BY 4.0, see ``data/README.md``); COW and ICB files are
read from a folder the user gives.  Every problem with a file raises
:class:`zopa.errors.DataFileError` naming the file, the line and the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from zopa.errors import DataFileError, Problem


@dataclass(frozen=True)
class Dataset:
    """One dataset zopa can read.

    Attributes
    ----------
    name : str
        The name used by ``zopa.history.read`` and ``zopa baserates --dataset``.
    title : str
        The provider's name and version.
    files : tuple of str
        File names accepted in a data folder, first the one shipped or expected.
    shipped : bool
        True when the file ships inside zopa (UCDP, CC BY 4.0).
    censor_date : str
        Last day the data cover; episodes still running then are right-censored there.
    unit : str
        What one episode is (conflict episode, war, crisis, agreement).
    citation : str
        How to cite it.
    """

    name: str
    title: str
    files: tuple[str, ...]
    shipped: bool
    censor_date: str
    unit: str
    citation: str


_KREUTZ = (
    "Kreutz, Joakim (2010). How and when armed conflicts end: Introducing the UCDP Conflict "
    "Termination dataset. Journal of Peace Research 47(2): 243-250. UCDP data, CC BY 4.0."
)
_GLEDITSCH = (
    "Gleditsch, Nils Petter; Peter Wallensteen, Mikael Eriksson, Margareta Sollenberg & Havard "
    "Strand (2002). Armed conflict 1946-2001: A new dataset. Journal of Peace Research 39(5): "
    "615-637; UCDP/PRIO Armed Conflict Dataset v25.1. UCDP data, CC BY 4.0."
)
_PETTERSSON = (
    "Pettersson, Therese; Stina Hogbladh & Magnus Oberg (2019). Organized violence, 1989-2018 "
    "and peace agreements. Journal of Peace Research 56(4): 589-603. UCDP data, CC BY 4.0."
)
_COW = (
    "Sarkees, Meredith Reid & Frank Wayman (2010). Resort to War: 1816-2007. Washington DC: "
    "CQ Press. Correlates of War Project, correlatesofwar.org."
)
_ICB = (
    "Brecher, Michael; Jonathan Wilkenfeld et al. International Crisis Behavior Project, "
    "version 14. icb.umd.edu."
)

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in [
        Dataset("ucdp-termination", "UCDP Conflict Termination v3-2021, conflict level",
                ("ucdp-term-acd-3-2021.csv",), True, "2020-12-31", "conflict episode", _KREUTZ),
        Dataset("ucdp-termination-dyad", "UCDP Conflict Termination v3-2021, dyad level",
                ("ucdp-term-dyad-3-2021.csv",), True, "2020-12-31", "dyad episode", _KREUTZ),
        Dataset("ucdp-acd", "UCDP/PRIO Armed Conflict Dataset v25.1",
                ("ucdp-prio-acd-251.csv",), True, "2024-12-31", "conflict episode", _GLEDITSCH),
        Dataset("ucdp-peace-agreements", "UCDP Peace Agreement Dataset v22.1",
                ("ucdp-peace-agreements-221.csv",), True, "2021-12-31", "agreement", _PETTERSSON),
        Dataset("cow-interstate", "Correlates of War Inter-State War Data v4.0",
                ("cow_inter_state_war_v4.0.csv", "Inter-StateWarData_v4.0.csv"), False,
                "2007-12-31", "war", _COW),
        Dataset("cow-intrastate", "Correlates of War Intra-State War Data v4.1",
                ("cow_intra_state_war_v4.1.csv", "Intra-StateWarData_v4.1.csv"), False,
                "2007-12-31", "war", _COW),
        Dataset("icb", "International Crisis Behavior v14, system level",
                ("icb1v14.csv",), False, "2017-12-31", "crisis", _ICB),
        Dataset("icb-actors", "International Crisis Behavior v14, actor level",
                ("icb2v14.csv",), False, "2017-12-31", "actor in a crisis", _ICB),
    ]
}


def _plain(x):
    """A cell value as the file has it (``77``, not numpy's ``np.int64(77)``) for messages."""
    return x.item() if hasattr(x, "item") else x


def dataset_info(name: str) -> Dataset:
    """The :class:`Dataset` called ``name``; ValueError naming the choices otherwise."""
    try:
        return DATASETS[name]
    except KeyError:
        raise ValueError(
            f"dataset must be one of {', '.join(DATASETS)}; got {name!r}"
        ) from None


def locate(name: str, data_dir: str | Path | None = None):
    """Find the file of dataset ``name``: in ``data_dir`` if given, else inside zopa.

    Returns a :class:`pathlib.Path` or an importlib resource (both have ``.name`` and
    ``.open('rb')``).  Raises :class:`DataFileError` when the file cannot be found.
    """
    ds = dataset_info(name)
    if data_dir is None:
        if not ds.shipped:
            raise DataFileError([Problem(
                f"<{name}>", None, None, "",
                f"{ds.title} is not shipped with zopa (no open licence was found for it)",
                f"download it and give its folder with --data DIR (expected file: {ds.files[0]})",
            )])
        return resources.files("zopa.history").joinpath("data").joinpath(ds.files[0] + ".gz")
    folder = Path(data_dir)
    if not folder.is_dir():
        raise DataFileError([Problem(str(folder), None, None, "", "no such folder",
                                     "--data must name the folder holding the providers' files")])
    for fname in ds.files:
        for candidate in (folder / fname, folder / (fname + ".gz")):
            if candidate.is_file():
                return candidate
    raise DataFileError([Problem(
        str(folder), None, None, "", f"no file for dataset {name!r} ({ds.title}) in this folder",
        f"expected one of: {', '.join(ds.files)} (or the same name with .gz)",
    )])


_LINE = re.compile(r"line (\d+)")


def read_csv(source, na_values: Iterable[str] = ()) -> tuple[pd.DataFrame, str]:
    """Read a CSV file (plain or .gz; UTF-8 with or without BOM, else Latin-1).

    Returns the frame (default RangeIndex, so row ``i`` is on line ``i + 2``) and the file's
    display name.  Unreadable files raise :class:`DataFileError` with the line when known.
    """
    display = str(source) if isinstance(source, Path) else f"zopa/history/data/{source.name}"
    compression = "gzip" if source.name.endswith(".gz") else None
    last: Exception | None = None
    for encoding in ("utf-8-sig", "latin-1"):
        try:
            with source.open("rb") as fh:
                df = pd.read_csv(fh, compression=compression, encoding=encoding,
                                 na_values=list(na_values), low_memory=False)
            return df, display
        except UnicodeDecodeError as err:
            last = err
        except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError, EOFError) as err:
            m = _LINE.search(str(err))
            raise DataFileError([Problem(display, int(m.group(1)) if m else None, None, "",
                                         f"cannot read the CSV file: {err}")]) from None
    raise DataFileError([Problem(display, None, None, "", f"cannot decode the file: {last}")])


def require_columns(df: pd.DataFrame, columns: Iterable[str], file: str, title: str) -> None:
    """Raise :class:`DataFileError` listing every missing column."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataFileError([
            Problem(file, 1, None, c, "column missing from the header",
                    f"is this the {title} file?") for c in missing
        ])


def check_numeric(df: pd.DataFrame, columns: Iterable[str], file: str,
                  allowed: dict[str, Iterable[int]] | None = None) -> None:
    """Check that ``columns`` hold numbers (blank allowed), and codes in ``allowed`` if given.

    Raises :class:`DataFileError` with one problem per bad cell (at most 20).
    """
    problems: list[Problem] = []
    allowed = allowed or {}
    for col in columns:
        raw = df[col]
        num = pd.to_numeric(raw, errors="coerce")
        bad = num.isna() & raw.notna()
        if col in allowed:
            ok = set(allowed[col])
            bad |= num.notna() & ~num.isin(ok)
            hint = f"allowed codes: {', '.join(str(v) for v in sorted(ok))}"
        else:
            hint = "expected a number"
        for i in df.index[bad]:
            problems.append(Problem(file, int(i) + 2, None, col, f"bad value {_plain(raw[i])!r}", hint))
    if problems:
        raise DataFileError(problems[:20])
