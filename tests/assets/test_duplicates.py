"""The de-duplication rule of docs/adr/0051 (assets/duplicates.py), one case per rule."""

from __future__ import annotations

import numpy as np
import pandas as pd

from healthassets.assets.duplicates import COLUMNS, find_duplicates, name_words

COVERING = {"pharmacy": "pharmacy_ew", "gp": "gp_ew", "dentist": "dentist_ew", "library": "library_ew"}
ORDER = {"gp": 0, "pharmacy": 1, "dentist": 2, "library": 3, "foodbank": 4}  # GM layers first
ORDER |= {layer: 10 + n for n, layer in enumerate(COVERING.values())}


def _records(*rows: tuple) -> pd.DataFrame:
    """(layer, kind, postcode, name, code, x, y) → the frame find_duplicates reads."""
    frame = pd.DataFrame(rows, columns=["layer", "kind", "postcode", "name", "code", "x", "y"])
    return frame.assign(order=frame["layer"].map(ORDER))[COLUMNS]


def _merges(records: pd.DataFrame) -> set[tuple[int, int, int]]:
    found = find_duplicates(records, COVERING)
    return set(zip(found["merged"], found["kept"], found["rule"], strict=True))


def test_names_lose_punctuation_case_and_generic_words() -> None:
    words = name_words(
        pd.Series(["Boots the Chemists Ltd", "C M CHAU'S DENTAL SURGERY", "DENTAL SURGERY", None])
    )
    assert words.tolist() == [["BOOTS"], ["C", "M", "CHAUS"], [], []]


def test_rule_0_repeats_within_the_covering_layer() -> None:
    records = _records(
        ("pharmacy_ew", "pharmacy", "NE33 1LE", "AMCARE LIMITED", "", 0, 0),
        ("pharmacy_ew", "pharmacy", "NE33 1LE", "AMCARE LTD", "", 0, 0),
        ("pharmacy_ew", "pharmacy", "NE331LE", "Amcare", "", 0, 0),  # the same postcode, written differently
        ("pharmacy_ew", "pharmacy", "NE33 1LE", "BOOTS", "", 0, 0),  # another pharmacy there
    )
    assert _merges(records) == {(1, 0, 0), (2, 0, 0)}


def test_rule_0_keeps_two_practices_with_different_ods_codes() -> None:
    records = _records(
        ("gp_ew", "gp", "M1 1AA", "HEALTH CENTRE", "P1", 0, 0),
        ("gp_ew", "gp", "M1 1AA", "HEALTH CENTRE", "P2", 0, 0),
    )
    assert _merges(records) == set()


def test_rule_1_same_ods_code_across_layers_keeps_the_greater_manchester_record() -> None:
    records = _records(
        ("gp_ew", "gp", "M1 1AA", "THE SURGERY", "P82001", 0, 0),
        ("gp", "gp", "M2 2BB", "Dunstan Partnership", "P82001", 900, 0),  # moved, renamed: same code
    )
    assert _merges(records) == {(0, 1, 1)}


def test_rule_2_same_postcode_and_matching_names_one_to_one() -> None:
    records = _records(
        ("pharmacy", "pharmacy", "BL6 6JA", "Asda Pharmacy", "FA1", 0, 0),
        ("pharmacy", "pharmacy", "BL6 6JA", "Boots", "FB2", 0, 0),
        ("pharmacy_ew", "pharmacy", "BL66JA", "BOOTS", "", 0, 0),
        ("pharmacy_ew", "pharmacy", "BL66JA", "ASDA PHARMACY", "", 0, 0),
    )
    assert _merges(records) == {(2, 1, 2), (3, 0, 2)}


def test_rule_2_spacing_variants_match() -> None:
    records = _records(
        ("library", "library", "OL15 0BQ", "Smithy Bridge Library", "", 0, 0),
        ("library_ew", "library", "OL15 0BQ", "Smithybridge Library", "", 0, 0),
        ("library_ew", "library", "OL15 0BQ", "Littleborough Library", "", 0, 0),
    )
    assert _merges(records) == {(1, 0, 2)}


def test_rule_3_near_and_matching_names_when_postcodes_differ() -> None:
    records = _records(
        ("library", "library", "M2 5PD", "Central Library", "", 1000.0, 1000.0),
        ("library_ew", "library", "M2 5PE", "CENTRAL LIBRARY", "", 1030.0, 1000.0),  # 30 m away
        ("library", "library", "M3 1AA", "Castlefield Library", "", 5000.0, 5000.0),
        ("library_ew", "library", "M3 9ZZ", "Castlefield Library", "", 5080.0, 5000.0),  # 80 m: too far
    )
    assert _merges(records) == {(1, 0, 3)}


def test_rule_4_the_only_one_of_its_kind_at_the_postcode() -> None:
    records = _records(
        ("dentist", "dentist", "BL9 6BG", "Mydentist - Parsonage Street - Bury", "", 0, 0),
        ("dentist_ew", "dentist", "BL96BG", "1 -5 PARSONAGE STREET", "", 0, 0),
        # two of each at another postcode, names unlike: not paired by position
        ("dentist", "dentist", "M8 0JL", "Queens Road Dental", "", 0, 0),
        ("dentist", "dentist", "M8 0JL", "Smile Clinic", "", 0, 0),
        ("dentist_ew", "dentist", "M80JL", "C M CHAU'S DENTAL SURGERY", "", 0, 0),
        ("dentist_ew", "dentist", "M80JL", "DENTAL SURGERY", "", 0, 0),
    )
    assert _merges(records) == {(1, 0, 4)}


def test_other_kinds_and_other_layers_are_never_compared() -> None:
    records = _records(
        ("foodbank", "foodbank", "M1 1AA", "Trussell", "", 0, 0),
        ("foodbank", "foodbank", "M1 1AA", "Trussell", "", 0, 0),  # not a mapped kind: left alone
        ("pharmacy", "pharmacy", "M1 1AA", "Boots", "", 0, 0),
        ("pharmacy", "pharmacy", "M1 1AA", "Boots", "", 0, 0),  # two GM records: not compared
        ("gp_ew", "gp", "M1 1AA", "BOOTS", "", 0, 0),  # another kind at the same postcode
    )
    assert _merges(records) == set()


def test_a_repeat_merged_into_a_record_that_is_itself_merged_follows_it() -> None:
    records = _records(
        ("pharmacy", "pharmacy", "NE33 1LE", "Amcare", "", 0, 0),
        ("pharmacy_ew", "pharmacy", "NE33 1LE", "AMCARE LIMITED", "", 0, 0),
        ("pharmacy_ew", "pharmacy", "NE33 1LE", "AMCARE LTD", "", 0, 0),
    )
    # the national repeat (2) merges into its first copy (1), which merges into the GM record (0)
    assert _merges(records) == {(2, 0, 0), (1, 0, 2)}


def test_a_record_without_postcode_or_point_is_not_matched() -> None:
    records = _records(
        ("library", "library", "", "Hope Library", "", np.nan, np.nan),
        ("library_ew", "library", "WN3 6GH", "Hope Library", "", 1.0, 1.0),
    )
    assert _merges(records) == set()
