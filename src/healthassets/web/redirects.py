"""Links to retired profiles keep working (issue 10, part 6): a request naming a retired profile slug
— ``?profile=health-assets-demo`` on any page or download, or the API's
``/api/v1/profiles/health-assets-demo`` — is answered with 301 Moved Permanently to the same URL
naming its successor (:data:`healthassets.indicators.profile_definitions.RETIRED_PROFILES`), every
other query parameter kept in order."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from healthassets.indicators.profile_definitions import successor

API_PROFILE = re.compile(r"^(/api/v1/profiles/)([^/]+)$")


def moved_to(path: str, query_string: str) -> str | None:
    """Where a request for ``path`` with ``query_string`` now lives, or None when it names no retired
    profile."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    renamed = [(k, (successor(v) or v) if k == "profile" else v) for k, v in pairs]
    found = API_PROFILE.match(path)
    new_path = found.group(1) + (successor(found.group(2)) or found.group(2)) if found else path
    if renamed == pairs and new_path == path:
        return None
    return new_path + ("?" + urlencode(renamed) if renamed else "")


class RetiredProfileRedirect:
    """Answers requests for retired profiles with a 301 to their successor (see :func:`moved_to`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            target = moved_to(scope["path"], scope.get("query_string", b"").decode("latin-1"))
            if target is not None:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 301,
                        "headers": [(b"location", target.encode("latin-1")), (b"content-length", b"0")],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)
