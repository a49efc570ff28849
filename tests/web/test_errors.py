"""Error pages speak plainly and show the way forward (issue 9, part 4)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from healthassets.web.errors import from_validation, plain_error, without_operator_hints


def main_text(html: str) -> str:
    match = re.search(r"<main.*?</main>", html, re.S)
    assert match, "no <main> on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def test_operator_instructions_are_removed() -> None:
    assert without_operator_hints("no profile 'x' (run `healthassets load` to install them)") == (
        "No profile 'x'."
    )
    assert without_operator_hints("no database at a.db; run 'healthassets load' first") == (
        "No database at a.db."
    )


@pytest.mark.parametrize(
    ("detail", "expected"),
    [
        ({"type": "int_parsing", "loc": ["query", "page"]}, "‘page’ must be a whole number."),
        (
            {"type": "string_too_long", "loc": ["query", "q"], "ctx": {"max_length": 100}},
            "‘q’ is too long (at most 100 characters).",
        ),
        ({"type": "missing", "loc": ["query", "areas"]}, "‘areas’ is missing."),
        ({"type": "greater_than_equal", "loc": ["query", "page"], "ctx": {"ge": 1}}, "must be at least 1"),
    ],
)
def test_validation_errors_in_plain_words(detail: dict[str, object], expected: str) -> None:
    assert expected in from_validation([detail]).summary


@pytest.mark.parametrize("status", [403, 404, 405, 413, 429, 500, 503])
def test_every_status_has_a_title_and_a_way_forward(status: int) -> None:
    page = plain_error(status, "Traceback: secret internals")
    assert page.title and page.next_steps
    assert "Traceback" not in page.summary


@pytest.mark.parametrize(
    "path",
    [
        "/indicators/abc",
        "/search?q=" + "a" * 200,
        "/areas/E08000004?profile=no-such-profile",
        "/areas/E99999999",
        "/no/such/page",
    ],
)
def test_error_pages_hide_internals(site: TestClient, path: str) -> None:
    response = site.get(path)
    assert 400 <= response.status_code < 500
    text = main_text(response.text)
    for internal in ("healthassets load", "Input should be", "query.", "path.", "Traceback", "sqlite"):
        assert internal not in text
    assert "find an area" in text  # the way forward


def test_a_bug_gives_a_plain_500_page_not_a_trace(loaded_engine: object) -> None:
    from healthassets.app import create_app

    app = create_app(loaded_engine)  # type: ignore[arg-type]

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret stack detail")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert "secret stack detail" not in response.text
    assert "Sorry, there is a problem with the service" in main_text(response.text)


def test_error_pages_are_welsh_in_welsh(site: TestClient) -> None:
    text = main_text(site.get("/no/such/page?lang=cy").text)
    assert "We could not find" not in text
