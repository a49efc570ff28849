"""Place plans (issue 13): who may read and edit them, creating, editing and sharing.

Reading: a public plan is anyone's; a "link" plan is anyone's who has its read-only link
(``?key=``); a private plan only its planner's and administrators'. Hidden plans are "not found",
so their existence does not leak. Editing: the planner who created it and administrators. Every
edit replaces the whole document if nobody saved in between (``version``), and is audited.
Stakeholder groups can score by one-time invitation links without an account (ADR 0069).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from healthassets.errors import Forbidden, InputError, NotFoundError, NotSignedIn
from healthassets.planning.plan import check_plan, next_id, remove_item
from healthassets.services.accounts import Account
from healthassets.store import Engine
from healthassets.store import plans as plan_store
from healthassets.store.areas import get_area
from healthassets.store.values import ValueFilter, fetch_values

VISIBILITIES = ("private", "link", "public")
INVITATION_DAYS = 14
DEFAULT_STAKEHOLDERS = ("Residents", "Health and care", "Council", "Voluntary and community sector")


@dataclass(frozen=True)
class StoredPlan:
    id: str
    document: dict[str, Any]
    version: int
    visibility: str
    share_token: str | None
    created_by: int | None
    may_edit: bool


def _stored(row: dict[str, Any], account: Account | None) -> StoredPlan:
    editable = account is not None and (
        account.is_admin or (account.can_plan and row["created_by"] == account.id)
    )
    return StoredPlan(
        row["id"], check_plan(row["document"]), row["version"], row["visibility"], row["share_token"],
        row["created_by"], editable,
    )  # fmt: skip


def read_plan(engine: Engine, plan_id: str, account: Account | None, key: str | None = None) -> StoredPlan:
    """The plan if this reader may see it; NotFoundError otherwise (also for hidden plans)."""
    row = plan_store.plan_row(engine, plan_id)
    if row is None:
        raise NotFoundError(f"no plan {plan_id}")
    plan = _stored(row, account)
    shared = row["visibility"] == "link" and key and row["share_token"]
    if (
        plan.may_edit
        or row["visibility"] == "public"
        or (shared and secrets.compare_digest(key, row["share_token"]))
    ):
        return plan
    raise NotFoundError(f"no plan {plan_id}")


def edit_plan_access(engine: Engine, plan_id: str, account: Account | None) -> StoredPlan:
    """The plan for editing; NotSignedIn without an account, Forbidden for readers who may not edit."""
    if account is None:
        raise NotSignedIn("sign in to edit this plan")
    plan = read_plan(engine, plan_id, account)
    if not plan.may_edit:
        raise Forbidden("only the plan's planner or an administrator can edit it")
    return plan


def plans_for(engine: Engine, account: Account | None) -> list[dict[str, Any]]:
    """Plans to list for this reader: public ones and their own (administrators: all)."""
    user = None if account is None else account.id
    return plan_store.plans_seen_by(engine, user, everything=bool(account and account.is_admin))


def create_plan(
    engine: Engine,
    account: Account | None,
    title: str,
    area_code: str,
    neighbourhood: list[str] | None = None,
) -> str:
    """A new plan for ``area_code`` (and optionally a neighbourhood of small areas within it) with
    the default stakeholder groups; planners and administrators only."""
    if account is None:
        raise NotSignedIn("sign in to create a plan")
    if not account.can_plan:
        raise Forbidden("only planners can create plans")
    code = (area_code or "").strip()
    if not code:
        raise InputError("choose the place the plan is for", column="area")
    try:
        area = get_area(engine, code)
    except NotFoundError:
        raise InputError(f"there is no area with the code {code!r}", column="area") from None
    areas = []
    for small in neighbourhood or []:
        try:
            areas.append(get_area(engine, small).code)
        except NotFoundError:
            raise InputError(f"there is no area with the code {small!r}", column="neighbourhood") from None
    document = check_plan(
        {
            "title": title,
            "area": {"code": area.code, "name": area.name},
            "neighbourhood": areas,
            "stakeholders": [
                {"id": f"s{i}", "name": n, "weight": 1} for i, n in enumerate(DEFAULT_STAKEHOLDERS, 1)
            ],
        }
    )
    return plan_store.insert_plan(engine, document, user_id=account.id)


def change_plan(
    engine: Engine,
    plan_id: str,
    account: Account | None,
    version: int,
    change: Callable[[dict[str, Any]], dict[str, Any]],
) -> dict[str, Any]:
    """Apply ``change`` to the plan's document, check the result and save it; InputError when it is
    invalid or when someone else saved since the editor loaded version ``version``."""
    plan = edit_plan_access(engine, plan_id, account)
    if plan.version != version:
        raise InputError("someone else changed this plan since you opened it: reload the page and try again")
    document = check_plan(change(plan.document))
    if not plan_store.save_plan(engine, plan_id, document, version, user_id=account.id if account else None):
        raise InputError("someone else changed this plan since you opened it: reload the page and try again")
    return document


def add_item(field: str, prefix: str, values: dict[str, Any]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """An edit adding one outcome, asset, project or stakeholder group with the next free id."""

    def change(document: dict[str, Any]) -> dict[str, Any]:
        items = list(document[field])
        return {**document, field: [*items, {**values, "id": next_id(items, prefix)}]}

    return change


def update_item(
    field: str, item_id: str, values: dict[str, Any]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """An edit changing fields of one item; InputError if the plan has no such item."""

    def change(document: dict[str, Any]) -> dict[str, Any]:
        if not any(i["id"] == item_id for i in document[field]):
            raise InputError(f"the plan has no item {item_id}", column=field)
        return {**document, field: [{**i, **values} if i["id"] == item_id else i for i in document[field]]}

    return change


def delete_item(item_id: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda document: remove_item(document, item_id)


def set_fields(values: dict[str, Any]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """An edit setting top-level fields (title, summary, weights, alignments, links, titles)."""
    return lambda document: {**document, **values}


def baseline(engine: Engine, indicator_id: int, area_code: str) -> tuple[float | None, str]:
    """The latest headline value of the indicator for the area and its period ("" if none)."""
    from healthassets.services.inequality import headline_rows

    found = fetch_values(engine, ValueFilter(indicators=[indicator_id], areas=[area_code], latest_only=True))
    rows = headline_rows(found) if not found.empty else found
    if rows.empty or rows["value"].isna().all():
        return None, ""
    first = rows.iloc[0]
    return float(first["value"]), str(first["period"])


def set_sharing(engine: Engine, plan_id: str, account: Account | None, visibility: str) -> str | None:
    """Make the plan private, readable by link (a new random link each time) or public; returns the
    link token for "link"."""
    plan = edit_plan_access(engine, plan_id, account)
    if visibility not in VISIBILITIES:
        raise InputError(f"{visibility!r} is not one of {', '.join(VISIBILITIES)}", column="visibility")
    token = secrets.token_urlsafe(24) if visibility == "link" else None
    plan_store.set_plan_sharing(engine, plan.id, visibility, token, user_id=account.id if account else None)
    return token


def remove_plan(engine: Engine, plan_id: str, account: Account | None) -> None:
    plan = edit_plan_access(engine, plan_id, account)
    plan_store.delete_plan(engine, plan.id, user_id=account.id if account else None)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_stakeholder(engine: Engine, plan_id: str, account: Account | None, stakeholder: str) -> str:
    """A one-time link token for the named stakeholder group to score the plan's assets."""
    plan = edit_plan_access(engine, plan_id, account)
    if stakeholder not in {s["id"] for s in plan.document["stakeholders"]}:
        raise InputError("choose one of the plan's stakeholder groups", column="stakeholder")
    token = secrets.token_urlsafe(24)
    expires = int(time.time()) + INVITATION_DAYS * 86400
    plan_store.insert_invitation(engine, _hash(token), plan.id, stakeholder, expires)
    return token


@dataclass(frozen=True)
class Invitation:
    plan_id: str
    stakeholder: str
    document: dict[str, Any]
    version: int


def open_invitation(engine: Engine, token: str) -> Invitation:
    """The plan an unused, unexpired invitation is for; NotFoundError otherwise."""
    found = plan_store.invitation(engine, _hash(token or ""))
    row = None if found is None else plan_store.plan_row(engine, found["plan_id"])
    if found is None or row is None or found["expires_at"] < time.time():
        raise NotFoundError("this invitation link has been used, has expired or does not exist")
    return Invitation(row["id"], found["stakeholder"], check_plan(row["document"]), row["version"])


def score_by_invitation(engine: Engine, token: str, scores: dict[str, Any]) -> None:
    """Record the invited group's scores (asset id → 1–5 or blank) once; the link is then spent."""
    invitation = open_invitation(engine, token)
    group = invitation.stakeholder

    def change(document: dict[str, Any]) -> dict[str, Any]:
        assets = []
        for asset in document["assets"]:
            kept = {g: s for g, s in asset["scores"].items() if g != group}
            score = scores.get(asset["id"])
            assets.append({**asset, "scores": {**kept, group: score} if score not in (None, "") else kept})
        return {**document, "assets": assets}

    check_plan(change(invitation.document))  # bad scores: an InputError before anything is written
    for _ in range(5):  # another save may land first: re-read and apply again
        row = plan_store.plan_row(engine, invitation.plan_id)
        if row is None:
            raise NotFoundError("this plan has been deleted")
        document = check_plan(change(row["document"]))
        try:
            if plan_store.save_plan(
                engine, row["id"], document, row["version"], user_id=None, invitation_hash=_hash(token)
            ):
                return
        except plan_store.InvitationSpent:
            raise NotFoundError("this invitation link has been used, has expired or does not exist") from None
    raise InputError("the plan is being changed by others: try again in a minute")


def register_matches(engine: Engine, area_code: str, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """Published register assets (not people) in the plan's area matching ``text``: id, name and
    first dimension, to add as priority assets."""
    from healthassets.assets.search import AssetFilter
    from healthassets.store.assets import list_assets

    words = (text or "").strip()[:100]
    if not words:
        return []
    found = list_assets(
        engine, AssetFilter(area=area_code, text=words, people="none"), limit=limit, columns=["id", "name"]
    )
    return [
        {"id": r.id, "name": r.name, "dimension": (str(r.dimensions).split(";")[0] or "community_economy")}
        for r in found.itertuples()
    ]


def resolve_area(engine: Engine, text: str) -> str:
    """An area code from what a planner typed: a code, or a name (best match); InputError if none."""
    from healthassets.services.area_search import find_areas

    typed = (text or "").strip()
    if not typed:
        raise InputError("choose the place the plan is for", column="area")
    try:
        return get_area(engine, typed).code
    except NotFoundError:
        pass
    found = find_areas(engine, typed, limit=1)
    if not found:
        raise InputError(f"no area is called {typed[:60]!r}", column="area")
    return found[0].code


def set_project_value(
    engine: Engine,
    plan_id: str,
    account: Account | None,
    version: int,
    project: str,
    impact_map: str,
    investment: float | None,
) -> None:
    """Keep a project's impact map (and the investment its SROI divides by: the project's cost when
    not given), after checking that the SROI can be calculated from it; blank removes it."""
    from healthassets.services.sroi import SroiRequest, calculate

    plan = edit_plan_access(engine, plan_id, account)
    found = [p for p in plan.document["projects"] if p["id"] == project]
    if not found:
        raise InputError("choose one of the plan's projects", column="project")
    text = (impact_map or "").strip()
    amount = investment if investment is not None else found[0]["cost"]
    if text:
        if not amount:
            raise InputError("give the investment, or the project's cost", column="investment")
        calculate(SroiRequest(impact_csv=text, investment=float(amount)))
    change = update_item("projects", project, {"impact_map": text, "investment": investment})
    change_plan(engine, plan_id, account, version, change)


def known_areas(engine: Engine, codes: list[str], column: str = "areas") -> list[str]:
    """``codes`` as the store spells them; InputError naming the first unknown one."""
    out = []
    for code in codes:
        try:
            out.append(get_area(engine, code).code)
        except NotFoundError:
            raise InputError(f"there is no area with the code {code[:20]!r}", column=column) from None
    return out
