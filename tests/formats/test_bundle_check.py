"""What another tool's file says goes in only as a project can hold it and its own export reads
it back (formats/exchange/shared/bundle_check.py): a NUL in a title or a coder's name, a lone
surrogate, a note over 100,000 characters, a text over 20 MB are refused with the file named,
nothing written, never an internal error; and on PostgreSQL the same as on SQLite."""

import json

import pytest

from annotator.errors import InputRefused
from annotator.formats.encoding import decode

TEXT = "The harbour master said the pier was sound."


@pytest.fixture
def project_path(db_target):
    """A SQLite file, then a PostgreSQL database (conftest.db_target)."""
    return db_target


def _doccano(tmp_path, **record):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": TEXT, "label": [[4, 18, "actor"]], **record}) + "\n",
                    "utf-8")
    return path


def _brat(tmp_path, note: str):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, "utf-8")
    (folder / "a.ann").write_text(f"T1\tactor 4 18\tharbour master\n#1\tAnnotatorNotes T1\t{note}\n",
                                  "utf-8")
    return folder


CASES = {
    "a NUL in a doccano title": (
        lambda tmp: _doccano(tmp, title="Pier\x00report"),
        "refused: article 'Pier\\x00report'", "its title is longer than 1,000 characters or "
        "contains NUL"),
    "a NUL in a doccano coder's name": (
        lambda tmp: _doccano(tmp, annotator_spans=[[4, 18, "actor", "s1", "ana\x00", "", ""]]),
        "refused: the coder 'ana\\x00': its name", "contains NUL"),
    "a lone surrogate in a doccano label": (
        lambda tmp: _doccano(tmp, label=[[4, 18, "act\ud800or"]]),
        "refused: the tag 'act\\ud800or': its name", "contains a lone surrogate"),
    "a brat note over 100,000 characters": (
        lambda tmp: _brat(tmp, "n" * 100_001), "a.ann, line 1: ", "its note is longer than 100,000"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_string_a_project_cannot_hold_refuses_the_file(project, tmp_path, case):
    make, where, why = CASES[case]
    path = make(tmp_path)
    with pytest.raises(InputRefused) as refused:
        project.import_path(path)
    assert refused.value.source == str(path) or str(path) in str(refused.value)
    assert where in refused.value.reason and why in refused.value.reason
    assert project.articles() == []


def test_a_text_over_the_article_limit_is_refused_before_it_is_mapped(project, tmp_path,
                                                                      monkeypatch):
    monkeypatch.setattr(decode, "MAX_TEXT_BYTES", 40)  # (as 20 MB, without writing 20 MB)
    path = _doccano(tmp_path)
    report = project.import_path(path)
    assert project.articles() == []
    assert report.refused == (f"{path}, line 1: its text is larger than the 0 MB limit for an "
                              "article (0.0 MB in UTF-8): refused with its spans",)


def test_the_file_that_is_fine_still_comes_in(project, tmp_path):
    project.import_path(_doccano(tmp_path, title="Pier report"))
    [article] = project.articles()
    assert article.title == "Pier report"
    assert [(a.tag, a.text) for a in project.annotations(article.id)] == [
        ("actor", "harbour master")]
