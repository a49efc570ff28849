"""Form handling shared by the asset, story and account pages: CSRF, honeypot, error summaries."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData

from healthassets.errors import ImportValidationError, InputError
from healthassets.web.form_messages import form_field, message_for
from healthassets.web.security import CSRF_FIELD, HONEYPOT_FIELD, check_csrf


@dataclass
class FormErrors:
    """GOV.UK error summary content: (field id, message), one per field, in the order found."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, field_id: str, message: str) -> None:
        if self.of(field_id) is None:  # one message per field, never the same twice
            self.items.append((field_id, message))

    def add_problem(self, column: str, reason: str) -> None:
        """A validator's problem, in the words of the form (:mod:`healthassets.web.form_messages`)."""
        self.add(form_field(column), message_for(column, reason))

    def merge(self, other: FormErrors) -> None:
        for field_id, message in other.items:
            self.add(field_id, message)

    def of(self, field_id: str) -> str | None:
        return next((m for f, m in self.items if f == field_id), None)

    def __bool__(self) -> bool:
        return bool(self.items)

    @classmethod
    def from_error(cls, error: ImportValidationError | InputError) -> FormErrors:
        errors = cls()
        if isinstance(error, ImportValidationError):
            for problem in error.problems:
                errors.add_problem(problem.column or "name", problem.reason)
        else:
            errors.add_problem(error.column or "name", error.reason)
        return errors


async def read_form(request: Request) -> FormData:
    """The posted form, after the CSRF check (403 when it fails)."""
    form = await request.form(max_files=2, max_fields=200)
    check_csrf(request, form.get(CSRF_FIELD))
    return form


def is_robot(form: FormData) -> bool:
    """True when the honeypot field was filled (people never see it)."""
    return bool(str(form.get(HONEYPOT_FIELD) or "").strip())


def typed_number(form: dict[str, str], name: str, errors: FormErrors, message: str) -> float | None:
    """The finite number in field ``name`` as people type it ("£25,000", "3.5%"); None after adding
    ``message`` to ``errors`` when it is not one."""
    raw = form[name].replace(",", "").replace("£", "").replace("%", "").strip()
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        errors.add(name, message)
        return None
    return value


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def values(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str) and v.strip()]


def as_dict(form: FormData) -> dict[str, Any]:
    return {k: (form.getlist(k) if len(form.getlist(k)) > 1 else form.get(k)) for k in form}
