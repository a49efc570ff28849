"""``healthassets profile AREA``: an area's indicators as a terminal table."""

from __future__ import annotations

import math

import click
import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from healthassets.cli.options import console, database_option, existing_store
from healthassets.indicators.display import decimals_for

#: Fingertips benchmark colours (terminal approximations) — text labels always shown too
COLOURS = {
    "Better": "black on #92D050",
    "Similar": "black on #FFC000",
    "Worse": "white on #C00000",
    "Higher": "black on #BED2FF",
    "Lower": "white on #5555E6",
    "Not compared": "black on #C9C9C9",
}


def number(value: object, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    v = float(value)  # type: ignore[arg-type]
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    text = f"{v:,.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text  # never "-0.0"


def badge(label: str) -> Text:
    return Text(f" {label} ", style=COLOURS.get(label, ""))


@click.command("profile")
@database_option
@click.argument("area")
@click.option(
    "--profile",
    "profile_slug",
    default="health-assets",
    show_default=True,
    help="Profile whose domains group the indicators ('all' for every indicator).",
)
@click.option(
    "--all-breakdowns", is_flag=True, help="Show every sex and age breakdown, not only the main one."
)
def profile(database: str | None, area: str, profile_slug: str, all_breakdowns: bool) -> None:
    """Print AREA's indicators (code or exact name): value, CI, comparisons with its country (England
    or Wales) and its region."""
    from healthassets.indicators.profile_definitions import successor
    from healthassets.services.area_search import find_areas
    from healthassets.services.profiles import area_profile, main_breakdowns, profile_domains

    out = console()
    if not out.is_terminal or out.width < 180:
        out = Console(width=190, highlight=False)
    if successor(profile_slug):
        click.echo(f"profile {profile_slug} is now {successor(profile_slug)}", err=True)
        profile_slug = successor(profile_slug) or profile_slug
    engine = existing_store(database)
    matches = find_areas(engine, area, limit=2)
    if not matches:
        raise click.ClickException(f"no area matches {area!r}; try a code such as E08000004")
    result = area_profile(engine, matches[0].code)
    table = result.table
    if not all_breakdowns:
        table = main_breakdowns(table)
    domains = profile_domains(engine, None if profile_slug == "all" else profile_slug)
    shown = {k: a for k, a in result.comparator_areas.items() if k in ("country", "region")}
    names = {c.code: c.name for c in shown.values()}
    region, country = shown.get("region"), shown.get("country")
    out.print(f"\n[bold]{result.area.name}[/] ({result.area.code}, {result.area.type_name})")
    out.print(
        "Benchmarked against "
        + " and ".join(names.values())
        + " at each indicator's own confidence level (95 % or 99.8 %).\n"
    )
    for domain, ids in domains:
        rows = table[table["indicator_id"].isin(ids)]
        if len(rows):
            out.print(
                domain_table(
                    domain,
                    ids,
                    rows,
                    region.name if region else "Region",
                    country.name if country else "Country",
                )
            )
    out.print(
        "\nSources: OHID Fingertips (via FingertipsNext), MHCLG IoD 2025, ONS Census 2021 — "
        "Open Government Licence v3.0."
    )


def domain_table(
    domain: str, ids: list[int], rows: pd.DataFrame, region_name: str, country_name: str = "England"
) -> Table:
    """One domain's indicators in profile order: value, CI, comparisons with the area's country and
    region, trend."""
    grid = Table(title=domain, title_justify="left", title_style="bold", show_lines=False)
    for heading, justify, *width in (
        ("Indicator", "left", 34),
        ("Period", "left"),
        ("Sex / age", "left"),
        ("Count", "right"),
        ("Value", "right"),
        ("95% CI", "right"),
        (country_name, "right"),
        (f"vs {country_name}", "left"),
        (region_name, "right"),
        ("vs region", "left"),
        ("Recent trend", "left"),
    ):
        grid.add_column(heading, justify=justify, min_width=width[0] if width else None)  # type: ignore[arg-type]
    ordered = rows.assign(order=rows["indicator_id"].map({i: n for n, i in enumerate(ids)}))
    for row in ordered.sort_values(["order", "sex", "age"]).itertuples():
        places = decimals_for(pd.Series([row.value, getattr(row, "country_value", None)], dtype=float))
        grid.add_row(
            str(row.indicator_name),
            str(row.period),
            f"{row.sex}, {row.age}",
            number(row.count, 0),
            "suppressed" if pd.isna(row.value) else number(row.value, places),
            ci_text(row.lower95_0cl, row.upper95_0cl, places),
            number(getattr(row, "country_value", None), places),
            badge(getattr(row, "country_benchmark", None) or "Not compared"),
            number(getattr(row, "region_value", None), places),
            badge(getattr(row, "region_benchmark", None) or "Not compared"),
            "–" if pd.isna(row.trend) else str(row.trend),
        )
    return grid


def ci_text(lower: object, upper: object, digits: int = 1) -> str:
    if pd.isna(lower) or pd.isna(upper):
        return "–"
    return f"{number(lower, digits)}–{number(upper, digits)}"
