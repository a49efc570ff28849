"""healthassets.geography."""
