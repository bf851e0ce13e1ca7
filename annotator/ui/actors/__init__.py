"""Actors: the panel, the dialog, the offer to name one, their operations and their mentions."""
