"""WEMWBS and SWEMWBS: scoring facts and the published thresholds for individual change.

SWEMWBS (Stewart-Brown et al. 2009, Health and Quality of Life Outcomes 7:15): 7 items scored 1–5,
raw total 7–35, converted to the metric score by the Rasch-based conversion table published with
the scale (WEMWBS website, "Using SWEMWBS"); the table is ``data/instruments/swemwbs_conversion.csv``
and :data:`METRIC` repeats it (a test keeps the two equal). WEMWBS (Tennant et al. 2007): 14 items
1–5, total 14–70, no conversion.

Individual change (docs/adr/0060). The distribution-based threshold both papers use is 2.77 SEM
(= 1.96·√2·SEM, the 95 % reliable-change criterion): SWEMWBS, 2.77 SEM = **2.87** metric points, and
1 SEM = 1.03 points (Shah et al. 2018, "Responsiveness of the Short Warwick Edinburgh Mental
Well-Being Scale (SWEMWBS): evaluation a clinical sample", HQLO 16:239, doi:10.1186/s12955-018-1060-2).
WEMWBS: SEM 2.4–3.1 across twelve studies with the same 2.77 SEM criterion (Maheswaran et al. 2012,
HQLO 10:156, doi:10.1186/1477-7525-10-156) — a range, not one published number, so no WEMWBS
threshold ships: pass one (e.g. 2.77 × your sample's SEM, :func:`sem_threshold`).
"""

from __future__ import annotations

import math

#: metric score for each raw SWEMWBS total 7, 8, …, 35 (as published, 2 dp)
METRIC: tuple[float, ...] = (
    7.00, 9.51, 11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36,
    16.88, 17.43, 17.98, 18.59, 19.25, 19.98, 20.73, 21.54, 22.35, 23.21,
    24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70, 32.55, 35.00,
)  # fmt: skip

NOTICE = (
    "Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS) © NHS Health Scotland, University of Warwick "
    "and University of Edinburgh, 2006, all rights reserved. Short Warwick-Edinburgh Mental Wellbeing "
    "Scale (SWEMWBS) © NHS Health Scotland, University of Warwick and University of Edinburgh, 2008, "
    "all rights reserved."
)
TERMS = (
    "Registration and a licence from the owners (Warwick Medical School) are required; the wording "
    "and layout may not be changed. healthassets ships the scoring only: the deployer enters the "
    "items under their own licence."
)

#: published reliable-change thresholds (points on the score named), with their source
RELIABLE_CHANGE: dict[str, tuple[float, str]] = {
    "swemwbs_metric": (2.87, "Shah et al. 2018, HQLO 16:239: 2.77 SEM = 2.87 points"),
}

#: 1.96·√2, rounded as the papers use it
SEM_MULTIPLIER = 2.77


def sem_threshold(sd: float, reliability: float) -> float:
    """2.77 · SEM with SEM = SD · √(1 − reliability) (e.g. Cronbach's α of your own sample)."""
    if not 0 <= reliability <= 1 or sd < 0:
        raise ValueError("need sd >= 0 and reliability in [0, 1]")
    return SEM_MULTIPLIER * sd * math.sqrt(1 - reliability)
