"""``healthassets index summarise`` and ``index quadrant``: summaries of small areas by parent,
and need against assets."""

from __future__ import annotations

from pathlib import Path

import click
import numpy as np
import pandas as pd

from healthassets import indices
from healthassets.cli.index_files import OUTPUT, number_column, read_columns
from healthassets.errors import InputError
from healthassets.io.csv_files import write_csv

SUMMARISE_HELP = """Local-authority (parent) summaries of small-area results, as the Indices of
Deprivation define them (technical report, Appendix N).

\b
--rank is each small area's national rank (1 = most deprived) out of
--national-count N; --score its score (higher = more deprived); --population
its population (the IoD used mid-year estimates; the bundled data offer Census
2021 usual residents). One row per parent in order of first appearance:
parent, average_rank, average_score, proportion_most_deprived_10, extent,
local_concentration, each followed by its rank among the parents (..._rank,
1 = most deprived; ties share the smallest rank).

\b
Choices the contract leaves open (docs/adr/0056):
  average_rank, local_concentration   use the reversed rank N + 1 - rank, as
        the IoD does ("the most deprived LSOA is given the rank of N"), so
        higher means more deprived.
  proportion_most_deprived_10   the share of the parent's rows (a count, not
        weighted) with 10 * rank <= N.
  extent   weight 1 for percentile ceil(100 * rank / N) <= 10, 0.95 falling by
        0.9/19 a percentile to 0.05 at the 30th, then 0.
  local_concentration   the most deprived rows holding exactly 10 % of the
        parent's population, the last one only in part.
Ranks must be whole numbers from 1 to N; populations numbers of at least 0,
with more than 0 in every parent; ids unique; no cell missing.
"""


def _whole_ranks(ranks: np.ndarray, count: int, file: str, column: str) -> None:
    bad = (ranks < 1) | (ranks > count) | (ranks != np.floor(ranks))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        reason = f"a national rank must be a whole number from 1 to {count}, not {ranks[row]:g}"
        raise InputError(reason, file=file, row=row + 1, column=column)


def _no_gaps(values: dict[str, np.ndarray], file: str) -> None:
    for column, numbers in values.items():
        gaps = np.isnan(numbers)
        if gaps.any():
            raise InputError("missing value", file=file, row=int(np.flatnonzero(gaps)[0]) + 1, column=column)


@click.command("summarise", context_settings={"max_content_width": 100}, help=SUMMARISE_HELP)
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@click.option("--id", "id_column", required=True, metavar="C", help="Column with each small area's code.")
@click.option("--parent", required=True, metavar="C", help="Column with each small area's parent.")
@click.option("--population", required=True, metavar="C", help="Population column.")
@click.option(
    "--rank", "rank_column", required=True, metavar="C", help="National rank column (1 = most deprived)."
)
@click.option(
    "--score", "score_column", required=True, metavar="C", help="Score column (higher = more deprived)."
)
@click.option(
    "--national-count",
    required=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Areas ranked nationally.",
)
@OUTPUT
def summarise(
    input_csv: Path,
    id_column: str,
    parent: str,
    population: str,
    rank_column: str,
    score_column: str,
    national_count: int,
    output: Path | None,
) -> None:
    file = str(input_csv)
    data = read_columns(
        input_csv, [id_column, parent, population, rank_column, score_column], [id_column, parent]
    )
    numbers = {
        column: number_column(data, column, file) for column in (population, rank_column, score_column)
    }
    _no_gaps(numbers, file)
    for column in (id_column, parent):
        gaps = data[column].isna().to_numpy()
        if gaps.any():
            raise InputError("missing value", file=file, row=int(np.flatnonzero(gaps)[0]) + 1, column=column)
    repeated = data[id_column].duplicated().to_numpy()
    if repeated.any():
        row = int(np.flatnonzero(repeated)[0])
        raise InputError(
            f"id {data[id_column].iloc[row]!r} appears twice", file=file, row=row + 1, column=id_column
        )
    _whole_ranks(numbers[rank_column], national_count, file, rank_column)
    people = numbers[population]
    if (people < 0).any():
        row = int(np.flatnonzero(people < 0)[0])
        raise InputError("a population cannot be negative", file=file, row=row + 1, column=population)
    totals = pd.Series(people).groupby(data[parent].to_numpy(), sort=False).sum()
    if (totals <= 0).any():
        empty = totals.index[totals.to_numpy() <= 0][0]
        row = int(np.flatnonzero(data[parent].to_numpy() == empty)[0]) + 1
        raise InputError(f"parent {empty!r} has no population", file=file, row=row, column=population)
    table = indices.local_authority_summaries(
        data[parent].to_numpy(), people, numbers[rank_column], numbers[score_column], national_count
    )
    write_csv(table, output)


QUADRANT_HELP = """Need against assets: each area's quadrant and whether it is "left behind".

\b
--need: higher = more need; --assets: higher = more assets. Output: id,
need_rank (1 = highest need), assets_rank (1 = most assets), quadrant and
left_behind, rows in input order. Ranks share the smallest rank on ties and a
cut into G groups puts rank r in group ceil(G * r / n), so ties at a cut go to
the side of their shared rank. --cut median (default): high = need_rank <= n/2
(likewise assets), and every area is priority (high need, low assets), build-on
(high need, high assets), protect (low need, low assets) or thriving (low
need, high assets). tercile/quintile/decile: only the top and bottom groups of
both measures are classified; the rest are middle. left_behind is true in the
highest-need tenth and the lowest-assets tenth, whatever the cut.

\b
A row missing need or assets is left out (n counts the rows with both) and
gets empty cells; the cut needs at least as many such rows as it has groups.
"""


@click.command("quadrant", context_settings={"max_content_width": 100}, help=QUADRANT_HELP)
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@click.option("--id", "id_column", required=True, metavar="C", help="Column with each area's code.")
@click.option("--need", required=True, metavar="C", help="Need column (higher = more need).")
@click.option("--assets", required=True, metavar="C", help="Assets column (higher = more assets).")
@click.option("--cut", type=click.Choice(list(indices.quadrant.CUTS)), default="median", show_default=True)
@OUTPUT
def quadrant(input_csv: Path, id_column: str, need: str, assets: str, cut: str, output: Path | None) -> None:
    file = str(input_csv)
    data = read_columns(input_csv, [id_column, need, assets], [id_column])
    need_values, asset_values = number_column(data, need, file), number_column(data, assets, file)
    both = int(np.count_nonzero(~np.isnan(need_values) & ~np.isnan(asset_values)))
    groups = indices.quadrant.CUTS[cut]
    if both < groups:
        reason = f"--cut {cut} needs at least {groups} rows with both need and assets; found {both}"
        raise InputError(reason, file=file, column=need)
    table = indices.quadrants(need_values, asset_values, cut)
    table.insert(0, "id", data[id_column].astype("string").to_numpy())
    write_csv(table, output)
