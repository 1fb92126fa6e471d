"""The Parquet store: atomic parts, the manifest, and what readers may see."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from zopa.errors import InputError
from zopa.sweep.store import (
    atomic_write,
    clean_temporary,
    decode_part,
    encode_part,
    part_files,
    part_info,
    part_name,
    read_manifest,
    write_manifest,
)


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "part-00000.parquet"
    atomic_write(target, b"first")
    atomic_write(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["part-00000.parquet"]


def test_only_complete_part_names_are_listed(tmp_path):
    for name in ["part-00001.parquet", "part-00000.parquet", ".part-00002.parquet.tmp-77",
                 "monthly-00000.parquet", "part-x.parquet", "notes.txt"]:
        (tmp_path / name).write_bytes(b"")
    assert list(part_files(tmp_path)) == [0, 1]
    assert list(part_files(tmp_path, "monthly")) == [0]
    assert clean_temporary(tmp_path) == 1
    assert not (tmp_path / ".part-00002.parquet.tmp-77").exists()


def test_part_names_by_table():
    assert part_name("results", 7) == "part-00007.parquet"
    assert part_name("monthly", 123456, width=6) == "monthly-123456.parquet"
    for bad in ("part", "Monthly", "1x", "a-b"):
        with pytest.raises(ValueError, match="table names"):
            part_name(bad, 0)


def test_parts_carry_their_identity_in_the_parquet_metadata(tmp_path):
    table = pa.table({"world": [4, 5, 6], "y": [0.1, 0.2, 0.3]})
    data = encode_part(table, {"identity": "abc", "index": 2, "world_start": 4, "world_stop": 7, "table": "results"})
    assert decode_part(data).equals(table)
    path = tmp_path / "part-00002.parquet"
    path.write_bytes(data)
    info = part_info(path)
    assert info == {"identity": "abc", "index": 2, "world_start": 4, "world_stop": 7, "table": "results", "rows": 3}
    path.write_bytes(data[: len(data) // 2])
    assert part_info(path) is None


def test_manifest_round_trip_and_errors(tmp_path):
    assert read_manifest(tmp_path) is None
    write_manifest(tmp_path, {"format": "zopa-sweep/1", "x": 1})
    assert read_manifest(tmp_path)["x"] == 1
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(InputError, match="cannot read the sweep manifest"):
        read_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "other"}))
    with pytest.raises(InputError, match="not a zopa sweep manifest"):
        read_manifest(tmp_path)
