"""How project-0001.sqlite was made: a project file of the first schema (revision 0001_initial),
with data in every table, as a program of that version would have left it. Run with the package
installed: python tests/storage/data/make_schema_0001.py"""

import hashlib
import sqlite3
from pathlib import Path

from schema_file import file_at_revision

TARGET = Path(__file__).with_name("project-0001.sqlite")
TEXT = "Mayor “Zoë” Ortiz said the bridge 🌉 would reopen.\nCritics disagreed."

file_at_revision(TARGET, "0001_initial")
con = sqlite3.connect(TARGET)
with con:
    con.execute("INSERT INTO articles VALUES ('11111111-1111-4111-8111-111111111111', 1, 'Bridge', "
                "'Gull', NULL, NULL, '2026-01-02', '2026-01-03T10:00:00.000Z', ?, "
                "?, 'bridge.txt', 'utf-8')", (TEXT, hashlib.sha256(TEXT.encode()).hexdigest()))
    con.execute("INSERT INTO annotators (name) VALUES ('old-user')")
    for ident, tag, start, end in [("a1", 3, 0, 5), ("a2", 1, 6, 11), ("a3", 2, 34, 35)]:
        con.execute("INSERT INTO annotations VALUES (?, '11111111-1111-4111-8111-111111111111', ?, ?, ?, ?, "
                    "'', 1, '2026-01-03T10:01:00.000Z', '2026-01-03T10:01:00.000Z')",
                    (ident, tag, start, end, TEXT[start:end]))
con.execute("PRAGMA journal_mode = DELETE")
con.close()
print(TARGET)
