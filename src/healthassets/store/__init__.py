"""healthassets.store: the schema, the migrations and every query (one repository module per
aggregate). Other layers take the database types from here, never from SQLAlchemy."""

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

__all__ = ["Connection", "Engine", "Session"]
