"""The place-plan pages (issue 13): a planner's journey, permissions, sharing, one-time scoring
links, the report and exports, and bad input shown in the page."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from healthassets.assets.vocabulary import Role
from healthassets.services.accounts import create_account
from tests.web.helpers import PASSWORD, csrf_of, sign_in


@pytest.fixture
def planner(register: TestClient) -> TestClient:
    from healthassets.web.routes.plans import CREATED, INVITED

    CREATED.reset(register.app.state.engine)  # type: ignore[attr-defined]
    INVITED.reset(register.app.state.engine)  # type: ignore[attr-defined]
    create_account(register.app.state.engine, "pat@example.org", PASSWORD, Role.PLANNER)  # type: ignore[attr-defined]
    sign_in(register, "pat@example.org")
    return register


def new_plan(client: TestClient, title: str = "Healthy Oldham", area: str = "Oldham") -> str:
    page = client.get("/plans")
    response = client.post(
        "/plans",
        data={"title": title, "area": area, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return response.headers["location"].rsplit("/", 1)[-1]


def edit(client: TestClient, plan_id: str, action: str, expect: int = 303, **fields: Any) -> Any:
    page = client.get(f"/plans/{plan_id}")
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version, "no edit form on the plan page"
    data = {"action": action, "version": version.group(1), "csrf_token": csrf_of(page.text), **fields}
    response = client.post(f"/plans/{plan_id}", data=data, follow_redirects=False)
    assert response.status_code == expect, response.text[:3000]
    return response


def build_journey(client: TestClient) -> str:
    plan_id = new_plan(client)
    edit(client, plan_id, "add_outcome", title="More people active", target="70")
    edit(
        client,
        plan_id,
        "add_asset",
        title="Parks",
        dimension="natural_environment",
        physical="yes",
        rationale="Where people walk",
    )
    edit(
        client, plan_id, "add_asset", title="Walking groups", dimension="lifestyle_activities", physical="no"
    )
    edit(client, plan_id, "add_asset", title="Cooking skills", dimension="personal_capacity", physical="no")
    edit(
        client,
        plan_id,
        "add_project",
        name="Greenway",
        sector="green_infrastructure",
        cost="1,200,000",
        start_year="2026",
        end_year="2028",
        status="planned",
    )
    edit(client, plan_id, "add_project", name="Link workers", sector="health_service", status="proposed")
    edit(client, plan_id, "add_project", name="Fibre roll-out", sector="digital")
    edit(
        client,
        plan_id,
        "alignment",
        **{"cell-p1-a1": "strong", "note-p1-a1": "joins parks", "cell-p2-a2": "partial"},
    )
    edit(client, plan_id, "add_link", source="a1", target="o1", note="active play")
    edit(client, plan_id, "add_link", source="a2", target="a1")
    edit(client, plan_id, "scores", **{"score-a1-s1": "5", "score-a1-s2": "3", "weight-s1": "3"})
    edit(
        client,
        plan_id,
        "add_factor",
        project="p1",
        kind="barrier",
        heading="funding_delivery",
        text="Phase 2 unfunded",
    )
    return plan_id


def test_a_planner_builds_a_plan(planner: TestClient) -> None:
    plan_id = build_journey(planner)
    page = planner.get(f"/plans/{plan_id}").text
    assert "Healthy Oldham" in page and "Oldham" in page
    assert "No project supports the priority asset “Cooking skills”" in page
    assert "The project “Fibre roll-out” supports no priority asset." in page
    assert "Greenway → Parks → More people active" in page
    assert "Link workers → Walking groups → Parks → More people active" in page
    assert 'stroke-dasharray="6 4"' in page  # the partial alignment's dashed line
    # Parks: (3·5 + 1·3) / 4 = 4.5 with weights 3 and 1
    assert ">4.5<" in page
    assert "Phase 2 unfunded" in page
    ranking = planner.get(f"/plans/{plan_id}/tables/project_ranking.csv")
    rows = list(csv.DictReader(io.StringIO(ranking.text)))
    by_name = {r["project"]: r for r in rows}
    # Greenway: strong 1 × 4.5 + outcome 1 × 1; Link workers: partial 0.5 × 1 + indirect 0.25 × 4.5 + 1
    assert float(by_name["Greenway"]["total"]) == pytest.approx(5.5)
    assert float(by_name["Link workers"]["total"]) == pytest.approx(0.5 + 1.125 + 1.0)
    assert float(by_name["Fibre roll-out"]["total"]) == 0
    alignment = list(csv.DictReader(io.StringIO(planner.get(f"/plans/{plan_id}/tables/alignment.csv").text)))
    assert (
        len(alignment) == 9
        and {"project": "Greenway", "asset": "Parks", "strength": "strong", "note": "joins parks"}
        in alignment
    )


def test_weights_can_be_tried_without_saving(planner: TestClient) -> None:
    plan_id = build_journey(planner)
    tried = planner.get(f"/plans/{plan_id}", params={"w_strong": "2"}).text
    assert "Showing the weights you are trying" in tried
    assert "10.00" in tried  # Greenway: 2 × 4.5 + 1
    edit(planner, plan_id, "weights", w_strong="2", w_partial="0.5", w_indirect="0.25", w_outcome="1")
    saved = planner.get(f"/plans/{plan_id}").text
    assert "Showing the weights you are trying" not in saved and "10.00" in saved


def test_bad_edits_are_shown_and_nothing_is_saved(planner: TestClient) -> None:
    plan_id = new_plan(planner)
    response = edit(planner, plan_id, "add_project", expect=400, name="", sector="digital")
    assert "govuk-error-summary" in response.text and "The change was not saved" in response.text
    response = edit(planner, plan_id, "add_asset", expect=400, title="X", dimension="moon")
    assert "is not one of" in response.text
    response = edit(planner, plan_id, "add_link", expect=400, source="a9", target="o1")
    assert "does not have" in response.text
    assert "No projects yet." in planner.get(f"/plans/{plan_id}").text


def test_a_stale_form_is_refused(planner: TestClient) -> None:
    plan_id = new_plan(planner)
    page = planner.get(f"/plans/{plan_id}")
    token = csrf_of(page.text)
    first = {"action": "add_stakeholder", "version": "1", "csrf_token": token, "name": "Youth panel"}
    assert planner.post(f"/plans/{plan_id}", data=first, follow_redirects=False).status_code == 303
    second = {**first, "name": "Older people's forum"}
    response = planner.post(f"/plans/{plan_id}", data=second, follow_redirects=False)
    assert response.status_code == 400 and "someone else changed this plan" in response.text


def test_who_may_see_and_change_a_plan(planner: TestClient) -> None:
    plan_id = new_plan(planner)
    planner.cookies.clear()
    assert planner.get(f"/plans/{plan_id}").status_code == 404  # private: not even its existence
    sign_in(planner, "ann@example.org")  # a contributor
    assert planner.get(f"/plans/{plan_id}").status_code == 404
    page = planner.get("/plans")
    assert "Create a plan" not in page.text and "planner role" in page.text
    token = csrf_of(planner.get("/login").text)
    refused = planner.post("/plans", data={"title": "Mine", "area": "Oldham", "csrf_token": token})
    assert refused.status_code == 403
    planner.cookies.clear()
    sign_in(planner, "admin@example.org")
    page = planner.get(f"/plans/{plan_id}").text
    assert "Delete the plan" in page and "History of changes" in page
    history = planner.get("/admin/audit", params={"entity": "plan", "entity_id": plan_id})
    assert history.status_code == 200 and "pat@example.org" in history.text and plan_id[:8] in history.text


def test_sharing_by_link_and_publicly(planner: TestClient) -> None:
    plan_id = new_plan(planner)
    shared = edit(planner, plan_id, "sharing", expect=200, visibility="link")
    key = re.search(r"\?key=([A-Za-z0-9_-]+)</code>", shared.text)
    assert key
    planner.cookies.clear()
    assert planner.get(f"/plans/{plan_id}", params={"key": "wrong"}).status_code == 404
    read = planner.get(f"/plans/{plan_id}", params={"key": key.group(1)})
    assert (
        read.status_code == 200 and "Delete the plan" not in read.text and 'name="version"' not in read.text
    )
    assert planner.get(f"/api/v1/plans/{plan_id}", params={"key": key.group(1)}).status_code == 200
    assert planner.get(f"/api/v1/plans/{plan_id}").status_code == 404
    sign_in(planner, "pat@example.org")
    edit(planner, plan_id, "sharing", visibility="public")
    planner.cookies.clear()
    assert planner.get(f"/plans/{plan_id}").status_code == 200
    assert plan_id in planner.get("/api/v1/plans").text


def test_a_group_scores_once_by_invitation(planner: TestClient) -> None:
    plan_id = new_plan(planner)
    edit(planner, plan_id, "add_asset", title="Parks", dimension="natural_environment")
    invited = edit(planner, plan_id, "invite", expect=200, stakeholder="s2")
    link = re.search(r"plans/scoring/([A-Za-z0-9_-]+)</code>", invited.text)
    assert link
    planner.cookies.clear()
    form = planner.get(f"/plans/scoring/{link.group(1)}")
    assert form.status_code == 200 and "Health and care" in form.text
    bad = planner.post(
        f"/plans/scoring/{link.group(1)}", data={"score-a1": "9", "csrf_token": csrf_of(form.text)}
    )
    assert bad.status_code == 400 and "must be from 1 to 5" in bad.text
    done = planner.post(
        f"/plans/scoring/{link.group(1)}", data={"score-a1": "4", "csrf_token": csrf_of(form.text)}
    )
    assert done.status_code == 200 and "your scores are saved" in done.text
    assert planner.get(f"/plans/scoring/{link.group(1)}").status_code == 404  # spent
    sign_in(planner, "pat@example.org")
    assert 'name="score-a1-s2" inputmode="numeric" value="4"' in planner.get(f"/plans/{plan_id}").text


def test_report_csv_json_and_welsh(planner: TestClient) -> None:
    plan_id = build_journey(planner)
    report = planner.get(f"/plans/{plan_id}/report")
    assert report.status_code == 200 and "A shared case for investment" in report.text
    assert "<script" not in report.text
    pdf = planner.get(f"/plans/{plan_id}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    welsh = planner.get(f"/plans/{plan_id}", params={"lang": "cy"})
    assert welsh.status_code == 200 and 'lang="cy"' in welsh.text
    assert "Priority health assets" not in welsh.text
    assert planner.get(f"/plans/{plan_id}/tables/nonsense.csv").status_code == 404
    edit(planner, plan_id, "sharing", visibility="public")
    detail = planner.get(f"/api/v1/plans/{plan_id}").json()
    assert detail["unsupported_assets"] == ["a3"] and detail["idle_projects"] == ["p3"]
    assert detail["alignment_matrix"] == [[2, 0, 0], [0, 1, 0], [0, 0, 0]]


def test_unknown_places_and_actions(planner: TestClient) -> None:
    page = planner.get("/plans")
    response = planner.post(
        "/plans", data={"title": "X", "area": "Atlantis zzz", "csrf_token": csrf_of(page.text)}
    )
    assert response.status_code == 400 and "no area is called" in response.text
    plan_id = new_plan(planner)
    assert edit(planner, plan_id, "explode", expect=400).status_code == 400
    assert planner.get("/plans/not-a-plan").status_code == 404
    assert planner.get("/plans/scoring/not-a-token").status_code == 404


IMPACT_MAP = (
    "outcome,quantity,proxy,duration,deadweight,displacement,attribution,drop_off,proxy_low,proxy_high\n"
    "Less isolation,10,100,1,0,0,0,0,50,150\n"
)


def test_a_project_has_its_social_return(planner: TestClient) -> None:
    plan_id = new_plan(planner)
    edit(planner, plan_id, "add_project", name="Befriending", sector="community_programme", cost="500")
    edit(planner, plan_id, "project_value", project="p1", impact_map=IMPACT_MAP, investment="")
    page = planner.get(f"/plans/{plan_id}").text
    # one year of 10 × £100 at the Green Book 3.5 %: PV = 1000 / 1.035 = 966.18; ratio 966.18 / 500
    assert "£966" in page and "£1.93" in page
    assert "Median £" in page and "No project has an impact map yet." not in page
    bad = edit(
        planner, plan_id, "project_value", expect=400, project="p1", impact_map="outcome,quantity\nA,1\n"
    )
    assert "missing column" in bad.text
    none = edit(planner, plan_id, "project_value", expect=400, project="p9", impact_map=IMPACT_MAP)
    assert "choose one of the plan&#39;s projects" in none.text
    edit(planner, plan_id, "project_value", project="p1", impact_map="", investment="")
    assert "No project has an impact map yet." in planner.get(f"/plans/{plan_id}").text


def test_project_areas_are_checked_and_mapped(planner: TestClient) -> None:
    plan_id = new_plan(planner)
    bad = edit(
        planner, plan_id, "add_project", expect=400, name="Park", sector="water", areas="E05014650 NOPE"
    )
    assert "there is no area with the code &#39;NOPE&#39;" in bad.text
    page = planner.get("/plans/" + plan_id).text
    wards = re.findall(r"<title>([^<]+)</title></path>", page)
    assert wards, "the plan's map draws its wards"
    edit(planner, plan_id, "add_project", name="Park", sector="water", areas="e05014650")
    page = planner.get("/plans/" + plan_id).text
    assert 'fill="#5694ca"' in page and "(E05014650): Park" in page


def test_the_plan_counts_its_places_register_assets(planner: TestClient) -> None:
    plan_id = new_plan(planner)
    page = planner.get(f"/plans/{plan_id}").text
    assert 'id="asset-counts"' in page and "Today" in page
