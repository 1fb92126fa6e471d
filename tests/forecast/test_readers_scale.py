"""Saliences (and Decide's powers) on 0..1 or on 0..100, never both in one file."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import zopa.cli
from zopa.errors import DataFileError
from zopa.forecast import read_bdm_csv, read_decide, read_eum_tsv, read_ktab_csv


def _decide(tmp_path, name, rows):
    """A Decide file: actors a, b, c on issue x (0..100); rows are (position, salience, power)."""
    lines = ["'#A'\t'a'\t'a'\t''", "'#A'\t'b'\t'b'\t''", "'#A'\t'c'\t'c'\t''", "'#P'\t'x'\t'x'\t''",
             "'#M'\t'x'\t0", "'#M'\t'x'\t100"]
    lines += [f"'#D'\t'{a}'\t'x'\t{x}\t{s}\t{c}" for a, (x, s, c) in zip("abc", rows, strict=True)]
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n")
    return p


def test_decide_one_salience_on_the_other_scale_is_an_error(tmp_path):
    p = _decide(tmp_path, "mixed.tsv", [(10, 0.8, 0.5), (50, 0.4, 0.5), (90, 7, 0.5)])
    with pytest.raises(DataFileError) as err:
        read_decide(p)
    msg = str(err.value)
    # the 7 is on line 9 (6 declaration rows, then a, b, c), field 5
    assert f"{p}:9:5: #D c/x.salience: salience 7 on a 0..1 scale; saliences must be all 0..1 or all 0..100" in msg
    assert "e.g. 0.8 on line 7" in msg


def test_decide_fraction_in_a_0_100_file_is_an_error(tmp_path):
    p = _decide(tmp_path, "mixed2.tsv", [(10, 80, 50), (50, 60, 50), (90, 0.5, 50)])
    with pytest.raises(DataFileError, match=r"mixed2.tsv:9:5: #D c/x.salience: salience 0.5 on a 0..100 scale"):
        read_decide(p)


def test_decide_mixed_powers(tmp_path):
    p = _decide(tmp_path, "pw.tsv", [(10, 0.8, 0.2), (50, 0.4, 0.3), (90, 0.6, 30)])
    with pytest.raises(DataFileError, match=r"pw.tsv:9:6: #D c/x.power: power 30 on a 0..1 scale"):
        read_decide(p)


def test_decide_wholly_on_0_100_matches_0_1(tmp_path):
    hundred = read_decide(_decide(tmp_path, "h.tsv", [(10, 80, 50), (50, 40, 20), (90, 100, 30)]))
    unit = read_decide(_decide(tmp_path, "u.tsv", [(10, 0.8, 0.5), (50, 0.4, 0.2), (90, 1, 0.3)]))
    assert hundred.salience[:, 0].tolist() == pytest.approx([0.8, 0.4, 1.0])
    assert hundred.capability.tolist() == pytest.approx([0.5, 0.2, 0.3])
    assert unit.salience[:, 0].tolist() == pytest.approx([0.8, 0.4, 1.0])
    # 0 and 1 fit either scale: a 0..100 file may hold them
    ok = read_decide(_decide(tmp_path, "z.tsv", [(10, 80, 50), (50, 1, 20), (90, 0, 30)]))
    assert ok.salience[:, 0].tolist() == pytest.approx([0.8, 0.01, 0.0])


def test_bdm_csv_and_eum_tsv(tmp_path):
    p = tmp_path / "mixed.csv"
    p.write_text("Actor,Capability,Position,Salience\nA,0.5,4,0.8\nB,0.3,7,0.4\nC,0.2,10,7\n")
    with pytest.raises(DataFileError) as err:
        read_bdm_csv(p)
    assert f"{p}:4:4: C.salience: salience 7 on a 0..1 scale; saliences must be all 0..1 or all 0..100" in str(err.value)
    q = tmp_path / "mixed.tsv"
    q.write_text("Name\tx\tc\ts\nA\t4\t0.5\t80\nB\t7\t0.3\t0.4\nC\t10\t0.2\t60\n")
    with pytest.raises(DataFileError, match=r"mixed.tsv:3:4: B.salience: salience 0.4 on a 0..100 scale"):
        read_eum_tsv(q)
    ok = tmp_path / "ok.csv"
    ok.write_text("Actor,Capability,Position,Salience\nA,0.5,4,80\nB,0.3,7,40\nC,0.2,10,70\n")
    assert read_bdm_csv(ok).salience[:, 0].tolist() == pytest.approx([0.8, 0.4, 0.7])


def test_ktab_keeps_its_fixed_0_100_scale(tmp_path):
    """KTAB's format is 0..100 by definition: no guessing, every salience divided by 100."""
    p = tmp_path / "k.csv"
    p.write_text("S,d,3,1,\nActor,Desc,Power,X Position,X Salience,\nA,a,10,20,0.5,\nB,b,30,80,40,\nC,c,5,50,100,\n")
    assert read_ktab_csv(p).salience[:, 0].tolist() == pytest.approx([0.005, 0.4, 1.0])


def test_cli_exits_2_naming_file_line_and_field(tmp_path):
    p = _decide(tmp_path, "mixed.tsv", [(10, 0.8, 0.5), (50, 0.4, 0.5), (90, 7, 0.5)])
    r = CliRunner().invoke(zopa.cli.load_commands(), ["forecast", str(p)])
    assert r.exit_code == 2, r.output
    assert "mixed.tsv:9:5" in r.output and "salience 7 on a 0..1 scale" in r.output
    assert "Traceback" not in r.output
