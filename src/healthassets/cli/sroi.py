"""``healthassets sroi IMPACT.csv --investment AMOUNT``: social return on investment of an impact
map, with an optional Monte Carlo (issue 13, part 4). The contract is in ``--help``; the choices
it left open are in docs/adr/0067-sroi-engine-and-cli.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import numpy as np

from healthassets.cli.index_files import OUTPUT
from healthassets.errors import ImportValidationError, InputError
from healthassets.io.csv_files import write_csv
from healthassets.io.csv_safety import neutralise_formulas
from healthassets.io.impact_map import read_impact_map
from healthassets.planning.value import monte_carlo_ratios, sroi, summarise_draws
from healthassets.services.sroi import check_discount_rate, check_investment, result_table

#: problems printed before "and N more"
SHOWN_PROBLEMS = 20

HELP = """Social return on investment of the impact map IMPACT.csv.

\b
IMPACT.csv columns: outcome, quantity, proxy, duration, deadweight,
displacement, attribution, drop_off (other columns are ignored). duration is
whole years (1-1000); deadweight, displacement, attribution and drop_off are
fractions in [0, 1]; quantity >= 0; proxy is the value of one unit (negative
for a disbenefit). For each outcome:
  impact_year1  = quantity x proxy x (1-deadweight) x (1-displacement) x (1-attribution)
  impact in year t = impact_year1 x (1-drop_off)^(t-1) while t <= duration
  present_value = sum over t of impact_t x D_t,  D_t = prod_{k<=t} 1/(1+r_k)
r_k: --discount-rate R for every year, else the HM Treasury Green Book
schedule (3.5% years 1-30, 3.0% 31-75, 2.5% 76-125, 2.0% 126-200, 1.5%
201-300, 1.0% after). Year 1 is discounted once.

\b
Output columns: outcome, impact_year1, present_value, net_present_value,
sroi_ratio, payback_months (and, with --draws, sroi_ratio_median,
sroi_ratio_lower, sroi_ratio_upper): a row per outcome in input order (its
impact_year1 and present_value; other cells empty), then outcome=TOTAL: the
sums, NPV = PV - investment, ratio = PV / investment, payback =
investment / (impact_year1 / 12) months - empty when the year-1 impact is
zero or negative (never paid back). Full precision.

\b
Monte Carlo (--draws N --seed S): optional <input>_low / <input>_high column
pairs for quantity, proxy, deadweight, displacement, attribution, drop_off.
Each draw takes an independent uniform value in each outcome's range
(numpy default_rng(S); inputs drawn in that order, each as an array of
draws x outcomes); a row with both cells empty keeps its value. lower and
upper are the 5th and 95th percentiles (linear interpolation), median the
50th. Without --seed a random seed is used and printed on stderr. Ranges
are ignored without --draws.

\b
Bad input: exit status 2 and a line per problem naming file, row (1 = first
data row), column and reason; nothing is written.
"""


def _report(error: ImportValidationError) -> None:
    for problem in error.problems[:SHOWN_PROBLEMS]:
        click.echo(f"error: {problem}", err=True)
    if len(error.problems) > SHOWN_PROBLEMS:
        click.echo(f"error: … and {len(error.problems) - SHOWN_PROBLEMS} more problem(s)", err=True)


@click.command("sroi", context_settings={"max_content_width": 100}, help=HELP)
@click.argument("impact_csv", metavar="IMPACT.csv", type=click.Path(path_type=Path))
@click.option("--investment", type=float, required=True, metavar="AMOUNT", help="The investment (> 0).")
@click.option(
    "--discount-rate",
    type=float,
    default=None,
    metavar="R",
    help="One yearly discount rate as a fraction, e.g. 0.035 (default: the Green Book schedule).",
)
@click.option("--draws", type=click.IntRange(min=1), default=None, metavar="N", help="Monte Carlo draws.")
@click.option("--seed", type=click.IntRange(min=0), default=None, metavar="S", help="Seed of the draws.")
@OUTPUT
def sroi_command(
    impact_csv: Path,
    investment: float,
    discount_rate: float | None,
    draws: int | None,
    seed: int | None,
    output: Path | None,
) -> None:
    investment = check_investment(investment)
    discount_rate = check_discount_rate(discount_rate)
    if seed is not None and draws is None:
        raise InputError("--seed needs --draws N (the number of Monte Carlo draws)")
    try:
        impact_file = read_impact_map(impact_csv)
    except ImportValidationError as error:
        _report(error)
        sys.exit(2)
    for note in impact_file.warnings:
        click.echo(f"warning: {impact_csv}: {note}", err=True)
    result = sroi(impact_file.impacts, investment, discount_rate)
    summary = None
    if draws is not None:
        if seed is None:
            seed = int(np.random.default_rng().integers(2**32))
            click.echo(f"note: --seed {seed}", err=True)
        if not impact_file.ranges:
            click.echo("warning: no <input>_low/_high ranges: every draw is the point estimate", err=True)
        ratios = monte_carlo_ratios(
            impact_file.impacts,
            impact_file.ranges,
            investment,
            draws,
            np.random.default_rng(seed),
            discount_rate,
        )
        summary = summarise_draws(ratios)
    elif impact_file.ranges:
        click.echo("note: the _low/_high ranges are used only with --draws", err=True)
    write_csv(neutralise_formulas(result_table(result, summary)), output)
