"""Suggestions offline, without a model: quotes, their speakers, mentions of known actors."""
