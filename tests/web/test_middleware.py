"""The site's ASGI guards (web.middleware): bodies over the route's limit are refused with 413
before anything reads them; responses that belong to one visitor say Cache-Control: no-store."""

from __future__ import annotations

import asyncio
import io
import threading
from typing import Any

from fastapi.testclient import TestClient
from PIL import Image

from healthassets.web.middleware import FORM_LIMIT, MB, BodyLimitMiddleware, body_limit
from tests.web.helpers import csrf_of, sign_in, suggestion


def call(
    app: Any, path: str, headers: list[tuple[bytes, bytes]], chunks: list[bytes]
) -> tuple[list[Any], int]:
    """Run ``app`` on one POST; (messages sent, body chunks the application asked for)."""
    sent: list[Any] = []
    asked = [0]
    queue = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)
    ]

    async def receive() -> dict[str, Any]:
        asked[0] += 1
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "http", "method": "POST", "path": path, "raw_path": path.encode(), "query_string": b"",
        "headers": headers, "client": ("127.0.0.1", 1), "server": ("testserver", 80), "scheme": "http",
        "root_path": "", "http_version": "1.1", "asgi": {"version": "3.0"},
    }  # fmt: skip
    # a thread of its own: another test's browser may own this thread's event loop
    worker = threading.Thread(target=asyncio.run, args=(app(scope, receive, send),))
    worker.start()
    worker.join(30)
    return sent, asked[0]


def test_a_declared_100_mb_body_is_refused_before_it_is_read(register: TestClient) -> None:
    headers = [(b"content-type", b"application/x-www-form-urlencoded"), (b"content-length", b"104857600")]
    sent, asked = call(register.app, "/login", headers, [b"x" * 1024])
    assert sent[0]["status"] == 413 and asked == 0
    assert b"too large" in sent[1]["body"]
    welsh = register.post("/login?lang=cy", content=b"x" * (FORM_LIMIT + 1))
    assert welsh.status_code == 413 and "rhy fawr" in welsh.text and "lang='cy'" in welsh.text


def test_a_streamed_body_is_cut_off_at_the_limit(register: TestClient) -> None:
    chunks = [b"email=a" + b"a" * (16 * 1024)] * 40  # 640 KB, no Content-Length
    sent, asked = call(
        register.app, "/login", [(b"content-type", b"application/x-www-form-urlencoded")], chunks
    )
    assert sent[0]["status"] == 413
    assert asked <= FORM_LIMIT // (16 * 1024) + 2  # stopped reading soon after the limit


def test_413_even_when_the_route_swallows_errors() -> None:
    async def greedy(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"read it all"})

    sent, _ = call(BodyLimitMiddleware(greedy), "/assets/new", [], [b"x" * 1024] * 100)
    assert sent[0]["status"] == 413


def test_limits_follow_the_route() -> None:
    assert body_limit("/login") == body_limit("/assets/new") == FORM_LIMIT
    assert body_limit("/assets/abc/stories") == 6 * MB
    assert body_limit("/moderation/import") == 21 * MB


def test_forms_in_use_fit_their_limits(register: TestClient) -> None:
    big = register.post("/login", data={"email": "x" * (FORM_LIMIT + 10), "csrf_token": "t"})
    assert big.status_code == 413 and "What you sent is too large" in big.text
    sign_in(register, "mod@example.org")
    page = register.get("/assets/new")
    made = register.post(
        "/assets/new", data={**suggestion(), "csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    assert made.status_code == 303
    asset = made.headers["location"].split("?")[0]
    approval = {"action": "approve", "csrf_token": csrf_of(register.get("/moderation").text)}
    assert register.post(f"/moderation{asset}", data=approval, follow_redirects=False).status_code == 303
    photo = io.BytesIO()
    Image.effect_noise((1200, 1200), 60).convert("RGB").save(photo, format="PNG")
    assert photo.tell() > FORM_LIMIT * 4
    story = register.post(
        f"{asset}/stories",
        data={
            "title": "Our garden",
            "body": "We grew beans.",
            "csrf_token": csrf_of(register.get(asset).text),
        },
        files={"photo": ("garden.png", photo.getvalue(), "image/png")},
        follow_redirects=False,
    )
    assert story.status_code == 303, story.text


def test_signed_in_and_session_pages_are_not_stored_by_browsers(register: TestClient) -> None:
    public = register.get("/search", params={"q": "Oldham"})
    assert "no-store" not in public.headers.get("cache-control", "")
    login = register.get("/login")  # a form: its CSRF token belongs to this visitor
    assert login.headers["cache-control"] == "no-store"
    sign_in(register, "mod@example.org")
    for path in ("/assets", "/moderation", "/account/password", "/search?q=Oldham", "/"):
        response = register.get(path)
        assert response.status_code == 200 and response.headers["cache-control"] == "no-store", path
    script = register.get("/static/js/search.js")
    assert script.status_code == 200 and "no-store" not in script.headers.get("cache-control", "")
