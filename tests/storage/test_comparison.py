"""The comparison layer in storage: migration 0003 from a real 0002 file, links, actors,
attributes, tags, and the Change every write announces."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.storage.schema import HEAD
from annotator.domain.model import ParsedArticle, Tag
from annotator.errors import InputRefused, NotFound
from annotator.storage.project import Project


@pytest.fixture
def project_path(db_target):
    """The project under test: a SQLite file, then a PostgreSQL database (conftest.db_target)."""
    return db_target


DATA = Path(__file__).with_name("data")
LEFT = "Gu Kailai met Bo Xilai in Chongqing. “It is over,” Bo said. Bo’s aide fled."
RIGHT = "Bo and his wife Gu spoke. The aide sought sanctuary."


@pytest.fixture
def two(project):
    a = project.add_article(ParsedArticle(LEFT, "Left"))[0]
    b = project.add_article(ParsedArticle(RIGHT, "Right"))[0]
    return project, a, b


def span(project, article, text, phrase, tag, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return project.add_annotation(article.id, start, start + len(phrase), tag)


def test_0002_file_upgrades_to_0003_with_every_row_kept_and_default_link_types(tmp_path):
    path = tmp_path / "p.sqlite"
    shutil.copy(DATA / "project-0002.sqlite", path)
    with Project(path) as project:
        assert project.status == "upgraded"
        assert [t.name for t in project.link_types()] == ["speaker", "same", "contradicts",
                                                         "elaborates"]
        assert [t.directed for t in project.link_types()] == [True, False, False, True]
        assert project.actors() == [] and project.links() == []
        spans = {a.id: (a.tag, a.text, a.note, a.annotator, a.actor, a.attributes)
                 for art in project.articles() for a in project.annotations(art.id)}
        assert spans["s4"] == ("quote", "“not yet”", "short answer", "ben", None, {})
        assert len(spans) == 6
        # the new columns and tables work on the upgraded file
        actor = project.add_actor("Raj Patel", ["the engineer"], "person")
        project.set_actor(["s5"], actor.id)
        link = project.add_link("s4", "s1", "speaker")
        assert project.annotation("s5").actor == actor.id and link.from_id == "s4"
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()


def test_undirected_links_are_stored_smaller_id_first_and_not_twice(two):
    project, a, b = two
    x = project.add_annotation(a.id, 0, 9, "actor", annotation_id="zz")
    y = project.add_annotation(b.id, 16, 18, "actor", annotation_id="aa")
    link = project.add_link(x.id, y.id, "same")
    assert (link.from_id, link.to_id) == ("aa", "zz")
    assert (link.from_article, link.to_article) == (b.id, a.id)
    with pytest.raises(InputRefused, match="already linked"):
        project.add_link(y.id, x.id, "same")
    directed = project.add_link(x.id, y.id, "elaborates")
    assert (directed.from_id, directed.to_id) == ("zz", "aa")


@pytest.mark.parametrize("case", ["self", "speaker-across", "unknown-type", "missing-end"])
def test_refused_links_write_nothing(two, case):
    project, a, b = two
    q = span(project, a, LEFT, "“It is over,”", "quote")
    other = span(project, b, RIGHT, "Bo", "actor")
    args = {"self": (q.id, q.id, "same"), "speaker-across": (q.id, other.id, "speaker"),
            "unknown-type": (q.id, other.id, "agrees"), "missing-end": (q.id, "nope", "same")}[case]
    with pytest.raises((InputRefused, NotFound)):
        project.add_link(*args)
    assert project.links() == []


def test_deleting_a_span_deletes_its_links_and_restoring_brings_both_back(two):
    project, a, b = two
    q = span(project, a, LEFT, "“It is over,”", "quote")
    bo = span(project, a, LEFT, "Bo", "actor", nth=1)
    other = span(project, b, RIGHT, "Bo", "actor")
    speaker = project.add_link(q.id, bo.id, "speaker")
    same = project.add_link(bo.id, other.id, "same")
    gone, links = project.delete_annotations_and_links([bo.id])
    assert {k.id for k in links} == {speaker.id, same.id}
    assert project.links() == []
    change = project.last_change
    assert change.removed == ((a.id, bo.id),) and set(change.links_removed) == {speaker.id, same.id}
    project.restore_annotations(gone, links)
    assert sorted(project.links()) == sorted([speaker, same])


def test_deleting_an_article_takes_its_links_and_undo_restores_them(two):
    project, a, b = two
    x, y = span(project, a, LEFT, "Gu Kailai", "actor"), span(project, b, RIGHT, "Gu", "actor")
    link = project.add_link(x.id, y.id, "same")
    removed = project.delete_article(a.id)
    assert project.links() == []
    project.restore_article(*removed)
    assert project.links() == [link]


def test_actors_names_aliases_merge_and_counts(two):
    project, a, b = two
    gu = project.add_actor(" Gu  Kailai ", ["Gu", "gu kailai", "Gu", "Mrs Bo"], "person")
    assert gu.name == "Gu Kailai" and gu.aliases == ("Gu", "Mrs Bo")
    with pytest.raises(InputRefused, match="already an actor"):
        project.add_actor("GU KAILAI")
    with pytest.raises(InputRefused, match="kind"):
        project.add_actor("Someone", kind="robot")
    wife = project.add_actor("his wife")
    x, y = span(project, a, LEFT, "Gu Kailai", "actor"), span(project, b, RIGHT, "Gu", "actor")
    project.set_actor([x.id], gu.id)
    project.set_actor([y.id], wife.id)
    before, after, gone, moved = project.merge_actors(gu.id, wife.id)
    assert after.aliases == ("Gu", "Mrs Bo", "his wife")  # sorted as strings
    assert [m.id for m in moved] == [y.id]
    assert project.annotation(y.id).actor == gu.id
    assert project.actor_counts() == {gu.id: {a.id: (1, 0), b.id: (1, 0)}}
    project.unmerge_actors(before, gone, [m.id for m in moved])
    assert project.annotation(y.id).actor == wife.id and project.actor(gu.id) == gu


def test_quotes_count_for_their_speakers_actor_and_not_article_regions_do_not(two):
    project, a, _b = two
    bo = project.add_actor("Bo Xilai", ["Bo"])
    q = span(project, a, LEFT, "“It is over,”", "quote")
    said = span(project, a, LEFT, "Bo", "actor", nth=1)
    project.set_actor([said.id], bo.id)
    project.add_link(q.id, said.id, "speaker")
    assert project.actor_counts()[bo.id][a.id] == (1, 1)
    project.add_tag(Tag("not-article", "#9e9e9e"))
    start = LEFT.index("“It is")
    project.add_annotation(a.id, start, len(LEFT), "not-article")
    assert project.actor_counts() == {}


def test_attributes_are_checked_stored_sorted_and_cleared(two):
    project, a, _b = two
    q = span(project, a, LEFT, "“It is over,”", "quote")
    changed = project.set_attributes(q.id, {"quote_form": "direct", "anonymous": False, "n": 2})
    assert changed.attributes == {"anonymous": False, "n": 2, "quote_form": "direct"}
    assert project.annotation(q.id).attributes == changed.attributes
    with pytest.raises(InputRefused, match="quote_form"):
        project.set_attributes(q.id, {"quote_form": "shouted"})
    with pytest.raises(InputRefused, match="anonymous"):
        project.set_attributes(q.id, {"anonymous": "yes"})
    with pytest.raises(InputRefused, match="string, number"):
        project.set_attributes(q.id, {"list": [1]})
    assert project.set_attributes(q.id, {}).attributes == {}


def test_tags_are_the_projects_own(two):
    project, a, _b = two
    x = span(project, a, LEFT, "Gu Kailai", "actor")
    project.update_tag("actor", Tag("person", "#112233", "who", "p"))
    assert project.annotation(x.id).tag == "person"
    assert a.id in project.last_change.reloaded
    project.add_tag(Tag("place", "#445566", "", "l"))
    project.reorder_tags(["place", "person", "quote", "claim"])
    assert [t.name for t in project.tags()] == ["place", "person", "quote", "claim"]
    with pytest.raises(InputRefused, match="already tags"):
        project.add_tag(Tag("event", "#000000", "", "p"))
    with pytest.raises(InputRefused, match="used by 1 annotation"):
        project.delete_tag("person")
    assert project.delete_tag("place")[0].name == "place"


def test_every_write_announces_what_changed(two):
    project, a, _b = two
    heard = []
    project.subscribe(heard.append)
    x = span(project, a, LEFT, "Gu Kailai", "actor")
    project.set_note(x.id, "wife")
    actor = project.add_actor("Gu Kailai")
    project.set_actor([x.id], actor.id)
    assert [c.upserted[0].id for c in heard if c.upserted] == [x.id] * 3
    assert heard[2].actors and heard[3].upserted[0].actor == actor.id
    with pytest.raises(InputRefused):
        project.add_link(x.id, x.id, "same")
    assert len(heard) == 4  # a refused write announces nothing


def test_a_whole_number_attribute_beyond_2_53_is_refused(two):
    project, a, _b = two
    q = span(project, a, LEFT, "“It is over,”", "quote")
    assert project.set_attributes(q.id, {"n": 2 ** 53}).attributes == {"n": 2 ** 53}
    with pytest.raises(InputRefused, match="2\\^53"):
        project.set_attributes(q.id, {"n": 10 ** 30})
