"""``healthassets survey score|summarise|publish``: wellbeing instruments on a CSV file (issue 14,
parts 1 and 3).

The contract is in each command's ``--help``; the choices it leaves open are in
docs/adr/0059-survey-cli-contract.md. Rows come out in input order, numbers at full precision,
empty results as empty cells; bad input is one line naming file, row, column and reason, exit 2.
"""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from healthassets import surveys
from healthassets.cli.index_files import OUTPUT, number_column, read_columns
from healthassets.cli.options import database_option, existing_store
from healthassets.errors import InputError
from healthassets.io.csv_files import write_csv
from healthassets.io.csv_safety import neutralise_formulas
from healthassets.surveys.model import Instrument
from healthassets.surveys.summary import known_bands

SCORE_HELP = """Score each response row of RESPONSES.csv with INSTRUMENT.

\b
INSTRUMENT is ons4, swemwbs or wemwbs (also ccc, social-capital, or a TOML
file defining a custom instrument: healthassets.surveys.custom). Item columns:
  ons4     ons4_life_satisfaction, ons4_worthwhile, ons4_happiness, ons4_anxiety (0-10)
  swemwbs  swemwbs_1 ... swemwbs_7 (1-5)
  wemwbs   wemwbs_1 ... wemwbs_14 (1-5)
Output: the --id column (without --id, a 1-based `row`; other input columns are
dropped), then for ONS4 each measure under its item name and its band as
<item>_band (low|medium|high|very high; anxiety very low|low|medium|high);
for SWEMWBS swemwbs_raw (7-35) and swemwbs_metric (the published Rasch
conversion); for WEMWBS wemwbs_total (14-70).

\b
A missing, non-integer or out-of-range item leaves that score empty (for ONS4
only that measure) and is counted in a warning on standard error; text that is
not a number is an error naming file, row and column (exit 2). The item
wording of (S)WEMWBS is licensed: scoring never needs it.
"""

SUMMARISE_HELP = """Summarise a scored file: one row per group.

\b
Columns: the --group-by columns (groups in order of first appearance), n (the
non-empty --value cells), mean, lower95_0cl, upper95_0cl (Student's t, SD with
n - 1); with --band, for each band <band>_proportion, <band>_lower95_0cl,
<band>_upper95_0cl (Wilson score); then suppressed (true/false).

\b
Choices the contract leaves open (docs/adr/0059):
  band column names  lower case, every run of characters other than a-z and
        0-9 replaced by _ ("very high" -> very_high_proportion); two bands
        giving the same name are an error.
  bands reported  for a band column of `survey score` (e.g.
        ons4_anxiety_band) every band of that measure in its order, absent
        ones too (proportion 0), then any other values; for other columns the
        values present, in ONS4 order when they are all ONS4 bands of one set,
        else in order of first appearance.
  proportions  out of the group's non-empty --band cells.
  suppression  a group with n below --min-count (default 10) has every figure,
        n too, empty and suppressed true.
"""


def _instrument(given: str) -> Instrument:
    path = Path(given)
    if given not in surveys.REGISTRY and path.suffix == ".toml":
        if not path.is_file():
            raise InputError("no such instrument file", file=given)
        return surveys.parse_instrument(path.read_text(encoding="utf-8"), source=given)
    return surveys.get(given)


def _warn(file: str, emptied: dict[str, int]) -> None:
    counts = ", ".join(f"{name} {count}" for name, count in emptied.items() if count)
    if counts:
        click.echo(
            f"warning: {file}: scores left empty (a missing, non-integer or out-of-range item): {counts}",
            err=True,
        )


@click.group("survey")
def survey() -> None:
    """Wellbeing survey instruments: score responses, summarise scores by group."""


@survey.command("score", context_settings={"max_content_width": 100}, help=SCORE_HELP)
@click.argument("instrument", metavar="INSTRUMENT")
@click.argument("responses", metavar="RESPONSES.csv", type=click.Path(path_type=Path))
@click.option("--id", "id_column", default=None, metavar="C", help="Column identifying each response.")
@OUTPUT
def score(instrument: str, responses: Path, id_column: str | None, output: Path | None) -> None:
    chosen = _instrument(instrument)
    file = str(responses)
    columns = list(chosen.columns) + ([id_column] if id_column else [])
    data = read_columns(responses, columns, text=[id_column] if id_column else [])
    items = {key: number_column(data, key, file) for key in chosen.columns}
    scored = surveys.score(chosen, items)
    first = (
        pd.DataFrame({id_column: data[id_column].to_numpy()})
        if id_column
        else pd.DataFrame({"row": range(1, len(data) + 1)})
    )
    out = pd.concat([first, scored.frame], axis=1)
    write_csv(neutralise_formulas(out), output)
    _warn(file, scored.emptied)


@survey.command("summarise", context_settings={"max_content_width": 100}, help=SUMMARISE_HELP)
@click.argument("scored", metavar="SCORED.csv", type=click.Path(path_type=Path))
@click.option("--value", "value_column", required=True, metavar="C", help="Score column to summarise.")
@click.option("--band", "band_column", default=None, metavar="C", help="Band column: a share per band.")
@click.option("--group-by", "group_by", multiple=True, metavar="C", help="Group column (repeatable).")
@click.option(
    "--min-count",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    metavar="N",
    help="Groups with fewer values are suppressed.",
)
@OUTPUT
def summarise(
    scored: Path,
    value_column: str,
    band_column: str | None,
    group_by: tuple[str, ...],
    min_count: int,
    output: Path | None,
) -> None:
    file = str(scored)
    groups = list(dict.fromkeys(group_by))
    text = [*groups, *([band_column] if band_column else [])]
    data = read_columns(scored, [value_column, *text], text=text)
    values = number_column(data, value_column, file)
    bands = data[band_column] if band_column else None
    known = known_bands(band_column) if band_column else ()
    out = surveys.summarise(values, data[groups], bands, known=known, min_count=min_count, file=file)
    write_csv(neutralise_formulas(out), output)


PUBLISH_HELP = """Publish a scored file's results as an indicator of the store.

\b
Each row is one response; --lsoa names the column with the LSOA it was placed
in (empty: counted in no area). For every LSOA, MSOA, best-fit ward and local
authority holding responses: n, the mean of --value with Student's t 95%
limits; an area with fewer than --min-count responses (default 10), or whose
figure could be derived by differencing two overlapping areas or a parent and
its children, is suppressed (docs/adr/0065). The results are written as
indicator --indicator-id (the local range 9500000-9599999) at --period (a
Fingertips period label: 2026, 2026/27, 2026 Q1 ...); publishing the same
indicator and period again replaces it. Profiles, indicator pages, the API and
the assets-and-needs view show it at once (docs/adr/0066).
"""


@survey.command("publish", context_settings={"max_content_width": 100}, help=PUBLISH_HELP)
@click.argument("scored", metavar="SCORED.csv", type=click.Path(path_type=Path))
@click.option("--value", "value_column", required=True, metavar="C", help="Score column to publish.")
@click.option("--lsoa", "lsoa_column", default="lsoa", show_default=True, metavar="C", help="LSOA column.")
@click.option("--indicator-id", type=int, required=True, metavar="N", help="Indicator id (9500000-9599999).")
@click.option("--name", required=True, metavar="TEXT", help="Indicator name shown on the pages.")
@click.option("--period", required=True, metavar="LABEL", help="Period label, e.g. 2026 or 2026/27.")
@click.option(
    "--instrument", default="", metavar="NAME", help="Instrument (ons4, swemwbs…), for the metadata."
)
@click.option("--wave", default="", metavar="NAME", help="Wave (baseline, follow-up…), for the metadata.")
@click.option(
    "--polarity",
    type=click.Choice(["High is good", "Low is good", "Not applicable"]),
    default="High is good",
    show_default=True,
    help="How the benchmark reads the value (anxiety: Low is good).",
)
@click.option("--min-count", type=click.IntRange(min=1), default=10, show_default=True, metavar="N")
@database_option
def publish(
    scored: Path,
    value_column: str,
    lsoa_column: str,
    indicator_id: int,
    name: str,
    period: str,
    instrument: str,
    wave: str,
    polarity: str,
    min_count: int,
    database: str | None,
) -> None:
    from healthassets.services.survey_results import publish_survey_results

    file = str(scored)
    data = read_columns(scored, [value_column, lsoa_column], text=[lsoa_column])
    number_column(data, value_column, file)  # a cell that is not a number: its row, exit 2
    engine = existing_store(database)
    done = publish_survey_results(
        engine,
        data,
        value=value_column,
        lsoa=lsoa_column,
        indicator_id=indicator_id,
        name=name,
        period=period,
        instrument=instrument,
        wave=wave,
        polarity=polarity,
        min_count=min_count,
        file=file,
    )
    parts = ", ".join(f"{t}: {p} published, {s} suppressed" for t, (p, s) in sorted(done.by_type.items()))
    click.echo(f"Indicator {done.indicator_id} at {done.period}: {done.responses:,} responses; {parts}")
