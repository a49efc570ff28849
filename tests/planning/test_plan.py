"""The place-plan document (issue 13, Arup shared asset framework): check_plan, next_id, remove_item.

Every expected value below is worked out by hand from the document built in ``_document``.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from healthassets.assets.vocabulary import Dimension
from healthassets.errors import InputError
from healthassets.planning import plan
from healthassets.planning.plan import DEFAULT_WEIGHTS, MAX_ITEMS, check_plan, next_id, remove_item


def _document() -> dict[str, Any]:
    """A small valid plan, written loosely as a form would send it (text numbers, blanks, extras)."""
    return {
        "title": "  Oldham healthy places  ",
        "area": {"code": " E08000004 ", "name": "Oldham"},
        "colour": "red",  # not part of a plan: dropped
        "stakeholders": [
            {"id": "s1", "name": "Residents", "weight": "2"},
            {"id": "s2", "name": "Council"},  # weight defaults to 1
        ],
        "outcomes": [{"id": "o1", "title": "Less loneliness", "baseline": "12.5", "shoe_size": 9}],
        "assets": [
            {
                "id": "a1",
                "title": "Green space",
                "dimension": "natural_environment",
                "scores": {"s1": "4", "s2": ""},  # a blank score is no score
            },
            {"id": "a2", "title": "Adult skills", "dimension": "personal_capacity", "physical": False},
        ],
        "projects": [
            {
                "id": "p1",
                "name": "Greenway",
                "sector": "green_infrastructure",
                "start_year": "2025",
                "end_year": 2027,
            }
        ],
        "alignments": [
            {"project": "p1", "asset": "a1", "strength": "strong", "note": " trees "},
            {"project": "p1", "asset": "a2", "strength": "none"},  # no cell at all
        ],
        "links": [{"source": "a1", "target": "o1"}, {"source": "p1", "target": "a2"}],
        "weights": {"strong": "2", "bogus": 7},
    }


# --- a valid document, normalised ----------------------------------------------------------------------


def test_a_valid_plan_is_normalised() -> None:
    checked = check_plan(_document())
    # exactly the plan's own fields: "colour" is gone
    assert set(checked) == {
        "title", "summary", "example", "area", "neighbourhood", "stakeholders", "dimension_titles",
        "outcomes", "assets", "projects", "alignments", "links", "weights",
    }  # fmt: skip
    assert checked["title"] == "Oldham healthy places"
    assert checked["area"] == {"code": "E08000004", "name": "Oldham"}
    assert checked["summary"] == "" and checked["example"] is False and checked["neighbourhood"] == []
    # s1's text weight "2" becomes 2.0; s2 had none, so 1.0
    assert checked["stakeholders"] == [
        {"id": "s1", "name": "Residents", "weight": 2.0},
        {"id": "s2", "name": "Council", "weight": 1.0},
    ]
    # the outcome loses its unknown key and gains the defaults
    assert checked["outcomes"] == [
        {
            "id": "o1",
            "title": "Less loneliness",
            "indicator_id": None,
            "baseline": 12.5,
            "baseline_period": "",
            "target": None,
            "weight": 1.0,
        }
    ]
    a1, a2 = checked["assets"]
    assert a1["scores"] == {"s1": 4.0}  # s2's blank dropped
    assert a1["physical"] is True and a2["physical"] is False
    assert a2["scores"] == {} and a1["asset_id"] is None
    (p1,) = checked["projects"]
    assert (p1["start_year"], p1["end_year"], p1["status"]) == (2025, 2027, "proposed")
    assert p1["factors"] == [] and p1["areas"] == [] and p1["cost"] is None
    # the "none" cell is not kept; the strong one is, its note trimmed
    assert checked["alignments"] == [{"project": "p1", "asset": "a1", "strength": "strong", "note": "trees"}]
    assert checked["links"] == [
        {"source": "a1", "target": "o1", "note": ""},
        {"source": "p1", "target": "a2", "note": ""},
    ]
    # the plan's "strong" weight replaces the default; the other three are DEFAULT_WEIGHTS'; "bogus" goes
    assert checked["weights"] == {"strong": 2.0, "partial": 0.5, "indirect": 0.25, "outcome": 1.0}


def test_weights_default_to_the_framework_defaults() -> None:
    document = _document()
    del document["weights"]
    assert check_plan(document)["weights"] == DEFAULT_WEIGHTS


def test_checking_twice_changes_nothing() -> None:
    once = check_plan(_document())
    assert check_plan(copy.deepcopy(once)) == once


def test_the_plan_dimensions_are_the_registers_six_arup_dimensions() -> None:
    assert set(plan.DIMENSIONS) == {d.value for d in Dimension}
    assert len(plan.DIMENSIONS) == 6


def test_scores_at_the_ends_of_the_range_are_accepted() -> None:
    document = _document()
    document["assets"][0]["scores"] = {"s1": 1, "s2": 5}
    assert check_plan(document)["assets"][0]["scores"] == {"s1": 1.0, "s2": 5.0}


def test_a_project_may_start_and_end_in_the_same_year() -> None:
    document = _document()
    document["projects"][0].update(start_year=2026, end_year=2026)
    assert check_plan(document)["projects"][0]["end_year"] == 2026


def test_max_items_are_allowed() -> None:
    document = _document()
    document["outcomes"] = [{"id": f"o{i}", "title": f"Outcome {i}"} for i in range(1, MAX_ITEMS + 1)]
    assert len(check_plan(document)["outcomes"]) == MAX_ITEMS


# --- each error names its field ------------------------------------------------------------------------


def _edit_title(d: dict[str, Any]) -> None:
    d["title"] = "   "


def _drop_title(d: dict[str, Any]) -> None:
    del d["title"]


def _drop_area(d: dict[str, Any]) -> None:
    del d["area"]


def _blank_area_code(d: dict[str, Any]) -> None:
    d["area"] = {"code": "  ", "name": "Oldham"}


def _bad_dimension(d: dict[str, Any]) -> None:
    d["assets"][1]["dimension"] = "spiritual"


def _missing_dimension(d: dict[str, Any]) -> None:
    del d["assets"][1]["dimension"]


def _bad_sector(d: dict[str, Any]) -> None:
    d["projects"][0]["sector"] = "space"


def _duplicate_asset(d: dict[str, Any]) -> None:
    d["assets"][1]["id"] = "a1"


def _duplicate_group(d: dict[str, Any]) -> None:
    d["stakeholders"][1]["id"] = "s1"


def _asset_with_project_id(d: dict[str, Any]) -> None:
    d["assets"][1]["id"] = "p2"


def _outcome_with_asset_id(d: dict[str, Any]) -> None:
    d["outcomes"][0]["id"] = "a9"


def _project_without_id(d: dict[str, Any]) -> None:
    del d["projects"][0]["id"]


def _id_zero(d: dict[str, Any]) -> None:
    d["projects"][0]["id"] = "p0"


def _score_low(d: dict[str, Any]) -> None:
    d["assets"][0]["scores"] = {"s1": 0}


def _score_high(d: dict[str, Any]) -> None:
    d["assets"][0]["scores"] = {"s1": 5.5}


def _score_text(d: dict[str, Any]) -> None:
    d["assets"][0]["scores"] = {"s1": "high"}


def _score_unknown_group(d: dict[str, Any]) -> None:
    d["assets"][0]["scores"] = {"s1": 3, "s9": 3}


def _cell_unknown_project(d: dict[str, Any]) -> None:
    d["alignments"].append({"project": "p7", "asset": "a1", "strength": "partial"})


def _cell_unknown_asset(d: dict[str, Any]) -> None:
    d["alignments"].append({"project": "p1", "asset": "a7", "strength": "partial"})


def _cell_bad_strength(d: dict[str, Any]) -> None:
    d["alignments"][0]["strength"] = "huge"


def _link_unknown_item(d: dict[str, Any]) -> None:
    d["links"].append({"source": "a1", "target": "o5"})


def _end_before_start(d: dict[str, Any]) -> None:
    d["projects"][0].update(start_year=2030, end_year=2029)


def _too_many_assets(d: dict[str, Any]) -> None:
    d["assets"] = [
        {"id": f"a{i}", "title": f"Asset {i}", "dimension": "built_environment"}
        for i in range(1, MAX_ITEMS + 2)
    ]
    d["alignments"], d["links"] = [], []


def _too_many_groups(d: dict[str, Any]) -> None:
    d["stakeholders"] = [{"id": f"s{i}", "name": f"Group {i}"} for i in range(1, MAX_ITEMS + 2)]


def _bad_weight(d: dict[str, Any]) -> None:
    d["weights"] = {"partial": -1}


@pytest.mark.parametrize(
    ("spoil", "column"),
    [
        (_edit_title, "title"),
        (_drop_title, "title"),
        (_drop_area, "area"),
        (_blank_area_code, "area"),
        (_bad_dimension, "assets.dimension"),
        (_missing_dimension, "assets.dimension"),
        (_bad_sector, "projects.sector"),
        (_duplicate_asset, "assets"),
        (_duplicate_group, "stakeholders"),
        (_asset_with_project_id, "assets"),
        (_outcome_with_asset_id, "outcomes"),
        (_project_without_id, "projects"),
        (_id_zero, "projects"),
        (_score_low, "assets.scores"),
        (_score_high, "assets.scores"),
        (_score_text, "assets.scores"),
        (_score_unknown_group, "assets.scores"),
        (_cell_unknown_project, "alignments"),
        (_cell_unknown_asset, "alignments"),
        (_cell_bad_strength, "alignments.strength"),
        (_link_unknown_item, "links"),
        (_end_before_start, "projects.end_year"),
        (_too_many_assets, "assets"),
        (_too_many_groups, "stakeholders"),
        (_bad_weight, "weights.partial"),
    ],
)
def test_an_invalid_plan_names_the_field(spoil: Any, column: str) -> None:
    document = _document()
    spoil(document)
    with pytest.raises(InputError) as raised:
        check_plan(document)
    assert raised.value.column == column


def test_a_duplicate_id_is_named_in_the_reason() -> None:
    document = _document()
    _duplicate_asset(document)
    with pytest.raises(InputError, match="a1 is used twice"):
        check_plan(document)


def test_more_than_max_items_is_refused_by_count() -> None:
    document = _document()
    _too_many_assets(document)
    with pytest.raises(InputError, match=f"more than {MAX_ITEMS}"):
        check_plan(document)


def test_a_link_may_not_join_an_item_to_itself() -> None:
    document = _document()
    document["links"].append({"source": "a2", "target": "a2"})
    with pytest.raises(InputError, match="itself") as raised:
        check_plan(document)
    assert raised.value.column == "links"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("o1", "a1"),  # outcome → asset
        ("p1", "o1"),  # project → outcome (a project moves outcomes only through assets)
        ("a1", "p1"),  # asset → project
        ("o1", "p1"),  # outcome → project
    ],
)
def test_a_link_of_a_forbidden_kind_is_refused(source: str, target: str) -> None:
    document = _document()
    document["links"].append({"source": source, "target": target})
    with pytest.raises(InputError, match="must go from") as raised:
        check_plan(document)
    assert raised.value.column == "links"


def test_a_project_to_project_link_is_refused() -> None:
    document = _document()
    document["projects"].append({"id": "p2", "name": "Bus lane", "sector": "transport"})
    document["links"].append({"source": "p1", "target": "p2"})
    with pytest.raises(InputError, match="must go from"):
        check_plan(document)


@pytest.mark.parametrize(("source", "target"), [("a1", "a2"), ("p1", "a1"), ("a2", "o1")])
def test_the_three_allowed_link_kinds_pass(source: str, target: str) -> None:
    document = _document()
    document["links"] = [{"source": source, "target": target}]
    assert check_plan(document)["links"] == [{"source": source, "target": target, "note": ""}]


# --- next_id -------------------------------------------------------------------------------------------


def test_next_id_is_one_more_than_the_largest_of_its_prefix() -> None:
    assert next_id([], "a") == "a1"
    # a7 is the largest a-number (p9 is another list's); gaps (a2…a6) are not refilled → a8
    assert next_id([{"id": "a1"}, {"id": "a7"}, {"id": "p9"}], "a") == "a8"
    assert next_id([{"id": "a3"}], "a") == "a4"
    assert next_id([{"id": "p12"}, {"id": "p2"}], "p") == "p13"  # numbers, not text: 12 > 2


# --- remove_item ---------------------------------------------------------------------------------------


def test_removing_an_asset_drops_its_cells_and_links() -> None:
    checked = check_plan(_document())
    before = copy.deepcopy(checked)
    out = remove_item(checked, "a1")
    assert [a["id"] for a in out["assets"]] == ["a2"]
    assert out["alignments"] == []  # the only cell was p1–a1
    assert out["links"] == [{"source": "p1", "target": "a2", "note": ""}]  # a1 → o1 gone
    assert checked == before  # the input is not changed
    assert check_plan(out)["assets"][0]["id"] == "a2"


def test_removing_a_project_drops_its_cells_and_links() -> None:
    out = remove_item(check_plan(_document()), "p1")
    assert out["projects"] == [] and out["alignments"] == []
    assert out["links"] == [{"source": "a1", "target": "o1", "note": ""}]  # p1 → a2 gone


def test_removing_an_outcome_drops_links_to_it() -> None:
    out = remove_item(check_plan(_document()), "o1")
    assert out["outcomes"] == []
    assert out["links"] == [{"source": "p1", "target": "a2", "note": ""}]
    assert len(out["alignments"]) == 1  # untouched


def test_removing_a_stakeholder_group_drops_its_scores() -> None:
    document = _document()
    document["assets"][0]["scores"] = {"s1": 4, "s2": 2}
    document["assets"][1]["scores"] = {"s1": 3}
    out = remove_item(check_plan(document), "s1")
    assert [s["id"] for s in out["stakeholders"]] == ["s2"]
    assert [a["scores"] for a in out["assets"]] == [{"s2": 2.0}, {}]
    assert check_plan(out)["assets"][0]["scores"] == {"s2": 2.0}  # still a valid plan


def test_removing_something_that_is_not_an_item_is_refused() -> None:
    with pytest.raises(InputError) as raised:
        remove_item(check_plan(_document()), "x1")
    assert raised.value.column == "item"
