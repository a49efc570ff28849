"""Per-request page state: language and palette (both kept in every link, so a URL holds the whole
state of a page), URL building, formatting and benchmark colours for templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from healthassets.web.attribution import ATTRIBUTIONS
from healthassets.web.colours import PALETTES, Palette, colour_table
from healthassets.web.i18n import format_day, format_number, gettext, pick_language

STICKY = ("lang", "palette")


def display_name(area: Any, lang: str) -> str:
    """An area's name in ``lang``: the ONS Welsh name where there is one, else the catalogue's
    (England, regions), else the English name."""
    if lang == "cy" and getattr(area, "name_cy", None):
        return str(area.name_cy)
    return gettext(str(area.name))


@dataclass
class PageState:
    path: str
    query: list[tuple[str, str]]
    lang: str
    palette: Palette

    @classmethod
    def of(cls, request: Request) -> PageState:
        query = list(request.query_params.multi_items())
        palette_text = request.query_params.get("palette")
        palette: Palette = palette_text if palette_text in PALETTES else "fingertips"
        return cls(request.url.path, query, pick_language(request.query_params.get("lang")), palette)

    def sticky(self) -> list[tuple[str, str]]:
        out = []
        if self.lang != "en":
            out.append(("lang", self.lang))
        if self.palette != "fingertips":
            out.append(("palette", self.palette))
        return out

    def url(self, path: str, params: list[tuple[str, Any]] | dict[str, Any] | None = None) -> str:
        """``path`` with ``params`` (None values dropped) and the sticky language/palette."""
        items = list(params.items()) if isinstance(params, dict) else list(params or [])
        pairs = [(k, str(v)) for k, v in items if v is not None and v != ""]
        pairs += [p for p in self.sticky() if p[0] not in {k for k, _ in pairs}]
        return path + ("?" + urlencode(pairs) if pairs else "")

    def here(self, **changes: Any) -> str:
        """This page's URL with some parameters changed (None removes one)."""
        keep = [(k, v) for k, v in self.query if k not in changes and k not in STICKY]
        keep += [(k, v) for k, v in changes.items() if v is not None and k not in STICKY]
        state = PageState(
            self.path,
            [],
            changes.get("lang", self.lang) or "en",
            changes.get("palette", self.palette) or "fingertips",
        )
        return state.url(self.path, keep)

    def derived(self, path: str) -> str:
        """Another path with this page's whole query (for downloads of this page's data)."""
        return path + ("?" + urlencode(self.query) if self.query else "")

    def area_name(self, area: Any) -> str:
        return display_name(area, self.lang)

    @property
    def other_language(self) -> str:
        return "en" if self.lang == "cy" else "cy"

    def template_globals(self) -> dict[str, Any]:
        colours = colour_table(self.palette)
        return {
            "state": self,
            "attributions": ATTRIBUTIONS,
            "_": gettext,
            "num": format_number,
            "day": format_day,
            "colours": colours,
            "colour_of": lambda label: colours.get(label or "Not compared", colours["Not compared"]),
            "area_name": self.area_name,
        }
