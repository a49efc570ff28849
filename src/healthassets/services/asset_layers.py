"""Use case: the bundled source layers as one register — records of the same asset merged
(docs/adr/0051), the merged records kept as second sources, and the kinds a layer maps declared."""

from __future__ import annotations

import pandas as pd

from healthassets.access import to_british_national_grid
from healthassets.assets.area_measures import KIND_GROUP
from healthassets.assets.classification import LayerRule
from healthassets.assets.duplicates import RULES, find_duplicates
from healthassets.assets.records import AssetTable
from healthassets.errors import InputError
from healthassets.io.assets import LayerReport

MERGED_COLUMNS = ["row", "source", "source_id", "licence", "attribution"]


def covering_layers(rules: dict[str, LayerRule]) -> dict[str, str]:
    """kind → the included layer that declares a coverage for it (it lists every one there)."""
    return {rule.kind: rule.layer for rule in rules.values() if rule.include and rule.coverage}


def merge_duplicates(table: AssetTable, report: LayerReport) -> tuple[AssetTable, pd.DataFrame]:
    """``table`` without the records that are another's duplicate, and the merged records as
    second sources of the kept ones (``row`` = the kept record's row, source, source_id, licence,
    attribution). Adds the merges to ``report`` (``merged`` lines and per-layer counts)."""
    assets = table.assets.reset_index(drop=True)
    xy = to_british_national_grid(assets["longitude"].astype(float), assets["latitude"].astype(float))
    candidates = pd.DataFrame(
        {
            "layer": assets["layer"],
            "order": assets["order"],
            "kind": assets["kind"],
            "postcode": assets["postcode"].fillna(""),
            "name": assets["name"],
            "code": assets["code"].fillna(""),
            "x": xy[:, 0],
            "y": xy[:, 1],
        }
    )
    merges = find_duplicates(candidates, covering_layers(report.rules))
    kept, merged = assets.iloc[merges["kept"]], assets.iloc[merges["merged"]]
    sources = pd.DataFrame(
        {
            "row": kept["row"].to_numpy(),
            **{c: merged[c].to_numpy() for c in MERGED_COLUMNS[1:]},
        }
    )
    report.merged = pd.DataFrame(
        {
            "file": merged["file"].to_numpy(),
            "row": merged["source_row"].to_numpy(),
            "column": "",
            "reason": "the same asset as "
            + kept["source_id"].to_numpy()
            + ": "
            + merges["rule"].map(RULES).to_numpy(),
            "outcome": "merged",
        }
    )
    _count_merges(report, kept["layer"], merged["layer"])
    return table.without_rows(merged["row"].tolist()), sources


def _count_merges(report: LayerReport, kept: pd.Series, merged: pd.Series) -> None:
    """Per layer: records merged into another record, and others' records merged into its own."""
    layers = report.layers.set_index("layer")
    layers["merged"] = merged.value_counts().reindex(layers.index, fill_value=0)
    layers["absorbed"] = kept.value_counts().reindex(layers.index, fill_value=0)
    layers["assets"] = layers["kept"] - layers["merged"]
    report.layers = layers.reset_index()


def declared_kinds(rules: dict[str, LayerRule], classification: str) -> pd.DataFrame:
    """The kinds mapped by a layer: kind, title, layer, source, areas, note; a kind without an
    indicator group (docs/adr/0051) is an InputError naming the classification file."""
    rows = []
    for number, rule in enumerate(rules.values(), start=1):
        if not (rule.include and rule.coverage):
            continue
        if rule.kind not in KIND_GROUP:
            known = ", ".join(KIND_GROUP)
            raise InputError(
                f"kind {rule.kind!r} has a coverage but no indicator group (known: {known})",
                file=classification,
                row=number,
                column="coverage",
            )
        shared = [
            r.layer
            for r in rules.values()
            if r.include and r.layer != rule.layer and r.publisher == rule.publisher
        ]
        if shared:
            raise InputError(
                f"layer {rule.layer!r} maps kind {rule.kind!r}, so its publisher must be its own "
                f"(layer {shared[0]!r} has the same)",
                file=classification,
                row=number,
                column="publisher",
            )
        rows.append(
            {
                "kind": rule.kind,
                "title": KIND_GROUP[rule.kind].title,
                "layer": rule.layer,
                "source": rule.publisher,
                "areas": list(rule.coverage),
                "note": rule.attribution,
            }
        )
    return pd.DataFrame(rows, columns=["kind", "title", "layer", "source", "areas", "note"])
