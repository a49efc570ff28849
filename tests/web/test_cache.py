import asyncio
import threading
from typing import Any

from healthassets.web.cache import CacheMiddleware, ResponseCache, cacheable


def run(
    middleware: CacheMiddleware,
    path: str,
    method: str = "GET",
    headers: list[tuple[bytes, bytes]] | None = None,
) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": b"a=1", "headers": headers or []}
    # a thread of its own: another test's browser may own this thread's event loop
    worker = threading.Thread(target=asyncio.run, args=(middleware(scope, receive, send),))  # type: ignore[arg-type]
    worker.start()
    worker.join(10)
    return sent


def make(status: int = 200, allow_uncached: bool = False) -> tuple[CacheMiddleware, list[int], list[int]]:
    calls = [0]
    version = [1]

    async def app(scope: Any, receive: Any, send: Any) -> None:
        calls[0] += 1
        await send({"type": "http.response.start", "status": status, "headers": [(b"x", b"y")]})
        await send({"type": "http.response.body", "body": f"call {calls[0]}".encode()})

    middleware = CacheMiddleware(
        app, ResponseCache(), lambda: (version[0],), version_ttl=0.0, allow_uncached=allow_uncached
    )
    return middleware, calls, version


def test_hits_skip_the_app_until_the_data_version_changes() -> None:
    middleware, calls, version = make()
    first = run(middleware, "/areas/E08000004")
    second = run(middleware, "/areas/E08000004")
    assert calls[0] == 1 and first[1]["body"] == second[1]["body"] == b"call 1"
    assert second[0]["headers"] == [(b"x", b"y")]
    version[0] = 2
    assert run(middleware, "/areas/E08000004")[1]["body"] == b"call 2"


def test_errors_posts_and_other_paths_are_not_cached() -> None:
    middleware, calls, _ = make(status=404)
    run(middleware, "/areas/E99")
    run(middleware, "/areas/E99")
    assert calls[0] == 2
    middleware, calls, _ = make()
    run(middleware, "/moderation")
    run(middleware, "/moderation")
    run(middleware, "/areas/x", method="POST")
    assert calls[0] == 3
    assert cacheable("/") and cacheable("/api/v1/values") and not cacheable("/static/app.css")


def test_least_recently_used_entries_are_dropped() -> None:
    cache = ResponseCache(size=2)
    for key in ("a", "b", "c"):
        cache.put((key,), (200, [], b""))
    assert cache.get(("a",)) is None and cache.get(("c",)) is not None


def test_responses_of_one_visitor_are_never_stored() -> None:
    from starlette.middleware.sessions import Session

    for headers, session in (
        ([(b"set-cookie", b"healthassets_session=abc")], None),
        ([(b"cache-control", b"no-store")], None),
        ([], Session({"sid": "a signed-in visitor"})),
        ([], "read"),
    ):
        calls = [0]

        async def app(
            scope: Any,
            receive: Any,
            send: Any,
            headers: Any = headers,
            session: Any = session,
            calls: Any = calls,
        ) -> None:
            calls[0] += 1
            if session == "read":
                scope["session"].mark_accessed()  # what request.session does
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": b"mine"})

        middleware = CacheMiddleware(app, ResponseCache(), lambda: (1,), version_ttl=0.0)
        for _ in range(2):
            sent: list[dict[str, Any]] = []
            scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": []}
            scope["session"] = Session() if session == "read" else session

            async def receive() -> dict[str, Any]:
                return {"type": "http.request", "body": b""}

            async def send(message: dict[str, Any], sent: list[dict[str, Any]] = sent) -> None:
                sent.append(message)

            worker = threading.Thread(target=asyncio.run, args=(middleware(scope, receive, send),))  # type: ignore[arg-type]
            worker.start()
            worker.join(10)
        assert calls[0] == 2, headers or session


UNCACHED = [(b"x-healthassets-uncached", b"1")]


def test_the_uncached_header_is_honoured_only_when_the_server_allows_it() -> None:
    middleware, calls, _ = make()
    run(middleware, "/areas/E08000004")
    run(middleware, "/areas/E08000004", headers=UNCACHED)
    assert calls[0] == 1  # a visitor's header changes nothing
    benchmarked, calls, _ = make(allow_uncached=True)
    for _ in range(2):
        run(benchmarked, "/areas/E08000004", headers=UNCACHED)
    assert calls[0] == 2  # each uncached request reaches the app
    run(benchmarked, "/areas/E08000004")
    run(benchmarked, "/areas/E08000004")
    assert calls[0] == 3  # and stores nothing: the first plain request is a miss, the next a hit


def test_a_change_counted_by_another_worker_expires_entries_on_the_next_request() -> None:
    """The data version is re-read every ``version_ttl`` seconds; the register's change counter on
    every request, so a moderation in another process is not hidden by the TTL (docs/adr/0076)."""
    calls = [0]
    changed = [7]

    async def app(scope: Any, receive: Any, send: Any) -> None:
        calls[0] += 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": f"call {calls[0]}".encode()})

    middleware = CacheMiddleware(
        app, ResponseCache(), lambda: (1,), version_ttl=3600.0, changes=lambda: changed[0]
    )
    assert run(middleware, "/postcodes/OL11AA")[1]["body"] == b"call 1"
    assert run(middleware, "/postcodes/OL11AA")[1]["body"] == b"call 1"
    changed[0] += 1  # an approval in another worker, an hour before this one re-reads the data version
    assert run(middleware, "/postcodes/OL11AA")[1]["body"] == b"call 2"


def test_memoised_page_data_is_rebuilt_after_a_change_in_any_worker(engine: Any) -> None:
    """A report lists published stories: its memoised data follows the register's change counter
    (raised by a moderation in any process), not only the data version (docs/adr/0076)."""
    from types import SimpleNamespace

    from healthassets.store import changes
    from healthassets.web.pages import memoised

    request: Any = SimpleNamespace(
        app=SimpleNamespace(state=SimpleNamespace(engine=engine, page_data={}, allow_uncached=False)),
        headers=SimpleNamespace(raw=[]),
    )
    builds = [0]

    def build() -> int:
        builds[0] += 1
        return builds[0]

    assert memoised(request, ("report", "E08000004"), build) == 1
    assert memoised(request, ("report", "E08000004"), build) == 1
    changes.bump_now(engine)  # a story approved by another worker
    assert memoised(request, ("report", "E08000004"), build) == 2
