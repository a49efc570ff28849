"""Computations on a place plan: stakeholder priorities, the alignment matrix and its gaps, the
dependency graph (cycles, pathways, reach) and the ranking of projects.

Priority of an asset (stakeholder weighting): with score ``s_ag`` of asset ``a`` by group ``g`` (1–5)
and group weight ``w_g``, ``priority_a = Σ_g w_g s_ag / Σ_g w_g`` over the groups that scored it;
its spread is the weighted standard deviation ``√(Σ_g w_g (s_ag − priority_a)² / Σ_g w_g)`` and the
lowest and highest score.

Ranking of projects (weights visible and adjustable per plan): a project's score is
``W_strong Σ_{a strong} P_a + W_partial Σ_{a partial} P_a + W_indirect Σ_{a reached only through
dependencies} P_a + W_outcome Σ_{o reachable} w_o``, with ``P_a`` the asset's priority (a 1–5
score; unscored assets count 1) and ``w_o`` the outcome's weight. Reach follows the typed links and
the alignment cells (a strong or partial cell is a project → asset edge).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components, shortest_path

Floats = npt.NDArray[np.float64]
MAX_CHAINS = 50
"""Most impact pathways listed from one project (the graph may hold very many)."""


@dataclass(frozen=True)
class Priorities:
    """Per asset (in the plan's order): combined score, weighted SD, lowest, highest, groups scored."""

    combined: Floats
    spread: Floats
    lowest: Floats
    highest: Floats
    groups_scored: npt.NDArray[np.int64]


def score_matrix(plan: dict[str, Any]) -> tuple[Floats, Floats]:
    """Scores (assets × stakeholder groups, NaN where a group gave none) and the group weights."""
    groups = [s["id"] for s in plan["stakeholders"]]
    weights = np.array([s["weight"] for s in plan["stakeholders"]], dtype=np.float64)
    scores = np.array(
        [[a["scores"].get(g, np.nan) for g in groups] for a in plan["assets"]], dtype=np.float64
    ).reshape(len(plan["assets"]), len(groups))
    return scores, weights


def combine_scores(scores: Floats, weights: Floats) -> Priorities:
    """Weighted mean, weighted SD and range of each row of ``scores`` (NaN = not scored); NaN where
    no group with a positive weight scored the asset."""
    given = np.isfinite(scores) & (weights > 0)[None, :]
    w = np.where(given, weights[None, :], 0.0)
    total = w.sum(axis=1)
    filled = np.where(given, scores, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (w * filled).sum(axis=1) / total
        spread = np.sqrt((w * (filled - mean[:, None]) ** 2).sum(axis=1) / total)
    lowest = np.where(given, scores, np.inf).min(axis=1, initial=np.inf)
    highest = np.where(given, scores, -np.inf).max(axis=1, initial=-np.inf)
    none = total == 0
    return Priorities(
        np.where(none, np.nan, mean),
        np.where(none, np.nan, spread),
        np.where(none, np.nan, lowest),
        np.where(none, np.nan, highest),
        given.sum(axis=1).astype(np.int64),
    )


def alignment_matrix(plan: dict[str, Any]) -> npt.NDArray[np.int8]:
    """Projects × priority assets: 2 strong, 1 partial, 0 none."""
    rows = {p["id"]: i for i, p in enumerate(plan["projects"])}
    cols = {a["id"]: j for j, a in enumerate(plan["assets"])}
    matrix = np.zeros((len(rows), len(cols)), dtype=np.int8)
    for cell in plan["alignments"]:
        matrix[rows[cell["project"]], cols[cell["asset"]]] = 2 if cell["strength"] == "strong" else 1
    return matrix


def gaps(matrix: npt.NDArray[np.int8]) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """(priority assets no project supports, projects that support no priority asset)."""
    supported = matrix > 0
    return np.asarray(~supported.any(axis=0)), np.asarray(~supported.any(axis=1))


@dataclass(frozen=True)
class Graph:
    """The plan's items as nodes (ids in ``nodes``) and its edges as a sparse adjacency matrix."""

    nodes: list[str]
    adjacency: csr_array

    def index(self, node: str) -> int:
        return self.nodes.index(node)


def dependency_graph(plan: dict[str, Any]) -> Graph:
    """Nodes: projects, assets, outcomes; edges: typed links plus strong/partial alignment cells."""
    nodes = [p["id"] for p in plan["projects"]] + [a["id"] for a in plan["assets"]]
    nodes += [o["id"] for o in plan["outcomes"]]
    at = {n: i for i, n in enumerate(nodes)}
    pairs = {(k["source"], k["target"]) for k in plan["links"]}
    pairs |= {(c["project"], c["asset"]) for c in plan["alignments"]}
    sources = np.array([at[s] for s, _ in sorted(pairs)], dtype=np.int64)
    targets = np.array([at[t] for _, t in sorted(pairs)], dtype=np.int64)
    adjacency = csr_array(
        (np.ones(len(sources), dtype=np.float64), (sources, targets)), shape=(len(nodes), len(nodes))
    )
    return Graph(nodes, adjacency)


def cycles(graph: Graph) -> list[list[str]]:
    """Groups of items that depend on each other in a circle (strongly connected components of more
    than one node; self-links are refused by ``check_plan``), each in the plan's order."""
    if not graph.nodes:
        return []
    _, labels = connected_components(graph.adjacency, directed=True, connection="strong")
    sizes = np.bincount(labels)
    return [[graph.nodes[i] for i in np.flatnonzero(labels == lab)] for lab in np.flatnonzero(sizes > 1)]


def reach(graph: Graph) -> npt.NDArray[np.bool_]:
    """``reach[i, j]``: node j can be reached from node i by one or more edges (the diagonal is
    always False, also for items on a cycle: ``cycles`` reports those)."""
    if not graph.nodes:
        return np.zeros((0, 0), dtype=bool)
    hops = shortest_path(graph.adjacency, directed=True, unweighted=True)
    return np.isfinite(hops) & (hops > 0)


def pathways(graph: Graph, source: str, limit: int = MAX_CHAINS) -> list[list[str]]:
    """Simple paths from ``source`` (a project) to every outcome it can move, shortest first (then
    by the items' order), at most ``limit`` of them: breadth-first search over the small plan
    graph, stopping once the paths left are longer than the ``limit``-th found."""
    if limit <= 0:
        return []
    adjacency = graph.adjacency.tocsr()
    found: list[list[int]] = []
    queue: deque[list[int]] = deque([[graph.index(source)]])
    steps = 0
    while queue and steps < 100_000:
        steps += 1
        path = queue.popleft()
        if len(found) >= limit and len(path) > len(found[limit - 1]):
            break
        last = path[-1]
        if graph.nodes[last].startswith("o"):
            found.append(path)
            continue
        following = adjacency.indices[adjacency.indptr[last] : adjacency.indptr[last + 1]]
        queue.extend([*path, int(n)] for n in sorted(following.tolist()) if int(n) not in path)
    found.sort(key=lambda chain: (len(chain), chain))
    return [[graph.nodes[i] for i in chain] for chain in found[:limit]]


@dataclass(frozen=True)
class Ranking:
    """Per project (the plan's order): the four parts of its score and the total."""

    strong: Floats
    partial: Floats
    indirect: Floats
    outcomes: Floats
    total: Floats


def rank_projects(plan: dict[str, Any], weights: dict[str, float] | None = None) -> Ranking:
    """Each project's score under ``weights`` (the plan's own by default); see the module formula."""
    weights = {**plan["weights"], **(weights or {})}
    n_projects, n_assets = len(plan["projects"]), len(plan["assets"])
    scores, group_weights = score_matrix(plan)
    priority = np.nan_to_num(combine_scores(scores, group_weights).combined, nan=1.0)
    matrix = alignment_matrix(plan)
    reached = reach(dependency_graph(plan))
    to_assets = reached[:n_projects, n_projects : n_projects + n_assets]
    to_outcomes = reached[:n_projects, n_projects + n_assets :]
    outcome_weight = np.array([o["weight"] for o in plan["outcomes"]], dtype=np.float64)
    strong = (matrix == 2).astype(np.float64) @ priority * weights["strong"]
    partial = (matrix == 1).astype(np.float64) @ priority * weights["partial"]
    indirect = (to_assets & (matrix == 0)).astype(np.float64) @ priority * weights["indirect"]
    outcomes = to_outcomes.astype(np.float64) @ outcome_weight * weights["outcome"]
    return Ranking(strong, partial, indirect, outcomes, strong + partial + indirect + outcomes)
