"""A colleague's copy of a project article in a file (storage/merge/near_copies.py): its spans
go on the project's article, not on a second article beside it."""

from annotator.domain.model import ParsedArticle
from annotator.storage.project import Project

OURS = "Mayor Ana Ruiz said “the bridge is safe”.\nCritics — led by Bo Li — disagreed."
THEIRS = "Mayor  Ana Ruiz said \"the bridge is safe\".\n\n Critics - led by Bo Li - disagreed. "


def test_a_colleagues_brat_copy_puts_its_spans_on_the_projects_article(tmp_path):
    """Their .txt has straight quotes, doubled spaces and hyphens for dashes: its spans land on
    the project's article (said); importing it again changes nothing."""
    folder = tmp_path / "colleague"
    folder.mkdir()
    (folder / "report.txt").write_text(THEIRS, "utf-8")
    spans = [("claim", '"the bridge is safe"'), ("actor", "Bo Li"), ("actor", "Ana Ruiz")]
    (folder / "report.ann").write_text("".join(
        f"T{i}\t{tag} {THEIRS.index(q)} {THEIRS.index(q) + len(q)}\t{q}\n"
        for i, (tag, q) in enumerate(spans, start=1)), "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        article, _ = project.add_article(ParsedArticle(OURS, "Bridge"))
        result = project.import_path(folder)
        assert [a.id for a in project.articles()] == [article.id]
        assert sorted((a.tag, a.text) for a in project.annotations(article.id)) == [
            ("actor", "Ana Ruiz"), ("actor", "Bo Li"), ("claim", "“the bridge is safe”")]
        assert any("is the project's 'Bridge' but for spacing, quote marks, dashes or invisible "
                   "marks" in line for line in result.said)
        again = project.import_path(folder)
        assert again.report.added == 0 and not again.report.changed


def test_a_text_with_other_words_is_another_article(tmp_path):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "report.txt").write_text(THEIRS.replace("Ruiz", "Ruis"), "utf-8")
    (folder / "report.ann").write_text("T1\tactor 7 15\tAna Ruis\n", "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        project.add_article(ParsedArticle(OURS, "Bridge"))
        result = project.import_path(folder)
        assert len(project.articles()) == 2 and not result.said


def test_a_span_with_no_place_in_the_projects_article_is_refused_naming_the_file(tmp_path):
    """A span on what the loose comparison leaves out (white space at the copy's end) has no
    place: refused, naming the file (an export's reader names no row) and the span once."""
    import json

    path = tmp_path / "copy.json"
    theirs = OURS + "\n\n"
    path.write_text(json.dumps({"format": "annotator-export", "version": 2, "articles": [
        {"text": theirs, "annotations": [{"tag": "claim", "start": len(theirs) - 2,
                                          "end": len(theirs), "text": "\n\n"}]}]}), "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        project.add_article(ParsedArticle(OURS, "Bridge"))
        result = project.import_path(path)
        (line,) = result.refused
        assert line.startswith(f"{path}, annotation '") and line.endswith(
            ": refused: '\\n\\n' has no place in the project's 'Bridge'")
        assert line.count("annotation '") == 1


def test_an_export_of_a_text_beginning_with_u_feff_imported_back_changes_nothing(tmp_path):
    """A .txt that began with two BOMs keeps one U+FEFF (the contract takes one off); every other
    tool's reader takes that one for a BOM too. Imported back, such an export was refused ('has
    the id of an article in this project whose text is different'); it is the same article."""
    from annotator.formats.registry import by_name

    text = "\ufeffMayor Ana Ruiz said the bridge is safe."
    with Project(tmp_path / "p.sqlite") as project:
        article, _ = project.add_article(ParsedArticle(text, "Bridge"))
        project.add_annotation(article.id, 0, 6, "actor")  # (the mark and 'Mayor')
        project.add_annotation(article.id, 7, 15, "actor")
        before = [(a.id, a.start, a.end) for a in project.annotations(article.id)]
        for name in ("brat", "doccano", "spacy", "labelstudio", "refi"):
            out = tmp_path / f"out-{name}"
            by_name(name, writing=True).write_to(project, out)
            result = project.import_path(out)
            assert not result.refused and not result.report.changed, name
            assert [(a.id, a.start, a.end) for a in project.annotations(article.id)] == before
