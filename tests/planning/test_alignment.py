"""Computations on a place plan (issue 13): stakeholder priorities, the alignment matrix and its gaps,
the dependency graph, impact pathways and the ranking of projects.

Expected values are worked out by hand in the comments; plans are built through ``check_plan`` so
they have the shape the application stores.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthassets.planning import alignment
from healthassets.planning.plan import DEFAULT_WEIGHTS, check_plan

NAN = math.nan


def _plan(
    *,
    assets: Sequence[str] = (),
    projects: Sequence[str] = (),
    outcomes: Sequence[str] = (),
    cells: Sequence[tuple[str, str, str]] = (),
    links: Iterable[tuple[str, str]] = (),
    **extra: Any,
) -> dict[str, Any]:
    """A checked plan with the given item ids, alignment cells (project, asset, strength) and links."""
    return check_plan(
        {
            "title": "Test plan",
            "area": {"code": "E08000004"},
            "assets": [{"id": a, "title": a.upper(), "dimension": "built_environment"} for a in assets],
            "projects": [{"id": p, "name": p.upper(), "sector": "transport"} for p in projects],
            "outcomes": [{"id": o, "title": o.upper()} for o in outcomes],
            "alignments": [{"project": p, "asset": a, "strength": s} for p, a, s in cells],
            "links": [{"source": s, "target": t} for s, t in links],
            **extra,
        }
    )


# --- combine_scores ------------------------------------------------------------------------------------


def test_combined_score_is_the_weighted_mean_and_sd_of_the_groups_that_scored() -> None:
    weights = np.array([2.0, 1.0, 1.0])
    scores = np.array(
        [
            [4.0, 2.0, NAN],  # groups 1 and 2 scored
            [1.0, 5.0, 3.0],  # all three
            [NAN, NAN, 5.0],  # only group 3
        ]
    )
    found = alignment.combine_scores(scores, weights)
    # row 1: Σw = 2 + 1 = 3; Σws = 2·4 + 1·2 = 10 → mean 10/3
    #        Σw(s − m)² = 2·(2/3)² + 1·(−4/3)² = 8/9 + 16/9 = 24/9; /3 = 8/9 → SD √(8/9) = 2√2/3
    # row 2: Σw = 4; Σws = 2 + 5 + 3 = 10 → mean 2.5
    #        Σw(s − m)² = 2·(1.5)² + (2.5)² + (0.5)² = 4.5 + 6.25 + 0.25 = 11; /4 = 2.75 → SD √2.75
    # row 3: one group: mean 5, SD 0
    np.testing.assert_allclose(found.combined, [10 / 3, 2.5, 5.0])
    np.testing.assert_allclose(found.spread, [2 * math.sqrt(2) / 3, math.sqrt(2.75), 0.0], atol=1e-12)
    np.testing.assert_array_equal(found.lowest, [2.0, 1.0, 5.0])
    np.testing.assert_array_equal(found.highest, [4.0, 5.0, 5.0])
    np.testing.assert_array_equal(found.groups_scored, [2, 3, 1])


def test_equal_weights_give_the_plain_mean_and_population_sd() -> None:
    # scores 1 and 5: mean 3, deviations ±2 → SD √((4 + 4)/2) = 2 (not the sample SD √8)
    found = alignment.combine_scores(np.array([[1.0, 5.0]]), np.array([1.0, 1.0]))
    assert found.combined[0] == pytest.approx(3.0) and found.spread[0] == pytest.approx(2.0)


def test_nobody_scoring_or_only_unweighted_groups_give_nan() -> None:
    weights = np.array([2.0, 1.0, 0.0])
    scores = np.array(
        [
            [NAN, NAN, NAN],  # no group scored
            [NAN, NAN, 5.0],  # only the group of weight 0
            [3.0, NAN, 5.0],  # the 0-weight group's 5 is left out: mean 3 (2·3/2), SD 0
        ]
    )
    found = alignment.combine_scores(scores, weights)
    for part in (found.combined, found.spread, found.lowest, found.highest):
        assert np.isnan(part[0]) and np.isnan(part[1])
    assert found.combined[2] == pytest.approx(3.0) and found.spread[2] == pytest.approx(0.0)
    np.testing.assert_array_equal(found.groups_scored, [0, 0, 1])


def test_no_groups_at_all_gives_nan() -> None:
    found = alignment.combine_scores(np.full((2, 0), NAN), np.zeros(0))
    assert np.isnan(found.combined).all() and list(found.groups_scored) == [0, 0]


def test_the_score_matrix_follows_the_plan() -> None:
    plan = _plan(
        assets=["a1", "a2"],
        stakeholders=[{"id": "s1", "name": "A", "weight": 3}, {"id": "s2", "name": "B"}],
    )
    plan["assets"][0]["scores"] = {"s2": 4.0}
    scores, weights = alignment.score_matrix(plan)
    np.testing.assert_array_equal(weights, [3.0, 1.0])
    np.testing.assert_array_equal(scores, [[NAN, 4.0], [NAN, NAN]])


_score = st.one_of(st.none(), st.floats(min_value=1, max_value=5))
# a weight is 0 or a sensible positive number (subnormal weights such as 5e-324 lose the products' precision)
_weight = st.one_of(st.just(0.0), st.floats(min_value=0.01, max_value=10))


@given(st.lists(st.tuples(_score, _weight), min_size=1, max_size=6))
def test_the_combined_score_lies_within_the_range_of_the_scores(
    groups: list[tuple[float | None, float]],
) -> None:
    scores = np.array([[NAN if s is None else s for s, _ in groups]])
    weights = np.array([w for _, w in groups])
    found = alignment.combine_scores(scores, weights)
    counted = [s for s, w in groups if s is not None and w > 0]
    if not counted:
        assert np.isnan(found.combined[0]) and found.groups_scored[0] == 0
        return
    low, high, mean, spread = found.lowest[0], found.highest[0], found.combined[0], found.spread[0]
    assert (low, high) == (min(counted), max(counted))
    assert low - 1e-9 <= mean <= high + 1e-9
    # values in [low, high] have a (population) SD of at most half the range
    assert 0 <= spread <= (high - low) / 2 + 1e-9
    assert found.groups_scored[0] == len(counted)


# --- the alignment matrix and its gaps -----------------------------------------------------------------


def test_the_alignment_matrix_and_its_gaps() -> None:
    plan = _plan(
        assets=["a1", "a2", "a3"],
        projects=["p1", "p2", "p3"],
        cells=[("p1", "a1", "strong"), ("p1", "a2", "partial"), ("p2", "a2", "strong"), ("p3", "a3", "none")],
    )
    matrix = alignment.alignment_matrix(plan)
    # rows p1, p2, p3; columns a1, a2, a3; 2 strong, 1 partial, 0 none (p3–a3 "none" is no cell)
    np.testing.assert_array_equal(matrix, [[2, 1, 0], [0, 2, 0], [0, 0, 0]])
    unsupported, idle = alignment.gaps(matrix)
    assert unsupported.tolist() == [False, False, True]  # a3: no project supports it
    assert idle.tolist() == [False, False, True]  # p3 supports no priority asset


def test_an_empty_plan_has_an_empty_matrix() -> None:
    matrix = alignment.alignment_matrix(_plan())
    assert matrix.shape == (0, 0)
    unsupported, idle = alignment.gaps(matrix)
    assert unsupported.size == 0 and idle.size == 0


# --- the dependency graph ------------------------------------------------------------------------------


def test_the_graph_holds_links_and_alignment_cells() -> None:
    plan = _plan(
        assets=["a1", "a2"],
        projects=["p1"],
        outcomes=["o1"],
        cells=[("p1", "a1", "partial")],
        links=[("a1", "a2"), ("a2", "o1")],
    )
    graph = alignment.dependency_graph(plan)
    assert graph.nodes == ["p1", "a1", "a2", "o1"]  # projects, assets, outcomes
    edges = {(graph.nodes[i], graph.nodes[j]) for i, j in zip(*graph.adjacency.nonzero(), strict=True)}
    assert edges == {("p1", "a1"), ("a1", "a2"), ("a2", "o1")}


def test_a_three_cycle_is_one_group() -> None:
    plan = _plan(
        assets=["a1", "a2", "a3", "a4"],
        projects=["p1"],
        outcomes=["o1"],
        cells=[("p1", "a1", "strong")],
        links=[("a1", "a2"), ("a2", "a3"), ("a3", "a1"), ("a3", "a4"), ("a4", "o1")],
    )
    # a1 → a2 → a3 → a1 is the only circle; a4, p1 and o1 are outside it
    assert alignment.cycles(alignment.dependency_graph(plan)) == [["a1", "a2", "a3"]]


def test_two_separate_cycles_are_two_groups() -> None:
    plan = _plan(
        assets=["a1", "a2", "a3", "a4"], links=[("a1", "a2"), ("a2", "a1"), ("a3", "a4"), ("a4", "a3")]
    )
    found = alignment.cycles(alignment.dependency_graph(plan))
    assert sorted(found) == [["a1", "a2"], ["a3", "a4"]]


def test_an_acyclic_graph_has_no_cycles() -> None:
    plan = _plan(
        assets=["a1", "a2", "a3"],
        projects=["p1"],
        outcomes=["o1"],
        cells=[("p1", "a1", "strong"), ("p1", "a2", "strong")],
        links=[("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("a3", "o1")],  # a diamond, no circle
    )
    assert alignment.cycles(alignment.dependency_graph(plan)) == []
    assert alignment.cycles(alignment.dependency_graph(_plan())) == []


def test_reach_follows_edges_in_their_direction() -> None:
    plan = _plan(
        assets=["a1", "a2", "a3"],
        projects=["p1", "p2"],
        outcomes=["o1"],
        cells=[("p1", "a1", "strong")],
        links=[("a1", "a2"), ("a2", "o1")],
    )
    graph = alignment.dependency_graph(plan)
    reached = alignment.reach(graph)
    nodes = graph.nodes  # p1 p2 a1 a2 a3 o1

    def seen(source: str) -> set[str]:
        return {nodes[j] for j in np.flatnonzero(reached[graph.index(source)])}

    assert seen("p1") == {"a1", "a2", "o1"}  # p1 → a1 → a2 → o1
    assert seen("a2") == {"o1"}
    assert seen("p2") == set() and seen("a3") == set() and seen("o1") == set()  # nothing leads on
    assert alignment.reach(alignment.dependency_graph(_plan())).shape == (0, 0)


# --- impact pathways -----------------------------------------------------------------------------------

# p1 → a1 (a cell), p1 → a2 (a link), a1 → a2, a2 → o1, a1 → o2, a2 → o2. The simple paths from p1 to
# an outcome, by hand:
#   length 3: p1 a1 o2 · p1 a2 o1 · p1 a2 o2
#   length 4: p1 a1 a2 o1 · p1 a1 a2 o2
PATHWAY_LINKS = [("p1", "a2"), ("a1", "a2"), ("a2", "o1"), ("a1", "o2"), ("a2", "o2")]


def _pathway_plan(extra_links: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    return _plan(
        assets=["a1", "a2"],
        projects=["p1", "p2"],
        outcomes=["o1", "o2"],
        cells=[("p1", "a1", "strong")],
        links=[*PATHWAY_LINKS, *extra_links],
    )


def test_pathways_are_every_simple_path_shortest_first() -> None:
    graph = alignment.dependency_graph(_pathway_plan())
    assert alignment.pathways(graph, "p1") == [
        ["p1", "a1", "o2"],
        ["p1", "a2", "o1"],
        ["p1", "a2", "o2"],
        ["p1", "a1", "a2", "o1"],
        ["p1", "a1", "a2", "o2"],
    ]
    assert alignment.pathways(graph, "p2") == []  # p2 leads nowhere


def test_pathways_respect_the_limit() -> None:
    graph = alignment.dependency_graph(_pathway_plan())
    assert alignment.pathways(graph, "p1", limit=2) == [["p1", "a1", "o2"], ["p1", "a2", "o1"]]


def test_pathways_end_on_a_cycle() -> None:
    # a2 → a1 closes a circle a1 ⇄ a2; simple paths never repeat an item, so one more path
    # (p1 a2 a1 o2) joins the five above and the search ends.
    graph = alignment.dependency_graph(_pathway_plan([("a2", "a1")]))
    found = alignment.pathways(graph, "p1")
    assert found == [
        ["p1", "a1", "o2"],
        ["p1", "a2", "o1"],
        ["p1", "a2", "o2"],
        ["p1", "a1", "a2", "o1"],
        ["p1", "a1", "a2", "o2"],
        ["p1", "a2", "a1", "o2"],
    ]


def test_the_shortest_pathway_is_found_even_when_many_longer_ones_come_first() -> None:
    # p1 → a1 → a2 → o1…o10 gives ten paths of length 4 that the depth-first search (lowest index
    # first) meets before p1 → a9 → o1, of length 3: with limit 1 the answer must be that one.
    outcomes = [f"o{i}" for i in range(1, 11)]
    plan = _plan(
        assets=["a1", "a2", "a9"],
        projects=["p1"],
        outcomes=outcomes,
        cells=[("p1", "a1", "strong"), ("p1", "a9", "strong")],
        links=[("a1", "a2"), *(("a2", o) for o in outcomes), ("a9", "o1")],
    )
    assert alignment.pathways(alignment.dependency_graph(plan), "p1", limit=1) == [["p1", "a9", "o1"]]


# --- ranking projects ----------------------------------------------------------------------------------


def _ranking_plan(**extra: Any) -> dict[str, Any]:
    """Groups s1 (weight 2) and s2 (weight 1); priorities, by hand:
    a1: s1 4, s2 1 → (2·4 + 1)/3 = 3;  a2: s1 5 → 5;  a3: unscored → counts 1;  a4: s2 2 → 2.
    Outcomes o1 (weight 2) and o2 (weight 0.5).
    Cells p1–a1 strong, p1–a2 partial, p2–a4 strong; links a1 → a2, a1 → a3, a3 → o1, a2 → o2,
    a4 → o2 and p3 → a4 (a link, not a cell: a4 is indirect for p3)."""
    document = {
        "title": "Ranking",
        "area": {"code": "E08000004"},
        "stakeholders": [{"id": "s1", "name": "Residents", "weight": 2}, {"id": "s2", "name": "Council"}],
        "outcomes": [{"id": "o1", "title": "O1", "weight": 2}, {"id": "o2", "title": "O2", "weight": 0.5}],
        "assets": [
            {"id": "a1", "title": "A1", "dimension": "built_environment", "scores": {"s1": 4, "s2": 1}},
            {"id": "a2", "title": "A2", "dimension": "built_environment", "scores": {"s1": 5}},
            {"id": "a3", "title": "A3", "dimension": "built_environment"},
            {"id": "a4", "title": "A4", "dimension": "built_environment", "scores": {"s2": 2}},
        ],
        "projects": [{"id": p, "name": p.upper(), "sector": "housing"} for p in ("p1", "p2", "p3")],
        "alignments": [
            {"project": "p1", "asset": "a1", "strength": "strong"},
            {"project": "p1", "asset": "a2", "strength": "partial"},
            {"project": "p2", "asset": "a4", "strength": "strong"},
        ],
        "links": [
            {"source": s, "target": t}
            for s, t in [("a1", "a2"), ("a1", "a3"), ("a3", "o1"), ("a2", "o2"), ("a4", "o2"), ("p3", "a4")]
        ],
        **extra,
    }
    return check_plan(document)


# Unweighted sums per project (strong Σ P_a, partial Σ P_a, indirect Σ P_a, outcomes Σ w_o):
#   p1: strong a1 = 3; partial a2 = 5 (reached again through a1 → a2, but it has a cell so it is not
#       indirect); indirect a3 = 1 (via a1); outcomes o1 (a1 → a3 → o1) + o2 (a2 → o2) = 2 + 0.5 = 2.5
#   p2: strong a4 = 2; partial 0; indirect 0; outcomes o2 = 0.5
#   p3: strong 0; partial 0; indirect a4 = 2 (the p3 → a4 link); outcomes o2 = 0.5
SUMS = {
    "strong": [3.0, 2.0, 0.0],
    "partial": [5.0, 0.0, 0.0],
    "indirect": [1.0, 0.0, 2.0],
    "outcome": [2.5, 0.5, 0.5],
}


def test_each_part_of_the_ranking_matches_the_hand_computation() -> None:
    ranking = alignment.rank_projects(_ranking_plan())
    # default weights 1, 0.5, 0.25, 1:
    #   p1: 3 + 2.5 + 0.25 + 2.5 = 8.25;  p2: 2 + 0 + 0 + 0.5 = 2.5;  p3: 0 + 0 + 0.5 + 0.5 = 1
    np.testing.assert_allclose(ranking.strong, [3.0, 2.0, 0.0])
    np.testing.assert_allclose(ranking.partial, [2.5, 0.0, 0.0])
    np.testing.assert_allclose(ranking.indirect, [0.25, 0.0, 0.5])
    np.testing.assert_allclose(ranking.outcomes, [2.5, 0.5, 0.5])
    np.testing.assert_allclose(ranking.total, [8.25, 2.5, 1.0])


@pytest.mark.parametrize(
    "weights",
    [
        {"strong": 0.0, "partial": 2.0, "indirect": 1.0, "outcome": 0.0},
        {"strong": 3.0, "partial": 0.0, "indirect": 0.0, "outcome": 4.0},
        {"strong": 1.0, "partial": 1.0, "indirect": 1.0, "outcome": 1.0},
    ],
)
def test_the_total_is_the_weighted_sum_of_the_parts(weights: dict[str, float]) -> None:
    ranking = alignment.rank_projects(_ranking_plan(), weights)
    # the module formula: W_strong Σ + W_partial Σ + W_indirect Σ + W_outcome Σ, per project
    expected = [sum(weights[k] * SUMS[k][i] for k in SUMS) for i in range(3)]
    np.testing.assert_allclose(ranking.total, expected)
    np.testing.assert_allclose(ranking.indirect, np.array(SUMS["indirect"]) * weights["indirect"])


def test_changing_weights_changes_the_order() -> None:
    # with only indirect support counted, p3 (2) beats p1 (1) and p2 (0)
    only_indirect = {"strong": 0.0, "partial": 0.0, "indirect": 1.0, "outcome": 0.0}
    np.testing.assert_allclose(alignment.rank_projects(_ranking_plan(), only_indirect).total, [1.0, 0.0, 2.0])


def test_the_plans_own_weights_are_used_by_default() -> None:
    weights = {"strong": 2, "partial": 0, "indirect": 0, "outcome": 0}
    ranking = alignment.rank_projects(_ranking_plan(weights=weights))
    np.testing.assert_allclose(ranking.total, [6.0, 4.0, 0.0])  # 2 × strong sums 3, 2, 0
    override = alignment.rank_projects(_ranking_plan(weights=weights), DEFAULT_WEIGHTS)
    np.testing.assert_allclose(override.total, [8.25, 2.5, 1.0])


def test_unscored_assets_count_priority_one() -> None:
    plan = _plan(assets=["a1"], projects=["p1"], cells=[("p1", "a1", "strong")])
    assert alignment.rank_projects(plan).strong.tolist() == [1.0]  # W_strong 1 × P 1
    # scored only by a group of weight 0 is the same as unscored
    plan = _plan(
        assets=["a1"],
        projects=["p1"],
        cells=[("p1", "a1", "partial")],
        stakeholders=[{"id": "s1", "name": "Nobody", "weight": 0}],
    )
    plan["assets"][0]["scores"] = {"s1": 5.0}
    assert alignment.rank_projects(plan).partial.tolist() == [0.5]  # W_partial 0.5 × P 1


def test_a_plan_without_projects_ranks_nothing() -> None:
    ranking = alignment.rank_projects(_plan(assets=["a1"], outcomes=["o1"], links=[("a1", "o1")]))
    assert ranking.total.shape == (0,)
