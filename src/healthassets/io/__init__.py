"""healthassets.io."""
