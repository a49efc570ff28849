"""Migration 0015: a story photo kept as a file on one machine's disk moves into the database, and
the path column goes (docs/adr/0076: every worker must read every photo)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from healthassets.store.database import downgrade, upgrade


def test_a_photo_on_a_local_path_moves_into_the_database(engine: Engine, tmp_path: Path) -> None:
    downgrade(engine, "0014")
    photo = tmp_path / "garden.jpg"
    photo.write_bytes(b"\xff\xd8 pixels")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO assets (id, name, asset_type, physical, status, is_person) "
                "VALUES ('a1', 'Garden', 'association', true, 'published', false)"
            )
        )
        for story, path in (("s1", str(photo)), ("s2", str(tmp_path / "gone.jpg"))):
            connection.execute(
                text(
                    "INSERT INTO stories (id, asset_id, title, body, status, photo_path, photo_type) "
                    "VALUES (:id, 'a1', 'A story', 'Told', 'published', :path, 'image/jpeg')"
                ),
                {"id": story, "path": path},
            )
    upgrade(engine)
    assert "photo_path" not in {c["name"] for c in inspect(engine).get_columns("stories")}
    with engine.connect() as connection:
        photos = dict(connection.execute(text("SELECT id, photo FROM stories ORDER BY id")).all())
    assert bytes(photos["s1"]) == b"\xff\xd8 pixels" and photos["s2"] is None  # a missing file: no photo
