"""brat files that are not as brat writes them (issue 11): an id twice, a BOM, fragments out of
order or overlapping, an attribute twice, notes of ids no line has, a relation to itself, several
coders' lines on the same words; each refused naming the line, or said, never lost quietly."""

from brat_pair import brat_pair

from annotator.formats.registry import by_name
from annotator.storage.project import Project

BRAT = by_name("brat", writing=True)


def test_odd_ann_lines_are_refused_or_said_never_lost_quietly(tmp_path):
    text = "Bob and Bob met the cat.\n"
    ann = "\ufeff" + "\n".join([  # (a BOM before the first line)
        "T1\tPerson 0 3\tBob",
        "T1\tAnimal 20 23\tcat",  # its id again: refused, the first kept
        "T2\tPerson 8 11;0 3\tBob Bob",  # fragments in reverse order
        "T3\tAnimal 20 23\tcat",
        "R1\tKnows Arg1:T3 Arg2:T3",  # a span to itself: refused alone
        "A1\tConfidence T3 High",
        "A2\tConfidence T3 Low",  # a second value: refused, the first kept
        "A3\tNegated T9",  # no T9
        "#1\tAnnotatorNotes T9\tlost?",
    ]) + "\n"
    folder = brat_pair(tmp_path / "f", text, ann)
    bundle = BRAT.read(folder, now="2026-01-01T00:00:00.000Z")
    where = folder / "doc.ann"
    assert bundle.refused == [
        f"{where}, line 2: refused: T1 is the id of line 1 too (brat gives each annotation its "
        "own)",
        f"{where}, line 7: refused: T3 has a Confidence already (brat gives an annotation one "
        "of each attribute)",
        f"{where}, line 5: refused: relation R1 joins T3 to itself"]
    assert f"{where}: not kept: the attributes, notes or actors of T9, which no line of the " \
        "file has" in bundle.said
    made = [(a.tag, a.start, a.end, a.text, a.attributes)
            for a in bundle.articles[0].annotations]
    # (T2's first fragment is T1 again: said, kept once)
    assert made == [("Person", 0, 3, "Bob", None), ("Person", 8, 11, "Bob", None),
                    ("Animal", 20, 23, "cat", {"Confidence": "High"})]
    assert f"{folder}: 1 annotation listed twice alike (the same id, or the same place and tag " \
        "without an id): kept once" in bundle.said
    assert bundle.links == []


def test_two_annotations_at_one_place_with_other_notes_are_two_spans(tmp_path):
    """Two coders' T lines on the same words, one with a note: two spans (their ids made from
    the place would be one id with two contents, which refused the whole folder); alike, they
    are one (said)."""
    folder = brat_pair(tmp_path / "f", "Ilse Varga spoke.\n",
                   "T1\tPerson 0 10\tIlse Varga\nT2\tPerson 0 10\tIlse Varga\n"
                   "T3\tPerson 0 10\tIlse Varga\nT4\tPerson 0 10\tIlse Varga\n"
                   "#1\tAnnotatorNotes T2\tsecond coder\n#2\tAnnotatorNotes T4\tthird coder\n")
    with Project(tmp_path / "p.sqlite") as project:
        result = project.import_path(folder)
        assert not result.refused
        spans = project.annotations(project.articles()[0].id)
        assert sorted(a.note for a in spans) == ["", "second coder", "third coder"]
        assert project.import_path(folder).report.unchanged == 3
    three = tmp_path / "three"  # (three coders' files of one text, each a T1 with a note)
    three.mkdir()
    for coder in ("a", "b", "c"):
        (three / f"{coder}.txt").write_text("Ilse Varga spoke.\n", "utf-8")
        (three / f"{coder}.ann").write_text(f"T1\tPerson 0 10\tIlse Varga\n"
                                            f"#1\tAnnotatorNotes T1\tcoder {coder}\n", "utf-8")
    bundle = BRAT.read(three, now="2026-01-01T00:00:00.000Z")
    assert not bundle.refused
    assert sorted(a.note for art in bundle.articles for a in art.annotations) == [
        "coder a", "coder b", "coder c"]


def test_fragments_in_reverse_order_are_put_in_order(tmp_path):
    folder = brat_pair(tmp_path / "f", "Bob and Bob went home.\n",
                   "T1\tPerson 8 11;0 3\tBob Bob\nT2\tPlace 17 21\thome\n")
    bundle = BRAT.read(folder, now="2026-01-01T00:00:00.000Z")
    assert [(a.start, a.end, a.text) for a in bundle.articles[0].annotations] == [
        (0, 3, "Bob"), (8, 11, "Bob"), (17, 21, "home")]
    folder = brat_pair(tmp_path / "g", "Alpha beta gamma delta.\n",
                   "T1\tPerson 0 16;6 10\tAlpha beta gamma beta\n")  # (one inside the other)
    bundle = BRAT.read(folder, now="2026-01-01T00:00:00.000Z")
    assert [a.text for a in bundle.articles[0].annotations] == ["Alpha beta gamma"]
