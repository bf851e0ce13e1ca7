"""The comparison layer: actors, links and attributes, not-article regions, the outlets compared."""
