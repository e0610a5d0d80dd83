import pytest

from guideline import ids

GOOD = [(ids.PRINCIPLE, "P01"), (ids.SUB_ITEM, "P10-2"), (ids.RISK, "P01-1-PROV-R01"),
        (ids.COUNTERMEASURE, "P01-1-USER-12"), (ids.TERM, "data-drift"), (ids.CASE, "CASE-3"),
        (ids.EDITORIAL_NOTE, "ED-P05-1-PROV-R01-01"), (ids.EDITORIAL_NOTE, "ED-GLOBAL-01")]
BAD = [(ids.PRINCIPLE, "P1"), (ids.PRINCIPLE, "p01"), (ids.SUB_ITEM, "P01-"), (ids.SUB_ITEM, "P01_1"),
       (ids.RISK, "P01-1-PROV-01"), (ids.RISK, "P01-1-prov-R01"), (ids.COUNTERMEASURE, "P01-1-PROV-R01"),
       (ids.COUNTERMEASURE, "P01-1-PROV-1"), (ids.TERM, "Data_Drift"), (ids.CASE, "case-1"),
       (ids.EDITORIAL_NOTE, "ED-01")]


@pytest.mark.parametrize("pattern,value", GOOD, ids=[v for _, v in GOOD])
def test_well_formed_ids_match(pattern, value):
    assert ids.matches(pattern, value)


@pytest.mark.parametrize("pattern,value", BAD, ids=[v for _, v in BAD])
def test_malformed_ids_do_not_match(pattern, value):
    assert not ids.matches(pattern, value)


def test_every_pattern_has_an_example_that_matches_it():
    for pattern, example in ids.EXAMPLES.items():
        assert ids.matches(pattern, example), pattern
