"""``healthassets calc METHOD INPUT.csv``: the statistics on a CSV file, written as CSV.

Output: the group-by columns, the method's totals, ``value``, ``lowerXX_Ycl``/``upperXX_Ycl`` per
confidence level, ``statistic`` and ``method``; numbers at full precision (shortest round-trip
text); missing results as empty cells. Invalid input → exit status 2 and one line naming the file,
row and column.
"""

from __future__ import annotations

import io
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from healthassets import stats
from healthassets.errors import InputError

DEFAULT_MULTIPLIER = {"proportion": 1, "rate": 100_000, "dsr": 100_000, "isr": 100_000}
METHODS = ("proportion", "rate", "mean", "dsr", "isr", "isratio", "life-expectancy", "quantiles")


def read_input(path: Path, text_columns: list[str]) -> pd.DataFrame:
    """The input CSV; ``text_columns`` (group-by, polarity) stay text so codes like '001' survive.
    Other columns are parsed as numbers where they can be; the statistics report cells that are not."""
    try:
        return pd.read_csv(
            path,
            dtype=dict.fromkeys(text_columns, str),
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8-sig",
            engine="c",
            low_memory=False,
        )
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a CSV file", file=str(path)) from None
    except pd.errors.EmptyDataError:
        raise InputError("the file is empty (no header row)", file=str(path)) from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        reason = str(error).splitlines()[0]
        raise InputError(f"not a readable CSV file: {reason}", file=str(path)) from None


def write_output(frame: pd.DataFrame, output: Path | None) -> None:
    """CSV with every number at full precision (Arrow writes the shortest text that round-trips
    each double); missing values as empty cells; text quoted."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    options = pa_csv.WriteOptions(quoting_style="needed")
    if output is not None:
        pa_csv.write_csv(table, str(output), options)
    else:
        sink = io.BytesIO()
        pa_csv.write_csv(table, sink, options)
        sys.stdout.buffer.write(sink.getvalue())
        sys.stdout.flush()


def _run(method: str, data: pd.DataFrame, options: dict[str, Any]) -> pd.DataFrame:
    group_by = list(options["group_by"]) or None
    confidence = list(options["confidence"]) or [0.95]
    multiplier = options["multiplier"]
    # PHEindicatormethods' defaults: 1 for proportions, 100,000 for rates, DSRs and ISRs
    scale = multiplier if multiplier is not None else DEFAULT_MULTIPLIER.get(method, 1)

    def need(name: str) -> str:
        value = options.get(name)
        if not value:
            raise InputError(f"calc {method} needs --{name.replace('_', '-')}")
        return str(value)

    common: dict[str, Any] = {"group_by": group_by}
    if method in ("proportion", "rate"):
        function = stats.proportion if method == "proportion" else stats.rate
        return function(
            data,
            need("numerator"),
            need("denominator"),
            confidence=confidence,
            multiplier=scale,
            **common,
        )
    if method == "mean":
        return stats.mean(data, need("values"), confidence=confidence, **common)
    if method == "dsr":
        if options["standard_population"] and options["standard"]:
            raise InputError("give either --standard-population or --standard, not both")
        if not options["standard_population"] and not options["standard"]:
            raise InputError("calc dsr needs --standard-population COLUMN or --standard esp2013")
        if options["standard"] and not options["age_band"]:
            raise InputError("--standard esp2013 needs --age-band (the bands are joined by position)")
        return stats.dsr(
            data,
            need("count"),
            need("population"),
            standard_population=options["standard_population"],
            standard=options["standard"],
            age_band=options["age_band"],
            event_frequency=options["event_frequency"],
            confidence=confidence,
            multiplier=scale,
            **common,
        )
    if method in ("isr", "isratio"):
        args = (
            data,
            need("count"),
            need("population"),
            need("reference_count"),
            need("reference_population"),
        )
        if method == "isr":
            return stats.isr(
                *args,
                confidence=confidence,
                observed_totals=options["observed_totals"],
                multiplier=scale,
                **common,
            )
        return stats.isratio(
            *args,
            confidence=confidence,
            observed_totals=options["observed_totals"],
            reference_value=options["reference_value"],
            **common,
        )
    if method == "life-expectancy":
        return stats.life_expectancy(
            data, need("age_start"), need("population"), need("deaths"), confidence=confidence, **common
        )
    if options["polarity"] is None and not options["invert"]:
        raise InputError("calc quantiles needs --polarity COLUMN or --invert / --no-invert")
    return stats.quantiles(
        data,
        need("value"),
        polarity=options["polarity"],
        invert=None if options["polarity"] else options["invert"],
        quantiles=options["quantiles"],
        **common,
    )


def _validate_options(method: str, options: dict[str, Any], data: pd.DataFrame, file: str) -> None:
    for name, value in options.items():
        if name in (
            "group_by",
            "confidence",
            "multiplier",
            "quantiles",
            "reference_value",
            "invert",
            "standard",
        ):
            continue
        if isinstance(value, str) and value not in data.columns:
            raise InputError(
                f"no such column (columns are: {', '.join(data.columns)})", file=file, column=value
            )
    for column in options["group_by"]:
        if column not in data.columns:
            raise InputError(
                f"no such column (columns are: {', '.join(data.columns)})", file=file, column=column
            )


def _located(error: InputError, file: str) -> InputError:
    return error if error.file else error.with_file(file)


def column_option(name: str, help_text: str) -> Callable[[Any], Any]:
    return click.option(f"--{name}", name.replace("-", "_"), default=None, metavar="COLUMN", help=help_text)


@click.command("calc", context_settings={"max_content_width": 100})
@click.argument("method", type=click.Choice(METHODS))
@click.argument("input_csv", metavar="INPUT.csv", type=click.Path(path_type=Path))
@column_option("numerator", "Numerator column (proportion, rate).")
@column_option("denominator", "Denominator column (proportion, rate).")
@column_option("values", "Values column (mean).")
@column_option("count", "Event count column (dsr, isr, isratio).")
@column_option("population", "Population column (dsr, isr, isratio, life-expectancy).")
@column_option("standard-population", "Standard population column (dsr).")
@click.option(
    "--standard",
    type=click.Choice(["esp2013"]),
    default=None,
    help="Bundled standard population, joined by position within each group (dsr).",
)
@column_option("age-band", "Age band column (dsr with --standard or --event-frequency).")
@column_option("event-frequency", "Event frequency column: non-independent events (dsr).")
@column_option("reference-count", "Reference event count column (isr, isratio).")
@column_option("reference-population", "Reference population column (isr, isratio).")
@column_option("observed-totals", "Column with each group's observed total (isr, isratio).")
@click.option(
    "--reference-value",
    type=float,
    default=1.0,
    show_default=True,
    help="Scale of the ratio, e.g. 100 (isratio).",
)
@column_option("age-start", "Start age of each band: 0, 1, 5, …, 90 (life-expectancy).")
@column_option("deaths", "Deaths column (life-expectancy).")
@column_option("value", "Value column (quantiles).")
@column_option("polarity", "Polarity column, e.g. 'Low is good' (quantiles).")
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
def calc(method: str, input_csv: Path, output: Path | None, **options: Any) -> None:
    """Compute METHOD on INPUT.csv: proportion, rate, mean, dsr, isr, isratio, life-expectancy,
    quantiles."""
    file = str(input_csv)
    text_columns = [*options["group_by"], *([options["polarity"]] if options["polarity"] else [])]
    data = read_input(input_csv, text_columns)
    try:
        _validate_options(method, options, data, file)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = _run(method, data, options)
    except InputError as error:
        raise _located(error, file) from None
    for warning in caught:
        click.echo(f"warning: {warning.message}", err=True)
    if method != "quantiles" and options["group_by"]:
        keep = list(options["group_by"])
        result = result[[*keep, *[c for c in result.columns if c not in keep]]]
    result = result.replace({None: np.nan})
    write_output(result, output)
