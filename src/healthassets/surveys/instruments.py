"""The bundled instruments: ONS4, SWEMWBS, WEMWBS, control/contact/confidence, social capital,
and the Toronto community-capacity checklist (built from the indicators a neighbourhood selects).

Sources: ONS4 — ONS "Personal well-being in the UK" methodology and the Government Statistical
Service harmonised standard for personal well-being (open wording; thresholds as ONS publishes
them). SWEMWBS/WEMWBS — see ``swemwbs.py``. Control, contact, confidence — the Young Foundation's
three dimensions of community wellbeing (concepts; the deployer enters the wording).
Social capital — the GSS harmonised concepts (trust, belonging, neighbourliness, civic
participation, volunteering); the deployer enters the harmonised wording. Toronto — the community
capacity framework (Jackson et al. 2003, "Working with Toronto neighbourhoods toward developing
indicators of community capacity", Health Promotion International 18(4):339-350):
neighbourhoods choose their own indicators and rate them at baseline and again later.
"""

from __future__ import annotations

from collections.abc import Sequence

from healthassets.errors import InputError
from healthassets.surveys import swemwbs
from healthassets.surveys.model import Band, Instrument, Item, Licence, Measure, Scale

ELEVEN = Scale(0, 10, ("0 not at all", "10 completely"))
FIVE = Scale(1, 5, ("1", "2", "3", "4", "5"))
AGREE = Scale(1, 5, ("strongly disagree", "disagree", "neither", "agree", "strongly agree"))

#: ONS thresholds for life satisfaction, worthwhile and happiness
POSITIVE_BANDS = (Band("low", 0, 4), Band("medium", 5, 6), Band("high", 7, 8), Band("very high", 9, 10))
#: ONS thresholds for anxiety (higher is worse)
ANXIETY_BANDS = (Band("very low", 0, 1), Band("low", 2, 3), Band("medium", 4, 5), Band("high", 6, 10))

_ONS4_TEXT = {
    "ons4_life_satisfaction": "Overall, how satisfied are you with your life nowadays?",
    "ons4_worthwhile": (
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?"
    ),
    "ons4_happiness": "Overall, how happy did you feel yesterday?",
    "ons4_anxiety": "Overall, how anxious did you feel yesterday?",
}

ONS4 = Instrument(
    slug="ons4",
    name="ONS personal well-being (ONS4)",
    items=tuple(Item(key, ELEVEN, text) for key, text in _ONS4_TEXT.items()),
    measures=tuple(
        Measure(key, (key,), "item", ANXIETY_BANDS if key == "ons4_anxiety" else POSITIVE_BANDS)
        for key in _ONS4_TEXT
    ),
    source="ONS, Personal well-being in the UK: methodology; GSS harmonised standard (OGL v3.0)",
)

_WEMWBS_LICENCE = Licence(wording_licensed=True, notice=swemwbs.NOTICE, terms=swemwbs.TERMS)

SWEMWBS = Instrument(
    slug="swemwbs",
    name="Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)",
    items=tuple(Item(f"swemwbs_{i}", FIVE) for i in range(1, 8)),
    measures=(
        Measure("swemwbs_raw", tuple(f"swemwbs_{i}" for i in range(1, 8))),
        Measure("swemwbs_metric", tuple(f"swemwbs_{i}" for i in range(1, 8)), conversion=swemwbs.METRIC),
    ),
    licence=_WEMWBS_LICENCE,
    source="Stewart-Brown et al. 2009, HQLO 7:15; conversion table: WEMWBS website, Using SWEMWBS",
)

WEMWBS = Instrument(
    slug="wemwbs",
    name="Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS)",
    items=tuple(Item(f"wemwbs_{i}", FIVE) for i in range(1, 15)),
    measures=(Measure("wemwbs_total", tuple(f"wemwbs_{i}" for i in range(1, 15))),),
    licence=_WEMWBS_LICENCE,
    source="Tennant et al. 2007, HQLO 5:63",
)

CCC = Instrument(
    slug="ccc",
    name="Control, contact and confidence (Young Foundation)",
    items=tuple(Item(f"ccc_{key}", AGREE) for key in ("control", "contact", "confidence")),
    measures=tuple(
        Measure(f"ccc_{key}", (f"ccc_{key}",), "item") for key in ("control", "contact", "confidence")
    ),
    source="The Young Foundation, community wellbeing: control, contact, confidence (concepts)",
    notes=("wording: entered by the deployer",),
)

_SOCIAL = {
    "social_trust": Scale(1, 3, ("most people can be trusted", "can't be too careful", "it depends")),
    "social_belonging": Scale(
        1, 4, ("very strongly", "fairly strongly", "not very strongly", "not at all strongly")
    ),
    "social_neighbourliness": AGREE,
    "social_civic_participation": Scale(0, 1, ("no", "yes")),
    "social_volunteering": Scale(0, 1, ("no", "yes")),
}

SOCIAL_CAPITAL = Instrument(
    slug="social-capital",
    name="Social capital (GSS harmonised concepts)",
    items=tuple(Item(key, scale) for key, scale in _SOCIAL.items()),
    measures=tuple(Measure(key, (key,), "item") for key in _SOCIAL),
    source="GSS harmonised standard: social capital (OGL v3.0)",
    notes=("wording: entered by the deployer from the harmonised standard",),
)

REGISTRY: dict[str, Instrument] = {i.slug: i for i in (ONS4, SWEMWBS, WEMWBS, CCC, SOCIAL_CAPITAL)}


def get(slug: str) -> Instrument:
    """The bundled instrument ``slug``; InputError listing the known ones otherwise."""
    if slug not in REGISTRY:
        raise InputError(f"no instrument {slug!r} (instruments: {', '.join(REGISTRY)})")
    return REGISTRY[slug]


def community_capacity(indicators: Sequence[str], slug: str = "community-capacity") -> Instrument:
    """The Toronto community-capacity checklist for the ``indicators`` a neighbourhood selected:
    each rated 0 (not in place) or 1 (in place); ``capacity_count`` is how many are in place, to
    compare between the baseline and a repeat (``change.py``)."""
    keys = [f"capacity_{k}" for k in indicators]
    if not keys or len(set(keys)) != len(keys):
        raise InputError("a community-capacity checklist needs at least one indicator, none repeated")
    present = Scale(0, 1, ("not in place", "in place"))
    return Instrument(
        slug=slug,
        name="Community capacity checklist (Toronto framework)",
        items=tuple(Item(key, present, text) for key, text in zip(keys, indicators, strict=True)),
        measures=(Measure("capacity_count", tuple(keys)),),
        source="Jackson et al. 2003, Health Promotion International 18(4):339-350",
    )
