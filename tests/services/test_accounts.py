import pytest
from sqlalchemy import Engine, select

from healthassets.assets.vocabulary import Role
from healthassets.errors import InputError
from healthassets.services.accounts import authenticate, create_account, list_accounts, set_role
from healthassets.store.models import AuditEntry, User

pytestmark = pytest.mark.db
PASSWORD = "correct horse battery"


def test_passwords_are_argon2_hashed_and_verified(engine: Engine) -> None:
    account = create_account(engine, "Ann@Example.org", PASSWORD)
    assert account.email == "ann@example.org" and account.role == Role.CONTRIBUTOR
    with engine.connect() as connection:
        stored = connection.execute(select(User.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert authenticate(engine, "ann@example.org", PASSWORD) == account
    assert authenticate(engine, "ann@example.org", "wrong password!!") is None
    assert authenticate(engine, "nobody@example.org", PASSWORD) is None


def test_bad_accounts_are_refused(engine: Engine) -> None:
    create_account(engine, "ann@example.org", PASSWORD)
    with pytest.raises(InputError, match="already exists"):
        create_account(engine, "ANN@example.org", PASSWORD)
    with pytest.raises(InputError, match="15 characters"):
        create_account(engine, "bob@example.org", "short")
    with pytest.raises(InputError, match="not an email"):
        create_account(engine, "bob", PASSWORD)


def test_roles_change_with_audit_and_inactive_cannot_log_in(engine: Engine) -> None:
    admin = create_account(engine, "admin@example.org", PASSWORD, Role.ADMIN)
    user = create_account(engine, "ann@example.org", PASSWORD)
    set_role(engine, user.id, Role.MODERATOR, by=admin.id)
    assert {a.email: a.role for a in list_accounts(engine)}["ann@example.org"] == Role.MODERATOR
    set_role(engine, user.id, Role.MODERATOR, active=False, by=admin.id)
    assert authenticate(engine, "ann@example.org", PASSWORD) is None
    with engine.connect() as connection:
        entries = connection.execute(
            select(AuditEntry.action, AuditEntry.user_id).where(AuditEntry.entity == "user")
        ).all()
    assert ("update", admin.id) in [tuple(e) for e in entries]
    assert all("hash" not in str(e) for e in entries)
