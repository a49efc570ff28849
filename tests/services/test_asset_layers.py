"""The bundled layers merged into one register (services/asset_layers.py, docs/adr/0051), on the real
data, and the checks on what a layer may declare."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from healthassets.access import to_british_national_grid
from healthassets.errors import InputError
from healthassets.io.assets import read_classification, read_layers
from healthassets.services.asset_layers import covering_layers, declared_kinds, merge_duplicates
from tests.conftest import DATA


@pytest.fixture(scope="module")
def merged() -> tuple:
    table, report = read_layers(DATA / "assets")
    kept, sources = merge_duplicates(table, report)
    return table, report, kept, sources


def test_every_record_is_kept_or_merged_once_into_a_kept_record_of_its_kind(merged: tuple) -> None:
    table, report, kept, sources = merged
    assert len(kept.assets) + len(sources) == len(table.assets) == report.rows_kept
    assert sources["source_id"].is_unique and not set(sources["source_id"]) & set(kept.assets["source_id"])
    by_row = table.assets.set_index("row")
    keeper = by_row.loc[sources["row"]]
    assert set(sources["row"]) <= set(kept.assets["row"])  # merged into records that are kept
    own = by_row.set_index("source_id").loc[sources["source_id"]]
    assert (keeper["kind"].to_numpy() == own["kind"].to_numpy()).all()
    assert set(keeper["kind"]) == set(covering_layers(report.rules))  # only the nationally mapped kinds
    # the same place: postcode centroids of one postcode, or within 50 m (rule 3)
    a = to_british_national_grid(keeper["longitude"].astype(float), keeper["latitude"].astype(float))
    b = to_british_national_grid(own["longitude"].astype(float), own["latitude"].astype(float))
    assert np.percentile(np.hypot(*(a - b).T), 95) < 200


def test_the_same_ods_file_merges_every_practice_by_its_code(merged: tuple) -> None:
    table, report, _, sources = merged
    layers = report.layers.set_index("layer")
    assert layers.loc["gp", "records"] == layers.loc["gp", "absorbed"] == layers.loc["gp_ew", "merged"] == 413
    gp = sources[sources["source_id"].str.startswith("gp_ew:")]
    keeper = table.assets.set_index("row").loc[gp["row"], "source_id"]
    assert (
        keeper.str.removeprefix("gp:").to_numpy() == gp["source_id"].str.removeprefix("gp_ew:ods:").to_numpy()
    ).all()
    rules = report.merged.loc[report.merged["file"].str.contains("gp_practices"), "reason"]
    assert rules.str.endswith("same organisation code").all()


def test_the_load_report_counts_merges_per_layer(merged: tuple) -> None:
    _, report, kept, sources = merged
    layers = report.layers.set_index("layer")
    assert layers["merged"].sum() == layers["absorbed"].sum() == len(sources) == len(report.merged)
    assert layers["assets"].sum() == len(kept.assets)
    # AHAH rows holding several services are split, and a few of the split names repeat (rule 0)
    assert layers.loc["pharmacy_ew", "records"] > layers.loc["pharmacy_ew", "rows"]
    assert report.merged["reason"].str.endswith("same layer, postcode and name").sum() > 0
    assert set(report.merged["outcome"]) == {"merged"}


def test_a_layer_may_declare_only_a_kind_with_indicator_ids() -> None:
    rules = read_classification(DATA / "assets" / "classification.csv")
    declared = declared_kinds(rules, "classification.csv")
    assert declared["kind"].tolist() == ["gp", "pharmacy", "dentist", "library"]
    assert all(areas == ["E92000001", "W92000004"] for areas in declared["areas"])
    rules["foodbank"] = replace(rules["foodbank"], coverage=("E92000001",))
    with pytest.raises(InputError) as caught:
        declared_kinds(rules, "classification.csv")
    assert (caught.value.file, caught.value.column) == ("classification.csv", "coverage")
    assert "kind 'foodbank' has a coverage but no indicator group" in caught.value.reason


def test_a_covering_layer_needs_its_own_publisher() -> None:
    rules = read_classification(DATA / "assets" / "classification.csv")
    rules["gp_ew"] = replace(rules["gp_ew"], publisher=rules["gp"].publisher)
    with pytest.raises(InputError, match="publisher must be its own"):
        declared_kinds(rules, "classification.csv")


def test_nothing_to_merge_without_a_covering_layer(tmp_path: Path) -> None:
    mapping = pd.read_csv(DATA / "assets" / "classification.csv", dtype=str, keep_default_na=False)
    mapping[mapping["layer"].isin(["gp", "pharmacy"])].to_csv(tmp_path / "classification.csv", index=False)
    table, report = read_layers(DATA / "assets", tmp_path / "classification.csv")
    kept, sources = merge_duplicates(table, report)
    assert sources.empty and len(kept.assets) == len(table.assets) == 413 + 631
