"""Reads in plain SQL: domain objects, texts, the export, and what compare and agreement need."""
