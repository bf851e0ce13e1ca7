"""annotator's own JSON export (versions 1 and 2): schema, streaming writer, scanner, checked reader."""
