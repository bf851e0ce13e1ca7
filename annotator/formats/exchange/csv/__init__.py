"""The CSV tables format (RFC 4180): a folder of tables, or one spans table."""
