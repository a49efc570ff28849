"""Issue 5's journey in Chromium: a visitor suggests an asset → a moderator approves it → it appears
on the map, in the list, in the Open Referral API and in its area's asset count on the profile; the
register's list, forms and pages are axe-core clean."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import REGISTER_PASSWORD, _new_page
from tests.browser.helpers import axe_violations, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.db]
NAME = "Chorlton Water Park walking group"
LAT, LON = "53.432820", "-2.281570"  # Chorlton, Manchester
ALL_ASSETS = 9_100_000  # indicator: number of published assets (docs/adr/0020)


@pytest.fixture
def visitor(browser: Any, register_server: Any) -> Any:
    page = _new_page(browser, register_server.url, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()


@pytest.fixture
def moderator(browser: Any, register_server: Any) -> Any:
    page = _new_page(browser, register_server.url, viewport={"width": 1280, "height": 900})
    page.goto("/login")
    page.fill("#email", "moderator@example.org")
    page.fill("#password", REGISTER_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(re.compile(r"/assets"))
    yield page
    page.context.close()


def asset_count(page: Any, server: Any, lsoa: str) -> float:
    body = page.request.get(
        f"{server.url}/api/v1/values", params={"indicator": ALL_ASSETS, "area": lsoa}
    ).json()
    values = [v["value"] for v in body["values"]]
    assert values, f"{lsoa} is in the register's coverage, so it has a count"
    return float(values[-1])


def lsoa_of_point(page: Any, server: Any) -> str:
    """The LSOA the asset will fall in, found through the API's boundaries (by the app's own code)."""
    from shapely.geometry import Point, shape

    areas = page.request.get(
        f"{server.url}/api/v1/boundaries", params={"area_type": "lsoa", "parent": "E08000003"}
    ).json()
    point = Point(float(LON), float(LAT))
    found = [
        f["properties"]["code"]
        for f in areas["features"]
        if shape(f["geometry"]).buffer(1e-4).contains(point)
    ]
    assert found
    return str(found[0])


def test_suggest_approve_and_see_it_everywhere(visitor: Any, moderator: Any, register_server: Any) -> None:
    lsoa = lsoa_of_point(visitor, register_server)
    before = asset_count(visitor, register_server, lsoa)

    # a visitor suggests an asset, without an account
    visitor.goto("/assets/new")
    assert not axe_violations(visitor), describe_violations(axe_violations(visitor))
    visitor.fill("#name", NAME)
    visitor.fill("#description", "A gentle walk round the lake every Tuesday at 10, all welcome.")
    visitor.check("#asset_type-association")
    visitor.check("#dimensions-natural_environment")
    visitor.check("#five_ways-be_active")
    visitor.fill("#latitude", LAT)
    visitor.fill("#longitude", LON)
    visitor.click("#asset-form button[type=submit]")
    expect(visitor.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(visitor.locator("#asset-list")).not_to_contain_text(NAME)

    # a moderator approves it
    moderator.goto("/moderation")
    card = moderator.locator(".govuk-summary-card", has_text=NAME)
    expect(card).to_be_visible()
    assert not axe_violations(moderator), describe_violations(axe_violations(moderator))
    card.get_by_role("button", name=re.compile("^Approve")).click()
    expect(moderator.locator("#done")).to_contain_text("approve")
    register_server.app.state.asset_refresher.wait(180)

    # … and it is in the list, on the map and in the Open Referral feed
    visitor.goto("/assets?q=Chorlton+Water+Park")
    link = visitor.locator("#asset-list a", has_text=NAME)
    expect(link).to_be_visible()
    assert not axe_violations(visitor), describe_violations(axe_violations(visitor))
    asset_id = str(link.get_attribute("href")).split("/assets/")[1]
    expect(visitor.locator("#asset-map")).to_have_attribute("data-ready", re.compile(r"^[1-9]"))
    visitor.goto("/assets?q=Chorlton+Water+Park&type=association")
    expect(visitor.locator("#asset-map")).to_have_attribute("data-ready", "1")
    expect(visitor.locator("#asset-map .leaflet-marker-icon").first).to_be_visible()
    feed = visitor.request.get(
        f"{register_server.url}/openreferral/services", params={"search": "Chorlton Water Park"}
    )
    assert asset_id in [s["id"] for s in feed.json()["contents"]]

    # … and in its area's count on the profile
    assert asset_count(visitor, register_server, lsoa) == before + 1
    visitor.goto(f"/areas/{lsoa}")
    community = visitor.locator("section", has=visitor.locator("h2", has_text="Community assets"))
    expect(community).to_contain_text(f"{int(before + 1)}")

    # the asset page itself
    visitor.goto(f"/assets/{asset_id}")
    expect(visitor.locator("h1")).to_have_text(NAME)
    assert not axe_violations(visitor), describe_violations(axe_violations(visitor))


def test_register_pages_are_axe_clean_in_welsh(visitor: Any) -> None:
    for path in ("/assets?lang=cy", "/assets/new?lang=cy", "/login?lang=cy"):
        visitor.goto(path)
        assert visitor.locator("html").get_attribute("lang") == "cy"
        violations = axe_violations(visitor)
        assert not violations, f"{path}: {describe_violations(violations)}"


def test_form_errors_are_announced_and_axe_clean(visitor: Any) -> None:
    visitor.goto("/assets/new")
    visitor.click("#asset-form button[type=submit]")
    summary = visitor.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("name", re.I)).first.click()
    expect(visitor.locator("#name")).to_be_focused()
    assert not axe_violations(visitor), describe_violations(axe_violations(visitor))


def test_password_page_errors_are_announced_and_axe_clean(moderator: Any) -> None:
    moderator.click("#account-bar a[href='/account/password']")
    moderator.wait_for_url(re.compile(r"/account/password"))
    assert not axe_violations(moderator), describe_violations(axe_violations(moderator))
    moderator.fill("#current_password", "not the moderator password")
    moderator.fill("#new_password", "a new long password")
    moderator.fill("#confirm_password", "a new long password")
    moderator.click("#password-form button[type=submit]")
    summary = moderator.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("current password", re.I)).click()
    expect(moderator.locator("#current_password")).to_be_focused()
    assert not axe_violations(moderator), describe_violations(axe_violations(moderator))


@pytest.mark.parametrize(("latitude", "longitude"), [("abc", "-2.1"), ("53,5", "-2,1"), ("999", "999")])
def test_bad_coordinates_give_messages_not_script_errors(visitor: Any, latitude: str, longitude: str) -> None:
    visitor.goto("/assets/new")
    visitor.fill("#latitude", latitude)
    visitor.fill("#longitude", longitude)
    visitor.click("#asset-form button[type=submit]")
    summary = visitor.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(re.compile("latitude", re.I))
    assert visitor.locator("#latitude").input_value() == latitude  # kept for correcting
    assert not visitor.js_errors, visitor.js_errors


def test_national_records_on_the_map_and_list_with_where_the_register_is_mapped(visitor: Any) -> None:
    """Cornwall's GP practices, pharmacies, dentists and libraries (national layers, docs/adr/0051):
    the map fits the area and clusters its markers, the list pages through them, each is credited,
    and the page says where each kind is mapped — in English and Welsh, axe-clean."""
    visitor.goto("/assets?area=E06000052")
    coverage = visitor.locator("#asset-coverage")
    expect(coverage).to_contain_text("GP practices:")
    expect(coverage).to_contain_text("Every other kind of asset: Greater Manchester")
    expect(visitor.locator("#asset-map")).to_have_attribute("data-ready", re.compile(r"^[1-9]"))
    expect(
        visitor.locator("#asset-map .leaflet-marker-icon, #asset-map .marker-cluster").first
    ).to_be_visible()
    expect(visitor.locator(".govuk-pagination__next")).to_be_visible()
    assert not axe_violations(visitor), describe_violations(axe_violations(visitor))
    visitor.locator("#asset-list a").first.click()
    expect(visitor.locator("dl")).to_contain_text("national layer, England and Wales")
    visitor.goto("/assets?area=E06000052&lang=cy")
    expect(visitor.locator("#asset-coverage")).to_contain_text("Pob math arall o ased")
    assert not axe_violations(visitor), describe_violations(axe_violations(visitor))
