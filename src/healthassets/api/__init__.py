"""The JSON API (``/api/v1``). The application factory is :func:`healthassets.app.create_app`."""
