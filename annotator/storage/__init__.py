"""SQLite storage: typed SQLAlchemy models, engine set-up, migrations, and the Project API."""
