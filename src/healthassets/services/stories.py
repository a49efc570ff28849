"""Use cases of stories: a narrative about an asset in the community's own words, with an optional
photo, moderated like assets (``submitted`` until approved), erasable for real."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from healthassets.assets.vocabulary import Status
from healthassets.errors import ImportValidationError, NotFoundError, RowProblem
from healthassets.store import Engine
from healthassets.store import stories as story_store

STORY_TITLE_MAX = 300
STORY_BODY_MAX = 20_000


@dataclass
class StoryInput:
    title: str
    body: str
    author_name: str | None = None
    photo: bytes | None = None
    photo_type: str | None = None


def story_problems(story: StoryInput) -> list[RowProblem]:
    """What is wrong with a story's text: a title and a body, each within its length."""
    problems = []
    title, body = story.title.strip(), story.body.strip()
    for column, text, limit in (("title", title, STORY_TITLE_MAX), ("body", body, STORY_BODY_MAX)):
        if not text:
            problems.append(RowProblem(1, column, f"{column} is missing"))
        elif len(text) > limit:
            problems.append(RowProblem(1, column, f"{column} is longer than {limit:,} characters"))
    return problems


def add_story(
    engine: Engine,
    asset_id: str,
    story: StoryInput,
    *,
    user_id: int | None = None,
    status: Status = Status.SUBMITTED,
) -> str:
    """Attach a story (moderated like assets: ``submitted`` until approved). The caller checks and
    strips photos (size, type, metadata) before they reach here."""
    problems = story_problems(story)
    if problems:
        raise ImportValidationError(problems)
    title, body = story.title.strip(), story.body.strip()
    values = {
        "asset_id": asset_id,
        "title": title,
        "body": body,
        "author_name": (story.author_name or "").strip() or None,
        "photo": story.photo,
        "photo_type": story.photo_type,
        "status": status.value,
        "created_at": datetime.now(UTC),
    }
    story_id = story_store.insert_story(engine, values, user_id=user_id)
    if story_id is None:
        raise NotFoundError(f"no asset {asset_id}")
    return story_id


def change_story_status(engine: Engine, story_id: str, target: Status, *, user_id: int | None) -> None:
    if not story_store.set_story_status(engine, story_id, target.value, user_id=user_id):
        raise NotFoundError(f"no story {story_id}")


def erase_story(engine: Engine, story_id: str, *, user_id: int | None) -> None:
    """Delete a story and its photo for real; its audit entries keep no content."""
    if not story_store.erase_story(engine, story_id, user_id=user_id):
        raise NotFoundError(f"no story {story_id}")


def submitted_stories(engine: Engine, limit: int = 200) -> list[dict[str, Any]]:
    """Live stories waiting for a moderator, oldest first."""
    return story_store.submitted_stories(engine, limit)
