"""Page routes of the web site (order matters: fixed paths before ``/assets/{asset_id}``)."""

from fastapi import APIRouter, Depends

from healthassets.web.routes import accounts as account_pages
from healthassets.web.routes import admin as admin_pages
from healthassets.web.routes import area as area_pages
from healthassets.web.routes import assets as asset_pages
from healthassets.web.routes import assets_needs as assets_needs_pages
from healthassets.web.routes import compare as compare_pages
from healthassets.web.routes import contribute as contribute_pages
from healthassets.web.routes import cost_savings as cost_savings_pages
from healthassets.web.routes import home as home_pages
from healthassets.web.routes import indicator as indicator_pages
from healthassets.web.routes import indices as index_pages
from healthassets.web.routes import inequality as inequality_pages
from healthassets.web.routes import moderation as moderation_pages
from healthassets.web.routes import plans as plan_pages
from healthassets.web.routes import postcode as postcode_pages
from healthassets.web.routes import report as report_pages
from healthassets.web.routes import sroi as sroi_pages
from healthassets.web.security import bounded_query

#: every page refuses over-long query values (plain 400) before its handler runs
router = APIRouter(include_in_schema=False, dependencies=[Depends(bounded_query)])
for pages in (
    home_pages,
    postcode_pages,
    area_pages,
    indicator_pages,
    inequality_pages,
    assets_needs_pages,
    report_pages,
    index_pages,
    sroi_pages,
    cost_savings_pages,
    plan_pages,
    compare_pages,
    account_pages,
    admin_pages,
    moderation_pages,
    contribute_pages,
    asset_pages,
):
    router.include_router(pages.router)
