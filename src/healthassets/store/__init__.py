"""healthassets.store."""
