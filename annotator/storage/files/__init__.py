"""Only a project in a SQLite file: connections, soundness checks, the file lock, backups, restore."""
