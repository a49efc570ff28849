"""Issue 13's place plans in Chromium: a planner signs in, creates a plan for Oldham, adds priority
assets, projects, an outcome, alignments and a dependency through the page's forms, and sees the ring
chart (a solid and a dashed line), the gaps, a pathway and the ranking; the report renders and its
PDF is a PDF. The plan page and the list are axe-core clean in English and Welsh, wide and on a
390 px phone, without sideways scrolling; so is the SROI page with the example's results.

One signed-in page on :func:`register_server` serves every test of the module (one plan, built
once by the journey), so the module costs one sign-in and one journey. Screenshots go to
``/tmp/plan_shots/`` for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import REGISTER_PASSWORD, _new_page
from tests.browser.helpers import axe_violations, describe_violations, with_lang

pytestmark = [pytest.mark.browser, pytest.mark.db]
PLANNER = "planner@example.org"
SHOTS = Path("/tmp/plan_shots")
PHONE = 390
WIDE = 1280
#: elements past the right edge that widen the document: outside a scrolling table wrapper, or
#: positioned against something outside it (so escaping its scrolling), for the failure message
WIDE_ELEMENTS = """width => [...document.querySelectorAll('body *')].filter(e => {
  if (e.getBoundingClientRect().right <= width + 1) return false;
  const wrap = e.parentElement && e.parentElement.closest('.ha-table-wrap, .leaflet-container');
  if (!wrap) return true;
  const position = getComputedStyle(e).position;
  const escapes = !(e.offsetParent && wrap.contains(e.offsetParent));
  return (position === 'absolute' || position === 'fixed') && escapes;
}).slice(0, 6).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
  + (e.classList[0] ? '.' + e.classList[0] : '') + (e.htmlFor ? '[for=' + e.htmlFor + ']' : '')
  + ' right ' + Math.round(e.getBoundingClientRect().right))"""


@pytest.fixture(scope="module")
def planner(browser: Any, register_server: Any) -> Iterator[Any]:
    """A page signed in as a planner (Role.PLANNER), shared by the module's tests."""
    from healthassets.assets.vocabulary import Role
    from healthassets.services.accounts import create_account
    from healthassets.web.routes.plans import CREATED

    CREATED.reset(register_server.app.state.engine)
    create_account(register_server.app.state.engine, PLANNER, REGISTER_PASSWORD, Role.PLANNER)
    page = _new_page(browser, register_server.url, viewport={"width": WIDE, "height": 900})
    page.goto("/login")
    page.fill("#email", PLANNER)
    page.fill("#password", REGISTER_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(re.compile(r"/assets"))
    yield page
    page.context.close()


@pytest.fixture(autouse=True)
def no_script_errors(planner: Any) -> Iterator[None]:
    """Each test starts wide, in English, and fails on a script error or a resource that failed."""
    planner.js_errors.clear()
    planner.set_viewport_size({"width": WIDE, "height": 900})
    yield
    assert not planner.js_errors, f"JavaScript errors: {planner.js_errors}"


def open_details(page: Any, summary: str) -> Any:
    """Opens the <details> whose summary says ``summary``; returns it."""
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(details.locator(".govuk-details__text")).to_be_visible()
    return details


def submit(page: Any, form_id: str) -> None:
    """Submits one of the plan page's forms and waits for the page it comes back to."""
    with page.expect_navigation():
        page.locator(f"#{form_id} button[type=submit]").click()
    assert not page.locator(".govuk-error-summary").count(), page.locator(".govuk-error-summary").inner_text()


def add_asset(page: Any, title: str, dimension: str, physical: str, why: str) -> None:
    open_details(page, "Add a priority asset")
    page.fill("#asset-title", title)
    page.select_option("#asset-dimension", dimension)
    page.select_option("#asset-physical", physical)
    page.fill("#asset-rationale", why)
    submit(page, "form-add_asset")
    expect(page.locator("table.ha-plan-assets", has_text=title)).to_be_visible()


def add_project(page: Any, name: str, sector: str, cost: str, status: str) -> None:
    open_details(page, "Add a project")
    page.fill("#project-name", name)
    page.select_option("#project-sector", sector)
    page.fill("#project-cost", cost)
    page.select_option("#project-status", status)
    submit(page, "form-add_project")
    expect(page.locator("#project-table")).to_contain_text(name)


@pytest.fixture(scope="module")
def plan_path(planner: Any) -> str:
    """The journey through the forms, once: the plan's path (/plans/<id>)."""
    page = planner
    page.goto("/plans")
    expect(page.locator("h2", has_text="Create a plan")).to_be_visible()
    page.fill("#title", "Healthy Oldham")
    page.fill("#area", "Oldham")  # a name, not a code
    with page.expect_navigation():
        page.click("#new-plan button[type=submit]")
    expect(page.locator("h1")).to_have_text("Healthy Oldham")
    expect(page.locator(".govuk-caption-l")).to_contain_text("Oldham")
    path = urlparse(page.url).path
    assert re.fullmatch(r"/plans/[\w-]+", path), page.url

    add_asset(page, "Parks", "natural_environment", "yes", "Where people walk")
    add_asset(page, "Walking groups", "lifestyle_activities", "no", "Company for the first steps")
    add_project(page, "Greenway", "green_infrastructure", "1,200,000", "planned")
    add_project(page, "Link workers", "health_service", "90000", "proposed")

    open_details(page, "Add an outcome")
    page.fill("#outcome-title", "More people active")
    page.fill("#outcome-target", "70")
    submit(page, "form-add_outcome")
    expect(page.locator("#outcome-table")).to_contain_text("More people active")

    # the alignment matrix: Greenway strongly with Parks, partly with Walking groups
    page.get_by_label("Greenway and Parks").select_option("strong")
    page.get_by_label("Greenway and Walking groups").select_option("partial")
    page.fill("#note-p1-a1", "joins the parks")
    submit(page, "form-alignment")
    expect(page.get_by_label("Greenway and Parks")).to_have_value("strong")
    expect(page.get_by_label("Greenway and Walking groups")).to_have_value("partial")
    expect(page.get_by_label("Link workers and Parks")).to_have_value("none")

    open_details(page, "Add a dependency")
    page.select_option("#link-source", label="Parks")
    page.select_option("#link-target", label="More people active")
    page.fill("#link-note", "active play")
    submit(page, "form-add_link")
    expect(page.locator("#link-list")).to_contain_text("Parks → More people active: active play")
    return path


def test_a_planner_builds_a_plan_in_the_browser(planner: Any, plan_path: str) -> None:
    page = planner
    page.goto(plan_path)

    # the ring chart: one solid line (strong) and one dashed (partial), the place in the centre
    ring = page.locator("figure.ha-plan-ring svg")
    expect(ring).to_be_visible()
    expect(ring.locator("line")).to_have_count(2)
    expect(ring.locator("line[stroke-dasharray]")).to_have_count(1)
    expect(ring.locator("line:not([stroke-dasharray])")).to_have_count(1)
    expect(ring.locator("text", has_text="Oldham")).to_have_count(1)
    expect(page.locator("#ring-key")).to_contain_text("A: Greenway")
    expect(page.locator("#ring-key")).to_contain_text("2: Walking groups")

    # gaps: the project aligned with nothing
    gaps = page.locator("#gap-list li")
    expect(gaps).to_have_count(1)
    expect(gaps).to_have_text("The project “Link workers” supports no priority asset.")
    expect(page.locator("#project-table")).to_contain_text("Supports no priority asset")

    # the pathway from Greenway to the outcome; Link workers reaches none
    pathways = page.locator("h4", has_text="Greenway").locator("xpath=following-sibling::*[1]")
    expect(pathways).to_have_text("Greenway → Parks → More people active")
    link_workers = page.locator("h4", has_text="Link workers").locator("xpath=following-sibling::*[1]")
    expect(link_workers).to_have_text("No pathway reaches an outcome yet.")

    # the ranking: Greenway first
    ranking = page.locator("#ranking-table tbody tr")
    expect(ranking).to_have_count(2)
    expect(ranking.first.locator("th")).to_have_text("Greenway")
    expect(ranking.first.locator("td").first).to_have_text("1")

    # the report, and its PDF (the plan is private: the page's cookies go with the request)
    page.click("a:has-text('The shared case for investment (report)')")
    page.wait_for_url(re.compile(r"/report$"))
    expect(page.locator("#report-title")).to_have_text("Healthy Oldham")
    expect(page.locator("#alignment ~ figure svg line[stroke-dasharray]")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Greenway → Parks → More people active")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "report-en-1280.png"), full_page=True)
    pdf_href = page.locator("#report-pdf").get_attribute("href")
    response = page.request.get(pdf_href)
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "application/pdf", response.headers
    assert response.body().startswith(b"%PDF")
    page.goto(plan_path)
    plan_pdf = page.get_by_role("link", name="PDF", exact=True).get_attribute("href")
    assert plan_pdf == pdf_href


def open_checked(page: Any, path: str, lang: str, width: int, shot: str) -> None:
    """Opens ``path`` with every <details> open (as a planner sees the forms once opened), saves a
    full-page screenshot and checks axe-core finds nothing."""
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(with_lang(path, lang))
    assert response is not None and response.status == 200, response and response.status
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{shot}-{lang}-{width}.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, f"{path} ({lang}, {width} px):\n{describe_violations(violations)}"


def assert_no_sideways_scroll(page: Any, width: int) -> None:
    """WCAG 1.4.10: the document is no wider than the window (wide tables scroll in .ha-table-wrap)."""
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, (
        f"{page.url} is {scroll} px wide at {width}: {page.evaluate(WIDE_ELEMENTS, width)}"
    )


@pytest.mark.parametrize("width", [WIDE, PHONE], ids=["wide", "phone"])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_plan_page_is_axe_clean_and_reflows(planner: Any, plan_path: str, lang: str, width: int) -> None:
    page = planner
    open_checked(page, plan_path, lang, width, shot="plan")
    figure = page.locator("figure.ha-plan-ring")
    figure.screenshot(path=str(SHOTS / f"ring-{lang}-{width}.png"))
    page.locator("#alignment-table").locator("xpath=..").screenshot(
        path=str(SHOTS / f"matrix-{lang}-{width}.png")
    )
    # the ring chart scales to the window rather than overflowing it
    box = page.locator("figure.ha-plan-ring svg").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert_no_sideways_scroll(page, width)


@pytest.mark.parametrize("width", [WIDE, PHONE], ids=["wide", "phone"])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_plan_list_is_axe_clean_and_reflows(planner: Any, plan_path: str, lang: str, width: int) -> None:
    open_checked(planner, "/plans", lang, width, shot="plans")
    assert_no_sideways_scroll(planner, width)
    expect(planner.locator("#plan-list")).to_contain_text("Healthy Oldham")


@pytest.mark.parametrize("width", [WIDE, PHONE], ids=["wide", "phone"])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_sroi_example_results_are_axe_clean_and_reflow(planner: Any, lang: str, width: int) -> None:
    """The SROI page's example, calculated: the results show, axe-core finds nothing, and on a phone
    the document does not scroll sideways."""
    page = planner
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(with_lang("/sroi", lang))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    with page.expect_navigation():
        page.click("#sroi-example")
    expect(page.locator("#impact_text")).not_to_have_value("")
    with page.expect_navigation():
        page.click("#sroi-calculate")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#sroi-results")).to_be_visible()
    expect(page.locator("#sroi-outcomes")).to_be_visible()
    assert page.locator("#sroi-outcomes tbody tr").count() >= 3  # two outcomes or more, and the total
    expect(page.locator("#sroi-summary")).to_contain_text("£")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"sroi-{lang}-{width}.png"), full_page=True)
    violations = axe_violations(page)
    assert not violations, f"/sroi results ({lang}, {width} px):\n{describe_violations(violations)}"
    assert_no_sideways_scroll(page, width)
