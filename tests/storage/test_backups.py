"""Backups: verified copies, rotation within bounds, restore that keeps the replaced file.

SQLite only: backups are copies of the project file; a PostgreSQL project is backed up with
pg_dump (tests/storage/test_pg.py and tests/cli/test_cli_pg.py check that it says so)."""

import sqlite3
from datetime import datetime, timedelta, UTC

import pytest

from annotator.domain.model import ParsedArticle
from annotator.errors import ProjectError
from annotator.storage.files import backup as backups
from annotator.storage.files.checks import check
from annotator.storage.files.restore import restore
from annotator.storage.project import BULK_DELETE, Project


def count(path, table="annotations"):
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def filled(project):
    article = project.add_article(ParsedArticle(text="Alice met Bob in Paris. " * 10, title="T"))[0]
    for i in range(30):
        project.add_annotation(article.id, i, i + 5, "claim")
    return project, article


def test_backup_is_a_checked_copy_of_the_live_project(filled):
    project, _ = filled
    path = project.backup("manual")
    assert path.parent == backups.backup_dir(project.path)
    assert check(path, full=True) == "ok"
    assert count(path) == 30
    (listed,) = backups.list_backups(project.path)
    assert listed.path == path and listed.reason == "manual"


def test_bulk_delete_and_merge_make_a_backup_first(filled, tmp_path):
    project, article = filled
    ids = [a.id for a in project.annotations(article.id)][:BULK_DELETE]
    project.delete_annotations(ids)
    (before_delete,) = backups.list_backups(project.path)
    assert before_delete.reason == "before-bulk-delete" and count(before_delete.path) == 30
    export = tmp_path / "e.json"
    export.write_text('{"format": "annotator-export", "version": 1, "articles": []}')
    project.merge_export_file(export)  # changes nothing: no copy needed
    assert len(backups.list_backups(project.path)) == 1
    export.write_text('{"format": "annotator-export", "version": 1, "articles": [{"text": "New."}]}')
    project.merge_export_file(export)
    before_merge = backups.list_backups(project.path)[0]
    assert before_merge.reason == "before-merge"
    assert len(project.articles()) == 2
    assert count(before_merge.path, "articles") == 1  # the copy is of the project before the merge


def fake_backup(project, taken, reason="auto"):
    folder = backups.backup_dir(project)
    folder.mkdir(exist_ok=True)
    path = folder / f"{project.name}.{taken:%Y%m%dT%H%M%S%f}Z.{reason}.sqlite"
    path.write_bytes(b"x" * 10)
    return path


def test_rotation_keeps_recent_daily_weekly_and_upgrades(tmp_path):
    project = tmp_path / "p.sqlite"
    now = datetime(2026, 11, 22, 12, tzinfo=UTC)
    made = [fake_backup(project, now - timedelta(hours=h)) for h in range(0, 24 * 120, 6)]
    upgrade = fake_backup(project, now - timedelta(days=300), "before-upgrade")
    before_delete = fake_backup(project, now - timedelta(days=200), "before-bulk-delete")
    aside = fake_backup(project, now - timedelta(days=400), "damaged")
    backups.rotate(project, now=now)
    kept = {b.path for b in backups.list_backups(project)}
    assert set(made[:10]) <= kept                       # the newest ten
    assert upgrade in kept and before_delete in kept     # copies before risky operations stay
    assert aside in kept                                 # set-aside copies are never deleted
    days = {b.taken.date() for b in backups.list_backups(project) if now - b.taken <= timedelta(days=14)}
    assert len(days) == 15                                # one a day for two weeks (today included)
    old = [b for b in backups.list_backups(project) if timedelta(days=14) < now - b.taken <= timedelta(weeks=8)]
    assert 5 <= len(old) <= 7                            # about one a week after that
    assert not [b for b in backups.list_backups(project)
                if now - b.taken > timedelta(weeks=8) and b.reason == "auto"]
    assert len(kept) < len(made) / 4


def test_rotation_bounds_the_total_size(tmp_path, monkeypatch):
    project = tmp_path / "p.sqlite"
    now = datetime(2026, 11, 22, 12, tzinfo=UTC)
    for h in range(8):
        fake_backup(project, now - timedelta(hours=h))
    monkeypatch.setattr(backups, "MAX_TOTAL_BYTES", 35)
    backups.rotate(project, now=now)
    assert len(backups.list_backups(project)) == 3


def test_restore_puts_the_copy_back_and_keeps_the_replaced_file(filled):
    project, article = filled
    saved = project.backup("manual")
    project.delete_annotations([a.id for a in project.annotations(article.id)][:5])
    project.close_database()
    aside = restore(project.path, saved)
    assert count(project.path) == 30
    assert aside is not None and aside.name.endswith(".replaced.sqlite") and count(aside) == 25


def test_a_bad_backup_is_not_restored(filled, tmp_path):
    project, _ = filled
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(ProjectError, match="not usable"):
        restore(project.path, bogus)
    assert count(project.path) == 30


def test_projects_with_the_same_stem_keep_separate_backups(tmp_path):
    with Project(tmp_path / "study.sqlite") as a, Project(tmp_path / "study.db") as b:
        a.backup("manual")
        b.backup("manual")
        assert backups.backup_dir(a.path) != backups.backup_dir(b.path)
        assert len(backups.list_backups(a.path)) == len(backups.list_backups(b.path)) == 1
        with pytest.raises(ProjectError, match="backup of another project"):
            restore(b.path, backups.list_backups(a.path)[0].path)


def test_a_foreign_sqlite_file_is_not_restored(filled, tmp_path):
    project, _ = filled
    foreign = tmp_path / "zotero.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE items (id INTEGER)")
    con.close()
    project.close_database()
    with pytest.raises(ProjectError, match="not a backup of an annotator project"):
        restore(project.path, foreign)
    assert count(project.path) == 30


def test_a_restore_cut_short_leaves_the_project_whole(filled, monkeypatch):
    """Crash (here: a failure) at the last step: the project is still there, with all its work,
    and a copy of it is already in the backup folder."""
    from annotator.storage.files import restore as restore_module

    project, article = filled
    saved = project.backup("manual")
    project.add_annotation(article.id, 100, 110, "quote")  # newest work, still in the -wal
    real_replace = restore_module.os.replace

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(restore_module.os, "replace", crash)
    with pytest.raises(ProjectError, match="could not restore"):
        restore(project.path, saved)
    monkeypatch.setattr(restore_module.os, "replace", real_replace)
    project.close_database()
    assert count(project.path) == 31
    (aside,) = [b for b in backups.list_backups(project.path) if b.reason == "replaced"]
    assert count(aside.path) == 31
    assert not list(project.path.parent.glob(".*.restoring"))


def test_a_restore_keeps_the_latest_work_in_the_set_aside_copy(filled):
    project, article = filled
    saved = project.backup("manual")
    project.add_annotation(article.id, 100, 110, "quote")
    project.close_database()
    aside = restore(project.path, saved)
    assert count(project.path) == 30 and count(aside) == 31
    assert restore(project.path, aside) is not None  # and a restore can itself be undone
    assert count(project.path) == 31
