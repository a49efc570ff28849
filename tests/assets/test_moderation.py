"""Contributing and moderating: status steps with history, audit log, edits, deletion, erasure, stories."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select

from healthassets.assets.search import AssetFilter
from healthassets.assets.vocabulary import Status
from healthassets.errors import ImportValidationError, InputError, NotFoundError
from healthassets.services.asset_edits import update_asset
from healthassets.services.assets_moderation import (
    change_status,
    create_asset,
    erase_asset,
    get_asset,
    mark_verified,
    soft_delete,
    stale_assets,
)
from healthassets.services.stories import StoryInput, add_story, change_story_status, erase_story
from healthassets.store.accounts import add_user
from healthassets.store.assets import count_assets
from healthassets.store.models import AuditEntry, Story

pytestmark = pytest.mark.db

PARK = {
    "name": "Longford Park",
    "asset_type": "physical",
    "dimensions": ["natural_environment", "lifestyle_activities"],
    "five_ways": ["be_active"],
    "latitude": 53.4466,
    "longitude": -2.2833,
    "description": "<script>alert(1)</script> stays text",
}


@pytest.fixture(autouse=True)
def users(engine: Engine) -> None:
    """Accounts 1–7 (moderators and contributors) for the steps below."""
    with engine.begin() as connection:
        for n in range(1, 8):
            add_user(
                connection, f"user{n}@example.org", "argon2-hash", "moderator" if n % 2 else "contributor"
            )


def _audit(engine: Engine) -> list[tuple[str, str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id)
            .where(AuditEntry.entity != "user")
            .order_by(AuditEntry.id)
        )
        return [tuple(r) for r in rows]


def test_suggest_then_approve(engine: Engine) -> None:
    asset_id = create_asset(engine, PARK, user_id=None)
    with pytest.raises(NotFoundError):
        get_asset(engine, asset_id)  # not public until approved
    assert get_asset(engine, asset_id, public=False)["status"] == "submitted"
    change_status(engine, asset_id, Status.PUBLISHED, user_id=7)
    shown = get_asset(engine, asset_id)
    assert shown["description"] == PARK["description"]
    assert shown["dimensions"] == ["lifestyle_activities", "natural_environment"]
    assert shown["last_verified_at"] is not None and shown["last_verified_by"] == 7
    history = get_asset(engine, asset_id, public=False)["history"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        (None, "submitted"),
        ("submitted", "published"),
    ]
    assert [a[0] for a in _audit(engine)] == ["create", "status"]


def test_reject_needs_a_reason_and_rules_hold(engine: Engine) -> None:
    asset_id = create_asset(engine, PARK)
    with pytest.raises(InputError, match="reason"):
        change_status(engine, asset_id, Status.REJECTED, user_id=1, reason=" ")
    change_status(engine, asset_id, Status.REJECTED, user_id=1, reason="duplicate of an existing park")
    with pytest.raises(InputError, match="from rejected to published"):
        change_status(engine, asset_id, Status.PUBLISHED, user_id=1)
    history = get_asset(engine, asset_id, public=False)["history"]
    assert history[-1]["reason"] == "duplicate of an existing park"


def test_bad_fields_name_the_field(engine: Engine) -> None:
    with pytest.raises(ImportValidationError) as caught:
        create_asset(engine, {**PARK, "asset_type": "building", "email": "nope"})
    assert {p.column for p in caught.value.problems} == {"asset_type", "email"}
    assert count_assets(engine, AssetFilter(statuses=[])) == 0


def test_edit_is_audited_with_before_and_after(engine: Engine) -> None:
    asset_id = create_asset(engine, PARK, status=Status.PUBLISHED)
    after = update_asset(
        engine,
        asset_id,
        {"name": "Longford Park (Stretford)", "dimensions": ["natural_environment"]},
        user_id=3,
        by_moderator=True,
    ).record
    assert after["name"] == "Longford Park (Stretford)"
    assert get_asset(engine, asset_id)["dimensions"] == ["natural_environment"]
    with engine.connect() as connection:
        entry = connection.execute(
            select(AuditEntry.before, AuditEntry.after, AuditEntry.user_id).where(
                AuditEntry.action == "update"
            )
        ).one()
    assert entry.before["name"] == "Longford Park" and entry.after["name"] == "Longford Park (Stretford)"
    assert entry.user_id == 3
    with pytest.raises(InputError, match="moderation step"):
        update_asset(engine, asset_id, {"status": "published"}, user_id=3)
    with pytest.raises(ImportValidationError):
        update_asset(engine, asset_id, {"dimensions": []}, user_id=3)


def test_soft_delete_and_restore(engine: Engine) -> None:
    asset_id = create_asset(engine, PARK, status=Status.PUBLISHED)
    soft_delete(engine, asset_id, user_id=1)
    assert count_assets(engine, AssetFilter()) == 0
    with pytest.raises(NotFoundError):
        get_asset(engine, asset_id)
    soft_delete(engine, asset_id, user_id=1, restore=True)
    assert count_assets(engine, AssetFilter()) == 1


def test_a_person_needs_consent_keeps_contacts_private_and_can_be_erased(engine: Engine) -> None:
    person = {
        "name": "Asha, retired joiner: teaches woodwork",
        "asset_type": "individual",
        "dimensions": ["personal_capacity"],
        "served_areas": [],
        "latitude": 53.44,
        "longitude": -2.28,
        "email": "asha@example.org",
        "is_person": True,
    }
    with pytest.raises(ImportValidationError, match="consent"):
        create_asset(engine, person)
    asset_id = create_asset(engine, {**person, "consent_recorded_at": "2026-11-01"}, status=Status.PUBLISHED)
    assert get_asset(engine, asset_id)["email"] is None
    assert get_asset(engine, asset_id, public=False)["email"] == "asha@example.org"
    story_id = add_story(
        engine, asset_id, StoryInput("Bird boxes", "We built twenty.", "Sam", b"\xff\xd8", "image/jpeg")
    )
    erase_asset(engine, asset_id, user_id=2)
    with pytest.raises(NotFoundError):
        get_asset(engine, asset_id, public=False)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Story)) == 0
        logged = json.dumps(
            [list(r) for r in connection.execute(select(AuditEntry.before, AuditEntry.after))]
        )
    assert "Asha" not in logged and "asha@example.org" not in logged and "Bird boxes" not in logged
    assert ("erase", "asset", asset_id) in _audit(engine)
    assert story_id


def test_stories_are_moderated_and_erasable(engine: Engine) -> None:
    asset_id = create_asset(engine, PARK, status=Status.PUBLISHED)
    with pytest.raises(ImportValidationError) as caught:
        add_story(engine, asset_id, StoryInput(" ", "body"))
    assert caught.value.column == "title"
    story_id = add_story(engine, asset_id, StoryInput("Parkrun", "Every Saturday at nine.", "Jo"))
    assert get_asset(engine, asset_id)["stories"] == []
    change_story_status(engine, story_id, Status.PUBLISHED, user_id=1)
    assert [s["title"] for s in get_asset(engine, asset_id)["stories"]] == ["Parkrun"]
    erase_story(engine, story_id, user_id=1)
    assert get_asset(engine, asset_id)["stories"] == []
    with pytest.raises(NotFoundError):
        add_story(engine, "no-such-asset", StoryInput("t", "b"))


def test_review_cycle_flags_unverified_assets(engine: Engine) -> None:
    first = create_asset(engine, PARK, status=Status.PUBLISHED)
    second = create_asset(engine, {**PARK, "name": "Gorse Hill Park"}, status=Status.PUBLISHED)
    assert set(stale_assets(engine)["id"]) == {first, second}
    mark_verified(engine, first, user_id=4)
    assert stale_assets(engine)["id"].tolist() == [second]
    assert set(stale_assets(engine, older_than=timedelta(0))["id"]) == {first, second}
