"""Server-side sessions (services.sessions): they end on sign-out, password change, deactivation
and expiry, and the store never holds a token itself."""

import pytest
from sqlalchemy import Engine, select

from healthassets.assets.vocabulary import Role
from healthassets.errors import InputError
from healthassets.services import sessions
from healthassets.services.accounts import authenticate, create_account, set_password, set_role
from healthassets.services.sessions import (
    SESSION_SECONDS,
    change_password,
    end_session,
    end_sessions_of,
    session_account,
    start_session,
)
from healthassets.store.models import UserSession

pytestmark = pytest.mark.db
PASSWORD = "correct horse battery"


def test_a_session_signs_its_account_in_and_only_its_hash_is_stored(engine: Engine) -> None:
    ann = create_account(engine, "ann@example.org", PASSWORD)
    token = start_session(engine, ann.id)
    assert session_account(engine, token) == ann
    assert session_account(engine, token + "x") is None and session_account(engine, "") is None
    with engine.connect() as connection:
        stored = connection.execute(select(UserSession.token_hash)).scalars().all()
    assert stored == [sessions.token_hash(token)] and token not in stored


def test_signing_out_ends_only_that_session(engine: Engine) -> None:
    ann = create_account(engine, "ann@example.org", PASSWORD)
    laptop, phone = start_session(engine, ann.id), start_session(engine, ann.id)
    end_session(engine, laptop)
    assert session_account(engine, laptop) is None
    assert session_account(engine, phone) == ann


def test_deactivation_ends_sessions_and_reactivation_does_not_revive_them(engine: Engine) -> None:
    admin = create_account(engine, "admin@example.org", PASSWORD, Role.ADMIN)
    ann = create_account(engine, "ann@example.org", PASSWORD)
    token = start_session(engine, ann.id)
    set_role(engine, ann.id, Role.CONTRIBUTOR, active=False, by=admin.id)
    set_role(engine, ann.id, Role.CONTRIBUTOR, active=True, by=admin.id)
    assert session_account(engine, token) is None
    assert session_account(engine, start_session(engine, ann.id)) == ann  # a new sign-in works


def test_a_new_password_ends_every_session(engine: Engine) -> None:
    ann = create_account(engine, "ann@example.org", PASSWORD)
    tokens = [start_session(engine, ann.id) for _ in range(3)]
    set_password(engine, ann.id, "another long password", by=None)
    assert all(session_account(engine, t) is None for t in tokens)
    assert end_sessions_of(engine, ann.id) == 0


def test_sessions_expire(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    ann = create_account(engine, "ann@example.org", PASSWORD)
    token = start_session(engine, ann.id)
    started = sessions.time.time()
    monkeypatch.setattr(sessions.time, "time", lambda: started + SESSION_SECONDS - 5)
    assert session_account(engine, token) == ann
    monkeypatch.setattr(sessions.time, "time", lambda: started + SESSION_SECONDS + 5)
    assert session_account(engine, token) is None
    start_session(engine, ann.id)  # clears the expired row on the way
    with engine.connect() as connection:
        assert len(connection.execute(select(UserSession.token_hash)).all()) == 1


def test_change_password_checks_the_current_one_and_returns_a_fresh_session(engine: Engine) -> None:
    ann = create_account(engine, "ann@example.org", PASSWORD)
    old = start_session(engine, ann.id)
    with pytest.raises(InputError) as wrong:
        change_password(engine, ann, "not my password", "a new long password", "a new long password")
    assert wrong.value.column == "current_password"
    with pytest.raises(InputError) as short:
        change_password(engine, ann, PASSWORD, "short", "short")
    assert short.value.column == "new_password"
    with pytest.raises(InputError) as mismatch:
        change_password(engine, ann, PASSWORD, "a new long password", "a new long passwort")
    assert mismatch.value.column == "confirm_password"
    assert session_account(engine, old) == ann  # nothing changed yet
    fresh = change_password(engine, ann, PASSWORD, "a new long password", "a new long password")
    assert session_account(engine, old) is None and session_account(engine, fresh) == ann
    assert authenticate(engine, "ann@example.org", "a new long password") == ann
    assert authenticate(engine, "ann@example.org", PASSWORD) is None
