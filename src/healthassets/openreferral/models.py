"""Response bodies of the Open Referral UK feed as pydantic models, so ``/openapi.json`` describes
them: the ORUK page envelope, and HSDS 3.0 objects with the fields every one carries (the full
objects follow the HSDS 3.0 UK profile schema, ``openreferral/schema``; further fields are allowed)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class HsdsObject(BaseModel):
    """An HSDS object: an ``id`` (UUID) and the object's further HSDS fields."""

    model_config = ConfigDict(extra="allow")
    id: str


class Service(HsdsObject):
    name: str
    status: str | None = None


class ServiceAtLocation(HsdsObject):
    service: Service | None = None


class TaxonomyTerm(HsdsObject):
    name: str
    description: str | None = None
    taxonomy: str | None = None
    taxonomy_id: str | None = None
    term: str | None = None


class Taxonomy(HsdsObject):
    name: str
    description: str
    version: str | None = None
    taxonomy_terms: list[TaxonomyTerm] | None = None


class Page(BaseModel):
    """The ORUK page envelope."""

    total_items: int
    total_pages: int
    page_number: int
    size: int = Field(description="Items on this page")
    first_page: bool
    last_page: bool
    empty: bool


class ServicePage(Page):
    contents: list[Service]


class ServiceAtLocationPage(Page):
    contents: list[ServiceAtLocation]


class TaxonomyPage(Page):
    contents: list[Taxonomy]


class TaxonomyTermPage(Page):
    contents: list[TaxonomyTerm]


class ApiDetails(BaseModel):
    version: str = Field(description="HSDS-UK-3.0")
    profile: str
    openapi_url: str
