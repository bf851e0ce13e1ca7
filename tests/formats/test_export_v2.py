"""The reader of export format version 2 (DESIGN.md section 9), without a project: what it makes
of link types, actors, links and an annotation's actor and attributes, and that version 1 is
still read as version 1."""

import json

import pytest

from annotator.errors import InputRefused
from annotator.formats.export import export_read
from annotator.formats.export.export_read import read_export

NOW = "2026-01-02T00:00:00.000Z"
TEXT = "Mayor Ona Lind said the tunnel would open. Lind repeated it."


def doc(version=2, **changes):
    d = {"format": "annotator-export", "version": version, "offsets": "codepoints",
         "link_types": [{"name": "speaker", "directed": True, "description": ""},
                        {"name": "same", "directed": False}],
         "actors": [{"id": "p1", "name": "Ona  Lind", "aliases": ["lind", "Lind", "Mayor"],
                     "kind": "person"}],
         "articles": [{"id": "a1", "title": "T", "text": TEXT, "annotations": [
             {"id": "n1", "tag": "actor", "start": 0, "end": 14, "text": "Mayor Ona Lind",
              "actor": "p1"},
             {"id": "n2", "tag": "quote", "start": 20, "end": 41, "text": "the tunnel would open",
              "attributes": {"quote_form": "indirect", "anonymous": False, "x": 1.5, "y": None}},
             {"id": "n0", "tag": "claim", "start": 43, "end": 47, "text": "Lind"}]}],
         "links": [{"id": "k1", "type": "speaker", "from": "n2", "to": "n1"},
                   {"id": "k2", "type": "same", "from": "n2", "to": "n0", "note": "again"}]}
    d.update(changes)
    return d


def read(d):
    return read_export(json.dumps(d).encode(), "e.json", NOW)


def test_version_2_is_read_whole():
    data = read(doc())
    assert data.version == 2
    assert [(t.name, t.directed, t.description) for t in data.link_types] == [
        ("speaker", True, ""), ("same", False, "")]
    (actor,) = data.actors
    assert (actor.id, actor.name, actor.aliases, actor.kind) == ("p1", "Ona Lind", ("Mayor", "lind"),
                                                                 "person")
    n1, n2, n0 = data.articles[0].annotations
    assert (n1.actor, n1.attributes, n0.actor, n0.attributes) == ("p1", None, None, None)
    assert n2.attributes == {"anonymous": False, "quote_form": "indirect", "x": 1.5, "y": None}
    assert list(n2.attributes) == sorted(n2.attributes)
    k1, k2 = data.links
    # (no times, no coder: not said, None; the merge makes a new link's "unknown")
    assert (k1.type, k1.from_id, k1.to_id, k1.annotator, k1.note) == ("speaker", "n2", "n1",
                                                                     None, None)
    assert (k2.from_id, k2.to_id, k2.note) == ("n0", "n2", "again")  # undirected: smaller first
    assert (k2.created_at, k2.timestamps_given) == (NOW, False)


def test_a_link_without_an_id_gets_one_from_its_ends_and_a_repeated_link_is_kept_once():
    links = [{"type": "same", "from": "n2", "to": "n0"}, {"type": "same", "from": "n2", "to": "n0"}]
    first = read(doc(links=links)).links
    assert len(first) == 1 and first[0].id == read(doc(links=links[:1])).links[0].id


def test_version_1_ignores_what_version_2_added():
    d = doc(version=1)
    d["articles"][0]["annotations"][0]["actor"] = "nobody"  # would be refused in version 2
    data = read(d)
    assert (data.version, data.link_types, data.actors, data.links) == (1, [], [], [])
    assert all(n.actor is None and n.attributes is None for n in data.articles[0].annotations)


def test_version_3_is_refused_naming_the_versions_understood():
    with pytest.raises(InputRefused) as info:
        read(doc(version=3))
    assert str(info.value) == ("e.json: refused: it is format version 3, newer than this program "
                               "understands (up to 2); update annotator to import it")


@pytest.mark.parametrize("change, message", [
    (lambda d: d["links"][1].update(to="n9"), "link 'k2': its 'to' end 'n9' is not an annotation"),
    (lambda d: d["links"][0].update(to="n2"), "link 'k1': it joins annotation 'n2' to itself"),
    (lambda d: d["links"][0].update(type="cites"), "link 'k1': its type 'cites' is not in 'link_types'"),
    (lambda d: d.pop("link_types"), "link 'k1': its type 'speaker' is not in 'link_types'"),
    (lambda d: d["links"][0].pop("from"), "link 'k1': 'from' is missing"),
    (lambda d: d["links"].append(7), "link #3 is not an object"),
    (lambda d: d.update(links={"k1": 1}), "the file: 'links' should be a list, not an object"),
    (lambda d: d["link_types"].append({"name": "same", "directed": True}), "link type 'same' is listed twice"),
    (lambda d: d["link_types"][1].pop("directed"), "link type 'same': 'directed' should be true or false, not null"),
    (lambda d: d["link_types"][1].update(name="sa\x01me"), "link type #2: 'name' must be 1 to 200"),
    (lambda d: d["actors"][0].update(kind="Person"), "actor 'p1': an actor's kind is one of person"),
    (lambda d: d["actors"][0].update(aliases="Lind"), "actor 'p1': 'aliases' should be a list, not a string"),
    (lambda d: d["actors"][0].update(aliases=[3]), "actor 'p1': an alias should be a string, not a number"),
    (lambda d: d["actors"].append(dict(d["actors"][0], kind="group")), "actor 'p1' appears twice with different content"),
    (lambda d: d["articles"][0]["annotations"][0].update(actor="p2"),
     "article 'T' (id 'a1'), annotation 'n1': its 'actor' 'p2' is not one of the file's actors"),
    (lambda d: d["articles"][0]["annotations"][1].update(attributes={"quote_form": None, "anonymous": 1}),
     "article 'a1', annotation 'n2': 'anonymous' should be true or false"),
    (lambda d: d["articles"][0]["annotations"][1].update(attributes={"": 1}),
     "article 'a1', annotation 'n2': an attribute name must be 1 to 100 characters"),
    (lambda d: d["articles"][0]["annotations"][1].update(attributes="direct"),
     "article 'a1', annotation 'n2': 'attributes' should be an object, not a string"),
])
def test_what_does_not_resolve_or_has_the_wrong_type_is_refused(change, message):
    d = doc()
    change(d)
    with pytest.raises(InputRefused) as info:
        read(d)
    assert str(info.value).startswith("e.json: refused: ")
    assert message in str(info.value)


def test_a_speaker_link_across_articles_is_refused_but_another_type_may_cross():
    d = doc()
    other = {"id": "a2", "title": "U", "text": "Lind spoke.", "annotations": [
        {"id": "m1", "tag": "actor", "start": 0, "end": 4, "text": "Lind", "actor": "p1"}]}
    d["articles"].append(other)
    d["links"].append({"id": "k3", "type": "same", "from": "m1", "to": "n0"})
    assert len(read(d).links) == 3
    d["links"].append({"id": "k4", "type": "speaker", "from": "n2", "to": "m1"})
    with pytest.raises(InputRefused, match="link 'k4': a 'speaker' link joins a quote to an actor "
                                           "of the same article"):
        read(d)


@pytest.mark.parametrize("actor, attributes", [
    ("p1", None), (None, {"quote_form": "direct"}), ("p1", {}), ("p\t1", None), (3, None),
    (None, {"quote_form": "shouted"}), (None, {"k": "\ud800"}), (None, {"k": {"deep": 1}}),
    (None, {"anonymous": True, "note": "x" * 10_001}), (None, []), ("x" * 200, None),
])
def test_the_quick_path_agrees_with_the_careful_one_on_actor_and_attributes(actor, attributes):
    d = doc(links=[])
    n = d["articles"][0]["annotations"][1]
    n.update(annotator="me", note="", created_at=NOW, updated_at=NOW, actor=actor)
    if attributes is not None:
        n["attributes"] = attributes
    raw = json.dumps(d).encode()

    def outcome():
        try:
            return read_export(raw, "e.json", NOW).articles[0].annotations
        except InputRefused as exc:
            return str(exc)

    quick = outcome()
    original = export_read._well_formed
    export_read._well_formed = lambda *a: None
    try:
        careful = outcome()
    finally:
        export_read._well_formed = original
    assert quick == careful


def test_long_lists_are_read_one_element_at_a_time_with_the_same_result(monkeypatch):
    whole = read(doc())
    monkeypatch.setattr(export_read, "_CHUNK", 10)  # every list "long"
    assert read(doc()) == whole
    big = doc()  # an annotation over 64 kB, read key by key: its attributes are kept whole
    attributes = {f"k{i}": "x" * 9_000 for i in range(10)}
    big["articles"][0]["annotations"][1]["attributes"] = attributes
    assert read(big).articles[0].annotations[1].attributes == attributes


@pytest.mark.parametrize("change", [
    {}, {"type": "same"}, {"type": "cites"}, {"to": "n2"}, {"from": 3}, {"id": "k 1"},
    {"id": "x" * 129}, {"note": "a\x00b"}, {"note": "\ud800"}, {"created_at": "yesterday"},
    {"updated_at": None}, {"annotator": ""}, {"to": "n" * 129}, {"from": ""},
])
def test_the_quick_path_for_links_agrees_with_the_careful_one(monkeypatch, change):
    from annotator.formats.export import export_read_v2

    link = {"id": "k1", "type": "speaker", "from": "n2", "to": "n1", "note": "", "annotator": "me",
            "created_at": NOW, "updated_at": NOW, **change}
    raw = json.dumps(doc(links=[link])).encode()

    def outcome():
        try:
            return read_export(raw, "e.json", NOW).links
        except InputRefused as exc:
            return str(exc)

    quick = outcome()
    monkeypatch.setattr(export_read_v2, "_plain_link", lambda *a: None)
    assert outcome() == quick
