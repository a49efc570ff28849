"""The social return on investment page (issue 13 part 4; docs/adr/0067, 0068): an impact map
uploaded or pasted, an investment and a discounting choice → each outcome's present value, the
SROI ratio, NPV and payback; a one-way tornado; a Monte Carlo of the ratio; reflation of the
proxies to one price year; the figures as CSV. Nothing is stored: the page computes and forgets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData, UploadFile

from healthassets import settings
from healthassets.errors import ImportValidationError, InputError
from healthassets.io.csv_safety import csv_text
from healthassets.services.sroi import MAX_DRAWS, SroiCalculation, SroiRequest, calculate
from healthassets.web.forms import FormErrors, read_form, text, typed_number
from healthassets.web.i18n import gettext as _
from healthassets.web.messages import N_
from healthassets.web.pages import render_page
from healthassets.web.security import csrf_token
from healthassets.web.svg.tornado import histogram_chart, tornado_chart
from healthassets.web.views import csv_download

router = APIRouter()
#: bars drawn in the tornado (the table lists every one)
TORNADO_BARS = 12
#: the largest upload read
MAX_UPLOAD = 1_000_000
EXAMPLE = "planning/sroi_example.csv"
#: the input names as the page says them
INPUT_WORDS = {
    "quantity": N_("Quantity"),
    "proxy": N_("Financial proxy"),
    "deadweight": N_("Deadweight"),
    "displacement": N_("Displacement"),
    "attribution": N_("Attribution"),
    "drop_off": N_("Drop-off"),
}
DEFAULTS = {"investment": "", "discount": "green-book", "rate": "3.5", "draws": "10000", "seed": "1",
            "change": "10", "price_year": "", "deflators": "", "impact_text": ""}  # fmt: skip


def example_form() -> dict[str, str]:
    """The form filled with the bundled example impact map (invented figures, marked as such)."""
    example = (settings.data_dir(None) / EXAMPLE).read_text(encoding="utf-8")
    return {**DEFAULTS, "impact_text": example, "investment": "25000"}


def _request(form: dict[str, str], errors: FormErrors) -> SroiRequest | None:
    """The calculation the form asks for; problems go to ``errors`` (field by field)."""
    investment = typed_number(
        form, "investment", errors, _("Enter the investment as an amount in pounds, like 25000")
    )
    if investment is not None and investment <= 0:
        errors.add("investment", _("The investment must be more than £0"))
    rate = None
    if form["discount"] == "constant":
        rate = typed_number(form, "rate", errors, _("Enter the discount rate as a percentage, like 3.5"))
        if rate is not None and not 0 <= rate < 100:
            errors.add("rate", _("The discount rate must be from 0% to less than 100%"))
    draws = None
    if form["draws"].strip() not in ("", "0"):
        draws_value = typed_number(form, "draws", errors, _("Enter the number of draws as a whole number"))
        if draws_value is not None and not (
            draws_value == int(draws_value) and 1 <= draws_value <= MAX_DRAWS
        ):
            errors.add(
                "draws",
                _("The number of draws must be a whole number from 0 to {most}").format(
                    most=f"{MAX_DRAWS:,}"
                ),
            )
        draws = int(draws_value) if draws_value is not None and draws_value == int(draws_value) else None
    seed = typed_number(form, "seed", errors, _("Enter the seed as a whole number, like 1"))
    if seed is not None and (seed != int(seed) or seed < 0):
        errors.add("seed", _("Enter the seed as a whole number, like 1"))
    change = typed_number(form, "change", errors, _("Enter the sensitivity change as a percentage, like 10"))
    if change is not None and not 0 < change < 100:
        errors.add("change", _("The sensitivity change must be more than 0% and less than 100%"))
    price_year = None
    if form["price_year"].strip():
        year = typed_number(form, "price_year", errors, _("Enter the price year as a year, like 2023"))
        if year is not None and (year != int(year) or not 1900 <= year <= 2200):
            errors.add("price_year", _("Enter the price year as a year, like 2023"))
        price_year = int(year) if year is not None and year == int(year) else None
    if not form["impact_text"].strip():
        errors.add("impact_text", _("Upload or paste an impact map"))
    if errors or investment is None or seed is None or change is None:
        return None
    return SroiRequest(
        impact_csv=form["impact_text"],
        investment=investment,
        discount_rate=None if rate is None else rate / 100,
        draws=draws,
        seed=int(seed),
        change=change / 100,
        price_year=price_year,
        deflators=form["deflators"],
    )


async def _form_fields(raw: FormData) -> dict[str, str]:
    form = {name: text(raw, name) if name != "impact_text" else str(raw.get(name) or "") for name in DEFAULTS}
    form["discount"] = form["discount"] if form["discount"] in ("green-book", "constant") else "green-book"
    form["deflators"] = str(raw.get("deflators") or "")
    upload = raw.get("impact_file")
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read(MAX_UPLOAD + 1)
        form["impact_text"] = content[:MAX_UPLOAD].decode("utf-8-sig", errors="replace")
        form["upload_name"] = Path(upload.filename).name
    return form


def _problems(error: InputError, errors: FormErrors) -> None:
    """An impact map's or deflator series' problems, each under the field it came from."""
    problems = error.problems if isinstance(error, ImportValidationError) else [error]
    for problem in problems[:10]:
        column = getattr(problem, "column", None)
        field = {
            "price_year": "price_year",
            "deflator": "deflators",
            "draws": "draws",
            "change": "change",
        }.get(column or "", "deflators" if getattr(problem, "file", None) == "deflators" else "impact_text")
        errors.items.append((field, _("Problem: {detail}").format(detail=str(problem))))


def _page(request: Request, form: dict[str, Any], errors: FormErrors, found: SroiCalculation | None,
          status: int = 200) -> HTMLResponse:  # fmt: skip
    charts: dict[str, str] = {}
    if found is not None:
        bars = found.one_way
        shown = [k for k in range(len(bars.input)) if bars.swing[k] > 0][:TORNADO_BARS]
        labels = [f"{bars.outcome[k]}: {_(INPUT_WORDS[bars.input[k]])}" for k in shown]
        if shown:
            charts["tornado"] = tornado_chart(
                labels, [bars.ratio_low[k] for k in shown], [bars.ratio_high[k] for k in shown],
                bars.ratio, _("SROI ratio (£ of value per £1 invested)"),
            )  # fmt: skip
        mc = found.monte_carlo
        if mc is not None:
            charts["histogram"] = histogram_chart(
                mc.counts, mc.edges, mc.median, mc.lower, mc.upper, _("SROI ratio over the draws")
            )
    return render_page(
        request, "sroi.html", status_code=status, form=form, errors=errors, found=found, charts=charts,
        input_words=INPUT_WORDS, csrf=csrf_token(request), max_draws=MAX_DRAWS,
    )  # fmt: skip


@router.get("/sroi", response_class=HTMLResponse)
def sroi_page(request: Request, example: str = "") -> HTMLResponse:
    form = example_form() if example == "1" else dict(DEFAULTS)
    return _page(request, form, FormErrors(), None)


@router.get("/sroi/example.csv")
def sroi_example() -> Response:
    return csv_download(example_form()["impact_text"], "sroi-example-impact-map")


@router.post("/sroi", response_model=None)
async def sroi_calculate(request: Request) -> Response:
    raw = await read_form(request)
    form = await _form_fields(raw)
    errors = FormErrors()
    wanted = _request(form, errors)
    found = None
    if wanted is not None:
        try:
            found = calculate(wanted)
        except InputError as error:
            _problems(error, errors)
    if found is None:
        return _page(request, form, errors, None, status=400)
    if text(raw, "action") == "csv":
        return csv_download(csv_text(found.table()), "sroi")
    return _page(request, form, errors, found)
