"""Readers of KTAB, Decide, BDM/EUM and DEU files; clear file:line errors on malformed files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zopa.errors import DataFileError
from zopa.forecast import read, read_decide, read_deu, read_ktab_csv, read_ktab_xml
from zopa.forecast.readers import sniff


@pytest.mark.parametrize("rel, fmt, shape", [
    ("ktab/dummyData_3Dim.csv", "ktab", (7, 3)),
    ("ktab/dummyData_3Dim-no-final-comma.csv", "ktab", (7, 3)),
    ("ktab/dummyData_3Dim.xml", "ktab", (7, 3)),
    ("ktab/SOE-Pol-Comp.csv", "ktab", (13, 2)),
    ("decide/sample_data.tsv", "decide", (10, 6)),
    ("decide/cop21.tsv", "decide", (15, 13)),
    ("bdm/emission_standards_bdm1994.csv", "bdm", (10, 1)),
    ("bdm/china1989_dmasad.csv", "bdm", (24, 1)),
    ("bdm/eum_iranian-election.tsv", "bdm", (8, 1)),
    ("deu/deu3_train.tsv", "deu", (30, 239)),
])
def test_reads_the_shared_files(fdata, rel, fmt, shape):
    assert sniff(fdata / rel) == fmt
    inp = read(fdata / rel)
    assert inp.position.shape == shape
    assert np.nanmax(inp.salience) <= 1


def test_ktab_values(fdata):
    inp = read_ktab_csv(fdata / "ktab/dummyData_3Dim.csv")
    assert inp.actors[0] == "SActor-00" and inp.capability[0] == pytest.approx(102.543)
    assert inp.position[2, 2] == pytest.approx(0.07) and inp.salience[0, 0] == pytest.approx(0.4953)
    xml = read_ktab_xml(fdata / "ktab/dummyData_3Dim.xml")
    np.testing.assert_allclose(xml.position, inp.position)
    assert xml.meta["seed"] == "03707583219545544125"


def test_decide_values(fdata):
    inp = read_decide(fdata / "decide/sample_data.tsv")
    k = inp.issues.index("tol-hoogte")
    assert tuple(inp.bounds[k]) == (0.5, 7.0)
    assert inp.position[inp.actors.index("Willems"), k] == 3.0


def test_deu_conventions(fdata):
    cases = read_deu(fdata / "deu/deu3_train.tsv")
    assert len(cases) == 239
    first = cases[0]                      # d00032i1: Bulgaria etc. have no position, so are absent
    assert first.issues == ("d00032i1",) and "bu" not in first.actors
    assert first.outcome[0] == 100.0 and first.reference[0] == 0.0
    assert first.capability[first.actors.index("com")] == 4.1
    equal = read_deu(fdata / "deu/deu3_train.tsv", capability="equal")
    assert np.all(equal[0].capability == 1.0)
    # a position without a salience gets 50 (0.5 on zopa's 0..1 scale)
    raw = pd.read_csv(fdata / "deu/deu3_train.tsv", sep="\t").iloc[1:]
    hit = next((r, a) for _, r in raw.iterrows() for a in ("cr", "cz", "ep", "de")
               if pd.notna(r["p" + a]) and pd.isna(r["s" + a]))
    case = next(c for c in cases if c.issues[0] == hit[0]["isnr"])
    assert case.salience[case.actors.index(hit[1]), 0] == 0.5
    assert not any(np.any(np.isnan(c.salience[c.present])) for c in cases)
    props = read_deu(fdata / "deu/deu3_train.tsv", by="proposal")
    assert len(props) == 94 and sum(c.n_issues for c in props) == 239


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_ktab_csv_errors_name_line_and_field(tmp_path):
    p = _write(tmp_path, "bad.csv", "S,d,2,1,\nActor,Desc,Power,X Position,X Salience,\nA,a,10,20,50,\nB,b,ten,80,140,\n")
    with pytest.raises(DataFileError) as err:
        read_ktab_csv(p)
    text = str(err.value)
    assert "bad.csv:4:3: B.capability: must be a number" in text
    p2 = _write(tmp_path, "bad2.csv", "S,d,2,1,\nActor,Desc,Power,X Position,X Salience,\nA,a,10,20,50,\nB,b,1,80,140,\n")
    with pytest.raises(DataFileError, match=r"bad2.csv:4: B.X.salience: must be within 0..100"):
        read_ktab_csv(p2)
    p3 = _write(tmp_path, "bad3.csv", "S,d,3,1,\nActor,Desc,Power,X Position,X Salience,\nA,a,10,20,50,\n")
    with pytest.raises(DataFileError, match="declares 3 actors"):
        read_ktab_csv(p3)


def test_ktab_xml_errors(fdata):
    with pytest.raises(DataFileError, match=r"smpExample.xml:32:9: Alice.Position\[0\] \(FirstDim\): <dCoord> is empty"):
        read_ktab_xml(fdata / "ktab/smpExample.xml")
    with pytest.raises(DataFileError, match="reform-priority"):
        read_ktab_xml(fdata / "ktab/reformpri-ex01.xml")


def test_ktab_xml_not_well_formed(tmp_path):
    p = _write(tmp_path, "x.xml", "<Scenario>\n<Actors>\n</Scenario>\n")
    with pytest.raises(DataFileError, match=r"x.xml:3: not well-formed XML"):
        read_ktab_xml(p)


def test_decide_errors(tmp_path):
    p = _write(tmp_path, "d.tsv", "'#A'\t'a'\t'a'\t''\n'#P'\t'x'\t'x'\t''\n'#D'\t'a'\t'x'\t5\t0.5\t1\n'#D'\t'b'\t'x'\t5\t0.5\n")
    with pytest.raises(DataFileError) as err:
        read_decide(p)
    assert "d.tsv:4: #D: a data row needs actor, issue, position, salience and power" in str(err.value)
    p2 = _write(tmp_path, "d2.tsv", "'#A'\t'a'\t'a'\t''\n'#P'\t'x'\t'x'\t''\n'#D'\t'a'\t'y'\t5\t0.5\t1\n")
    with pytest.raises(DataFileError, match=r"d2.tsv:3: #D a/y: issue 'y' is not declared"):
        read_decide(p2)


def test_bdm_and_deu_errors(tmp_path):
    p = _write(tmp_path, "b.csv", "Actor,Capability,Position\nA,1,2\nB,1,3\n")
    with pytest.raises(DataFileError, match="no salience column"):
        read(p, format="bdm")
    p2 = _write(tmp_path, "deu.tsv", "prnr\tisnr\tpa\tsa\tpb\tsb\trp\tout\nd1\td1i1\t50\t50\t200\t10\t0\t40\n")
    with pytest.raises(DataFileError, match=r"deu.tsv:2:5: d1i1.pb: must be within 0..100"):
        read_deu(p2, capability="equal")
    with pytest.raises(DataFileError, match="no weights row"):
        read_deu(_write(tmp_path, "deu2.tsv", "prnr\tisnr\tpa\tsa\tpb\tsb\trp\tout\nd1\td1i1\t50\t50\t20\t10\t0\t40\n"))


def test_unknown_format(tmp_path):
    with pytest.raises(DataFileError, match="cannot tell the file's format"):
        read(_write(tmp_path, "z.txt", "hello world\n"))
    with pytest.raises(DataFileError, match="cannot read the file"):
        read(tmp_path / "missing.csv", format="ktab")
