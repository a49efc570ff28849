"""What an instrument is: items on a response scale, measures scored from them, bands, licence.

An :class:`Instrument` is data, not code: the scoring (``scoring.py``) reads it. Item *wording*
may be licensed by its owners (WEMWBS, SWEMWBS): then ``Item.text`` is None and the deployer
supplies it under their own licence; scoring never needs it (docs/adr/0059).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: how a measure is computed from its items
METHODS = ("item", "sum", "mean")


@dataclass(frozen=True)
class Scale:
    """Whole-number responses from ``minimum`` to ``maximum``; ``labels`` name the points (or the
    options of a choice question, coded 1…k) when the wording is not licensed."""

    minimum: int
    maximum: int
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """One question: its column name in a responses file, its scale, its wording (None: licensed,
    entered by the deployer)."""

    key: str
    scale: Scale
    text: str | None = None


@dataclass(frozen=True)
class Band:
    """Scores from ``low`` to ``high`` inclusive."""

    name: str
    low: float
    high: float


@dataclass(frozen=True)
class Measure:
    """A score: ``item`` (one item's value), ``sum`` or ``mean`` of ``items``; every item must be
    valid, or the score is empty (a 0/1 checklist's sum is its count of indicators in place).
    ``conversion`` maps each possible sum, from its minimum up, to a published converted
    score (the SWEMWBS metric)."""

    name: str
    items: tuple[str, ...]
    method: str = "sum"
    bands: tuple[Band, ...] = ()
    conversion: tuple[float, ...] = ()


@dataclass(frozen=True)
class Licence:
    """Who owns the wording and what must be shown. ``wording_licensed``: the wording may not be
    shipped (forms cannot be published until the deployer enters it)."""

    wording_licensed: bool
    notice: str = ""
    terms: str = ""


OPEN = Licence(wording_licensed=False)


@dataclass(frozen=True)
class Instrument:
    slug: str
    name: str
    items: tuple[Item, ...]
    measures: tuple[Measure, ...]
    licence: Licence = OPEN
    source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)

    @property
    def columns(self) -> tuple[str, ...]:
        """The item columns a responses file must have."""
        return tuple(i.key for i in self.items)

    @property
    def publishable(self) -> bool:
        """A form can be shown: every item has wording."""
        return all(i.text for i in self.items)


def band_of(bands: tuple[Band, ...], name: str) -> Band:
    return next(b for b in bands if b.name == name)
