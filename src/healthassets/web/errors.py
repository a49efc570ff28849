"""Error pages in plain language, with the way forward (GOV.UK pattern: say what happened, say what
to do; never operator instructions, exception text or validation internals).

:func:`plain_error` turns what the application knows (status, message, parameter, the validator's
error type) into a title, what happened and what to do next; the app factory renders it for every
error on a web page (the JSON API keeps its precise JSON errors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from healthassets.web.i18n import gettext as _

# operator-only hints in messages written for the command line: "(run `healthassets load` …)",
# "; run 'healthassets load' first"
_OPERATOR_HINT = re.compile(r"\s*(\(run [^)]*\)|;\s*run ['`][^'`]*['`][^.;]*)", re.IGNORECASE)


@dataclass(frozen=True)
class PlainError:
    title: str
    #: what happened, in the visitor's words
    summary: str
    #: what to do next (sentences; links are added by the template)
    next_steps: list[str] = field(default_factory=list)
    #: the field or address parameter concerned, for the error summary
    parameter: str | None = None
    #: the summary is the application's own (English) message, not a translated sentence
    summary_in_english: bool = False


def without_operator_hints(message: str) -> str:
    """``message`` without instructions meant for whoever runs the server."""
    cleaned = _OPERATOR_HINT.sub("", message).strip()
    if not cleaned:
        return cleaned
    cleaned = cleaned[:1].upper() + cleaned[1:]
    return cleaned if cleaned.endswith((".", "?", "!")) else cleaned + "."


def _validation_phrase(detail: dict[str, Any]) -> str:
    """One pydantic/FastAPI validation error in plain words (its ``type`` and ``ctx``)."""
    kind = str(detail.get("type", ""))
    context = detail.get("ctx") or {}
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("must be a whole number")
    if kind in {"float_parsing", "float_type", "decimal_parsing"}:
        return _("must be a number")
    if kind == "missing":
        return _("is missing")
    if kind in {"string_too_long", "too_long"}:
        return _("is too long (at most {n} characters)").format(n=context.get("max_length", "?"))
    if kind in {"string_too_short", "too_short"}:
        return _("is too short")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("must be at least {n}").format(n=context.get("ge", context.get("gt", "?")))
    if kind in {"less_than_equal", "less_than"}:
        return _("must be at most {n}").format(n=context.get("le", context.get("lt", "?")))
    if kind in {"enum", "literal_error"}:
        return _("must be one of: {options}").format(options=context.get("expected", "?"))
    if kind == "string_pattern_mismatch":
        return _("is not in the expected form")
    return _("is not a value this page can use")


def from_validation(errors: list[dict[str, Any]]) -> PlainError:
    """A page address (query or path parameter) or form field the page cannot use."""
    first = errors[0] if errors else {}
    location = [str(part) for part in first.get("loc", [])[1:]]
    name = ".".join(location) or None
    subject = f"‘{name}’" if name else _("A value")
    return PlainError(
        title=_("There is a problem"),
        summary=_("{subject} {problem}.").format(subject=subject, problem=_validation_phrase(first)),
        next_steps=[_("Check the web address, or go back and try again.")],
        parameter=name,
    )


def plain_error(status: int, message: str = "", parameter: str | None = None) -> PlainError:
    """The page for an error with HTTP ``status`` and the application's ``message``."""
    detail = without_operator_hints(message)
    if status == 404:
        return PlainError(
            title=_("Page not found"),
            summary=_("We could not find the page or record you asked for."),
            next_steps=[
                _("If you typed the web address, check it is correct."),
                _("If you followed a link, the record may have been removed."),
            ],
        )
    if status == 403:
        if "csrf" in message.lower() or "form" in message.lower():
            return PlainError(
                title=_("Your form has expired"),
                summary=_("For your security we could not accept this form."),
                next_steps=[_("Go back, reload the page and try again.")],
            )
        return PlainError(
            title=_("You cannot see this page"),
            summary=_("Your account does not have permission for this page."),
            next_steps=[_("If you think you should have access, ask an administrator of this site.")],
        )
    if status == 405:
        return PlainError(
            title=_("There is a problem"),
            summary=_("This page cannot take that kind of request."),
            next_steps=[_("Go back and use the page's own links and buttons.")],
        )
    if status == 413:
        return PlainError(
            title=_("The upload is too large"),
            summary=_("What you sent is larger than this page accepts."),
            next_steps=[_("Go back and send a smaller file.")],
        )
    if status == 429:
        return PlainError(
            title=_("Too many attempts"),
            summary=_("You have tried this too many times in a short time."),
            next_steps=[_("Wait a minute, then try again.")],
        )
    if status == 503:
        return PlainError(
            title=_("Sorry, the service is unavailable"),
            summary=_("We cannot reach the data at the moment. Nothing you sent has been saved."),
            next_steps=[_("Try again in a minute.")],
        )
    if status >= 500:
        return PlainError(
            title=_("Sorry, there is a problem with the service"),
            summary=_("Something went wrong on our side. What you asked for has not been saved."),
            next_steps=[_("Try again later.")],
        )
    return PlainError(
        title=_("There is a problem"),
        summary=detail or _("This page cannot use what was asked for."),
        next_steps=[_("Check the web address, or go back and try again.")],
        parameter=parameter,
        summary_in_english=bool(detail),
    )
