"""The cost–savings page (issue 13 part 4; docs/adr/0070): a programme's cost per head, expected
effect and years, scaled up to chosen IMD 2025 deciles of an area; payback and return per £1 per
decile and in total. A GET form, so a result can be shared by its address; nothing is stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from healthassets.errors import InputError, NotFoundError
from healthassets.services.cost_savings import CostSavingsRequest, DecileCostSavings, scaled_cost_savings
from healthassets.services.plans import resolve_area
from healthassets.web.forms import FormErrors, typed_number
from healthassets.web.i18n import gettext as _
from healthassets.web.messages import N_
from healthassets.web.pages import render_page

router = APIRouter()
FIELDS = {
    "area": "", "reach": "20", "cost_per_head": "", "effect_per_head": "", "unit_cost": "", "years": "3",
    "discount": "green-book", "rate": "3.5",
}  # fmt: skip
#: what each number field must look like, in the page's words
MESSAGES = {
    "reach": N_("Enter the share reached as a percentage, like 20"),
    "cost_per_head": N_("Enter the cost per person in pounds, like 50"),
    "effect_per_head": N_("Enter the effect per person a year as a number, like 0.5"),
    "unit_cost": N_("Enter the cost of each event avoided in pounds, like 42"),
    "years": N_("Enter the years as a whole number, like 3"),
}


def _request(
    request: Request, form: dict[str, str], deciles: list[str], errors: FormErrors
) -> CostSavingsRequest | None:
    code = None
    try:
        code = resolve_area(request.app.state.engine, form["area"])
    except InputError:
        errors.add("area", _("Enter the name or code of an English area, like Oldham"))
    chosen = [int(d) for d in deciles if d.isdigit()]
    if not chosen:
        errors.add("deciles", _("Choose one or more deciles"))
    numbers = {name: typed_number(form, name, errors, _(message)) for name, message in MESSAGES.items()}
    rate = None
    if form["discount"] == "constant":
        rate = typed_number(form, "rate", errors, _("Enter the discount rate as a percentage, like 3.5"))
    years = numbers["years"]
    if years is not None and years != int(years):
        errors.add("years", _("Enter the years as a whole number, like 3"))
    if (
        errors
        or code is None
        or any(v is None for v in numbers.values())
        or (form["discount"] == "constant" and rate is None)
    ):
        return None
    return CostSavingsRequest(
        area=code,
        deciles=chosen,
        reach=float(numbers["reach"] or 0) / 100,
        cost_per_head=float(numbers["cost_per_head"] or 0),
        effect_per_head=float(numbers["effect_per_head"] or 0),
        unit_cost=float(numbers["unit_cost"] or 0),
        years=int(years or 0),
        discount_rate=None if rate is None else rate / 100,
    )


@router.get("/cost-savings", response_class=HTMLResponse)
def cost_savings_page(request: Request) -> HTMLResponse:
    query = request.query_params
    form = {name: (query.get(name) or default)[:200] for name, default in FIELDS.items()}
    deciles = query.getlist("deciles") or (["1", "2"] if not query.get("area") else [])
    errors = FormErrors()
    found: DecileCostSavings | None = None
    status = 200
    if query.get("area") is not None:
        asked = _request(request, form, deciles, errors)
        if asked is not None:
            try:
                found = scaled_cost_savings(request.app.state.engine, request.app.state.data_dir, asked)
            except (InputError, NotFoundError) as error:
                errors.add(
                    getattr(error, "column", None) or "area", _("Problem: {detail}").format(detail=str(error))
                )
        if errors:
            status = 400
    context: dict[str, Any] = {"form": form, "deciles": deciles, "errors": errors, "found": found}
    return render_page(request, "cost_savings.html", status, **context)
