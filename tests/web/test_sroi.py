"""The /sroi page: the form, the example, results equal to the engine's, the CSV, reflation,
and every kind of bad input answered in the form (never a 500)."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from healthassets.services.sroi import SroiRequest, calculate
from healthassets.web.routes.sroi import example_form
from tests.web.helpers import csrf_of

IMPACT = (
    "outcome,quantity,proxy,duration,deadweight,displacement,attribution,drop_off,price_year\n"
    "Less isolation,10,100,3,0.1,0,0.2,0.5,2022\nFewer GP visits,4,250,1,0,0,0,0,2024\n"
)


def post(site: TestClient, lang: str = "en", files: dict[str, Any] | None = None, **fields: str) -> Any:
    token = csrf_of(site.get("/sroi").text)
    form = {
        "impact_text": IMPACT,
        "investment": "1500",
        "discount": "green-book",
        "rate": "3.5",
        "draws": "0",
        "seed": "1",
        "change": "10",
        "price_year": "",
        "deflators": "",
        "action": "show",
    }
    form.update(fields)
    return site.post(f"/sroi?lang={lang}", data={**form, "csrf_token": token}, files=files)


def test_the_page_is_linked_from_every_page(site: TestClient) -> None:
    for path in ("/", "/assets", "/sroi"):
        assert 'href="/sroi"' in site.get(path).text
    page = site.get("/sroi")
    assert page.status_code == 200 and 'id="sroi-form"' in page.text and "sroi-results" not in page.text


def test_results_are_the_engines_figures(site: TestClient) -> None:
    response = post(site)
    assert response.status_code == 200, response.text
    expected = calculate(SroiRequest(IMPACT, 1500.0)).result
    pv = 720 / 1.035 + 360 / 1.035**2 + 180 / 1.035**3 + 1000 / 1.035
    assert expected.total_present_value == pytest.approx(pv)
    assert f"£{expected.sroi_ratio:.2f}" in response.text
    assert f"£{expected.total_present_value:,.0f}" in response.text
    assert 'id="sroi-tornado"' in response.text and "sroi-histogram" not in response.text


def test_constant_rate_monte_carlo_and_csv(site: TestClient) -> None:
    ranged = IMPACT.replace("price_year\n", "price_year,proxy_low,proxy_high\n", 1)
    ranged = ranged.replace(",2022\n", ",2022,80,120\n").replace(",2024\n", ",2024,,\n")
    response = post(
        site, impact_text=ranged, discount="constant", rate="5", draws="500", seed="9", action="csv"
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    table = pd.read_csv(io.StringIO(response.text))
    engine = calculate(SroiRequest(ranged, 1500.0, 0.05, 500, 9)).table()
    assert list(table.columns) == list(engine.columns)
    assert table.iloc[-1]["sroi_ratio_median"] == pytest.approx(
        engine.iloc[-1]["sroi_ratio_median"], rel=1e-12
    )
    assert table.iloc[-1]["sroi_ratio"] == pytest.approx(engine.iloc[-1]["sroi_ratio"], rel=1e-12)
    page = post(site, impact_text=ranged, discount="constant", rate="5", draws="500", seed="9")
    assert 'id="sroi-histogram"' in page.text and "seed 9" in page.text


def test_upload_and_reflation(site: TestClient) -> None:
    response = post(
        site, impact_text="", price_year="2023", deflators="year,index\n2022,95\n2023,100\n2024,104\n",
        files={"impact_file": ("impact.csv", IMPACT.encode(), "text/csv")},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    assert "2023" in response.text
    year1 = 10 * 100 * 100 / 95 * 0.9 * 0.8 + 4 * 250 * 100 / 104
    assert f"{year1:,.0f}" in response.text


def test_the_example_works_in_welsh(site: TestClient) -> None:
    form = example_form()
    assert "(example)" in form["impact_text"]
    page = site.get("/sroi?example=1&lang=cy")
    assert "Enillion cymdeithasol ar fuddsoddiad" in page.text and "Less loneliness (example)" in page.text
    response = post(site, lang="cy", impact_text=form["impact_text"], investment="25000", draws="200")
    assert response.status_code == 200 and "Cymhareb SROI" in response.text


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"investment": "lots"}, "Enter the investment as an amount in pounds"),
        ({"investment": "-5"}, "The investment must be more than £0"),
        ({"discount": "constant", "rate": "abc"}, "Enter the discount rate as a percentage"),
        ({"discount": "constant", "rate": "150"}, "from 0% to less than 100%"),
        ({"draws": "2.5"}, "whole number from 0 to"),
        ({"draws": "99999999"}, "whole number from 0 to"),
        ({"change": "0"}, "more than 0% and less than 100%"),
        ({"impact_text": " "}, "Upload or paste an impact map"),
        ({"impact_text": "outcome,quantity\nA,1\n"}, "missing column"),
        ({"impact_text": IMPACT.replace("10,100", "ten,100")}, "row 1, column &#39;quantity&#39;"),
        ({"impact_text": "not,a\ncsv"}, "missing column"),
        ({"price_year": "2023", "deflators": "2022,95\n"}, "no value for 2023, 2024"),
        ({"price_year": "2023", "deflators": "year,index\n2022,95\ntwenty,1"}, "is not &#39;year,index&#39;"),
        ({"price_year": "2023", "deflators": "twenty"}, "has no line of &#39;year,index&#39;"),
        ({"price_year": "nope"}, "Enter the price year as a year"),
    ],
)
def test_bad_input_is_shown_in_the_form(site: TestClient, fields: dict[str, str], expected: str) -> None:
    response = post(site, **fields)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text and expected in response.text


def test_a_post_without_its_token_is_refused(site: TestClient) -> None:
    response = site.post("/sroi", data={"impact_text": IMPACT, "investment": "10"})
    assert response.status_code == 403
