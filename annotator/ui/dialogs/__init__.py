"""Dialogs of their own: file dialogs (in a separate process), encoding, tags, backups."""
