"""How the CLI reports what a load did with the metadata corrections."""

from __future__ import annotations

import pandas as pd
from rich.console import Console

from healthassets.cli.reports import print_corrections


def test_stale_corrections_are_named_and_applied_ones_counted() -> None:
    outcome = pd.DataFrame(
        {
            "indicator_id": [92033, 91040],
            "field": ["polarity", "polarity"],
            "published_value": ["High is good", "Low is good"],
            "corrected_value": ["Low is good", "High is good"],
            "extract_value": ["Low is good", "Low is good"],
            "status": ["no longer needed", "applied"],
        }
    )
    out = Console(record=True, width=200)
    print_corrections(out, outcome)
    text = out.export_text()
    assert "1 applied" in text
    assert "no longer needed: indicator 92033 polarity (the extract says 'Low is good'" in text
    assert "91040" not in text


def test_no_corrections_print_nothing() -> None:
    out = Console(record=True)
    print_corrections(out, pd.DataFrame(columns=["status"]))
    assert out.export_text() == ""
