"""Our vocabularies as HSDS taxonomies: stable, distinct UUIDs; every term valid."""

from __future__ import annotations

import uuid

from healthassets.assets.vocabulary import AssetType, Dimension, FiveWays
from healthassets.openreferral import taxonomy
from tests.openreferral.oruk import uk_schema, validator_for


def test_ids_are_uuid5_in_our_namespace_and_stable() -> None:
    term = taxonomy.term_id("five_ways", "connect")
    assert term == str(uuid.uuid5(taxonomy.NAMESPACE, "term:five_ways:connect"))
    assert uuid.UUID(term).version == 5
    assert taxonomy.term_id("tag", "GP  Practice") == taxonomy.term_id("tag", "gp practice")
    assert taxonomy.term_id("tag", "connect") != term  # same word, other taxonomy


def test_fixed_terms_cover_the_vocabularies_with_distinct_ids() -> None:
    terms = taxonomy.fixed_terms()
    assert len(terms) == len(AssetType) + len(Dimension) + len(FiveWays)
    assert len({t.id for t in terms}) == len(terms)
    assert {t.value for t in terms if t.kind == "dimension"} == {d.value for d in Dimension}


def test_tag_terms_are_distinct_ignoring_case_and_spacing() -> None:
    tags = taxonomy.tag_terms(["Gardening", "gardening ", "food  bank", "", "Art"])
    assert [t.value for t in tags] == ["Art", "food bank", "Gardening"]


def test_every_term_and_taxonomy_is_valid_uk_hsds() -> None:
    terms = taxonomy.all_terms(["Gardening"])
    term_schema, taxonomy_schema = (
        validator_for(uk_schema("taxonomy_term.json")),
        validator_for(uk_schema("taxonomy.json")),
    )
    for term in terms:
        assert list(term_schema.iter_errors(taxonomy.term_dict(term))) == []
    for kind in taxonomy.KINDS:
        body = taxonomy.taxonomy_dict(kind, terms)
        assert list(taxonomy_schema.iter_errors(body)) == []
        assert {t["taxonomy_id"] for t in body["taxonomy_terms"]} == {body["id"]}
        assert taxonomy.kind_of_taxonomy(body["id"]) == kind
    assert taxonomy.kind_of_taxonomy(str(uuid.uuid4())) is None
