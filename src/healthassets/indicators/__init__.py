"""healthassets.indicators."""
