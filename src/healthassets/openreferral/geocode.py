"""The postcode lookup of the Open Referral feed: :mod:`healthassets.geography.postcodes`."""

from healthassets.geography.postcodes import (
    Place,
    district_places,
    geocode,
    normalise_postcode,
    postcode_places,
    postcode_table,
)

__all__ = ["Place", "district_places", "geocode", "normalise_postcode", "postcode_places", "postcode_table"]
