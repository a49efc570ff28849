"""Signed-in sessions on the site (web.accounts, web.routes.accounts): signing out, deactivating an
account and changing the password end sessions server-side, so a copied cookie stops working."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from healthassets.services.accounts import list_accounts
from tests.web.helpers import PASSWORD, csrf_of, sign_in

SESSION = "healthassets_session"
NEW_PASSWORD = "a brand new long password"


def copy_of(client: TestClient) -> TestClient:
    """Another browser holding a copy of ``client``'s session cookie (as a thief would)."""
    return TestClient(client.app, cookies={SESSION: client.cookies[SESSION]}, raise_server_exceptions=False)


def signed_in(client: TestClient) -> bool:
    return client.get("/moderation", follow_redirects=False).status_code == 200


def account_id(client: TestClient, email: str) -> int:
    return next(a.id for a in list_accounts(client.app.state.engine) if a.email == email)  # type: ignore[attr-defined]


def test_signing_out_ends_the_session_for_a_copied_cookie(register: TestClient) -> None:
    sign_in(register, "mod@example.org")
    thief = copy_of(register)
    assert signed_in(thief)
    page = register.get("/moderation")
    register.post("/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert not signed_in(thief)
    assert not signed_in(register)


def test_the_cookie_holds_no_account_id(register: TestClient) -> None:
    import base64
    import json

    sign_in(register, "mod@example.org")
    payload = register.cookies[SESSION].split(".")[0]
    data = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(data) == {"sid", "csrf"} and "uid" not in data


def test_reactivating_an_account_does_not_revive_its_old_cookies(register: TestClient) -> None:
    sign_in(register, "mod@example.org")
    old_cookie = copy_of(register)
    register.cookies.clear()
    sign_in(register, "admin@example.org")
    moderator = account_id(register, "mod@example.org")
    for active in ("no", "yes"):
        page = register.get("/admin/users")
        changed = register.post(
            "/admin/users",
            data={
                "user_id": moderator,
                "role": "moderator",
                "active": active,
                "csrf_token": csrf_of(page.text),
            },
            follow_redirects=False,
        )
        assert changed.status_code == 303
    assert not signed_in(old_cookie)


def change(client: TestClient, current: str, new: str, confirm: str | None = None) -> object:
    page = client.get("/account/password")
    assert page.status_code == 200
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm_password": new if confirm is None else confirm,
            "csrf_token": csrf_of(page.text),
        },
        follow_redirects=False,
    )


def test_password_change_needs_the_current_password_and_a_long_new_one(register: TestClient) -> None:
    sign_in(register, "mod@example.org")
    wrong = change(register, "not my password", NEW_PASSWORD)
    assert wrong.status_code == 400 and "Your current password is not right" in wrong.text  # type: ignore[attr-defined]
    assert re.search(r'class="govuk-input [^"]*govuk-input--error" id="current_password"', wrong.text)  # type: ignore[attr-defined]
    short = change(register, PASSWORD, "short")
    assert short.status_code == 400 and "at least 15 characters" in short.text  # type: ignore[attr-defined]
    mismatch = change(register, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!")
    assert mismatch.status_code == 400 and "do not match" in mismatch.text  # type: ignore[attr-defined]
    refused = register.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
    )
    assert refused.status_code == 403  # no CSRF token


def test_password_change_ends_the_other_sessions_and_keeps_this_one(register: TestClient) -> None:
    sign_in(register, "mod@example.org")
    other_browser = copy_of(register)
    done = change(register, PASSWORD, NEW_PASSWORD)
    assert done.status_code == 303  # type: ignore[attr-defined]
    confirmation = register.get(done.headers["location"])  # type: ignore[attr-defined]
    assert "Your password has been changed" in confirmation.text
    assert signed_in(register) and not signed_in(other_browser)
    register.cookies.clear()
    page = register.get("/login")
    again = register.post(
        "/login",
        data={"email": "mod@example.org", "password": NEW_PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert again.status_code == 303


def test_the_password_page_needs_an_account_and_is_linked(register: TestClient) -> None:
    assert register.get("/account/password", follow_redirects=False).status_code == 303
    sign_in(register, "ann@example.org")
    assert 'href="/account/password"' in register.get("/assets").text
    assert "Newid eich cyfrinair" in register.get("/account/password?lang=cy").text


def test_signing_in_again_ends_the_browsers_previous_session(register: TestClient) -> None:
    sign_in(register, "mod@example.org")
    before = copy_of(register)
    sign_in(register, "ann@example.org")
    assert not signed_in(before)


def test_passwords_are_checked_off_the_event_loop(
    register: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from healthassets.services import accounts
    from healthassets.web.routes import accounts as account_pages

    loops: list[bool] = []
    real = accounts.authenticate

    def checked(*args: object) -> object:
        try:
            asyncio.get_running_loop()
            loops.append(True)
        except RuntimeError:
            loops.append(False)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(account_pages, "authenticate", checked)
    sign_in(register, "mod@example.org")
    assert loops == [False]


def test_signing_in_rotates_the_session(register: TestClient) -> None:
    """Session fixation: the cookie a browser held before signing in (as an attacker may have planted
    it) never becomes a signed-in session; the new one has a fresh token and a fresh CSRF token."""
    login = register.get("/login")
    before_cookie, before_csrf = register.cookies[SESSION], csrf_of(login.text)
    planted = TestClient(register.app, cookies={SESSION: before_cookie}, raise_server_exceptions=False)
    sign_in(register, "mod@example.org")
    assert register.cookies[SESSION] != before_cookie
    assert signed_in(register) and not signed_in(planted)
    assert csrf_of(register.get("/moderation").text) != before_csrf


def test_a_guessable_new_password_is_refused_in_english_and_welsh(register: TestClient) -> None:
    sign_in(register, "mod@example.org")
    refused = change(register, PASSWORD, "passwordpassword")
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "Choose a password that is harder to guess" in refused.text  # type: ignore[attr-defined]
    assert 'href="#new_password"' in refused.text  # type: ignore[attr-defined]  # the error summary's link
    page = register.get("/account/password?lang=cy")
    welsh = register.post(
        "/account/password?lang=cy",
        data={
            "current_password": PASSWORD,
            "new_password": "short",
            "confirm_password": "short",
            "csrf_token": csrf_of(page.text),
        },
    )
    assert welsh.status_code == 400 and "Rhowch gyfrinair newydd o leiaf 15 nod" in welsh.text
    assert signed_in(register)  # nothing changed: the old password still works
    register.cookies.clear()
    sign_in(register, "mod@example.org")


def test_admins_cannot_create_an_account_with_a_guessable_password(register: TestClient) -> None:
    sign_in(register, "admin@example.org")

    def create(password: str) -> object:
        page = register.get("/admin/users")
        return register.post(
            "/admin/users",
            data={
                "action": "create",
                "email": "new@example.org",
                "password": password,
                "role": "contributor",
                "csrf_token": csrf_of(page.text),
            },
            follow_redirects=False,
        )

    assert "Password (at least 15 characters)" in register.get("/admin/users").text
    for weak, message in (
        ("qwertyuiopasdfgh", "Choose a password that is harder to guess"),
        ("short", "Enter a password of at least 15 characters"),
    ):
        refused = create(weak)
        assert refused.status_code == 400 and message in refused.text  # type: ignore[attr-defined]
    assert "new@example.org" not in [a.email for a in list_accounts(register.app.state.engine)]  # type: ignore[attr-defined]
    assert create("a perfectly long passphrase").status_code == 303  # type: ignore[attr-defined]


def test_password_fields_let_password_managers_fill_and_paste(register: TestClient) -> None:
    login = register.get("/login").text
    assert 'type="password"' in login and 'autocomplete="current-password"' in login
    sign_in(register, "mod@example.org")
    form = register.get("/account/password").text
    assert form.count('autocomplete="new-password"') == 2 and 'autocomplete="current-password"' in form
    for page in (login, form):
        assert "onpaste" not in page and "oncopy" not in page and 'maxlength="' not in page


def test_password_fields_can_be_shown_in_english_and_welsh(register: TestClient) -> None:
    """GOV.UK Frontend's password input (ASVS 2.1.12): a Show button, in the page's language."""
    login = register.get("/login").text
    assert 'data-module="govuk-password-input"' in login and 'aria-controls="password"' in login
    assert 'data-i18n.show-password="Show"' in login
    welsh = register.get("/login?lang=cy").text
    assert 'data-i18n.show-password="Dangos"' in welsh and "Dangos y cyfrinair" in welsh
    sign_in(register, "admin@example.org")
    assert register.get("/account/password").text.count('data-module="govuk-password-input"') == 3
    assert 'data-module="govuk-password-input"' in register.get("/admin/users").text


def test_a_password_chosen_under_older_rules_is_renewed_at_sign_in(register: TestClient) -> None:
    """ASVS 2.1.7: a password that would be refused today (12 characters, the old minimum) still
    signs in, and the visitor is sent straight to choose a new one."""
    from healthassets.services.accounts import HASHER
    from healthassets.store import accounts as store

    engine = register.app.state.engine  # type: ignore[attr-defined]
    old_password = "old rules ok"  # 12 characters
    with engine.begin() as connection:
        store.set_password_hash(
            connection, account_id(register, "ann@example.org"), HASHER.hash(old_password), by=None, log=False
        )
    page = register.get("/login")
    response = register.post(
        "/login",
        data={
            "email": "ann@example.org",
            "password": old_password,
            "csrf_token": csrf_of(page.text),
            "next": "/assets",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/account/password?renew=1"
    assert "Choose a new one" in register.get(response.headers["location"]).text
    assert "Dewiswch un newydd" in register.get("/account/password?renew=1&lang=cy").text
    register.cookies.clear()
    page = register.get("/login")
    fine = register.post(
        "/login",
        data={
            "email": "mod@example.org",
            "password": PASSWORD,
            "csrf_token": csrf_of(page.text),
            "next": "/assets",
        },
        follow_redirects=False,
    )
    assert fine.headers["location"] == "/assets"
