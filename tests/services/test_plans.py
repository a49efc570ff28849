"""Place plans (issue 13) on an empty migrated store: who may create, read and edit them, versioned
and audited edits, sharing by link or publicly, one-time stakeholder invitations, and the analysis
and tables the plan's pages and exports show."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets.assets.vocabulary import Role
from healthassets.errors import Forbidden, InputError, NotFoundError, NotSignedIn
from healthassets.planning.plan import check_plan
from healthassets.services import plans
from healthassets.services.accounts import Account
from healthassets.services.plan_views import analyse, plan_tables
from healthassets.services.plans import (
    DEFAULT_STAKEHOLDERS,
    INVITATION_DAYS,
    add_item,
    change_plan,
    create_plan,
    delete_item,
    invite_stakeholder,
    open_invitation,
    plans_for,
    read_plan,
    remove_plan,
    score_by_invitation,
    set_fields,
    set_sharing,
    update_item,
)
from healthassets.store import plans as plan_store
from healthassets.store.accounts import add_user
from healthassets.store.audit import audit_entries
from tests.store.test_area_service import write_small_geography

pytestmark = pytest.mark.db

OLDHAM = "E08000004"


@dataclass(frozen=True)
class People:
    admin: Account
    planner: Account
    other_planner: Account
    contributor: Account


@pytest.fixture
def people(engine: Engine) -> People:
    """The small hand-made geography (Oldham, its MSOAs and LSOAs, …) and four accounts."""
    write_small_geography(engine)
    accounts = {}
    with engine.begin() as connection:
        for email, role in [
            ("admin@example.org", Role.ADMIN),
            ("pat@example.org", Role.PLANNER),
            ("quinn@example.org", Role.PLANNER),
            ("ann@example.org", Role.CONTRIBUTOR),
        ]:
            accounts[role, email] = Account(
                add_user(connection, email, "hash", role.value), email, role, True
            )
    return People(*accounts.values())


@pytest.fixture
def plan_id(engine: Engine, people: People) -> str:
    """A new private plan of Pat's for Oldham."""
    return create_plan(engine, people.planner, "Oldham healthy places", OLDHAM)


def _audit(engine: Engine, plan_id: str) -> list[str]:
    """The audit actions of the plan, oldest first."""
    return list(reversed(audit_entries(engine, entity="plan", entity_id=plan_id)["action"].tolist()))


# --- creating ------------------------------------------------------------------------------------------


def test_only_planners_create_plans(engine: Engine, people: People) -> None:
    with pytest.raises(NotSignedIn):
        create_plan(engine, None, "Plan", OLDHAM)
    with pytest.raises(Forbidden):
        create_plan(engine, people.contributor, "Plan", OLDHAM)
    assert plans_for(engine, people.admin) == []  # nothing was stored


def test_a_plan_needs_a_known_area(engine: Engine, people: People) -> None:
    for code, column in [("E99999999", "area"), ("  ", "area")]:
        with pytest.raises(InputError) as raised:
            create_plan(engine, people.planner, "Plan", code)
        assert raised.value.column == column
    with pytest.raises(InputError) as raised:
        create_plan(engine, people.planner, "Plan", OLDHAM, neighbourhood=["E01005400", "E01999999"])
    assert raised.value.column == "neighbourhood"
    with pytest.raises(InputError) as raised:
        create_plan(engine, people.planner, " ", OLDHAM)
    assert raised.value.column == "title"
    assert plans_for(engine, people.admin) == []


def test_a_planner_creates_a_private_plan(engine: Engine, people: People) -> None:
    made = create_plan(engine, people.planner, "Oldham plan", " e08000004 ", neighbourhood=["e01005400"])
    plan = read_plan(engine, made, people.planner)
    assert plan.version == 1 and plan.visibility == "private" and plan.share_token is None
    assert plan.created_by == people.planner.id and plan.may_edit
    document = plan.document
    assert document["title"] == "Oldham plan"
    assert document["area"] == {"code": OLDHAM, "name": "Oldham"}  # the stored code and name
    assert document["neighbourhood"] == ["E01005400"]
    # the four default groups, s1…s4, each of weight 1
    assert [(s["id"], s["name"], s["weight"]) for s in document["stakeholders"]] == [
        (f"s{i}", name, 1.0) for i, name in enumerate(DEFAULT_STAKEHOLDERS, 1)
    ]
    assert document["assets"] == [] and document["projects"] == [] and document["outcomes"] == []
    assert _audit(engine, made) == ["create"]
    # an administrator may create one too
    assert read_plan(engine, create_plan(engine, people.admin, "Admin plan", OLDHAM), people.admin).may_edit


# --- reading and sharing -------------------------------------------------------------------------------


def test_a_private_plan_is_hidden_from_everyone_but_its_planner_and_admins(
    engine: Engine, people: People, plan_id: str
) -> None:
    for reader in (None, people.other_planner, people.contributor):
        with pytest.raises(NotFoundError):
            read_plan(engine, plan_id, reader)
    assert read_plan(engine, plan_id, people.planner).may_edit
    assert read_plan(engine, plan_id, people.admin).may_edit
    with pytest.raises(NotFoundError):
        read_plan(engine, "no-such-plan", people.admin)


def test_a_link_plan_is_readable_with_its_key_only(engine: Engine, people: People, plan_id: str) -> None:
    token = set_sharing(engine, plan_id, people.planner, "link")
    assert token
    shared = read_plan(engine, plan_id, None, key=token)
    assert shared.visibility == "link" and not shared.may_edit
    assert not read_plan(engine, plan_id, people.other_planner, key=token).may_edit
    for key in (None, "", "wrong-key", token[:-1]):
        with pytest.raises(NotFoundError):
            read_plan(engine, plan_id, None, key=key)
    # a new link each time: the old one stops working
    again = set_sharing(engine, plan_id, people.planner, "link")
    assert again and again != token
    with pytest.raises(NotFoundError):
        read_plan(engine, plan_id, None, key=token)
    assert read_plan(engine, plan_id, None, key=again).id == plan_id
    # made private again, the link is dead
    assert set_sharing(engine, plan_id, people.planner, "private") is None
    with pytest.raises(NotFoundError):
        read_plan(engine, plan_id, None, key=again)
    assert _audit(engine, plan_id) == ["create", "sharing", "sharing", "sharing"]


def test_a_public_plan_is_anyones_to_read_but_not_to_edit(
    engine: Engine, people: People, plan_id: str
) -> None:
    assert set_sharing(engine, plan_id, people.planner, "public") is None
    assert not read_plan(engine, plan_id, None).may_edit
    assert not read_plan(engine, plan_id, people.other_planner).may_edit
    with pytest.raises(NotSignedIn):
        change_plan(engine, plan_id, None, 1, set_fields({"summary": "x"}))
    with pytest.raises(Forbidden):
        change_plan(engine, plan_id, people.other_planner, 1, set_fields({"summary": "x"}))
    with pytest.raises(Forbidden):
        set_sharing(engine, plan_id, people.contributor, "private")
    assert read_plan(engine, plan_id, None).version == 1  # nothing was saved


def test_sharing_must_be_one_of_the_three(engine: Engine, people: People, plan_id: str) -> None:
    with pytest.raises(InputError) as raised:
        set_sharing(engine, plan_id, people.planner, "everyone")
    assert raised.value.column == "visibility"
    assert read_plan(engine, plan_id, people.planner).visibility == "private"


def test_plans_are_listed_for_those_who_may_see_them(engine: Engine, people: People, plan_id: str) -> None:
    public = create_plan(engine, people.other_planner, "Another plan", OLDHAM)
    set_sharing(engine, public, people.other_planner, "public")
    # anonymous: the public one; Pat: the public one and their own; the admin: both
    assert [p["id"] for p in plans_for(engine, None)] == [public]
    assert {p["id"] for p in plans_for(engine, people.planner)} == {plan_id, public}
    assert {p["id"] for p in plans_for(engine, people.admin)} == {plan_id, public}
    # sorted by title: "Another plan" before "Oldham healthy places"
    assert [p["title"] for p in plans_for(engine, people.admin)] == ["Another plan", "Oldham healthy places"]


# --- editing -------------------------------------------------------------------------------------------


def test_edits_apply_bump_the_version_and_are_audited(engine: Engine, people: People, plan_id: str) -> None:
    park = {"title": "Green space", "dimension": "natural_environment"}
    document = change_plan(engine, plan_id, people.planner, 1, add_item("assets", "a", park))
    assert [(a["id"], a["title"]) for a in document["assets"]] == [("a1", "Green space")]
    skills = {"title": "Skills", "dimension": "personal_capacity", "physical": False}
    change_plan(engine, plan_id, people.planner, 2, add_item("assets", "a", skills))
    bus = {"name": "Bus lane", "sector": "transport"}
    change_plan(engine, plan_id, people.admin, 3, add_item("projects", "p", bus))  # an admin may edit
    cells = {"alignments": [{"project": "p1", "asset": "a1", "strength": "strong"},
                            {"project": "p1", "asset": "a2", "strength": "partial"}],
             "summary": "A first draft"}  # fmt: skip
    change_plan(engine, plan_id, people.planner, 4, set_fields(cells))
    change_plan(engine, plan_id, people.planner, 5, update_item("assets", "a1", {"title": "Parks"}))
    stored = read_plan(engine, plan_id, people.planner)
    assert stored.version == 6
    assert [a["title"] for a in stored.document["assets"]] == ["Parks", "Skills"]
    assert stored.document["summary"] == "A first draft"
    assert [(c["asset"], c["strength"]) for c in stored.document["alignments"]] == [
        ("a1", "strong"),
        ("a2", "partial"),
    ]
    before = stored.document
    after = change_plan(engine, plan_id, people.planner, 6, delete_item("a1"))
    assert [a["id"] for a in after["assets"]] == ["a2"]
    assert after["alignments"] == [{"project": "p1", "asset": "a2", "strength": "partial", "note": ""}]
    assert read_plan(engine, plan_id, people.planner).version == 7
    # the next asset id is a3: the largest used (a2) + 1
    added = change_plan(engine, plan_id, people.planner, 7, add_item("assets", "a", park))
    assert [a["id"] for a in added["assets"]] == ["a2", "a3"]
    # one "create" and one "update" per saved edit (7 edits), the last two with before and after
    assert _audit(engine, plan_id) == ["create"] + ["update"] * 7
    entries = audit_entries(engine, entity="plan", entity_id=plan_id)
    assert entries["after"].iloc[0] == added
    assert entries["before"].iloc[1] == before and entries["after"].iloc[1] == after
    assert entries["email"].iloc[0] == "pat@example.org"
    # oldest first: create, then the edits from versions 1, 2, 3 (the admin's add_item), …
    assert entries["email"].tolist()[::-1][:5] == ["pat@example.org"] * 3 + [
        "admin@example.org",
        "pat@example.org",
    ]


def test_a_stale_version_is_refused(engine: Engine, people: People, plan_id: str) -> None:
    change_plan(engine, plan_id, people.planner, 1, set_fields({"summary": "first"}))
    for stale in (1, 3):
        with pytest.raises(InputError, match="someone else changed"):
            change_plan(engine, plan_id, people.planner, stale, set_fields({"summary": "second"}))
    stored = read_plan(engine, plan_id, people.planner)
    assert stored.version == 2 and stored.document["summary"] == "first"
    assert _audit(engine, plan_id) == ["create", "update"]


def test_the_store_refuses_a_save_at_an_old_version(engine: Engine, people: People, plan_id: str) -> None:
    document = read_plan(engine, plan_id, people.planner).document
    assert plan_store.save_plan(engine, plan_id, document, 1, user_id=people.planner.id)
    assert not plan_store.save_plan(engine, plan_id, document, 1, user_id=people.planner.id)
    assert read_plan(engine, plan_id, people.planner).version == 2


@pytest.mark.parametrize(
    ("change", "column"),
    [
        (add_item("assets", "a", {"title": "Moon base", "dimension": "outer_space"}), "assets.dimension"),
        (add_item("projects", "p", {"name": "Rocket", "sector": "space"}), "projects.sector"),
        (set_fields({"title": ""}), "title"),
        (set_fields({"links": [{"source": "a1", "target": "o1"}]}), "links"),  # the plan has neither
        (update_item("assets", "a9", {"title": "x"}), "assets"),
        (delete_item("x1"), "item"),
    ],
)
def test_an_invalid_change_is_refused_and_nothing_is_saved(
    engine: Engine, people: People, plan_id: str, change: Any, column: str
) -> None:
    before = read_plan(engine, plan_id, people.planner)
    with pytest.raises(InputError) as raised:
        change_plan(engine, plan_id, people.planner, 1, change)
    assert raised.value.column == column
    after = read_plan(engine, plan_id, people.planner)
    assert after.version == 1 and after.document == before.document
    assert _audit(engine, plan_id) == ["create"]


def test_a_removed_plan_is_gone_for_everyone(engine: Engine, people: People, plan_id: str) -> None:
    token = invite_stakeholder(engine, plan_id, people.planner, "s1")
    with pytest.raises(NotSignedIn):
        remove_plan(engine, plan_id, None)
    with pytest.raises(NotFoundError):  # a private plan of Pat's: Quinn cannot even see it
        remove_plan(engine, plan_id, people.other_planner)
    set_sharing(engine, plan_id, people.planner, "public")
    with pytest.raises(Forbidden):  # now Quinn can see it, but still not remove it
        remove_plan(engine, plan_id, people.other_planner)
    remove_plan(engine, plan_id, people.planner)
    for reader in (people.planner, people.admin):
        with pytest.raises(NotFoundError):
            read_plan(engine, plan_id, reader)
    with pytest.raises(NotFoundError):
        open_invitation(engine, token)
    assert plans_for(engine, people.admin) == []
    assert _audit(engine, plan_id) == ["create", "sharing", "delete"]


# --- stakeholder invitations ---------------------------------------------------------------------------


@pytest.fixture
def scored_plan(engine: Engine, people: People, plan_id: str) -> str:
    """Pat's plan with assets a1 (Council scored it 2) and a2 (Residents 5, Council 3)."""
    assets = [
        {"id": "a1", "title": "Green space", "dimension": "natural_environment", "scores": {"s3": 2}},
        {"id": "a2", "title": "Skills", "dimension": "personal_capacity", "scores": {"s1": 5, "s3": 3}},
    ]
    change_plan(engine, plan_id, people.planner, 1, set_fields({"assets": assets}))
    return plan_id


def test_an_invited_group_scores_once(engine: Engine, people: People, scored_plan: str) -> None:
    token = invite_stakeholder(engine, scored_plan, people.planner, "s3")  # the Council
    invitation = open_invitation(engine, token)
    assert (invitation.plan_id, invitation.stakeholder, invitation.version) == (scored_plan, "s3", 2)
    assert [a["id"] for a in invitation.document["assets"]] == ["a1", "a2"]
    # the Council's new scores: a1 4; a2 left blank, which takes back its earlier 3
    score_by_invitation(engine, token, {"a1": "4", "a2": ""})
    document = read_plan(engine, scored_plan, people.planner).document
    assert [a["scores"] for a in document["assets"]] == [{"s3": 4.0}, {"s1": 5.0}]  # Residents' 5 kept
    assert read_plan(engine, scored_plan, people.planner).version == 3
    for _ in range(2):  # spent: neither opened nor used again
        with pytest.raises(NotFoundError):
            open_invitation(engine, token)
        with pytest.raises(NotFoundError):
            score_by_invitation(engine, token, {"a1": "1"})
    assert read_plan(engine, scored_plan, people.planner).document == document
    entries = audit_entries(engine, entity="plan", entity_id=scored_plan)
    assert entries["action"].iloc[0] == "update" and pd.isna(entries["email"].iloc[0])  # no account


def test_a_bad_score_is_refused_and_the_link_still_works(
    engine: Engine, people: People, scored_plan: str
) -> None:
    token = invite_stakeholder(engine, scored_plan, people.planner, "s1")
    for bad in ({"a1": 9}, {"a1": 0}, {"a2": "very"}):
        with pytest.raises(InputError) as raised:
            score_by_invitation(engine, token, bad)
        assert raised.value.column == "assets.scores"
    assert read_plan(engine, scored_plan, people.planner).version == 2  # nothing written
    assert open_invitation(engine, token).stakeholder == "s1"  # not spent
    score_by_invitation(engine, token, {"a1": 1, "a2": 5})
    scores = [a["scores"] for a in read_plan(engine, scored_plan, people.planner).document["assets"]]
    assert scores == [{"s3": 2.0, "s1": 1.0}, {"s1": 5.0, "s3": 3.0}]


def test_a_late_edit_by_the_planner_is_kept_when_a_group_scores(
    engine: Engine, people: People, scored_plan: str
) -> None:
    token = invite_stakeholder(engine, scored_plan, people.planner, "s1")
    opened = open_invitation(engine, token)  # the group opens the form at version 2 …
    change_plan(engine, scored_plan, people.planner, opened.version, set_fields({"summary": "edited"}))
    score_by_invitation(engine, token, {"a1": 3})  # … and sends it after the planner saved
    document = read_plan(engine, scored_plan, people.planner).document
    assert document["summary"] == "edited" and document["assets"][0]["scores"] == {"s3": 2.0, "s1": 3.0}


def test_invitations_are_for_the_plans_groups_and_its_editors(
    engine: Engine, people: People, plan_id: str
) -> None:
    with pytest.raises(InputError) as raised:
        invite_stakeholder(engine, plan_id, people.planner, "s9")
    assert raised.value.column == "stakeholder"
    with pytest.raises(NotSignedIn):
        invite_stakeholder(engine, plan_id, None, "s1")
    with pytest.raises(NotFoundError):
        open_invitation(engine, "not-a-token")
    with pytest.raises(NotFoundError):
        open_invitation(engine, "")


def test_an_invitation_expires_after_its_days(
    engine: Engine, people: People, plan_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = 1_700_000_000.0
    clock = SimpleNamespace(time=lambda: sent)
    monkeypatch.setattr(plans, "time", clock)
    token = invite_stakeholder(engine, plan_id, people.planner, "s2")
    # it expires at sent + 14 × 86,400 s: still open at that second, closed one second later
    clock.time = lambda: sent + INVITATION_DAYS * 86400
    assert open_invitation(engine, token).stakeholder == "s2"
    clock.time = lambda: sent + INVITATION_DAYS * 86400 + 1
    with pytest.raises(NotFoundError):
        open_invitation(engine, token)
    with pytest.raises(NotFoundError):
        score_by_invitation(engine, token, {})


# --- the analysis and tables ---------------------------------------------------------------------------


def _small_plan() -> dict[str, Any]:
    """Residents and Council (weight 1 each); a1 scored 5 and 3, a2 scored 2 by Residents, a3 not;
    p1 supports nothing, p2 a1 strongly and a2 partly; a1 → o1; p2 has one barrier."""
    return check_plan(
        {
            "title": "Small plan",
            "area": {"code": OLDHAM, "name": "Oldham"},
            "stakeholders": [{"id": "s1", "name": "Residents"}, {"id": "s2", "name": "Council"}],
            "outcomes": [{"id": "o1", "title": "Fewer falls"}],
            "assets": [
                {
                    "id": "a1",
                    "title": "Parks",
                    "dimension": "natural_environment",
                    "scores": {"s1": 5, "s2": 3},
                },
                {"id": "a2", "title": "Skills", "dimension": "personal_capacity", "scores": {"s1": 2}},
                {"id": "a3", "title": "Homes", "dimension": "built_environment"},
            ],
            "projects": [
                {"id": "p1", "name": "Signage", "sector": "digital"},
                {
                    "id": "p2",
                    "name": "Greenway",
                    "sector": "green_infrastructure",
                    "factors": [{"heading": "funding_delivery", "kind": "barrier", "text": "No capital"}],
                },
            ],
            "alignments": [
                {"project": "p2", "asset": "a1", "strength": "strong", "note": "main route"},
                {"project": "p2", "asset": "a2", "strength": "partial"},
            ],
            "links": [{"source": "a1", "target": "o1"}],
            "dimension_titles": {"built_environment": "Homes and streets"},
        }
    )


def test_the_analysis_of_a_small_plan() -> None:
    found = analyse(_small_plan())
    # a1: (5 + 3)/2 = 4, SD √((1 + 1)/2) = 1; a2: 2, SD 0; a3: nobody scored
    assert found.priorities == [
        {"id": "a1", "combined": 4.0, "spread": 1.0, "lowest": 3.0, "highest": 5.0, "groups": 2},
        {"id": "a2", "combined": 2.0, "spread": 0.0, "lowest": 2.0, "highest": 2.0, "groups": 1},
        {"id": "a3", "combined": None, "spread": None, "lowest": None, "highest": None, "groups": 0},
    ]
    assert found.matrix == [[0, 0, 0], [2, 1, 0]]
    assert found.unsupported_assets == ["a3"] and found.idle_projects == ["p1"]
    assert found.cycles == []
    assert found.pathways == {"p1": [], "p2": [["p2", "a1", "o1"]]}
    # p2: strong 1 × 4 + partial 0.5 × 2 + indirect 0 + outcome 1 × 1 = 6, ranked first; p1: 0
    assert [(r["id"], r["rank"], r["total"]) for r in found.ranking] == [("p2", 1, 6.0), ("p1", 2, 0.0)]
    assert found.ranking[0] == {
        "id": "p2", "rank": 1, "strong": 4.0, "partial": 1.0, "indirect": 0.0, "outcomes": 1.0, "total": 6.0,
    }  # fmt: skip
    assert found.names == {"o1": "Fewer falls", "a1": "Parks", "a2": "Skills", "a3": "Homes",
                           "p1": "Signage", "p2": "Greenway"}  # fmt: skip


def test_other_weights_can_be_tried_without_saving() -> None:
    document = _small_plan()
    zero = {"strong": 0.0, "partial": 0.0, "indirect": 0.0, "outcome": 0.0}
    found = analyse(document, zero)
    # all totals 0: the plan's own order stands (p1, p2)
    assert [(r["id"], r["total"]) for r in found.ranking] == [("p1", 0.0), ("p2", 0.0)]
    assert document["weights"] == {"strong": 1.0, "partial": 0.5, "indirect": 0.25, "outcome": 1.0}


def test_the_tables_of_a_small_plan() -> None:
    tables = plan_tables(analyse(_small_plan()))
    assert list(tables) == [
        "outcomes", "priority_assets", "projects", "alignment", "dependencies", "barriers_enablers",
        "project_ranking",
    ]  # fmt: skip
    rows = {name: len(table) for name, table in tables.items()}
    # 1 outcome, 3 assets, 2 projects, 2 × 3 alignment cells, 1 link, 1 factor, 2 ranked projects
    assert rows == {
        "outcomes": 1, "priority_assets": 3, "projects": 2, "alignment": 6, "dependencies": 1,
        "barriers_enablers": 1, "project_ranking": 2,
    }  # fmt: skip
    alignment = tables["alignment"]
    assert list(alignment.columns) == ["project", "asset", "strength", "note"]
    assert list(zip(alignment["project"], alignment["asset"], alignment["strength"], strict=True)) == [
        ("Signage", "Parks", "none"),
        ("Signage", "Skills", "none"),
        ("Signage", "Homes", "none"),
        ("Greenway", "Parks", "strong"),
        ("Greenway", "Skills", "partial"),
        ("Greenway", "Homes", "none"),
    ]
    assert alignment["note"].tolist() == ["", "", "", "main route", "", ""]
    assets = tables["priority_assets"]
    assert assets["score_Residents"].tolist()[:2] == [5.0, 2.0]
    assert assets["priority"].tolist()[:2] == [4.0, 2.0]
    assert assets["dimension"].tolist() == ["Natural environment", "Personal capacity", "Homes and streets"]
    assert assets["no_project_supports_it"].tolist() == [False, False, True]
    assert tables["projects"]["supports_no_priority_asset"].tolist() == [True, False]
    assert tables["projects"]["sector"].tolist() == ["Digital", "Green infrastructure"]
    assert tables["dependencies"].to_dict("records") == [{"from": "Parks", "to": "Fewer falls", "note": ""}]
    assert tables["barriers_enablers"].to_dict("records") == [
        {"project": "Greenway", "heading": "Funding and delivery", "kind": "barrier", "text": "No capital"}
    ]
    assert tables["project_ranking"]["project"].tolist() == ["Greenway", "Signage"]


def test_the_tables_of_an_empty_plan_are_empty() -> None:
    empty = check_plan({"title": "Empty", "area": {"code": OLDHAM}})
    tables = plan_tables(analyse(empty))
    assert {name: len(table) for name, table in tables.items()} == dict.fromkeys(tables, 0)
