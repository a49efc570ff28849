"""The JSNAA report: printable page and PDF (WeasyPrint), English and Welsh."""

from __future__ import annotations

import io
from typing import Any

import pypdf

OLDHAM = "E08000004"


def pdf_text(body: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)


def test_the_printable_report_has_contents_profiles_priority_areas_and_sources(site: Any) -> None:
    html = site.get(f"/areas/{OLDHAM}/report").text
    for marker in (
        'id="contents-title"',
        'id="profile-health-assets"',
        'id="profile-needs"',
        'id="assets-and-needs"',
        'id="report-priority"',
        'id="community-assets"',
        'id="stories"',
        'id="methods"',
        'id="sources"',
        "Oldham",
        "<svg",
    ):
        assert marker in html, marker  # fmt: skip
    assert "<script" not in html  # one self-contained document, printable as it is
    assert f"/areas/{OLDHAM}/report" in site.get(f"/areas/{OLDHAM}").text


def test_the_pdf_is_a_real_pdf_naming_oldham_with_its_profile_priority_areas_and_sources(site: Any) -> None:
    response = site.get(f"/areas/{OLDHAM}/report.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 3
    text = pdf_text(response.content)
    for words in (
        "Oldham",
        "Health assets",
        "Needs",
        "Priority areas",
        "Sources",
        "Page 1 /",
        "Open Government Licence",
    ):
        assert words in text, words  # fmt: skip


def test_the_welsh_report_is_in_welsh_with_its_letters(site: Any) -> None:
    html = site.get("/areas/W06000015/report?lang=cy").text
    assert '<html lang="cy">' in html and "Ffynonellau" in html and "Cynnwys" in html
    text = pdf_text(site.get("/areas/W06000015/report.pdf?lang=cy").content)
    assert "Caerdydd" in text and "Asedau ac anghenion" in text and "Tudalen 1 /" in text


def test_an_unknown_area_has_no_report(site: Any) -> None:
    assert site.get("/areas/E99999999/report.pdf").status_code == 404
    assert site.get("/areas/E99999999/report").status_code == 404
