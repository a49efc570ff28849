"""Links to the retired demo profile keep working (issue 10, part 6; docs/adr/0054): 301 to the same
URL naming its successor, every other parameter kept in order."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from healthassets.web.redirects import moved_to


def test_moved_to_renames_only_the_retired_profile() -> None:
    assert moved_to("/areas/E08000004", "profile=health-assets-demo&comparator=region&lang=cy") == (
        "/areas/E08000004?profile=health-assets&comparator=region&lang=cy"
    )
    assert moved_to("/api/v1/profiles/health-assets-demo", "") == "/api/v1/profiles/health-assets"
    assert (
        moved_to("/api/v1/profiles/health-assets-demo", "lang=cy") == "/api/v1/profiles/health-assets?lang=cy"
    )
    assert moved_to("/areas/E08000004", "profile=needs&comparator=region") is None
    assert moved_to("/areas/E08000004", "") is None
    assert moved_to("/api/v1/profiles/needs", "") is None
    assert moved_to("/search", "q=health-assets-demo") is None  # only the profile parameter means a profile


@pytest.mark.db
@pytest.mark.parametrize(
    ("path", "target"),
    [
        (
            "/areas/W06000001?profile=health-assets-demo&comparator=england&lang=cy",
            "/areas/W06000001?profile=health-assets&comparator=england&lang=cy",
        ),
        (
            "/areas/W06000001/data.csv?profile=health-assets-demo",
            "/areas/W06000001/data.csv?profile=health-assets",
        ),
        ("/api/v1/profiles/health-assets-demo", "/api/v1/profiles/health-assets"),
    ],
)
def test_pages_downloads_and_the_api_answer_301(welsh_site: TestClient, path: str, target: str) -> None:
    moved = welsh_site.get(path, follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == target
    assert welsh_site.get(target).status_code == 200
    assert welsh_site.head(path, follow_redirects=False).status_code == 301
