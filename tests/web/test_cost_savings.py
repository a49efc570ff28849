"""The cost–savings page: results by decile, every problem in the form, Welsh."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

GOOD = {
    "area": "Oldham", "deciles": ["1", "2"], "reach": "10", "cost_per_head": "£50", "effect_per_head": "0.5",
    "unit_cost": "42", "years": "3", "discount": "constant", "rate": "0",
}  # fmt: skip


def get(site: TestClient, **changes: Any) -> Any:
    return site.get("/cost-savings", params={**GOOD, **changes})


def test_first_visit_shows_the_form(site: TestClient) -> None:
    page = site.get("/cost-savings")
    assert (
        page.status_code == 200 and 'id="cost-form"' in page.text and "govuk-error-summary" not in page.text
    )


def test_results_by_decile_and_total(site: TestClient) -> None:
    page = get(site)
    assert page.status_code == 200 and "Results for Oldham" in page.text
    assert page.text.count("£1.26") == 3  # two deciles and the total: 3 × 0.5 × 42 / 50


def test_each_problem_is_named(site: TestClient) -> None:
    page = get(site, area="Atlantis zz", deciles=[], reach="lots", years="2.5")
    assert page.status_code == 400
    for words in ("English area", "Choose one or more deciles", "share reached", "whole number"):
        assert words in page.text
    wales = get(site, area="W06000015")
    assert wales.status_code == 400 and "England only" in wales.text


def test_welsh(site: TestClient) -> None:
    page = get(site, lang="cy")
    assert page.status_code == 200 and 'lang="cy"' in page.text
    assert "Costs and savings by deprivation decile" not in page.text
