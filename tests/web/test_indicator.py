"""The indicator page's metadata: polarity and benchmarking method, and a corrected field says so
(in English and in Welsh) — docs/adr/0040-indicator-metadata-corrections.md."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.db


def metadata_row(page: str, heading: str) -> str:
    """The text of the metadata table's row headed ``heading``."""
    found = re.search(
        rf'<dt class="govuk-summary-list__key">{re.escape(heading)}</dt>'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        page,
        re.S,
    )
    assert found, f"no metadata row {heading!r}"
    return html.unescape(found.group(1))


def test_corrected_polarity_is_shown_as_corrected(site: TestClient) -> None:
    page = site.get("/indicators/92033")
    assert page.status_code == 200
    polarity = metadata_row(page.text, "Polarity")
    assert polarity.startswith("Low is good (corrected: the extract says “High is good”; source: ")
    assert "PHOLIO" in polarity
    method = metadata_row(page.text, "Benchmarking method")
    assert method == "Confidence intervals overlapping reference value (95.0)"


def test_uncorrected_polarity_is_shown_plainly(site: TestClient) -> None:
    page = site.get("/indicators/41101")
    assert metadata_row(page.text, "Polarity") == "Low is good"


def test_correction_is_shown_in_welsh(site: TestClient) -> None:
    page = site.get("/indicators/92033?lang=cy")
    polarity = metadata_row(page.text, "Polaredd")
    assert polarity.startswith(
        "Isel yn dda (wedi'i gywiro: mae'r detholiad yn dweud “Uchel yn dda”; ffynhonnell: "
    )


def test_filled_gap_says_the_extract_had_nothing(site: TestClient) -> None:
    page = site.get("/indicators/92026")
    assert metadata_row(page.text, "Polarity").startswith(
        "Low is good (corrected: the extract says nothing; source: "
    )


def test_a_ward_listing_says_its_boundaries_are_approximate(site: TestClient) -> None:
    wards = site.get("/indicators/9220000", params={"area_type": "ward", "parent": "E08000004"})
    assert wards.status_code == 200 and 'id="map-approximate"' in wards.text
    shapes = site.get("/indicators/9220000/map.geojson", params={"area_type": "ward", "parent": "E08000004"})
    features = shapes.json()["features"]
    assert len(features) == 20 and all(f["properties"]["approximate"] for f in features)
    authorities = site.get("/indicators/9220000", params={"area_type": "ltla", "parent": "E12000002"})
    assert authorities.status_code == 200 and 'id="map-approximate"' not in authorities.text
