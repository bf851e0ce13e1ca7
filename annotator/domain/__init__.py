"""Plain-Python core: canonical text, offsets, spans and the value objects (no Qt, no SQL)."""
