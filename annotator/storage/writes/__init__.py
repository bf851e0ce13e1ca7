"""Writes on one open transaction each; optimistic versions and the change log."""
