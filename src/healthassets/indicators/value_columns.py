"""The columns of one indicator value, shared by the importers (io/) and the store's values
repository: the key that identifies a value, its numbers and its texts."""

from __future__ import annotations

#: (indicator, area, period, sex, age, category type, category): each value is stored once
KEY_COLUMNS = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
NUMBER_COLUMNS = ["value", "count", "denominator", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]
TEXT_COLUMNS = ["value_note", "recent_trend"]
#: every stored column of a value, in order
VALUE_FIELDS = [*KEY_COLUMNS, "period_sortable", *NUMBER_COLUMNS, *TEXT_COLUMNS]
