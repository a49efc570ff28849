"""Page routes of the web site."""

from fastapi import APIRouter

from healthassets.web.routes import area as area_pages
from healthassets.web.routes import compare as compare_pages
from healthassets.web.routes import home as home_pages
from healthassets.web.routes import indicator as indicator_pages

router = APIRouter(include_in_schema=False)
for pages in (home_pages, area_pages, indicator_pages, compare_pages):
    router.include_router(pages.router)
