"""Comparing annotators' work: the Compare view, its model, chart, background reading, the report."""
