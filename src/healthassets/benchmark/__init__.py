"""healthassets.benchmark."""
