"""How project-0002.sqlite was made: a project file of schema revision 0002_project_info, with
data in every table (two articles, overlapping and nested spans, notes, two annotators, a tag of
the user's own), as a program of that version would have left it. Migrations after 0002 are
tested on it. Run with the package installed: python tests/storage/data/make_schema_0002.py"""

import hashlib
import sqlite3
from pathlib import Path

from schema_file import file_at_revision

TARGET = Path(__file__).with_name("project-0002.sqlite")
LEFT = "Mayor “Zoë” Ortiz said the bridge 🌉 would reopen.\nCritics disagreed: “not yet”."
RIGHT = "The engineer, Raj Patel, said cracks were found.\nOrtiz did not answer."
A1, A2 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
T0 = "2026-02-01T09:00:00.000Z"

file_at_revision(TARGET, "0002_project_info")
con = sqlite3.connect(TARGET)
with con:
    con.execute("INSERT OR REPLACE INTO project_info VALUES "
                "('project_id', '0a0a0a0a-0002-4000-8000-000000000002')")
    con.execute("INSERT OR REPLACE INTO project_info VALUES ('created_at', ?)", (T0,))
    con.execute("INSERT INTO tags (name, color, description, shortcut, position) "
                "VALUES ('source', '#8e6bbf', 'who is cited', '4', 3)")
    for seq, (ident, title, text) in enumerate([(A1, "Bridge", LEFT), (A2, "Cracks", RIGHT)], 1):
        con.execute("INSERT INTO articles VALUES (?, ?, ?, 'Gull', NULL, NULL, '2026-02-01', ?, "
                    "?, ?, ?, 'utf-8')", (ident, seq, title, T0, text,
                                         hashlib.sha256(text.encode()).hexdigest(), f"{title}.txt"))
    con.execute("INSERT INTO annotators (name) VALUES ('ana'), ('ben')")
    tag = {name: i for i, name in con.execute("SELECT id, name FROM tags")}
    def at(text: str, phrase: str) -> tuple[int, int]:
        start = text.index(phrase)
        return start, start + len(phrase)

    spans = [("s1", A1, "actor", LEFT, *at(LEFT, "Mayor “Zoë” Ortiz"), "", 1),
             ("s2", A1, "actor", LEFT, *at(LEFT, "“Zoë” Ortiz"), "", 2),
             ("s3", A1, "claim", LEFT, *at(LEFT, "the bridge 🌉 would reopen"), "main claim", 1),
             ("s4", A1, "quote", LEFT, *at(LEFT, "“not yet”"), "short answer", 2),
             ("s5", A2, "actor", RIGHT, *at(RIGHT, "Raj Patel"), "", 1),
             ("s6", A2, "source", RIGHT, *at(RIGHT, "engineer"), "", 2)]
    for ident, article, name, text, start, end, note, who in spans:
        con.execute("INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (ident, article, tag[name], start, end, text[start:end], note, who, T0, T0))
con.execute("PRAGMA journal_mode = DELETE")
con.close()
print(TARGET)
