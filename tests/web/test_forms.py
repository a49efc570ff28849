"""Forms validate every field in one pass, in GOV.UK words using the field's label (issue 9, part 4)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from healthassets.web.form_messages import message_for
from tests.web.helpers import csrf_of, sign_in, suggestion

pytestmark = pytest.mark.db


def summary_of(html: str) -> list[tuple[str, str]]:
    block = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert block, "no error summary"
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', block.group(1))


def suggest(client: TestClient, **changes: object) -> object:
    page = client.get("/assets/new")
    return client.post(
        "/assets/new",
        data={**suggestion(**changes), "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )


def test_every_field_is_checked_at_once(register: TestClient) -> None:
    response = suggest(register, name="", dimensions=[], latitude="abc", longitude="-2.1", email="nope")
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    found = dict(summary_of(html))
    assert found == {
        "name": "Enter the name of the asset",
        "dimensions": "Select at least one part of a healthy place that it supports",
        "latitude": "Enter a latitude, like 53.5",
        "email": "Enter an email address in the correct format, like name@example.com",
    }
    for field in found:
        # inline: the message by the field, the group and the input in error style
        assert f'id="{field}-error"' in html
    assert html.count("govuk-form-group--error") == len(found)
    assert "Latitude: not a number" not in html  # no validator internals


def test_no_duplicate_messages(register: TestClient) -> None:
    response = suggest(register, latitude="95", longitude="")
    fields = [f for f, _ in summary_of(response.text)]  # type: ignore[attr-defined]
    assert len(fields) == len(set(fields))


@pytest.mark.parametrize(
    ("field", "reason", "expected"),
    [
        ("latitude", "not a number: 'x'", "Enter a latitude, like 53.5"),
        ("latitude", "coordinates outside Great Britain: 95, -2", "in Great Britain"),
        ("longitude", "give both latitude and longitude, or neither", "both a latitude and a longitude"),
        ("postcode", "malformed postcode 'ZZ'", "Enter a real postcode, like OL1 1AA"),
        ("title", "title is missing", "Enter a title for your story"),
        ("mystery", "odd", "Mystery: odd"),
    ],
)
def test_messages_use_the_fields_words(field: str, reason: str, expected: str) -> None:
    assert expected in message_for(field, reason)


def test_story_form_shows_every_problem_inline(register: TestClient) -> None:
    sign_in(register, "mod@example.org")
    created = suggest(register)
    asset_id = created.headers["location"].split("/")[2].split("?")[0]  # type: ignore[attr-defined]
    page = register.get("/moderation")
    register.post(
        f"/moderation/assets/{asset_id}", data={"action": "approve", "csrf_token": csrf_of(page.text)}
    )
    detail = register.get(f"/assets/{asset_id}")
    response = register.post(
        f"/assets/{asset_id}/stories",
        data={"title": "", "body": "", "csrf_token": csrf_of(detail.text)},
        files={"photo": ("x.png", b"not an image", "image/png")},
    )
    assert response.status_code == 400
    found = dict(summary_of(response.text))
    assert set(found) == {"title", "body", "photo"}
    for field in found:
        assert f'id="{field}-error"' in response.text


def test_phone_is_a_tel_link_and_areas_have_names(register: TestClient) -> None:
    sign_in(register, "mod@example.org")
    created = suggest(register, phone="0161 123 4567")
    asset_id = created.headers["location"].split("/")[2].split("?")[0]  # type: ignore[attr-defined]
    page = register.get(f"/assets/{asset_id}").text
    assert 'href="tel:01611234567"' in page
    areas = re.search(r"In these areas</h2>(.*?)</ul>", page, re.S)
    assert areas and "Manchester" in areas.group(1)  # the names, not only E0… codes
