"""Error messages for the site's forms in the GOV.UK Design System's words: say what to do, use the
field's own label, give an example ("Enter a latitude, like 53.5") — one message per field.

:func:`message_for` turns a validation problem (the field and the validator's reason, written for
import reports: "not a number: 'abc'") into the message a person filling the form should read.
"""

from __future__ import annotations

from collections.abc import Callable

from healthassets.web.i18n import gettext as _

# field → (reason starts with …, message) in order; the first match wins; the last entry of each
# field is its fallback
_RULES: dict[str, list[tuple[str, Callable[[], str]]]] = {
    "name": [
        ("name is longer", lambda: _("Name must be 500 characters or fewer")),
        ("", lambda: _("Enter the name of the asset")),
    ],
    "asset_type": [("", lambda: _("Select what kind of asset it is"))],
    "dimensions": [("", lambda: _("Select at least one part of a healthy place that it supports"))],
    "five_ways": [("", lambda: _("Select only the Five Ways to Wellbeing listed"))],
    "latitude": [
        (
            "coordinates outside",
            lambda: _("Enter a latitude and longitude in Great Britain, like 53.5 and -2.1"),
        ),
        (
            "no location",
            lambda: _("Enter a postcode, or a latitude and longitude, or pick the place on the map"),
        ),
        ("", lambda: _("Enter a latitude, like 53.5")),
    ],
    "longitude": [
        ("give both", lambda: _("Enter both a latitude and a longitude, or neither")),
        ("", lambda: _("Enter a longitude, like -2.1")),
    ],
    "postcode": [
        (
            "not found",
            lambda: _("Enter a postcode in Greater Manchester, or enter the latitude and longitude"),
        ),
        ("", lambda: _("Enter a real postcode, like OL1 1AA")),
    ],
    "email": [("", lambda: _("Enter an email address in the correct format, like name@example.com"))],
    "website": [("", lambda: _("Enter a website address in the correct format, like https://example.org"))],
    "minimum_age": [
        ("minimum age is above", lambda: _("Minimum age must be the same as or less than the maximum age")),
        ("", lambda: _("Minimum age must be a whole number from 0 to 130")),
    ],
    "maximum_age": [("", lambda: _("Maximum age must be a whole number from 0 to 130"))],
    "is_person": [("", lambda: _("Select yes if the asset is a person's skills or knowledge"))],
    "consent_recorded_at": [("", lambda: _("Confirm that the person has agreed to be listed"))],
    "consent": [("", lambda: _("Confirm that the person has agreed to be listed"))],
    "title": [
        ("title is longer", lambda: _("Title must be 300 characters or fewer")),
        ("", lambda: _("Enter a title for your story")),
    ],
    "body": [
        ("body is longer", lambda: _("Your story must be 20,000 characters or fewer")),
        ("", lambda: _("Enter your story")),
    ],
    "photo": [
        ("the photo is larger", lambda: _("The photo must be smaller than 5 MB")),
        ("", lambda: _("The photo must be a JPEG, PNG or WebP image")),
    ],
}


def message_for(field: str, reason: str) -> str:
    """The GOV.UK-style message for a problem with ``field`` (its validator ``reason``)."""
    rules = _RULES.get(field)
    if not rules:
        label = field.replace("_", " ").capitalize()
        return f"{label}: {reason}"
    text = reason.lower()
    for start, message in rules:
        if not start or text.startswith(start):
            return message()
    return rules[-1][1]()


def form_field(column: str) -> str:
    """The form field (its HTML id) that shows a validator's column."""
    return {"consent_recorded_at": "consent"}.get(column, column)
