"""Our own Label Studio export, edited in Label Studio and imported back: a region that lost our
``annotator`` object (Label Studio drops it when the region is edited) but keeps its id is the
project's span edited, not a new one beside it; likewise a relabelled relation and a region
given a second label. Label Studio's own new regions stay new spans. And the link types of an
import into an empty project keep the labelling config's order."""

import json

from annotator.domain.model import ParsedArticle
from annotator.formats.registry import by_name
from annotator.storage.project import Project

TEXT = "Mayor Ana Silva said the bridge will reopen in May.\n"
EDITOR = "ed@example.org"


def _project(path, *, link: str | None = None):
    """A project with the two spans, by coder 'ana' (and a link from the claim to the actor)."""
    project = Project(path, annotator="ana")
    article, _ = project.add_article(ParsedArticle(TEXT, "Bridge"))
    who = project.add_annotation(article.id, 6, 15, "actor", annotation_id="s1")
    claim = project.add_annotation(article.id, 21, 50, "claim", annotation_id="s2")
    if link:
        project.add_link(claim.id, who.id, link, link_id="l1")
    return project


def _export(project, folder):
    by_name("labelstudio", writing=True).write(project, folder)
    return json.loads((folder / "tasks.json").read_text("utf-8"))


def _save(tasks, folder):
    (folder / "tasks.json").write_text(json.dumps(tasks), "utf-8")


def _results(tasks):
    return tasks[0]["annotations"][0]["result"]


def _rows(project):
    """(id, tag, start, end, coder, created_at, updated_at) of every span, in id order."""
    return sorted((a.id, a.tag, a.start, a.end, a.annotator, a.created_at, a.updated_at)
                  for art in project.articles() for a in project.annotations(art.id))


def test_a_region_edited_in_label_studio_updates_the_span_it_was(tmp_path):
    with _project(tmp_path / "p.sqlite") as project:
        tasks = _export(project, tmp_path / "ls")
        before = {r[0]: r for r in _rows(project)}
        for r in _results(tasks):  # (edited in Label Studio: our object dropped)
            r.pop("annotator")
            if r["id"] == "s2":
                r["value"].update(start=25, text="bridge will reopen in May")
        _save(tasks, tmp_path / "ls")
        report = project.import_path(tmp_path / "ls").report
        assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
        rows = _rows(project)
    assert [r[:5] for r in rows] == [("s1", "actor", 6, 15, "ana"), ("s2", "claim", 25, 50, "ana")]
    assert rows[0] == before["s1"]  # unchanged, times and all
    assert rows[1][5] == before["s2"][5] and rows[1][6] > before["s2"][6]  # an edit made now


def test_label_studio_saving_the_task_again_keeps_our_coders(tmp_path):
    """Label Studio names the user who saved the task (``completed_by``) and drops every
    result's object: our coders come from the task's data, and an untouched region is already
    there, not an edit."""
    with _project(tmp_path / "p.sqlite") as project:
        tasks = _export(project, tmp_path / "ls")
        tasks[0]["annotations"][0]["completed_by"] = {"id": 1, "email": EDITOR}
        for r in _results(tasks):
            r.pop("annotator")
        _results(tasks)[1]["value"]["labels"] = ["quote"]
        _save(tasks, tmp_path / "ls")
        report = project.import_path(tmp_path / "ls").report
        assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
        assert [r[:5] for r in _rows(project)] == [("s1", "actor", 6, 15, "ana"),
                                                   ("s2", "quote", 21, 50, "ana")]


def test_without_our_data_key_nothing_is_taken_for_ours(tmp_path):
    """(an export made before the data kept our coders, or another tool's tasks with an
    'article_id' and region ids like ours: edited regions are new spans, as before)"""
    with _project(tmp_path / "p.sqlite") as project:
        tasks = _export(project, tmp_path / "ls")
        tasks[0]["data"].pop("annotator", None)
        for r in _results(tasks):
            r.pop("annotator")
        _results(tasks)[1]["value"]["labels"] = ["quote"]
        _save(tasks, tmp_path / "ls")
        report = project.import_path(tmp_path / "ls").report
        assert report.added == 2
        assert ("s2", "claim", 21) in [r[:3] for r in _rows(project)]


def test_a_copy_of_an_annotation_without_our_objects_beside_the_original(tmp_path):
    """The intact original gives its ids; the copy's regions are new spans (no id twice)."""
    with _project(tmp_path / "p.sqlite", link="same") as project:
        tasks = _export(project, tmp_path / "ls")
        copy = json.loads(json.dumps(tasks[0]["annotations"][0]))
        for r in copy["result"]:
            r.pop("annotator")
        tasks[0]["annotations"].append(copy)
        _save(tasks, tmp_path / "ls")
        result = project.import_path(tmp_path / "ls")
        assert result.refused == ()
        assert result.report.unchanged == 2 and result.report.links_unchanged == 1


def test_a_region_drawn_in_label_studio_is_a_new_span(tmp_path):
    with _project(tmp_path / "p.sqlite") as project:
        tasks = _export(project, tmp_path / "ls")
        _results(tasks).append({"id": "wX3k_9aQ1z", "from_name": "label", "to_name": "text",
                                "type": "labels", "value": {"start": 47, "end": 50,
                                                            "text": "May", "labels": ["date"]}})
        _save(tasks, tmp_path / "ls")
        report = project.import_path(tmp_path / "ls").report
        assert (report.added, report.updated, report.unchanged) == (1, 0, 2)
        rows = _rows(project)
    assert [r[:5] for r in rows if r[0] not in ("s1", "s2")] == [
        (rows[0][0], "date", 47, 50, "label-studio")] and rows[0][0] != "wX3k_9aQ1z"


def test_a_second_label_on_our_region_keeps_the_first_as_the_span(tmp_path):
    with _project(tmp_path / "p.sqlite") as project:
        tasks = _export(project, tmp_path / "ls")
        (s1, s2) = _results(tasks)
        del s2["annotator"]
        s2["value"]["labels"] = ["claim", "quote"]
        _save(tasks, tmp_path / "ls")
        report = project.import_path(tmp_path / "ls").report
        assert (report.added, report.unchanged) == (1, 2)
        spans = [r[:5] for r in _rows(project)]
    assert ("s2", "claim", 21, 50, "ana") in spans and len(spans) == 3
    assert [r[1:4] for r in spans if r[0] not in ("s1", "s2")] == [("quote", 21, 50)]


def test_a_relation_relabelled_in_label_studio_is_the_same_link(tmp_path):
    with _project(tmp_path / "p.sqlite", link="speaker") as project:
        tasks = _export(project, tmp_path / "ls")
        (relation,) = [r for r in _results(tasks) if r["type"] == "relation"]
        del relation["annotator"]
        relation.update(labels=["same"], direction="bi")
        _save(tasks, tmp_path / "ls")
        report = project.import_path(tmp_path / "ls").report
        assert (report.links_added, report.links_updated) == (0, 1)
        (link,) = project.links()
    assert (link.id, link.type, {link.from_id, link.to_id}, link.annotator) == (
        "l1", "same", {"s1", "s2"}, "ana")


def test_an_empty_project_keeps_the_configs_order_of_link_types(tmp_path):
    with _project(tmp_path / "p.sqlite") as project:
        for name in ("first", "second"):
            project.add_link_type(name, True)
        article = project.articles()[0]
        s1, s2 = project.annotations(article.id)
        project.add_link(s2.id, s1.id, "second")  # (used first: only it)
        wanted = [t.name for t in project.link_types()]
        by_name("labelstudio", writing=True).write(project, tmp_path / "one")
    with Project(tmp_path / "q.sqlite") as empty:
        empty.import_path(tmp_path / "one")
        assert [t.name for t in empty.link_types()] == wanted
        by_name("labelstudio", writing=True).write(empty, tmp_path / "two")
    assert (tmp_path / "two" / "config.xml").read_bytes() == \
        (tmp_path / "one" / "config.xml").read_bytes()
