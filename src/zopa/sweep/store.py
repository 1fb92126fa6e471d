"""The on-disk store of a sweep: Parquet parts and a manifest.

Layout of a sweep directory::

    DIR/manifest.json                 identity of the sweep, parts known complete, status
    DIR/parts/part-00000.parquet      the ``results`` table of batch 0
    DIR/parts/part-00001.parquet      ...
    DIR/parts/monthly-00000.parquet   an extra table (here ``monthly``) of batch 0, if any

A part file appears under its final name only once complete: it is written to a
hidden temporary file (``.part-00003.parquet.tmp-PID``), flushed, fsync'ed and
renamed with :func:`os.replace` (atomic on POSIX and Windows).  So ``parts/part-*.parquet`` never matches a partial
file, whoever reads it (zopa, DuckDB, pandas) and whenever.  Extra tables of a
batch are written before its ``part-`` file, which is the batch's commit
marker.  Each part carries its batch index, world range and the sweep's
identity hash in its Parquet metadata (key ``zopa.sweep``).

The part files are authoritative; the manifest's list of complete parts is
rewritten at most about once a second and at the end, and is reconciled with
the files on ``resume``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from zopa.errors import InputError, Problem

__all__ = [
    "FORMAT", "MANIFEST", "atomic_write", "part_name", "table_prefix", "read_manifest",
    "write_manifest", "part_files", "part_info", "encode_part", "clean_temporary",
]

FORMAT = "zopa-sweep/1"
MANIFEST = "manifest.json"
META_KEY = b"zopa.sweep"
_TABLE = re.compile(r"^[a-z][a-z0-9_]*$")


def table_prefix(table: str) -> str:
    """File-name prefix of a table's parts: ``part`` for ``results``, else the table name."""
    if table == "results":
        return "part"
    if not _TABLE.match(table) or table == "part":
        raise ValueError(
            f"table names must match {_TABLE.pattern} and not be 'part', got {table!r}"
        )
    return table


def part_name(table: str, index: int, width: int = 5) -> str:
    """``part-00003.parquet`` (results) or ``monthly-00003.parquet``.

    Examples
    --------
    >>> part_name("results", 3), part_name("monthly", 12, width=6)
    ('part-00003.parquet', 'monthly-000012.parquet')
    """
    return f"{table_prefix(table)}-{index:0{width}d}.parquet"


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, sync_dir: bool = False) -> None:
    """Write ``data`` to ``path`` so that ``path`` is never seen incomplete.

    The data is fsync'ed before the rename, so that even after a power cut the final
    name never holds a truncated file.  The directory is fsync'ed only when asked:
    a rename lost in a power cut merely loses a part, which ``resume`` recomputes.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    if sync_dir:
        _fsync_dir(path.parent)


def clean_temporary(parts_dir: Path) -> int:
    """Delete temporary files left by an interrupted writer; return how many."""
    n = 0
    if parts_dir.is_dir():
        for p in parts_dir.glob(".*.tmp-*"):
            p.unlink(missing_ok=True)
            n += 1
    return n


def read_manifest(root: Path) -> dict[str, Any] | None:
    """The manifest of a sweep directory, or None when there is none.

    Raises
    ------
    InputError
        When the file exists but is not a zopa sweep manifest.
    """
    path = Path(root) / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as err:
        raise InputError([Problem(str(path), None, None, "", f"cannot read the sweep manifest: {err}")]) from err
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(
            [Problem(str(path), None, None, "format", f"not a zopa sweep manifest (expected format {FORMAT!r})")]
        )
    return manifest


def write_manifest(root: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically."""
    atomic_write(Path(root) / MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode(), sync_dir=True)


def part_files(parts_dir: Path, table: str = "results") -> dict[int, Path]:
    """The complete part files of a table, by batch index."""
    prefix = table_prefix(table)
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)\.parquet$")
    out: dict[int, Path] = {}
    if parts_dir.is_dir():
        for p in parts_dir.iterdir():
            m = pattern.match(p.name)
            if m:
                out[int(m.group(1))] = p
    return dict(sorted(out.items()))


def part_info(path: Path) -> dict[str, Any] | None:
    """The zopa metadata and row count of a part file, or None if it is unreadable."""
    try:
        meta = pq.read_metadata(path)
        kv = meta.metadata or {}
        info = json.loads(kv[META_KEY])
    except Exception:  # noqa: BLE001 - any unreadable file is simply not a valid part
        return None
    info["rows"] = meta.num_rows
    return info


def encode_part(table: pa.Table, info: dict[str, Any], compression: str = "zstd") -> bytes:
    """A Parquet file's bytes with ``info`` in its metadata (key ``zopa.sweep``).

    Dictionary encoding is used for every column but floating-point ones: sampled and
    computed floats rarely repeat, and trying to dictionary-encode them costs more
    time than the whole compression.
    """
    meta = dict(table.schema.metadata or {})
    meta.pop(b"pandas", None)
    meta[META_KEY] = json.dumps(info, sort_keys=True).encode()
    table = table.replace_schema_metadata(meta)
    dictionary = [f.name for f in table.schema if not pa.types.is_floating(f.type)]
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression=compression, use_dictionary=dictionary)
    return sink.getvalue().to_pybytes()


def decode_part(data: bytes, columns: list[str] | None = None) -> pa.Table:
    """The table in a part's bytes."""
    return pq.read_table(pa.BufferReader(data), columns=columns)


def iter_part_tables(
    paths: list[Path], columns: list[str] | None = None
) -> Iterator[pa.Table]:
    """Read part files one at a time."""
    for p in paths:
        yield pq.read_table(p, columns=columns)
