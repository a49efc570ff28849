"""The open JSON API (``/api/v1/``): areas, indicators, values, profiles — read-only."""

from healthassets.api.app import create_app

__all__ = ["create_app"]
