"""healthassets.services."""
