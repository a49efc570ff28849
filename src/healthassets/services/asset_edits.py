"""Use case: editing an asset's fields (not its status: that is a moderation step)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from healthassets.errors import InputError, NotFoundError
from healthassets.services.asset_places import assign_areas
from healthassets.services.asset_records import LIST_FIELDS, link_lists, row_values, validated
from healthassets.store import Engine
from healthassets.store import assets as asset_store
from healthassets.store.audit import audit


def update_asset(
    engine: Engine,
    asset_id: str,
    changes: dict[str, Any],
    *,
    user_id: int | None,
    data_dir: Path | None = None,
) -> dict[str, Any]:
    """Edit an asset's fields (not its status: see :func:`change_status`); returns the new row."""
    if "status" in changes:
        raise InputError("change the status with a moderation step, not an edit", column="status")
    with engine.connect() as connection:
        before = asset_store.get_asset_row(connection, asset_id)
        if before is None:
            raise NotFoundError(f"no asset {asset_id}")
        links = asset_store.asset_links(connection, asset_id)
    merged = {**before, **{k: ";".join(v) for k, v in links.items() if k in LIST_FIELDS}, **changes}
    table = validated(merged, engine, before["status"])
    values, new_links = row_values(table), link_lists(table)
    with engine.begin() as connection:
        asset_store.update_asset_row(connection, asset_id, values)
        asset_store.set_links(connection, asset_id, new_links)
        after = asset_store.get_asset_row(connection, asset_id) or {}
        audit(
            connection,
            "update",
            "asset",
            asset_id,
            user_id=user_id,
            before={**before, **links},
            after={**after, **new_links},
        )
    moved = (before["latitude"], before["longitude"]) != (after.get("latitude"), after.get("longitude"))
    if data_dir is not None and moved:
        assign_areas(engine, data_dir, [asset_id])
    return after
