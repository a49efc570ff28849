"""Use case: load the ONS local statistics (ESS) and National Survey for Wales (NSW) indicators —
protective factors and needs for every local authority in England and Wales (docs/adr/0047).

Both files are read and validated before anything is written (:mod:`healthassets.io.ons_local`,
:func:`healthassets.io.values.validate_values`); then the indicators (full metadata) are saved and
the values written as one batch per source in one transaction. Rows for codes the store does not
hold (the authorities replaced in 2023 until they are loaded as areas, new combined authorities)
are rejected and counted in the load report; rows for areas outside England and Wales, or of kinds
we hold no areas of, are skipped and counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from healthassets.io.ons_areas import read_la_codes, renamed_codes, resident_population
from healthassets.io.ons_indicators import indicator_records, read_indicator_table
from healthassets.io.ons_local import ESS_FILE, NSW_FILE, ParsedSource, read_ess, read_nsw
from healthassets.io.values import ImportReport, known_set, raise_or_keep, validate_values
from healthassets.store import Engine
from healthassets.store import areas as area_store
from healthassets.store.indicators import save_indicators
from healthassets.store.values import BatchOfValues, write_batches

__all__ = ["ESS_SOURCE", "NSW_SOURCE", "OnsLocalLoad", "load_ons_local"]

ESS_SOURCE = "ons-local:explore-local-statistics"
NSW_SOURCE = "ons-local:national-survey-for-wales"
INDICATORS_FILE = "indicators.csv"


@dataclass
class OnsLocalLoad:
    """The import report of each source and the rows it skipped, counted by reason."""

    reports: list[ImportReport] = field(default_factory=list)
    skipped: dict[str, pd.Series] = field(default_factory=dict)
    indicators: int = 0

    def lines(self) -> list[str]:
        """One line per source for the person running the load: what was skipped, and why."""
        out = []
        for source, counts in self.skipped.items():
            if counts.sum():
                reasons = "; ".join(f"{int(n):,} {reason}" for reason, n in counts.items())
                out.append(f"Skipped ({source}): {int(counts.sum()):,} rows — {reasons}")
        return out


def _checked(
    parsed: ParsedSource, source: str, path: Path, known: pa.Array, skip_invalid: bool
) -> tuple[pd.DataFrame, ImportReport]:
    frame, problems = validate_values(parsed.values, known, str(path))
    problems = parsed.problems + problems
    valid = raise_or_keep(frame, problems, skip_invalid=skip_invalid, file=str(path))
    report = ImportReport(source=source, rows_read=len(frame), rows_loaded=len(valid), problems=problems)
    return valid, report


def load_ons_local(
    engine: Engine, folder: Path, geography: Path, *, skip_invalid: bool = True
) -> OnsLocalLoad:
    """Load ``folder`` (``data/ons_local``): the indicators of ``indicators.csv`` and the values of
    both sources; ``geography`` (``data/geography``) gives code changes and resident populations."""
    folder, geography = Path(folder), Path(geography)
    table = read_indicator_table(folder / INDICATORS_FILE)
    known = known_set(area_store.known_area_codes(engine))
    renamed = renamed_codes(read_la_codes(geography / "la_all_codes.csv"), known)
    ess = read_ess(folder / ESS_FILE, table, renamed, resident_population(geography))
    nsw = read_nsw(folder / NSW_FILE, table)
    checked = [
        (ESS_SOURCE, ESS_FILE, *_checked(ess, ESS_SOURCE, folder / ESS_FILE, known, skip_invalid)),
        (NSW_SOURCE, NSW_FILE, *_checked(nsw, NSW_SOURCE, folder / NSW_FILE, known, skip_invalid)),
    ]
    withheld = {
        int(i) for _, _, valid, _ in checked for i in valid.loc[valid["value"].isna(), "indicator_id"]
    }
    save_indicators(engine, indicator_records(table, withheld))
    write_batches(
        engine,
        [
            BatchOfValues(source, "ons-local", [valid], file_name, report.rows_rejected)
            for source, file_name, valid, report in checked
        ],
    )
    return OnsLocalLoad(
        reports=[report for *_, report in checked],
        skipped={ESS_FILE: ess.skipped, NSW_FILE: nsw.skipped},
        indicators=len(table),
    )
