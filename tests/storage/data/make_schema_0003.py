"""How project-0003.sqlite was made: project-0002.sqlite upgraded to 0003_comparison with
Alembic, then an actor (with an alias) named by span s5, an attribute on s5, and a speaker link
s4 -> s5 added, as a program of that version would have left it. Migrations after 0003 are
tested on it. Run with the package installed: python tests/storage/data/make_schema_0003.py"""

import shutil
import sqlite3
from pathlib import Path

from schema_file import upgraded_to

HERE = Path(__file__).parent
TARGET = HERE / "project-0003.sqlite"
shutil.copy(HERE / "project-0002.sqlite", TARGET)
upgraded_to(TARGET, "0003_comparison")
con = sqlite3.connect(TARGET)
with con:
    con.execute("INSERT INTO actors VALUES ('act-1', 'Raj Patel', '[\"the engineer\"]', 'person', '')")
    con.execute("UPDATE annotations SET actor_id = 'act-1', "
                "attributes = '{\"quote_form\": \"direct\"}' WHERE id = 's5'")
    speaker = con.execute("SELECT id FROM link_types WHERE name = 'speaker'").fetchone()[0]
    coder = con.execute("SELECT annotator_id FROM annotations WHERE id = 's4'").fetchone()[0]
    con.execute("INSERT INTO links VALUES ('l-1', ?, 's4', 's5', 'who', ?, "
                "'2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')", (speaker, coder))
con.execute("PRAGMA journal_mode = DELETE")
con.close()
