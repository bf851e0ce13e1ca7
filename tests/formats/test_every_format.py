"""Every format that writes, the same checks (issue 11): an article without spans is exported
and comes back; an export imported back into its own project changes nothing there, even what
the format cannot hold (a link's note, its coder); two coders' identical spans stay two."""

from pathlib import Path

import pytest

from annotator.domain.model import ParsedArticle
from annotator.formats.registry import by_name, export_names
from annotator.storage.project import Project

TEXT_A = "Mayor Ana Ruiz said the bridge is safe.\nCritics disagreed with her."
TEXT_B = "A second report, with nothing tagged in it."
FORMATS = [name for name in export_names() if name != "json"]


def span(project, article_id, piece, tag, **kw):
    start = TEXT_A.index(piece)
    return project.add_annotation(article_id, start, start + len(piece), tag, **kw)


def fill(project: Project) -> None:
    a, _ = project.add_article(ParsedArticle(TEXT_A, "Bridge"))
    project.add_article(ParsedArticle(TEXT_B, "Nothing tagged"))
    ruiz = project.add_actor("Ana Ruiz")
    who = span(project, a.id, "Ana Ruiz", "actor", actor=ruiz.id)
    quote = span(project, a.id, "the bridge is safe", "quote", note="on the radio",
                 attributes={"quote_form": "indirect"})
    critics = span(project, a.id, "Critics disagreed", "claim")
    project.add_link_type("echoes", False, "one repeats the other")  # (undirected, used)
    project.add_link_type("answers", True, "")  # (unused)
    project.add_link(critics.id, quote.id, "echoes", link_id="l-echo")
    project.annotator = "bob"  # a second coder: his link, and the same span as alice's
    span(project, a.id, "Critics disagreed", "claim")
    project.add_link(quote.id, who.id, "speaker", note="checked against the audio")
    project.annotator = "alice"


def write(project: Project, name: str, folder: Path) -> Path:
    chosen = by_name(name, writing=True)
    if chosen.folder != "no":
        target = folder / name
        chosen.write(project, target)
        return target
    target = folder / f"{name}{chosen.extensions[0]}"
    with open(target, "wb") as handle:
        chosen.write(project, handle, **({"path": target} if name == "labelstudio" else {}))
    return target


def state(project: Project):
    spans = {(a.id, a.tag, a.start, a.end, a.note, a.annotator, a.actor, a.created_at,
              a.updated_at, tuple(sorted((a.attributes or {}).items())))
             for art in project.articles() for a in project.annotations(art.id)}
    links = {(k.id, k.type, k.from_id, k.to_id, k.note, k.annotator, k.created_at,
              k.updated_at) for k in project.links()}
    return spans, links, project.actors(), [a.id for a in project.articles()]


@pytest.mark.parametrize("name", FORMATS)
def test_an_article_without_spans_is_written_and_read_back(tmp_path, name):
    with Project(tmp_path / "p.sqlite", annotator="alice") as first:
        fill(first)
        target = write(first, name, tmp_path)
        wanted = sorted((a.tag, a.start, a.end, a.text) for art in first.articles()
                        for a in first.annotations(art.id))
    with Project(tmp_path / "q.sqlite", annotator="bob") as second:
        second.add_article(ParsedArticle(TEXT_A, "Bridge"))
        second.add_article(ParsedArticle(TEXT_B, "Nothing tagged"))
        result = second.import_path(target, format=name)
        assert not result.refused
        got = sorted((a.tag, a.start, a.end, a.text) for art in second.articles()
                     for a in second.annotations(art.id))
        assert got == wanted
        assert len(second.articles()) == 2


@pytest.mark.parametrize("name", FORMATS)
def test_an_export_imported_back_into_its_project_changes_nothing(tmp_path, name):
    with Project(tmp_path / "p.sqlite", annotator="alice") as project:
        fill(project)
        before = state(project)
        result = project.import_path(write(project, name, tmp_path), format=name)
        assert not result.refused
        report = result.report  # (what the format cannot hold is no difference)
        assert (report.updated, report.kept_local, report.links_updated,
                report.links_kept) == (0, 0, 0, 0), report.summary()
        assert state(project) == before


def _links_csv_without_note_and_coder(folder: Path) -> Path:
    import csv

    table = folder / "csv" / "links.csv"
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    with table.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["link_id", "type", "from_id", "to_id"])
        out.writerows([r["link_id"], r["type"], r["from_id"], r["to_id"]] for r in rows)
    return folder / "csv"


def _w3c_links_without_times_comment_and_creator(folder: Path) -> Path:
    import json

    doc = json.loads((folder / "w3c.jsonld").read_text("utf-8"))
    for item in doc["first"]["items"]:
        if item.get("motivation") == "linking":
            for key in ("created", "modified", "creator"):
                item.pop(key, None)
            item["body"] = [b for b in item["body"] if b.get("purpose") != "commenting"]
    (folder / "w3c.jsonld").write_text(json.dumps(doc), "utf-8")
    return folder / "w3c.jsonld"


@pytest.mark.parametrize("name, pared", [("csv", _links_csv_without_note_and_coder),
                                         ("w3c", _w3c_links_without_times_comment_and_creator)])
def test_a_link_that_says_nothing_of_its_note_and_coder_keeps_the_projects(tmp_path, name,
                                                                         pared):
    with Project(tmp_path / "p.sqlite", annotator="alice") as project:
        fill(project)
        before = [(k.note, k.annotator) for k in project.links() if k.type == "speaker"]
        write(project, name, tmp_path)
        result = project.import_path(pared(tmp_path), format=name)
        assert result.report.links_updated == 0
        assert [(k.note, k.annotator) for k in project.links() if k.type == "speaker"] == \
            before == [("checked against the audio", "bob")]
