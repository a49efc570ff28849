"""Edits of published assets are re-moderated (docs/adr/0036): the published record stays public
until a moderator approves the edit (it then replaces it) or rejects it."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from healthassets.assets.vocabulary import Status
from healthassets.errors import InputError, NotFoundError
from healthassets.services.asset_edits import (
    approve_revision,
    pending_edits,
    pending_revision,
    reject_revision,
    update_asset,
)
from healthassets.services.assets_moderation import create_asset, erase_asset, get_asset
from healthassets.store.accounts import add_user
from healthassets.store.models import AssetRevision, AuditEntry

pytestmark = pytest.mark.db

PARK = {
    "name": "Longford Park",
    "asset_type": "physical",
    "dimensions": ["natural_environment"],
    "latitude": 53.4466,
    "longitude": -2.2833,
}


@pytest.fixture
def published(engine: Engine) -> str:
    with engine.begin() as connection:
        add_user(connection, "mod@example.org", "hash", "moderator")  # id 1
        add_user(connection, "ann@example.org", "hash", "contributor")  # id 2
    return create_asset(engine, PARK, user_id=2, status=Status.PUBLISHED)


def _actions(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_contributors_edit_waits_and_the_published_version_stays(engine: Engine, published: str) -> None:
    edit = update_asset(
        engine, published, {"name": "Longford Park (Stretford)", "five_ways": ["be_active"]}, user_id=2
    )
    assert edit.pending_revision is not None and edit.record["name"] == "Longford Park"
    public = get_asset(engine, published)
    assert public["name"] == "Longford Park" and public["five_ways"] == []
    revision = pending_revision(engine, published)
    assert revision is not None and revision["changes"] == {
        "name": "Longford Park (Stretford)",
        "five_ways": ["be_active"],
    }
    (queued,) = pending_edits(engine)
    assert queued["email"] == "ann@example.org" and queued["name"] == "Longford Park"
    assert ("name", "Longford Park", "Longford Park (Stretford)") in queued["fields"]
    assert "propose" in _actions(engine)

    after = approve_revision(engine, edit.pending_revision, user_id=1)
    assert after["name"] == "Longford Park (Stretford)"
    public = get_asset(engine, published)
    assert public["name"] == "Longford Park (Stretford)" and public["five_ways"] == ["be_active"]
    assert pending_revision(engine, published) is None and pending_edits(engine) == []
    with pytest.raises(NotFoundError):  # decided once only
        approve_revision(engine, edit.pending_revision, user_id=1)
    assert _actions(engine)[-2:] == ["revision", "update"]


def test_a_rejected_edit_needs_a_reason_and_changes_nothing(engine: Engine, published: str) -> None:
    edit = update_asset(engine, published, {"name": "Spam Park"}, user_id=2)
    assert edit.pending_revision is not None
    with pytest.raises(InputError, match="reason"):
        reject_revision(engine, edit.pending_revision, user_id=1, reason=" ")
    reject_revision(engine, edit.pending_revision, user_id=1, reason="not its name")
    assert get_asset(engine, published)["name"] == "Longford Park"
    with engine.connect() as connection:
        row = connection.execute(
            select(AssetRevision.status, AssetRevision.reason, AssetRevision.decided_by)
        ).one()
    assert tuple(row) == ("rejected", "not its name", 1)


def test_moderators_edits_and_edits_of_unpublished_assets_apply_at_once(
    engine: Engine, published: str
) -> None:
    edit = update_asset(engine, published, {"name": "Longford Park, Stretford"}, user_id=1, by_moderator=True)
    assert (
        edit.pending_revision is None and get_asset(engine, published)["name"] == "Longford Park, Stretford"
    )
    draft = create_asset(engine, {**PARK, "name": "Draft"}, user_id=2, status=Status.DRAFT)
    edit = update_asset(engine, draft, {"name": "Draft garden"}, user_id=2)
    assert edit.pending_revision is None and edit.record["name"] == "Draft garden"


def test_an_edit_changing_nothing_makes_no_revision_and_a_newer_one_replaces_the_older(
    engine: Engine, published: str
) -> None:
    assert update_asset(engine, published, {"name": "Longford Park"}, user_id=2).pending_revision is None
    assert pending_revision(engine, published) is None
    first = update_asset(engine, published, {"name": "First"}, user_id=2).pending_revision
    second = update_asset(engine, published, {"name": "Second"}, user_id=2).pending_revision
    assert first != second and [e["id"] for e in pending_edits(engine)] == [second]
    with pytest.raises(NotFoundError):
        approve_revision(engine, int(first or 0), user_id=1)


def test_erasing_an_asset_erases_its_pending_edits(engine: Engine, published: str) -> None:
    update_asset(engine, published, {"name": "Private detail"}, user_id=2)
    erase_asset(engine, published, user_id=1)
    with engine.connect() as connection:
        assert connection.scalars(select(AssetRevision.id)).all() == []
        after = connection.scalars(select(AuditEntry.after).where(AuditEntry.action == "propose")).all()
    assert after == [None]
