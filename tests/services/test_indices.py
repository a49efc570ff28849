"""The composite indices fed from the store, on the bundled data (the shared test database has no
asset register, so the community assets index has no register measures there)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine

from healthassets import indices
from healthassets.errors import InputError, NotFoundError
from healthassets.indices.normalise import exp_transform
from healthassets.services import indices as index_service
from healthassets.store import areas as area_queries
from healthassets.store.derived import latest_values_of_types


def test_the_store_fed_presets_are_the_ones_with_a_store_section() -> None:
    slugs = [spec.slug for spec in index_service.store_presets()]
    assert slugs == ["community-assets", "imd2025", "phw-domains", "warm"]
    with pytest.raises(NotFoundError):
        index_service.store_spec("cni")  # fed by the user's own data, not the store


def test_phw_domains_ranks_each_country_among_itself(loaded_engine: Engine) -> None:
    wales = index_service.build_index(loaded_engine, "phw-domains", country="W", draws=50)
    authorities = [a for a in area_queries.areas_of_type(loaded_engine, "ltla") if a.code.startswith("W")]
    assert len(wales.table) == len(authorities) == 22
    assert wales.table["area_code"].str.startswith("W").all()
    assert wales.scored == 22 and sorted(wales.table["rank"].astype(int)) == list(range(1, 23))
    # min-max within Wales: each published indicator spans 0–100 among the Welsh authorities
    result = indices.build(wales.table[wales.spec.columns], wales.spec, ids=wales.table["area_code"], draws=0)
    spread = result.normalised.max() - result.normalised.min()
    published = wales.components.set_index("column")["areas"] > 0
    assert np.allclose(spread[published.to_numpy()], 100)
    # the index is the mean of the three domain means
    domains = wales.table[["domain individual", "domain community", "domain structural"]]
    assert np.allclose(domains.mean(axis=1), wales.table["score"])
    england = index_service.build_index(loaded_engine, "phw-domains", draws=0)
    assert england.country == "E" and england.table["area_code"].str.startswith("E").all()
    assert england.scored > 290


def test_indicators_not_published_in_a_country_are_counted_not_zero(loaded_engine: Engine) -> None:
    wales = index_service.build_index(loaded_engine, "phw-domains", country="W", draws=0)
    areas = wales.components.set_index("column")["areas"]
    assert areas["arts_engagement"] == 0 and areas["sports_facilities"] == 0  # England only
    assert areas["museums_per_head"] == 22 and areas["life_satisfaction"] == 22
    assert wales.table["arts_engagement"].isna().all()


def test_weights_from_the_url_change_the_ranks_and_zero_drops_a_component(loaded_engine: Engine) -> None:
    nominal = index_service.build_index(loaded_engine, "phw-domains", country="W", draws=0)
    only = index_service.build_index(
        loaded_engine,
        "phw-domains",
        country="W",
        draws=0,
        domain_weights={"individual": 1.0, "community": 0.0, "structural": 0.0},
    )
    assert only.changed and not nominal.changed
    assert np.allclose(only.table["score"], only.table["domain individual"])
    assert not (only.table["rank"].to_numpy() == nominal.table["rank"].to_numpy()).all()
    with pytest.raises(InputError, match="every domain weight is 0"):
        index_service.build_index(
            loaded_engine, "phw-domains", domain_weights={"individual": 0, "community": 0, "structural": 0}
        )


def test_weights_are_read_from_the_query_string_with_clear_errors() -> None:
    spec = index_service.store_spec("phw-domains")
    weights, domains = index_service.parse_weights(
        {"w.anxiety": "2", "d.community": "0,5", "level": "ltla", "w.happiness": ""}, spec
    )
    assert weights == {"anxiety": 2.0} and domains == {"community": 0.5}
    for params, message in (
        ({"w.anxiety": "heavy"}, "'heavy' is not a number"),
        ({"w.anxiety": "-1"}, "0 or more"),
        ({"w.anxiety": "inf"}, "0 or more"),
        ({"w.nothing": "1"}, "'nothing' is not a component"),
        ({"d.nothing": "1"}, "'nothing' is not a domain"),
    ):
        with pytest.raises(InputError, match=message) as caught:
            index_service.parse_weights(params, spec)
        assert caught.value.column == next(iter(params))


def test_unknown_levels_and_countries_are_input_errors(loaded_engine: Engine) -> None:
    with pytest.raises(InputError, match="exists for ltla"):
        index_service.build_index(loaded_engine, "phw-domains", level="lsoa")
    with pytest.raises(InputError, match="exists for E"):
        index_service.build_index(loaded_engine, "imd2025", country="W")


def test_imd_from_the_stored_domain_scores_follows_the_published_index(loaded_engine: Engine) -> None:
    view = index_service.build_index(loaded_engine, "imd2025", draws=0)
    assert len(view.table) == view.scored == 33_755
    published = latest_values_of_types(loaded_engine, [9_000_001], ["lsoa"]).set_index("area_code")["value"]
    score = view.table.set_index("area_code")["score"]
    gap = (score - published.reindex(score.index)).abs()
    # rounded domain scores tie where the published ranks do not (docs/adr/0063): close, not equal
    assert gap.max() < 0.25 and gap.mean() < 0.06
    assert score.rank().corr(published.reindex(score.index).rank()) > 0.9999
    # one area by hand: the domain ranks, exponentially transformed, weighted as published
    row = view.table.iloc[0]
    n = 33_755
    ranks = row[view.spec.columns].to_numpy(dtype=float)
    by_hand = sum(
        indicator.weight * exp_transform(rank, n)  # type: ignore[operator]
        for indicator, rank in zip(view.spec.indicators, ranks, strict=True)
    )
    assert by_hand == pytest.approx(row["score"], abs=1e-9)


def test_without_the_register_the_community_assets_index_scores_nothing(loaded_engine: Engine) -> None:
    view = index_service.build_index(loaded_engine, "community-assets", level="msoa", country="W", draws=0)
    assert len(view.table) > 400 and view.scored == 0  # rates of the register's layers are absent
    assert view.table["park_distance"].notna().mean() > 0.8  # the park measure is there


def test_sensitivity_is_stored_at_load_for_the_published_weights(loaded_engine: Engine) -> None:
    view = index_service.build_index(loaded_engine, "warm", country="W", draws=0)
    assert view.sensitivity is not None and view.sensitivity_runs >= 1024 * 3
    table = view.sensitivity
    assert list(table["factor"]) == ["weights", "domain weights", "normalisation", "aggregation"]
    assert table[["S1", "ST"]].notna().all().all() and (table["ST"] >= -0.05).all()
    assert (table["S1_conf"] > 0).all()
    changed = index_service.build_index(loaded_engine, "warm", country="W", draws=0, weights={"anxiety": 3.0})
    assert changed.changed and changed.sensitivity is not None  # shown as the published weights'
    never = index_service.build_index(loaded_engine, "imd2025", draws=0)
    assert never.sensitivity is None  # the shared test database computes the small presets only


def test_rank_intervals_come_from_the_spec_draws(loaded_engine: Engine) -> None:
    view = index_service.build_index(loaded_engine, "phw-domains", country="W", draws=100)
    table = view.table
    assert view.draws == 100
    assert (table["rank_lower"] <= table["rank_median"]).all() and (
        table["rank_median"] <= table["rank_upper"]
    ).all()
    assert (table["rank_lower"] < table["rank_upper"]).any()
    again = index_service.build_index(loaded_engine, "phw-domains", country="W", draws=100)
    pd.testing.assert_frame_equal(table, again.table)  # seeded: the same draws


def test_a_reload_of_the_same_input_computes_no_sensitivity_again(
    loaded_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("Sobol' indices computed again for an unchanged input")

    monkeypatch.setattr(index_service.indices, "sobol", fail)
    assert index_service.compute_sensitivity(loaded_engine, ["warm"]) == 2  # England and Wales
    spec = index_service.store_spec("warm")
    frame = index_service.index_input(loaded_engine, spec, "ltla", "W")
    changed = frame[spec.columns].copy()
    changed.iloc[0, 0] += 1
    assert index_service.input_fingerprint(changed) != index_service.input_fingerprint(frame[spec.columns])
