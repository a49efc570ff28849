"""The bundled Greater Manchester asset layers → asset records (``data/assets/``).

Each GeoJSON layer is turned into :data:`healthassets.assets.records.ASSET_COLUMNS` by the row of the
classification table (``data/assets/classification.csv``; docs/adr/0018) that names its file: which
properties hold the id, name, address, contact and opening times, and the layer's ABCD type, Arup
dimensions and Five Ways tags. Polygons (OS building footprints, green-space sites, allotments) become
their centroid, or a point on their surface when the centroid falls outside. Placeholder values
("None", "NA", "N/A", "Unknown") are blanked; numbers written as floats ("1617486414.0") lose their
".0" and a ten-digit phone number its lost leading zero.

Problems are reported, never guessed: a feature without geometry or with coordinates outside Great
Britain is rejected (RowProblem); a malformed stated area code (e.g. ``E0800009``) is reported and
ignored — the asset's areas come from its point (point-in-polygon), not from the stated code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from healthassets.assets.classification import LayerRule, parse_classification
from healthassets.assets.records import AssetTable, validate_assets
from healthassets.errors import ImportValidationError, RowProblem
from healthassets.geography.boundaries import read_geojson
from healthassets.io.csv_files import read_csv

PLACEHOLDERS = {"none", "na", "n/a", "unknown", "nan", "null", "-"}
STATED_CODE = r"^[EW]\d{8}$"
#: contact details that are dropped (and reported) rather than rejecting the whole record
IGNORABLE = {"postcode", "email", "website"}
#: what a layer record carries beside the asset columns: the stated code, where it came from
#: (file, row, layer and its position in the classification), its kind and organisation code
EXTRA_COLUMNS = ["stated_area_code", "file", "source_row", "layer", "order", "kind", "code"]


@dataclass
class LayerReport:
    """What reading the layers found: rows read, rows kept, rejected rows and flagged (kept) rows."""

    rows_read: int = 0
    rows_kept: int = 0
    rejected: list[RowProblem] = field(default_factory=list)
    flagged: list[RowProblem] = field(default_factory=list)
    #: the classification's rules, and per layer: source rows, records (a row naming several
    #: services gives one each), rejected and kept records
    rules: dict[str, LayerRule] = field(default_factory=dict, repr=False)
    layers: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    #: records merged into another (docs/adr/0051): file, row, reason, outcome
    merged: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def to_frame(self) -> pd.DataFrame:
        records = [(p.file, p.row, p.column, p.reason, "rejected") for p in self.rejected]
        records += [(p.file, p.row, p.column, p.reason, "kept; value ignored") for p in self.flagged]
        frame = pd.DataFrame(records, columns=["file", "row", "column", "reason", "outcome"])
        return pd.concat([frame, self.merged], ignore_index=True) if len(self.merged) else frame


def read_classification(path: Path) -> dict[str, LayerRule]:
    """The layer rules of a classification CSV (every bad cell reported with its row and column)."""
    return parse_classification(read_csv(path, text=True), str(path))


def clean_text(values: pd.Series) -> pd.Series:
    """Stripped text; placeholders blanked; floats like '1043459.0' written as whole numbers."""
    text = values.astype("string").fillna("").str.strip()
    text = text.where(~text.str.lower().isin(PLACEHOLDERS), "")
    return text.str.replace(r"^(\d+)\.0$", r"\1", regex=True)


def _phone(values: pd.Series) -> pd.Series:
    text = values.where(~values.str.contains("@", regex=False), "")
    return text.str.replace(r"^([1-9]\d{9})$", r"0\1", regex=True)


def _column(props: pd.DataFrame, names: list[str], joiner: str = ", ", labelled: bool = False) -> pd.Series:
    """The named properties' cleaned text, joined (blank parts skipped); missing properties are blank."""
    parts = []
    for name in names:
        cells = clean_text(props[name]) if name in props else pd.Series("", index=props.index, dtype="string")
        if labelled:
            label = name.rsplit("_", 1)[-1].title()
            cells = cells.where(cells == "", label + " " + cells)
        parts.append(cells)
    if not parts:
        return pd.Series("", index=props.index, dtype="string")
    joined = parts[0]
    for part in parts[1:]:
        separator = pd.Series(np.where((joined != "") & (part != ""), joiner, ""), index=props.index)
        joined = joined + separator + part
    return joined


def points_of(geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(longitude, latitude) per geometry: the point itself, else the centroid, else (centroid outside
    the shape) a point on its surface. Missing or empty geometries give NaN."""
    valid = ~shapely.is_missing(geometries) & ~shapely.is_empty(geometries)
    points = np.full(len(geometries), None, dtype=object)
    points[valid] = shapely.centroid(geometries[valid])
    polygonal = valid & np.isin(shapely.get_type_id(geometries), [3, 6])
    outside = np.zeros(len(geometries), dtype=bool)
    outside[polygonal] = ~shapely.within(points[polygonal], geometries[polygonal])
    points[outside] = shapely.point_on_surface(geometries[outside])
    lon = np.full(len(geometries), np.nan)
    lat = np.full(len(geometries), np.nan)
    lon[valid] = shapely.get_x(points[valid])
    lat[valid] = shapely.get_y(points[valid])
    return lon, lat


def _geometries(features: list[dict[str, Any]]) -> np.ndarray:
    out = np.full(len(features), None, dtype=object)
    for i, feature in enumerate(features):
        geometry = feature.get("geometry")
        if geometry:
            try:
                out[i] = shapely.geometry.shape(geometry)
            except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError):
                out[i] = None
    return out


def _geojson_layer(path: Path) -> tuple[pd.DataFrame, pd.Series, pd.Series, list[RowProblem]]:
    """A GeoJSON layer's properties, point coordinates as text, and its features without a point."""
    features = read_geojson(path)["features"]
    props = pd.DataFrame(
        [feature.get("properties") or {} for feature in features], index=range(len(features))
    )
    lon, lat = points_of(_geometries(features))
    text = {
        name: pd.Series(v).map(lambda x: "" if np.isnan(x) else repr(float(x)))
        for name, v in (("lon", lon), ("lat", lat))
    }
    flagged = [
        RowProblem(int(i) + 1, "geometry", "no usable geometry", str(path))
        for i in np.flatnonzero(np.isnan(lat))
    ]
    return props, text["lat"], text["lon"], flagged


def _csv_layer(path: Path, rule: LayerRule) -> tuple[pd.DataFrame, pd.Series, pd.Series, list[RowProblem]]:
    """A CSV layer (plain or gzipped) as text, and its coordinate columns (checked by validation)."""
    props = read_csv(path, text=True)
    latitude, longitude = rule.fields.get("latitude") or "lat", rule.fields.get("longitude") or "lon"
    needed = [latitude, longitude, *rule.field_list("name"), *rule.field_list("id")]
    missing = [RowProblem(0, c, "required column is missing", str(path)) for c in needed if c not in props]
    if missing:
        raise ImportValidationError(missing, file=str(path))
    return props, props[latitude], props[longitude], []


def _split_names(props: pd.DataFrame, rule: LayerRule) -> tuple[pd.DataFrame, pd.Series]:
    """One row per name where a row holds several services' names joined by the layer's separator
    (each its own asset at the same point); the part number (0 = first) of each row."""
    separator = rule.name_separator.strip()
    names = rule.field_list("name")
    if not separator or not names:
        return props, pd.Series(0, index=props.index)
    parts = props[names[0]].astype("string").fillna("").str.split(separator, regex=False)
    props = props.assign(**{names[0]: parts}).explode(names[0])
    props[names[0]] = props[names[0]].str.strip()
    return props, props.groupby(level=0).cumcount()


def read_layer(path: Path, rule: LayerRule) -> tuple[pd.DataFrame, list[RowProblem]]:
    """One layer (GeoJSON, or CSV with coordinate columns) as asset records (``row`` = feature or
    data row number) and its flagged values (malformed stated area codes, no usable geometry)."""
    file = str(path)
    if "".join(Path(path).suffixes[-2:]).lower().endswith((".csv", ".csv.gz")):
        props, lat, lon, flagged = _csv_layer(path, rule)
    else:
        props, lat, lon, flagged = _geojson_layer(path)
    props, part = _split_names(props, rule)
    records = pd.DataFrame(index=props.index)
    records["row"] = props.index + 1
    ids = _column(props, rule.field_list("id"))
    ids = ids.where(ids != "", records["row"].astype(str))
    ids = ids.where(part == 0, ids + "/" + (part + 1).astype(str))
    occurrence = ids.groupby(ids).cumcount()
    ids = ids.where(occurrence == 0, ids + "-" + (occurrence + 1).astype(str))
    records["source_id"] = rule.layer + ":" + ids
    name = _column(props, rule.field_list("name"))
    records["name"] = name.where(name != "", rule.default_name)
    _describe(records, props, rule)
    records["latitude"] = lat.reindex(props.index).to_numpy()
    records["longitude"] = lon.reindex(props.index).to_numpy()
    _contact(records, props, rule)
    records["layer"], records["kind"] = rule.layer, rule.kind
    code = _column(props, rule.field_list("code"))
    records["code"] = code.str.replace(r"^.*:", "", regex=True)  # 'ods:A81001' → 'A81001'
    stated = _column(props, rule.field_list("area_code"))
    bad = (stated != "") & ~stated.str.match(STATED_CODE)
    for row, value in zip(records["row"][bad], stated[bad], strict=True):
        flagged.append(RowProblem(int(row), rule.fields["area_code"], f"malformed area code '{value}'", file))
    records["stated_area_code"] = stated.where(~bad & (stated != ""), None)
    return records.reset_index(drop=True), flagged


def _describe(records: pd.DataFrame, props: pd.DataFrame, rule: LayerRule) -> None:
    """The layer's classification (type, dimensions, Five Ways, tags) and description."""
    records["description"] = _column(props, rule.field_list("description"), joiner=". ")
    records["asset_type"] = rule.asset_type.value
    records["dimensions"] = ";".join(rule.dimensions)
    records["five_ways"] = ";".join(rule.five_ways)
    records["physical"] = "yes" if rule.physical else "no"
    subcategory = _column(props, rule.field_list("subcategory"))
    records["tags"] = rule.category + (";" + subcategory.str.replace(";", ",")).where(subcategory != "", "")
    records["status"] = "published"
    records["source"] = rule.publisher
    records["licence"] = rule.licence
    records["attribution"] = rule.attribution


def _contact(records: pd.DataFrame, props: pd.DataFrame, rule: LayerRule) -> None:
    """Address, postcode, opening times, email, phone and website (malformed ones blanked)."""
    records["address"] = _column(props, rule.field_list("address"))
    postcode = _column(props, rule.field_list("postcode")).str.upper().str.strip()
    # 'AL100JT' → 'AL10 0JT': the inward code is always the last three characters
    records["postcode"] = postcode.str.replace(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$", r"\1 \2", regex=True)
    records["opening_times"] = _column(
        props, rule.field_list("opening"), joiner="; ", labelled=len(rule.field_list("opening")) > 1
    )
    email = _column(props, rule.field_list("email"))
    records["email"] = email.where(email.str.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), "")
    records["phone"] = _phone(_column(props, rule.field_list("phone")))
    website = _column(props, rule.field_list("website"))
    records["website"] = website.where(website.str.match(r"^(https?://|www\.)\S+\.\S+$", case=False), "")


def read_layers(
    assets_dir: Path, classification: Path | None = None, *, known_areas: set[str] | None = None
) -> tuple[AssetTable, LayerReport]:
    """Every included layer of the classification, validated: records with problems are left out and
    reported; malformed stated area codes are reported and ignored."""
    rules = read_classification(classification or assets_dir / "classification.csv")
    layers, flagged = [], []
    renamed: dict[tuple[str, str], str | None] = {}
    for order, rule in enumerate(rules.values()):
        if not rule.include:
            continue
        path = Path(os.path.normpath(assets_dir / rule.file))
        records, found = read_layer(path, rule)
        layers.append(records.assign(file=str(path), source_row=records["row"], order=order))
        flagged += found
        for column in ("latitude", "longitude"):  # a CSV layer's problems name its own columns
            renamed[(str(path), column)] = rule.fields.get(column) or column
    records = pd.concat(layers, ignore_index=True)
    records["row"] = np.arange(1, len(records) + 1)
    where = records.set_index("row")[["file", "source_row"]]
    table = validate_assets(records, known_areas=known_areas)

    def located(problem: RowProblem) -> RowProblem:
        file, row = where.loc[problem.row]
        column = renamed.get((str(file), str(problem.column)), problem.column)
        return RowProblem(int(row), column, problem.reason, str(file))

    ignorable = [p for p in table.problems if p.column in IGNORABLE]
    for problem in ignorable:
        table.assets.loc[table.assets["row"] == problem.row, problem.column] = None
    no_geometry = {(p.file, p.row) for p in flagged if p.column == "geometry"}
    rejected = [located(p) for p in table.problems if p.column not in IGNORABLE]
    rejected = [p for p in rejected if (p.file, p.row) not in no_geometry]
    rejected += [p for p in flagged if p.column == "geometry"]
    report = LayerReport(
        rows_read=len(records),
        rules=rules,
        rejected=sorted(rejected, key=lambda p: (str(p.file), p.row)),
        flagged=sorted(
            [p for p in flagged if p.column != "geometry"] + [located(p) for p in ignorable],
            key=lambda p: (str(p.file), p.row),
        ),
    )
    bad_rows = {p.row for p in table.problems if p.column not in IGNORABLE}
    kept = table.without_rows(bad_rows)
    extra = records.set_index("row").loc[kept.assets["row"], EXTRA_COLUMNS]
    for column in extra:
        kept.assets[column] = extra[column].to_numpy()
    report.rows_kept = len(kept.assets)
    report.layers = _layer_counts(records, kept.assets)
    return kept, report


def _layer_counts(records: pd.DataFrame, kept: pd.DataFrame) -> pd.DataFrame:
    """Per layer: source rows, records, rejected and kept records."""
    rows = records.drop_duplicates(["layer", "source_row"]).groupby("layer", sort=False).size()
    out = pd.DataFrame({"file": records.groupby("layer", sort=False)["file"].first(), "rows": rows})
    out["records"] = records.groupby("layer", sort=False).size()
    out["kept"] = kept.groupby("layer").size().reindex(out.index, fill_value=0)
    out["rejected"] = out["records"] - out["kept"]
    return out.rename_axis("layer").reset_index()
