"""Password rules, as NIST SP 800-63B revision 4 (§3.1.1.2) sets them for a password used alone
(docs/adr/0074-password-rules.md):

- at least :data:`MIN_LENGTH` (15) characters, counted as Unicode code points after NFKC
  normalisation, and up to :data:`MAX_LENGTH` (128: 800-63B asks for at least 64, ASVS 2.1.2
  refuses more than 128);
- any characters — spaces, punctuation, Welsh letters, emoji — and **no composition rules** (no
  "one digit, one capital");
- not a password that would be guessed early: zxcvbn (Dropbox's estimator, its lists of common and
  breached passwords, words, names, keyboard patterns, repeats, sequences and dates) must score it
  :data:`MIN_SCORE` (3, about 10⁸ guesses) or more, with the service's name and the account's email
  as words an attacker tries first (800-63B's "context-specific words").

Passwords are normalised (NFKC) before hashing and before checking, so the same passphrase typed on
another keyboard (composed or decomposed ŵ) still signs in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum

from zxcvbn import zxcvbn

from healthassets.errors import InputError

MIN_LENGTH = 15
MAX_LENGTH = 128
#: zxcvbn reads at most this many characters (its own limit); a longer password is judged by its start
CHECKED_LENGTH = 72
MIN_SCORE = 3
SERVICE_WORDS = ("healthassets", "health", "assets", "health assets")


class PasswordRule(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    GUESSABLE = "guessable"


class PasswordRejected(InputError):
    """A password a rule refuses; ``rule`` says which, for a message in the visitor's language."""

    def __init__(self, rule: PasswordRule, reason: str, column: str = "password") -> None:
        super().__init__(reason, column=column)
        self.rule = rule


def normalise(password: str) -> str:
    """The form a password is checked and hashed in (NFKC, 800-63B §3.1.1.2)."""
    return unicodedata.normalize("NFKC", password or "")


def context_words(email: str | None) -> list[str]:
    """Words an attacker of this account tries first: the service's name, the email and its parts."""
    words = list(SERVICE_WORDS)
    if email:
        address = email.strip().lower()
        words += [address, *(part for part in re.split(r"[@._+-]+", address) if len(part) > 2)]
    return words


def check_password(password: str, *, email: str | None = None, column: str = "password") -> str:
    """The password, normalised, when every rule allows it; else :class:`PasswordRejected`."""
    text = normalise(password)
    if len(text) < MIN_LENGTH:
        raise PasswordRejected(
            PasswordRule.TOO_SHORT, f"the password needs at least {MIN_LENGTH} characters", column
        )
    if len(text) > MAX_LENGTH:
        raise PasswordRejected(
            PasswordRule.TOO_LONG, f"the password can have at most {MAX_LENGTH} characters", column
        )
    if guess_score(text, context_words(email)) < MIN_SCORE:
        raise PasswordRejected(
            PasswordRule.GUESSABLE,
            "the password is too easy to guess: a common password, a pattern, or too like the email "
            "address or the site's name",
            column,
        )
    return text


def meets_rules(password: str, *, email: str | None = None) -> bool:
    """Whether a password in use would be accepted today (asked at sign-in: ASVS 2.1.7)."""
    try:
        check_password(password, email=email)
    except PasswordRejected:
        return False
    return True


def guess_score(password: str, words: Iterable[str] = ()) -> int:
    """zxcvbn's score, 0 (guessed at once) to 4 (more than 10¹⁰ guesses)."""
    result = zxcvbn(password[:CHECKED_LENGTH], user_inputs=list(words), max_length=CHECKED_LENGTH)
    return int(result["score"])
