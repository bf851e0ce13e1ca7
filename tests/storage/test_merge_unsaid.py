"""A link without times that leaves out its note or coder says nothing of them (LinkIn None,
storage/merge/merge_comparison.py): merged into the project's link, the project's are kept."""

import io
import json

import pytest

from annotator.domain.model import ParsedArticle

TEXT = "Harbour master Ilse Varga said the pier was sound. Officials denied it."


@pytest.fixture
def project_path(db_target):
    """A SQLite file, then a PostgreSQL database (conftest.db_target)."""
    return db_target


def test_a_link_without_times_keeps_the_note_and_coder_it_leaves_out(project, tmp_path):
    """A link without times that leaves out its note or coder (a format without them, doccano's
    or REFI-QDA's, or a script) says nothing of them: the project's are kept, not emptied; a
    new link has no note, and its start span's coder. What it does say is an edit."""
    article = project.add_article(ParsedArticle(text=TEXT, title="A"))[0]
    ids = {}
    for key, piece, tag in (("who", "Ilse Varga", "actor"), ("said", "the pier was sound", "quote"),
                            ("doubt", "Officials denied it", "claim"), ("off", "Officials", "actor")):
        start = TEXT.index(piece)
        ids[key] = project.add_annotation(article.id, start, start + len(piece), tag,
                                          annotation_id=f"a-{key}").id
    project.add_link(ids["said"], ids["who"], "speaker", "checked against the audio",
                     link_id="l-speaker")
    project.add_link(ids["doubt"], ids["said"], "contradicts", link_id="l-contra")
    coder = project.link("l-speaker").annotator
    out = io.BytesIO()
    project.write_export(out)
    doc = json.loads(out.getvalue())
    doc["links"] = [{"id": "l-speaker", "type": "speaker", "from": ids["said"], "to": ids["who"]},
                    {"id": "l-contra", "type": "contradicts", "from": ids["doubt"],
                     "to": ids["said"], "note": "denied outright"},
                    {"id": "l-new", "type": "same", "from": ids["who"], "to": ids["off"]}]
    path = tmp_path / "links.json"
    path.write_text(json.dumps(doc), "utf-8")
    report = project.merge_export_file(path)
    assert (report.links_unchanged, report.links_updated, report.links_added) == (1, 1, 1)
    kept, edited, new = (project.link(i) for i in ("l-speaker", "l-contra", "l-new"))
    assert (kept.note, kept.annotator) == ("checked against the audio", coder) != ("", "unknown")
    assert edited.note == "denied outright"
    assert (new.note, new.annotator) == ("", "tester")  # (the coder of the span a-who)


def test_a_full_file_after_a_lossy_one_fills_what_the_lossy_one_could_not_hold(project,
                                                                                 tmp_path):
    """A spaCy export (no notes, no actors) imported first, then the JSON export of the same
    spans: the same times, so the same edit; the JSON's notes and actors used to be 'already
    there' and never arrived. They fill what the project's copies lack; a copy that has its own
    note keeps it."""
    from annotator.formats.registry import by_name
    from annotator.storage.project import Project

    with Project(tmp_path / "source.sqlite") as source:
        article = source.add_article(ParsedArticle(text=TEXT, title="A"))[0]
        who = source.add_annotation(article.id, 15, 25, "actor")
        said = source.add_annotation(article.id, 31, 49, "quote")
        actor = source.add_actor("Ilse Varga")
        source.set_actor([who.id], actor.id)
        source.set_note(said.id, "checked against the audio")
        spacy, full = tmp_path / "s.jsonl", tmp_path / "full.json"
        by_name("spacy", writing=True).write_to(source, spacy)
        by_name("json", writing=True).write_to(source, full)
        wanted = [(a.id, a.note, a.actor) for a in source.annotations(article.id)]
    project.import_path(spacy)
    assert [(a.note, a.actor) for a in project.annotations(article.id)] == [("", None)] * 2
    mine = project.annotation(said.id)  # (its own note, at the same time: kept)
    project.set_note(said.id, "mine", updated_at=mine.updated_at)
    report = project.import_path(full).report
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    assert [(a.id, a.note, a.actor) for a in project.annotations(article.id)] == [
        wanted[0], (wanted[1][0], "mine", None)]
    assert project.import_path(full).report.updated == 0  # (again: nothing changes)


def test_a_links_note_is_filled_in_as_an_annotations_is(project, tmp_path):
    """Label Studio keeps a link's id and times, not its note: imported first, then the JSON
    export of the same link (same times), the note came in never."""
    from annotator.formats.registry import by_name
    from annotator.storage.project import Project

    with Project(tmp_path / "source.sqlite") as source:
        article = source.add_article(ParsedArticle(text=TEXT, title="A"))[0]
        who = source.add_annotation(article.id, 15, 25, "actor")
        said = source.add_annotation(article.id, 31, 49, "quote")
        source.add_link(said.id, who.id, "speaker", "checked against the audio", link_id="l1")
        tasks, full = tmp_path / "ls", tmp_path / "full.json"
        by_name("labelstudio", writing=True).write_to(source, tasks)
        by_name("json", writing=True).write_to(source, full)
    project.import_path(tasks)
    assert project.link("l1").note == ""
    assert project.import_path(full).report.links_updated == 1
    assert project.link("l1").note == "checked against the audio"
    assert project.import_path(full).report.links_unchanged == 1
