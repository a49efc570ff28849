"""Password rules (services.passwords, NIST SP 800-63B rev. 4): length in code points, any
characters, no composition rules, no guessable password; applied wherever a password is chosen."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import Engine

from healthassets.services import passwords
from healthassets.services.accounts import authenticate, create_account, set_password
from healthassets.services.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    PasswordRejected,
    PasswordRule,
    check_password,
)
from healthassets.services.sessions import change_password, start_session

PASSPHRASE = "correct horse battery"


def rule_of(password: str, email: str | None = None) -> PasswordRule | None:
    try:
        check_password(password, email=email)
    except PasswordRejected as error:
        return error.rule
    return None


def test_fifteen_characters_at_least() -> None:
    assert MIN_LENGTH == 15
    assert rule_of("Zq7!mWv2#rTx9b") is PasswordRule.TOO_SHORT  # 14 characters, however random
    assert rule_of("Zq7!mWv2#rTx9bK") is None  # 15


def test_at_least_sixty_four_characters_are_allowed_and_any_characters() -> None:
    assert MAX_LENGTH == 128  # 800-63B: at least 64; ASVS 2.1.2: more than 128 refused
    long_one = "the quick brown fox jumps over a lazy dog near the riverbank at dusk"
    assert len(long_one) >= 64 and rule_of(long_one) is None
    assert rule_of("x" * (MAX_LENGTH + 1)) is PasswordRule.TOO_LONG
    for unusual in (
        "ŵyŵ ŷr ŵyneb coch iawn",
        "пароль для входа на сайт",
        "🦉🌳 owls in the old oak",
        "  leading spaces too  ",
    ):
        assert rule_of(unusual) is None, unusual


def test_no_composition_rules() -> None:
    # lower case letters and spaces only: accepted (800-63B: no "a digit and a capital")
    assert rule_of("marmalade teapot orbit lantern") is None
    # every character class, but a keyboard walk with a common word: refused for being guessable
    assert rule_of("Qwerty123456789!") is PasswordRule.GUESSABLE


@pytest.mark.parametrize(
    "guessable",
    [
        "passwordpassword",  # a common password repeated
        "aaaaaaaaaaaaaaaa",  # one character repeated
        "abcdefghijklmnop",  # a sequence
        "1234567890123456",
        "qwertyuiopasdfgh",  # a keyboard row
        "iloveyou12345678",  # common password + sequence
        "healthassets2024!",  # the site's name and a year
    ],
)
def test_common_and_patterned_passwords_are_refused(guessable: str) -> None:
    assert len(guessable) >= MIN_LENGTH
    assert rule_of(guessable) is PasswordRule.GUESSABLE


def test_the_email_counts_as_a_word_an_attacker_tries() -> None:
    assert rule_of("zorblattquennick") is None
    assert rule_of("zorblattquennick", email="zorblatt.quennick@example.org") is PasswordRule.GUESSABLE
    assert rule_of("zorblatt.quennick@example.org", email="zorblatt.quennick@example.org") is not None


def test_only_the_first_72_characters_are_estimated(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long password is judged by its start: the estimator (slow on long input) never sees more
    than 72 characters."""
    from healthassets.services import passwords

    seen: list[int] = []
    real = passwords.zxcvbn

    def estimator(password: str, **options: object) -> dict[str, object]:
        seen.append(len(password))
        return real(password, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(passwords, "zxcvbn", estimator)
    assert rule_of("a" * 120) is PasswordRule.GUESSABLE
    assert seen and max(seen) <= passwords.CHECKED_LENGTH == 72


def test_passwords_are_compared_in_nfkc_form() -> None:
    composed = "ŵyŵ ŷr ŵyneb coch iawn"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert check_password(decomposed) == check_password(composed) == composed
    assert passwords.normalise("ﬁne") == "fine"  # a compatibility ligature


@pytest.mark.db
def test_the_rules_hold_where_accounts_are_created_and_passwords_changed(engine: Engine) -> None:
    with pytest.raises(PasswordRejected) as created:
        create_account(engine, "ann@example.org", "passwordpassword")
    assert created.value.rule is PasswordRule.GUESSABLE and created.value.column == "password"
    ann = create_account(engine, "zorblatt.quennick@example.org", PASSPHRASE)
    with pytest.raises(PasswordRejected):
        set_password(engine, ann.id, "short", by=None)
    start_session(engine, ann.id)
    with pytest.raises(PasswordRejected) as changed:
        change_password(engine, ann, PASSPHRASE, "zorblattquennick", "zorblattquennick")
    assert changed.value.column == "new_password" and changed.value.rule is PasswordRule.GUESSABLE
    assert authenticate(engine, "zorblatt.quennick@example.org", PASSPHRASE) == ann  # nothing changed


@pytest.mark.db
def test_a_password_signs_in_however_its_letters_were_composed(engine: Engine) -> None:
    composed = "ŵyŵ ŷr ŵyneb coch iawn"
    ann = create_account(engine, "ann@example.org", unicodedata.normalize("NFD", composed))
    assert authenticate(engine, "ann@example.org", composed) == ann
    assert authenticate(engine, "ann@example.org", unicodedata.normalize("NFD", composed)) == ann


@pytest.mark.db
def test_a_hash_of_the_password_as_typed_still_signs_in_and_is_replaced(engine: Engine) -> None:
    """Accounts whose password was hashed before NFKC normalisation keep working."""
    from healthassets.services.accounts import HASHER
    from healthassets.store import accounts as store

    decomposed = unicodedata.normalize("NFD", "ŵyŵ ŷr ŵyneb coch iawn")
    ann = create_account(engine, "ann@example.org", PASSPHRASE)
    with engine.begin() as connection:
        store.set_password_hash(connection, ann.id, HASHER.hash(decomposed), by=None, log=False)
    assert authenticate(engine, "ann@example.org", decomposed) == ann
    stored = store.user_by_id(engine, ann.id).password_hash
    assert HASHER.verify(stored, unicodedata.normalize("NFKC", decomposed))


@pytest.mark.db
def test_long_passwords_are_never_truncated(engine: Engine) -> None:
    """Only the first 72 characters are estimated, but every character is hashed and checked."""
    start = "marmalade teapot orbit lantern " * 3  # 93 characters
    ann = create_account(engine, "ann@example.org", start + "one")
    assert authenticate(engine, "ann@example.org", start + "one") == ann
    assert authenticate(engine, "ann@example.org", start + "two") is None
    assert authenticate(engine, "ann@example.org", start[:72]) is None
