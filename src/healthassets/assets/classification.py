"""The default classification of source layers: layer → ABCD type, Arup dimension(s), Five Ways tags.

The mapping is a table (bundled as ``data/assets/classification.csv``, editable in a spreadsheet;
see docs/adr/0018-asset-layer-classification.md), one row per source layer:

- ``layer`` (id prefix), ``file``, ``include`` (yes/no), ``category`` (shown as a tag),
- ``asset_type`` (one ABCD type), ``dimensions`` and ``five_ways`` (';'-separated), ``physical`` (yes/no),
- which source property holds the id, name, subcategory, description, address (';'-joined),
  postcode, phone, email, website, opening times (';'-joined) and stated area code,
- ``default_name`` for features without a name, ``licence``, ``publisher`` and ``attribution``;
- ``kind`` (default: the layer id): what the layer lists (``gp``, ``pharmacy``…) — records of the same
  kind from different layers are de-duplicated (docs/adr/0051); ``coverage`` (';'-separated area
  codes, e.g. England and Wales): the layer lists *every* asset of its kind there, so the kind is
  counted in those areas and everything below them (one covering layer per kind);
- for CSV layers, which columns hold the ``latitude``/``longitude`` (default ``lat``/``lon``);
  ``code_field`` an organisation code (ODS) to match duplicates by; ``name_separator`` a separator of
  several services' names merged into one row (each becomes its own asset at the same point).

Pure: a DataFrame in, validated rules out; reading the file is :mod:`healthassets.io.assets`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from healthassets.assets.vocabulary import AssetType, Dimension, FiveWays, parse_terms
from healthassets.errors import ImportValidationError, RowProblem

REQUIRED = ["layer", "file", "asset_type", "dimensions", "name_field"]
FIELD_COLUMNS = [
    "id_field",
    "name_field",
    "subcategory_field",
    "description_fields",
    "address_fields",
    "postcode_field",
    "phone_field",
    "email_field",
    "website_field",
    "opening_fields",
    "area_code_field",
    "code_field",
    "latitude_field",
    "longitude_field",
]
TEXT_COLUMNS = ["category", "default_name", "licence", "publisher", "attribution", "name_separator"]
#: an area code a coverage may name (England, Wales, a region, an authority…)
COVERAGE_CODE = re.compile(r"^[EW]\d{8}$")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class LayerRule:
    """How one source layer becomes assets."""

    layer: str
    file: str
    asset_type: AssetType
    dimensions: tuple[Dimension, ...]
    five_ways: tuple[FiveWays, ...] = ()
    physical: bool = True
    include: bool = True
    category: str = ""
    default_name: str = ""
    licence: str = ""
    publisher: str = ""
    attribution: str = ""
    name_separator: str = ""
    #: what the layer lists (defaults to the layer id) and where it lists every one of them
    kind: str = ""
    coverage: tuple[str, ...] = ()
    #: source property per role (empty = none); list roles are ';'-separated property names
    fields: dict[str, str] = field(default_factory=dict)

    def field_list(self, role: str) -> list[str]:
        return [name.strip() for name in self.fields.get(role, "").split(";") if name.strip()]


def _flag(text: str, default: bool) -> bool | None:
    value = text.strip().lower()
    if value == "":
        return default
    if value in YES:
        return True
    if value in NO:
        return False
    return None


def parse_classification(table: pd.DataFrame, file: str | None = None) -> dict[str, LayerRule]:
    """{layer: rule} from the mapping table; every bad cell is reported (file, row, column) at once."""
    table = table.fillna("").astype(str)
    problems = [RowProblem(0, column, "required column is missing", file) for column in REQUIRED]
    problems = [p for p in problems if p.column not in table.columns]
    if problems:
        raise ImportValidationError(problems, file=file)
    rules: dict[str, LayerRule] = {}
    for row_number, record in enumerate(table.to_dict("records"), start=1):
        cells = {k: str(v).strip() for k, v in record.items()}
        found: list[RowProblem] = []

        def problem(column: str, reason: str, row: int = row_number, found: list[RowProblem] = found) -> None:
            found.append(RowProblem(row, column, reason, file))

        layer = cells["layer"]
        if not layer:
            problem("layer", "layer is missing")
        elif layer in rules:
            problem("layer", f"layer {layer!r} appears twice")
        if not cells["file"]:
            problem("file", "file is missing")
        terms: dict[str, list[str]] = {}
        for column, kind in (("asset_type", AssetType), ("dimensions", Dimension), ("five_ways", FiveWays)):
            try:
                terms[column] = [str(t) for t in parse_terms(kind, cells.get(column, ""))]
            except ValueError as error:
                problem(column, str(error))
                terms[column] = []
        if len(terms["asset_type"]) != 1 and not any(p.column == "asset_type" for p in found):
            problem("asset_type", "exactly one asset type is needed")
        if not terms["dimensions"] and not any(p.column == "dimensions" for p in found):
            problem("dimensions", "at least one dimension is needed")
        flags = {}
        for column, default in (("physical", True), ("include", True)):
            flags[column] = _flag(cells.get(column, ""), default)
            if flags[column] is None:
                problem(column, f"not yes or no: {cells[column]!r}")
        if not cells["name_field"] and not cells.get("default_name", ""):
            problem("name_field", "give a name property or a default name")
        coverage = tuple(c.strip().upper() for c in cells.get("coverage", "").split(";") if c.strip())
        for code in coverage:
            if not COVERAGE_CODE.match(code):
                problem("coverage", f"not an area code: {code!r}")
        if found:
            problems += found
            continue
        rules[layer] = LayerRule(
            layer=layer,
            file=cells["file"],
            asset_type=AssetType(terms["asset_type"][0]),
            dimensions=tuple(Dimension(t) for t in terms["dimensions"]),
            five_ways=tuple(FiveWays(t) for t in terms["five_ways"]),
            physical=bool(flags["physical"]),
            include=bool(flags["include"]),
            **{column: cells.get(column, "") for column in TEXT_COLUMNS},
            kind=cells.get("kind", "") or layer,
            coverage=coverage,
            fields={
                column.removesuffix("_fields").removesuffix("_field"): cells.get(column, "")
                for column in FIELD_COLUMNS
            },
        )
    problems += _one_covering_layer_per_kind(table, rules, file)
    if problems:
        raise ImportValidationError(problems, file=file)
    return rules


def _one_covering_layer_per_kind(
    table: pd.DataFrame, rules: dict[str, LayerRule], file: str | None
) -> list[RowProblem]:
    """A kind is mapped by one layer: a second layer declaring a coverage for it is a problem."""
    problems: list[RowProblem] = []
    seen: dict[str, str] = {}
    rows = {str(layer).strip(): n for n, layer in enumerate(table["layer"], start=1)}
    for rule in rules.values():
        if not rule.coverage or not rule.include:
            continue
        if rule.kind in seen:
            reason = f"kind {rule.kind!r} already has a coverage (layer {seen[rule.kind]!r})"
            problems.append(RowProblem(rows[rule.layer], "coverage", reason, file))
        seen[rule.kind] = rule.layer
    return problems
