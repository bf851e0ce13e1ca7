"""brat exports at the edges (issue 11): a link to a span brat cannot hold, actors whose names
are alike but for letter case or accents' form, titles long in UTF-8 bytes or of spaces alone;
each written, or counted as lost, and read back."""

import os
import unicodedata

from brat_pair import brat_pair

from annotator.domain.model import ParsedArticle
from annotator.formats.registry import by_name
from annotator.storage.project import Project

BRAT = by_name("brat", writing=True)


def test_a_link_to_a_span_of_line_breaks_alone_is_left_out_and_counted(tmp_path):
    with Project(tmp_path / "p.sqlite") as project:
        a, _ = project.add_article(ParsedArticle("Hello\n\nworld", "Lines"))
        breaks = project.add_annotation(a.id, 5, 7, "claim")  # (line breaks alone)
        world = project.add_annotation(a.id, 7, 12, "claim")
        hello = project.add_annotation(a.id, 0, 5, "claim")
        project.add_link(world.id, breaks.id, "elaborates")
        project.add_link(breaks.id, hello.id, "elaborates")
        project.add_link(world.id, hello.id, "elaborates")  # (written)
        lines = BRAT.write(project, tmp_path / "out").lines()
    assert "brat cannot hold 2 links: left out (a span of line breaks alone is not written)" \
        in lines and "brat cannot hold 1 span of line breaks only: left out" in lines
    ann = (tmp_path / "out" / "001-Lines.ann").read_text("utf-8")
    assert "R1\telaborates Arg1:T2 Arg2:T1\n" in ann and "R2" not in ann
    with Project(tmp_path / "q.sqlite") as other:
        result = other.import_path(tmp_path / "out")
        assert not result.refused and len(other.links()) == 1


def _two_alike(tmp_path, first: str, second: str) -> tuple[str, str]:
    """A project with two actors named ``first`` and ``second``, each naming a span; exported
    to tmp_path/out. Their ids."""
    first_, second_ = (unicodedata.normalize("NFC", n) for n in (first, second))
    text = f"{first_} and {second_} met."
    with Project(tmp_path / "p.sqlite") as project:
        a, _ = project.add_article(ParsedArticle(text, "Two"))
        one = project.add_actor(first, kind="organization", actor_id="act-a")
        two = project.add_actor(second, kind="group", actor_id="act-b")
        project.add_annotation(a.id, 0, len(first_), "actor", actor=one.id)
        at = len(first_) + 5
        project.add_annotation(a.id, at, at + len(second_), "actor", actor=two.id)
        BRAT.write(project, tmp_path / "out")
    return one.id, two.id


def _actors_of_spans(project: Project) -> dict[str, tuple[str, str]]:
    article = project.articles()[0]
    return {a.text: (a.actor, project.actor(a.actor).name)
            for a in project.annotations(article.id)}


def test_actors_alike_but_for_case_or_accents_form_stay_two(tmp_path):
    for first, second in [("Acme", "ACME"), ("Cafe\u0301", "Café"), ("Ilse", "Ilse")]:
        folder = tmp_path / first.encode().hex()
        folder.mkdir()
        ids = _two_alike(folder, first, second)
        with Project(folder / "p.sqlite") as project:  # (back into itself: nothing changes)
            spans = _actors_of_spans(project)
            result = project.import_path(folder / "out")
            assert not result.refused and not result.report.changed
            assert _actors_of_spans(project) == spans
        with Project(folder / "q.sqlite") as fresh:
            result = fresh.import_path(folder / "out")
            assert not result.refused and not result.said
            assert sorted(a.id for a in fresh.actors()) == sorted(ids)
            assert _actors_of_spans(fresh) == spans


def test_an_actor_renamed_in_brat_is_found_by_its_name(tmp_path):
    _two_alike(tmp_path, "Acme", "ACME")
    ann = tmp_path / "out" / "001-Two.ann"
    ann.write_text(ann.read_text("utf-8").replace("Actor T2\tACME", "Actor T2\tAcme"), "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        result = project.import_path(tmp_path / "out")
        assert not result.refused and result.report.updated == 1
        assert [actor for actor, _ in _actors_of_spans(project).values()] == ["act-a", "act-a"]


def test_actors_alike_in_another_tools_folder_are_not_refused(tmp_path):
    folder = brat_pair(tmp_path / "f", "Acme and ACME met.\n",
                       "T1\tOrg 0 4\tAcme\nT2\tOrg 9 13\tACME\n"
                       "#1\tActor T1\tAcme\n#2\tActor T2\tACME\n")
    bundle = BRAT.read(folder, now="2026-01-01T00:00:00.000Z")
    assert not bundle.refused
    assert sorted(a.name for a in bundle.actors) == ["ACME", "Acme"]
    spans = bundle.articles[0].annotations
    assert spans[0].actor != spans[1].actor
    again = BRAT.read(folder, now="2026-01-01T00:00:00.000Z")  # (the same ids each time)
    assert [a.actor for a in again.articles[0].annotations] == [a.actor for a in spans]


def test_titles_long_in_bytes_are_cut_by_bytes_never_inside_a_character(tmp_path):
    titles = ["𝔘" * 250 + "tail", "ab" + "𝔘" * 100, "Ж" * 300]
    with Project(tmp_path / "p.sqlite") as project:
        for i, title in enumerate(titles):
            project.add_article(ParsedArticle(f"text {i}", title))
        BRAT.write(project, tmp_path / "out")  # (was: 'File name too long')
    names = sorted(os.listdir(tmp_path / "out"))
    assert all(len(name.encode("utf-8")) <= 128 for name in names)
    assert names[:2] == ["001-" + "𝔘" * 30 + ".ann", "001-" + "𝔘" * 30 + ".txt"]
    assert names[2] == "002-ab" + "𝔘" * 29 + ".ann"  # (not half of the 30th)
    assert names[4] == "003-" + "Ж" * 60 + ".ann"
    with Project(tmp_path / "q.sqlite") as fresh:
        fresh.import_path(tmp_path / "out")
        assert sorted(a.title for a in fresh.articles()) == sorted(titles)


def test_a_title_of_spaces_alone_comes_back(tmp_path):
    with Project(tmp_path / "p.sqlite") as project:
        project.add_article(ParsedArticle("some text", "   "))
        BRAT.write(project, tmp_path / "out")
    assert sorted(os.listdir(tmp_path / "out"))[0] == "001.ann"
    with Project(tmp_path / "q.sqlite") as fresh:
        fresh.import_path(tmp_path / "out")
        assert [a.title for a in fresh.articles()] == ["   "]
