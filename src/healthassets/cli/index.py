"""``healthassets index score|summarise|quadrant``: composite indices on a CSV file.

The contract (issue 11, part 3) is in each command's ``--help``; the choices it leaves open are
recorded in docs/adr/0056-index-cli-contract.md. Rows come out in input order, numbers at full
precision, missing results as empty cells; bad input is one line naming file, row, column and
reason, and exit status 2.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click
import numpy as np
import pandas as pd

from healthassets import indices
from healthassets.errors import InputError
from healthassets.indices.spec import IndexSpec, Indicator, Uncertainty, check
from healthassets.io.csv_files import read_csv, write_csv

NORMALISE = ["minmax", "zscore", "rank", "prank", "rankit", "exp-rank", "none"]
OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output CSV (default: standard output).",
)


def _read(path: Path, columns: list[str], text: list[str]) -> pd.DataFrame:
    file = str(path)
    data = read_csv(path, text_columns=text, engine="c", low_memory=False)
    for column in columns:
        if column not in data.columns:
            names = ", ".join(map(str, data.columns))
            raise InputError(f"no such column (columns are: {names})", file=file, column=column)
    return data


def _numbers(data: pd.DataFrame, column: str, file: str) -> np.ndarray:
    """Column as floats (missing → NaN); text that is not a number is an error at its row."""
    cells = data[column]
    numbers = pd.to_numeric(cells, errors="coerce")
    bad = numbers.isna().to_numpy() & cells.notna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InputError(f"{cells.iloc[row]!r} is not a number", file=file, row=row + 1, column=column)
    return numbers.to_numpy(dtype=np.float64, na_value=np.nan)


def _load_spec(given: str | None) -> IndexSpec | None:
    if given is None:
        return None
    path = Path(given)
    if path.is_file():
        return indices.parse_spec(path.read_text(encoding="utf-8"), source=str(path))
    if given in indices.preset_names():
        return indices.preset(given)
    raise InputError(
        f"no such spec file, and no preset of that name (presets: {', '.join(indices.preset_names())})",
        file=given,
    )


def _pairs(given: tuple[str, ...], option: str, file: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in given:
        column, sep, value = item.rpartition("=")
        if not sep or not column:
            raise InputError(f"{option} takes COLUMN=VALUE, not {item!r}", file=file)
        pairs[column] = value
    return pairs


def _indicators(spec: IndexSpec | None, columns: tuple[str, ...], file: str) -> list[Indicator]:
    known = {i.column: i for i in spec.indicators} if spec else {}
    if columns:
        return [known.get(column, Indicator(column)) for column in dict.fromkeys(columns)]
    if spec is None:
        raise InputError("give at least one --indicator COLUMN (or --spec)", file=file)
    return list(spec.indicators)


def _overrides(
    chosen: list[Indicator], weights: dict[str, str], directions: dict[str, str], file: str
) -> list[Indicator]:
    columns = {i.column for i in chosen}
    for option, pairs in (("--weight", weights), ("--direction", directions)):
        for column in pairs:
            if column not in columns:
                raise InputError(
                    f"{option} names a column that is not an --indicator", file=file, column=column
                )
    out = []
    for indicator in chosen:
        if indicator.column in weights:
            text = weights[indicator.column]
            try:
                value = float(text)
            except ValueError:
                raise InputError(
                    f"--weight {text!r} is not a number", file=file, column=indicator.column
                ) from None
            if not np.isfinite(value):
                raise InputError(
                    f"--weight {text!r} is not a finite number", file=file, column=indicator.column
                )
            indicator = replace(indicator, weight=value)
        if indicator.column in directions:
            text = directions[indicator.column]
            if text.strip() not in ("1", "+1", "-1"):
                raise InputError(
                    f"--direction must be 1 or -1, not {text!r}", file=file, column=indicator.column
                )
            indicator = replace(indicator, direction=int(text))
        out.append(indicator)
    return out


def _spec(options: dict[str, object], file: str) -> IndexSpec:
    base = _load_spec(options["spec"])  # type: ignore[arg-type]
    chosen = _indicators(base, options["indicator"], file)  # type: ignore[arg-type]
    chosen = _overrides(
        chosen,
        _pairs(options["weight"], "--weight", file),  # type: ignore[arg-type]
        _pairs(options["direction"], "--direction", file),  # type: ignore[arg-type]
        file,
    )
    weighted = [i for i in chosen if i.weight is not None]
    spec = base or IndexSpec(slug="cli", name="index", indicators=())
    mode = spec.weights if spec.weights in ("factor", "pca") and not options["weight"] else "equal"
    if weighted:
        unweighted = next((i.column for i in chosen if i.weight is None), None)
        if unweighted is not None:
            reason = "has no weight: give a --weight for every indicator or for none"
            raise InputError(reason, file=file, column=unweighted)
        mode = "given"
    spread = options["weight_uncertainty"]
    if spread is not None and not 0 <= float(spread) < 1:  # type: ignore[arg-type]
        raise InputError(f"--weight-uncertainty must be at least 0 and below 1, not {spread}", file=file)
    uncertainty = spec.uncertainty
    spec = replace(
        spec,
        indicators=tuple(chosen),
        weights=mode,
        id_column=options["id"] or spec.id_column,  # type: ignore[arg-type]
        normalise=options["normalise"] or spec.normalise,  # type: ignore[arg-type]
        aggregate=options["aggregate"] or spec.aggregate,  # type: ignore[arg-type]
        impute=options["impute"] or spec.impute,  # type: ignore[arg-type]
        uncertainty=Uncertainty(
            draws=options["draws"] if options["draws"] is not None else uncertainty.draws,  # type: ignore[arg-type]
            weight_uncertainty=float(spread) if spread is not None else uncertainty.weight_uncertainty,  # type: ignore[arg-type]
            seed=options["seed"] if options["seed"] is not None else uncertainty.seed,  # type: ignore[arg-type]
            normalise=uncertainty.normalise,
            aggregate=uncertainty.aggregate,
            impute=uncertainty.impute,
        ),
    )
    if spec.domains and options["indicator"]:
        spec = replace(spec, domains=())
        spec = replace(spec, indicators=tuple(replace(i, domain=None) for i in spec.indicators))
    if not spec.id_column:
        raise InputError("give --id COLUMN (the areas' codes)", file=file)
    check(spec, source=str(options["spec"] or file))
    return spec


SCORE_HELP = """Score the areas (rows) of INPUT.csv on a composite index of the --indicator columns.

\b
Output: id, score, rank (1 = highest score; tied scores share the smallest
rank: 1, 2, 2, 4), decile (ceil(10 * rank / n), 1 = the highest-scoring tenth,
as IMD deciles), and with --draws rank_median, rank_lower (5th percentile) and
rank_upper (95th); rows in input order, numbers at full precision.

\b
Defaults: equal weights (1 each), direction +1 (higher value = higher score),
--normalise minmax, --aggregate mean, --impute none: a row missing an indicator
gets an empty score, rank and decile and is left out of the ranking (n counts
the rows with a score).

\b
--spec FILE.toml, or a bundled preset: imd2025 (the IMD 2025 from its seven
domain ranks; reproduces the published scores), cni, wimd. Flags override the
spec. --id and --indicator are needed unless the spec names them; --indicator
replaces the spec's list, keeping its settings for columns of the same name (a
hierarchical spec given --indicator becomes a flat index of those columns).

\b
Choices the contract leaves open (docs/adr/0056):
  --weight   all indicators or none; 'mean' is sum(w*x)/sum(w), 'sum' is
             sum(w*x) with the weights as given, 'geometric' is
             exp(sum(w*ln(x+c))/sum(w)) with c = 0 if every value is positive,
             else 1 - min (the smallest value becomes 1).
  minmax     100*(x-min)/(max-min); a constant column gives 50.
  zscore     (x-mean)/sd, sd with n-1; a constant column gives 0.
  rank       rank from the lowest value (ties share the smallest rank), so a
             higher value scores higher; prank = 100*(rank-1)/(n-1);
             rankit = inverse normal of (rank-0.5)/n.
  exp-rank   ranked after direction over the rows that have the indicator.
  --impute   mean/median of the rows that have the indicator.
  --draws    Monte Carlo: each weight times U(1-f, 1+f) with f from
             --weight-uncertainty (default 0); alternative methods only from a
             spec's [uncertainty]; --seed default 0 (numpy default_rng);
             percentiles by linear interpolation (may be fractional), over the
             draws in which the row has a score.
"""


@click.group("index", help="Composite indices on a CSV file: score, summarise, quadrant.")
def index() -> None:
    """The ``index`` command group."""


@index.command("score", context_settings={"max_content_width": 100}, help=SCORE_HELP)
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@click.option("--id", "id", default=None, metavar="C", help="Column with each area's code.")
@click.option("--indicator", multiple=True, metavar="C", help="An indicator column (repeatable).")
@click.option("--weight", multiple=True, metavar="C=W", help="Weight of an indicator (repeatable).")
@click.option("--direction", multiple=True, metavar="C=-1", help="Direction of an indicator: 1 or -1.")
@click.option("--normalise", type=click.Choice(NORMALISE), default=None, help="Normalisation [minmax].")
@click.option(
    "--aggregate", type=click.Choice(["mean", "sum", "geometric"]), default=None, help="Aggregation [mean]."
)
@click.option(
    "--impute", type=click.Choice(["none", "mean", "median"]), default=None, help="Imputation [none]."
)
@click.option(
    "--draws", type=click.IntRange(min=1), default=None, help="Monte Carlo draws for rank intervals."
)
@click.option("--weight-uncertainty", type=float, default=None, metavar="F", help="Weights vary by ±F [0].")
@click.option("--seed", type=int, default=None, help="Seed of the draws [0].")
@click.option("--spec", default=None, metavar="FILE", help="Index spec (TOML) or preset name.")
@OUTPUT
def score(input_csv: Path, output: Path | None, **options: object) -> None:
    file = str(input_csv)
    spec = _spec(options, file)
    text = [spec.id_column] if spec.id_column else []
    data = _read(input_csv, [*text, *spec.columns], text)
    values = pd.DataFrame({column: _numbers(data, column, file) for column in spec.columns})
    result = indices.build(values, spec, ids=data[spec.id_column].astype("string"))
    write_csv(result.table(), output)


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


@index.command("summarise", context_settings={"max_content_width": 100}, help=SUMMARISE_HELP)
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
    data = _read(input_csv, [id_column, parent, population, rank_column, score_column], [id_column, parent])
    numbers = {column: _numbers(data, column, file) for column in (population, rank_column, score_column)}
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


@index.command("quadrant", context_settings={"max_content_width": 100}, help=QUADRANT_HELP)
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@click.option("--id", "id_column", required=True, metavar="C", help="Column with each area's code.")
@click.option("--need", required=True, metavar="C", help="Need column (higher = more need).")
@click.option("--assets", required=True, metavar="C", help="Assets column (higher = more assets).")
@click.option("--cut", type=click.Choice(list(indices.quadrant.CUTS)), default="median", show_default=True)
@OUTPUT
def quadrant(input_csv: Path, id_column: str, need: str, assets: str, cut: str, output: Path | None) -> None:
    file = str(input_csv)
    data = _read(input_csv, [id_column, need, assets], [id_column])
    need_values, asset_values = _numbers(data, need, file), _numbers(data, assets, file)
    both = int(np.count_nonzero(~np.isnan(need_values) & ~np.isnan(asset_values)))
    groups = indices.quadrant.CUTS[cut]
    if both < groups:
        reason = f"--cut {cut} needs at least {groups} rows with both need and assets; found {both}"
        raise InputError(reason, file=file, column=need)
    table = indices.quadrants(need_values, asset_values, cut)
    table.insert(0, "id", data[id_column].astype("string").to_numpy())
    write_csv(table, output)
