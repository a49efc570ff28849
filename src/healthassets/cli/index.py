"""``healthassets index score|summarise|quadrant``: composite indices on a CSV file.

The contract (issue 11, part 3) is in each command's ``--help``; the choices it leaves open are
recorded in docs/adr/0056-index-cli-contract.md. Rows come out in input order, numbers at full
precision, missing results as empty cells; bad input is one line naming file, row, column and
reason, and exit status 2.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd

from healthassets import indices
from healthassets.cli.index_areas import quadrant, summarise
from healthassets.cli.index_files import OUTPUT, number_column, read_columns
from healthassets.errors import InputError
from healthassets.indices.spec import IndexSpec, Indicator, Uncertainty, check
from healthassets.io.csv_files import write_csv

NORMALISE = ["minmax", "zscore", "rank", "prank", "rankit", "exp-rank", "none"]


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


@dataclass(frozen=True)
class ScoreFlags:
    """What ``index score`` was given on the command line (None: not given)."""

    spec: str | None
    id: str | None
    indicator: tuple[str, ...]
    weight: tuple[str, ...]
    direction: tuple[str, ...]
    normalise: str | None
    aggregate: str | None
    impute: str | None
    draws: int | None
    weight_uncertainty: float | None
    seed: int | None


def _weighting(spec: IndexSpec, chosen: list[Indicator], flags: ScoreFlags, file: str) -> str:
    """``given`` when the indicators carry weights (all of them, or an error), else the spec's
    statistical weighting (unless --weight was given), else ``equal``."""
    if any(i.weight is not None for i in chosen):
        unweighted = next((i.column for i in chosen if i.weight is None), None)
        if unweighted is not None:
            reason = "has no weight: give a --weight for every indicator or for none"
            raise InputError(reason, file=file, column=unweighted)
        return "given"
    return spec.weights if spec.weights in ("factor", "pca") and not flags.weight else "equal"


def _uncertainty(spec: IndexSpec, flags: ScoreFlags, file: str) -> Uncertainty:
    spread = flags.weight_uncertainty
    if spread is not None and not 0 <= spread < 1:
        raise InputError(f"--weight-uncertainty must be at least 0 and below 1, not {spread:g}", file=file)
    given = spec.uncertainty
    return replace(
        given,
        draws=flags.draws if flags.draws is not None else given.draws,
        weight_uncertainty=spread if spread is not None else given.weight_uncertainty,
        seed=flags.seed if flags.seed is not None else given.seed,
    )


def _spec(flags: ScoreFlags, file: str) -> IndexSpec:
    """The spec of the command line: ``--spec`` (or the defaults), each flag overriding it."""
    base = _load_spec(flags.spec)
    chosen = _indicators(base, flags.indicator, file)
    weights, directions = _pairs(flags.weight, "--weight", file), _pairs(flags.direction, "--direction", file)
    chosen = _overrides(chosen, weights, directions, file)
    spec = base or IndexSpec(slug="cli", name="index", indicators=())
    if spec.domains and flags.indicator:
        spec = replace(spec, domains=())
        chosen = [replace(i, domain=None) for i in chosen]
    spec = replace(
        spec,
        indicators=tuple(chosen),
        weights=_weighting(spec, chosen, flags, file),
        id_column=flags.id or spec.id_column,
        normalise=flags.normalise or spec.normalise,
        aggregate=flags.aggregate or spec.aggregate,
        impute=flags.impute or spec.impute,
        uncertainty=_uncertainty(spec, flags, file),
    )
    if not spec.id_column:
        raise InputError("give --id COLUMN (the areas' codes)", file=file)
    check(spec, source=flags.spec or file)
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
def score(input_csv: Path, output: Path | None, **options: Any) -> None:
    file = str(input_csv)
    spec = _spec(ScoreFlags(**options), file)
    text = [c for c in (spec.id_column, spec.impute_group) if c]
    data = read_columns(input_csv, [*text, *spec.columns], text)
    values = pd.DataFrame({column: number_column(data, column, file) for column in spec.columns})
    groups = data[spec.impute_group].to_numpy() if spec.impute_group else None
    result = indices.build(values, spec, ids=data[spec.id_column].astype("string"), groups=groups)
    write_csv(result.table(), output)


index.add_command(summarise)
index.add_command(quadrant)
