"""How often our recent trend agrees with the trends Fingertips published in the bundled extract.

For every series (indicator, area, sex, age, category) whose latest row carries a published
``Trend``, compute healthassets' recent trend from the series' values and compare. Writes the
figures to docs/trend-agreement.md's table when run with --write.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from healthassets.benchmark.trend import recent_trend
from healthassets.indicators.corrections import apply_corrections
from healthassets.io.corrections import FILE_NAME, read_corrections
from healthassets.io.fingertips_next import read_indicators, read_values

DATA = Path(__file__).resolve().parents[1] / "data" / "fingertips"
SERIES = ["indicator_id", "area_code", "sex", "age", "category_type", "category"]


def series_frame() -> pd.DataFrame:
    # the polarities the loader uses: the extract's, corrected (docs/polarity-audit.md)
    indicators = apply_corrections(read_indicators(DATA), read_corrections(DATA / FILE_NAME)).indicators
    frame = read_values(DATA, indicators)
    for column in ("value", "count", "denominator", "lower95_0cl", "upper95_0cl"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    frame["indicator_id"] = pd.to_numeric(frame["indicator_id"])
    frame["period_sortable"] = pd.to_numeric(frame["period"].str.slice(0, 4)) * 10000
    meta = indicators.set_index("id")
    frame["value_type"] = frame["indicator_id"].map(meta["value_type"])
    frame["polarity"] = frame["indicator_id"].map(meta["polarity"])
    # the extract repeats keys (quarterly data, rounded copies): keep the first of each
    return frame.drop_duplicates([*SERIES, "period"])


def compare(confidence: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = series_frame()
    ours = recent_trend(frame, SERIES, confidence=confidence)
    latest = frame.sort_values("period_sortable").groupby(SERIES, dropna=False).tail(1)
    published = latest[[*SERIES, "recent_trend"]].rename(columns={"recent_trend": "published"})
    joined = ours.merge(published, on=SERIES)
    joined = joined[joined["published"].fillna("").str.strip() != ""]
    return joined, pd.crosstab(joined["published"], joined["trend"])


def run() -> dict[str, object]:
    figures: dict[str, object] = {}
    for confidence in (0.95, 0.998, 0.999):
        joined, table = compare(confidence)
        agree = (joined["published"] == joined["trend"]).mean()
        figures[f"agreement_at_{confidence}"] = round(float(agree), 4)
        figures["series_compared"] = len(joined)
        print(f"confidence {confidence}: {agree:.1%} of {len(joined):,} series agree")
    joined, table = compare(0.999)
    print(table.to_string())
    return figures


if __name__ == "__main__":
    run()
    sys.exit(0)
