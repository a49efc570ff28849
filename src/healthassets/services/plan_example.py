"""The worked example plan ``healthassets load`` seeds (data/planning/example_plan.json): invented
priorities and projects on real data — its area's name, the latest indicator values as baselines
and, where the register has one, a real asset of the area behind each priority asset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from healthassets.assets.search import AssetFilter
from healthassets.errors import NotFoundError
from healthassets.planning.plan import check_plan
from healthassets.services.plans import baseline
from healthassets.store import Engine
from healthassets.store import plans as plan_store
from healthassets.store.areas import get_area
from healthassets.store.assets import list_assets

EXAMPLE_FILE = Path("planning") / "example_plan.json"


def _register_asset(engine: Engine, area: str, text: str) -> str | None:
    found = list_assets(
        engine, AssetFilter(area=area, text=text, people="none"), limit=1, columns=["id", "name"]
    )
    return None if found.empty else str(found["id"].iloc[0])


def seed_example_plan(engine: Engine, data_dir: Path) -> str | None:
    """Replace the example plan(s) with the bundled one, made public; its id (None without the
    file or when its area is not loaded)."""
    path = Path(data_dir) / EXAMPLE_FILE
    if not path.exists():
        return None
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    try:
        area = get_area(engine, document["area"]["code"])
    except NotFoundError:
        return None
    document["area"] = {"code": area.code, "name": area.name}
    for asset in document["assets"]:
        search = asset.pop("register_search", None)
        if search:
            asset["asset_id"] = _register_asset(engine, area.code, search)
    for outcome in document["outcomes"]:
        if outcome.get("indicator_id"):
            outcome["baseline"], outcome["baseline_period"] = baseline(
                engine, outcome["indicator_id"], area.code
            )
    checked = check_plan(document)
    return plan_store.replace_example_plans(engine, checked)
