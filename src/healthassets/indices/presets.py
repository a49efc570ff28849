"""The bundled index specs (``presets/*.toml``): indices whose published method we reproduce.

- ``imd2025``: the English Index of Multiple Deprivation 2025 from its seven domain ranks; it
  reproduces every published LSOA score of the bundled IoD 2025 file (tests/cli/test_index.py);
- ``cni``: the Community Needs Index method (Local Trust/OCSI) on the user's own domain scores;
- ``wimd``: the Welsh Index of Multiple Deprivation method on the user's own domain ranks.

Each file says where its method is published. Specs are versioned by their ``version`` field.
"""

from __future__ import annotations

from importlib import resources

from healthassets.indices.spec import IndexSpec, parse_spec

_FOLDER = "presets"


def names() -> list[str]:
    """The slugs of the bundled presets, sorted."""
    folder = resources.files("healthassets.indices").joinpath(_FOLDER)
    return sorted(
        entry.name.removesuffix(".toml") for entry in folder.iterdir() if entry.name.endswith(".toml")
    )


def preset_text(name: str) -> str:
    """The TOML text of preset ``name``; KeyError for an unknown one."""
    if name not in names():
        raise KeyError(name)
    return (
        resources.files("healthassets.indices")
        .joinpath(_FOLDER)
        .joinpath(f"{name}.toml")
        .read_text(encoding="utf-8")
    )


def preset(name: str) -> IndexSpec:
    """The validated spec of preset ``name``."""
    return parse_spec(preset_text(name), source=f"preset {name}")
