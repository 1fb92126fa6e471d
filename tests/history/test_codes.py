"""Code tables and date helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from zopa.history.codes import DAYS_PER_MONTH, UCDP_OUTCOME, decode, excel_date, months, parse_dates


def test_excel_serial_17004_is_21_july_1946_as_the_data_readme_says():
    assert excel_date([17004])[0] == pd.Timestamp("1946-07-21")


def test_excel_day_zero_is_30_december_1899_and_nan_is_nat():
    out = excel_date([0, np.nan])
    assert out[0] == pd.Timestamp("1899-12-30")
    assert pd.isna(out[1])


def test_parse_dates_mixes_serials_iso_and_free_text_with_the_first_date():
    out = parse_dates([44196, "2022-02-24", "2006-04-27 (unilateral); 2006-05-03 (bilateral)", ".", None, "n/a"])
    assert list(out[:3]) == [pd.Timestamp("2020-12-31"), pd.Timestamp("2022-02-24"), pd.Timestamp("2006-04-27")]
    assert out[3:].isna().all()


def test_ucdp_outcome_codes_follow_the_termination_codebook():
    assert [UCDP_OUTCOME[k] for k in range(1, 7)] == [
        "peace_agreement", "ceasefire", "victory_side_a", "victory_side_b", "low_activity", "actor_ceased"]


def test_decode_keeps_the_index_and_maps_unknown_codes_to_missing():
    s = pd.Series([2, 9, None], index=[10, 11, 12])
    out = decode(s, UCDP_OUTCOME, missing="unknown")
    assert out.to_dict() == {10: "ceasefire", 11: "unknown", 12: "unknown"}


def test_a_year_is_twelve_months():
    assert months(365.2425) == 12.0
    assert np.allclose(months(np.array([DAYS_PER_MONTH, 0.0])), [1.0, 0.0])
