"""A project in a PostgreSQL database: its connections and its counterparts of the file checks."""
