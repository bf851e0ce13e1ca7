"""Two coders importing files that add the same new tag at the same moment, on PostgreSQL, on
real concurrent connections: merges take turns (storage/usecases/project_files.merge_bundle), so
the second reads the tag the first committed and both come in. Before, the second failed with
an internal error (a unique key of tags). The first merge is held open, after adding its tags,
for as long as the second needs to reach the same point, if it can. Skipped, saying why,
without a PostgreSQL server (tests/support/pg.py); SQLite's writers are one at a time."""

from __future__ import annotations

import json
import threading

from annotator.storage.merge import merge as merge_module
from annotator.storage.project import Project

TEXT = "Mayor Ann Lee said the bridge is safe. Police closed it anyway."


def _doccano(path, tag: str, start: int, end: int):
    path.write_text(json.dumps({"text": TEXT, "label": [[start, end, tag]]}) + "\n", "utf-8")
    return path


def test_two_merges_adding_one_tag_at_once_both_come_in(pg_url, tmp_path, monkeypatch):
    Project(pg_url, create="init").close()
    files = {"alice": _doccano(tmp_path / "alice.jsonl", "ORG", 39, 45),
             "bob": _doccano(tmp_path / "bob.jsonl", "ORG", 6, 13)}
    second_there = threading.Event()
    turns: list[str] = []
    real = merge_module._merge_tags

    def held(conn, data, empty):
        added = real(conn, data, empty)
        turns.append(threading.current_thread().name)
        if len(turns) == 1:
            second_there.wait(1.5)  # (the other merge, if it is not made to wait, is here now)
        else:
            second_there.set()
        return added

    monkeypatch.setattr(merge_module, "_merge_tags", held)
    box: dict[str, object] = {}

    def run(who: str) -> None:
        try:
            with Project(pg_url, annotator=who) as project:
                box[who] = project.import_path(files[who]).report.added
        except Exception as exc:  # handed to the test
            box[who] = exc

    threads = [threading.Thread(target=run, args=(who,), name=who) for who in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert box == {"alice": 1, "bob": 1}
    with Project(pg_url) as project:
        assert [t.name for t in project.tags()].count("ORG") == 1
        [article] = project.articles()
        assert sorted(a.text for a in project.annotations(article.id)) == ["Ann Lee", "Police"]
