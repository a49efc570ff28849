"""Use case: the key that signs session cookies, the same in every worker and on every machine
(docs/adr/0076): ``HEALTHASSETS_SECRET_KEY`` when set, else one random key stored in the database
by the first process that needs it. A key an older version kept in ``.healthassets-secret`` becomes
the stored key, so signed-in visitors stay signed in across the upgrade."""

from __future__ import annotations

import secrets

from healthassets import settings
from healthassets.store import Engine
from healthassets.store.site_keys import shared_key

SESSION_KEY = "session"


def session_key(engine: Engine) -> str:
    configured = settings.configured_secret_key()
    if configured:
        return configured
    legacy = settings.SECRET_FILE
    candidate = legacy.read_text().strip() if legacy.is_file() else ""
    return shared_key(engine, SESSION_KEY, candidate or secrets.token_urlsafe(48))
