"""Tagging spans: the annotate operations, the annotations table and its filter, suggestions, notes."""
