"""``healthassets calc METHOD INPUT.csv``: the statistics on a CSV file, written as CSV.

Output: the group-by columns, the method's totals, ``value``, ``lowerXX_Ycl``/``upperXX_Ycl`` per
confidence level, ``statistic`` and ``method``; numbers at full precision (shortest round-trip
text); missing results as empty cells. Missing inputs (empty, ``NA``, ``NaN``, ``#N/A``; ADR 0039)
give missing results as PHEindicatormethods does. Invalid input → exit status 2 and one line
naming the file, row and column.

Each method is one small function from (data, :class:`Request`) to the result, listed in
:data:`METHODS`; the command parses the options, reads the file, runs the method and writes CSV
— whole in memory, streamed in chunks (ungrouped proportion and rate) or on Dask (``--engine
dask``), as :mod:`cli.calc_engines` says.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd

from healthassets import stats
from healthassets.cli.calc_engines import DASK_METHODS, on_dask, stream, streams
from healthassets.errors import InputError
from healthassets.io.chunked_files import columns_of, is_parquet, read_table
from healthassets.io.csv_files import read_csv, write_csv

#: PHEindicatormethods' default multipliers: 1 for proportions, 100,000 for rates, DSRs and ISRs
DEFAULT_MULTIPLIER = {"proportion": 1, "rate": 100_000, "dsr": 100_000, "isr": 100_000}


@dataclass(frozen=True)
class Request:
    """The method and the options of one ``calc`` command line."""

    method: str
    options: dict[str, Any]

    def need(self, name: str) -> str:
        """The column given for option ``--name``; an InputError when it was not given."""
        value = self.options.get(name)
        if not value:
            raise InputError(f"calc {self.method} needs --{name.replace('_', '-')}")
        return str(value)

    @property
    def group_by(self) -> list[str] | None:
        return list(self.options["group_by"]) or None

    @property
    def confidence(self) -> list[float]:
        return list(self.options["confidence"]) or [0.95]

    @property
    def multiplier(self) -> float:
        given = self.options["multiplier"]
        return given if given is not None else DEFAULT_MULTIPLIER.get(self.method, 1)

    def common(self) -> dict[str, Any]:
        return {"group_by": self.group_by, "confidence": self.confidence}


def _proportion(data: pd.DataFrame, request: Request) -> pd.DataFrame:
    return stats.proportion(
        data,
        request.need("numerator"),
        request.need("denominator"),
        multiplier=request.multiplier,
        **request.common(),
    )


def _rate(data: pd.DataFrame, request: Request) -> pd.DataFrame:
    return stats.rate(
        data,
        request.need("numerator"),
        request.need("denominator"),
        multiplier=request.multiplier,
        **request.common(),
    )


def _mean(data: pd.DataFrame, request: Request) -> pd.DataFrame:
    return stats.mean(data, request.need("values"), **request.common())


def _dsr(data: pd.DataFrame, request: Request) -> pd.DataFrame:
    options = request.options
    if options["standard_population"] and options["standard"]:
        raise InputError("give either --standard-population or --standard, not both")
    if not options["standard_population"] and not options["standard"]:
        raise InputError("calc dsr needs --standard-population COLUMN or --standard esp2013")
    if options["standard"] and not options["age_band"]:
        raise InputError("--standard esp2013 needs --age-band (the bands are joined by position)")
    return stats.dsr(
        data,
        request.need("count"),
        request.need("population"),
        standard_population=options["standard_population"],
        standard=options["standard"],
        age_band=options["age_band"],
        event_frequency=options["event_frequency"],
        multiplier=request.multiplier,
        **request.common(),
    )


def _standardisation_columns(request: Request) -> tuple[str, str, str, str]:
    """(count, population, reference count, reference population) of isr and isratio."""
    return (
        request.need("count"),
        request.need("population"),
        request.need("reference_count"),
        request.need("reference_population"),
    )


def _isr(data: pd.DataFrame, request: Request) -> pd.DataFrame:
    return stats.isr(
        data,
        *_standardisation_columns(request),
        observed_totals=request.options["observed_totals"],
        multiplier=request.multiplier,
        **request.common(),
    )


def _isratio(data: pd.DataFrame, request: Request) -> pd.DataFrame:
    return stats.isratio(
        data,
        *_standardisation_columns(request),
        observed_totals=request.options["observed_totals"],
        reference_value=request.options["reference_value"],
        **request.common(),
    )


def _life_expectancy(data: pd.DataFrame, request: Request) -> pd.DataFrame:
    return stats.life_expectancy(
        data,
        request.need("age_start"),
        request.need("population"),
        request.need("deaths"),
        **request.common(),
    )


def _quantiles(data: pd.DataFrame, request: Request) -> pd.DataFrame:
    options = request.options
    if options["polarity"] is None and options["invert"] is None:
        raise InputError("calc quantiles needs --polarity COLUMN or --invert / --no-invert")
    return stats.quantiles(
        data,
        request.need("value"),
        polarity=options["polarity"],
        invert=None if options["polarity"] else options["invert"],
        quantiles=options["quantiles"],
        group_by=request.group_by,
    )


#: method name → its function; in the order ``calc --help`` lists them
METHODS: dict[str, Callable[[pd.DataFrame, Request], pd.DataFrame]] = {
    "proportion": _proportion,
    "rate": _rate,
    "mean": _mean,
    "dsr": _dsr,
    "isr": _isr,
    "isratio": _isratio,
    "life-expectancy": _life_expectancy,
    "quantiles": _quantiles,
}
#: warnings about the libraries' own code (Dask calling a deprecated pandas keyword), not the data
LIBRARY_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
#: methods whose output keeps the input rows (no group columns moved to the front)
ROW_METHODS = {"quantiles"}

#: options naming a column of INPUT.csv → their help text
COLUMN_OPTIONS: dict[str, str] = {
    "numerator": "Numerator column (proportion, rate).",
    "denominator": "Denominator column (proportion, rate).",
    "values": "Values column (mean).",
    "count": "Event count column (dsr, isr, isratio).",
    "population": "Population column (dsr, isr, isratio, life-expectancy).",
    "standard-population": "Standard population column (dsr).",
    "age-band": "Age band column (dsr with --standard or --event-frequency).",
    "event-frequency": "Event frequency column: non-independent events (dsr).",
    "reference-count": "Reference event count column (isr, isratio).",
    "reference-population": "Reference population column (isr, isratio).",
    "observed-totals": "Column with each group's observed total (isr, isratio).",
    "age-start": "Start age of each band: 0, 1, 5, …, 90 (life-expectancy).",
    "deaths": "Deaths column (life-expectancy).",
    "value": "Value column (quantiles).",
    "polarity": "Polarity column, e.g. 'Low is good' (quantiles).",
}


def _column_names(options: dict[str, Any]) -> list[str]:
    """Every column the command line names (column options, then --group-by)."""
    named = [options[name.replace("-", "_")] for name in COLUMN_OPTIONS]
    return [*[c for c in named if c], *options["group_by"]]


def _check_columns(options: dict[str, Any], columns: Sequence[object], file: str) -> None:
    for column in _column_names(options):
        if column not in columns:
            raise InputError(
                f"no such column (columns are: {', '.join(map(str, columns))})", file=file, column=column
            )


def _with_column_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for name, help_text in reversed(COLUMN_OPTIONS.items()):
        option = click.option(
            f"--{name}", name.replace("-", "_"), default=None, metavar="COLUMN", help=help_text
        )
        command = option(command)
    return command


def _text_columns(options: dict[str, Any]) -> list[str]:
    return [*options["group_by"], *([options["polarity"]] if options["polarity"] else [])]


def compute(method: str, input_csv: Path, options: dict[str, Any]) -> pd.DataFrame:
    """Read ``input_csv`` (CSV or Parquet) whole, run ``method`` with ``options``."""
    if is_parquet(input_csv):
        data = read_table(input_csv)
    else:
        data = read_csv(input_csv, text_columns=_text_columns(options), engine="c", low_memory=False)
    return run(method, data, options, str(input_csv))


def run(method: str, data: Any, options: dict[str, Any], file: str) -> pd.DataFrame:
    """Run ``method`` with ``options`` on ``data`` (a pandas or Dask frame read from ``file``);
    warnings are echoed to stderr; group columns first."""
    try:
        _check_columns(options, list(data.columns), file)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = METHODS[method](data, Request(method, options))
    except InputError as error:
        raise (error if error.file else error.with_file(file)) from None
    for warning in caught:
        if not issubclass(warning.category, LIBRARY_WARNINGS):
            click.echo(f"warning: {warning.message}", err=True)
    if method not in ROW_METHODS and options["group_by"]:
        keep = list(options["group_by"])
        result = result[[*keep, *[c for c in result.columns if c not in keep]]]
    return result.replace({None: np.nan})


HELP = """Compute METHOD on INPUT.csv (or a Parquet file or folder): proportion, rate, mean, dsr,
isr, isratio, life-expectancy, quantiles.

\b
Missing values: an empty cell, NA, NaN or #N/A (what R and Excel write) is a
missing value, never an error; missing in gives missing out as PHEindicatormethods:
a row's own result (ungrouped proportion, rate), its group's result (grouped
proportion, rate, mean; life expectancy; a missing population in dsr or reference
population in isr/isratio), or nothing (a missing count in dsr, isr, isratio adds
no events). Other text in a number column (N/A, NULL, -, abc) is an error naming
the row and column, as is a header with two columns of the same name.
"""


@click.command("calc", context_settings={"max_content_width": 100}, help=HELP)
@click.argument("method", type=click.Choice(list(METHODS)))
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@click.option(
    "--engine",
    type=click.Choice(["pandas", "dask"]),
    default="pandas",
    show_default=True,
    help="pandas: in memory (ungrouped proportion and rate streamed in chunks, so any size). "
    "dask: for inputs larger than memory (CSV or Parquet, read in chunks): "
    f"{', '.join(DASK_METHODS)} summed by Dask, rows sorted by the group keys.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Dask scheduler of a cluster to compute on, e.g. tcp://host:8786 (--engine dask; "
    "default: this machine's threads).",
)
@_with_column_options
@click.option(
    "--standard",
    type=click.Choice(["esp2013"]),
    default=None,
    help="Bundled standard population, joined by position within each group (dsr).",
)
@click.option(
    "--reference-value",
    type=float,
    default=1.0,
    show_default=True,
    help="Scale of the ratio, e.g. 100 (isratio).",
)
@click.option(
    "--invert/--no-invert", default=None, help="Invert the ranking instead of --polarity (quantiles)."
)
@click.option("--quantiles", type=int, default=10, show_default=True, help="Number of quantiles.")
@click.option("--group-by", multiple=True, metavar="COLUMN", help="Group column (repeatable).")
@click.option("--confidence", multiple=True, type=float, help="Confidence level (repeatable; default 0.95).")
@click.option(
    "--multiplier",
    type=float,
    default=None,
    help="Scale (default 1 for proportions, 100000 for rates, DSRs and ISRs).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output CSV (default: standard output).",
)
def calc(
    method: str, input_csv: Path, output: Path | None, engine: str, scheduler: str | None, **options: Any
) -> None:
    file = str(input_csv)
    if engine == "dask" and method not in DASK_METHODS:
        raise InputError(f"--engine dask computes {', '.join(DASK_METHODS)}; {method} runs on pandas")
    if scheduler is not None and engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    if streams(method, options["group_by"]) or engine == "dask":
        _check_columns(options, columns_of(input_csv), file)

    def runner(data: Any) -> pd.DataFrame:
        return run(method, data, options, file)

    columns = list(dict.fromkeys(_column_names(options)))
    if streams(method, options["group_by"]):
        stream(input_csv, output, runner, columns=columns, text_columns=_text_columns(options))
    elif engine == "dask":
        write_csv(on_dask(input_csv, runner, columns=columns, scheduler=scheduler), output)
    else:
        write_csv(compute(method, input_csv, options), output)
