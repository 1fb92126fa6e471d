"""Finding and reading the dataset files: clear errors naming file, line and field."""

from __future__ import annotations

import pytest

from zopa.errors import DataFileError
from zopa.history import DATASETS, read
from zopa.history._files import locate


def test_ucdp_datasets_ship_inside_zopa_and_cow_icb_do_not():
    shipped = {name for name, d in DATASETS.items() if d.shipped}
    assert shipped == {"ucdp-termination", "ucdp-termination-dyad", "ucdp-acd", "ucdp-peace-agreements"}
    for name in shipped:
        assert locate(name).name.endswith(".csv.gz")


@pytest.mark.parametrize("name", ["cow-interstate", "cow-intrastate", "icb", "icb-actors"])
def test_unshipped_dataset_without_data_dir_says_to_use_data(name):
    with pytest.raises(DataFileError) as err:
        read(name)
    assert "--data DIR" in str(err.value)


def test_folder_without_the_file_names_the_expected_files(tmp_path):
    with pytest.raises(DataFileError) as err:
        read("cow-interstate", tmp_path)
    text = str(err.value)
    assert str(tmp_path) in text and "cow_inter_state_war_v4.0.csv" in text


def test_missing_folder_is_reported(tmp_path):
    with pytest.raises(DataFileError, match="no such folder"):
        read("ucdp-termination", tmp_path / "nope")


def test_unknown_dataset_is_a_value_error_listing_the_choices():
    with pytest.raises(ValueError, match="cow-interstate"):
        read("cow-inter")


def test_providers_official_file_name_is_accepted(tmp_path, conflict_dir):
    (tmp_path / "Inter-StateWarData_v4.0.csv").write_bytes((conflict_dir / "cow_inter_state_war_v4.0.csv").read_bytes())
    assert len(read("cow-interstate", tmp_path)) == 337


def test_missing_column_names_the_column_on_line_1(tmp_path, conflict_dir):
    text = (conflict_dir / "cow_inter_state_war_v4.0.csv").read_text()
    (tmp_path / "cow_inter_state_war_v4.0.csv").write_text(text.replace('"Outcome"', '"Result"', 1))
    with pytest.raises(DataFileError) as err:
        read("cow-interstate", tmp_path)
    [problem] = err.value.problems
    assert (problem.line, problem.path) == (1, "Outcome")


def test_bad_code_names_its_line_and_field(tmp_path, conflict_dir):
    lines = (conflict_dir / "ucdp-term-acd-3-2021.csv").read_text().splitlines()
    cells = lines[4].split(",")
    header = lines[0].split(",")
    cells[header.index("outcome")] = "9"
    lines[4] = ",".join(cells)
    (tmp_path / "ucdp-term-acd-3-2021.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(DataFileError) as err:
        read("ucdp-termination", tmp_path)
    [problem] = err.value.problems
    assert (problem.file, problem.line, problem.path) == (str(tmp_path / "ucdp-term-acd-3-2021.csv"), 5, "outcome")
    assert "allowed codes: 1, 2, 3, 4, 5, 6" in str(problem)


def test_ragged_csv_reports_the_line(tmp_path):
    (tmp_path / "icb1v14.csv").write_text("a,b\n1,2\n3,4,5\n")
    with pytest.raises(DataFileError) as err:
        read("icb", tmp_path)
    assert err.value.problems[0].line == 3


def test_plain_csv_in_a_folder_reads_the_same_as_the_shipped_gzip(conflict_dir):
    shipped = read("ucdp-termination")
    plain = read("ucdp-termination", conflict_dir)
    assert shipped.equals(plain)


def test_a_bad_date_cell_is_quoted_as_in_the_file(tmp_path, conflict_dir):
    import pandas as pd

    src = conflict_dir / "cow_inter_state_war_v4.0.csv"
    df = pd.read_csv(src)
    df.loc[3, "StartMonth1"] = 77
    df.to_csv(tmp_path / src.name, index=False)
    with pytest.raises(DataFileError) as err:
        read("cow-interstate", tmp_path)
    [problem] = err.value.problems
    assert (problem.line, problem.path) == (5, "StartMonth1")
    assert problem.message == "bad value 77"  # not numpy's np.int64(77)


def test_baserates_says_what_a_median_not_reached_means():
    from typer.testing import CliRunner

    from zopa.cli import load_commands

    r = CliRunner().invoke(load_commands(), ["baserates", "--dataset", "ucdp-peace-agreements"])
    assert r.exit_code == 0 and "not reached" in r.stdout and "fewer than half" in r.stdout
